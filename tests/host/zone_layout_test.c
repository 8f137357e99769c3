/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * zone_layout: free_area_init(), memmap_walk() and dump=zoneinfo against
 * Linux 6.1 (hosted only: every case rebuilds memblock, the topology and
 * NODE_DATA, which the running kernel could not survive).
 *
 * The three reference machines (../shared/reference/linux-6.1-*) are
 * rebuilt as Linux had memblock.memory when it laid out the zones: the
 * e820 "usable" ranges after Linux's trims (page 0 made reserved,
 * 0xa0000-0xfffff removed), split by the SRAT node ranges. Their expected
 * spanned/present/start_pfn come from zoneinfo.txt and the expected log
 * block from dmesg.txt, verbatim (text after the timestamp).
 *
 * max_zone_pfn is built as Linux's x86 zone_sizes_init() builds it:
 * x86_64 DMA = min(MAX_DMA_PFN, max_low_pfn), DMA32 = min(MAX_DMA32_PFN,
 * max_low_pfn), Normal = max_low_pfn, with max_low_pfn == max_pfn on
 * x86_64 (init_mem_mapping() raises it). i386 PAE: DMA = min(MAX_DMA_PFN,
 * max_low_pfn), Normal = max_low_pfn (0x377fe with the default vmalloc
 * reserve, or less RAM), HighMem = max_pfn.
 *
 * Cases marked m64 need the x86_64 zone list (DMA, DMA32, Normal, Movable,
 * Device); m32 ones the i386 list (DMA, Normal, HighMem, Movable); the rest
 * run on both.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/report.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mm/memblock.h>
#include <mm/mmzone.h>
#include <mm/vmstat.h>
#include <mm/mm_init.h>
#include <mm/numa.h>
#include "stubs_mm.h"

#define TEST_NODES	4

/* ---- machines ------------------------------------------------------------ */

struct mrange {
	u64 start, end;		/* [start, end), bytes */
	int nid;
};

struct machine {
	unsigned int nr_nodes;
	const struct mrange *mem;
	unsigned int nr_mem;
	unsigned int nr_cpus;
	int cpu_node[TEST_NODES];
	unsigned long max_low_pfn;	/* Linux's max_low_pfn (x86_64: == max_pfn) */
	unsigned long max_pfn;
	u64 offline;			/* free_area_init_offline_nodes (nodes 0-63) */
	u64 no_pgdat;			/* nodes left without NODE_DATA */
};

#define MACHINE(memv, nodes, ...)					\
	{ .nr_nodes = (nodes), .mem = (memv), .nr_mem = ARRAY_SIZE(memv), __VA_ARGS__ }

/* Expected layout of one zone and one node. */
struct zexp {
	unsigned long start_pfn, spanned, present;
};
struct nexp {
	unsigned long start_pfn, spanned, present;
	int nr_zones;
	struct zexp z[MAX_NR_ZONES];
};

static struct pglist_data test_pgdat[TEST_NODES];
static struct numa_topology topo;

static int zone_layout_init(void)
{
	hosted_machine_save();
	return 0;
}

static void zone_layout_exit(void)
{
	memblock_reset();
	hosted_machine_restore();
}

/* Linux's x86 zone_sizes_init() limits for this build's zone list. */
static void x86_max_zone_pfns(const struct machine *m, unsigned long max_zone_pfn[MAX_NR_ZONES])
{
	memset(max_zone_pfn, 0, sizeof(unsigned long) * MAX_NR_ZONES);
	max_zone_pfn[ZONE_DMA] = min(MAX_DMA_PFN, m->max_low_pfn);
#ifdef CONFIG_ZONE_DMA32
	max_zone_pfn[ZONE_DMA32] = min(MAX_DMA32_PFN, m->max_low_pfn);
#endif
	max_zone_pfn[ZONE_NORMAL] = m->max_low_pfn;
#ifdef CONFIG_HIGHMEM
	max_zone_pfn[ZONE_HIGHMEM] = m->max_pfn;
#endif
}

/* memblock, topology and NODE_DATA as the boot path leaves them before free_area_init(). */
static bool machine_setup(struct ktest *t, const struct machine *m)
{
	unsigned int i, j;

	memblock_reset();
	memset(&topo, 0, sizeof(topo));
	topo.nr_nodes = m->nr_nodes;
	for (i = 0; i < m->nr_mem; i++) {
		if (!KTEST_EXPECT_EQ(t, memblock_add_node(m->mem[i].start,
							  m->mem[i].end - m->mem[i].start,
							  m->mem[i].nid, MEMBLOCK_NONE), 0))
			return false;
		topo.ranges[topo.nr_ranges].start = m->mem[i].start;
		topo.ranges[topo.nr_ranges].end = m->mem[i].end;
		topo.ranges[topo.nr_ranges].nid = m->mem[i].nid;
		topo.nr_ranges++;
	}
	for (i = 0; i < m->nr_nodes; i++)
		for (j = 0; j < m->nr_nodes; j++)
			topo.distance[i][j] = i == j ? LOCAL_DISTANCE : REMOTE_DISTANCE;
	topo.nr_cpus = m->nr_cpus ? m->nr_cpus : m->nr_nodes;
	for (i = 0; i < topo.nr_cpus; i++) {
		topo.cpu_apicid[i] = i;
		topo.cpu_to_node[i] = m->nr_cpus ? m->cpu_node[i] : (int)i;
	}
	if (!KTEST_EXPECT_EQ(t, numa_register_topology(&topo), 0))
		return false;

	memset(node_data, 0, sizeof(node_data));
	for (i = 0; i < m->nr_nodes; i++) {
		/* Garbage, so that a field free_area_init() forgets shows up. */
		memset(&test_pgdat[i], 0xa5, sizeof(test_pgdat[i]));
		if (!(m->no_pgdat & (1ULL << i)))
			NODE_DATA(i) = &test_pgdat[i];
	}
	nodes_clear(free_area_init_offline_nodes);
	free_area_init_offline_nodes.bits[0] = m->offline;
	return true;
}

/* ---- the log ------------------------------------------------------------- */

static char raw_log[32768], log_text[32768];

/* Everything logged since @mark, with line-leading timestamps removed. */
static const char *log_since(u64 mark)
{
	size_t n = ktest_log_since(mark, raw_log, sizeof(raw_log)), o = 0;
	bool bol = true;

	for (size_t i = 0; i < n; ) {
		if (bol)
			i += ktest_log_timestamp_len(raw_log + i);
		if (i >= n)
			break;
		log_text[o++] = raw_log[i];
		bol = raw_log[i] == '\n';
		i++;
	}
	log_text[o] = '\0';
	return log_text;
}

/*
 * The log since @mark is exactly @expected, and each of its lines was
 * logged as a whole line ("] text\n": the text right after a timestamp).
 */
static void expect_log_block(struct ktest *t, u64 mark, const char *expected)
{
	const char *line = expected;

	KTEST_EXPECT_STREQ(t, log_since(mark), expected);
	while (*line) {
		const char *nl = strchr(line, '\n');
		char needle[160];
		size_t len = nl ? (size_t)(nl - line) + 1 : strlen(line);

		snprintf(needle, sizeof(needle), "] %.*s", (int)len, line);
		KTEST_EXPECT_LOG(t, mark, needle);
		line += len;
	}
}

static u64 run_free_area_init(const struct machine *m)
{
	unsigned long max_zone_pfn[MAX_NR_ZONES];
	u64 mark;

	x86_max_zone_pfns(m, max_zone_pfn);
	console_suppress++;
	mark = printk_log_mark();
	free_area_init(max_zone_pfn);
	console_suppress--;
	return mark;
}

/* ---- layout checks ------------------------------------------------------- */

static void expect_node(struct ktest *t, int nid, const struct nexp *e)
{
	const pg_data_t *pgdat = NODE_DATA(nid);
	int z;

	KTEST_ASSERT_NOT_NULL(t, pgdat);
	KTEST_EXPECT_EQ(t, pgdat->node_id, nid);
	KTEST_EXPECT_MSG(t, pgdat->node_start_pfn == e->start_pfn &&
			 pgdat->node_spanned_pages == e->spanned &&
			 pgdat->node_present_pages == e->present && pgdat->nr_zones == e->nr_zones,
			 "node %d: start %lu spanned %lu present %lu nr_zones %d, expected %lu %lu %lu %d",
			 nid, pgdat->node_start_pfn, pgdat->node_spanned_pages,
			 pgdat->node_present_pages, pgdat->nr_zones, e->start_pfn, e->spanned,
			 e->present, e->nr_zones);
	for (z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &pgdat->node_zones[z];
		const struct zexp *ze = &e->z[z];
		unsigned int o, mt;
		bool lists_empty = true;

		KTEST_EXPECT_MSG(t, zone->zone_start_pfn == ze->start_pfn &&
				 zone->spanned_pages == ze->spanned &&
				 zone->present_pages == ze->present,
				 "node %d zone %s: start_pfn %lu spanned %lu present %lu, expected %lu %lu %lu",
				 nid, zone_names[z], zone->zone_start_pfn, zone->spanned_pages,
				 zone->present_pages, ze->start_pfn, ze->spanned, ze->present);
		KTEST_EXPECT_MSG(t, zone->name == zone_names[z] && zone->node == nid &&
				 zone->zone_pgdat == pgdat && zone->managed_pages == 0 &&
				 zone_page_state_raw(zone, NR_FREE_PAGES) == 0 && zone->_watermark[WMARK_HIGH] == 0 &&
				 zone->lowmem_reserve[0] == 0 && !spin_is_locked((spinlock_t *)&zone->lock),
				 "node %d zone %d: identity, counters or lock not initialised", nid, z);
		for (o = 0; o < NR_PAGE_ORDERS; o++) {
			if (zone->free_area[o].nr_free)
				lists_empty = false;
			for (mt = 0; mt < MIGRATE_TYPES; mt++)
				if (!list_empty(&zone->free_area[o].free_list[mt]))
					lists_empty = false;
		}
		KTEST_EXPECT_MSG(t, lists_empty, "node %d zone %d: free lists not empty", nid, z);
	}
}

#define Z(s, sp, pr)	{ (s), (sp), (pr) }
#define Z0		{ 0, 0, 0 }

/* ---- the reference machines (m64) ---------------------------------------- */

#ifdef CONFIG_ZONE_DMA32

/* Expected zone arrays in x86_64 order: DMA, DMA32, Normal, Movable, Device. */
#define ZONES(dma, dma32, normal) { dma, dma32, normal, Z0, Z0 }
_Static_assert(MAX_NR_ZONES == 5 && ZONE_DEVICE == 4, "x86_64 zone list");

/* linux-6.1-nonuma-1G: -m 1G, no NUMA ("Faking a node at [mem 0-0x3ffdffff]"). */
static const struct mrange nonuma_1g_mem[] = {
	{ 0x1000, 0x9f000, 0 },
	{ 0x100000, 0x3ffe0000, 0 },
};
static const struct machine nonuma_1g = MACHINE(nonuma_1g_mem, 1, .nr_cpus = 2,
	.cpu_node = { 0, 0 }, .max_low_pfn = 0x3ffe0, .max_pfn = 0x3ffe0);

static void test_ref_nonuma_1g(struct ktest *t)
{
	static const struct nexp n0 = { 1, 262111, 262014, 2,
		ZONES(Z(1, 4095, 3998), Z(4096, 258016, 258016), Z0) };
	u64 mark;

	KTEST_ASSERT(t, machine_setup(t, &nonuma_1g));
	mark = run_free_area_init(&nonuma_1g);
	expect_node(t, 0, &n0);
	expect_log_block(t, mark,
		"Zone ranges:\n"
		"  DMA      [mem 0x0000000000001000-0x0000000000ffffff]\n"
		"  DMA32    [mem 0x0000000001000000-0x000000003ffdffff]\n"
		"  Normal   empty\n"
		"  Device   empty\n"
		"Movable zone start for each node\n"
		"Early memory node ranges\n"
		"  node   0: [mem 0x0000000000001000-0x000000000009efff]\n"
		"  node   0: [mem 0x0000000000100000-0x000000003ffdffff]\n"
		"Initmem setup node 0 [mem 0x0000000000001000-0x000000003ffdffff]\n"
		"On node 0, zone DMA: 1 pages in unavailable ranges\n"
		"On node 0, zone DMA: 97 pages in unavailable ranges\n"
		"On node 0, zone DMA32: 32 pages in unavailable ranges\n");
	KTEST_EXPECT_EQ(t, zone_misaligned_count, 0);
}

/* linux-6.1-2node-2G: two 1 GiB nodes. */
static const struct mrange twonode_2g_mem[] = {
	{ 0x1000, 0x9f000, 0 },
	{ 0x100000, 0x40000000, 0 },
	{ 0x40000000, 0x7ffe0000, 1 },
};
static const struct machine twonode_2g = MACHINE(twonode_2g_mem, 2,
	.max_low_pfn = 0x7ffe0, .max_pfn = 0x7ffe0);

static void test_ref_2node_2g(struct ktest *t)
{
	static const struct nexp n0 = { 1, 262143, 262046, 2,
		ZONES(Z(1, 4095, 3998), Z(4096, 258048, 258048), Z0) };
	static const struct nexp n1 = { 262144, 262112, 262112, 2,
		ZONES(Z0, Z(262144, 262112, 262112), Z0) };
	u64 mark;

	KTEST_ASSERT(t, machine_setup(t, &twonode_2g));
	mark = run_free_area_init(&twonode_2g);
	expect_node(t, 0, &n0);
	expect_node(t, 1, &n1);
	expect_log_block(t, mark,
		"Zone ranges:\n"
		"  DMA      [mem 0x0000000000001000-0x0000000000ffffff]\n"
		"  DMA32    [mem 0x0000000001000000-0x000000007ffdffff]\n"
		"  Normal   empty\n"
		"  Device   empty\n"
		"Movable zone start for each node\n"
		"Early memory node ranges\n"
		"  node   0: [mem 0x0000000000001000-0x000000000009efff]\n"
		"  node   0: [mem 0x0000000000100000-0x000000003fffffff]\n"
		"  node   1: [mem 0x0000000040000000-0x000000007ffdffff]\n"
		"Initmem setup node 0 [mem 0x0000000000001000-0x000000003fffffff]\n"
		"Initmem setup node 1 [mem 0x0000000040000000-0x000000007ffdffff]\n"
		"On node 0, zone DMA: 1 pages in unavailable ranges\n"
		"On node 0, zone DMA: 97 pages in unavailable ranges\n"
		"On node 1, zone DMA32: 32 pages in unavailable ranges\n");
	KTEST_EXPECT_EQ(t, zone_misaligned_count, 0);
}

/* linux-6.1-4node-4G-slit: four 1 GiB nodes, node 3 above 4 GiB. */
static const struct mrange fournode_4g_mem[] = {
	{ 0x1000, 0x9f000, 0 },
	{ 0x100000, 0x40000000, 0 },
	{ 0x40000000, 0x80000000, 1 },
	{ 0x80000000, 0xbffe0000, 2 },
	{ 0x100000000ULL, 0x140000000ULL, 3 },
};
static const struct machine fournode_4g = MACHINE(fournode_4g_mem, 4,
	.max_low_pfn = 0x140000, .max_pfn = 0x140000);

static const char fournode_4g_log[] =
	"Zone ranges:\n"
	"  DMA      [mem 0x0000000000001000-0x0000000000ffffff]\n"
	"  DMA32    [mem 0x0000000001000000-0x00000000ffffffff]\n"
	"  Normal   [mem 0x0000000100000000-0x000000013fffffff]\n"
	"  Device   empty\n"
	"Movable zone start for each node\n"
	"Early memory node ranges\n"
	"  node   0: [mem 0x0000000000001000-0x000000000009efff]\n"
	"  node   0: [mem 0x0000000000100000-0x000000003fffffff]\n"
	"  node   1: [mem 0x0000000040000000-0x000000007fffffff]\n"
	"  node   2: [mem 0x0000000080000000-0x00000000bffdffff]\n"
	"  node   3: [mem 0x0000000100000000-0x000000013fffffff]\n"
	"Initmem setup node 0 [mem 0x0000000000001000-0x000000003fffffff]\n"
	"Initmem setup node 1 [mem 0x0000000040000000-0x000000007fffffff]\n"
	"Initmem setup node 2 [mem 0x0000000080000000-0x00000000bffdffff]\n"
	"Initmem setup node 3 [mem 0x0000000100000000-0x000000013fffffff]\n"
	"On node 0, zone DMA: 1 pages in unavailable ranges\n"
	"On node 0, zone DMA: 97 pages in unavailable ranges\n"
	"On node 3, zone Normal: 32 pages in unavailable ranges\n";

static void test_ref_4node_4g(struct ktest *t)
{
	static const struct nexp n[4] = {
		{ 1, 262143, 262046, 2, ZONES(Z(1, 4095, 3998), Z(4096, 258048, 258048), Z0) },
		{ 262144, 262144, 262144, 2, ZONES(Z0, Z(262144, 262144, 262144), Z0) },
		{ 524288, 262112, 262112, 2, ZONES(Z0, Z(524288, 262112, 262112), Z0) },
		{ 1048576, 262144, 262144, 3, ZONES(Z0, Z0, Z(1048576, 262144, 262144)) },
	};
	u64 mark;
	int nid;

	KTEST_ASSERT(t, machine_setup(t, &fournode_4g));
	mark = run_free_area_init(&fournode_4g);
	for (nid = 0; nid < 4; nid++)
		expect_node(t, nid, &n[nid]);
	expect_log_block(t, mark, fournode_4g_log);
	KTEST_EXPECT_EQ(t, zone_misaligned_count, 0);
	KTEST_EXPECT_NO_LOG(t, mark, "misaligned");
}

/* dump=zoneinfo on the 1 GiB machine: Linux's zoneinfo.txt, with the lines that exist so far. */
static void test_zoneinfo_nonuma_1g(struct ktest *t)
{
	u64 mark;
	bool ok;

	KTEST_ASSERT(t, machine_setup(t, &nonuma_1g));
	run_free_area_init(&nonuma_1g);
	ok = ktest_dump_quiet("zoneinfo", &mark);
	KTEST_EXPECT_TRUE(t, ok);
	KTEST_EXPECT_STREQ(t, log_since(mark),
		"----- BEGIN zoneinfo -----\n"
		"Node 0, zone      DMA\n"
		"  per-node stats\n"
		"  pages free     0\n" "        boost    0\n"
		"        min      0\n"
		"        low      0\n"
		"        high     0\n"
		"        spanned  4095\n"
		"        present  3998\n"
		"        managed  0\n" "        cma      0\n" "        protection: (0, 0, 0, 0, 0)\n"
		"      nr_free_pages 0\n" "      numa_hit     0\n" "      numa_miss    0\n"
		"      numa_foreign 0\n" "      numa_interleave 0\n" "      numa_local   0\n"
		"      numa_other   0\n" "  node_unreclaimable:  0\n" "  start_pfn:           1\n"
		"Node 0, zone    DMA32\n"
		"  pages free     0\n" "        boost    0\n"
		"        min      0\n"
		"        low      0\n"
		"        high     0\n"
		"        spanned  258016\n"
		"        present  258016\n"
		"        managed  0\n" "        cma      0\n" "        protection: (0, 0, 0, 0, 0)\n"
		"      nr_free_pages 0\n" "      numa_hit     0\n" "      numa_miss    0\n"
		"      numa_foreign 0\n" "      numa_interleave 0\n" "      numa_local   0\n"
		"      numa_other   0\n" "  node_unreclaimable:  0\n" "  start_pfn:           4096\n"
		"Node 0, zone   Normal\n"
		"  pages free     0\n" "        boost    0\n"
		"        min      0\n"
		"        low      0\n"
		"        high     0\n"
		"        spanned  0\n"
		"        present  0\n"
		"        managed  0\n" "        cma      0\n" "        protection: (0, 0, 0, 0, 0)\n"
		"Node 0, zone  Movable\n"
		"  pages free     0\n" "        boost    0\n"
		"        min      0\n"
		"        low      0\n"
		"        high     0\n"
		"        spanned  0\n"
		"        present  0\n"
		"        managed  0\n" "        cma      0\n" "        protection: (0, 0, 0, 0, 0)\n"
		"Node 0, zone   Device\n"
		"  pages free     0\n" "        boost    0\n"
		"        min      0\n"
		"        low      0\n"
		"        high     0\n"
		"        spanned  0\n"
		"        present  0\n"
		"        managed  0\n" "        cma      0\n" "        protection: (0, 0, 0, 0, 0)\n"
		"----- END zoneinfo -----\n");
}

/* On the 4-node machine, "per-node stats" heads each node's first populated zone only. */
static void test_zoneinfo_4node_4g(struct ktest *t)
{
	const char *out;
	u64 mark;

	KTEST_ASSERT(t, machine_setup(t, &fournode_4g));
	run_free_area_init(&fournode_4g);
	console_suppress++;
	mark = printk_log_mark();
	zoneinfo_show();
	console_suppress--;
	out = log_since(mark);
	KTEST_EXPECT_EQ(t, printk_log_count(mark, "Node "), 20);
	KTEST_EXPECT_EQ(t, printk_log_count(mark, "  per-node stats\n"), 4);
	/* One per populated zone: DMA and DMA32 on node 0, one zone elsewhere. */
	KTEST_EXPECT_EQ(t, printk_log_count(mark, "  start_pfn:"), 5);
	KTEST_EXPECT_NOT_NULL(t, strstr(out,
		"Node 3, zone    DMA32\n"
		"  pages free     0\n" "        boost    0\n"
		"        min      0\n"
		"        low      0\n"
		"        high     0\n"
		"        spanned  0\n"
		"        present  0\n"
		"        managed  0\n" "        cma      0\n" "        protection: (0, 0, 0, 0, 0)\n"
		"Node 3, zone   Normal\n"
		"  per-node stats\n"
		"  pages free     0\n" "        boost    0\n"
		"        min      0\n"
		"        low      0\n"
		"        high     0\n"
		"        spanned  262144\n"
		"        present  262144\n"
		"        managed  0\n" "        cma      0\n" "        protection: (0, 0, 0, 0, 0)\n"
		"      nr_free_pages 0\n" "      numa_hit     0\n" "      numa_miss    0\n"
		"      numa_foreign 0\n" "      numa_interleave 0\n" "      numa_local   0\n"
		"      numa_other   0\n" "  node_unreclaimable:  0\n" "  start_pfn:           1048576\n"
		"Node 3, zone  Movable\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(out,
		"Node 2, zone    DMA32\n"
		"  per-node stats\n"
		"  pages free     0\n" "        boost    0\n"
		"        min      0\n"
		"        low      0\n"
		"        high     0\n"
		"        spanned  262112\n"
		"        present  262112\n"
		"        managed  0\n" "        cma      0\n" "        protection: (0, 0, 0, 0, 0)\n"
		"      nr_free_pages 0\n" "      numa_hit     0\n" "      numa_miss    0\n"
		"      numa_foreign 0\n" "      numa_interleave 0\n" "      numa_local   0\n"
		"      numa_other   0\n" "  node_unreclaimable:  0\n" "  start_pfn:           524288\n"));
}

/* ---- more x86_64 machines ------------------------------------------------ */

/* QEMU -m 2048M with 1000M + 1048M nodes: sizes that are not section multiples. */
static const struct mrange unaligned_sizes_mem[] = {
	{ 0x1000, 0x9f000, 0 },
	{ 0x100000, 0x3e800000, 0 },
	{ 0x3e800000, 0x7ffe0000, 1 },
};
static const struct machine unaligned_sizes = MACHINE(unaligned_sizes_mem, 2,
	.max_low_pfn = 0x7ffe0, .max_pfn = 0x7ffe0);

static void test_unaligned_node_sizes(struct ktest *t)
{
	/* 1000M is 4 MiB-aligned: node 1 starts on a MAX_ORDER block, so nothing is misaligned. */
	static const struct nexp n0 = { 1, 0x3e7ff, 3998 + 0x3d800, 2,
		ZONES(Z(1, 4095, 3998), Z(0x1000, 0x3d800, 0x3d800), Z0) };
	static const struct nexp n1 = { 0x3e800, 0x417e0, 0x417e0, 2,
		ZONES(Z0, Z(0x3e800, 0x417e0, 0x417e0), Z0) };
	u64 mark;

	KTEST_ASSERT(t, machine_setup(t, &unaligned_sizes));
	mark = run_free_area_init(&unaligned_sizes);
	expect_node(t, 0, &n0);
	expect_node(t, 1, &n1);
	expect_log_block(t, mark,
		"Zone ranges:\n"
		"  DMA      [mem 0x0000000000001000-0x0000000000ffffff]\n"
		"  DMA32    [mem 0x0000000001000000-0x000000007ffdffff]\n"
		"  Normal   empty\n"
		"  Device   empty\n"
		"Movable zone start for each node\n"
		"Early memory node ranges\n"
		"  node   0: [mem 0x0000000000001000-0x000000000009efff]\n"
		"  node   0: [mem 0x0000000000100000-0x000000003e7fffff]\n"
		"  node   1: [mem 0x000000003e800000-0x000000007ffdffff]\n"
		"Initmem setup node 0 [mem 0x0000000000001000-0x000000003e7fffff]\n"
		"Initmem setup node 1 [mem 0x000000003e800000-0x000000007ffdffff]\n"
		"On node 0, zone DMA: 1 pages in unavailable ranges\n"
		"On node 0, zone DMA: 97 pages in unavailable ranges\n"
		"On node 1, zone DMA32: 32 pages in unavailable ranges\n");
	KTEST_EXPECT_EQ(t, zone_misaligned_count, 0);
}

/* 1001M + 1047M: node 1's DMA32 starts 256 pages into a MAX_ORDER block that node 0 fills below. */
static const struct mrange misaligned_mem[] = {
	{ 0x1000, 0x9f000, 0 },
	{ 0x100000, 0x3e900000, 0 },
	{ 0x3e900000, 0x7ffe0000, 1 },
};
static const struct machine misaligned = MACHINE(misaligned_mem, 2,
	.max_low_pfn = 0x7ffe0, .max_pfn = 0x7ffe0);

static void test_misaligned_node_boundary(struct ktest *t)
{
	u64 mark;

	KTEST_ASSERT(t, machine_setup(t, &misaligned));
	mark = run_free_area_init(&misaligned);
	KTEST_EXPECT_EQ(t, NODE_DATA(1)->node_zones[ZONE_DMA32].zone_start_pfn, 0x3e900);
	KTEST_EXPECT_EQ(t, zone_misaligned_count, 1);
	KTEST_EXPECT_LOG(t, mark, "] node 1 zone DMA32 misaligned start pfn 0x3e900\n");
	KTEST_EXPECT_EQ(t, printk_log_count(mark, "misaligned"), 1);
	/* Logged at KERN_CRIT, after the layout lines. */
	KTEST_EXPECT_NOT_NULL(t, strstr(log_since(mark),
		"On node 1, zone DMA32: 32 pages in unavailable ranges\n"
		"node 1 zone DMA32 misaligned start pfn 0x3e900\n"));
	/* Re-running on an aligned layout resets the count. */
	KTEST_ASSERT(t, machine_setup(t, &unaligned_sizes));
	mark = run_free_area_init(&unaligned_sizes);
	KTEST_EXPECT_EQ(t, zone_misaligned_count, 0);
	KTEST_EXPECT_NO_LOG(t, mark, "misaligned");
}

/* The same unaligned start with only a hole below it in its block is no zone boundary. */
static const struct mrange misaligned_hole_mem[] = {
	{ 0x1000, 0x9f000, 0 },
	{ 0x100000, 0x3e800000, 0 },
	{ 0x3e900000, 0x7ffe0000, 1 },
};
static const struct machine misaligned_hole = MACHINE(misaligned_hole_mem, 2,
	.max_low_pfn = 0x7ffe0, .max_pfn = 0x7ffe0);

static void test_misaligned_start_above_hole(struct ktest *t)
{
	u64 mark;

	KTEST_ASSERT(t, machine_setup(t, &misaligned_hole));
	mark = run_free_area_init(&misaligned_hole);
	KTEST_EXPECT_EQ(t, NODE_DATA(1)->node_zones[ZONE_DMA32].zone_start_pfn, 0x3e900);
	KTEST_EXPECT_EQ(t, zone_misaligned_count, 0);
	KTEST_EXPECT_NO_LOG(t, mark, "misaligned");
	/* The hole is node 1's (the memory above it), not node 0's. */
	KTEST_EXPECT_LOG(t, mark, "] On node 1, zone DMA32: 256 pages in unavailable ranges\n");
	KTEST_EXPECT_EQ(t, NODE_DATA(0)->node_spanned_pages, 0x3e7ff);
	KTEST_EXPECT_EQ(t, NODE_DATA(1)->node_spanned_pages, 0x7ffe0 - 0x3e900);
}

/*
 * Memoryless nodes: node 1 has a CPU and no memory, node 3 neither (QEMU
 * -m 2G, nodes 0 and 2 with 1 GiB). Linux 6.1 finds both offline in
 * free_area_init(): "Initializing node N as memoryless", then "Initmem
 * setup node N as memoryless"; node 1 comes online later with its CPU and
 * shows in /proc/zoneinfo, node 3 does not.
 */
static const struct mrange memoryless_mem[] = {
	{ 0x1000, 0x9f000, 0 },
	{ 0x100000, 0x40000000, 0 },
	{ 0x40000000, 0x7ffe0000, 2 },
};
static const struct machine memoryless = MACHINE(memoryless_mem, 4, .nr_cpus = 3,
	.cpu_node = { 0, 1, 2 }, .max_low_pfn = 0x7ffe0, .max_pfn = 0x7ffe0);

static void test_memoryless_nodes(struct ktest *t)
{
	static const struct nexp empty = { 0, 0, 0, 0, ZONES(Z0, Z0, Z0) };
	static const struct nexp n2 = { 0x40000, 0x3ffe0, 0x3ffe0, 2,
		ZONES(Z0, Z(0x40000, 0x3ffe0, 0x3ffe0), Z0) };
	const char *out;
	u64 mark;

	KTEST_ASSERT(t, machine_setup(t, &memoryless));
	mark = run_free_area_init(&memoryless);
	expect_node(t, 1, &empty);
	expect_node(t, 2, &n2);
	expect_node(t, 3, &empty);
	expect_log_block(t, mark,
		"Zone ranges:\n"
		"  DMA      [mem 0x0000000000001000-0x0000000000ffffff]\n"
		"  DMA32    [mem 0x0000000001000000-0x000000007ffdffff]\n"
		"  Normal   empty\n"
		"  Device   empty\n"
		"Movable zone start for each node\n"
		"Early memory node ranges\n"
		"  node   0: [mem 0x0000000000001000-0x000000000009efff]\n"
		"  node   0: [mem 0x0000000000100000-0x000000003fffffff]\n"
		"  node   2: [mem 0x0000000040000000-0x000000007ffdffff]\n"
		"Initmem setup node 0 [mem 0x0000000000001000-0x000000003fffffff]\n"
		"Initializing node 1 as memoryless\n"
		"Initmem setup node 1 as memoryless\n"
		"Initmem setup node 2 [mem 0x0000000040000000-0x000000007ffdffff]\n"
		"Initializing node 3 as memoryless\n"
		"Initmem setup node 3 as memoryless\n"
		"On node 0, zone DMA: 1 pages in unavailable ranges\n"
		"On node 0, zone DMA: 97 pages in unavailable ranges\n"
		"On node 2, zone DMA32: 32 pages in unavailable ranges\n");

	console_suppress++;
	mark = printk_log_mark();
	zoneinfo_show();
	console_suppress--;
	out = log_since(mark);
	KTEST_EXPECT_EQ(t, printk_log_count(mark, "Node "), 15);
	KTEST_EXPECT_EQ(t, printk_log_count(mark, "Node 1, zone "), 5);
	KTEST_EXPECT_EQ(t, printk_log_count(mark, "Node 3, zone "), 0);
	KTEST_EXPECT_NOT_NULL(t, strstr(out,
		"Node 1, zone      DMA\n"
		"  pages free     0\n" "        boost    0\n"
		"        min      0\n"
		"        low      0\n"
		"        high     0\n"
		"        spanned  0\n"
		"        present  0\n"
		"        managed  0\n" "        cma      0\n" "        protection: (0, 0, 0, 0, 0)\n"
		"Node 1, zone    DMA32\n"));
}

/*
 * A node with memory that the architecture left offline (its NODE_DATA could
 * not be allocated early; upstream 6.1.0 also did this to nodes under
 * NODE_MIN_SIZE, 4 MiB, which the reference Linux no longer does):
 * free_area_init() calls it memoryless, then sizes its zones from memblock
 * anyway. The memory is QEMU's 1024M + 2M nodes (tests/machines/tiny-node).
 */
static const struct mrange tiny_node_mem[] = {
	{ 0x1000, 0x9f000, 0 },
	{ 0x100000, 0x40000000, 0 },
	{ 0x40000000, 0x401e0000, 1 },
};
static const struct machine tiny_node = MACHINE(tiny_node_mem, 2, .offline = 1ULL << 1,
	.max_low_pfn = 0x401e0, .max_pfn = 0x401e0);

static void test_offline_tiny_node(struct ktest *t)
{
	static const struct nexp n1 = { 0x40000, 0x1e0, 0x1e0, 2,
		ZONES(Z0, Z(0x40000, 0x1e0, 0x1e0), Z0) };
	u64 mark;

	KTEST_ASSERT(t, machine_setup(t, &tiny_node));
	mark = run_free_area_init(&tiny_node);
	expect_node(t, 1, &n1);
	/* The tail runs to the end of the 128 MiB section: 0x48000 - 0x401e0 pages. */
	KTEST_EXPECT_NOT_NULL(t, strstr(log_since(mark),
		"Initmem setup node 0 [mem 0x0000000000001000-0x000000003fffffff]\n"
		"Initializing node 1 as memoryless\n"
		"Initmem setup node 1 [mem 0x0000000040000000-0x00000000401dffff]\n"
		"On node 0, zone DMA: 1 pages in unavailable ranges\n"
		"On node 0, zone DMA: 97 pages in unavailable ranges\n"
		"On node 1, zone DMA32: 32288 pages in unavailable ranges\n"));
	KTEST_EXPECT_EQ(t, printk_log_count(mark, "as memoryless"), 1);
}

/* q35 -m 4G with two 2 GiB nodes: node 1's memory is all above 4 GiB. */
static const struct mrange above_4g_mem[] = {
	{ 0x1000, 0x9f000, 0 },
	{ 0x100000, 0x7ffe0000, 0 },
	{ 0x100000000ULL, 0x180000000ULL, 1 },
};
static const struct machine above_4g = MACHINE(above_4g_mem, 2,
	.max_low_pfn = 0x180000, .max_pfn = 0x180000);

static void test_node_above_4g(struct ktest *t)
{
	static const struct nexp n0 = { 1, 0x7ffdf, 3998 + 0x7efe0, 2,
		ZONES(Z(1, 4095, 3998), Z(0x1000, 0x7efe0, 0x7efe0), Z0) };
	static const struct nexp n1 = { 0x100000, 0x80000, 0x80000, 3,
		ZONES(Z0, Z0, Z(0x100000, 0x80000, 0x80000)) };
	u64 mark;

	KTEST_ASSERT(t, machine_setup(t, &above_4g));
	mark = run_free_area_init(&above_4g);
	expect_node(t, 0, &n0);
	expect_node(t, 1, &n1);
	/*
	 * The 32 pages between node 0's end and its section end go to node 1's
	 * Normal (the memory above the hole); the empty sections up to 4 GiB
	 * are skipped.
	 */
	expect_log_block(t, mark,
		"Zone ranges:\n"
		"  DMA      [mem 0x0000000000001000-0x0000000000ffffff]\n"
		"  DMA32    [mem 0x0000000001000000-0x00000000ffffffff]\n"
		"  Normal   [mem 0x0000000100000000-0x000000017fffffff]\n"
		"  Device   empty\n"
		"Movable zone start for each node\n"
		"Early memory node ranges\n"
		"  node   0: [mem 0x0000000000001000-0x000000000009efff]\n"
		"  node   0: [mem 0x0000000000100000-0x000000007ffdffff]\n"
		"  node   1: [mem 0x0000000100000000-0x000000017fffffff]\n"
		"Initmem setup node 0 [mem 0x0000000000001000-0x000000007ffdffff]\n"
		"Initmem setup node 1 [mem 0x0000000100000000-0x000000017fffffff]\n"
		"On node 0, zone DMA: 1 pages in unavailable ranges\n"
		"On node 0, zone DMA: 97 pages in unavailable ranges\n"
		"On node 1, zone Normal: 32 pages in unavailable ranges\n");
}

/* Memory whose node has no pgdat is in no zone, and free_area_init() warns. */
static void test_node_without_pgdat(struct ktest *t)
{
	struct machine m = twonode_2g;
	u64 mark;

	m.no_pgdat = 1ULL << 1;
	KTEST_ASSERT(t, machine_setup(t, &m));
	mark = run_free_area_init(&m);
	KTEST_EXPECT_NULL(t, NODE_DATA(1));
	KTEST_EXPECT_LOG(t, mark, "is on node 1, which has no NODE_DATA");
	KTEST_EXPECT_NO_LOG(t, mark, "Initmem setup node 1");
	KTEST_EXPECT_NO_LOG(t, mark, "On node 1,");
	KTEST_EXPECT_EQ(t, NODE_DATA(0)->node_present_pages, 262046);
}

#endif /* CONFIG_ZONE_DMA32 */

/* ---- i386 PAE (m32) ------------------------------------------------------ */

#ifdef CONFIG_HIGHMEM

#define ZONES32(dma, normal, highmem) { dma, normal, highmem, Z0 }
_Static_assert(MAX_NR_ZONES == 4 && ZONE_HIGHMEM == 2, "i386 zone list");

/*
 * QEMU pc -m 3G: all RAM below 4 GiB (i440fx splits only from 3.5 GiB),
 * e820 usable [0, 0x9fbff] and [0x100000, 0xbffdffff]; memblock after
 * Linux's trims: [0x1000, 0x9f000) and [0x100000, 0xbffe0000).
 * max_low_pfn = 0x377fe (lowmem limit with the default vmalloc reserve),
 * max_pfn = 0xbffe0. Derivation of the expected layout:
 *  - zone ranges: DMA [1, 0x1000) (from the first memblock pfn), Normal
 *    [0x1000, 0x377fe), HighMem [0x377fe, 0xbffe0);
 *  - DMA: spanned 0x1000 - 1 = 4095, present (0x9f - 1) + (0x1000 - 0x100)
 *    = 158 + 3840 = 3998;
 *  - Normal: spanned = present = 0x377fe - 0x1000 = 0x367fe = 223230;
 *  - HighMem: spanned = present = 0xbffe0 - 0x377fe = 0x887e2 = 559074;
 *  - node: start 1, spanned 0xbffe0 - 1 = 786399, present 786302;
 *  - unavailable: pfn 0 and [0x9f, 0x100) in DMA, and the tail up to the
 *    512 MiB section end 0xc0000, 32 pages, in the highest zone, HighMem;
 *  - 0x377fe is not a multiple of 1024 and Normal memory lies below it in
 *    its MAX_ORDER block [0x37400, 0x37800): seed 000's report fires.
 */
static const struct mrange i386_3g_mem[] = {
	{ 0x1000, 0x9f000, 0 },
	{ 0x100000, 0xbffe0000, 0 },
};
static const struct machine i386_3g = MACHINE(i386_3g_mem, 1,
	.max_low_pfn = 0x377fe, .max_pfn = 0xbffe0);

static void test_i386_3g(struct ktest *t)
{
	static const struct nexp n0 = { 1, 786399, 786302, 3,
		ZONES32(Z(1, 4095, 3998), Z(0x1000, 223230, 223230), Z(0x377fe, 559074, 559074)) };
	u64 mark;

	KTEST_ASSERT(t, machine_setup(t, &i386_3g));
	mark = run_free_area_init(&i386_3g);
	expect_node(t, 0, &n0);
	expect_log_block(t, mark,
		"Zone ranges:\n"
		"  DMA      [mem 0x0000000000001000-0x0000000000ffffff]\n"
		"  Normal   [mem 0x0000000001000000-0x00000000377fdfff]\n"
		"  HighMem  [mem 0x00000000377fe000-0x00000000bffdffff]\n"
		"Movable zone start for each node\n"
		"Early memory node ranges\n"
		"  node   0: [mem 0x0000000000001000-0x000000000009efff]\n"
		"  node   0: [mem 0x0000000000100000-0x00000000bffdffff]\n"
		"Initmem setup node 0 [mem 0x0000000000001000-0x00000000bffdffff]\n"
		"On node 0, zone DMA: 1 pages in unavailable ranges\n"
		"On node 0, zone DMA: 97 pages in unavailable ranges\n"
		"On node 0, zone HighMem: 32 pages in unavailable ranges\n"
		"node 0 zone HighMem misaligned start pfn 0x377fe\n");
	KTEST_EXPECT_EQ(t, zone_misaligned_count, 1);
}

/* The same machine with ZONE_NORMAL's end aligned to MAX_ORDER (seed 000's fix): no report. */
static void test_i386_3g_aligned_normal(struct ktest *t)
{
	struct machine m = i386_3g;
	u64 mark;

	m.max_low_pfn = ALIGN_DOWN(0x377feUL, MAX_ORDER_NR_PAGES);
	KTEST_ASSERT(t, machine_setup(t, &m));
	mark = run_free_area_init(&m);
	KTEST_EXPECT_EQ(t, NODE_DATA(0)->node_zones[ZONE_HIGHMEM].zone_start_pfn, 0x37400);
	KTEST_EXPECT_EQ(t, NODE_DATA(0)->node_zones[ZONE_NORMAL].spanned_pages, 0x37400 - 0x1000);
	KTEST_EXPECT_EQ(t, NODE_DATA(0)->node_zones[ZONE_HIGHMEM].spanned_pages, 0xbffe0 - 0x37400);
	KTEST_EXPECT_EQ(t, zone_misaligned_count, 0);
	KTEST_EXPECT_NO_LOG(t, mark, "misaligned");
}

#endif /* CONFIG_HIGHMEM */

/* ---- both builds ----------------------------------------------------------- */

/*
 * Unaligned memblock edges and a small node, so that swapping spanned and
 * present, or any off-by-one in PFN_UP/PFN_DOWN or the spans, fails.
 * memblock [0x1800, 0x9fc00) and [0x100000, 0x200000): pfns [2, 0x9f) and
 * [0x100, 0x200). max_pfn 0x200, so only DMA is populated; its possible
 * range starts at PFN_DOWN(0x1800) = 1, the zone itself at pfn 2.
 */
static const struct mrange edges_mem[] = {
	{ 0x1800, 0x9fc00, 0 },
	{ 0x100000, 0x200000, 0 },
};
static const struct machine edges = MACHINE(edges_mem, 1, .max_low_pfn = 0x200, .max_pfn = 0x200);

static void test_spanned_present_exact(struct ktest *t)
{
	const pg_data_t *pgdat;
	const struct zone *dma;
	char line[96];
	u64 mark;
	int z;

	KTEST_ASSERT(t, machine_setup(t, &edges));
	mark = run_free_area_init(&edges);
	pgdat = NODE_DATA(0);
	dma = &pgdat->node_zones[ZONE_DMA];
	KTEST_EXPECT_EQ(t, dma->zone_start_pfn, 2);
	KTEST_EXPECT_EQ(t, dma->spanned_pages, 510);		/* 0x200 - 2 */
	KTEST_EXPECT_EQ(t, dma->present_pages, 413);		/* (0x9f - 2) + 0x100 */
	KTEST_EXPECT_EQ(t, pgdat->node_start_pfn, 2);
	KTEST_EXPECT_EQ(t, pgdat->node_spanned_pages, 510);
	KTEST_EXPECT_EQ(t, pgdat->node_present_pages, 413);
	KTEST_EXPECT_EQ(t, pgdat->nr_zones, 1);
	for (z = ZONE_DMA + 1; z < MAX_NR_ZONES; z++) {
		KTEST_EXPECT_EQ(t, pgdat->node_zones[z].spanned_pages, 0);
		KTEST_EXPECT_EQ(t, pgdat->node_zones[z].present_pages, 0);
		KTEST_EXPECT_EQ(t, pgdat->node_zones[z].zone_start_pfn, 0);
	}
	KTEST_EXPECT_LOG(t, mark, "]   DMA      [mem 0x0000000000001000-0x00000000001fffff]\n");
	KTEST_EXPECT_LOG(t, mark, "]   node   0: [mem 0x0000000000002000-0x000000000009efff]\n");
	KTEST_EXPECT_LOG(t, mark, "]   node   0: [mem 0x0000000000100000-0x00000000001fffff]\n");
	KTEST_EXPECT_LOG(t, mark, "] Initmem setup node 0 [mem 0x0000000000002000-0x00000000001fffff]\n");
	KTEST_EXPECT_LOG(t, mark, "] On node 0, zone DMA: 2 pages in unavailable ranges\n");
	KTEST_EXPECT_LOG(t, mark, "] On node 0, zone DMA: 97 pages in unavailable ranges\n");
	snprintf(line, sizeof(line), "] On node 0, zone DMA: %lu pages in unavailable ranges\n",
		 PAGES_PER_SECTION - 0x200);
	KTEST_EXPECT_LOG(t, mark, line);
	KTEST_EXPECT_EQ(t, printk_log_count(mark, "pages in unavailable ranges"), 3);
}

/* ---- memmap_walk ---------------------------------------------------------- */

struct wcall {
	unsigned long s, e;
	int nid, zone;
	bool hole;
	unsigned long pages;	/* hole_done only */
};

static struct wcall ranges_seen[32], holes_seen[16];
static unsigned int nr_ranges_seen, nr_holes_seen;
static unsigned long pv_invalid[4];
static unsigned int pv_nr_invalid, pv_unaligned_asks, pv_asks_in_memory;

static void rec_range(unsigned long s, unsigned long e, int nid, int zone, bool hole)
{
	if (nr_ranges_seen < ARRAY_SIZE(ranges_seen))
		ranges_seen[nr_ranges_seen] = (struct wcall){ s, e, nid, zone, hole, 0 };
	nr_ranges_seen++;
}

static void rec_hole(unsigned long s, unsigned long e, int nid, int zone, unsigned long pages)
{
	if (nr_holes_seen < ARRAY_SIZE(holes_seen))
		holes_seen[nr_holes_seen] = (struct wcall){ s, e, nid, zone, true, pages };
	nr_holes_seen++;
}

static bool test_pfn_valid(unsigned long pfn)
{
	unsigned int i;

	if (pfn & (pageblock_nr_pages - 1))
		pv_unaligned_asks++;
	if (memblock_is_memory(PFN_PHYS(pfn)))
		pv_asks_in_memory++;
	for (i = 0; i < pv_nr_invalid; i++)
		if (pfn == pv_invalid[i])
			return false;
	return memblock_section_pfn_valid(pfn);
}

static void walk_reset(void)
{
	nr_ranges_seen = nr_holes_seen = 0;
	pv_unaligned_asks = pv_asks_in_memory = 0;
	memset(ranges_seen, 0, sizeof(ranges_seen));
	memset(holes_seen, 0, sizeof(holes_seen));
}

static void expect_calls(struct ktest *t, const char *what, const struct wcall *got,
			 unsigned int nr_got, const struct wcall *exp, unsigned int nr_exp)
{
	unsigned int i;

	KTEST_EXPECT_MSG(t, nr_got == nr_exp, "%s: %u calls, expected %u", what, nr_got, nr_exp);
	for (i = 0; i < nr_got && i < nr_exp; i++)
		KTEST_EXPECT_MSG(t, got[i].s == exp[i].s && got[i].e == exp[i].e &&
				 got[i].nid == exp[i].nid && got[i].zone == exp[i].zone &&
				 got[i].hole == exp[i].hole && got[i].pages == exp[i].pages,
				 "%s %u: [%#lx, %#lx) node %d zone %d hole %d pages %lu, expected [%#lx, %#lx) node %d zone %d hole %d pages %lu",
				 what, i, got[i].s, got[i].e, got[i].nid, got[i].zone, got[i].hole,
				 got[i].pages, exp[i].s, exp[i].e, exp[i].nid, exp[i].zone,
				 exp[i].hole, exp[i].pages);
}

/*
 * A 16-page hole inside one MAX_ORDER block (pfns [0x800, 0x810), as a
 * reserved firmware range would make), 64 MiB of RAM: only DMA and the
 * zone after it (DMA32 or Normal) are populated.
 */
static const struct mrange hole_mem[] = {
	{ 0x1000, 0x9f000, 0 },
	{ 0x100000, 0x800000, 0 },
	{ 0x810000, 0x4000000, 0 },
};
static const struct machine hole_machine = MACHINE(hole_mem, 1, .max_low_pfn = 0x4000,
						   .max_pfn = 0x4000);

#define W(s, e, z, h)		{ (s), (e), 0, (z), (h), 0 }
#define WH(s, e, z, pages)	{ (s), (e), 0, (z), true, (pages) }

static void test_hole_in_max_order_block(struct ktest *t)
{
	const unsigned long tail_end = PAGES_PER_SECTION;	/* 0x4000 rounded up to a section */
	const struct wcall ranges[] = {
		W(1, 0x9f, ZONE_DMA, false),
		W(0, 1, ZONE_DMA, true),
		W(0x100, 0x800, ZONE_DMA, false),
		W(0x9f, 0x100, ZONE_DMA, true),
		W(0x810, 0x1000, ZONE_DMA, false),
		W(0x800, 0x810, ZONE_DMA, true),
		W(0x1000, 0x4000, ZONE_DMA + 1, false),
		W(0x4000, tail_end, ZONE_DMA + 1, true),
	};
	const struct wcall holes[] = {
		WH(0, 1, ZONE_DMA, 1),
		WH(0x9f, 0x100, ZONE_DMA, 97),
		WH(0x800, 0x810, ZONE_DMA, 16),
		WH(0x4000, tail_end, ZONE_DMA + 1, tail_end - 0x4000),
	};
	const struct memmap_walk_ops ops = { .init_range = rec_range, .hole_done = rec_hole };
	const struct zone *dma;
	char line[96];
	u64 mark;

	KTEST_ASSERT(t, machine_setup(t, &hole_machine));
	mark = run_free_area_init(&hole_machine);
	dma = &NODE_DATA(0)->node_zones[ZONE_DMA];
	KTEST_EXPECT_EQ(t, dma->spanned_pages, 4095);
	KTEST_EXPECT_EQ(t, dma->present_pages, 158 + 0x700 + 0x7f0);
	KTEST_EXPECT_EQ(t, NODE_DATA(0)->node_zones[ZONE_DMA + 1].present_pages, 0x3000);
	/* Linux's order: the 16-page hole is its own line, after pfn 0 and the ISA hole. */
	snprintf(line, sizeof(line), "On node 0, zone %s: %lu pages in unavailable ranges\n",
		 zone_names[ZONE_DMA + 1], tail_end - 0x4000);
	KTEST_EXPECT_NOT_NULL(t, strstr(log_since(mark),
		"On node 0, zone DMA: 1 pages in unavailable ranges\n"
		"On node 0, zone DMA: 97 pages in unavailable ranges\n"
		"On node 0, zone DMA: 16 pages in unavailable ranges\n"));
	KTEST_EXPECT_LOG(t, mark, line);
	/* A hole below a block-aligned zone start is no boundary: nothing to report. */
	KTEST_EXPECT_EQ(t, zone_misaligned_count, 0);

	walk_reset();
	memmap_walk(&ops);
	expect_calls(t, "init_range", ranges_seen, nr_ranges_seen, ranges, ARRAY_SIZE(ranges));
	expect_calls(t, "hole_done", holes_seen, nr_holes_seen, holes, ARRAY_SIZE(holes));
}

/*
 * pfn_valid() is asked per pageblock, with the pageblock's first pfn, and
 * only inside holes: an invalid first pageblock drops both low holes
 * (Linux's pageblock_start_pfn() rule), an invalid pageblock inside the
 * tail splits it into two init_range() calls.
 */
static void test_walk_pfn_valid_hook(struct ktest *t)
{
	const unsigned long tail_end = PAGES_PER_SECTION;
	const unsigned long pb = pageblock_nr_pages;
	const struct wcall ranges[] = {
		W(1, 0x9f, ZONE_DMA, false),
		W(0x100, 0x800, ZONE_DMA, false),
		W(0x810, 0x1000, ZONE_DMA, false),
		W(0x800, 0x810, ZONE_DMA, true),
		W(0x1000, 0x4000, ZONE_DMA + 1, false),
		W(0x4000, 0x4000 + pb, ZONE_DMA + 1, true),
		W(0x4000 + 2 * pb, tail_end, ZONE_DMA + 1, true),
	};
	const struct wcall holes[] = {
		WH(0, 1, ZONE_DMA, 0),
		WH(0x9f, 0x100, ZONE_DMA, 0),
		WH(0x800, 0x810, ZONE_DMA, 16),
		WH(0x4000, tail_end, ZONE_DMA + 1, tail_end - 0x4000 - pb),
	};
	const struct memmap_walk_ops ops = {
		.pfn_valid = test_pfn_valid, .init_range = rec_range, .hole_done = rec_hole,
	};

	KTEST_ASSERT(t, machine_setup(t, &hole_machine));
	run_free_area_init(&hole_machine);
	pv_invalid[0] = 0;
	pv_invalid[1] = 0x4000 + pb;
	pv_nr_invalid = 2;
	walk_reset();
	memmap_walk(&ops);
	pv_nr_invalid = 0;
	expect_calls(t, "init_range", ranges_seen, nr_ranges_seen, ranges, ARRAY_SIZE(ranges));
	expect_calls(t, "hole_done", holes_seen, nr_holes_seen, holes, ARRAY_SIZE(holes));
	KTEST_EXPECT_EQ(t, pv_unaligned_asks, 0);
	/* Only hole pageblocks are asked about (0, 0x800, the tail's), never memory. */
	KTEST_EXPECT_EQ(t, pv_asks_in_memory, 0);

	/* Without hooks the walk is a no-op that must not crash. */
	memmap_walk(&(const struct memmap_walk_ops){ 0 });
}

/*
 * A hole that runs from the last 32 pages of section 0, across the empty
 * section 1, to 256 pages into section 2: only the two valid ends are
 * initialised, and all of it belongs to the zone of the memory above.
 */
static const struct mrange sparse_hole_mem[] = {
	{ 0x1000, 0x9f000, 0 },
	{ 0x100000, PFN_PHYS(PAGES_PER_SECTION - 32), 0 },
	{ PFN_PHYS(2 * PAGES_PER_SECTION + 256), PFN_PHYS(3 * PAGES_PER_SECTION), 0 },
};
static const struct machine sparse_hole = MACHINE(sparse_hole_mem, 1,
	.max_low_pfn = 3 * PAGES_PER_SECTION, .max_pfn = 3 * PAGES_PER_SECTION);

static void test_hole_across_empty_section(struct ktest *t)
{
	const unsigned long pps = PAGES_PER_SECTION, above = 2 * PAGES_PER_SECTION + 256;
	const struct memmap_walk_ops ops = { .init_range = rec_range, .hole_done = rec_hole };
	const pg_data_t *pgdat;
	int z, zone_above = -1;
	unsigned int i, n = 0;

	KTEST_ASSERT(t, machine_setup(t, &sparse_hole));
	run_free_area_init(&sparse_hole);
	pgdat = NODE_DATA(0);
	for (z = 0; z < MAX_NR_ZONES; z++)
		if (pgdat->node_zones[z].spanned_pages && zone_spans_pfn(&pgdat->node_zones[z], above))
			zone_above = z;
	KTEST_ASSERT(t, zone_above >= 0);

	walk_reset();
	memmap_walk(&ops);
	KTEST_ASSERT(t, nr_holes_seen <= ARRAY_SIZE(holes_seen));
	for (i = 0; i < nr_holes_seen; i++) {
		if (holes_seen[i].s != pps - 32)
			continue;
		n++;
		KTEST_EXPECT_EQ(t, holes_seen[i].e, above);
		KTEST_EXPECT_EQ(t, holes_seen[i].pages, 32 + 256);
		KTEST_EXPECT_EQ(t, holes_seen[i].zone, zone_above);
	}
	KTEST_EXPECT_EQ(t, n, 1);
	n = 0;
	for (i = 0; i < nr_ranges_seen && i < ARRAY_SIZE(ranges_seen); i++) {
		const struct wcall *c = &ranges_seen[i];

		if (!c->hole || c->s < pps - 32 || c->s >= above)
			continue;
		KTEST_EXPECT_MSG(t, (c->s == pps - 32 && c->e == pps) ||
				 (c->s == 2 * pps && c->e == above),
				 "hole part [%#lx, %#lx) initialised", c->s, c->e);
		n++;
	}
	KTEST_EXPECT_EQ(t, n, 2);
}

/* SPARSEMEM's early pfn_valid: a section with any memblock memory is valid, whole. */
static void test_section_pfn_valid(struct ktest *t)
{
	KTEST_ASSERT(t, machine_setup(t, &hole_machine));
	KTEST_EXPECT_TRUE(t, memblock_section_pfn_valid(0));		/* pfn 0 is no memory... */
	KTEST_EXPECT_TRUE(t, memblock_section_pfn_valid(0x9f));	/* ...but its section has some */
	KTEST_EXPECT_TRUE(t, memblock_section_pfn_valid(PAGES_PER_SECTION - 1));
	KTEST_EXPECT_FALSE(t, memblock_section_pfn_valid(PAGES_PER_SECTION));
	KTEST_EXPECT_FALSE(t, memblock_section_pfn_valid(5 * PAGES_PER_SECTION + 7));
	KTEST_EXPECT_FALSE(t, memblock_section_pfn_valid(NR_MEM_SECTIONS * PAGES_PER_SECTION));
	KTEST_EXPECT_FALSE(t, memblock_section_pfn_valid(~0UL));
	/* Memory that starts in the last pfn of a section makes that section valid only. */
	memblock_add_node(PFN_PHYS(3 * PAGES_PER_SECTION - 1), PAGE_SIZE, 0, MEMBLOCK_NONE);
	KTEST_EXPECT_TRUE(t, memblock_section_pfn_valid(2 * PAGES_PER_SECTION));
	KTEST_EXPECT_FALSE(t, memblock_section_pfn_valid(3 * PAGES_PER_SECTION));
	KTEST_EXPECT_FALSE(t, memblock_section_pfn_valid(PAGES_PER_SECTION + 5));
	/* A partial page is no memory: the section stays invalid. */
	memblock_add_node(PFN_PHYS(4 * PAGES_PER_SECTION) + 0x800, 0x400, 0, MEMBLOCK_NONE);
	KTEST_EXPECT_FALSE(t, memblock_section_pfn_valid(4 * PAGES_PER_SECTION));
}

/* A pgdat full of garbage and a second run: everything free_area_init() owns is rewritten. */
static void test_rerun_rewrites_pgdat(struct ktest *t)
{
	struct page *sentinel = (struct page *)&test_pgdat[0];
	u64 mark;

	KTEST_ASSERT(t, machine_setup(t, &hole_machine));
	test_pgdat[0].node_mem_map = sentinel;
	run_free_area_init(&hole_machine);
	KTEST_EXPECT_EQ(t, NODE_DATA(0)->node_zones[ZONE_DMA].present_pages, 158 + 0x700 + 0x7f0);
	KTEST_EXPECT_TRUE(t, NODE_DATA(0)->node_mem_map == sentinel);	/* the memory model's */
	mark = run_free_area_init(&hole_machine);
	KTEST_EXPECT_EQ(t, NODE_DATA(0)->node_zones[ZONE_DMA].present_pages, 158 + 0x700 + 0x7f0);
	KTEST_EXPECT_EQ(t, NODE_DATA(0)->node_spanned_pages, 0x4000 - 1);
	KTEST_EXPECT_EQ(t, printk_log_count(mark, "Zone ranges:"), 1);
	KTEST_EXPECT_NO_LOG(t, mark, "WARNING");
}

static const struct ktest_case zone_layout_cases[] = {
#ifdef CONFIG_ZONE_DMA32
	KTEST_CASE(test_ref_nonuma_1g),
	KTEST_CASE(test_ref_2node_2g),
	KTEST_CASE(test_ref_4node_4g),
	KTEST_CASE(test_zoneinfo_nonuma_1g),
	KTEST_CASE(test_zoneinfo_4node_4g),
	KTEST_CASE(test_unaligned_node_sizes),
	KTEST_CASE(test_misaligned_node_boundary),
	KTEST_CASE(test_misaligned_start_above_hole),
	KTEST_CASE(test_memoryless_nodes),
	KTEST_CASE(test_offline_tiny_node),
	KTEST_CASE(test_node_above_4g),
	KTEST_CASE(test_node_without_pgdat),
#endif
#ifdef CONFIG_HIGHMEM
	KTEST_CASE(test_i386_3g),
	KTEST_CASE(test_i386_3g_aligned_normal),
#endif
	KTEST_CASE(test_spanned_present_exact),
	KTEST_CASE(test_hole_in_max_order_block),
	KTEST_CASE(test_walk_pfn_valid_hook),
	KTEST_CASE(test_hole_across_empty_section),
	KTEST_CASE(test_section_pfn_valid),
	KTEST_CASE(test_rerun_rewrites_pgdat),
	{}
};
KTEST_SUITE_FULL(zone_layout, .cases = zone_layout_cases, .init = zone_layout_init,
		 .exit = zone_layout_exit);

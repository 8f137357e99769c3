/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The HMAT parser and memory tiers, hosted only.
 *
 * hmat: whole firmware images (tests/host/fake_phys.h) through the boot's
 * path - acpi_boot_table_init(), x86_numa_init(), hmat_init() - checked
 * against Linux 6.1's lines and sysfs values (QEMU's hmat-cxl tables give
 * exactly tests/machines/linux/hmat-cxl.*), and every malformed case
 * reported and the table ignored, with nothing registered.
 * memory_tiers_calc: mt_perf_to_adistance() and the tiers against
 * abstract distances worked out by hand from Linux's formula
 * (576 * (lat / dram_lat) * (dram_bw / bw), integer, left to right).
 */
#ifdef NB_HOSTED
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/params.h>
#include <kernel/report.h>
#include <lib/string.h>
#include <mm/memblock.h>
#include <mm/numa.h>
#include <mm/node.h>
#include <mm/memory_tiers.h>
#include <asm/acpi.h>
#include <asm/numa.h>
#include "../host/fake_phys.h"

/* Nodes 0-63 of @m: these tests' machines have fewer (the rest must be empty). */
static u64 mask_lo(nodemask_t m)
{
	for (unsigned int i = 1; i < sizeof(m.bits) / sizeof(m.bits[0]); i++)
		if (m.bits[i])
			return ~0ULL;	/* never what a test expects */
	return m.bits[0];
}

static struct numa_topology saved_topo;
static struct boot_info hmat_bi;

static int hmat_suite_init(void)
{
	saved_topo = *numa_topology();
	return 0;
}

static void hmat_suite_exit(void)
{
	numa_reset_options();
	fake_fw_reset();
	acpi_boot_table_init(NULL);
	fake_phys_reset();
	memblock_reset();
	node_hmem_reset();
	numa_register_topology(&saved_topo);
	memory_tier_establish(MEMTIER_RULE_CURRENT);
}

/*
 * The hmat-cxl machine's firmware (MADT, SRAT, SLIT) with @hmat (NULL: none) as its HMAT,
 * through NUMA discovery, then hmat_init() logged from *@mark on.
 * @cmdline (or NULL): early parameters.
 */
static int hmat_boot(struct fake_table *hmat, const char *cmdline, u64 *mark)
{
	static const u8 slit_matrix[] = { 10, 21, 24, 32, 21, 10, 32, 24,
					  24, 32, 10, 40, 32, 24, 40, 10 };
	struct fake_table srat, slit;
	phys_addr_t tables[4];
	unsigned int n = 0;
	int rc;

	numa_reset_options();
	numa_node_data_size = 0;
	if (cmdline)
		parse_params(cmdline, true, false);
	memblock_reset();
	fake_ram_qemu(768);
	fake_fw_reset();
	fake_srat_qemu_cxl(&srat);
	tables[n++] = fake_acpi_madt_cpus(2);
	tables[n++] = fake_acpi_install(&srat, 0, true);
	fake_slit(&slit, 4, slit_matrix);
	tables[n++] = fake_acpi_install(&slit, 0, true);
	if (hmat)
		tables[n++] = fake_acpi_install(hmat, 0, true);
	rc = fake_acpi_boot(tables, n, &hmat_bi);
	if (rc)
		return rc;
	rc = x86_numa_init();
	if (rc)
		return rc;
	*mark = printk_log_mark();
	hmat_init();
	return 0;
}

static void expect_coord(struct ktest *t, int nid, unsigned int access, unsigned int rl,
			 unsigned int wl, unsigned int rb, unsigned int wb)
{
	const struct access_coordinate *c = node_get_perf_attrs(nid, access);

	KTEST_EXPECT_MSG(t, c, "node %d has no access%u attributes", nid, access);
	if (!c)
		return;
	KTEST_EXPECT_MSG(t, c->read_latency == rl && c->write_latency == wl &&
			 c->read_bandwidth == rb && c->write_bandwidth == wb,
			 "node %d access%u: latency %u/%u bandwidth %u/%u, expected %u/%u %u/%u", nid,
			 access, c->read_latency, c->write_latency, c->read_bandwidth,
			 c->write_bandwidth, rl, wl, rb, wb);
}

static bool nothing_registered(void)
{
	for (int n = 0; n < MAX_NUMNODES; n++)
		for (unsigned int a = 0; a < ACCESS_COORDINATE_MAX; a++)
			if (node_get_perf_attrs(n, a) || mask_lo(node_get_initiators(n, a)))
				return false;
	return true;
}

/* QEMU's table for hmat-cxl: Linux 6.1's lines and sysfs values, and the current rule's tiers. */
static void test_hmat_qemu_cxl(struct ktest *t)
{
	struct fake_table hmat;
	int adist, tier;
	u64 mark, dmark;

	fake_hmat_qemu_cxl(&hmat);
	KTEST_ASSERT_EQ(t, hmat_boot(&hmat, NULL, &mark), 0);
	KTEST_EXPECT_LOG(t, mark, "] acpi/hmat: Memory Flags:0001 Processor Domain:0 Memory Domain:2\n");
	KTEST_EXPECT_LOG(t, mark, "] acpi/hmat: Locality: Flags:00 Type:Access Latency Initiator Domains:2 Target Domains:4 Base:10000\n");
	KTEST_EXPECT_LOG(t, mark, "] acpi/hmat:   Initiator-Target[1-2]:60 nsec\n");
	KTEST_EXPECT_LOG(t, mark, "] acpi/hmat: Locality: Flags:00 Type:Access Bandwidth Initiator Domains:2 Target Domains:4 Base:1024\n");
	KTEST_EXPECT_LOG(t, mark, "] acpi/hmat:   Initiator-Target[0-3]:4096 MB/s\n");
	KTEST_EXPECT_NO_LOG(t, mark, "Ignoring");
	for (unsigned int a = 0; a < ACCESS_COORDINATE_MAX; a++) {
		expect_coord(t, 0, a, 10, 10, 20480, 20480);
		expect_coord(t, 1, a, 10, 10, 20480, 20480);
		expect_coord(t, 2, a, 40, 40, 5120, 5120);
		expect_coord(t, 3, a, 40, 40, 5120, 5120);
		KTEST_EXPECT_UEQ(t, mask_lo(node_get_initiators(2, a)), 1ULL << 0);
		KTEST_EXPECT_UEQ(t, mask_lo(node_get_initiators(3, a)), 1ULL << 1);
	}
	dmark = printk_log_mark();
	ktest_dump_quiet("hmat", NULL);
	KTEST_EXPECT_LOG(t, dmark, "/sys/devices/system/node/node3/access1/initiators/node1\n");
	KTEST_EXPECT_LOG(t, dmark, "/sys/devices/system/node/node2/access0/initiators/read_latency:40\n");

	/* 576 * 80 / 20 * 40960 / 10240 = 9216: memory_tier72 */
	memory_tier_establish(MEMTIER_RULE_CURRENT);
	KTEST_EXPECT(t, node_memory_tier(2, &adist, &tier));
	KTEST_EXPECT_EQ(t, adist, 9216);
	KTEST_EXPECT_EQ(t, tier, 72);
	KTEST_EXPECT(t, node_memory_tier(0, &adist, &tier));
	KTEST_EXPECT_EQ(t, adist, 576);
	KTEST_EXPECT_EQ(t, next_demotion_node(0), 2);
	KTEST_EXPECT_EQ(t, next_demotion_node(1), 3);
	KTEST_EXPECT_UEQ(t, mask_lo(node_demotion_fallback(0)), 0xcULL);
	KTEST_EXPECT_EQ(t, next_demotion_node(2), NUMA_NO_NODE);
	dmark = printk_log_mark();
	ktest_dump_quiet("memory_tiers", NULL);
	KTEST_EXPECT_LOG(t, dmark, "/sys/devices/virtual/memory_tiering/memory_tier4/nodelist:0-1\n/sys/devices/virtual/memory_tiering/memory_tier72/nodelist:2-3\n");
	KTEST_EXPECT_LOG(t, dmark, "Demotion targets for Node 1: preferred: 3, fallback: 2-3\n");
	memory_tier_establish(MEMTIER_RULE_LINUX61);
	KTEST_EXPECT_EQ(t, memory_tier_count(), 1);
	KTEST_EXPECT_EQ(t, next_demotion_node(0), NUMA_NO_NODE);
}

/*
 * No attached initiator: access0 takes the best initiator of each type in
 * Linux's order (write latency, read latency, write bandwidth, read
 * bandwidth), candidates narrowing; access1 only initiators with CPUs.
 * Also read/write tables after an access table overwrite it, zeros too,
 * and a memory-side cache.
 */
static void test_hmat_best_initiators(struct ktest *t)
{
	static const unsigned int inits[] = { 0, 1 }, targs[] = { 0, 1, 2, 3 };
	static const unsigned short lat[] = { 1, 2, 4, 4, 2, 1, 4, 4 };
	static const unsigned short rlat[] = { 0, 0, 5, 0, 0, 0, 0, 0 };
	static const unsigned short bw[] = { 20, 10, 5, 4, 10, 20, 4, 5 };
	const struct node_cache_attrs *ca;
	struct fake_table hmat;
	u64 mark;

	fake_table_start(&hmat, "HMAT", 2, 40);
	fake_hmat_proximity(&hmat, 1, 0, 0);
	fake_hmat_proximity(&hmat, 1, 1, 1);
	fake_hmat_proximity(&hmat, 0, 0, 2);	/* no attached initiator */
	fake_hmat_proximity(&hmat, 0, 0, 3);
	fake_hmat_locality(&hmat, 0, ACPI_HMAT_ACCESS_LATENCY, 10000, 2, inits, 4, targs, lat);
	fake_hmat_locality(&hmat, 0, ACPI_HMAT_READ_LATENCY, 10000, 2, inits, 4, targs, rlat);
	fake_hmat_locality(&hmat, 0, ACPI_HMAT_ACCESS_BANDWIDTH, 1024, 2, inits, 4, targs, bw);
	/* level 1 and 2, direct-mapped write-back and complex write-through; a duplicate level 1 */
	fake_hmat_cache(&hmat, 3, 16 << 20, 0x00401112);
	fake_hmat_cache(&hmat, 3, 64 << 20, 0x00802222);
	fake_hmat_cache(&hmat, 3, 8 << 20, 0x00401112);
	KTEST_ASSERT_EQ(t, hmat_boot(&hmat, NULL, &mark), 0);
	KTEST_EXPECT_LOG(t, mark, "] acpi/hmat: Locality: Flags:00 Type:Read Latency Initiator Domains:2 Target Domains:4 Base:10000\n");
	KTEST_EXPECT_LOG(t, mark, "] acpi/hmat: Cache: Domain:3 Size:16777216 Attrs:00401112 SMBIOS Handles:0\n");
	KTEST_EXPECT_LOG(t, mark, "node node3: attempt to add duplicate cache level:1\n");
	/* node 0: attached; the read-latency table's 0 overwrote the access latency */
	expect_coord(t, 0, 0, 0, 10, 20480, 20480);
	/*
	 * node 2: write latency 40 from both (both stay), read latency: only
	 * initiator 0 has one (50); bandwidth 5120 from initiator 0 only.
	 */
	expect_coord(t, 2, 0, 50, 40, 5120, 5120);
	KTEST_EXPECT_UEQ(t, mask_lo(node_get_initiators(2, 0)), 1ULL << 0);
	/*
	 * node 3: the access-latency table's best (40, both) sets both
	 * latencies (its type is "access"); the read-latency table has none;
	 * bandwidth 5120 from initiator 1.
	 */
	expect_coord(t, 3, 0, 40, 40, 5120, 5120);
	KTEST_EXPECT_UEQ(t, mask_lo(node_get_initiators(3, 0)), 1ULL << 1);
	expect_coord(t, 3, 1, 40, 40, 5120, 5120);
	ca = node_get_cache(3, 1);
	KTEST_ASSERT_NOT_NULL(t, ca);
	KTEST_EXPECT_UEQ(t, ca->size, 16u << 20);
	KTEST_EXPECT_EQ(t, ca->line_size, 64);
	KTEST_EXPECT_EQ(t, ca->indexing, NODE_CACHE_DIRECT_MAP);
	KTEST_EXPECT_EQ(t, ca->write_policy, NODE_CACHE_WRITE_BACK);
	ca = node_get_cache(3, 2);
	KTEST_ASSERT_NOT_NULL(t, ca);
	KTEST_EXPECT_EQ(t, ca->line_size, 128);
	KTEST_EXPECT_EQ(t, ca->indexing, NODE_CACHE_INDEXED);
	KTEST_EXPECT_EQ(t, ca->write_policy, NODE_CACHE_WRITE_THROUGH);
	KTEST_EXPECT_NULL(t, node_get_cache(2, 1));
}

/* Units: revision 1 divides by 10; an entry times the base past 32 bits, 0xffff and 0 give 0. */
static void test_hmat_units(struct ktest *t)
{
	static const unsigned int inits[] = { 0, 1 }, targs[] = { 0, 1, 2, 3 };
	static const unsigned short lat[] = { 100, 0xffff, 0, 7, 5, 100, 9, 70 };
	static const unsigned short bw[] = { 2, 2, 2, 2, 2, 2, 2, 2 };
	struct fake_table hmat;
	u64 mark;

	fake_table_start(&hmat, "HMAT", 1, 40);
	for (unsigned int n = 0; n < 4; n++)
		fake_hmat_proximity(&hmat, ACPI_HMAT_MEMORY_PD_VALID | 1, n & 1, n);
	fake_hmat_locality(&hmat, 0, ACPI_HMAT_ACCESS_LATENCY, 1, 2, inits, 4, targs, lat);
	fake_hmat_locality(&hmat, 0, ACPI_HMAT_ACCESS_BANDWIDTH, 0x80000000ull, 2, inits, 4, targs, bw);
	KTEST_ASSERT_EQ(t, hmat_boot(&hmat, NULL, &mark), 0);
	KTEST_EXPECT_LOG(t, mark, "] acpi/hmat: Memory (0x0 length 0x0) Flags:0003 Processor Domain:0 Memory Domain:0\n");
	KTEST_EXPECT_LOG(t, mark, "acpi/hmat:   Initiator-Target[0-0]:10 nsec\n");	/* 100 / 10 */
	KTEST_EXPECT_LOG(t, mark, "acpi/hmat:   Initiator-Target[0-1]:0 nsec\n");	/* 0xffff */
	KTEST_EXPECT_LOG(t, mark, "acpi/hmat:   Initiator-Target[0-3]:0 nsec\n");	/* below 10 */
	KTEST_EXPECT_LOG(t, mark, "acpi/hmat:   Initiator-Target[1-3]:7 nsec\n");	/* 70 / 10 */
	KTEST_EXPECT_LOG(t, mark, "acpi/hmat:   Initiator-Target[0-0]:0 MB/s\n");	/* 2 * 2^31 > 32 bits */
	expect_coord(t, 0, 0, 10, 10, 0, 0);
	expect_coord(t, 3, 1, 7, 7, 0, 0);
}

struct malformed {
	const char *why, *line;
};

/* Each malformed table: the message, "Ignoring: ...", nothing registered. */
static void test_hmat_malformed(struct ktest *t)
{
	static const unsigned int inits[] = { 0 }, targs[] = { 0, 1 }, three[] = { 0, 1, 2 };
	static const unsigned short e2[] = { 1, 2 }, e3[] = { 1, 2, 3 };
	static const struct malformed cases[] = {
		{ "proximity structure of 32 bytes", "acpi/hmat: Unexpected address range header length: 32\n" },
		{ "memory domain not in the SRAT", "acpi/hmat: Ignoring: Invalid table\n" },
		{ "processor domain not a node", "acpi/hmat: Ignoring: Invalid table\n" },
		{ "locality counts beyond its length", "acpi/hmat: Unexpected locality header length:48, minimum required:54\n" },
		{ "locality counts overflowing 32 bits", "minimum required:2305843017803628576\n" },
		{ "locality shorter than its header", "acpi/hmat: Unexpected locality header length: 24\n" },
		{ "cache shorter than its header", "acpi/hmat: Unexpected cache header length: 16\n" },
		{ "zero-length structure", "acpi/hmat: [HMAT:0x00] Invalid zero length\n" },
		{ "structure past the end", "runs past the end of the table" },
		{ "revision 3", "acpi/hmat: Ignoring: Unknown revision:3\n" },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		struct fake_table hmat;
		u8 *last;
		u64 mark;

		fake_table_start(&hmat, "HMAT", i == 9 ? 3 : 2, 40);
		fake_hmat_proximity(&hmat, 1, 0, 0);
		last = hmat.b + hmat.len;
		switch (i) {
		case 0:
			last -= 40;
			last[4] = 32;
			break;
		case 1:
			fake_hmat_proximity(&hmat, 0, 0, 9);
			break;
		case 2:
			fake_hmat_proximity(&hmat, 1, 7, 1);
			break;
		case 3:	/* claims 1 x 3 targets, holds 1 x 2 */
			fake_hmat_locality(&hmat, 0, 0, 1000, 1, inits, 2, targs, e2);
			last[16] = 3;
			break;
		case 4:	/* 0x40000000 x 0x40000000 initiators and targets */
			fake_hmat_locality(&hmat, 0, 0, 1000, 1, inits, 3, three, e3);
			memcpy(last + 12, "\0\0\0\x40\0\0\0\x40", 8);
			break;
		case 5:
			fake_hmat_locality(&hmat, 0, 0, 1000, 1, inits, 2, targs, e2);
			last[4] = 24;
			memset(last + 24, 0, 24);
			last[24] = 2, last[28] = 24;	/* the rest: a cache of 24 bytes */
			break;
		case 6:
			fake_hmat_cache(&hmat, 0, 1 << 20, 0x00401111);
			last[4] = 16;
			last[16] = 2, last[20] = 16;
			break;
		case 7:
			fake_hmat_cache(&hmat, 0, 1 << 20, 0x00401111);
			memset(last, 0, 8);
			break;
		case 8:
			fake_hmat_cache(&hmat, 0, 1 << 20, 0x00401111);
			last[4] = 200;
			break;
		default:
			break;
		}
		KTEST_ASSERT_EQ(t, hmat_boot(&hmat, NULL, &mark), 0);
		KTEST_EXPECT_MSG(t, printk_log_contains(mark, cases[i].line),
				 "%s: no \"%s\" in the log", cases[i].why, cases[i].line);
		KTEST_EXPECT_MSG(t, printk_log_contains(mark, "acpi/hmat: Ignoring: "),
				 "%s: the table was not ignored", cases[i].why);
		KTEST_EXPECT_MSG(t, nothing_registered(), "%s: attributes registered", cases[i].why);
		KTEST_EXPECT_EQ(t, fake_phys_outstanding(), 0);
	}
}

/* numa=nohmat, numa=noacpi and a missing HMAT: silence, nothing registered. */
static void test_hmat_off(struct ktest *t)
{
	struct fake_table hmat;
	u64 mark;

	fake_hmat_qemu_cxl(&hmat);
	KTEST_ASSERT_EQ(t, hmat_boot(&hmat, "numa=nohmat", &mark), 0);
	KTEST_EXPECT_NO_LOG(t, mark, "acpi/hmat");
	KTEST_EXPECT(t, nothing_registered());
	KTEST_ASSERT_EQ(t, hmat_boot(NULL, NULL, &mark), 0);
	KTEST_EXPECT_NO_LOG(t, mark, "acpi/hmat");
	KTEST_EXPECT(t, nothing_registered());
	fake_hmat_qemu_cxl(&hmat);
	hmat_boot(&hmat, "numa=noacpi", &mark);
	KTEST_EXPECT_NO_LOG(t, mark, "acpi/hmat");
	KTEST_EXPECT(t, nothing_registered());
}

static const struct ktest_case hmat_cases[] = {
	KTEST_CASE(test_hmat_qemu_cxl),
	KTEST_CASE(test_hmat_best_initiators),
	KTEST_CASE(test_hmat_units),
	KTEST_CASE(test_hmat_malformed),
	KTEST_CASE(test_hmat_off),
	{}
};
KTEST_SUITE_FULL(hmat, .cases = hmat_cases, .init = hmat_suite_init, .exit = hmat_suite_exit);

/* ---- memory_tiers_calc ---- */

/* 4 nodes of 256 MiB, CPUs on nodes 0 and 1, SLIT 10/21/24/32 as hmat-cxl. */
static void tier_topology(unsigned int nodes_with_cpus)
{
	static const u8 d[4][4] = { { 10, 21, 24, 32 }, { 21, 10, 32, 24 },
				    { 24, 32, 10, 40 }, { 32, 24, 40, 10 } };
	struct numa_topology tp;

	memset(&tp, 0, sizeof(tp));
	tp.nr_nodes = 4;
	tp.nr_ranges = 4;
	for (unsigned int n = 0; n < 4; n++) {
		tp.ranges[n] = (struct numa_memrange){ (u64)n << 28, (u64)(n + 1) << 28, (int)n };
		for (unsigned int m = 0; m < 4; m++)
			tp.distance[n][m] = d[n][m];
	}
	tp.nr_cpus = nodes_with_cpus;
	for (unsigned int c = 0; c < nodes_with_cpus; c++) {
		tp.cpu_apicid[c] = c;
		tp.cpu_to_node[c] = (int)c;
	}
	numa_register_topology(&tp);
	node_hmem_reset();
}

static void set_perf(int nid, unsigned int rl, unsigned int wl, unsigned int rb, unsigned int wb)
{
	struct access_coordinate c = { .read_latency = rl, .write_latency = wl,
				       .read_bandwidth = rb, .write_bandwidth = wb };

	node_set_perf_attrs((unsigned int)nid, &c, ACCESS_COORDINATE_CPU);
}

static int adist_of(int nid)
{
	int adist = -1, tier;

	node_memory_tier(nid, &adist, &tier);
	return adist;
}

static void test_adistance_by_hand(struct ktest *t)
{
	int tier, adist;

	tier_topology(2);
	set_perf(0, 10, 10, 20480, 20480);
	set_perf(1, 10, 10, 20480, 20480);
	set_perf(2, 40, 40, 5120, 5120);	/* 576 * 80 / 20 * 40960 / 10240 = 9216 */
	set_perf(3, 50, 80, 5120, 2560);	/* 576 * 130 / 20 * 40960 / 7680 = 19968 */
	memory_tier_establish(MEMTIER_RULE_CURRENT);
	KTEST_EXPECT_EQ(t, adist_of(0), 576);
	KTEST_EXPECT_EQ(t, adist_of(2), 9216);
	KTEST_EXPECT_EQ(t, adist_of(3), 19968);
	KTEST_EXPECT(t, node_memory_tier(3, &adist, &tier));
	KTEST_EXPECT_EQ(t, tier, 156);
	KTEST_EXPECT_EQ(t, memory_tier_count(), 3);
	/* Demotion goes one tier down; the fallback is every lower tier. */
	KTEST_EXPECT_EQ(t, next_demotion_node(0), 2);
	KTEST_EXPECT_EQ(t, next_demotion_node(1), 2);
	KTEST_EXPECT_UEQ(t, mask_lo(node_demotion_fallback(1)), 0xcULL);
	KTEST_EXPECT_EQ(t, next_demotion_node(2), 3);
	KTEST_EXPECT_EQ(t, next_demotion_node(3), NUMA_NO_NODE);

	/* Faster than DRAM: 576 * 10 / 20 * 40960 / 81920 = 144, tier 1 above DRAM's. */
	set_perf(2, 5, 5, 40960, 40960);
	memory_tier_establish(MEMTIER_RULE_CURRENT);
	KTEST_EXPECT_EQ(t, adist_of(2), 144);
	KTEST_EXPECT(t, node_memory_tier(2, &adist, &tier));
	KTEST_EXPECT_EQ(t, tier, 1);
	KTEST_EXPECT_EQ(t, next_demotion_node(2), 0);	/* nearest of tier 4 (24 < 32) */

	/* A CPU-less node without HMAT figures stays at DRAM's. */
	tier_topology(2);
	set_perf(0, 10, 10, 20480, 20480);
	set_perf(1, 10, 10, 20480, 20480);
	memory_tier_establish(MEMTIER_RULE_CURRENT);
	KTEST_EXPECT_EQ(t, adist_of(3), 576);
	KTEST_EXPECT_EQ(t, memory_tier_count(), 1);
}

/* DRAM nodes 10% apart are one reference; more disables the rule, with Linux's report. */
static void test_dram_reference(struct ktest *t)
{
	u64 mark;

	tier_topology(2);
	set_perf(0, 10, 10, 20480, 20480);
	set_perf(1, 11, 11, 18432, 18432);	/* 1 * 10 <= 10; 2048 * 10 <= 20480 */
	set_perf(2, 40, 40, 5120, 5120);
	memory_tier_establish(MEMTIER_RULE_CURRENT);
	KTEST_EXPECT_EQ(t, adist_of(2), 9216);	/* node 0, the first, is the reference */

	set_perf(1, 12, 10, 20480, 20480);	/* 2 * 10 > 10 */
	mark = printk_log_mark();
	memory_tier_establish(MEMTIER_RULE_CURRENT);
	KTEST_EXPECT_LOG(t, mark, "memory-tiers: the performance of DRAM node 1 mismatches that of the reference\n");
	KTEST_EXPECT_LOG(t, mark, "DRAM node 0.\n");
	KTEST_EXPECT_LOG(t, mark, "    read_latency: 12, write_latency: 10, read_bandwidth: 20480, write_bandwidth: 20480\n");
	KTEST_EXPECT_LOG(t, mark, "  disable default DRAM node performance based abstract distance algorithm.\n");
	KTEST_EXPECT_EQ(t, adist_of(2), 576);
	KTEST_EXPECT_EQ(t, memory_tier_count(), 1);

	/* A DRAM reference with a zero latency sum is no reference (hmat-cache). */
	tier_topology(1);
	set_perf(0, 0, 0, 20480, 20480);
	set_perf(1, 50, 80, 5120, 5120);
	memory_tier_establish(MEMTIER_RULE_CURRENT);
	KTEST_EXPECT_EQ(t, adist_of(1), 576);
}

static void test_perf_to_adistance_errors(struct ktest *t)
{
	struct access_coordinate zero = { 0 };
	struct access_coordinate slow = { .read_latency = 40, .write_latency = 40,
					  .read_bandwidth = 5120, .write_bandwidth = 5120 };
	struct access_coordinate huge = { .read_latency = 0xffffffffu, .read_bandwidth = 1,
					  .write_bandwidth = 0xfffffffeu };
	struct access_coordinate dram = { .read_latency = 10, .write_latency = 10,
					  .read_bandwidth = 20480, .write_bandwidth = 20480 };
	int adist = 1234;

	tier_topology(2);
	memory_tier_establish(MEMTIER_RULE_CURRENT);	/* no figures: no reference */
	KTEST_EXPECT_EQ(t, mt_perf_to_adistance(&slow, &adist), -ENOENT);
	KTEST_EXPECT_EQ(t, mt_set_default_dram_perf(0, &zero, "test"), -EINVAL);
	KTEST_EXPECT_EQ(t, mt_set_default_dram_perf(0, &dram, "test"), 0);
	KTEST_EXPECT_EQ(t, mt_perf_to_adistance(&zero, &adist), -EINVAL);
	KTEST_EXPECT_EQ(t, adist, 1234);
	KTEST_EXPECT_EQ(t, mt_perf_to_adistance(&slow, &adist), 0);
	KTEST_EXPECT_EQ(t, adist, 9216);
	/* Extreme figures: wrapping arithmetic, no trap (UBSan would abort). */
	KTEST_EXPECT_EQ(t, mt_perf_to_adistance(&huge, &adist), 0);
	KTEST_EXPECT_EQ(t, mt_set_default_dram_perf(1, &slow, "test"), -EINVAL);
	KTEST_EXPECT_EQ(t, mt_set_default_dram_perf(1, &dram, "test"), -EIO);
	KTEST_EXPECT_EQ(t, mt_perf_to_adistance(&slow, &adist), -EIO);
}

static const struct ktest_case memory_tiers_calc_cases[] = {
	KTEST_CASE(test_adistance_by_hand),
	KTEST_CASE(test_dram_reference),
	KTEST_CASE(test_perf_to_adistance_errors),
	{}
};
KTEST_SUITE_FULL(memory_tiers_calc, .cases = memory_tiers_calc_cases, .init = hmat_suite_init,
		 .exit = hmat_suite_exit);
#endif /* NB_HOSTED */

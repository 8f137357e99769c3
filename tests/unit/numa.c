/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * NUMA topology tests.
 *
 * numa_topology (kernel and hosted): mm/numa.c's validation of the
 * hand-over and its accessors. Every case puts the topology it found back.
 * numa_srat, numa_emu (hosted only): the whole discovery path, from ACPI
 * tables in fake physical memory and RAM in memblock to the registered
 * topology, checked against Linux's log lines and results.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/params.h>
#include <kernel/report.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mm/memblock.h>
#include <mm/mmzone.h>
#include <mm/numa.h>

/* ---- numa_topology ---- */

static struct numa_topology saved_topo, topo;

static int numa_topology_init(void)
{
	saved_topo = *numa_topology();
	return 0;
}

static void numa_topology_exit(void)
{
	numa_register_topology(&saved_topo);
}

/* Two nodes of 1 GiB, CPU 0 on node 0 and CPU 1 on node 1, distances 10/21. */
static void two_nodes(struct numa_topology *t)
{
	memset(t, 0, sizeof(*t));
	t->nr_nodes = 2;
	t->nr_ranges = 2;
	t->ranges[0] = (struct numa_memrange){ 0, 0x40000000, 0 };
	t->ranges[1] = (struct numa_memrange){ 0x40000000, 0x80000000, 1 };
	t->distance[0][0] = t->distance[1][1] = 10;
	t->distance[0][1] = 21;
	t->distance[1][0] = 31;
	t->nr_cpus = 2;
	t->cpu_apicid[0] = 0;
	t->cpu_apicid[1] = 1;
	t->cpu_to_node[0] = 0;
	t->cpu_to_node[1] = 1;
}

static void test_topology_accessors(struct ktest *t)
{
	two_nodes(&topo);
	KTEST_ASSERT_EQ(t, numa_register_topology(&topo), 0);
	KTEST_EXPECT_EQ(t, nr_node_ids, 2);
	KTEST_EXPECT_EQ(t, node_distance(0, 1), 21);
	KTEST_EXPECT_EQ(t, node_distance(1, 0), 31);	/* asymmetric, as given */
	KTEST_EXPECT_EQ(t, node_distance(1, 1), 10);
	KTEST_EXPECT_EQ(t, node_distance(0, 5), 20);	/* outside the table */
	KTEST_EXPECT_EQ(t, node_distance(5, 5), 10);
	KTEST_EXPECT_EQ(t, node_distance(-1, 0), 20);
	KTEST_EXPECT_EQ(t, cpu_to_node(1), 1);
	KTEST_EXPECT_EQ(t, cpu_to_node(2), NUMA_NO_NODE);
	KTEST_EXPECT(t, node_has_memory(1));
	KTEST_EXPECT(t, !node_has_memory(2));
	/* The registered copy is the caller's: changing it later changes nothing. */
	topo.distance[0][1] = 99;
	KTEST_EXPECT_EQ(t, node_distance(0, 1), 21);
	KTEST_EXPECT_EQ(t, numa_topology()->ranges[1].start, 0x40000000);

	/* A node with neither memory nor CPUs is allowed; so is a memoryless CPU node. */
	two_nodes(&topo);
	topo.nr_nodes = 3;
	topo.distance[2][2] = 10;
	topo.distance[0][2] = topo.distance[2][0] = topo.distance[1][2] = topo.distance[2][1] = 20;
	topo.nr_ranges = 1;
	KTEST_EXPECT_EQ(t, numa_register_topology(&topo), 0);
	KTEST_EXPECT_EQ(t, nr_node_ids, 3);
	KTEST_EXPECT(t, !node_has_memory(1));
	KTEST_EXPECT_EQ(t, cpu_to_node(1), 1);
}

static void test_topology_rejects(struct ktest *t)
{
	static const struct {
		const char *msg;
		int what;
	} bad[] = {
		{ "NUMA: invalid topology (0 nodes (must be 1..128)), keeping the previous one", 0 },
		{ "NUMA: invalid topology (129 nodes (must be 1..128))", 1 },
		{ "NUMA: invalid topology (range 1 [mem 0x40000000-0x40000000) is empty)", 2 },
		{ "NUMA: invalid topology (range 1 is on node 2 of 2)", 3 },
		{ "NUMA: invalid topology (range 1 [mem 0x3ffff000-0x80000000) is unsorted or overlaps the one before)", 4 },
		{ "NUMA: invalid topology (distance 1 -> 1 is 20)", 5 },
		{ "NUMA: invalid topology (distance 0 -> 1 is 9)", 6 },
		{ "NUMA: invalid topology (CPU 1 is on node -1 of 2)", 7 },
		{ "NUMA: invalid topology (CPUs 0 and 1 share APIC id 0x0)", 8 },
		{ "NUMA: invalid topology (0 CPUs (must be 1..", 9 },
		{ "NUMA: invalid topology (257 ranges (at most 256))", 10 },
		{ "NUMA: invalid topology (range 1 [mem 0x00000000-0x40000000) is unsorted or overlaps", 11 },
	};
	unsigned int i;
	u64 mark;
	int rc;

	two_nodes(&topo);
	KTEST_ASSERT_EQ(t, numa_register_topology(&topo), 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		two_nodes(&topo);
		switch (bad[i].what) {
		case 0: topo.nr_nodes = 0; break;
		case 1: topo.nr_nodes = MAX_NUMNODES + 1; break;
		case 2: topo.ranges[1].end = topo.ranges[1].start; break;
		case 3: topo.ranges[1].nid = 2; break;
		case 4: topo.ranges[1].start = 0x3ffff000; break;
		case 5: topo.distance[1][1] = 20; break;
		case 6: topo.distance[0][1] = 9; break;
		case 7: topo.cpu_to_node[1] = NUMA_NO_NODE; break;
		case 8: topo.cpu_apicid[1] = 0; break;
		case 9: topo.nr_cpus = 0; break;
		case 10: topo.nr_ranges = NR_NODE_MEMBLKS + 1; break;
		case 11:	/* unsorted */
			topo.ranges[0] = (struct numa_memrange){ 0x40000000, 0x80000000, 1 };
			topo.ranges[1] = (struct numa_memrange){ 0, 0x40000000, 0 };
			break;
		}
		mark = printk_log_mark();
		console_suppress++;	/* the refusals are expected: keep them off the console */
		rc = numa_register_topology(&topo);
		console_suppress--;
		KTEST_EXPECT_EQ(t, rc, -EINVAL);
		KTEST_EXPECT_LOG(t, mark, bad[i].msg);
		/* Nothing of a refused topology is installed. */
		KTEST_EXPECT_EQ(t, nr_node_ids, 2);
		KTEST_EXPECT_EQ(t, node_distance(0, 1), 21);
		KTEST_EXPECT_EQ(t, numa_topology()->ranges[1].nid, 1);
	}
	console_suppress++;
	rc = numa_register_topology(NULL);
	console_suppress--;
	KTEST_EXPECT_EQ(t, rc, -EINVAL);
}

static const struct ktest_case numa_topology_cases[] = {
	KTEST_CASE(test_topology_accessors),
	KTEST_CASE(test_topology_rejects),
	{}
};
KTEST_SUITE_FULL(numa_topology, .cases = numa_topology_cases, .init = numa_topology_init,
		 .exit = numa_topology_exit);

#ifdef NB_HOSTED
#include <asm/acpi.h>
#include <asm/numa.h>
#include "../host/fake_phys.h"

#define MB(x)	((u64)(x) << 20)
#define GB(x)	((u64)(x) << 30)

static struct boot_info numa_bi;

static void numa_srat_exit(void)
{
	numa_reset_options();
	numa_node_data_size = 0;
	fake_fw_reset();
	acpi_boot_table_init(NULL);
	fake_phys_reset();
	memblock_reset();
	numa_register_topology(&saved_topo);
}

#define qemu_ram(mb)	fake_ram_qemu(mb)

/* x86_numa_init() succeeded and left memblock agreeing with the topology. */
#define NUMA_INIT_OK(t) do {						\
	const char *__why;						\
	KTEST_ASSERT_EQ(t, x86_numa_init(), 0);				\
	__why = fake_numa_check();					\
	KTEST_EXPECT_MSG(t, !__why, "memblock vs topology: %s", __why);	\
} while (0)

/*
 * Boot the ACPI part: a MADT with @nr_cpus local APICs (APIC ids 0..), and
 * the given SRAT and SLIT (NULL: none). Options are reset first; @cmdline
 * (or NULL) is then applied as early parameters.
 */
static int boot_acpi(struct fake_table *srat, struct fake_table *slit, unsigned int nr_cpus,
		     const char *cmdline)
{
	phys_addr_t tables[3];
	unsigned int n = 0;

	numa_reset_options();
	numa_node_data_size = 0;
	if (cmdline)
		parse_params(cmdline, true, false);
	fake_fw_reset();
	tables[n++] = fake_acpi_madt_cpus(nr_cpus);
	if (srat)
		tables[n++] = fake_acpi_install(srat, 0, true);
	if (slit)
		tables[n++] = fake_acpi_install(slit, 0, true);
	return fake_acpi_boot(tables, n, &numa_bi);
}

/*
 * boot_acpi(@srat, @slit, @nr_cpus, @cmdline), which must succeed, then
 * NUMA_INIT_OK; @mark is set in between, where x86_numa_init()'s log starts.
 */
#define BOOT_NUMA_OK(t, mark, srat, slit, nr_cpus, cmdline) do {		\
	KTEST_ASSERT_EQ(t, boot_acpi(srat, slit, nr_cpus, cmdline), 0);	\
	mark = printk_log_mark();						\
	NUMA_INIT_OK(t);							\
} while (0)

/* QEMU's SRAT for -numa nodes of the given sizes (MiB), one CPU per node, below 4 GiB. */
static void qemu_srat(struct fake_table *tb, const unsigned int *node_mb, unsigned int nodes)
{
	u64 base = 0;
	unsigned int i;

	fake_table_start(tb, "SRAT", 1, 48);
	for (i = 0; i < nodes; i++)
		fake_srat_cpu(tb, i, (u8)i, 1);
	for (i = 0; i < nodes; i++) {
		u64 end = base + MB(node_mb[i]);

		if (i == 0) {
			fake_srat_mem(tb, 0, 0, 0xa0000, 1);
			fake_srat_mem(tb, 0, 0x100000, end - 0x100000, 1);
		} else {
			if (base >= GB(3) && base < GB(4))
				base = GB(4), end = base + MB(node_mb[i]);
			fake_srat_mem(tb, i, base, end - base, 1);
		}
		base = end;
	}
}

static void expect_range(struct ktest *t, const struct numa_topology *tp, unsigned int i,
			 u64 start, u64 end, int nid)
{
	KTEST_EXPECT_MSG(t, i < tp->nr_ranges, "range %u missing (%u ranges)", i, tp->nr_ranges);
	if (i >= tp->nr_ranges)
		return;
	KTEST_EXPECT_MSG(t, tp->ranges[i].start == start && tp->ranges[i].end == end &&
			 tp->ranges[i].nid == nid,
			 "range %u is [%#llx-%#llx) on node %d, expected [%#llx-%#llx) on node %d", i,
			 (unsigned long long)tp->ranges[i].start,
			 (unsigned long long)tp->ranges[i].end, tp->ranges[i].nid,
			 (unsigned long long)start, (unsigned long long)end, nid);
}

/* The node memblock gives @addr. */
static int memblock_nid(phys_addr_t addr)
{
	return memblock_search_pfn_nid(PFN_DOWN(addr), NULL, NULL);
}

/* The reference machine linux-6.1-2node-2G. */
static void test_numa_qemu_2node(struct ktest *t)
{
	static const unsigned int sizes[] = { 1024, 1024 };
	struct fake_table srat;
	const struct numa_topology *tp;
	u64 mark;

	qemu_ram(2048);
	qemu_srat(&srat, sizes, 2);
	KTEST_ASSERT_EQ(t, boot_acpi(&srat, NULL, 2, NULL), 0);
	numa_node_data_size = 0x2b000;
	mark = printk_log_mark();
	NUMA_INIT_OK(t);

	KTEST_EXPECT_LOG(t, mark, "] SRAT: PXM 0 -> APIC 0x00 -> Node 0\n");
	KTEST_EXPECT_LOG(t, mark, "] SRAT: PXM 1 -> APIC 0x01 -> Node 1\n");
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]\n");
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0x3fffffff]\n");
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff]\n");
	KTEST_EXPECT_LOG(t, mark, "] NUMA: Node 0 [mem 0x00000000-0x0009ffff] + [mem 0x00100000-0x3fffffff] -> [mem 0x00000000-0x3fffffff]\n");
	KTEST_EXPECT_LOG(t, mark, "] NODE_DATA(0) allocated [mem 0x3ffd5000-0x3fffffff]\n");
	KTEST_EXPECT_LOG(t, mark, "] NODE_DATA(1) allocated [mem ");
	KTEST_EXPECT_NO_LOG(t, mark, "on node");
	KTEST_EXPECT_NO_LOG(t, mark, "Initialized distance table");	/* no SLIT */
	KTEST_EXPECT_NO_LOG(t, mark, "No NUMA configuration found");

	tp = numa_topology();
	KTEST_EXPECT_EQ(t, nr_node_ids, 2);
	KTEST_ASSERT_EQ(t, tp->nr_ranges, 2);
	expect_range(t, tp, 0, 0, GB(1), 0);
	expect_range(t, tp, 1, GB(1), 0x7ffe0000, 1);	/* clipped to max_pfn */
	KTEST_EXPECT_EQ(t, node_distance(0, 1), 20);
	KTEST_EXPECT_EQ(t, node_distance(1, 0), 20);
	KTEST_EXPECT_EQ(t, tp->nr_cpus, 2);
	KTEST_EXPECT_EQ(t, cpu_to_node(0), 0);
	KTEST_EXPECT_EQ(t, cpu_to_node(1), 1);
	KTEST_EXPECT(t, !memcmp(tp, x86_numa_topology(), sizeof(*tp)));
	/* memblock carries the nodes. */
	KTEST_EXPECT_EQ(t, memblock_nid(0x1000), 0);
	KTEST_EXPECT_EQ(t, memblock_nid(GB(1) - 1), 0);
	KTEST_EXPECT_EQ(t, memblock_nid(GB(1)), 1);
	KTEST_EXPECT_EQ(t, memblock_nid(0x7ffdffff), 1);
	KTEST_EXPECT_EQ(t, numa_node_data_phys(0), 0x3ffd5000);
	KTEST_EXPECT(t, memblock_is_reserved(0x3ffd5000));
	KTEST_EXPECT_EQ(t, fake_phys_outstanding(), 0);
}

/* The reference machine linux-6.1-4node-4G-slit, and dump=numa on it. */
static void test_numa_qemu_4node_slit(struct ktest *t)
{
	static const unsigned int sizes[] = { 1024, 1024, 1024, 1024 };
	static const u8 dist[16] = { 10, 20, 30, 40,  25, 10, 20, 30,
				     35, 25, 10, 20,  45, 35, 25, 10 };
	struct fake_table srat, slit;
	const struct numa_topology *tp;
	unsigned int i, j;
	u64 mark;

	qemu_ram(4096);
	qemu_srat(&srat, sizes, 4);
	fake_slit(&slit, 4, dist);
	BOOT_NUMA_OK(t, mark, &srat, &slit, 4, NULL);

	KTEST_EXPECT_LOG(t, mark, "] SRAT: PXM 3 -> APIC 0x03 -> Node 3\n");
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SRAT: Node 2 PXM 2 [mem 0x80000000-0xbfffffff]\n");
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SRAT: Node 3 PXM 3 [mem 0x100000000-0x13fffffff]\n");
	KTEST_EXPECT_LOG(t, mark, "] NUMA: Initialized distance table, cnt=4\n");
	KTEST_EXPECT_LOG(t, mark, "] NUMA: Node 0 [mem 0x00000000-0x0009ffff] + [mem 0x00100000-0x3fffffff] -> [mem 0x00000000-0x3fffffff]\n");

	tp = numa_topology();
	KTEST_ASSERT_EQ(t, tp->nr_nodes, 4);
	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			KTEST_EXPECT_MSG(t, node_distance((int)i, (int)j) == dist[i * 4 + j],
					 "distance %u -> %u is %d, the SLIT says %u", i, j,
					 node_distance((int)i, (int)j), dist[i * 4 + j]);
	expect_range(t, tp, 2, GB(2), GB(3), 2);
	expect_range(t, tp, 3, GB(4), GB(5), 3);
	KTEST_EXPECT_EQ(t, cpu_to_node(3), 3);

	mark = printk_log_mark();
	KTEST_ASSERT(t, ktest_dump_quiet("numa", NULL));
	KTEST_EXPECT_LOG(t, mark,
		"----- BEGIN numa -----\n"
		"available: 4 nodes (0-3)\n"
		"node 0 cpus: 0\n"
		"node 0 size: 1023 MB\n"
		"node 0 free: 1023 MB\n"
		"node 1 cpus: 1\n"
		"node 1 size: 1024 MB\n"
		"node 1 free: 1023 MB\n"
		"node 2 cpus: 2\n"
		"node 2 size: 1023 MB\n"
		"node 2 free: 1023 MB\n"
		"node 3 cpus: 3\n"
		"node 3 size: 1024 MB\n"
		"node 3 free: 1024 MB\n"
		"node distances:\n"
		"node   0   1   2   3 \n"
		"  0:  10  20  30  40 \n"
		"  1:  25  10  20  30 \n"
		"  2:  35  25  10  20 \n"
		"  3:  45  35  25  10 \n"
		"----- END numa -----\n");
}

/* The reference machine linux-6.1-nonuma-1G: no SRAT at all. */
static void test_numa_no_srat(struct ktest *t)
{
	const struct numa_topology *tp;
	u64 mark;

	qemu_ram(1024);
	BOOT_NUMA_OK(t, mark, NULL, NULL, 2, NULL);
	KTEST_EXPECT_LOG(t, mark, "] No NUMA configuration found\n");
	KTEST_EXPECT_LOG(t, mark, "] Faking a node at [mem 0x0000000000000000-0x000000003ffdffff]\n");
	tp = numa_topology();
	KTEST_EXPECT_EQ(t, tp->nr_nodes, 1);
	KTEST_ASSERT_EQ(t, tp->nr_ranges, 1);
	expect_range(t, tp, 0, 0, 0x3ffe0000, 0);
	KTEST_EXPECT_EQ(t, tp->nr_cpus, 2);
	KTEST_EXPECT_EQ(t, cpu_to_node(1), 0);
	KTEST_EXPECT_EQ(t, memblock_nid(0x1000), 0);

	mark = printk_log_mark();
	KTEST_ASSERT(t, ktest_dump_quiet("numa", NULL));
	KTEST_EXPECT_LOG(t, mark, "available: 1 nodes (0)\nnode 0 cpus: 0 1\nnode 0 size: 1023 MB\n");
	KTEST_EXPECT_LOG(t, mark, "node distances:\nnode   0 \n  0:  10 \n");
}

static void test_numa_off_and_noacpi(struct ktest *t)
{
	static const unsigned int sizes[] = { 1024, 1024 };
	struct fake_table srat;
	u64 mark;

	qemu_ram(2048);
	qemu_srat(&srat, sizes, 2);
	KTEST_ASSERT_EQ(t, boot_acpi(&srat, NULL, 2, "numa=off"), 0);
	KTEST_EXPECT(t, numa_off);
	mark = printk_log_mark();
	NUMA_INIT_OK(t);
	KTEST_EXPECT_LOG(t, mark, "] NUMA turned off\n");
	KTEST_EXPECT_LOG(t, mark, "] Faking a node at [mem 0x0000000000000000-0x000000007ffdffff]\n");
	KTEST_EXPECT_NO_LOG(t, mark, "SRAT");
	KTEST_EXPECT_EQ(t, nr_node_ids, 1);

	qemu_srat(&srat, sizes, 2);
	BOOT_NUMA_OK(t, mark, &srat, NULL, 2, "numa=noacpi");
	KTEST_EXPECT_LOG(t, mark, "] No NUMA configuration found\n");
	KTEST_EXPECT_NO_LOG(t, mark, "SRAT");
	KTEST_EXPECT_EQ(t, nr_node_ids, 1);
	KTEST_EXPECT_EQ(t, cpu_to_node(1), 0);

	/* numa=noacpi does not outlive numa_reset_options(). */
	qemu_srat(&srat, sizes, 2);
	BOOT_NUMA_OK(t, mark, &srat, NULL, 2, NULL);
	KTEST_EXPECT_EQ(t, nr_node_ids, 2);

	/* Bad values are reported and change nothing. */
	mark = printk_log_mark();
	KTEST_EXPECT_EQ(t, numa_parse_option("offf"), -EINVAL);
	KTEST_EXPECT_EQ(t, numa_parse_option(NULL), -EINVAL);
	parse_params("numa=bogus", true, false);
	KTEST_EXPECT_LOG(t, mark, "Malformed value for boot parameter 'numa': 'bogus' (invalid), using the default");
	KTEST_EXPECT(t, !numa_off);
}

/* Only the first node's memory is in the SRAT: Linux refuses it. */
static void test_numa_coverage(struct ktest *t)
{
	struct fake_table srat;
	u64 mark;

	qemu_ram(2048);
	fake_table_start(&srat, "SRAT", 1, 48);
	fake_srat_cpu(&srat, 0, 0, 1);
	fake_srat_mem(&srat, 0, 0, 0xa0000, 1);
	fake_srat_mem(&srat, 0, 0x100000, GB(1) - 0x100000, 1);
	BOOT_NUMA_OK(t, mark, &srat, NULL, 2, NULL);
	KTEST_EXPECT_LOG(t, mark, "] NUMA: nodes only cover 1023MB of your 2047MB e820 RAM. Not used.\n");
	KTEST_EXPECT_LOG(t, mark, "] No NUMA configuration found\n");
	KTEST_EXPECT_EQ(t, nr_node_ids, 1);
	/* memblock was tagged by the refused attempt, then by the fallback. */
	KTEST_EXPECT_EQ(t, memblock_nid(0x7ffdf000), 0);
	KTEST_EXPECT_EQ(t, memblock_nid(0x1000), 0);

	/* Up to 1 MiB short is tolerated. */
	fake_table_start(&srat, "SRAT", 1, 48);
	fake_srat_mem(&srat, 0, 0, GB(1), 1);
	fake_srat_mem(&srat, 1, GB(1), 0x7ffe0000 - GB(1) - 0xff000, 1);
	BOOT_NUMA_OK(t, mark, &srat, NULL, 2, NULL);
	KTEST_EXPECT_NO_LOG(t, mark, "nodes only cover");
	KTEST_EXPECT_EQ(t, nr_node_ids, 2);
	/* CPUs the SRAT does not place go round-robin over the nodes with memory. */
	KTEST_EXPECT_EQ(t, cpu_to_node(0), 0);
	KTEST_EXPECT_EQ(t, cpu_to_node(1), 1);
}

static void test_numa_overlap_and_merge(struct ktest *t)
{
	struct fake_table srat;
	const struct numa_topology *tp;
	u64 mark;

	qemu_ram(2048);
	fake_table_start(&srat, "SRAT", 1, 48);
	fake_srat_mem(&srat, 0, 0, GB(1), 1);
	fake_srat_mem(&srat, 1, MB(512), GB(2) - MB(512), 1);
	BOOT_NUMA_OK(t, mark, &srat, NULL, 1, NULL);
	KTEST_EXPECT_LOG(t, mark, "] NUMA: node 0 [mem 0x00000000-0x3fffffff] overlaps with node 1 [mem 0x20000000-0x7ffdffff]\n");
	KTEST_EXPECT_LOG(t, mark, "] No NUMA configuration found\n");
	KTEST_EXPECT_EQ(t, nr_node_ids, 1);

	/* Overlaps within one node are warned about and merged. */
	fake_table_start(&srat, "SRAT", 1, 48);
	fake_srat_mem(&srat, 0, 0, GB(1), 1);
	fake_srat_mem(&srat, 0, MB(512), MB(768), 1);
	fake_srat_mem(&srat, 1, MB(1280), GB(2) - MB(1280), 1);
	BOOT_NUMA_OK(t, mark, &srat, NULL, 1, NULL);
	KTEST_EXPECT_LOG(t, mark, "] NUMA: Warning: node 0 [mem 0x00000000-0x3fffffff] overlaps with itself [mem 0x20000000-0x4fffffff]\n");
	KTEST_EXPECT_LOG(t, mark, "] NUMA: Node 0 [mem 0x00000000-0x3fffffff] + [mem 0x20000000-0x4fffffff] -> [mem 0x00000000-0x4fffffff]\n");
	tp = numa_topology();
	KTEST_ASSERT_EQ(t, tp->nr_ranges, 2);
	expect_range(t, tp, 0, 0, MB(1280), 0);

	/* Blocks of one node around another node's block stay apart. */
	fake_table_start(&srat, "SRAT", 1, 48);
	fake_srat_mem(&srat, 0, 0, MB(512), 1);
	fake_srat_mem(&srat, 1, MB(512), MB(512), 1);
	fake_srat_mem(&srat, 0, GB(1), GB(1), 1);
	BOOT_NUMA_OK(t, mark, &srat, NULL, 1, NULL);
	KTEST_EXPECT_NO_LOG(t, mark, "NUMA: Node 0");
	tp = numa_topology();
	KTEST_ASSERT_EQ(t, tp->nr_ranges, 3);
	expect_range(t, tp, 0, 0, MB(512), 0);
	expect_range(t, tp, 1, MB(512), GB(1), 1);
	expect_range(t, tp, 2, GB(1), 0x7ffe0000, 0);
	KTEST_EXPECT_EQ(t, memblock_nid(GB(1) + 0x1000), 0);
}

static void test_numa_too_many(struct ktest *t)
{
	struct fake_table srat;
	unsigned int i;
	u64 mark;

	/* MAX_NUMNODES + 1 proximity domains (129 for 128 node ids). */
	qemu_ram(4096);
	fake_table_start(&srat, "SRAT", 3, 48);
	for (i = 0; i <= MAX_NUMNODES; i++)
		fake_srat_mem(&srat, i, MB(16) * i, MB(16), 1);	/* PXMs below MAX_PXM_DOMAINS */
	BOOT_NUMA_OK(t, mark, &srat, NULL, 1, NULL);
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SRAT: Node 127 PXM 127 [mem 0x7f000000-0x7fffffff]\n");
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SRAT: Too many proximity domains.\n");
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SRAT: SRAT not used.\n");
	KTEST_EXPECT_LOG(t, mark, "] No NUMA configuration found\n");
	KTEST_EXPECT_EQ(t, nr_node_ids, 1);

	/* A processor PXM beyond what node ids can map (revision 2: 32 bits). */
	fake_table_start(&srat, "SRAT", 2, 48);
	fake_srat_cpu(&srat, 0x100, 0, 1);
	fake_srat_mem(&srat, 0, 0, GB(2), 1);
	BOOT_NUMA_OK(t, mark, &srat, NULL, 1, NULL);
	KTEST_EXPECT_LOG(t, mark, "] SRAT: Too many proximity domains 100\n");
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SRAT: SRAT not used.\n");
	KTEST_EXPECT_NO_LOG(t, mark, "ACPI: SRAT: Node");
	KTEST_EXPECT_LOG(t, mark, "] No NUMA configuration found\n");

	/* More memory blocks than the meminfo holds. */
	fake_table_start(&srat, "SRAT", 1, 48);
	for (i = 0; i <= NR_NODE_MEMBLKS; i++)
		fake_srat_mem(&srat, i & 1, MB(8) * i, MB(8), 1);
	BOOT_NUMA_OK(t, mark, &srat, NULL, 1, NULL);
	KTEST_EXPECT_LOG(t, mark, "] NUMA: too many memblk ranges\n");
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SRAT: Failed to add memblk to node 0 [mem 0x80000000-0x807fffff]\n");
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SRAT: SRAT not used.\n");
	KTEST_EXPECT_LOG(t, mark, "] No NUMA configuration found\n");
	KTEST_EXPECT_EQ(t, nr_node_ids, 1);
}

static void test_numa_malformed_srat(struct ktest *t)
{
	struct fake_table srat;
	u64 mark;

	qemu_ram(2048);
	/* A zero-length subtable. */
	fake_table_start(&srat, "SRAT", 1, 48);
	fake_srat_mem(&srat, 0, 0, GB(1), 1);
	fake_table_put(&srat, "\x01\x00", 2);
	fake_srat_mem(&srat, 1, GB(1), GB(1), 1);
	BOOT_NUMA_OK(t, mark, &srat, NULL, 1, NULL);
	KTEST_EXPECT_LOG(t, mark, "] ACPI: [SRAT:0x01] Invalid zero length\n");
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SRAT: SRAT not used.\n");
	KTEST_EXPECT_NO_LOG(t, mark, "ACPI: SRAT: Node");	/* nothing was used */
	KTEST_EXPECT_LOG(t, mark, "] No NUMA configuration found\n");
	KTEST_EXPECT_EQ(t, nr_node_ids, 1);

	/* A subtable running past the end of the table. */
	fake_table_start(&srat, "SRAT", 1, 48);
	fake_srat_mem(&srat, 0, 0, GB(2), 1);
	fake_table_put(&srat, "\x01\x28\x00\x00", 4);
	BOOT_NUMA_OK(t, mark, &srat, NULL, 1, NULL);
	KTEST_EXPECT_LOG(t, mark, "] ACPI: [SRAT:0x01] subtable at offset 0x58 (length 40) runs past the end of the table (0x5c), table ignored\n");
	KTEST_EXPECT_LOG(t, mark, "] No NUMA configuration found\n");

	/* A memory entry too short for its fields. */
	fake_table_start(&srat, "SRAT", 1, 48);
	fake_srat_mem(&srat, 0, 0, GB(2), 1);
	fake_table_put(&srat, "\x01\x18\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00"
			      "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", 24);
	BOOT_NUMA_OK(t, mark, &srat, NULL, 1, NULL);
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SRAT: Unexpected header length: 24\n");
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SRAT: SRAT not used.\n");
	KTEST_EXPECT_LOG(t, mark, "] No NUMA configuration found\n");

	/* A processor entry of the wrong size. */
	fake_table_start(&srat, "SRAT", 1, 48);
	fake_table_put(&srat, "\x00\x0c\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00", 12);
	fake_srat_mem(&srat, 0, 0, GB(2), 1);
	BOOT_NUMA_OK(t, mark, &srat, NULL, 1, NULL);
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SRAT: processor affinity entry of 12 bytes (expected 16)\n");
	KTEST_EXPECT_LOG(t, mark, "] No NUMA configuration found\n");

	/*
	 * A block whose end wraps is ignored with Linux's warning, a disabled
	 * entry silently; the rest is used.
	 */
	fake_table_start(&srat, "SRAT", 1, 48);
	fake_srat_mem(&srat, 0, 0, GB(2), 1);
	fake_srat_mem(&srat, 1, 0xfffffffffff00000ULL, 0x200000, 1);
	fake_srat_mem(&srat, 2, GB(8), GB(1), 0);
	BOOT_NUMA_OK(t, mark, &srat, NULL, 1, NULL);
	KTEST_EXPECT_LOG(t, mark, "] NUMA: Warning: invalid memblk node 1 [mem 0xfffffffffff00000-0x000fffff]\n");
	KTEST_EXPECT_NO_LOG(t, mark, "PXM 2");
	KTEST_EXPECT_NO_LOG(t, mark, "No NUMA configuration found");
	/* Node 1 was parsed (it has an id) but holds nothing. */
	KTEST_EXPECT_EQ(t, nr_node_ids, 2);
	KTEST_EXPECT(t, !node_has_memory(1));
	KTEST_EXPECT_EQ(t, fake_phys_outstanding(), 0);
}

static void test_numa_slit_rules(struct ktest *t)
{
	static const unsigned int sizes[] = { 1024, 1024 };
	static const u8 bad_diag[4] = { 10, 20, 20, 20 };
	static const u8 local_remote[4] = { 10, 10, 20, 10 };
	static const u8 asym[4] = { 10, 15, 80, 10 };
	struct fake_table srat, slit;
	u64 mark;

	qemu_ram(2048);
	qemu_srat(&srat, sizes, 2);
	fake_slit(&slit, 2, bad_diag);
	BOOT_NUMA_OK(t, mark, &srat, &slit, 2, NULL);
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SLIT table looks invalid. Not used.\n");
	KTEST_EXPECT_EQ(t, nr_node_ids, 2);
	KTEST_EXPECT_EQ(t, node_distance(0, 1), 20);
	KTEST_EXPECT_EQ(t, node_distance(1, 1), 10);

	qemu_srat(&srat, sizes, 2);
	fake_slit(&slit, 2, local_remote);
	BOOT_NUMA_OK(t, mark, &srat, &slit, 2, NULL);
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SLIT table looks invalid. Not used.\n");
	KTEST_EXPECT_EQ(t, node_distance(0, 1), 20);

	/* Asymmetric distances are kept exactly. */
	qemu_srat(&srat, sizes, 2);
	fake_slit(&slit, 2, asym);
	BOOT_NUMA_OK(t, mark, &srat, &slit, 2, NULL);
	KTEST_EXPECT_NO_LOG(t, mark, "SLIT");
	KTEST_EXPECT_EQ(t, node_distance(0, 1), 15);
	KTEST_EXPECT_EQ(t, node_distance(1, 0), 80);

	/* A locality count the table cannot hold. */
	qemu_srat(&srat, sizes, 2);
	fake_slit(&slit, 2, asym);
	slit.b[36] = 3;
	BOOT_NUMA_OK(t, mark, &srat, &slit, 2, NULL);
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SLIT: 3 localities do not fit the table (48 bytes), not used\n");
	KTEST_EXPECT_EQ(t, node_distance(1, 0), 20);
	slit.b[36] = 0;
	slit.b[43] = 0x80;	/* 2^63 localities */
	BOOT_NUMA_OK(t, mark, &srat, &slit, 2, NULL);
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SLIT: 9223372036854775808 localities do not fit");

	/* Fewer localities than nodes: the others keep the defaults, with a note. */
	{
		static const unsigned int three[] = { 512, 512, 1024 };
		static const u8 one[1] = { 10 };

		qemu_srat(&srat, three, 3);
		fake_slit(&slit, 1, one);
		BOOT_NUMA_OK(t, mark, &srat, &slit, 3, NULL);
		KTEST_EXPECT_LOG(t, mark, "] ACPI: SLIT: node 2 (PXM 2) is beyond its 1 localities, default distances used\n");
		KTEST_EXPECT_EQ(t, nr_node_ids, 3);
		KTEST_EXPECT_EQ(t, node_distance(2, 0), 20);
	}
}

static void test_numa_pxm_revision1(struct ktest *t)
{
	struct fake_table srat;
	u64 mark;

	qemu_ram(2048);
	/* Revision 1: only the low PXM byte counts, for memory and processors. */
	fake_table_start(&srat, "SRAT", 1, 48);
	fake_srat_cpu(&srat, 0x301, 1, 1);
	fake_srat_mem(&srat, 0x200, 0, GB(1), 1);
	fake_srat_mem(&srat, 0x101, GB(1), GB(1), 1);
	BOOT_NUMA_OK(t, mark, &srat, NULL, 2, NULL);
	KTEST_EXPECT_LOG(t, mark, "] SRAT: PXM 1 -> APIC 0x01 -> Node 0\n");
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SRAT: Node 1 PXM 0 [mem 0x00000000-0x3fffffff]\n");
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SRAT: Node 0 PXM 1 [mem 0x40000000-0x7fffffff]\n");
	KTEST_EXPECT_EQ(t, nr_node_ids, 2);
	KTEST_EXPECT_EQ(t, cpu_to_node(1), 0);
	/* CPU 0 has no SRAT entry: round-robin gives it node 0 (cpu 0 % 2 online nodes). */
	KTEST_EXPECT_EQ(t, cpu_to_node(0), 0);

	/* Revision 2: all 32 bits, and PXM 0x301 is beyond the 256 Linux maps. */
	srat.b[8] = 2;
	BOOT_NUMA_OK(t, mark, &srat, NULL, 2, NULL);
	KTEST_EXPECT_LOG(t, mark, "] SRAT: Too many proximity domains 301\n");
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SRAT: SRAT not used.\n");
	KTEST_EXPECT_LOG(t, mark, "] No NUMA configuration found\n");

	/* Revision 2 with high PXM bytes that stay in range. */
	fake_table_start(&srat, "SRAT", 2, 48);
	fake_srat_cpu(&srat, 0x81, 1, 1);
	fake_srat_mem(&srat, 0x81, 0, GB(1), 1);
	fake_srat_mem(&srat, 0x01, GB(1), GB(1), 1);
	BOOT_NUMA_OK(t, mark, &srat, NULL, 2, NULL);
	KTEST_EXPECT_LOG(t, mark, "] SRAT: PXM 129 -> APIC 0x01 -> Node 0\n");
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff]\n");
	KTEST_EXPECT_EQ(t, nr_node_ids, 2);
}

static void test_numa_x2apic(struct ktest *t)
{
	struct fake_table srat, madt;
	phys_addr_t tables[2];
	u64 mark;

	qemu_ram(2048);
	numa_reset_options();
	fake_fw_reset();
	fake_table_start(&madt, "APIC", 1, 44);
	fake_madt_lapic(&madt, 0, 0, 1);
	fake_madt_x2apic(&madt, 1, 0x80, 1);
	tables[0] = fake_acpi_install(&madt, 0, true);
	fake_table_start(&srat, "SRAT", 3, 48);
	fake_srat_cpu(&srat, 0, 0, 1);
	fake_srat_x2apic(&srat, 7, 0x80, 1);
	fake_srat_x2apic(&srat, 7, 0x81, 0);		/* disabled: ignored */
	fake_srat_x2apic(&srat, 7, 0xffffffff, 1);
	fake_srat_x2apic(&srat, 7, 0x100, 1);		/* beyond i386's 256 APIC ids */
	fake_srat_x2apic(&srat, 7, 0x12345678, 1);	/* beyond every APIC id map */
	fake_srat_mem(&srat, 0, 0, GB(1), 1);
	fake_srat_mem(&srat, 7, GB(1), GB(1), 1);
	tables[1] = fake_acpi_install(&srat, 0, true);
	fake_acpi_firmware(tables, 2, FAKE_XSDT_ONLY);
	KTEST_ASSERT_EQ(t, acpi_boot_table_init(&numa_bi), 0);
	KTEST_ASSERT_EQ(t, acpi_parse_madt(0), 0);
	mark = printk_log_mark();
	NUMA_INIT_OK(t);
	KTEST_EXPECT_LOG(t, mark, "] SRAT: PXM 7 -> APIC 0x0080 -> Node 1\n");
	KTEST_EXPECT_LOG(t, mark, "] SRAT: PXM 7 -> X2APIC 0xffffffff ignored\n");
	KTEST_EXPECT_LOG(t, mark, "] SRAT: PXM 7 -> APIC 0x12345678 -> Node 1 skipped apicid that is too big\n");
#ifdef __x86_64__
	KTEST_EXPECT_LOG(t, mark, "] SRAT: PXM 7 -> APIC 0x0100 -> Node 1\n");
#else
	KTEST_EXPECT_LOG(t, mark, "] SRAT: PXM 7 -> APIC 0x0100 -> Node 1 skipped apicid that is too big\n");
#endif
	KTEST_EXPECT_NO_LOG(t, mark, "0x0081");
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SRAT: Node 1 PXM 7 [mem 0x40000000-0x7fffffff]\n");
	KTEST_EXPECT_EQ(t, numa_topology()->cpu_apicid[1], 0x80);
	KTEST_EXPECT_EQ(t, cpu_to_node(1), 1);
	KTEST_EXPECT_EQ(t, pxm_to_node(7), 1);
	KTEST_EXPECT_EQ(t, node_to_pxm(1), 7);
	KTEST_EXPECT_EQ(t, apicid_to_node(0x80), 1);
	KTEST_EXPECT_EQ(t, apicid_to_node(0x81), NUMA_NO_NODE);
}

static void test_numa_memoryless_and_cpuless(struct ktest *t)
{
	struct fake_table srat;
	u64 mark;

	/* Node 1 has a CPU and no memory. */
	qemu_ram(2048);
	fake_table_start(&srat, "SRAT", 1, 48);
	fake_srat_cpu(&srat, 0, 0, 1);
	fake_srat_cpu(&srat, 1, 1, 1);
	fake_srat_mem(&srat, 0, 0, GB(2), 1);
	BOOT_NUMA_OK(t, mark, &srat, NULL, 2, NULL);
	KTEST_EXPECT_EQ(t, nr_node_ids, 2);
	KTEST_EXPECT(t, !node_has_memory(1));
	KTEST_EXPECT_EQ(t, cpu_to_node(1), 1);
	KTEST_EXPECT_EQ(t, numa_topology()->nr_ranges, 1);
	mark = printk_log_mark();
	KTEST_EXPECT(t, ktest_dump_quiet("numa", NULL));
	/* numactl lists every online node: a CPU-only node with 0 MB. */
	KTEST_EXPECT_LOG(t, mark, "available: 2 nodes (0-1)\nnode 0 cpus: 0\n");
	KTEST_EXPECT_LOG(t, mark, "node 1 cpus: 1\nnode 1 size: 0 MB\nnode 1 free: 0 MB\n");
	KTEST_EXPECT_LOG(t, mark, "node   0   1 \n  0:  10  20 \n  1:  20  10 \n");

	/* A memoryless node 0 (QEMU accepts it). */
	fake_table_start(&srat, "SRAT", 1, 48);
	fake_srat_cpu(&srat, 0, 0, 1);
	fake_srat_cpu(&srat, 1, 1, 1);
	fake_srat_mem(&srat, 1, 0, GB(2), 1);
	BOOT_NUMA_OK(t, mark, &srat, NULL, 2, NULL);
	KTEST_EXPECT(t, !node_has_memory(0));
	KTEST_EXPECT(t, node_has_memory(1));
	KTEST_EXPECT_EQ(t, cpu_to_node(0), 0);
	KTEST_EXPECT_EQ(t, memblock_nid(0x1000), 1);

	/* Node 1 has memory and no CPU. */
	fake_table_start(&srat, "SRAT", 1, 48);
	fake_srat_cpu(&srat, 0, 0, 1);
	fake_srat_cpu(&srat, 0, 1, 1);
	fake_srat_mem(&srat, 0, 0, GB(1), 1);
	fake_srat_mem(&srat, 1, GB(1), GB(1), 1);
	BOOT_NUMA_OK(t, mark, &srat, NULL, 2, NULL);
	KTEST_EXPECT_EQ(t, nr_node_ids, 2);
	KTEST_EXPECT_EQ(t, cpu_to_node(0), 0);
	KTEST_EXPECT_EQ(t, cpu_to_node(1), 0);
	KTEST_EXPECT(t, node_has_memory(1));
	mark = printk_log_mark();
	KTEST_EXPECT(t, ktest_dump_quiet("numa", NULL));
	KTEST_EXPECT_LOG(t, mark, "available: 2 nodes (0-1)\nnode 0 cpus: 0 1\n");
	KTEST_EXPECT_LOG(t, mark, "node 1 cpus:\nnode 1 size: 1023 MB\n");

	/* CPUs the SRAT leaves out go round-robin over the nodes with memory, by CPU number. */
	fake_table_start(&srat, "SRAT", 1, 48);
	fake_srat_cpu(&srat, 1, 0, 1);
	fake_srat_mem(&srat, 0, 0, GB(1), 1);
	fake_srat_mem(&srat, 1, GB(1), GB(1), 1);
	BOOT_NUMA_OK(t, mark, &srat, NULL, 3, NULL);
	KTEST_EXPECT_EQ(t, cpu_to_node(0), 0);		/* PXM 1 was seen first: node 0 */
	KTEST_EXPECT_EQ(t, cpu_to_node(1), 1);		/* CPU 1 of 2 online nodes */
	KTEST_EXPECT_EQ(t, cpu_to_node(2), 0);
}

static bool hotplug_flag_at(phys_addr_t addr)
{
	unsigned long i;

	for (i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];

		if (r->base <= addr && addr - r->base < r->size)
			return r->flags & MEMBLOCK_HOTPLUG;
	}
	return false;
}

static void test_numa_hotplug_flags(struct ktest *t)
{
	struct fake_table srat;
	u64 mark;

	qemu_ram(2048);
	fake_table_start(&srat, "SRAT", 3, 48);
	fake_srat_mem(&srat, 0, 0, GB(1), 1);
	fake_srat_mem(&srat, 1, GB(1), GB(1), 1 | 2);
	fake_srat_mem(&srat, 2, GB(4), GB(1), 1 | 2 | 4);
	KTEST_ASSERT_EQ(t, boot_acpi(&srat, NULL, 1, NULL), 0);
	/* Something of the kernel's on node 1: the node stays unpluggable. */
	memblock_reserve(GB(1) + MB(16), MB(1));
	mark = printk_log_mark();
	NUMA_INIT_OK(t);
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff] hotplug\n");
	KTEST_EXPECT_LOG(t, mark, "] ACPI: SRAT: Node 2 PXM 2 [mem 0x100000000-0x13fffffff] hotplug non-volatile\n");
	/* Node 2's memory is not there (yet): the id exists, without memory. */
	KTEST_EXPECT_EQ(t, nr_node_ids, 3);
	KTEST_EXPECT(t, !node_has_memory(2));
	/* What lies beyond RAM is kept aside: node 1's tail and all of node 2. */
	KTEST_ASSERT_EQ(t, numa_reserved_meminfo.nr_blks, 2);
	KTEST_EXPECT_EQ(t, numa_reserved_meminfo.blk[0].start, 0x7ffe0000);
	KTEST_EXPECT_EQ(t, numa_reserved_meminfo.blk[1].start, GB(4));
	KTEST_EXPECT_EQ(t, numa_reserved_meminfo.blk[1].nid, 2);
	KTEST_EXPECT(t, !hotplug_flag_at(GB(1) + MB(100)));
	KTEST_EXPECT(t, !hotplug_flag_at(MB(100)));

	/* Without it, node 1's memory is marked hotpluggable, node 0's is not. */
	qemu_ram(2048);
	NUMA_INIT_OK(t);
	KTEST_EXPECT(t, hotplug_flag_at(GB(1)));
	KTEST_EXPECT(t, hotplug_flag_at(0x7ffdf000));
	KTEST_EXPECT(t, !hotplug_flag_at(GB(1) - 1));
	KTEST_EXPECT(t, !hotplug_flag_at(0x1000));
}

/* NODE_DATA must land somewhere: on a full node it goes elsewhere, and says so. */
static void test_numa_node_data(struct ktest *t)
{
	static const unsigned int sizes[] = { 1024, 1024 };
	struct fake_table srat;
	u64 mark;

	qemu_ram(2048);
	qemu_srat(&srat, sizes, 2);
	KTEST_ASSERT_EQ(t, boot_acpi(&srat, NULL, 2, NULL), 0);
	memblock_reserve(GB(1), 0x7ffe0000 - GB(1));	/* all of node 1 */
	numa_node_data_size = 0x2b000;
	mark = printk_log_mark();
	NUMA_INIT_OK(t);
	KTEST_EXPECT_LOG(t, mark, "] NODE_DATA(1) allocated [mem 0x3ffaa000-0x3ffd4fff]\n");
	KTEST_EXPECT_LOG(t, mark, "]     NODE_DATA(1) on node 0\n");
	KTEST_EXPECT_EQ(t, numa_node_data_phys(1), 0x3ffaa000);
	KTEST_EXPECT_EQ(t, numa_node_data_phys(2), 0);
}

/*
 * A 2 MiB node (QEMU -m 1026M, nodes of 1024M and 2M; the BIOS keeps its top
 * 128 KiB) is a node like any other: the reference Linux 6.1 gives it
 * NODE_DATA, on the node itself when it fits (tests/machines/tiny-node).
 */
static void test_numa_tiny_node_online(struct ktest *t)
{
	static const unsigned int sizes[] = { 1024, 2 };
	struct fake_table srat;
	u64 mark;

	qemu_ram(1026);
	qemu_srat(&srat, sizes, 2);
	KTEST_ASSERT_EQ(t, boot_acpi(&srat, NULL, 2, NULL), 0);
	numa_node_data_size = 0x1000;
	mark = printk_log_mark();
	NUMA_INIT_OK(t);
	KTEST_EXPECT_EQ(t, nr_node_ids, 2);
	KTEST_EXPECT(t, node_has_memory(1));
	KTEST_EXPECT_LOG(t, mark, "] NODE_DATA(1) allocated [mem 0x401df000-0x401dffff]\n");
	KTEST_EXPECT_NO_LOG(t, mark, "NODE_DATA(1) on node");
	KTEST_EXPECT_EQ(t, numa_node_data_phys(1), 0x401df000);
	KTEST_EXPECT_EQ(t, memblock_nid(0x401df000), 1);
}

static const struct ktest_case numa_srat_cases[] = {
	KTEST_CASE(test_numa_qemu_2node),
	KTEST_CASE(test_numa_qemu_4node_slit),
	KTEST_CASE(test_numa_no_srat),
	KTEST_CASE(test_numa_off_and_noacpi),
	KTEST_CASE(test_numa_coverage),
	KTEST_CASE(test_numa_overlap_and_merge),
	KTEST_CASE(test_numa_too_many),
	KTEST_CASE(test_numa_malformed_srat),
	KTEST_CASE(test_numa_slit_rules),
	KTEST_CASE(test_numa_pxm_revision1),
	KTEST_CASE(test_numa_x2apic),
	KTEST_CASE(test_numa_memoryless_and_cpuless),
	KTEST_CASE(test_numa_hotplug_flags),
	KTEST_CASE(test_numa_node_data),
	KTEST_CASE(test_numa_tiny_node_online),
	{}
};
KTEST_SUITE_FULL(numa_srat, .cases = numa_srat_cases, .init = numa_topology_init,
		 .exit = numa_srat_exit);

/* ---- numa_emu ---- */

static void test_emu_fake_n(struct ktest *t)
{
	const struct numa_topology *tp;
	u64 mark;
	int i, j;

	qemu_ram(2048);
	BOOT_NUMA_OK(t, mark, NULL, NULL, 2, "numa=fake=4");
	KTEST_EXPECT_LOG(t, mark, "] No NUMA configuration found\n");
	KTEST_EXPECT_LOG(t, mark, "] Faking node 0 at [mem 0x0000000000000000-0x000000001fffffff] (512MB)\n");
	KTEST_EXPECT_LOG(t, mark, "] Faking node 1 at [mem 0x0000000020000000-0x000000003fffffff] (512MB)\n");
	KTEST_EXPECT_LOG(t, mark, "] Faking node 2 at [mem 0x0000000040000000-0x000000005fffffff] (512MB)\n");
	KTEST_EXPECT_LOG(t, mark, "] Faking node 3 at [mem 0x0000000060000000-0x000000007ffdffff] (511MB)\n");
	tp = numa_topology();
	KTEST_ASSERT_EQ(t, tp->nr_nodes, 4);
	for (i = 0; i < 4; i++)
		expect_range(t, tp, (unsigned int)i, MB(512) * (u64)i,
			     i == 3 ? 0x7ffe0000 : MB(512) * (u64)(i + 1), i);
	/* One physical node: every emulated node is local to every other. */
	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			KTEST_EXPECT_EQ(t, node_distance(i, j), 10);
	/* No SRAT: CPUs go round-robin. */
	KTEST_EXPECT_EQ(t, cpu_to_node(0), 0);
	KTEST_EXPECT_EQ(t, cpu_to_node(1), 1);
	KTEST_EXPECT_EQ(t, memblock_nid(MB(1536)), 3);
	KTEST_EXPECT_EQ(t, numa_emu_nid_to_phys(3), 0);
}

static void test_emu_fake_over_srat(struct ktest *t)
{
	static const unsigned int sizes[] = { 1024, 1024 };
	static const u8 dist[4] = { 10, 30, 30, 10 };
	struct fake_table srat, slit;
	const struct numa_topology *tp;
	u64 mark;

	qemu_ram(2048);
	qemu_srat(&srat, sizes, 2);
	fake_slit(&slit, 2, dist);
	BOOT_NUMA_OK(t, mark, &srat, &slit, 2, "numa=fake=4");
	/* Interleaved: emulated nodes 0 and 2 on physical node 0, 1 and 3 on node 1. */
	KTEST_EXPECT_LOG(t, mark, "] Faking node 0 at [mem 0x0000000000000000-0x000000001fffffff] (512MB)\n");
	KTEST_EXPECT_LOG(t, mark, "] Faking node 1 at [mem 0x0000000040000000-0x000000005fffffff] (512MB)\n");
	KTEST_EXPECT_LOG(t, mark, "] Faking node 2 at [mem 0x0000000020000000-0x000000003fffffff] (512MB)\n");
	KTEST_EXPECT_LOG(t, mark, "] Faking node 3 at [mem 0x0000000060000000-0x000000007ffdffff] (511MB)\n");
	tp = numa_topology();
	KTEST_ASSERT_EQ(t, tp->nr_nodes, 4);
	KTEST_EXPECT_EQ(t, node_distance(0, 2), 10);
	KTEST_EXPECT_EQ(t, node_distance(0, 1), 30);
	KTEST_EXPECT_EQ(t, node_distance(3, 2), 30);
	KTEST_EXPECT_EQ(t, node_distance(3, 1), 10);
	/* A CPU moves to the first emulated node of its physical node. */
	KTEST_EXPECT_EQ(t, cpu_to_node(0), 0);
	KTEST_EXPECT_EQ(t, cpu_to_node(1), 1);
	KTEST_EXPECT_EQ(t, numa_emu_nid_to_phys(2), 0);
	KTEST_EXPECT_EQ(t, numa_emu_nid_to_phys(3), 1);
}

static void test_emu_fake_size(struct ktest *t)
{
	const struct numa_topology *tp;
	u64 mark;

	qemu_ram(2048);
	BOOT_NUMA_OK(t, mark, NULL, NULL, 1, "numa=fake=512M");
	/* The first node is stretched by 32 MiB to hold 512 MiB of memory around the holes. */
	KTEST_EXPECT_LOG(t, mark, "] Faking node 0 at [mem 0x0000000000000000-0x0000000021ffffff] (544MB)\n");
	KTEST_EXPECT_LOG(t, mark, "] Faking node 1 at [mem 0x0000000022000000-0x0000000041ffffff] (512MB)\n");
	/* Less than a node's worth would be left: the last node takes it. */
	KTEST_EXPECT_LOG(t, mark, "] Faking node 2 at [mem 0x0000000042000000-0x000000007ffdffff] (991MB)\n");
	tp = numa_topology();
	KTEST_EXPECT_EQ(t, tp->nr_nodes, 3);

	/* Too small a size grows to what MAX_NUMNODES nodes need (and at least 32 MiB). */
	BOOT_NUMA_OK(t, mark, NULL, NULL, 1, "numa=fake=1M");
	KTEST_EXPECT_LOG(t, mark, "] Fake node size 1MB too small, increasing to 32MB\n");
	KTEST_EXPECT_EQ(t, numa_topology()->nr_nodes, 62);	/* 64 MiB, 60 x 32 MiB, the rest */

	/* 1 GiB nodes in 2047 MiB: the second would be short, so the first takes it all. */
	BOOT_NUMA_OK(t, mark, NULL, NULL, 1, "numa=fake=1G");
	KTEST_EXPECT_LOG(t, mark, "] Faking node 0 at [mem 0x0000000000000000-0x000000007ffdffff] (2047MB)\n");
	KTEST_EXPECT_EQ(t, numa_topology()->nr_nodes, 1);
}

static void test_emu_fake_uniform(struct ktest *t)
{
	static const unsigned int sizes[] = { 1024, 1024 };
	struct fake_table srat;
	u64 mark;

	qemu_ram(2048);
	qemu_srat(&srat, sizes, 2);
	BOOT_NUMA_OK(t, mark, &srat, NULL, 2, "numa=fake=2U");
	KTEST_EXPECT_LOG(t, mark, "] Faking node 0 at [mem 0x0000000000000000-0x000000001fffffff] (512MB)\n");
	KTEST_EXPECT_LOG(t, mark, "] Faking node 1 at [mem 0x0000000020000000-0x000000003fffffff] (512MB)\n");
	KTEST_EXPECT_LOG(t, mark, "] Fake node size 511MB too small, increasing to 512MB\n");
	KTEST_EXPECT_LOG(t, mark, "] Faking node 2 at [mem 0x0000000040000000-0x000000005fffffff] (512MB)\n");
	KTEST_EXPECT_LOG(t, mark, "] Faking node 3 at [mem 0x0000000060000000-0x000000007ffdffff] (511MB)\n");
	KTEST_EXPECT_EQ(t, numa_topology()->nr_nodes, 4);
	KTEST_EXPECT_EQ(t, node_distance(0, 1), 10);
	KTEST_EXPECT_EQ(t, node_distance(1, 2), 20);
	KTEST_EXPECT_EQ(t, cpu_to_node(1), 2);
}

static void test_emu_bad_values(struct ktest *t)
{
	static const char *const bad[] = { "", "abc", "0", "4x", "0U", "4UU", "0M", "12K", "M",
					   "1234567890123456789012345678901234567890123456789012345678901234567890" };
	static const char *const good[] = { "4", "0x4", "4:10,20,20,10", "2U", "512M", "1G" };
	unsigned int i;
	u64 mark;
	char line[64];

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		char opt[96];

		snprintf(opt, sizeof(opt), "fake=%s", bad[i]);
		KTEST_EXPECT_MSG(t, numa_parse_option(opt) < 0, "numa=%s was accepted", opt);
	}
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		char opt[96];

		snprintf(opt, sizeof(opt), "fake=%s", good[i]);
		KTEST_EXPECT_MSG(t, numa_parse_option(opt) == 0, "numa=%s was refused", opt);
	}
	numa_reset_options();
	mark = printk_log_mark();
	parse_params("numa=fake=0", true, false);
	KTEST_EXPECT_LOG(t, mark, "Malformed value for boot parameter 'numa': 'fake=0' (invalid), using the default");

	/* More nodes than memory allows: emulation is refused, the real topology stays. */
	qemu_ram(64);
	BOOT_NUMA_OK(t, mark, NULL, NULL, 1, "numa=fake=64");
	KTEST_EXPECT_LOG(t, mark, "] Not enough memory for each node.  NUMA emulation disabled.\n");
	KTEST_EXPECT_EQ(t, nr_node_ids, 1);
	BOOT_NUMA_OK(t, mark, NULL, NULL, 1, "numa=fake=200");
	snprintf(line, sizeof(line), "] numa=fake=200 too large, reducing to %d\n", MAX_NUMNODES);
	KTEST_EXPECT_LOG(t, mark, line);
}

static const struct ktest_case numa_emu_cases[] = {
	KTEST_CASE(test_emu_fake_n),
	KTEST_CASE(test_emu_fake_over_srat),
	KTEST_CASE(test_emu_fake_size),
	KTEST_CASE(test_emu_fake_uniform),
	KTEST_CASE(test_emu_bad_values),
	{}
};
KTEST_SUITE_FULL(numa_emu, .cases = numa_emu_cases, .init = numa_topology_init,
		 .exit = numa_srat_exit);

#endif /* NB_HOSTED */

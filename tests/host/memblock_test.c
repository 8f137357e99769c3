/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memblock (hosted only: every case starts from memblock_reset(), which the
 * running kernel could not survive).
 *
 * Besides hand-written cases, a model test drives random operations against
 * a page-granular reference model and checks, after every step, that both
 * region arrays are exactly the canonical (maximal-run) form of the model,
 * that free-range iteration matches it, and that every allocation returns
 * the address a brute-force top-down search picks.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/report.h>
#include <lib/string.h>
#include <mm/memblock.h>
#include <mm/numa.h>
#include <asm/e820.h>

#define K(x)	((phys_addr_t)(x) << 10)
#define M(x)	((phys_addr_t)(x) << 20)
#define PAGE	K(4)
#define TOP	(~(phys_addr_t)0)

static struct numa_topology saved_topo, topo;

static int memblock_suite_init(void)
{
	saved_topo = *numa_topology();
	memblock_reset();
	return 0;
}

static void memblock_suite_exit(void)
{
	memblock_reset();
	memblock_debug = false;
	numa_register_topology(&saved_topo);
}

struct rgn {
	phys_addr_t base, size;
	int nid;
	unsigned int flags;
};

static void expect_regions(struct ktest *t, const struct memblock_type *type,
			   const struct rgn *exp, unsigned long n, int line)
{
	phys_addr_t total = 0;
	unsigned long i;

	KTEST_EXPECT_MSG(t, type->cnt == n, "line %d: %s has %lu regions, expected %lu",
			 line, type->name, type->cnt, n);
	for (i = 0; i < n; i++)
		total += exp[i].size;
	KTEST_EXPECT_MSG(t, type->total_size == total, "line %d: %s total %#llx, expected %#llx",
			 line, type->name, (unsigned long long)type->total_size,
			 (unsigned long long)total);
	for (i = 0; i < n && i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		KTEST_EXPECT_MSG(t, r->base == exp[i].base && r->size == exp[i].size &&
				 r->nid == exp[i].nid && (unsigned int)r->flags == exp[i].flags,
				 "line %d: %s[%lu] is [%#llx +%#llx] nid %d flags %#x, expected [%#llx +%#llx] nid %d flags %#x",
				 line, type->name, i, (unsigned long long)r->base,
				 (unsigned long long)r->size, r->nid, (unsigned int)r->flags,
				 (unsigned long long)exp[i].base, (unsigned long long)exp[i].size,
				 exp[i].nid, exp[i].flags);
	}
}
#define EXPECT_REGIONS(t, type, ...) do {				\
	static const struct rgn __exp[] = { __VA_ARGS__ };		\
	expect_regions(t, type, __exp, ARRAY_SIZE(__exp), __LINE__);	\
} while (0)
#define EXPECT_EMPTY(t, type)	KTEST_EXPECT_EQ(t, (type)->cnt, 0)
#define R(b, s)			{ (b), (s), NUMA_NO_NODE, 0 }
#define RN(b, s, n)		{ (b), (s), (n), 0 }
#define RF(b, s, n, f)		{ (b), (s), (n), (f) }

#define MEM	(&memblock.memory)
#define RSV	(&memblock.reserved)

/* ------------------------------------------------------------------------ */

static void test_add_merge(struct ktest *t)
{
	memblock_reset();
	KTEST_EXPECT_EQ(t, memblock_add(M(1), M(1)), 0);
	KTEST_EXPECT_EQ(t, memblock_add(M(2), M(1)), 0);
	EXPECT_REGIONS(t, MEM, R(M(1), M(2)));
	KTEST_EXPECT_EQ(t, memblock_add(M(5), M(1)), 0);
	KTEST_EXPECT_EQ(t, memblock_add(M(8), M(1)), 0);
	EXPECT_REGIONS(t, MEM, R(M(1), M(2)), R(M(5), M(1)), R(M(8), M(1)));
	/* Overlapping everything fills the gaps and merges it all. */
	KTEST_EXPECT_EQ(t, memblock_add(0, M(10)), 0);
	EXPECT_REGIONS(t, MEM, R(0, M(10)));
	/* Adding what is there already changes nothing; size 0 is a no-op. */
	KTEST_EXPECT_EQ(t, memblock_add(M(2), M(3)), 0);
	KTEST_EXPECT_EQ(t, memblock_add(M(20), 0), 0);
	EXPECT_REGIONS(t, MEM, R(0, M(10)));
	KTEST_EXPECT_EQ(t, memblock_phys_mem_size(), M(10));
	KTEST_EXPECT_EQ(t, memblock_start_of_DRAM(), 0);
	KTEST_EXPECT_EQ(t, memblock_end_of_DRAM(), M(10));
	EXPECT_EMPTY(t, RSV);
}

static void test_add_node_tagging(struct ktest *t)
{
	memblock_reset();
	KTEST_EXPECT_EQ(t, memblock_add_node(0, M(1), 0, MEMBLOCK_NONE), 0);
	KTEST_EXPECT_EQ(t, memblock_add_node(M(1), M(1), 1, MEMBLOCK_NONE), 0);
	KTEST_EXPECT_EQ(t, memblock_add_node(M(2), M(1), 1, MEMBLOCK_HOTPLUG), 0);
	KTEST_EXPECT_EQ(t, memblock_add_node(M(3), M(1), 1, MEMBLOCK_HOTPLUG), 0);
	/* Touching regions of other nodes or flags stay apart. */
	EXPECT_REGIONS(t, MEM, RN(0, M(1), 0), RN(M(1), M(1), 1),
		       RF(M(2), M(2), 1, MEMBLOCK_HOTPLUG));
	/* An overlapping add keeps the existing regions' tags; only new parts get its own. */
	KTEST_EXPECT_EQ(t, memblock_add(K(512), M(4)), 0);
	EXPECT_REGIONS(t, MEM, RN(0, M(1), 0), RN(M(1), M(1), 1),
		       RF(M(2), M(2), 1, MEMBLOCK_HOTPLUG), R(M(4), K(512)));
	KTEST_EXPECT_EQ(t, memblock_add_node(M(8), M(1), MAX_NUMNODES, MEMBLOCK_NONE), -EINVAL);
	KTEST_EXPECT_EQ(t, memblock_add_node(M(8), M(1), -5, MEMBLOCK_NONE), -EINVAL);
	KTEST_EXPECT_EQ(t, MEM->cnt, 4);
	/* A range over touching regions of two nodes is still memory. */
	KTEST_EXPECT(t, memblock_is_region_memory(K(512), M(3)));
	KTEST_EXPECT(t, !memblock_is_region_memory(M(4), M(1)));
	KTEST_EXPECT(t, memblock_is_memory(M(4) + K(511)));
	KTEST_EXPECT(t, !memblock_is_memory(M(4) + K(512)));
}

static void test_remove_split(struct ktest *t)
{
	memblock_reset();
	memblock_add(0, M(10));
	KTEST_EXPECT_EQ(t, memblock_remove(M(4), M(1)), 0);
	EXPECT_REGIONS(t, MEM, R(0, M(4)), R(M(5), M(5)));
	KTEST_EXPECT_EQ(t, memblock_remove(M(3), M(3)), 0);
	EXPECT_REGIONS(t, MEM, R(0, M(3)), R(M(6), M(4)));
	/* Removing a hole changes nothing. */
	KTEST_EXPECT_EQ(t, memblock_remove(M(4), M(1)), 0);
	EXPECT_REGIONS(t, MEM, R(0, M(3)), R(M(6), M(4)));
	KTEST_EXPECT_EQ(t, memblock_remove(0, TOP), 0);
	EXPECT_EMPTY(t, MEM);
	KTEST_EXPECT_EQ(t, MEM->total_size, 0);
	KTEST_EXPECT_EQ(t, memblock_end_of_DRAM(), 0);
}

static void test_reserve_free(struct ktest *t)
{
	memblock_reset();
	memblock_add(0, M(64));
	KTEST_EXPECT_EQ(t, memblock_reserve(M(1), M(1)), 0);
	KTEST_EXPECT_EQ(t, memblock_reserve(M(2), M(1)), 0);
	KTEST_EXPECT_EQ(t, memblock_reserve(M(2) + K(512), M(1)), 0);
	EXPECT_REGIONS(t, RSV, R(M(1), M(2) + K(512)));
	KTEST_EXPECT_EQ(t, memblock_phys_free(M(1) + K(512), M(1)), 0);
	EXPECT_REGIONS(t, RSV, R(M(1), K(512)), R(M(2) + K(512), M(1)));
	KTEST_EXPECT(t, memblock_is_reserved(M(1)));
	KTEST_EXPECT(t, !memblock_is_reserved(M(2)));
	KTEST_EXPECT(t, memblock_overlaps_region(RSV, M(1) + K(500), K(100)));
	KTEST_EXPECT(t, !memblock_overlaps_region(RSV, M(1) + K(512), M(1)));
	KTEST_EXPECT(t, memblock_overlaps_region(RSV, M(3), TOP));
	/* Memory is untouched by reservations. */
	EXPECT_REGIONS(t, MEM, R(0, M(64)));
}

static void test_set_node(struct ktest *t)
{
	memblock_reset();
	memblock_add(0, M(16));
	memblock_reserve(M(6), M(4));
	KTEST_EXPECT_EQ(t, memblock_set_node(0, M(8), MEM, 0), 0);
	KTEST_EXPECT_EQ(t, memblock_set_node(M(8), M(8), MEM, 1), 0);
	EXPECT_REGIONS(t, MEM, RN(0, M(8), 0), RN(M(8), M(8), 1));
	KTEST_EXPECT_EQ(t, memblock_set_node(M(4), M(8), MEM, 2), 0);
	EXPECT_REGIONS(t, MEM, RN(0, M(4), 0), RN(M(4), M(8), 2), RN(M(12), M(4), 1));
	/* Setting back merges again. */
	KTEST_EXPECT_EQ(t, memblock_set_node(M(4), M(4), MEM, 0), 0);
	KTEST_EXPECT_EQ(t, memblock_set_node(M(8), M(4), MEM, 1), 0);
	EXPECT_REGIONS(t, MEM, RN(0, M(8), 0), RN(M(8), M(8), 1));
	/* The reserved array is tagged the same way. */
	KTEST_EXPECT_EQ(t, memblock_set_node(0, M(8), RSV, 0), 0);
	EXPECT_REGIONS(t, RSV, RN(M(6), M(2), 0), R(M(8), M(2)));
	KTEST_EXPECT_EQ(t, memblock_set_node(0, M(1), MEM, MAX_NUMNODES), -EINVAL);
	KTEST_EXPECT_EQ(t, memblock_set_node(0, TOP, MEM, NUMA_NO_NODE), 0);
	EXPECT_REGIONS(t, MEM, R(0, M(16)));
}

static void test_nomap_hotplug(struct ktest *t)
{
	phys_addr_t s, e;
	u64 idx = 0;
	int nid;

	memblock_reset();
	memblock_add_node(0, M(4), 0, MEMBLOCK_NONE);
	KTEST_EXPECT_EQ(t, memblock_mark_nomap(M(1), M(1)), 0);
	KTEST_EXPECT_EQ(t, memblock_mark_hotplug(M(3), M(2)), 0);
	EXPECT_REGIONS(t, MEM, RN(0, M(1), 0), RF(M(1), M(1), 0, MEMBLOCK_NOMAP),
		       RN(M(2), M(1), 0), RF(M(3), M(1), 0, MEMBLOCK_HOTPLUG));
	/* Free ranges skip NOMAP; memory ranges do not. */
	KTEST_ASSERT(t, memblock_next_free_range(&idx, NUMA_NO_NODE, &s, &e, &nid));
	KTEST_EXPECT_EQ(t, s, 0);
	KTEST_EXPECT_EQ(t, e, M(1));
	KTEST_EXPECT_EQ(t, nid, 0);
	KTEST_ASSERT(t, memblock_next_free_range(&idx, NUMA_NO_NODE, &s, &e, &nid));
	KTEST_EXPECT_EQ(t, s, M(2));
	KTEST_EXPECT_EQ(t, e, M(3));
	KTEST_ASSERT(t, memblock_next_free_range(&idx, NUMA_NO_NODE, &s, &e, &nid));
	KTEST_EXPECT_EQ(t, s, M(3));
	KTEST_EXPECT_EQ(t, e, M(4));
	KTEST_EXPECT(t, !memblock_next_free_range(&idx, NUMA_NO_NODE, &s, &e, &nid));
	idx = 0;
	KTEST_ASSERT(t, memblock_next_mem_range(&idx, 0, &s, &e, &nid));
	KTEST_ASSERT(t, memblock_next_mem_range(&idx, 0, &s, &e, &nid));
	KTEST_EXPECT_EQ(t, s, M(1));
	KTEST_EXPECT_EQ(t, e, M(2));
	/* No allocation from NOMAP memory. */
	memblock_reserve(0, M(1));
	memblock_reserve(M(2), M(2));
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_range(PAGE, PAGE, 0, TOP), 0);
}

static void test_alloc_top_down(struct ktest *t)
{
	phys_addr_t a;

	memblock_reset();
	memblock_add(M(1), M(63));
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_range(PAGE, PAGE, 0, MEMBLOCK_ALLOC_ANYWHERE),
			M(64) - PAGE);
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_range(PAGE, PAGE, 0, MEMBLOCK_ALLOC_ANYWHERE),
			M(64) - 2 * PAGE);
	EXPECT_REGIONS(t, RSV, R(M(64) - 2 * PAGE, 2 * PAGE));
	/* Aligned: the highest 2 MiB boundary with room below the reservations. */
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_range(PAGE, M(2), 0, MEMBLOCK_ALLOC_ANYWHERE), M(62));
	/* Inside a window. */
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_range(K(8), PAGE, M(10), M(20)), M(20) - K(8));
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_range(K(8), PAGE, M(10), M(10) + K(4)), 0);
	/* Below current_limit only; ACCESSIBLE means the limit itself. */
	memblock_set_current_limit(M(32));
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_try_nid(M(1), M(1), NUMA_NO_NODE), M(31));
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_range(PAGE, PAGE, 0, MEMBLOCK_ALLOC_ACCESSIBLE),
			M(31) - PAGE);
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_range(PAGE, PAGE, M(40), TOP), 0);
	memblock_set_current_limit(MEMBLOCK_ALLOC_ANYWHERE);
	/* A reservation in the way: the next fit below it. */
	memblock_reserve(M(40), M(22));
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_range(M(4), M(4), 0, TOP), M(36));
	/* Too big, bad alignment, zero size. */
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_range(M(64), PAGE, 0, TOP), 0);
	console_suppress++;
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_range(PAGE, 3 * PAGE, 0, TOP), 0);
	console_suppress--;
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_range(0, PAGE, 0, TOP), 0);
	/* Everything handed out is reserved and memory. */
	a = memblock_phys_alloc_range(K(100), K(4), 0, TOP);
	KTEST_EXPECT_NE(t, a, 0);
	KTEST_EXPECT(t, memblock_is_reserved(a) && memblock_is_reserved(a + K(100) - 1));
	KTEST_EXPECT(t, memblock_is_region_memory(a, K(100)));
}

static void test_alloc_never_zero(struct ktest *t)
{
	memblock_reset();
	memblock_add(0, K(12));
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_range(PAGE, PAGE, 0, TOP), K(8));
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_range(PAGE, PAGE, 0, TOP), K(4));
	/* Only page 0 is left: it is never handed out. */
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_range(PAGE, PAGE, 0, TOP), 0);
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_try_nid(16, 16, NUMA_NO_NODE), 0);
	EXPECT_REGIONS(t, RSV, R(K(4), K(8)));
}

/* Node n: [16M * (n + 1), 16M * (n + 2)). */
static void setup_four_nodes(struct ktest *t, const u8 dist[4][4])
{
	unsigned int i, j;

	memset(&topo, 0, sizeof(topo));
	topo.nr_nodes = 4;
	topo.nr_ranges = 4;
	for (i = 0; i < 4; i++) {
		topo.ranges[i].start = M(16) * (i + 1);
		topo.ranges[i].end = M(16) * (i + 2);
		topo.ranges[i].nid = (int)i;
		for (j = 0; j < 4; j++)
			topo.distance[i][j] = dist[i][j];
	}
	topo.nr_cpus = 1;
	KTEST_EXPECT_EQ(t, numa_register_topology(&topo), 0);
	memblock_reset();
	for (i = 0; i < 4; i++)
		KTEST_EXPECT_EQ(t, memblock_add_node(topo.ranges[i].start, M(16), (int)i,
						     MEMBLOCK_NONE), 0);
}

static void test_try_nid_fallback(struct ktest *t)
{
	/* The asymmetric SLIT of the reference 4-node machine. */
	static const u8 slit[4][4] = {
		{ 10, 20, 30, 40 }, { 25, 10, 20, 30 }, { 35, 25, 10, 20 }, { 45, 35, 25, 10 },
	};
	/* Ties: from node 0, nodes 2 and 3 are both at 20, node 1 at 30. */
	static const u8 ties[4][4] = {
		{ 10, 30, 20, 20 }, { 30, 10, 30, 30 }, { 20, 30, 10, 20 }, { 20, 30, 20, 10 },
	};
	int n;

	setup_four_nodes(t, slit);
	/* Local first: the top of node 3. */
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_try_nid(M(1), M(1), 3), M(79));
	/* Node 3 full: node 2 (25), then node 1 (35), then node 0 (45). */
	memblock_reserve(M(64), M(16));
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_try_nid(M(1), M(1), 3), M(63));
	memblock_reserve(M(48), M(16));
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_try_nid(M(1), M(1), 3), M(47));
	memblock_reserve(M(32), M(16));
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_try_nid(M(1), M(1), 3), M(31));
	/* From node 1: node 2 (20) before node 0 (25); node 2 is full, so node 0. */
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_try_nid(M(1), M(1), 1), M(30));
	/* exact_nid never falls back. */
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_exact_nid(M(1), M(1), 2), 0);
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_exact_nid(M(1), M(1), 0), M(29));
	console_suppress++;
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_exact_nid(M(1), M(1), MAX_NUMNODES), 0);
	console_suppress--;
	/* Memory with no node is the last resort. */
	memblock_reserve(M(16), M(16));
	memblock_add(M(100), M(1));
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_try_nid(PAGE, PAGE, 3), M(101) - PAGE);
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_try_nid(M(2), PAGE, 3), 0);

	setup_four_nodes(t, ties);
	for (n = 3; n >= 0; n--)
		if (n != 0)
			memblock_reserve(M(16) * (n + 1) + M(8), M(8));
	memblock_reserve(M(16), M(16));
	/* From node 0: node 2 and 3 tie at 20, the lower id wins. */
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_try_nid(M(1), M(1), 0), M(55));
	memblock_reserve(M(48), M(8));
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_try_nid(M(1), M(1), 0), M(71));
	memblock_reserve(M(64), M(8));
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_try_nid(M(1), M(1), 0), M(39));
	/* Any node from NUMA_NO_NODE: simply the highest free memory. */
	memblock_phys_free(M(72), M(8));
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_try_nid(M(1), M(1), NUMA_NO_NODE), M(79));
	/* An out-of-range node is treated as any node. */
	console_suppress++;
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_try_nid(M(1), M(1), 1000), M(78));
	console_suppress--;
}

static void test_array_overflow(struct ktest *t)
{
	u64 mark;
	unsigned int i;
	phys_addr_t total;

	memblock_reset();
	for (i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		KTEST_ASSERT_EQ(t, memblock_add(M(2) * i, M(1)), 0);
	KTEST_EXPECT_EQ(t, MEM->cnt, INIT_MEMBLOCK_REGIONS);
	total = MEM->total_size;
	mark = printk_log_mark();
	console_suppress++;
	KTEST_EXPECT_EQ(t, memblock_add(M(2) * INIT_MEMBLOCK_REGIONS, M(1)), -ENOSPC);
	/* Splitting a region in the middle needs one more slot too. */
	KTEST_EXPECT_EQ(t, memblock_remove(K(256), K(256)), -ENOSPC);
	KTEST_EXPECT_EQ(t, memblock_set_node(K(256), K(256), MEM, 1), -ENOSPC);
	console_suppress--;
	KTEST_EXPECT_LOG(t, mark, "memblock: memory array is full (256 regions): add [0x0000000020000000-0x00000000200fffff] not done");
	KTEST_EXPECT_LOG(t, mark, "memblock: memory array is full (256 regions): remove [0x0000000000040000-0x000000000007ffff] not done");
	/* Nothing changed. */
	KTEST_EXPECT_EQ(t, MEM->cnt, INIT_MEMBLOCK_REGIONS);
	KTEST_EXPECT_EQ(t, MEM->total_size, total);
	for (i = 0; i < INIT_MEMBLOCK_REGIONS; i++) {
		KTEST_EXPECT_EQ(t, MEM->regions[i].base, M(2) * i);
		KTEST_EXPECT_EQ(t, MEM->regions[i].size, M(1));
		KTEST_EXPECT_EQ(t, MEM->regions[i].nid, NUMA_NO_NODE);
	}
	/* An add that merges fits even when full. */
	KTEST_EXPECT_EQ(t, memblock_add(M(1), M(1)), 0);
	KTEST_EXPECT_EQ(t, MEM->cnt, INIT_MEMBLOCK_REGIONS - 1);
	KTEST_EXPECT_EQ(t, MEM->regions[0].size, M(3));
	/* Removing whole regions always works. */
	KTEST_EXPECT_EQ(t, memblock_remove(M(4), M(2) * 10), 0);
	KTEST_EXPECT_EQ(t, MEM->cnt, INIT_MEMBLOCK_REGIONS - 11);

	/* The reserved array overflows the same way, and allocation then fails cleanly. */
	memblock_reset();
	memblock_add(0, M(1024));
	for (i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		KTEST_ASSERT_EQ(t, memblock_reserve(M(2) * i + M(1), PAGE), 0);
	mark = printk_log_mark();
	console_suppress++;
	KTEST_EXPECT_EQ(t, memblock_reserve(M(600), PAGE), -ENOSPC);
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_range(PAGE, PAGE, M(700), M(800)), 0);
	console_suppress--;
	KTEST_EXPECT_LOG(t, mark, "memblock: reserved array is full (256 regions): reserve");
	KTEST_EXPECT_EQ(t, RSV->cnt, INIT_MEMBLOCK_REGIONS);
	/* An allocation that touches an existing reservation merges and succeeds. */
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_range(PAGE, PAGE, 0, M(2) * 255 + M(1)),
			M(2) * 255 + M(1) - PAGE);
}

static void test_free_range_iteration(struct ktest *t)
{
	static const struct { phys_addr_t s, e; int nid; } all[] = {
		{ 0, M(1), 0 }, { M(2), M(15), 0 }, { M(17), M(20), 1 }, { M(21), M(32), 1 },
	};
	phys_addr_t s, e;
	unsigned int i;
	u64 idx = 0;
	int nid;

	memblock_reset();
	memblock_add_node(0, M(16), 0, MEMBLOCK_NONE);
	memblock_add_node(M(16), M(16), 1, MEMBLOCK_NONE);
	memblock_reserve(M(1), M(1));
	memblock_reserve(M(15), M(2));
	memblock_reserve(M(20), M(1));
	memblock_reserve(M(40), M(1));
	for (i = 0; i < ARRAY_SIZE(all); i++) {
		KTEST_ASSERT(t, memblock_next_free_range(&idx, NUMA_NO_NODE, &s, &e, &nid));
		KTEST_EXPECT_EQ(t, s, all[i].s);
		KTEST_EXPECT_EQ(t, e, all[i].e);
		KTEST_EXPECT_EQ(t, nid, all[i].nid);
	}
	KTEST_EXPECT(t, !memblock_next_free_range(&idx, NUMA_NO_NODE, &s, &e, &nid));
	KTEST_EXPECT(t, !memblock_next_free_range(&idx, NUMA_NO_NODE, &s, &e, &nid));
	/* Only node 1. */
	idx = 0;
	KTEST_ASSERT(t, memblock_next_free_range(&idx, 1, &s, &e, NULL));
	KTEST_EXPECT_EQ(t, s, M(17));
	KTEST_ASSERT(t, memblock_next_free_range(&idx, 1, &s, NULL, NULL));
	KTEST_EXPECT_EQ(t, s, M(21));
	KTEST_EXPECT(t, !memblock_next_free_range(&idx, 1, &s, &e, NULL));
	/* Nothing reserved: the regions themselves; nothing at all: no range. */
	memblock_phys_free(0, TOP);
	idx = 0;
	KTEST_ASSERT(t, memblock_next_free_range(&idx, NUMA_NO_NODE, &s, &e, NULL));
	KTEST_EXPECT_EQ(t, e, M(16));
	memblock_reset();
	idx = 0;
	KTEST_EXPECT(t, !memblock_next_free_range(&idx, NUMA_NO_NODE, &s, &e, NULL));
}

static void test_near_top_of_address_space(struct ktest *t)
{
	phys_addr_t s, e;
	u64 idx = 0;

	memblock_reset();
	/* Clamped so that base + size does not wrap: the last byte is never memory. */
	KTEST_EXPECT_EQ(t, memblock_add(TOP - K(8) + 1, K(16)), 0);
	EXPECT_REGIONS(t, MEM, R(TOP - K(8) + 1, K(8) - 1));
	KTEST_EXPECT(t, memblock_is_memory(TOP - 1));
	KTEST_EXPECT(t, !memblock_is_memory(TOP));
	KTEST_EXPECT_EQ(t, memblock_end_of_DRAM(), TOP);
	KTEST_EXPECT_EQ(t, memblock_reserve(TOP - 10, 100), 0);
	EXPECT_REGIONS(t, RSV, R(TOP - 10, 10));
	KTEST_ASSERT(t, memblock_next_free_range(&idx, NUMA_NO_NODE, &s, &e, NULL));
	KTEST_EXPECT_EQ(t, s, TOP - K(8) + 1);
	KTEST_EXPECT_EQ(t, e, TOP - 10);
	KTEST_EXPECT(t, !memblock_next_free_range(&idx, NUMA_NO_NODE, &s, &e, NULL));
	/* The one whole page below the reservation. */
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_range(PAGE, PAGE, 0, TOP), TOP - K(8) + 1);
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_range(16, 16, 0, TOP), (TOP - 10 - 16) & ~15ULL);
	KTEST_EXPECT_EQ(t, memblock_remove(TOP - K(4), TOP), 0);
	EXPECT_REGIONS(t, MEM, R(TOP - K(8) + 1, K(4) - 1));
	memblock_trim_memory(PAGE);
	EXPECT_EMPTY(t, MEM);

	/* The highest page below the last byte is allocatable. */
	memblock_reset();
	KTEST_EXPECT_EQ(t, memblock_add(TOP - M(1) + 1, M(1)), 0);
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_range(PAGE, PAGE, 0, TOP), TOP - 2 * PAGE + 1);
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_try_nid(M(1) - PAGE, PAGE, NUMA_NO_NODE), 0);
	KTEST_EXPECT_EQ(t, memblock_phys_alloc_try_nid(M(1) - 2 * PAGE, PAGE, NUMA_NO_NODE),
			TOP - M(1) + 1);
	EXPECT_REGIONS(t, RSV, R(TOP - M(1) + 1, M(1) - PAGE));
}

static void test_trim_memory(struct ktest *t)
{
	memblock_reset();
	memblock_add(0x1000, 0x9ec00);
	memblock_add(M(1), 0x7fee0000);
	memblock_add(M(4096) + 0x800, 0x400);
	memblock_trim_memory(PAGE);
	EXPECT_REGIONS(t, MEM, R(0x1000, 0x9e000), R(M(1), 0x7fee0000));
}

static void test_e820_to_memblock(struct ktest *t)
{
	static struct e820_table saved;
	static const struct boot_mmap_entry map[] = {
		{ 0x0, 0x9fc00, 1 }, { 0x9fc00, 0x400, 2 }, { 0xf0000, 0x10000, 2 },
		{ 0x100000, 0x7fee0000, 1 }, { 0x7ffe0000, 0x20000, 2 },
		{ 0xfffc0000, 0x40000, 2 }, { 0xfd00000000, 0x300000000, 2 },
		{ 0x200000000, 0x40000000, E820_TYPE_SOFT_RESERVED },
	};
	static struct boot_info bi;

	memcpy(&saved, &e820_table, sizeof(saved));
	memset(&bi, 0, sizeof(bi));
	memcpy(bi.mmap, map, sizeof(map));
	bi.nr_mmap = ARRAY_SIZE(map);
	console_suppress++;
	e820__memory_setup(&bi);
	e820__trim_early();
	memblock_reset();
	e820__memblock_setup();
	console_suppress--;
	/* Linux: "node 0: [mem 0x0000000000001000-0x000000000009efff]" and "[mem 0x0000000000100000-0x000000007ffdffff]". */
	EXPECT_REGIONS(t, MEM, R(0x1000, 0x9e000), R(M(1), 0x7fee0000));
	EXPECT_REGIONS(t, RSV, R(0x200000000, 0x40000000));
	memcpy(&e820_table, &saved, sizeof(saved));
}

static void test_dump_format(struct ktest *t)
{
	u64 mark;
	bool found;

	memblock_reset();
	memblock_add_node(0x1000, 0x9e000, 0, MEMBLOCK_NONE);
	memblock_add_node(M(1), M(1023), 1, MEMBLOCK_NONE);
	memblock_reserve(M(16), M(2));
	mark = printk_log_mark();
	console_suppress++;
	memblock_dump_all();
	console_suppress--;
	KTEST_EXPECT_LOG(t, mark, "MEMBLOCK configuration:\n");
	KTEST_EXPECT_LOG(t, mark, " memory size = 0x000000003ff9e000 reserved size = 0x0000000000200000\n");
	KTEST_EXPECT_LOG(t, mark, " memory.cnt  = 0x2\n");
	KTEST_EXPECT_LOG(t, mark, " memory[0x0]\t[0x0000000000001000-0x000000000009efff], 0x000000000009e000 bytes on node 0 flags: 0x0\n");
	KTEST_EXPECT_LOG(t, mark, " memory[0x1]\t[0x0000000000100000-0x000000003fffffff], 0x000000003ff00000 bytes on node 1 flags: 0x0\n");
	KTEST_EXPECT_LOG(t, mark, " reserved.cnt  = 0x1\n");
	KTEST_EXPECT_LOG(t, mark, " reserved[0x0]\t[0x0000000001000000-0x00000000011fffff], 0x0000000000200000 bytes flags: 0x0\n");

	found = ktest_dump_quiet("memblock", &mark);
	KTEST_EXPECT(t, found);
	KTEST_EXPECT_LOG(t, mark, "----- BEGIN memblock -----\nMEMBLOCK configuration:\n memory size = ");
	KTEST_EXPECT_LOG(t, mark, "bytes flags: 0x0\n----- END memblock -----\n");
}

static void test_debug_param(struct ktest *t)
{
	u64 mark;

	memblock_reset();
	memblock_debug = false;
	mark = printk_log_mark();
	console_suppress++;
	parse_params("memblock=nonsense", true, false);
	KTEST_EXPECT(t, !memblock_debug);
	parse_params("memblock=debug", true, false);
	KTEST_EXPECT(t, memblock_debug);
	memblock_add(M(1), M(15));
	memblock_add_node(M(16), M(16), 1, MEMBLOCK_HOTPLUG);
	memblock_reserve(M(2), PAGE);
	memblock_phys_free(M(2), PAGE);
	memblock_remove(M(30), M(2));
	memblock_phys_alloc_range(PAGE, PAGE, 0, M(8));
	memblock_phys_alloc_try_nid(PAGE, PAGE, 1);
	memblock_debug = false;
	memblock_reserve(M(3), PAGE);
	console_suppress--;
	KTEST_EXPECT_LOG(t, mark, "Malformed value for boot parameter 'memblock': 'nonsense'");
	KTEST_EXPECT_LOG(t, mark, "memblock_add: [0x0000000000100000-0x0000000000ffffff] 0x");
	KTEST_EXPECT_LOG(t, mark, "memblock_add_node: [0x0000000001000000-0x0000000001ffffff] nid=1 flags=1 0x");
	KTEST_EXPECT_LOG(t, mark, "memblock_reserve: [0x0000000000200000-0x0000000000200fff] 0x");
	KTEST_EXPECT_LOG(t, mark, "memblock_phys_free: [0x0000000000200000-0x0000000000200fff] 0x");
	KTEST_EXPECT_LOG(t, mark, "memblock_remove: [0x0000000001e00000-0x0000000001ffffff] 0x");
	KTEST_EXPECT_LOG(t, mark, "memblock_phys_alloc_range: 4096 bytes align=0x1000 from=0x0000000000000000 max_addr=0x0000000000800000 0x");
	KTEST_EXPECT_LOG(t, mark, "memblock_reserve: [0x00000000007ff000-0x00000000007fffff] 0x");
	KTEST_EXPECT_LOG(t, mark, "memblock_phys_alloc_try_nid: 4096 bytes align=0x1000 nid=1");
	KTEST_EXPECT_NO_LOG(t, mark, "memblock_reserve: [0x0000000000300000");
}

/* ------------------------------------------------------------------------
 * Random operations against a page-granular model.
 */
#define MP		256	/* pages: at most 256 runs, so the arrays never overflow */
#define MNODES		3

struct mpage {
	bool mem, rsv;
	int nid;
	unsigned int flags;
};
static struct mpage model[MP];
static struct memblock_region want[MP];

static u64 rng_state;
static u32 rng(u32 n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (u32)(rng_state % n);
}

/* Canonical form of the model: maximal runs of pages with equal attributes. */
static unsigned long model_regions(bool reserved)
{
	unsigned long n = 0;
	unsigned int p;

	for (p = 0; p < MP; p++) {
		bool in = reserved ? model[p].rsv : model[p].mem;
		int nid = reserved ? NUMA_NO_NODE : model[p].nid;
		unsigned int flags = reserved ? 0 : model[p].flags;
		struct memblock_region *last = n ? &want[n - 1] : NULL;

		if (!in)
			continue;
		if (last && last->base + last->size == (phys_addr_t)p * PAGE &&
		    last->nid == nid && (unsigned int)last->flags == flags) {
			last->size += PAGE;
			continue;
		}
		want[n].base = (phys_addr_t)p * PAGE;
		want[n].size = PAGE;
		want[n].nid = nid;
		want[n].flags = flags;
		n++;
	}
	return n;
}

static bool compare_type(struct ktest *t, const struct memblock_type *type, bool reserved, u32 step)
{
	unsigned long n = model_regions(reserved), i;
	phys_addr_t total = 0;

	for (i = 0; i < n; i++)
		total += want[i].size;
	if (!KTEST_EXPECT_MSG(t, type->cnt == n && type->total_size == total,
			      "step %u: %s has %lu regions (%#llx bytes), model %lu (%#llx)",
			      step, type->name, type->cnt, (unsigned long long)type->total_size,
			      n, (unsigned long long)total))
		return false;
	for (i = 0; i < n; i++) {
		const struct memblock_region *r = &type->regions[i];

		if (!KTEST_EXPECT_MSG(t, r->base == want[i].base && r->size == want[i].size &&
				      r->nid == want[i].nid && r->flags == want[i].flags,
				      "step %u: %s[%lu] differs from the model", step, type->name, i))
			return false;
	}
	return true;
}

static bool page_free(unsigned int p)
{
	return model[p].mem && !model[p].rsv && !(model[p].flags & MEMBLOCK_NOMAP);
}

/* Brute-force top-down fit inside one region of @nid (NUMA_NO_NODE: any), below page @limit. */
static phys_addr_t model_find(unsigned int sz, unsigned int align, int nid, unsigned int limit)
{
	int a;
	unsigned int p;

	for (a = (int)(((limit - sz) / align) * align); a >= 1; a -= (int)align) {
		bool ok = true;

		for (p = (unsigned int)a; p < (unsigned int)a + sz && ok; p++)
			ok = page_free(p) && model[p].nid == model[a].nid &&
			     model[p].flags == model[a].flags;
		if (ok && (nid == NUMA_NO_NODE || model[a].nid == nid))
			return (phys_addr_t)a * PAGE;
	}
	return 0;
}

static void model_apply(unsigned int b, unsigned int s, unsigned int op, int nid, unsigned int flags)
{
	unsigned int p;

	for (p = b; p < b + s && p < MP; p++) {
		switch (op) {
		case 0:
			if (!model[p].mem) {
				model[p].mem = true;
				model[p].nid = nid;
				model[p].flags = flags;
			}
			break;
		case 1:
			model[p].mem = false;
			break;
		case 2:
			if (model[p].mem)
				model[p].nid = nid;
			break;
		case 3:
			if (model[p].mem)
				model[p].flags |= flags;
			break;
		case 4:
			model[p].rsv = true;
			break;
		case 5:
			model[p].rsv = false;
			break;
		}
	}
}

static void test_random_model(struct ktest *t)
{
	/* Fallback order from each node for the distances below (ties: lower id). */
	static const u8 dist[MNODES][MNODES] = { { 10, 30, 20 }, { 30, 10, 30 }, { 20, 40, 10 } };
	static const int order[MNODES][MNODES - 1] = { { 2, 1 }, { 0, 2 }, { 0, 1 } };
	unsigned int step, i, p;
	phys_addr_t s, e;
	u64 idx;
	int nid;

	memset(&topo, 0, sizeof(topo));
	topo.nr_nodes = MNODES;
	topo.nr_cpus = 1;
	for (i = 0; i < MNODES; i++)
		for (p = 0; p < MNODES; p++)
			topo.distance[i][p] = dist[i][p];
	KTEST_ASSERT_EQ(t, numa_register_topology(&topo), 0);
	memblock_reset();
	memset(model, 0, sizeof(model));
	rng_state = 0x9e3779b97f4a7c15ULL;

	for (step = 0; step < 20000; step++) {
		/* min() evaluates its arguments twice: draw the length first. */
		unsigned int op = rng(9), b = rng(MP), len = 1 + rng(rng(4) ? 8 : MP);
		unsigned int sz = min(len, MP - b);
		int n = (int)rng(MNODES + 1) - 1;
		unsigned int flags = rng(2) ? MEMBLOCK_HOTPLUG : MEMBLOCK_NONE;
		phys_addr_t base = (phys_addr_t)b * PAGE, size = (phys_addr_t)sz * PAGE;
		int rc = 0;

		switch (op) {
		case 0:
			rc = memblock_add_node(base, size, n, flags);
			model_apply(b, sz, 0, n, flags);
			break;
		case 1:
			rc = memblock_remove(base, size);
			model_apply(b, sz, 1, 0, 0);
			break;
		case 2:
			rc = memblock_set_node(base, size, MEM, n);
			model_apply(b, sz, 2, n, 0);
			break;
		case 3:
			if (rng(4)) {
				rc = memblock_mark_hotplug(base, size);
				model_apply(b, sz, 3, 0, MEMBLOCK_HOTPLUG);
			} else {
				rc = memblock_mark_nomap(base, size);
				model_apply(b, sz, 3, 0, MEMBLOCK_NOMAP);
			}
			break;
		case 4:
			rc = memblock_reserve(base, size);
			model_apply(b, sz, 4, 0, 0);
			break;
		case 5:
			rc = memblock_phys_free(base, size);
			model_apply(b, sz, 5, 0, 0);
			break;
		default: {
			/* Allocate: page-multiple sizes and alignments, nid n, all three flavours. */
			unsigned int asz = 1 + rng(8), al = 1u << rng(4), lim = MP;
			phys_addr_t got, exp = 0;
			unsigned int k;

			if (op == 6) {
				lim = 1 + rng(MP);
				got = asz > lim ? memblock_phys_alloc_range((phys_addr_t)asz * PAGE,
									      (phys_addr_t)al * PAGE, 0,
									      (phys_addr_t)lim * PAGE)
						: memblock_phys_alloc_range((phys_addr_t)asz * PAGE,
									    (phys_addr_t)al * PAGE, 0,
									    (phys_addr_t)lim * PAGE);
				exp = asz > lim ? 0 : model_find(asz, al, NUMA_NO_NODE, lim);
			} else if (op == 7 || n == NUMA_NO_NODE) {
				got = memblock_phys_alloc_try_nid((phys_addr_t)asz * PAGE,
								  (phys_addr_t)al * PAGE, n);
				exp = model_find(asz, al, n, MP);
				for (k = 0; !exp && n != NUMA_NO_NODE && k < MNODES - 1; k++)
					exp = model_find(asz, al, order[n][k], MP);
				if (!exp)
					exp = model_find(asz, al, NUMA_NO_NODE, MP);
			} else {
				got = memblock_phys_alloc_exact_nid((phys_addr_t)asz * PAGE,
								    (phys_addr_t)al * PAGE, n);
				exp = model_find(asz, al, n, MP);
			}
			if (!KTEST_EXPECT_MSG(t, got == exp,
					      "step %u: alloc of %u pages align %u nid %d (op %u) gave %#llx, model %#llx",
					      step, asz, al, n, op, (unsigned long long)got,
					      (unsigned long long)exp))
				return;
			if (got)
				model_apply((unsigned int)(got / PAGE), asz, 4, 0, 0);
			break;
		}
		}
		if (!KTEST_EXPECT_MSG(t, rc == 0, "step %u: op %u returned %d", step, op, rc))
			return;
		if (!compare_type(t, MEM, false, step) || !compare_type(t, RSV, true, step))
			return;

		/* Free-range iteration, for all nodes and for one, against the model. */
		for (nid = NUMA_NO_NODE; nid < MNODES; nid++) {
			unsigned int q = 0;

			idx = 0;
			while (memblock_next_free_range(&idx, nid, &s, &e, NULL)) {
				while (q < MP && !(page_free(q) && (nid == NUMA_NO_NODE || model[q].nid == nid)))
					q++;
				if (!KTEST_EXPECT_MSG(t, q < MP && s == (phys_addr_t)q * PAGE,
						      "step %u: free range [%#llx-%#llx) nid %d unexpected",
						      step, (unsigned long long)s, (unsigned long long)e, nid))
					return;
				/* The range runs while pages are free and in the same region. */
				for (p = q; p < MP && page_free(p) && model[p].nid == model[q].nid &&
				     model[p].flags == model[q].flags; p++)
					;
				if (!KTEST_EXPECT_MSG(t, e == (phys_addr_t)p * PAGE,
						      "step %u: free range [%#llx-%#llx) should end at %#llx",
						      step, (unsigned long long)s, (unsigned long long)e,
						      (unsigned long long)p * PAGE))
					return;
				q = p;
			}
			while (q < MP && !(page_free(q) && (nid == NUMA_NO_NODE || model[q].nid == nid)))
				q++;
			if (!KTEST_EXPECT_MSG(t, q == MP, "step %u: free page %u (nid filter %d) not iterated",
					      step, q, nid))
				return;
		}
	}
}

static const struct ktest_case memblock_cases[] = {
	KTEST_CASE(test_add_merge),
	KTEST_CASE(test_add_node_tagging),
	KTEST_CASE(test_remove_split),
	KTEST_CASE(test_reserve_free),
	KTEST_CASE(test_set_node),
	KTEST_CASE(test_nomap_hotplug),
	KTEST_CASE(test_alloc_top_down),
	KTEST_CASE(test_alloc_never_zero),
	KTEST_CASE(test_try_nid_fallback),
	KTEST_CASE(test_array_overflow),
	KTEST_CASE(test_free_range_iteration),
	KTEST_CASE(test_near_top_of_address_space),
	KTEST_CASE(test_trim_memory),
	KTEST_CASE(test_e820_to_memblock),
	KTEST_CASE(test_dump_format),
	KTEST_CASE(test_debug_param),
	KTEST_CASE(test_random_model),
	{}
};
KTEST_SUITE_FULL(memblock, .cases = memblock_cases, .init = memblock_suite_init,
		 .exit = memblock_suite_exit);

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory tiers and the demotion hook (include/mm/memory_tiers.h) on the
 * machine booted. The tiers are rebuilt with the rule each case needs and
 * the boot's rule (memory_tiers=) is put back at the end of every case.
 *
 * expect.memory_tiers=ID:NODES;ID:NODES... (tests/machines/hmat-cxl.machine)
 * names the tiers the current rule must build, fastest first, as
 * "4:0-1;72:2-3".
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/params.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mm/gfp.h>
#include <mm/numa.h>
#include <mm/mmzone.h>
#include <mm/page.h>
#include <mm/memory_tiers.h>

static char expected_tiers[256];
static int __maybe_unused parse_expect_memory_tiers(const char *val)
{
	return param_copy_string(val, expected_tiers, sizeof(expected_tiers));
}
__setup("expect.memory_tiers", parse_expect_memory_tiers);

static void restore_boot_rule(void)
{
	memory_tier_establish(memory_tier_boot_rule());
}

/* Linux 6.1: one tier, DRAM's, with every node with memory; nothing to demote to. */
static void test_linux61_single_tier(struct ktest *t)
{
	int id, adist, tier;
	nodemask_t nodes, mem = numa_nodes_with_memory();

	memory_tier_establish(MEMTIER_RULE_LINUX61);
	KTEST_EXPECT_EQ(t, memory_tier_count(), 1);
	KTEST_EXPECT(t, memory_tier_get(0, &id, &nodes));
	KTEST_EXPECT_EQ(t, id, (int)(MEMTIER_ADISTANCE_DRAM >> MEMTIER_CHUNK_BITS));
	KTEST_EXPECT(t, nodes_equal(nodes, mem));
	for (int n = 0; n < (int)nr_node_ids; n++) {
		KTEST_EXPECT_EQ(t, next_demotion_node(n), NUMA_NO_NODE);
		if (node_has_memory(n)) {
			KTEST_EXPECT(t, node_memory_tier(n, &adist, &tier));
			KTEST_EXPECT_EQ(t, adist, (int)MEMTIER_ADISTANCE_DRAM);
		}
	}
	restore_boot_rule();
}

/* The current rule: tiers partition the memory nodes; demotion goes one tier down. */
static void test_current_rule_tiers(struct ktest *t)
{
	char got[256];
	size_t len = 0;
	nodemask_t seen = NODE_MASK_NONE, nodes, mem = numa_nodes_with_memory();
	int id, prev = -1;

	memory_tier_establish(MEMTIER_RULE_CURRENT);
	for (unsigned int i = 0; memory_tier_get(i, &id, &nodes); i++) {
		char list[NODE_LIST_BUF];

		KTEST_EXPECT_GT(t, id, prev);
		KTEST_EXPECT(t, !nodes_intersects(seen, nodes));
		nodes_or(seen, seen, nodes);
		prev = id;
		node_list_scnprintf(list, sizeof(list), &nodes);
		len += (size_t)scnprintf(got + len, sizeof(got) - len, "%s%d:%s", i ? ";" : "", id,
					 list);
	}
	KTEST_EXPECT(t, nodes_equal(seen, mem));
	for (int n = 0; n < (int)nr_node_ids; n++) {
		int adist, tier, tadist, ttier, target = next_demotion_node(n);
		nodemask_t pref = node_demotion_preferred(n), fall = node_demotion_fallback(n), extra;

		/* Nodes with CPUs keep DRAM's adistance under the current rule. */
		if (node_has_memory(n) && node_has_cpus(n) && node_memory_tier(n, &adist, &tier))
			KTEST_EXPECT_EQ(t, adist, (int)MEMTIER_ADISTANCE_DRAM);
		if (target == NUMA_NO_NODE)
			continue;
		KTEST_ASSERT(t, node_memory_tier(n, &adist, &tier));
		KTEST_ASSERT(t, node_memory_tier(target, &tadist, &ttier));
		KTEST_EXPECT_MSG(t, ttier > tier, "node %d (tier %d) demotes to node %d (tier %d)", n,
				 tier, target, ttier);
		KTEST_EXPECT(t, node_isset(target, pref));
		nodes_andnot(extra, pref, fall);
		KTEST_EXPECT(t, nodes_empty(extra));
	}
	if (expected_tiers[0])
		KTEST_EXPECT_STREQ(t, got, expected_tiers);
	restore_boot_rule();
}

/* The first node with a demotion target under the current rule, or NUMA_NO_NODE. */
static int demoting_node(void)
{
	for (int n = 0; n < (int)nr_node_ids; n++)
		if (next_demotion_node(n) != NUMA_NO_NODE)
			return n;
	return NUMA_NO_NODE;
}

/* alloc_demote_pages(): a page of a fast node gets its copy's pages on the demotion target. */
static void test_demote_alloc(struct ktest *t)
{
	int src, target, adist, tier, tadist, ttier;
	struct page *page, *copy;

	memory_tier_establish(MEMTIER_RULE_CURRENT);
	src = demoting_node();
	if (src == NUMA_NO_NODE) {
		restore_boot_rule();
		nodemask_t mem = numa_nodes_with_memory();
		char list[NODE_LIST_BUF];

		node_list_scnprintf(list, sizeof(list), &mem);
		ktest_skip_case(t, "one memory tier (%u tiers, nodes with memory %s): nothing to demote to",
				memory_tier_count(), list);
	}
	for (; src < (int)nr_node_ids; src++) {
		target = next_demotion_node(src);
		if (target == NUMA_NO_NODE)
			continue;
		page = alloc_pages_node(src, GFP_KERNEL | __GFP_THISNODE, 0);
		KTEST_ASSERT_NOT_NULL(t, page);
		KTEST_EXPECT_EQ(t, page_to_nid(page), src);
		copy = alloc_demote_pages(page, GFP_KERNEL, 0);
		KTEST_EXPECT_NOT_NULL(t, copy);
		if (copy) {
			KTEST_EXPECT_EQ(t, page_to_nid(copy), target);
			KTEST_EXPECT(t, node_memory_tier(src, &adist, &tier));
			KTEST_EXPECT(t, node_memory_tier(page_to_nid(copy), &tadist, &ttier));
			KTEST_EXPECT_GT(t, ttier, tier);
			KTEST_EXPECT_GT(t, tadist, adist);
			__free_pages(copy, 0);
		}
		__free_pages(page, 0);
	}
	restore_boot_rule();
}

#define HELD_MAX	4096
static struct { struct page *page; unsigned int order; } held[HELD_MAX];

/*
 * With the target full, the copy goes to another node of the lower tiers
 * (the fallback). The target is emptied with __GFP_THISNODE allocations of
 * every order, largest first, and everything is given back.
 */
static void test_demote_fallback(struct ktest *t)
{
	unsigned int nr = 0;
	int src, target;
	nodemask_t others = NODE_MASK_NONE, fall;
	struct page *page, *copy;

	memory_tier_establish(MEMTIER_RULE_CURRENT);
	src = demoting_node();
	for (; src != NUMA_NO_NODE && src < (int)nr_node_ids; src++) {
		target = next_demotion_node(src);
		fall = node_demotion_fallback(src);
		if (target == NUMA_NO_NODE)
			continue;
		node_clear(target, fall);
		if (!nodes_empty(fall))
			break;
	}
	if (src == NUMA_NO_NODE || src >= (int)nr_node_ids) {
		restore_boot_rule();
		ktest_skip_case(t, "no node whose lower tiers have a node besides its demotion target");
	}
	target = next_demotion_node(src);
	others = node_demotion_fallback(src);
	node_clear(target, others);
	page = alloc_pages_node(src, GFP_KERNEL | __GFP_THISNODE, 0);
	KTEST_ASSERT_NOT_NULL(t, page);
	for (int order = MAX_PAGE_ORDER; order >= 0; order--) {
		struct page *p;

		while (nr < HELD_MAX &&
		       (p = alloc_pages_node(target, GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN,
					     (unsigned int)order))) {
			held[nr].page = p;
			held[nr++].order = (unsigned int)order;
		}
	}
	KTEST_EXPECT_MSG(t, nr < HELD_MAX, "node %d not emptied in %d allocations", target, HELD_MAX);
	copy = alloc_demote_pages(page, GFP_KERNEL, 0);
	KTEST_EXPECT_NOT_NULL(t, copy);
	if (copy) {
		KTEST_EXPECT_MSG(t, node_isset(page_to_nid(copy), others),
				 "node %d's copy on node %d, not in its lower tiers less the full target %d",
				 src, page_to_nid(copy), target);
		__free_pages(copy, 0);
	}
	while (nr)
		__free_pages(held[nr - 1].page, held[nr - 1].order), nr--;
	__free_pages(page, 0);
	restore_boot_rule();
}

static const struct ktest_case memory_tiers_cases[] = {
	KTEST_CASE(test_linux61_single_tier),
	KTEST_CASE(test_current_rule_tiers),
	KTEST_CASE(test_demote_alloc),
	KTEST_CASE(test_demote_fallback),
	{}
};
KTEST_SUITE(memory_tiers, memory_tiers_cases);

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory tiers and demotion targets, as Linux's mm/memory-tiers.c.
 *
 * Every node with memory gets an abstract distance (adistance); nodes whose
 * adistances fall in the same MEMTIER_CHUNK_SIZE chunk form one tier,
 * memory_tier<adistance >> MEMTIER_CHUNK_BITS>, and a smaller adistance is a
 * faster (higher) tier. Default DRAM is MEMTIER_ADISTANCE_DRAM (576: tier 4).
 *
 * Two rules, chosen with the boot parameter memory_tiers=:
 * - current (the default): Linux since v6.10. Nodes with CPUs get DRAM's
 *   adistance; a CPU-less node gets one from its HMAT performance (its
 *   access1 attributes, include/mm/node.h) relative to the DRAM nodes'
 *   (mt_perf_to_adistance(), Linux commit 3718c02dbd4c "acpi, hmat:
 *   calculate abstract distance with HMAT", v6.7; applied to boot-time
 *   CPU-less nodes by "memory tier: create CPUless memory tiers after
 *   obtaining HMAT info", v6.10);
 * - linux61: Linux 6.1, every node with memory in the DRAM tier.
 *
 * Demotion (establish_demotion_targets()): a node's preferred targets are
 * the nearest nodes (SLIT distance, find_next_best_node()'s order) of the
 * next lower tier; its fallback is every node of all lower tiers.
 * Zonelists stay SLIT-ordered whatever the tiers: the allocator sees the
 * tiers only through next_demotion_node() and alloc_demote_pages().
 */
#ifndef NB_MM_MEMORY_TIERS_H
#define NB_MM_MEMORY_TIERS_H

#include <kernel/types.h>
#include <mm/gfp.h>
#include <mm/node.h>

#define MEMTIER_CHUNK_BITS	7
#define MEMTIER_CHUNK_SIZE	(1 << MEMTIER_CHUNK_BITS)
#define MEMTIER_ADISTANCE_DRAM	((4L * MEMTIER_CHUNK_SIZE) + (MEMTIER_CHUNK_SIZE >> 1))

enum memtier_rule {
	MEMTIER_RULE_CURRENT,		/* memory_tiers=current (default) */
	MEMTIER_RULE_LINUX61,		/* memory_tiers=linux61 */
};

struct page;

/*
 * Linux's mt_set_default_dram_perf(): the first DRAM node's performance
 * becomes the reference; a later one that differs by more than 10% in any
 * figure is reported and disables the HMAT rule. 0 or -EINVAL/-EIO.
 */
int mt_set_default_dram_perf(int nid, const struct access_coordinate *perf, const char *source);
/*
 * Linux's mt_perf_to_adistance(): DRAM's adistance scaled by
 * (latency sum / DRAM's) * (DRAM's bandwidth sum / bandwidth sum), in
 * x86_64 Linux's long arithmetic, left to right. 0, or -EINVAL (a zero sum),
 * -EIO (the DRAM reference is in error), -ENOENT (no reference).
 */
int mt_perf_to_adistance(const struct access_coordinate *perf, int *adist);

/*
 * Build the tiers and demotion targets for the installed topology and the
 * node attributes, by @rule, quietly; may be called again (the self-tests
 * switch rules and put the boot's back). memory_tier_init() uses the boot's
 * rule and, under the current rule, logs the demotion targets as Linux
 * does after 6.1 ("Demotion targets for Node 0: preferred: 2, fallback: 2-3").
 */
void memory_tier_establish(enum memtier_rule rule);
void memory_tier_init(void);
enum memtier_rule memory_tier_rule(void);		/* the rule in force */
enum memtier_rule memory_tier_boot_rule(void);		/* memory_tiers= */

/* @nid's adistance and tier id; false (both untouched) if @nid is in no tier. */
bool node_memory_tier(int nid, int *adistance, int *tier_id);
/* The tiers from the fastest: the idx'th tier's id and nodes; false past the last. */
unsigned int memory_tier_count(void);
bool memory_tier_get(unsigned int idx, int *id, nodemask_t *nodes);
/* Linux's next_demotion_node(): the lowest preferred target (Linux picks one at random), or NUMA_NO_NODE. */
int next_demotion_node(int node);
nodemask_t node_demotion_preferred(int node);
nodemask_t node_demotion_fallback(int node);	/* every node of the tiers below @node's */

/*
 * The demotion hook: allocate 2^@order pages for @page's contents on its
 * node's demotion target (__GFP_THISNODE added), else on another node of
 * the lower tiers, nearest to the target first. NULL if @page's node has no
 * demotion target or nothing below has room.
 */
struct page *alloc_demote_pages(const struct page *page, gfp_t gfp, unsigned int order);

#endif

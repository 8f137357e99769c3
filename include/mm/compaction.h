/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Compaction (mm/compaction.c), Linux's two scanners: the migration
 * scanner walks a zone up from its start isolating movable pages
 * (include/mm/migrate.h), the free scanner walks down from its end
 * isolating free pages of Movable pageblocks as targets, and the pages
 * move up until the scanners meet or a free block of the wanted order
 * exists. Direct compaction runs in the allocation slow path for orders
 * above PAGE_ALLOC_COSTLY_ORDER with __GFP_DIRECT_RECLAIM, with Linux's
 * deferral after failures. compaction=off disables it.
 *
 * Runs on the calling CPU; the owners of the movable pages must be quiet
 * (see include/mm/migrate.h).
 */
#ifndef NB_MM_COMPACTION_H
#define NB_MM_COMPACTION_H

#include <kernel/types.h>
#include <mm/gfp.h>
#include <mm/numa.h>

enum compact_result {
	COMPACT_NOT_SUITABLE_ZONE,
	COMPACT_SKIPPED,
	COMPACT_DEFERRED,
	COMPACT_CONTINUE,
	COMPACT_COMPLETE,
	COMPACT_PARTIAL_SKIPPED,
	COMPACT_SUCCESS,
};

extern bool compaction_enabled;		/* compaction=off clears it */
#define COMPACT_MAX_DEFER_SHIFT	6
#define EXTFRAG_THRESHOLD	500	/* Linux's sysctl_extfrag_threshold default */

/* Totals of the last compact_zone()/compact_node() (for tests and benchmarks). */
struct compact_stats {
	unsigned long migrate_scanned, free_scanned, isolated, migrated, failed;
};
extern struct compact_stats compact_stats;

/* Compact @zone towards a free block of @order (-1: the whole zone). */
enum compact_result compact_zone(struct zone *zone, int order);
/* Every zone of @nid, whole (Linux's compact_node(), /proc/sys/vm/compact_memory). */
void compact_node(int nid);
/*
 * compact= (numabuddy's boot trigger, Documentation/mobility.md): 1 or all,
 * every node with memory (Linux's /proc/sys/vm/compact_memory); 0, none;
 * nodeN[,nodeN...], those nodes (/sys/devices/system/node/nodeN/compact).
 * compact_param_parse() fills @nodes and returns 0, or logs why and returns
 * -EINVAL with @nodes empty. compact_nodes_at_boot() runs compact_node() on
 * each node asked for and logs its compact_* and pgmigrate_* counts;
 * compact_boot_done holds the nodes it compacted.
 */
int compact_param_parse(const char *val, nodemask_t *nodes);
void compact_nodes_at_boot(void);
extern nodemask_t compact_boot_done;
enum compact_result compaction_suitable(struct zone *zone, unsigned int order, int highest_zoneidx);
/* Linux's deferral. */
void defer_compaction(struct zone *zone, int order);
bool compaction_deferred(struct zone *zone, int order);
void compaction_defer_reset(struct zone *zone, int order, bool alloc_success);
/*
 * The slow path's direct compaction: each zone @gfp may use from @nid that
 * is not deferred and is suitable, compacted for @order, then an attempt.
 */
struct page *__alloc_pages_direct_compact(int nid, gfp_t gfp, unsigned int order);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Zone counters with per-cpu deltas (Linux's mm/vmstat.c), NUMA and event
 * counters.
 *
 * A zone counter (enum zone_stat_item) is the global zone->vm_stat[item]
 * plus one signed delta per CPU, pzstats->vm_stat_diff[item]. A CPU changes
 * only its own delta, with interrupts off (__mod_zone_page_state()), and
 * folds it into the global counter (and vm_zone_stat[]) when it would pass
 * the CPU's stat_threshold. Hence, at every moment:
 *
 *	exact value == zone->vm_stat[item] + sum over CPUs of vm_stat_diff[item]
 *	|vm_stat_diff[item]| <= stat_threshold <= VMSTAT_MAX_THRESHOLD
 *
 * zone_page_state() reads the global counter only: cheap, off by at most
 * num_online_cpus() * the normal threshold (the "drift", seed 002).
 * zone_page_state_snapshot() adds every CPU's delta: exact when read under
 * zone->lock for NR_FREE_PAGES (every change of NR_FREE_PAGES is made
 * under zone->lock), approximate otherwise.
 *
 * Thresholds follow Linux: calculate_normal_threshold() from the zone's
 * size and the online CPUs; when a zone falls below its low watermark the
 * threshold of its node's zones drops to calculate_pressure_threshold()
 * (Linux does this while kswapd is awake) and goes back once the zone is
 * above its high watermark again. zone->percpu_drift_mark: below it the
 * watermark checks read the snapshot (fix vmstat_snapshot).
 *
 * NUMA events (numa_hit...) and vm events (pgalloc_*, pgfree) are per-cpu
 * unsigned counters that are only added to, never folded by threshold:
 * readers sum every CPU's copy.
 */
#ifndef NB_MM_VMSTAT_H
#define NB_MM_VMSTAT_H

#include <kernel/types.h>
#include <mm/mmzone.h>
#include <arch/smp.h>

#define VMSTAT_MAX_THRESHOLD	125	/* Linux's; fits a s8 delta */

/* Interrupts must be off (or the caller holds an irqsave lock). */
void __mod_zone_page_state(struct zone *zone, enum zone_stat_item item, long delta);
void mod_zone_page_state(struct zone *zone, enum zone_stat_item item, long delta);

static inline long zone_page_state_raw(const struct zone *zone, enum zone_stat_item item)
{
	return __atomic_load_n(&zone->vm_stat[item], __ATOMIC_RELAXED);
}

/* The global counter: negative transients read as 0, as in Linux. */
static inline unsigned long zone_page_state(const struct zone *zone, enum zone_stat_item item)
{
	long x = zone_page_state_raw(zone, item);

	return x < 0 ? 0 : (unsigned long)x;
}

/* Global counter plus every CPU's delta (negative read as 0). */
unsigned long zone_page_state_snapshot(const struct zone *zone, enum zone_stat_item item);
/* The sum of every CPU's delta (what zone_page_state() is missing). */
long zone_page_state_drift(const struct zone *zone, enum zone_stat_item item);

/* Sum over zones, global counters only (Linux's global_zone_page_state()). */
unsigned long global_zone_page_state(enum zone_stat_item item);

/* Linux's two threshold formulas, for @zone with the CPUs online now. */
int calculate_normal_threshold(const struct zone *zone);
int calculate_pressure_threshold(const struct zone *zone);
/*
 * Largest drift of @zone's counters: online CPUs times the larger of the
 * two thresholds (Linux's drift mark uses the normal one only; the
 * pressure one can be larger with few CPUs).
 */
long zone_max_drift(const struct zone *zone);

/*
 * Set every CPU's threshold of every zone to the normal one and compute
 * each zone's percpu_drift_mark (Linux's refresh_zone_stat_thresholds()).
 * At boot and whenever the online CPUs or the watermarks change.
 */
void refresh_zone_stat_thresholds(void);
/* The node of @zone went below its low watermark / back above high. */
void vmstat_zone_pressure(struct zone *zone, bool pressure);
/* The threshold this CPU uses now for @zone. */
int zone_stat_threshold(const struct zone *zone, unsigned int cpu);

/*
 * Fold this CPU's deltas into the global counters (interrupts off).
 * vm_stats_fold_all(): every online CPU's, each on its own CPU; afterwards
 * zone_page_state() is exact until the next change. For quiesce points.
 */
void refresh_cpu_vm_stats(void);
/*
 * Linux's unusable free space index of @zone at @order, in thousandths:
 * the share of free pages in blocks smaller than 2^@order (1000 when
 * nothing is free). Read under zone->lock, from the buddy lists.
 */
unsigned int zone_unusable_index(struct zone *zone, unsigned int order);
void vm_stats_fold_all(void);

/* NUMA and vm events: this CPU's copy (interrupts off or a single add). */
static inline void __count_numa_event(struct zone *zone, enum numa_stat_item item,
				      unsigned long n)
{
	this_cpu_ptr(zone->per_cpu_zonestats)->vm_numa_event[item] += n;
}

DECLARE_PER_CPU(struct vm_event_state, vm_event_states);

static inline void __count_vm_events(enum vm_event_item item, unsigned long n)
{
	this_cpu_ptr(&vm_event_states)->event[item] += n;
}

unsigned long zone_numa_event_state(const struct zone *zone, enum numa_stat_item item);
unsigned long global_vm_event(enum vm_event_item item);

/*
 * Pageblocks and fragmentation (mm/vmstat.c). pageblock_page_in_zone():
 * the initialised struct page at @pfn if it is in @zone, else NULL (the
 * safe way for pageblock walkers, holes_in_zone=1 included).
 * zone_pageblock_counts(): @zone's pageblocks per migratetype, as
 * pagetypeinfo counts them. fragmentation_index(): Linux's, times 1000.
 */
struct page;
struct page *pageblock_page_in_zone(struct zone *zone, unsigned long pfn);
void zone_pageblock_counts(struct zone *zone, unsigned long count[MIGRATE_TYPES]);
int fragmentation_index(struct zone *zone, unsigned int order);

/* Linux's /proc/zoneinfo (the fields that exist so far), through printk_raw. */
void zoneinfo_show(void);

/* Linux's names, as /proc/vmstat and /proc/zoneinfo print them. */
extern const char *const zone_stat_name[NR_VM_ZONE_STAT_ITEMS];
extern const char *const numa_stat_name[NR_VM_NUMA_EVENT_ITEMS];

#endif

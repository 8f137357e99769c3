// SPDX-License-Identifier: GPL-2.0-only
/*
 * Seed 002 (Mel Gorman, 2010): with many CPUs, NR_FREE_PAGES drifts from
 * what is on the buddy lists, so watermark checks pass on empty lists and
 * allocations fail while pages sit on per-cpu lists. Three fixes, each
 * switchable with nofix=: counter_after_list, vmstat_snapshot,
 * pcp_drain_retry (mm/page_alloc.c). Every case checks the fixed
 * behaviour when its fixes are on and, with them off (the negative
 * control, tests/machines/seed002-nofix.machine), passes only by seeing
 * the original symptom, which the kernel's log names.
 *
 * The machines (tests/machines/seed002*.machine) have 8 CPUs and a small
 * min_free_kbytes, so that the counters' possible drift (8 CPUs times the
 * threshold) exceeds the min watermark, as on the many-CPU machines of the
 * report.
 *
 * Every verdict is a function of the machine and the boot parameters, never
 * of how the host schedules the vCPUs:
 *  - the race window of counter_after_list is entered through a test hook
 *    that parks the freeing CPU inside it until the observer has sampled
 *    (pcp_bulk_free_hook; ktest.hooks=off shows the case then fails);
 *  - the failing states of vmstat_snapshot and pcp_drain_retry are built
 *    one CPU at a time: every CPU's counter delta pushed to its threshold
 *    over emptied lists, pages parked on another CPU's per-cpu list;
 *  - a machine whose numbers cannot show a symptom skips that case and
 *    says why (and which min_free_kbytes would show it);
 *  - the concurrent exhaustion is a seeded stress (ktest.seed=) in
 *    lock-step rounds that asserts only what holds under any schedule.
 */
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/report.h>
#include <lib/string.h>
#include <lib/bitops.h>
#include <mm/gfp.h>
#include <mm/memory_model.h>
#include <mm/page_alloc.h>
#include <mm/vmstat.h>
#include <arch/cpu.h>
#include <arch/smp.h>
#include "test_alloc.h"

DECLARE_FIX(counter_after_list);
DECLARE_FIX(vmstat_snapshot);
DECLARE_FIX(pcp_drain_retry);

/*
 * Thresholds, drift marks and pagesets as Linux's formulas give them,
 * computed here independently from the zone's size and the CPUs online.
 */
static void test_thresholds_and_pagesets(struct ktest *t)
{
	unsigned int ncpus = num_online_cpus(), cpu;
	struct zone *zone;

	for_each_populated_zone(zone) {
		unsigned long mem = zone->managed_pages >> (27 - PAGE_SHIFT);
		long normal = min(2L * fls_long(ncpus) * (1 + fls_long(mem)), 125L);
		long pressure = min(max(((long)low_wmark_pages(zone) - (long)min_wmark_pages(zone)) /
					(long)ncpus, 1L), 125L);
		long max_drift = (long)ncpus * max(normal, pressure);
		long tolerate = (long)low_wmark_pages(zone) - (long)min_wmark_pages(zone);
		unsigned long mark = (max_drift > tolerate || max_drift > (long)min_wmark_pages(zone)) ?
				     high_wmark_pages(zone) + (unsigned long)max_drift : 0;
		unsigned long b = min(zone->managed_pages >> 10, 256UL) / 4, node_cpus = 0;
		long batch, high;

		if (b < 1)
			b = 1;
		b += b / 2;
		while (b & (b - 1))
			b &= b - 1;
		batch = max((long)b - 1, 1L);
		for_each_online_cpu(cpu)
			node_cpus += cpu_to_node(cpu) == zone->node;
		high = (long)low_wmark_pages(zone) / (long)(node_cpus ? node_cpus : ncpus);
		high = max(high, batch * 4);

		KTEST_EXPECT_EQ(t, calculate_normal_threshold(zone), normal);
		KTEST_EXPECT_EQ(t, calculate_pressure_threshold(zone), pressure);
		KTEST_EXPECT_EQ(t, zone_max_drift(zone), max_drift);
		KTEST_EXPECT_EQ(t, zone->percpu_drift_mark, mark);
		KTEST_EXPECT_EQ(t, zone->pageset_batch, batch);
		KTEST_EXPECT_EQ(t, zone->pageset_high, high);
		for_each_online_cpu(cpu) {
			const struct per_cpu_pages *pcp = per_cpu_ptr(zone->per_cpu_pageset, cpu);
			int th = zone_stat_threshold(zone, cpu);

			KTEST_EXPECT_EQ(t, pcp->batch, batch);
			KTEST_EXPECT_EQ(t, pcp->high, high);
			KTEST_EXPECT_MSG(t, th == normal || th == calculate_pressure_threshold(zone),
					 "node %d zone %s CPU %u: threshold %d", zone->node, zone->name, cpu, th);
		}
		ktest_info(t, "node %d zone %-7s managed %6lu min %4lu: threshold %ld (pressure %d), max drift %ld, drift mark %lu, pcp high %ld batch %ld",
			   zone->node, zone->name, zone->managed_pages, min_wmark_pages(zone), normal,
			   calculate_pressure_threshold(zone), max_drift, mark, high, batch);
	}
}

/* ---- helpers: one zone, one CPU at a time ------------------------------ */

/* The zone GFP_KERNEL | __GFP_THISNODE allocations from @nid try first (the fast path's). */
static struct zone *first_kernel_zone(int nid)
{
	const struct zonelist *zl = &NODE_DATA(nid)->node_zonelists[ZONELIST_NOFALLBACK];

	for (const struct zoneref *z = zl->_zonerefs; z->zone; z++)
		if (z->zone_idx <= (int)gfp_zone(GFP_KERNEL))
			return z->zone;
	return NULL;
}

/* GFP_KERNEL narrowed so that @zone is the highest zone it may use. */
static gfp_t gfp_up_to_zone(const struct zone *zone)
{
	switch (zone_idx(zone)) {
	case ZONE_DMA:
		return GFP_KERNEL | __GFP_DMA;
#ifdef CONFIG_ZONE_DMA32
	case ZONE_DMA32:
		return GFP_KERNEL | __GFP_DMA32;
#endif
#ifdef CONFIG_HIGHMEM
	case ZONE_HIGHMEM:
		return GFP_HIGHUSER;
#endif
	default:
		return GFP_KERNEL;
	}
}

/* Set @zone's per-cpu batch on @cpu (returns the old one). */
static int set_pcp_batch(struct zone *zone, unsigned int cpu, int batch)
{
	struct per_cpu_pages *pcp = per_cpu_ptr(zone->per_cpu_pageset, cpu);
	unsigned long flags = pcp_lock_irqsave(pcp);
	int old = pcp->batch;

	pcp->batch = batch;
	pcp_unlock_irqrestore(pcp, flags);
	return old;
}

/* Hold a block as single pages, each freed at order 0 later. */
static unsigned long hold_split(struct list_head *held, struct page *page, unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		page[i]._refcount = 1;
		page[i].private = 0;
		list_add_tail(&page[i].lru, held);
	}
	return 1UL << order;
}

/*
 * Take free pages of @zone into @held until exactly @keep are left on its
 * buddy lists. The caller lifted the zone's watermarks; this CPU's batch
 * for the zone is 1 meanwhile, so that a refill leaves nothing behind on
 * the per-cpu list. Orders above the per-cpu lists come straight from the
 * buddy lists; the rest one page at a time.
 */
static void zone_take_all_but(struct zone *zone, unsigned long keep, struct list_head *held)
{
	const gfp_t gfp = gfp_up_to_zone(zone) | __GFP_THISNODE | __GFP_NOWARN;
	unsigned int cpu = smp_processor_id();
	int batch = set_pcp_batch(zone, cpu, 1);

	drain_local_pages(zone);
	for (int order = MAX_PAGE_ORDER; order >= 0; order--) {
		if (order && order <= PAGE_ALLOC_COSTLY_ORDER)
			continue;
		while (zone_free_list_pages(zone) >= keep + (1UL << order)) {
			struct page *page = alloc_pages_node(zone->node, gfp, (unsigned int)order);

			if (!page)
				break;
			if (page_zone(page) != zone) {
				__free_pages(page, (unsigned int)order);
				break;
			}
			hold_split(held, page, (unsigned int)order);
		}
	}
	set_pcp_batch(zone, cpu, batch);
	drain_local_pages(zone);
}

static void free_held(struct list_head *held)
{
	while (!list_empty(held)) {
		struct page *p = list_first_entry(held, struct page, lru);

		list_del(&p->lru);
		__free_pages(p, 0);
	}
}

/* Lift (or put back) @zone's watermarks and lowmem reserves. */
struct saved_marks {
	unsigned long wmark[NR_WMARK];
	long reserve[MAX_NR_ZONES];
};

static void lift_watermarks(struct zone *zone, struct saved_marks *saved)
{
	memcpy(saved->wmark, zone->_watermark, sizeof(saved->wmark));
	memcpy(saved->reserve, zone->lowmem_reserve, sizeof(saved->reserve));
	memset(zone->_watermark, 0, sizeof(zone->_watermark));
	memset(zone->lowmem_reserve, 0, sizeof(zone->lowmem_reserve));
}

static void restore_watermarks(struct zone *zone, const struct saved_marks *saved)
{
	memcpy(zone->_watermark, saved->wmark, sizeof(saved->wmark));
	memcpy(zone->lowmem_reserve, saved->reserve, sizeof(saved->reserve));
}

/* After a case: everything given back, nothing lost, lists valid, counters exact. */
static void expect_all_back(struct ktest *t, unsigned long free_before, unsigned long bad_before)
{
	struct zone *zone;

	drain_all_pages(NULL);
	vm_stats_fold_all();
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
	KTEST_EXPECT_EQ(t, total_free_pages(), free_before);
	KTEST_EXPECT_EQ(t, bad_page_count, bad_before);
	for_each_populated_zone(zone) {
		KTEST_EXPECT_EQ(t, zone_page_state(zone, NR_FREE_PAGES), zone_free_list_pages(zone));
		KTEST_EXPECT_EQ(t, zone_pcp_pages(zone), 0);
	}
}

static unsigned long lockless_list_pages(const struct zone *zone)
{
	unsigned long n = 0;

	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		n += READ_ONCE(zone->free_area[o].nr_free) << o;
	return n;
}

/* ---- counter_after_list: a lockless reader inside a bulk free ---------- */

#define CAL_WINDOWS	3	/* bulk frees, each entered once by the observer */

static struct {
	struct zone *zone;
	unsigned int drainer, observer;
	bool armed;			/* the drainer's next bulk free parks */
	unsigned long parked;		/* windows the drainer parked in */
	unsigned long sampled;		/* windows the observer sampled */
	unsigned long done;
	unsigned long max_ahead, empty_seen, counter_seen, drained_max;
	struct list_head held;		/* the zone's pages, taken out of the buddy */
} cal;

/*
 * pcp_bulk_free_hook: on the drainer, in an armed bulk free of the zone,
 * park until the observer has sampled (zone->lock held, interrupts off).
 */
static void cal_park(struct zone *zone, int count)
{
	unsigned long n;

	(void)count;
	if (!cal.armed || zone != cal.zone || smp_processor_id() != cal.drainer)
		return;
	cal.armed = false;
	n = __atomic_add_fetch(&cal.parked, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&cal.sampled, __ATOMIC_ACQUIRE) < n)
		cpu_relax();
}

/*
 * The observer: each time the drainer is parked inside the window, read
 * what a watermark check reads (the counter), then the lists, lockless.
 * With the fix, the counter goes up after the pages are on the lists, so it
 * can never be ahead of them.
 */
static void cal_observe(void)
{
	unsigned long seen = 0;

	for (;;) {
		unsigned long p = __atomic_load_n(&cal.parked, __ATOMIC_ACQUIRE);

		if (p > seen) {
			unsigned long free = zone_watermark_free_pages(cal.zone);
			unsigned long lists = lockless_list_pages(cal.zone);

			if (free > lists && free - lists > cal.max_ahead) {
				cal.max_ahead = free - lists;
				cal.counter_seen = free;
			}
			if (!lists && free > min_wmark_pages(cal.zone))
				cal.empty_seen++;
			seen = p;
			__atomic_store_n(&cal.sampled, seen, __ATOMIC_RELEASE);
			continue;
		}
		/* Done, and no window left unsampled (the hook may be off). */
		if (__atomic_load_n(&cal.done, __ATOMIC_ACQUIRE) &&
		    __atomic_load_n(&cal.parked, __ATOMIC_ACQUIRE) == seen)
			return;
		cpu_relax();
	}
}

/* The drainer: fill this CPU's per-cpu list just under high, then drain it into the window. */
static void cal_drain_rounds(void)
{
	struct per_cpu_pages *pcp = this_cpu_ptr(cal.zone->per_cpu_pageset);
	struct saved_marks saved;

	for (unsigned int round = 0; round < CAL_WINDOWS; round++) {
		unsigned long freed = 0;

		/* Just under high: no bulk free yet; all of it goes in the drain. */
		while (!list_empty(&cal.held) && pcp->count < pcp->high - 1) {
			struct page *p = list_first_entry(&cal.held, struct page, lru);

			list_del(&p->lru);
			__free_pages(p, 0);
			freed++;
		}
		/* The counters exact before the window (this CPU is the only one changing them). */
		refresh_cpu_vm_stats();
		cal.armed = true;
		drain_local_pages(cal.zone);
		cal.armed = false;
		cal.drained_max = max(cal.drained_max, freed);
		/* Empty the buddy lists again for the next window. */
		lift_watermarks(cal.zone, &saved);
		zone_take_all_but(cal.zone, 0, &cal.held);
		restore_watermarks(cal.zone, &saved);
	}
	__atomic_store_n(&cal.done, 1, __ATOMIC_RELEASE);
}

static void cal_cpu(void *info)
{
	unsigned int cpu = smp_processor_id();

	(void)info;
	if (cpu == cal.drainer)
		cal_drain_rounds();
	else if (cpu == cal.observer)
		cal_observe();
}

static void test_counter_after_list(struct ktest *t)
{
	unsigned long free_before = total_free_pages(), bad_before = bad_page_count;
	struct saved_marks saved;
	struct zone *zone;
	int nid = numa_node_id();

	if (num_online_cpus() < 2)
		ktest_skip_case(t, "needs 2 CPUs (a drainer and an observer), %u online",
				num_online_cpus());
	/* The boot CPU's node's first GFP_KERNEL zone: drained by the boot CPU, watched by another. */
	zone = first_kernel_zone(nid);
	KTEST_ASSERT_NOT_NULL(t, zone);

	memset(&cal, 0, sizeof(cal));
	INIT_LIST_HEAD(&cal.held);
	cal.zone = zone;
	cal.drainer = smp_processor_id();
	cal.observer = cal.drainer == 1 ? 0 : 1;

	/* Empty the zone's buddy lists: watermarks lifted for the duration. */
	drain_all_pages(NULL);
	lift_watermarks(zone, &saved);
	zone_take_all_but(zone, 0, &cal.held);
	restore_watermarks(zone, &saved);
	KTEST_EXPECT_EQ(t, zone_free_list_pages(zone), 0);
	vm_stats_fold_all();

	if (ktest_hooks_enabled)
		pcp_bulk_free_hook = cal_park;
	smp_call_all(cal_cpu, NULL);
	pcp_bulk_free_hook = NULL;

	free_held(&cal.held);
	expect_all_back(t, free_before, bad_before);

	ktest_info(t, "node %d zone %s: %lu of %d bulk frees of up to %lu pages from a per-cpu list onto empty buddy lists (threshold %d) entered by the observer: the counter ahead of the lists by up to %lu pages, above the min watermark on empty lists %lu times",
		   nid, zone->name, cal.parked, CAL_WINDOWS, cal.drained_max,
		   zone_stat_threshold(zone, cal.drainer), cal.max_ahead, cal.empty_seen);
	/* The interleaving is forced: every window entered, or the case says it could not. */
	KTEST_EXPECT_MSG(t, cal.parked == CAL_WINDOWS && cal.sampled == CAL_WINDOWS,
			 "could not enter the race window: the observer sampled inside %lu of %d bulk frees (%s)",
			 cal.sampled, CAL_WINDOWS,
			 ktest_hooks_enabled ? "the hook was not called" :
					       "test hooks disabled by ktest.hooks=off");
	/* A bulk free of more than the threshold moves the global counter at once. */
	KTEST_EXPECT_GT(t, (long)cal.drained_max, (long)zone_stat_threshold(zone, cal.drainer));
	if (fix_enabled(counter_after_list)) {
		KTEST_EXPECT_EQ(t, cal.max_ahead, 0);
		KTEST_EXPECT_EQ(t, cal.empty_seen, 0);
	} else if (cal.sampled) {
		/* The negative control: the window the first patch closed, seen. */
		KTEST_EXPECT_GT(t, cal.max_ahead, 0);
		pr_warn("vmstat drift: node %d zone %s: nr_free_pages %lu ahead of the buddy lists by %lu pages during a bulk free (counter raised before the list insertion); seen %lu times with the buddy lists empty\n",
			nid, zone->name, cal.counter_seen, cal.max_ahead, cal.empty_seen);
	}
}

/* ---- vmstat_snapshot: every CPU's delta at its threshold, lists empty ---- */

static struct {
	struct zone *zone;
	struct list_head held[NR_CPUS];
	unsigned long want[NR_CPUS], got[NR_CPUS], elsewhere[NR_CPUS];
} drift;

/* On one CPU: allocate as many order-0 pages as its threshold (each moves its delta by 1). */
static void drift_alloc_on_cpu(void *info)
{
	unsigned int cpu = smp_processor_id();

	(void)info;
	for (unsigned long i = 0; i < drift.want[cpu]; i++) {
		struct page *page = alloc_pages_node(drift.zone->node,
						     GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN, 0);

		if (!page)
			break;
		list_add(&page->lru, &drift.held[cpu]);
		if (page_zone(page) == drift.zone)
			drift.got[cpu]++;
		else
			drift.elsewhere[cpu]++;
	}
}

/*
 * Seed 002's main symptom, built on purpose: the zone's buddy lists hold
 * exactly as many pages as the CPUs' thresholds add up to, and each CPU in
 * turn allocates its threshold's worth, one page per refill (batch 1), so
 * that its delta ends at -threshold, unfolded. The global counter then
 * still says N pages while the lists are empty: without vmstat_snapshot a
 * watermark check passes on empty lists; with it the check reads the
 * snapshot and the zone keeps its min reserve.
 */
static void test_drift_hides_empty_lists(struct ktest *t)
{
	unsigned long free_before = total_free_pages(), bad_before = bad_page_count;
	unsigned long empty0 = vmstat_drift_events.wmark_passed_empty, passed_empty;
	unsigned long n = 0, got = 0, elsewhere = 0, lists_after, raw_after;
	int batch[NR_CPUS];
	struct saved_marks saved;
	LIST_HEAD(held);
	struct zone *zone;
	struct page *probe;
	unsigned int cpu;
	bool pressure;
	long normal_sum = 0, pressure_sum = 0, min, low;
	int nid = numa_node_id();

	zone = first_kernel_zone(nid);
	KTEST_ASSERT_NOT_NULL(t, zone);
	min = (long)min_wmark_pages(zone);
	low = (long)low_wmark_pages(zone);
	for_each_online_cpu(cpu) {
		normal_sum += calculate_normal_threshold(zone);
		pressure_sum += calculate_pressure_threshold(zone);
	}
	/*
	 * Above the low watermark the allocations stay on the fast path and
	 * the zone keeps its normal thresholds; below it the slow path puts it
	 * under pressure first (smaller thresholds, set here beforehand).
	 */
	pressure = normal_sum <= low;
	n = (unsigned long)(pressure ? pressure_sum : normal_sum);
	if ((long)n <= min || n > zone_free_list_pages(zone)) {
		unsigned long suggest = (unsigned long)min_free_kbytes * (n ? n - 1 : 0) /
					(unsigned long)(min ? min : 1);

		ktest_skip_case(t, "node %d zone %s: max drift %lu <= min %ld (%u CPUs, %s thresholds %d each): drift cannot hide an empty zone here; boot with min_free_kbytes<=%lu",
				nid, zone->name, n, min, num_online_cpus(),
				pressure ? "pressure" : "normal",
				pressure ? calculate_pressure_threshold(zone) :
					   calculate_normal_threshold(zone),
				suggest);
	}

	memset(&drift, 0, sizeof(drift));
	drift.zone = zone;
	drain_all_pages(NULL);
	/* The node's lower zones emptied: the allocations cannot go around the zone. */
	for (int z = zone_idx(zone) - 1; z >= 0; z--) {
		struct zone *lower = &NODE_DATA(nid)->node_zones[z];
		struct saved_marks lower_saved;

		if (!populated_zone(lower))
			continue;
		lift_watermarks(lower, &lower_saved);
		zone_take_all_but(lower, 0, &held);
		restore_watermarks(lower, &lower_saved);
		KTEST_EXPECT_EQ(t, zone_free_list_pages(lower), 0);
	}
	lift_watermarks(zone, &saved);
	zone_take_all_but(zone, n, &held);
	restore_watermarks(zone, &saved);
	KTEST_ASSERT_EQ(t, zone_free_list_pages(zone), n);
	if (pressure)
		vmstat_zone_pressure(zone, true);
	vm_stats_fold_all();
	for_each_online_cpu(cpu) {
		INIT_LIST_HEAD(&drift.held[cpu]);
		drift.want[cpu] = (unsigned long)(pressure ? calculate_pressure_threshold(zone) :
							calculate_normal_threshold(zone));
		KTEST_EXPECT_EQ(t, zone_stat_threshold(zone, cpu), (int)drift.want[cpu]);
		batch[cpu] = set_pcp_batch(zone, cpu, 1);
	}
	/* One CPU at a time: the order of operations is the same on every run. */
	for_each_online_cpu(cpu) {
		KTEST_EXPECT_EQ(t, smp_call_function_single(cpu, drift_alloc_on_cpu, NULL, true), 0);
		got += drift.got[cpu];
		elsewhere += drift.elsewhere[cpu];
	}
	lists_after = zone_free_list_pages(zone);
	raw_after = zone_page_state(zone, NR_FREE_PAGES);
	/* One more allocation: its watermark check meets the empty lists, or the reserve. */
	probe = alloc_pages_node(nid, GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN, 0);
	passed_empty = vmstat_drift_events.wmark_passed_empty - empty0;

	ktest_info(t, "node %d zone %s: %u CPUs with %s thresholds, %lu pages on the lists, min %ld, low %ld: %lu allocated from it (%lu from other zones), then %lu on the lists while nr_free_pages says %lu (drift %ld); the watermark check passed on empty lists %lu times",
		   nid, zone->name, num_online_cpus(), pressure ? "pressure" : "normal", n, min, low,
		   got, elsewhere, lists_after, raw_after,
		   zone_page_state_drift(zone, NR_FREE_PAGES), passed_empty);

	if (probe)
		__free_pages(probe, 0);
	for_each_online_cpu(cpu) {
		set_pcp_batch(zone, cpu, batch[cpu]);
		free_held(&drift.held[cpu]);
	}
	free_held(&held);
	if (pressure)
		vmstat_zone_pressure(zone, false);
	expect_all_back(t, free_before, bad_before);

	if (fix_enabled(vmstat_snapshot)) {
		/* The check read the exact snapshot: the reserve stayed on the lists. */
		KTEST_EXPECT_EQ(t, passed_empty, 0);
		KTEST_EXPECT_GE(t, (long)lists_after, min);
	} else {
		/* The negative control: every page taken, the counter still says n. */
		KTEST_EXPECT_EQ(t, got, n);
		KTEST_EXPECT_EQ(t, lists_after, 0);
		KTEST_EXPECT_GT(t, passed_empty, 0);
	}
}

/* ---- pcp_drain_retry: pages parked on another CPU's list --------------- */

static struct {
	int nid;
	struct list_head parked;
	unsigned long parked_pages;
} strand;

/* On the parking CPU: allocate a batch and free it, so that it stays on this CPU's lists. */
static void strand_park(void *info)
{
	struct zone *zone = first_kernel_zone(strand.nid);
	struct per_cpu_pages *pcp = this_cpu_ptr(zone->per_cpu_pageset);
	LIST_HEAD(pages);
	int n = pcp->batch;

	(void)info;
	for (int i = 0; i < n; i++) {
		struct page *page = alloc_pages_node(strand.nid,
						     GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN, 0);

		if (!page)
			break;
		list_add(&page->lru, &pages);
	}
	free_held(&pages);
	strand.parked_pages = zone_pcp_pages(zone);
}

static void test_stranded_pcp_pages(struct ktest *t)
{
	unsigned long free_before = total_free_pages(), bad_before = bad_page_count;
	unsigned long stranded0 = vmstat_drift_events.failed_with_stranded, stranded;
	unsigned long got, pcp_left = 0;
	unsigned int parker;
	LIST_HEAD(held);
	struct zone *zone;
	int nid = numa_node_id(), z;

	if (num_online_cpus() < 2)
		ktest_skip_case(t, "needs 2 CPUs (one to park pages, one to exhaust), %u online",
				num_online_cpus());
	/* The last online CPU parks pages of this node on its per-cpu list. */
	for (parker = nr_cpu_ids - 1; !cpu_online(parker); parker--)
		;
	KTEST_ASSERT_NE(t, parker, smp_processor_id());
	memset(&strand, 0, sizeof(strand));
	strand.nid = nid;
	drain_all_pages(NULL);
	vm_stats_fold_all();
	KTEST_EXPECT_EQ(t, smp_call_function_single(parker, strand_park, NULL, true), 0);
	KTEST_ASSERT_GT(t, strand.parked_pages, 0);

	/* This CPU takes everything GFP_KERNEL may have of the node. */
	got = grab_all(&held, nid, GFP_KERNEL | __GFP_THISNODE);
	stranded = vmstat_drift_events.failed_with_stranded - stranded0;
	for (z = 0; z < MAX_NR_ZONES; z++) {
		zone = &NODE_DATA(nid)->node_zones[z];
		if (populated_zone(zone) && z <= (int)gfp_zone(GFP_KERNEL))
			pcp_left += zone_pcp_pages(zone);
	}
	ktest_info(t, "node %d: CPU %u parked %lu pages on its per-cpu lists; CPU %u took %lu pages; %lu pages left on per-cpu lists; %lu allocation failures with pages stranded on them (up to %lu)",
		   nid, parker, strand.parked_pages, smp_processor_id(), got, pcp_left, stranded,
		   vmstat_drift_events.stranded_pages_max);
	/*
	 * Exhaustion put the node's zones under pressure where their counter
	 * went below low: the pressure thresholds on every CPU.
	 */
	for (z = 0; z <= (int)gfp_zone(GFP_KERNEL); z++) {
		unsigned int cpu;

		zone = &NODE_DATA(nid)->node_zones[z];
		if (!populated_zone(zone) || zone_page_state(zone, NR_FREE_PAGES) >= low_wmark_pages(zone))
			continue;
		KTEST_EXPECT_MSG(t, READ_ONCE(zone->vmstat_pressure),
				 "node %d zone %s: below low (%lu < %lu) but not under pressure",
				 nid, zone->name, zone_page_state(zone, NR_FREE_PAGES),
				 low_wmark_pages(zone));
		for_each_online_cpu(cpu)
			KTEST_EXPECT_EQ(t, zone_stat_threshold(zone, cpu),
					calculate_pressure_threshold(zone));
	}
	release_all(&held);
	expect_all_back(t, free_before, bad_before);
	for (z = 0; z < MAX_NR_ZONES; z++) {
		unsigned int cpu;

		zone = &NODE_DATA(nid)->node_zones[z];
		if (!populated_zone(zone))
			continue;
		/* Everything back, far above high: the normal thresholds again. */
		KTEST_EXPECT(t, !READ_ONCE(zone->vmstat_pressure));
		for_each_online_cpu(cpu)
			KTEST_EXPECT_EQ(t, zone_stat_threshold(zone, cpu),
					calculate_normal_threshold(zone));
	}

	if (fix_enabled(pcp_drain_retry)) {
		/* The failing allocation drained every CPU's lists and took the parked pages too. */
		KTEST_EXPECT_EQ(t, pcp_left, 0);
		KTEST_EXPECT_EQ(t, stranded, 0);
	} else {
		/* The negative control: allocations failed with pages on another CPU's list. */
		KTEST_EXPECT_GT(t, pcp_left, 0);
		KTEST_EXPECT_GT(t, stranded, 0);
	}
}

/* ---- every CPU allocates to exhaustion: a seeded stress ---------------- */

#define EXHAUST_ROUND_BLOCKS	32	/* blocks per CPU per lock-step round */
#define EXHAUST_MAX_ORDER	5

struct exhaust_cpu {
	struct list_head held;		/* blocks, chained through the head's lru */
	unsigned long allocs, pages, rounds;
	bool finished;			/* an order-0 allocation failed */
	u64 rng;
};
static DEFINE_PER_CPU(struct exhaust_cpu, exhaust_state);

/*
 * A sense-reversing barrier for the rounds: the last CPU to arrive decides
 * for everyone whether every CPU has finished, so that all leave together.
 */
static struct {
	unsigned int n;
	unsigned long arrived, finished, generation;
	bool all_finished;
} xb;

static bool exhaust_round_barrier(bool finished)
{
	unsigned long gen = __atomic_load_n(&xb.generation, __ATOMIC_ACQUIRE);

	if (finished)
		__atomic_add_fetch(&xb.finished, 1, __ATOMIC_ACQ_REL);
	if (__atomic_add_fetch(&xb.arrived, 1, __ATOMIC_ACQ_REL) == xb.n) {
		xb.all_finished = __atomic_load_n(&xb.finished, __ATOMIC_ACQUIRE) == xb.n;
		__atomic_store_n(&xb.finished, 0, __ATOMIC_RELEASE);
		__atomic_store_n(&xb.arrived, 0, __ATOMIC_RELEASE);
		__atomic_store_n(&xb.generation, gen + 1, __ATOMIC_RELEASE);
	} else {
		while (__atomic_load_n(&xb.generation, __ATOMIC_ACQUIRE) == gen)
			cpu_relax();
	}
	return xb.all_finished;
}

static unsigned int exhaust_order(u64 *rng)
{
	u64 x = nb_xorshift64(rng);

	/* Mostly per-cpu orders (0-3), some straight from the buddy lists (4-5). */
	return (unsigned int)(x % 8) < 5 ? (unsigned int)((x >> 8) % 4) : 4 + (unsigned int)((x >> 8) % 2);
}

static void exhaust_cpu(void *info)
{
	struct exhaust_cpu *e = this_cpu_ptr(&exhaust_state);

	(void)info;
	do {
		for (int i = 0; i < EXHAUST_ROUND_BLOCKS && !e->finished; i++) {
			unsigned int order = exhaust_order(&e->rng);
			struct page *page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);

			if (!page && order) {
				order = 0;
				page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0);
			}
			if (!page) {
				e->finished = true;
				break;
			}
			page->private = order;
			list_add(&page->lru, &e->held);
			e->allocs++;
			e->pages += 1UL << order;
		}
		e->rounds++;
	} while (!exhaust_round_barrier(e->finished));
}

/*
 * Every CPU allocates until an order-0 allocation fails, in lock-step
 * rounds of EXHAUST_ROUND_BLOCKS blocks, so that every CPU gets a share
 * whichever vCPU the host runs first. Which CPU gets which page depends on
 * the schedule; the checks hold under any: counters exact under the lock,
 * the drift within its bound, no page lost, and with the fixes on, no
 * check passed on empty lists and nothing left on a per-cpu list.
 */
static void test_exhaust_all_cpus(struct ktest *t)
{
	unsigned long free_before = total_free_pages(), bad_before = bad_page_count;
	unsigned long empty0 = vmstat_drift_events.wmark_passed_empty;
	unsigned long held = 0, allocs = 0, pcp_left = 0, busy_cpus = 0, rounds = 0;
	unsigned long passed_empty, first_round_max;
	int highest = gfp_zone(GFP_KERNEL);
	u64 seed = ktest_seed(t);
	struct zone *zone;
	unsigned int cpu;

	if (num_online_cpus() < 2)
		ktest_skip_case(t, "needs 2 CPUs, %u online", num_online_cpus());
	drain_all_pages(NULL);
	vm_stats_fold_all();
	for_each_possible_cpu(cpu) {
		struct exhaust_cpu *e = per_cpu_ptr(&exhaust_state, cpu);

		memset(e, 0, sizeof(*e));
		INIT_LIST_HEAD(&e->held);
		e->rng = seed ^ (0x9e3779b97f4a7c15ULL * (cpu + 1));
		if (!e->rng)
			e->rng = 1;
	}
	memset(&xb, 0, sizeof(xb));
	xb.n = num_online_cpus();

	smp_call_all(exhaust_cpu, NULL);

	passed_empty = vmstat_drift_events.wmark_passed_empty - empty0;
	for_each_online_cpu(cpu) {
		struct exhaust_cpu *e = per_cpu_ptr(&exhaust_state, cpu);

		busy_cpus += e->allocs > 0;
		held += e->pages;
		allocs += e->allocs;
		rounds = max(rounds, e->rounds);
		KTEST_EXPECT(t, e->finished);
	}
	/* The state every CPU stopped in, before anything is folded or drained. */
	for_each_populated_zone(zone) {
		unsigned long flags, lists, snap, pcp = zone_pcp_pages(zone);
		long drift;

		if (zone_idx(zone) > highest)
			continue;
		spin_lock_irqsave(&zone->lock, flags);
		lists = zone_free_list_pages(zone);
		snap = zone_page_state_snapshot(zone, NR_FREE_PAGES);
		drift = zone_page_state_raw(zone, NR_FREE_PAGES) - (long)lists;
		spin_unlock_irqrestore(&zone->lock, flags);
		pcp_left += pcp;
		ktest_info(t, "node %d zone %-7s: buddy lists %lu, nr_free_pages %lu (exact %lu, drift %ld of at most %ld), min %lu, per-cpu lists %lu",
			   zone->node, zone->name, lists, zone_page_state(zone, NR_FREE_PAGES), snap,
			   drift, zone_max_drift(zone), min_wmark_pages(zone), pcp);
		KTEST_EXPECT_EQ(t, snap, lists);
		KTEST_EXPECT_MSG(t, drift <= zone_max_drift(zone) && -drift <= zone_max_drift(zone),
				 "node %d zone %s: drift %ld beyond its bound %ld", zone->node, zone->name,
				 drift, zone_max_drift(zone));
	}
	/* Round 1 alone cannot exhaust a machine this large: every CPU got pages. */
	first_round_max = (unsigned long)num_online_cpus() * EXHAUST_ROUND_BLOCKS << EXHAUST_MAX_ORDER;
	if (free_before > 2 * first_round_max)
		KTEST_EXPECT_EQ(t, busy_cpus, num_online_cpus());
	ktest_info(t, "%u CPUs (%lu got pages) in %lu lock-step rounds: %lu allocations, %lu pages held; %lu pages left on per-cpu lists; the watermark check passed on empty lists %lu times",
		   num_online_cpus(), busy_cpus, rounds, allocs, held, pcp_left, passed_empty);
	if (fix_enabled(vmstat_snapshot))
		KTEST_EXPECT_EQ(t, passed_empty, 0);
	if (fix_enabled(pcp_drain_retry))
		KTEST_EXPECT_EQ(t, pcp_left, 0);

	for_each_online_cpu(cpu) {
		struct exhaust_cpu *e = per_cpu_ptr(&exhaust_state, cpu);

		release_all(&e->held);
	}
	expect_all_back(t, free_before, bad_before);
}

static const struct ktest_case seed002_cases[] = {
	KTEST_CASE(test_thresholds_and_pagesets),
	KTEST_CASE(test_counter_after_list),
	KTEST_CASE(test_drift_hides_empty_lists),
	KTEST_CASE(test_stranded_pcp_pages),
	KTEST_CASE(test_exhaust_all_cpus),
	{}
};
/*
 * Explicit: it exhausts memory with every CPU, which takes seconds under
 * TCG with 8 vCPUs on a small host; tests/machines/seed002* name it
 * (selftest=seed002_vmstat_drift), as anyone can on any machine.
 */
KTEST_SUITE_FULL(seed002_vmstat_drift, .cases = seed002_cases, .flags = KTEST_EXPLICIT);

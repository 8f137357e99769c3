/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The page allocator's start-up, introspection and debugging interface
 * (mm/page_alloc.c, mm/validate.c, mm/vmstat.c). The allocation API itself
 * is in include/mm/gfp.h.
 */
#ifndef NB_MM_PAGE_ALLOC_H
#define NB_MM_PAGE_ALLOC_H

#include <kernel/types.h>
#include <mm/mmzone.h>
#include <mm/page.h>
#include <mm/gfp.h>

enum wmark_kind { ALLOC_WMARK_LOW, ALLOC_WMARK_MIN, ALLOC_NO_WATERMARKS };

/* Boot: hand memblock's free memory over, watermarks, zonelists, "Memory:" line. */
void mem_init(void);
void memblock_free_all(void);
void build_all_zonelists(void);
void init_per_zone_wmark_min(void);

extern int min_free_kbytes;
extern unsigned long totalram_pages;
/* Linux's vm_total_pages: the pages above the high watermarks, as the zonelist line prints. */
extern unsigned long vm_total_pages;

/*
 * Grouping by mobility (mm/page_alloc.c). Under zone->lock:
 * move_freepages_block() moves the free blocks of @page's pageblock to
 * @migratetype's lists and returns the pages moved (*@num_movable: its
 * allocated __PageMovable pages); find_suitable_fallback() is Linux's.
 */
unsigned long move_freepages_block(struct zone *zone, struct page *page, int migratetype,
				   int *num_movable);
int find_suitable_fallback(struct free_area *area, unsigned int order, int migratetype,
			   bool only_stealable, bool *can_steal);
/*
 * Pageblock isolation: set_migratetype_isolate() makes @page's pageblock
 * MIGRATE_ISOLATE and moves its free pages to the isolate list (from then
 * on nothing is allocated from it and pages freed into it stay there);
 * -EBUSY if it is isolated or highatomic already. unset_...() gives it
 * @migratetype back, its free pages merging with their neighbours. Pages
 * on isolate lists stay counted in NR_FREE_PAGES (Linux takes them out).
 */
int set_migratetype_isolate(struct page *page);
void unset_migratetype_isolate(struct page *page, int migratetype);

/*
 * Linux's alloc_contig_range() (mm/page_isolation.c): take the pages
 * [@start, @end) of one zone - both MAX_ORDER_NR_PAGES aligned - off the
 * buddy allocator, migrating the movable pages in it elsewhere first
 * (with @gfp targets). 0: every page is the caller's, _refcount 0, no
 * flags (give them back with free_contig_range()); -EINVAL: a bad range;
 * -EBUSY: a page in it could not be freed (unmovable, pinned, a hole),
 * nothing taken. The pageblocks end up @migratetype.
 */
int alloc_contig_range(unsigned long start, unsigned long end, int migratetype, gfp_t gfp);
void free_contig_range(unsigned long pfn, unsigned long nr_pages);

/* Give a highatomic pageblock of the zones (@nid, @gfp) may use back (Linux's). */
bool unreserve_highatomic_pageblock(int nid, gfp_t gfp, bool force);

/*
 * Fallback events (Linux traces them as mm_page_alloc_extfrag; it has no
 * counter): fallback - an allocation took a block of another type;
 * fragmenting - of them, ones that took less than a pageblock;
 * change_ownership - a pageblock changed type in a steal. Under zone->lock,
 * summed over zones.
 */
struct extfrag_events {
	unsigned long fallback, fragmenting, change_ownership;
};
extern struct extfrag_events extfrag_events;

/* Linux's find_next_best_node() (@used: the nodes already placed). */
int find_next_best_node(int node, nodemask_t *used);
/* Snapshot which nodes have memory and CPUs for it (build_all_zonelists() does). */
void find_next_best_node_prepare(void);
/* The node order of @nid's fallback zonelist (each node once). */
void zonelist_node_order(int nid, int *order, int *count);
int numa_mem_id(void);

/*
 * The allocator's watermark check, as it reads the counter: NR_FREE_PAGES's
 * global value, or its snapshot below percpu_drift_mark (fix vmstat_snapshot).
 */
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, bool alloc_high);
/* The free page count that check compares (lockless). */
unsigned long zone_watermark_free_pages(const struct zone *z);

/*
 * Per-cpu lists. drain_local_pages(): this CPU's; drain_all_pages(): every
 * CPU's, taken from here under each list's lock (safe from any CPU, any
 * time zone->lock may be taken). @zone NULL: every zone.
 */
void drain_local_pages(struct zone *zone);
void drain_all_pages(struct zone *zone);
/* Pages on all CPUs' lists of @zone (exact only when the allocator is quiet). */
unsigned long zone_pcp_pages(const struct zone *zone);
/* Free pages of @zone wherever they are: buddy lists plus per-cpu lists (exact when quiet). */
unsigned long zone_free_pages_total(const struct zone *zone);
/* After the online CPUs changed: pageset high/batch and vmstat thresholds. */
void page_alloc_cpus_online(void);

/*
 * Seed 002's symptoms, counted where they happen (the log names each of
 * the first few):
 *  wmark_passed_empty: an allocation found a zone's buddy lists empty
 *    although the watermark check, re-read under zone->lock, still passes
 *    at the min watermark ("nr_free_pages ... above the min watermark ...
 *    while the buddy lists are empty");
 *  failed_with_stranded: with pcp_drain_retry off, an allocation failed
 *    while pages sat on per-cpu lists of the zones it could use
 *    ("... pages stranded on per-cpu lists"); stranded_pages_max: the most
 *    pages seen stranded at one failure.
 */
struct vmstat_drift_events {
	unsigned long wmark_passed_empty;
	unsigned long failed_with_stranded;
	unsigned long stranded_pages_max;
};
extern struct vmstat_drift_events vmstat_drift_events;

/*
 * A test hook inside seed 002's race window: free_pcppages_bulk() calls
 * it, if set, with zone->lock and the per-cpu list's lock held and
 * interrupts off, once the @count pages are off the per-cpu list and
 * before any of them is on the buddy lists. NR_FREE_PAGES already counts
 * them unless counter_after_list is on. A self-test parks the freeing CPU
 * here while another CPU reads the counter and the lists: the window is
 * entered on every run, whatever the host's scheduling. NULL (the default)
 * costs one predicted branch per bulk free, never on the order-0 fast path.
 */
extern void (*pcp_bulk_free_hook)(struct zone *zone, int count);

static inline unsigned long min_wmark_pages(const struct zone *z) { return z->_watermark[WMARK_MIN]; }
static inline unsigned long low_wmark_pages(const struct zone *z) { return z->_watermark[WMARK_LOW]; }
static inline unsigned long high_wmark_pages(const struct zone *z) { return z->_watermark[WMARK_HIGH]; }

/* Debug checks. */
void bad_page(struct page *page, unsigned long pfn, const char *reason);
extern unsigned long bad_page_count;
extern unsigned long boot_bad_page_count;	/* of them, during the hand-over at boot */
extern bool page_poisoning_enabled;
extern bool debug_pagealloc_enabled;	/* debug_pagealloc=on: free pages unmapped */
void debug_pagealloc_check(void);
extern unsigned long page_poison_corruptions;

/*
 * Walk every free list of every zone and check the invariants listed at
 * the top of mm/page_alloc.c. Each violation is logged with a "buddy:"
 * line (at most @max_reports of them); returns the number found.
 */
unsigned long validate_free_lists(unsigned int max_reports);

/* Reports. */
void show_free_areas(void);		/* the Mem-Info block of allocation failures */
unsigned long zone_free_list_pages(struct zone *zone);	/* sum over the lists */

#endif

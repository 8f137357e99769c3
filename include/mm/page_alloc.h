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

enum wmark_kind { ALLOC_WMARK_LOW, ALLOC_WMARK_MIN, ALLOC_NO_WATERMARKS };

/* Boot: hand memblock's free memory over, watermarks, zonelists, "Memory:" line. */
void mem_init(void);
void memblock_free_all(void);
void build_all_zonelists(void);
void init_per_zone_wmark_min(void);

extern int min_free_kbytes;
extern unsigned long totalram_pages;

/* Linux's find_next_best_node() (@used: bitmask of nodes already placed). */
int find_next_best_node(int node, u64 *used);
/* The node order of @nid's fallback zonelist (each node once). */
void zonelist_node_order(int nid, int *order, int *count);
int numa_mem_id(void);

bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, bool alloc_high);

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

// SPDX-License-Identifier: GPL-2.0-only
/* Helpers shared by the in-kernel allocator suites. */
#include <mm/gfp.h>
#include <mm/memory_model.h>
#include <mm/page_alloc.h>
#include <mm/vmstat.h>
#include <arch/highmem.h>
#include "test_alloc.h"

unsigned long grab_all(struct list_head *held, int nid, gfp_t gfp)
{
	unsigned long pages = 0;

	for (int order = MAX_PAGE_ORDER; order >= 0; order--) {
		struct page *page;

		while ((page = alloc_pages_node(nid, gfp | __GFP_NOWARN, (unsigned int)order))) {
			page->private = (unsigned int)order;
			list_add(&page->lru, held);
			pages += 1UL << order;
		}
	}
	return pages;
}

unsigned long grab_everything(struct list_head *held)
{
	return grab_all(held, NUMA_NO_NODE, GFP_HIGHUSER) +
	       grab_all(held, NUMA_NO_NODE, GFP_KERNEL) +
	       grab_all(held, NUMA_NO_NODE, GFP_KERNEL | __GFP_DMA32) +
	       grab_all(held, NUMA_NO_NODE, GFP_KERNEL | __GFP_DMA);
}

static void release_one(struct page *page)
{
	unsigned int order = page->private;

	list_del(&page->lru);
	page->private = 0;
	__free_pages(page, order);
}

void release_all(struct list_head *held)
{
	while (!list_empty(held))
		release_one(list_first_entry(held, struct page, lru));
}

void release_range(struct list_head *held, unsigned long start_pfn, unsigned long end_pfn)
{
	struct list_head *pos = held->next;

	while (pos != held) {
		struct page *page = list_entry(pos, struct page, lru);
		unsigned long pfn = page_to_pfn(page);

		pos = pos->next;
		if (pfn >= start_pfn && pfn + (1UL << page->private) <= end_pfn)
			release_one(page);
	}
}

unsigned long total_free_pages(void)
{
	unsigned long n = 0;
	struct zone *zone;

	for_each_zone(zone)
		n += zone_free_pages_total(zone);
	return n;
}

int node_with_most_free(gfp_t gfp, unsigned long *free)
{
	int best = NUMA_NO_NODE;
	unsigned long most = 0;

	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		unsigned long n = 0;

		for (int z = 0; NODE_DATA(nid) && z <= (int)gfp_zone(gfp); z++)
			n += zone_free_pages_total(&NODE_DATA(nid)->node_zones[z]);
		if (n > most) {
			most = n;
			best = nid;
		}
	}
	*free = most;
	return best;
}

struct page *alloc_high_block(unsigned int order)
{
	struct page *fallback = NULL;

	/* A node's own zonelist starts with its highest zone: highmem where it has some. */
	for (int nid = (int)nr_node_ids - 1; nid >= 0; nid--) {
		struct page *page;

		if (!NODE_DATA(nid) || !node_has_memory(nid))
			continue;
		page = alloc_pages_node(nid, GFP_HIGHUSER | __GFP_THISNODE | __GFP_NOWARN, order);
		if (!page)
			continue;
		if (pfn_is_lowmem(page_to_pfn(page)) && !fallback) {
			fallback = page;	/* keep looking for highmem */
			continue;
		}
		if (pfn_is_lowmem(page_to_pfn(page))) {
			__free_pages(page, order);
			continue;
		}
		if (fallback)
			__free_pages(fallback, order);
		return page;
	}
	return fallback ? fallback : alloc_pages(GFP_HIGHUSER | __GFP_NOWARN, order);
}

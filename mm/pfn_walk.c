// SPDX-License-Identifier: GPL-2.0-only
/* pfn walkers and the two hole strategies of seed 004 (see include/mm/pfn_walk.h). */
#include <kernel/types.h>
#include <kernel/printk.h>
#include <kernel/params.h>
#include <lib/parse.h>
#include <mm/memblock.h>
#include <mm/memory_model.h>
#include <mm/pfn_walk.h>

/* Documentation/seeds/004-holes.md */
DEFINE_FIX(hole_check, "seed004_holes",
	   "pfn walkers check pfn_valid_within() before touching a struct page");

bool holes_in_zone;

static int __maybe_unused parse_holes_in_zone(const char *val)
{
	return val && !kstrtobool(val, &holes_in_zone) ? 0 : -EINVAL;
}
early_param("holes_in_zone", parse_holes_in_zone);

bool pfn_valid_within(unsigned long pfn)
{
	return pfn_valid(pfn) && memblock_is_memory(PFN_PHYS(pfn));
}

unsigned long zone_pfn_walk(struct zone *zone, void (*fn)(struct page *page, unsigned long pfn, void *arg),
			    void *arg, unsigned long *holes_hit)
{
	unsigned long visited = 0, hits = 0;

	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone); pfn++) {
		struct page *page;

		if (!pfn_valid(pfn))
			continue;
		if (fix_enabled(hole_check) && holes_in_zone && !pfn_valid_within(pfn))
			continue;
		page = pfn_to_page(pfn);
		if (page_memmap_poisoned(page)) {
			if (hits++ < 3)
				pr_err("pfn walker reached a hole at pfn %#lx: uninitialised struct page (node %d zone %s)\n",
				       pfn, zone->node, zone->name);
			continue;
		}
		visited++;
		if (fn)
			fn(page, pfn, arg);
	}
	if (holes_hit)
		*holes_hit = hits;
	return visited;
}

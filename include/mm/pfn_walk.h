/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pfn walkers and holes inside zones (seed 004).
 *
 * Two strategies, chosen at boot:
 *  - default: memmaps cover whole pageblocks and every hole page in them is
 *    initialised and marked PG_reserved | PG_hole (memmap_init()), so any
 *    walker may read any pfn_valid() pfn's struct page;
 *  - holes_in_zone=1: hole pages are left uninitialised (poisoned in debug
 *    builds), as with Linux's old CONFIG_HOLES_IN_ZONE, and every pfn
 *    walker must ask pfn_valid_within() before touching a struct page.
 * The fix `hole_check` makes zone_pfn_walk() apply pfn_valid_within(); with
 * nofix=hole_check it does not, and under holes_in_zone=1 it then reaches
 * uninitialised struct pages, which it detects and reports (never using
 * them).
 */
#ifndef NB_MM_PFN_WALK_H
#define NB_MM_PFN_WALK_H

#include <kernel/types.h>
#include <kernel/report.h>
#include <mm/mmzone.h>
#include <mm/page.h>

extern bool holes_in_zone;
DECLARE_FIX(hole_check);

/* Is there RAM (hence an initialised struct page) at @pfn? Exact, per pfn. */
bool pfn_valid_within(unsigned long pfn);

/*
 * Call @fn for every pfn of @zone's span whose struct page may be used.
 * Returns the number of pfns visited; *@holes_hit counts uninitialised
 * struct pages the walk ran into (only possible with nofix=hole_check
 * under holes_in_zone=1), each reported once with a
 * "pfn walker reached a hole" line (at most a few).
 */
unsigned long zone_pfn_walk(struct zone *zone, void (*fn)(struct page *page, unsigned long pfn, void *arg),
			    void *arg, unsigned long *holes_hit);

#endif

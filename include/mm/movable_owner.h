/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small in-tree owner of movable pages (mm/movable_owner.c), for the
 * self-tests, the hosted models and the fragmentation workloads: it keeps
 * a table of its pages, fills each with a pattern derived from its slot
 * and a generation, and checks the pattern after every move (and on
 * demand), so that not one byte can be lost unnoticed.
 *
 * Slots: the caller's arrays of @cap entries (pages, generations, pins).
 * A slot's page is registered __SetPageMovable() with the slot as cookie;
 * its isolate_page refuses while the slot is pinned; its migrate_page
 * checks the source's pattern, copies, checks the copy, and points the
 * slot at the new page. One owner at a time uses these callbacks (one
 * global instance: movable_owner_init() sets it).
 */
#ifndef NB_MM_MOVABLE_OWNER_H
#define NB_MM_MOVABLE_OWNER_H

#include <kernel/types.h>
#include <mm/gfp.h>

struct movable_owner {
	struct page **pages;		/* slot -> page, NULL: free slot */
	u32 *gen;			/* slot -> pattern generation */
	u8 *pinned;			/* slot -> pin count */
	unsigned long cap, nr;		/* nr: slots ever used (0 .. nr - 1) */
	unsigned long cursor;		/* where the search for a freed slot resumes */
	unsigned long moves, bad_patterns, refused;
};

void movable_owner_init(struct movable_owner *o, struct page **pages, u32 *gen, u8 *pinned,
			unsigned long cap);
/* Allocate a page with @gfp on @nid, fill its pattern, register it; the slot, or -1. */
long movable_owner_alloc(struct movable_owner *o, gfp_t gfp, int nid);
/*
 * Take @page, an order-0 page in use that nobody owns (refcount 1, not
 * compound, not movable), as a new slot: fill its pattern, register it; it
 * is freed as the owner's pages are. The slot, or -1 (no free slot, or not
 * such a page: logged). Lets a test put movable pages at chosen pfns.
 */
long movable_owner_adopt(struct movable_owner *o, struct page *page);
/* Check the slot's pattern, unregister and free its page. */
void movable_owner_free(struct movable_owner *o, unsigned long slot);
void movable_owner_free_all(struct movable_owner *o);
/* Check every page's pattern; returns the pages whose contents are wrong. */
unsigned long movable_owner_verify(struct movable_owner *o);
bool movable_owner_page_ok(struct movable_owner *o, unsigned long slot, struct page *page);

#endif

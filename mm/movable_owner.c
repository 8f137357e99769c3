// SPDX-License-Identifier: GPL-2.0-only
/* The in-tree owner of movable pages (include/mm/movable_owner.h). */
#include <kernel/types.h>
#include <kernel/printk.h>
#include <lib/string.h>
#include <mm/gfp.h>
#include <mm/memory_model.h>
#include <mm/migrate.h>
#include <mm/movable_owner.h>
#include <arch/highmem.h>

static struct movable_owner *owner;

/* The pattern word @i of slot @slot at generation @gen. */
static inline u32 pattern_word(unsigned long slot, u32 gen, unsigned long i)
{
	u32 x = (u32)slot * 0x9e3779b1u ^ gen * 0x85ebca6bu ^ (u32)i * 0xc2b2ae35u;

	return x ^ (x >> 15);
}

static void fill_pattern(struct page *page, unsigned long slot, u32 gen)
{
	u32 *w = kmap_atomic_pfn(page_to_pfn(page));

	for (unsigned long i = 0; i < PAGE_SIZE / 4; i++)
		w[i] = pattern_word(slot, gen, i);
	kunmap_atomic(w);
}

bool movable_owner_page_ok(struct movable_owner *o, unsigned long slot, struct page *page)
{
	const u32 *w = kmap_atomic_pfn(page_to_pfn(page));
	bool ok = true;

	for (unsigned long i = 0; i < PAGE_SIZE / 4 && ok; i++)
		ok = w[i] == pattern_word(slot, o->gen[slot], i);
	kunmap_atomic((void *)w);
	if (!ok) {
		o->bad_patterns++;
		pr_err("movable_owner: slot %lu pfn %#lx: contents differ from the pattern\n", slot,
		       page_to_pfn(page));
	}
	return ok;
}

static bool owner_isolate_page(struct page *page, isolate_mode_t mode)
{
	unsigned long slot = page_movable_cookie(page);

	(void)mode;
	if (slot >= owner->cap || owner->pages[slot] != page)
		return false;
	if (owner->pinned[slot]) {
		owner->refused++;
		return false;
	}
	return true;
}

static int owner_migrate_page(struct page *dst, struct page *src, enum migrate_mode mode)
{
	unsigned long slot = page_movable_cookie(src);

	(void)mode;
	if (slot >= owner->cap || owner->pages[slot] != src || owner->pinned[slot])
		return -EAGAIN_MIGRATE;
	movable_owner_page_ok(owner, slot, src);
	copy_highpage(dst, src);
	movable_owner_page_ok(owner, slot, dst);
	owner->pages[slot] = dst;
	__SetPageMovable(dst, page_movable_ops(src), (u32)slot);
	owner->moves++;
	return MIGRATEPAGE_SUCCESS;
}

static void owner_putback_page(struct page *page)
{
	(void)page;	/* the table still points at it: nothing to undo */
}

static const struct movable_operations owner_mops = {
	.isolate_page = owner_isolate_page,
	.migrate_page = owner_migrate_page,
	.putback_page = owner_putback_page,
};

void movable_owner_init(struct movable_owner *o, struct page **pages, u32 *gen, u8 *pinned,
			unsigned long cap)
{
	memset(o, 0, sizeof(*o));
	o->pages = pages;
	o->gen = gen;
	o->pinned = pinned;
	o->cap = cap;
	memset(pages, 0, cap * sizeof(*pages));
	memset(pinned, 0, cap);
	owner = o;
}

/* A free slot: a new one while there are any, then freed ones from a rotating cursor; -1: none. */
static long free_slot(struct movable_owner *o)
{
	unsigned long n;

	if (o->nr < o->cap)
		return (long)o->nr;
	for (n = 0; n < o->cap && o->pages[o->cursor]; n++)
		o->cursor = (o->cursor + 1) % o->cap;
	return n == o->cap ? -1 : (long)o->cursor;
}

/* Give @page the free @slot: pattern of a new generation, registered movable. */
static void take_page(struct movable_owner *o, unsigned long slot, struct page *page)
{
	o->gen[slot]++;
	fill_pattern(page, slot, o->gen[slot]);
	o->pages[slot] = page;
	__SetPageMovable(page, &owner_mops, (u32)slot);
	if (slot == o->nr)
		o->nr++;
}

long movable_owner_alloc(struct movable_owner *o, gfp_t gfp, int nid)
{
	long slot = free_slot(o);
	struct page *page;

	if (slot < 0)
		return -1;
	page = alloc_pages_node(nid, gfp, 0);
	if (!page)
		return -1;
	take_page(o, (unsigned long)slot, page);
	return slot;
}

long movable_owner_adopt(struct movable_owner *o, struct page *page)
{
	long slot;

	if (page_count(page) != 1 || PageBuddy(page) || PageTail(page) || PageHead(page) ||
	    PageReserved(page) || __PageMovable(page)) {
		pr_err("movable_owner: pfn %#lx is not an order-0 page in use nobody owns: not adopted\n",
		       page_to_pfn(page));
		return -1;
	}
	slot = free_slot(o);
	if (slot >= 0)
		take_page(o, (unsigned long)slot, page);
	return slot;
}

void movable_owner_free(struct movable_owner *o, unsigned long slot)
{
	struct page *page = o->pages[slot];

	if (!page)
		return;
	movable_owner_page_ok(o, slot, page);
	o->pages[slot] = NULL;
	__ClearPageMovable(page);
	__free_pages(page, 0);
}

void movable_owner_free_all(struct movable_owner *o)
{
	for (unsigned long s = 0; s < o->nr; s++)
		movable_owner_free(o, s);
	o->nr = 0;
}

unsigned long movable_owner_verify(struct movable_owner *o)
{
	unsigned long before = o->bad_patterns;

	for (unsigned long s = 0; s < o->nr; s++)
		if (o->pages[s])
			movable_owner_page_ok(o, s, o->pages[s]);
	return o->bad_patterns - before;
}

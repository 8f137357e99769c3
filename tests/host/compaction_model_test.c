// SPDX-License-Identifier: GPL-2.0-only
/*
 * compaction_model: migration and compaction against a model (hosted
 * only), on the random machines of buddy_model (tests/host/buddy_model.h).
 *
 * Each machine boots through the real start-up sequence; then a seeded
 * stream of operations: pages of the in-tree movable owner
 * (mm/movable_owner.c) allocated on random nodes with random mobility
 * (movable owner pages, unmovable and reclaimable blocks held aside), a
 * seeded part of them freed (holes), some owner pages pinned, and
 * compact_zone() on every zone. The model is the owner's table plus, per
 * slot, the zone it was allocated in. Checked after every compaction:
 *  - contents: every owner page holds its pattern (the owner checks
 *    before and after each move too: no byte lost);
 *  - the table: every slot's page is registered movable with that slot,
 *    not isolated, with one reference, in the zone it started in, and a
 *    pinned page has not moved;
 *  - no page lost: free pages (buddy and per-cpu) + owner pages + held
 *    blocks equal the free pages right after boot;
 *  - types: every pageblock's migratetype is a valid type and not
 *    isolated, no free block is on an isolate list, and the validator
 *    (which checks that blocks on the isolate list are exactly those of
 *    isolated pageblocks) is clean.
 * At the end everything is freed and the free count must be as after boot.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mm/compaction.h>
#include <mm/gfp.h>
#include <mm/memory_model.h>
#include <mm/migrate.h>
#include <mm/movable_owner.h>
#include <mm/page_alloc.h>
#include <mm/pageblock-flags.h>
#include <mm/vmstat.h>
#include "buddy_model.h"
#include "stubs_mm.h"

#define MACHINES	30
#define CAP		6000
#define ROUNDS		4

static struct page *pages[CAP];
static u32 gen[CAP];
static u8 pinned[CAP];
static struct page *start_page[CAP];
static struct movable_owner owner;
static char why[256];

static unsigned long all_free(void)
{
	unsigned long n = 0;
	pg_data_t *pgdat;
	int nid;

	drain_all_pages(NULL);
	for_each_online_pgdat(pgdat, nid)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			n += zone_free_pages_total(&pgdat->node_zones[z]);
	return n;
}

static unsigned long owner_live(void)
{
	unsigned long n = 0;

	for (unsigned long s = 0; s < owner.nr; s++)
		n += pages[s] != NULL;
	return n;
}

static const char *check_types(void)
{
	pg_data_t *pgdat;
	int nid;

	for_each_online_pgdat(pgdat, nid)
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];

			if (!populated_zone(zone))
				continue;
			for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
			     pfn += pageblock_nr_pages) {
				struct page *page = pageblock_page_in_zone(zone, pfn);
				int mt;

				if (!page)
					continue;
				mt = get_pfnblock_migratetype(page, pfn);
				if (mt >= MIGRATE_ISOLATE) {
					snprintf(why, sizeof(why), "pageblock %#lx has type %d", pfn, mt);
					return why;
				}
			}
			for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
				if (!free_area_empty(&zone->free_area[o], MIGRATE_ISOLATE)) {
					snprintf(why, sizeof(why), "node %d zone %s: a free block on the isolate list",
						 nid, zone->name);
					return why;
				}
		}
	return NULL;
}

static const char *check_owner(unsigned long held_pages, unsigned long boot_free)
{
	if (movable_owner_verify(&owner) || owner.bad_patterns)
		return "an owner page lost its contents";
	for (unsigned long s = 0; s < owner.nr; s++) {
		struct page *p = pages[s];

		if (!p)
			continue;
		if (!__PageMovable(p) || PageIsolated(p) || page_count(p) != 1 ||
		    page_movable_cookie(p) != s) {
			snprintf(why, sizeof(why), "slot %lu: page not registered as the owner's", s);
			return why;
		}
		if (page_zone(p) != page_zone(start_page[s])) {
			snprintf(why, sizeof(why), "slot %lu: compaction moved a page to another zone", s);
			return why;
		}
		if (pinned[s] && p != start_page[s]) {
			snprintf(why, sizeof(why), "slot %lu: a pinned page moved", s);
			return why;
		}
	}
	if (all_free() + owner_live() + held_pages != boot_free) {
		snprintf(why, sizeof(why), "pages lost: free %lu + owner %lu + held %lu != %lu after boot",
			 all_free(), owner_live(), held_pages, boot_free);
		return why;
	}
	if (validate_free_lists(4))
		return "the validator found violations";
	return check_types();
}

static const char *one_machine(u64 seed, unsigned long *migrated)
{
	struct bm_stream s;
	struct bm_layout l;
	unsigned long boot_free, held_pages = 0;
	LIST_HEAD(held);
	const char *err;

	bm_stream_rng(&s, seed);
	bm_layout_generate(&l, &s, BM_SMALL);
	err = bm_boot(&l);
	if (err)
		return err;
	boot_free = all_free();
	movable_owner_init(&owner, pages, gen, pinned, CAP);
	for (int round = 0; round < ROUNDS && !err; round++) {
		unsigned long ops = 200 + bm_rand(&s, 1500);

		for (unsigned long i = 0; i < ops; i++) {
			int nid = (int)bm_rand(&s, l.nr_nodes);
			unsigned int pick = bm_rand(&s, 100);

			if (!NODE_DATA(nid))
				continue;
			if (pick < 75) {
				long slot = movable_owner_alloc(&owner, GFP_HIGHUSER_MOVABLE | __GFP_NOWARN, nid);

				if (slot >= 0) {
					start_page[slot] = pages[slot];
					pinned[slot] = bm_rand(&s, 50) == 0;
				}
			} else if (pick < 90) {
				unsigned int order = bm_rand(&s, 4);
				gfp_t gfp = (pick < 85 ? GFP_KERNEL : GFP_KERNEL | __GFP_RECLAIMABLE) |
					    __GFP_NOWARN;
				struct page *p = alloc_pages_node(nid, gfp, order);

				if (p) {
					p->private = order;
					list_add_tail(&p->lru, &held);
					held_pages += 1UL << order;
				}
			} else if (owner.nr) {
				unsigned long slot = bm_rand(&s, (u32)owner.nr);

				if (pages[slot] && !pinned[slot])
					movable_owner_free(&owner, slot);
			}
		}
		/* Holes: a seeded half of the unpinned owner pages go. */
		for (unsigned long slot = 0; slot < owner.nr; slot++)
			if (pages[slot] && !pinned[slot] && bm_rand(&s, 2))
				movable_owner_free(&owner, slot);
		for (int nid = 0; nid < (int)l.nr_nodes; nid++)
			for (int z = 0; NODE_DATA(nid) && z < MAX_NR_ZONES; z++) {
				compact_zone(&NODE_DATA(nid)->node_zones[z], -1);
				*migrated += compact_stats.migrated;
			}
		for (unsigned long slot = 0; slot < owner.nr; slot++)
			start_page[slot] = pages[slot];
		err = check_owner(held_pages, boot_free);
	}
	movable_owner_free_all(&owner);
	while (!list_empty(&held)) {
		struct page *p = list_first_entry(&held, struct page, lru);
		unsigned int order = p->private;

		list_del(&p->lru);
		p->private = 0;
		__free_pages(p, order);
	}
	if (!err && all_free() != boot_free) {
		snprintf(why, sizeof(why), "%lu pages free after freeing everything, %lu after boot",
			 all_free(), boot_free);
		err = why;
	}
	if (!err && validate_free_lists(4))
		err = "the validator found violations at the end";
	bm_teardown();
	return err;
}

static void test_compaction_machines(struct ktest *t)
{
	unsigned long migrated = 0;

	for (u64 seed = 1; seed <= MACHINES; seed++) {
		const char *err = one_machine(seed, &migrated);

		if (err) {
			KTEST_EXPECT_MSG(t, false, "seed %llu: %s", (unsigned long long)seed, err);
			return;
		}
	}
	ktest_info(t, "%d machines, %lu pages migrated by compaction", MACHINES, migrated);
	/* The model must have exercised the scanners, or it checked nothing. */
	KTEST_EXPECT_GT(t, migrated, 1000);
}

static int compaction_model_init(void)
{
	hosted_machine_save();
	return 0;
}

static void compaction_model_exit(void)
{
	bm_teardown();
	hosted_machine_restore();
}

static const struct ktest_case compaction_model_cases[] = {
	KTEST_CASE(test_compaction_machines),
	{}
};
KTEST_SUITE_FULL(compaction_model, .cases = compaction_model_cases, .init = compaction_model_init,
		 .exit = compaction_model_exit);

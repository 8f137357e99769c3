// SPDX-License-Identifier: GPL-2.0-only
/*
 * buddy_model: the buddy allocator against a reference model (hosted only:
 * every case rebuilds memblock, the topology, NODE_DATA and the memmaps
 * over fake RAM, which the running kernel could not survive).
 *
 * Random machines of 2-4 nodes with unaligned node and zone boundaries,
 * missing, reserved and nomap ranges inside MAX_ORDER blocks, clusters of
 * RAM straddling section boundaries, interleaved nodes, memoryless nodes
 * and page poisoning are booted through the real start-up sequence and
 * driven with random alloc_pages_node()/__free_pages() calls of mixed
 * orders, nodes, zone modifiers, __GFP_THISNODE, __GFP_COMP, __GFP_HIGH and
 * __GFP_ZERO; the engine (buddy_model.c, whose header comment lists every
 * property) checks each result and the state. Small machines are validated
 * after every operation, big ones every VALIDATE_BIG operations. The seeds
 * are fixed, so a failure reproduces; its message names the seed and the
 * layout. NB_MODEL_SCALE=N in the environment multiplies the number of
 * random machines, for a longer soak (test_coverage still expects the
 * usual minimum).
 *
 * Two negative controls show that the model fails when it should: with
 * seed 000's zone_merge_check switched off, a zone boundary inside a
 * MAX_ORDER block is caught at boot; a page taken behind the model's back
 * is caught at the next check.
 */
#include <stdlib.h>

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/report.h>
#include <lib/string.h>
#include <mm/gfp.h>
#include <mm/memblock.h>
#include <mm/memory_model.h>
#include <mm/mmzone.h>
#include <mm/mm_init.h>
#include <mm/numa.h>
#include <mm/page_alloc.h>
#include <arch/cpu.h>
#include "buddy_model.h"
#include "stubs_mm.h"

DECLARE_FIX(zone_merge_check);

/* The budget: well over a million operations per architecture in all. */
#define SMALL_MACHINES	100
#define SMALL_OPS	2000
#define BIG_MACHINES	40
#define BIG_OPS		22000
#define VALIDATE_BIG	1000
#define HAND_OPS	2000

static struct bm_stats total;

/* What the random machines covered (checked by test_coverage). */
static struct {
	unsigned int interleaved, memoryless, poison, static_pgdat, misaligned_zone;
	unsigned int node_split_block, multi_section, above_4g, pfn0;
} cover;

static int buddy_model_init(void)
{
	hosted_machine_save();
	memset(&total, 0, sizeof(total));
	memset(&cover, 0, sizeof(cover));
	return 0;
}

static void buddy_model_exit(void)
{
	bm_teardown();
	hosted_machine_restore();
}

static void print_layout(struct ktest *t, const struct bm_layout *l)
{
	static char text[4096];
	char *line = text, *nl;

	bm_layout_describe(l, text, sizeof(text));
	while ((nl = strchr(line, '\n'))) {
		*nl = '\0';
		ktest_info(t, "  %s", line);
		line = nl + 1;
	}
}

static void note_coverage(const struct bm_layout *l)
{
	bool has_mem[BM_MAX_NODES] = { false };
	unsigned int i, n = 0;

	cover.interleaved += l->interleaved;
	cover.poison += l->poison;
	cover.static_pgdat += l->static_pgdat;
	cover.misaligned_zone += zone_misaligned_count != 0;
	for (i = 0; i < l->nr_pieces; i++)
		has_mem[l->piece[i].nid] = true;
	for (i = 0; i < l->nr_nodes; i++)
		n += has_mem[i];
	cover.memoryless += n < l->nr_nodes;
	for (i = 1; i < l->nr_pieces; i++)
		if (l->piece[i].start == l->piece[i - 1].end && l->piece[i].nid != l->piece[i - 1].nid &&
		    PFN_DOWN(l->piece[i].start) % MAX_ORDER_NR_PAGES) {
			cover.node_split_block++;
			break;
		}
	cover.above_4g += l->piece[l->nr_pieces - 1].end > (4ULL << 30);
	cover.pfn0 += l->piece[0].start == 0;
	for (i = 0; i < l->nr_pieces; i++)
		if (pfn_to_section_nr(PFN_DOWN(l->piece[i].start)) !=
		    pfn_to_section_nr(PFN_DOWN(l->piece[i].end - 1))) {
			cover.multi_section++;
			break;
		}
}

/* Boot @l, run @ops operations from @s, free everything; false (reported) on a failure. */
static bool one_machine(struct ktest *t, const struct bm_layout *l, struct bm_stream *s,
			unsigned long ops, unsigned int every, const char *name, u64 seed)
{
	const char *err = bm_boot(l);

	if (!err) {
		note_coverage(l);
		err = bm_run(s, ops, every, &total);
	}
	if (!err)
		err = bm_finish(s, &total);
	if (err) {
		KTEST_EXPECT_MSG(t, false, "%s seed %llu: %s", name, (unsigned long long)seed, err);
		ktest_info(t, "the machine:");
		print_layout(t, l);
	}
	bm_teardown();
	return !err;
}

/* @count random machines of @size, @ops operations each, full checks every @every. */
static void random_machines(struct ktest *t, enum bm_size size, unsigned int count,
			    unsigned long ops, unsigned int every, const char *name, u64 salt)
{
	unsigned long before = total.ops;
	u64 t0 = local_clock();
	const char *scale = getenv("NB_MODEL_SCALE");

	/* A soak: NB_MODEL_SCALE=N runs N times the machines (new seeds after the usual ones). */
	if (scale && atoi(scale) > 1)
		count *= (unsigned int)atoi(scale);

	for (u64 seed = 1; seed <= count; seed++) {
		struct bm_stream s;
		struct bm_layout l;

		bm_stream_rng(&s, seed ^ salt);
		bm_layout_generate(&l, &s, size);
		if (!one_machine(t, &l, &s, ops, every, name, seed))
			return;
	}
	ktest_info(t, "%lu operations on %u %s machines, full checks every %u, in %llu ms",
		   total.ops - before, count, name, every,
		   (unsigned long long)(local_clock() - t0) / 1000000);
}

static void test_small_machines(struct ktest *t)
{
	random_machines(t, BM_SMALL, SMALL_MACHINES, SMALL_OPS, 1, "small", 0);
}

static void test_big_machines(struct ktest *t)
{
	random_machines(t, BM_BIG, BIG_MACHINES, BIG_OPS, VALIDATE_BIG, "big", 0xb16b16);
}

/* ---- hand-made machines ------------------------------------------------ */

#define BOOT_PAGES	(3 * DIV_ROUND_UP(PAGES_PER_SECTION * sizeof(struct page), PAGE_SIZE) + \
			 4 * DIV_ROUND_UP(sizeof(pg_data_t), PAGE_SIZE) + 64)
/* Where the hand-made RAM starts: above the boot window, at a MAX_ORDER boundary. */
#define X		ALIGN(BOOT_PAGES + 2 * MAX_ORDER_NR_PAGES, MAX_ORDER_NR_PAGES)

static u64 pgb(unsigned long pfn)
{
	return (u64)pfn << PAGE_SHIFT;
}

static void hand_common(struct bm_layout *l, unsigned int nodes, unsigned long end_pfn)
{
	l->nr_nodes = nodes;
	l->boot_end = pgb(1 + BOOT_PAGES);
	l->boot_keep = 40;
	l->window[0] = (struct bm_range){ 0, pgb(end_pfn), 0 };
	l->nr_windows = 1;
	for (unsigned int i = 0; i < nodes; i++)
		for (unsigned int j = 0; j < nodes; j++)
			l->distance[i][j] = i == j ? LOCAL_DISTANCE : (u8)(20 + 10 * ((i + j) % 2));
}

static void set_zone_cuts(struct bm_layout *l, unsigned long c1, unsigned long c2, unsigned long end)
{
	unsigned long cuts[3] = { c1, c2, end };
	unsigned int i = 0;

	l->max_zone_pfn[ZONE_DMA] = cuts[i++];
#ifdef CONFIG_ZONE_DMA32
	l->max_zone_pfn[ZONE_DMA32] = cuts[i++];
#endif
	l->max_zone_pfn[ZONE_NORMAL] = cuts[i++];
#ifdef CONFIG_HIGHMEM
	l->max_zone_pfn[ZONE_HIGHMEM] = cuts[i++];
#endif
}

/*
 * Seed 000's shape: a zone boundary (DMA | next) and a node boundary inside
 * MAX_ORDER blocks with RAM on both sides, plus a reserved byte and a nomap
 * pair of pages inside blocks.
 */
static void hand_zone_boundaries(struct bm_layout *l)
{
	memset(l, 0, sizeof(*l));
	hand_common(l, 2, X + 6000);
	l->piece[0] = (struct bm_range){ pgb(1), pgb(1 + BOOT_PAGES + 300), 0 };
	l->piece[1] = (struct bm_range){ pgb(X + 100), pgb(X + 3000), 0 };
	l->piece[2] = (struct bm_range){ pgb(X + 3000), pgb(X + 5900), 1 };
	l->nr_pieces = 3;
	l->reserved[0] = (struct bm_range){ pgb(X + 200) + 5, pgb(X + 200) + 6, 0 };
	l->nr_reserved = 1;
	l->nomap[0] = (struct bm_range){ pgb(X + 600), pgb(X + 602), 0 };
	l->nr_nomap = 1;
	set_zone_cuts(l, X + 1500, X + 4500, X + 5900);
	l->nr_cpus = 2;
	l->cpu_node[0] = 1;
	l->cpu_node[1] = 0;
}

/* Interleaved nodes 0 and 1 meeting inside blocks, a memoryless node 2 that has CPU 0. */
static void hand_interleaved_memoryless(struct bm_layout *l)
{
	memset(l, 0, sizeof(*l));
	hand_common(l, 3, X + 8000);
	l->piece[0] = (struct bm_range){ pgb(1), pgb(1 + BOOT_PAGES + 10), 1 };
	l->piece[1] = (struct bm_range){ pgb(X + 7), pgb(X + 1500), 0 };
	l->piece[2] = (struct bm_range){ pgb(X + 1500), pgb(X + 2600), 1 };
	l->piece[3] = (struct bm_range){ pgb(X + 2600), pgb(X + 4000), 0 };
	l->piece[4] = (struct bm_range){ pgb(X + 4100) + 7, pgb(X + 7999) - 9, 1 };
	l->nr_pieces = 5;
	l->interleaved = true;
	set_zone_cuts(l, X + 1000, X + 3333, X + 8000);
	l->nr_cpus = 2;
	l->cpu_node[0] = 2;
	l->cpu_node[1] = 2;
}

static void test_hand_made_machines(struct ktest *t)
{
	static void (*const make[])(struct bm_layout *) = {
		hand_zone_boundaries, hand_interleaved_memoryless,
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(make); i++) {
		for (u64 seed = 1; seed <= 4; seed++) {
			struct bm_stream s;
			struct bm_layout l;

			make[i](&l);
			l.poison = seed == 4;
			bm_stream_rng(&s, seed * 1000 + i);
			if (!one_machine(t, &l, &s, HAND_OPS, 1, "hand-made", seed * 1000 + i))
				return;
		}
	}
}

/* ---- coverage and the size of the run ------------------------------------ */

static void test_coverage(struct ktest *t)
{
	ktest_info(t, "%lu operations in all (%lu allocations, %lu of them NULL, %lu frees, %lu double frees), %lu machines, %lu full checks",
		   total.ops, total.allocs, total.alloc_null, total.frees, total.double_frees,
		   total.layouts, total.validations);
	ktest_info(t, "machines with: interleaved nodes %u, a memoryless node %u, page_poison %u, static pgdats %u, a misaligned zone %u, a node boundary inside a block %u, RAM across a section boundary %u, RAM above 4 GiB %u, RAM at pfn 0 %u",
		   cover.interleaved, cover.memoryless, cover.poison, cover.static_pgdat,
		   cover.misaligned_zone, cover.node_split_block, cover.multi_section,
		   cover.above_4g, cover.pfn0);
	KTEST_EXPECT_GE(t, total.ops, 1000000);
	KTEST_EXPECT_GT(t, total.alloc_null, total.allocs / 50);
	KTEST_EXPECT_GT(t, total.double_frees, 0);
	KTEST_EXPECT_GT(t, cover.interleaved, 0);
	KTEST_EXPECT_GT(t, cover.memoryless, 0);
	KTEST_EXPECT_GT(t, cover.poison, 0);
	KTEST_EXPECT_GT(t, cover.static_pgdat, 0);
	KTEST_EXPECT_GT(t, cover.misaligned_zone, 0);
	KTEST_EXPECT_GT(t, cover.node_split_block, 0);
	KTEST_EXPECT_GT(t, cover.multi_section, 0);
	KTEST_EXPECT_GT(t, cover.above_4g, 0);
	KTEST_EXPECT_GT(t, cover.pfn0, 0);
}

/* ---- the bulk API ---------------------------------------------------------- */

/* The sum of every zone's free pages, buddy and per-cpu. */
static unsigned long all_zone_free(void)
{
	unsigned long n = 0;

	for (int nid = 0; nid < (int)nr_node_ids; nid++)
		for (int z = 0; NODE_DATA(nid) && z < MAX_NR_ZONES; z++)
			n += zone_free_pages_total(&NODE_DATA(nid)->node_zones[z]);
	return n;
}

/*
 * alloc_pages_bulk_array() over a hand-made machine, more pages than a
 * refill batch, with holes and set entries; then free_pages_bulk(): the
 * counts, no page twice, every page back and the lists valid (under
 * ASan/UBSan, which also watch the list splicing).
 */
static void test_bulk_api(struct ktest *t)
{
	enum { NR = 300 };
	static struct page *arr[NR];
	struct bm_layout l;
	unsigned long before, dup = 0;
	struct page *kept;
	LIST_HEAD(list);

	hand_zone_boundaries(&l);
	KTEST_ASSERT_NULL(t, bm_boot(&l));
	before = all_zone_free();
	memset(arr, 0, sizeof(arr));
	kept = alloc_pages(GFP_KERNEL, 0);
	KTEST_ASSERT_NOT_NULL(t, kept);
	arr[7] = kept;
	KTEST_EXPECT_EQ(t, alloc_pages_bulk_array(GFP_KERNEL, NR, arr), NR);
	KTEST_EXPECT_TRUE(t, arr[7] == kept);
	for (int i = 0; i < NR; i++) {
		dup += !arr[i] || arr[i]->_refcount != 1;
		for (int j = 0; j < i && arr[i]; j++)
			dup += arr[j] == arr[i];
	}
	KTEST_EXPECT_EQ(t, dup, 0);
	KTEST_EXPECT_EQ(t, all_zone_free(), before - NR);
	KTEST_EXPECT_EQ(t, alloc_pages_bulk_list(GFP_KERNEL, 40, &list), 40);
	KTEST_EXPECT_EQ(t, all_zone_free(), before - NR - 40);
	free_pages_bulk(arr, NR);
	while (!list_empty(&list)) {
		struct page *page = list_first_entry(&list, struct page, lru);

		list_del(&page->lru);
		__free_pages(page, 0);
	}
	KTEST_EXPECT_EQ(t, all_zone_free(), before);
	KTEST_EXPECT_EQ(t, validate_free_lists(8), 0);
	bm_teardown();
}

/* ---- negative controls --------------------------------------------------- */

static void test_catches_cross_zone_merge(struct ktest *t)
{
	struct bm_layout l;
	const char *err;
	u64 mark = printk_log_mark();

	hand_zone_boundaries(&l);
	fix_zone_merge_check_enabled = false;
	err = bm_boot(&l);
	fix_zone_merge_check_enabled = true;
	KTEST_EXPECT_NOT_NULL(t, err);
	if (err)
		ktest_info(t, "caught: %s", err);
	KTEST_EXPECT_LOG(t, mark, "misaligned start pfn");
	/* The model stops at the first symptom; the validator names the cause. */
	KTEST_EXPECT_GT(t, validate_free_lists(64), 0);
	KTEST_EXPECT_LOG(t, mark, "buddy: block reaches outside its zone (cross-zone merge)");
	bm_teardown();

	/* And with the fix the same machine boots clean. */
	err = bm_boot(&l);
	KTEST_EXPECT_NULL(t, err);
	bm_teardown();
}

static void test_catches_lost_page(struct ktest *t)
{
	struct bm_stream s;
	struct bm_layout l;
	const char *err;
	struct page *stolen;

	hand_zone_boundaries(&l);
	bm_stream_rng(&s, 7);
	err = bm_boot(&l);
	KTEST_ASSERT_NULL(t, err);
	err = bm_run(&s, 100, 1, &(struct bm_stats){ 0 });
	KTEST_EXPECT_NULL(t, err);
	/* A page leaves the free lists without the model knowing. */
	stolen = alloc_pages_node(0, __GFP_NOWARN, 0);
	KTEST_EXPECT_NOT_NULL(t, stolen);
	err = bm_run(&s, 1, 1, &(struct bm_stats){ 0 });
	KTEST_EXPECT_NOT_NULL(t, err);
	if (err)
		ktest_info(t, "caught: %s", err);
	bm_teardown();
}

static const struct ktest_case buddy_model_cases[] = {
	KTEST_CASE(test_small_machines),
	KTEST_CASE(test_big_machines),
	KTEST_CASE(test_hand_made_machines),
	KTEST_CASE(test_coverage),
	KTEST_CASE(test_bulk_api),
	KTEST_CASE(test_catches_cross_zone_merge),
	KTEST_CASE(test_catches_lost_page),
	{}
};
KTEST_SUITE_FULL(buddy_model, .cases = buddy_model_cases, .init = buddy_model_init,
		 .exit = buddy_model_exit);

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The buddy allocator against a reference model: the engine shared by the
 * hosted suite buddy_model (tests/host/buddy_model_test.c) and the fuzzer
 * tests/fuzz/fuzz_buddy.c. See buddy_model.h for the shape of a run.
 *
 * The model, per machine:
 *  - nz[pfn]: the node and zone the layout puts a whole RAM page in
 *    (a page every byte of which lies in one RAM piece, inside the zone
 *    ranges free_area_init() is given), else NZ_NONE;
 *  - freeable: the pages the boot hand-over must give to the buddy
 *    allocator: nz != NZ_NONE, no byte in memblock.reserved (the layout's
 *    reservations plus what mm/ allocated at boot: memmaps, section roots,
 *    pgdats) and no byte NOMAP;
 *  - free: freeable pages not owned by the test; owned blocks are a list.
 *
 * Properties checked (the first one that fails ends the run):
 *  boot   every managed_pages equals the model's count of freeable pages of
 *         that zone, totalram_pages their sum, nr_free_pages the same;
 *         every freeable page has a struct page of the expected node and
 *         zone; the free lists equal the model's canonical decomposition
 *         (maximal naturally aligned free blocks inside one zone, at most
 *         MAX_PAGE_ORDER) order by order; the validator is clean; no bad
 *         page was reported; zonelists: every node with memory exactly
 *         once, in the order Linux's find_next_best_node() gives (local
 *         first, then by SLIT distance with its penalties and node_load
 *         tie-break), each node's populated zones high to low;
 *         __GFP_THISNODE lists only the local node's zones; watermarks,
 *         min_free_kbytes and lowmem_reserve as Linux's formulas give them
 *         from the model's managed counts;
 *  alloc  the zone the allocation must come from (or that it must fail) is
 *         predicted before the call: the zonelist of the local node (or
 *         the node's own zones with __GFP_THISNODE), zones above
 *         gfp_zone() skipped, a first pass at the low watermark and a
 *         second at min, each zone taken when the model's free count minus
 *         2^order - 1 is above the mark (halved for __GFP_HIGH) plus
 *         lowmem_reserve[gfp_zone] and, for order > 0, the model has a free
 *         aligned 2^order block in it; the result must be NULL exactly when
 *         the prediction is, else lie in the predicted zone; the block is
 *         naturally aligned, every page freeable (no hole, reserved or
 *         nomap page), none owned, every struct page of the predicted node
 *         and zone, not PageBuddy/Reserved/Hole, the head's refcount 1 and
 *         the tails' 0, compound pages well formed (__GFP_COMP), contents
 *         zero with __GFP_ZERO; out-of-range orders and nodes give NULL;
 *  free   the owned block's struct pages are as handed out and its
 *         contents (the stamps the model wrote) intact; freeing a
 *         free block again gives exactly one bad page report and changes
 *         nothing;
 *  always every zone's nr_free_pages equals the model's free count after
 *         every operation;
 *  every  @validate_every operations: the validator, the canonical
 *         decomposition, no bad page reports, no poison corruption;
 *  end    after freeing everything: the free lists are exactly as after
 *         boot, free == managed in every zone, managed unchanged.
 */
#include <stdlib.h>

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/printk.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mm/gfp.h>
#include <mm/memblock.h>
#include <mm/memory_model.h>
#include <mm/mm_init.h>
#include <mm/numa.h>
#include <mm/page_alloc.h>
#include <mm/vmstat.h>
#include <arch/memory.h>
#include "buddy_model.h"
#include "stubs_mm.h"

#define BLK		MAX_ORDER_NR_PAGES
#define MEMMAP_PAGES	DIV_ROUND_UP(PAGES_PER_SECTION * sizeof(struct page), PAGE_SIZE)
#define PGDAT_PAGES	DIV_ROUND_UP(sizeof(pg_data_t), PAGE_SIZE)
#define NZ_NONE		0xff
#define NZ(nid, z)	((u8)((nid) * MAX_NR_ZONES + (z)))

/* ---- randomness ------------------------------------------------------- */

void bm_stream_rng(struct bm_stream *s, u64 seed)
{
	memset(s, 0, sizeof(*s));
	s->state = seed;
}

void bm_stream_bytes(struct bm_stream *s, const u8 *data, size_t len)
{
	memset(s, 0, sizeof(*s));
	s->data = data;
	s->len = len;
}

/* splitmix64 */
static u64 rng_next(u64 *x)
{
	u64 z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

u32 bm_rand(struct bm_stream *s, u32 bound)
{
	u64 v = 0;

	if (bound <= 1)
		return 0;
	if (!s->data) {
		v = rng_next(&s->state);
	} else {
		unsigned int n = bound <= 0x100 ? 1 : bound <= 0x10000 ? 2 : 4;

		for (unsigned int i = 0; i < n; i++) {
			if (s->pos < s->len)
				v = v << 8 | s->data[s->pos++];
			else
				s->dry = true;
		}
	}
	return (u32)(v % bound);
}

/* ---- layouts ----------------------------------------------------------- */

static u64 pg(unsigned long pfn)
{
	return (u64)pfn << PAGE_SHIFT;
}

/*
 * The zones the generator gives ranges to: those below ZONE_MOVABLE, in
 * index order (DMA, DMA32, Normal on x86_64; DMA, Normal, HighMem on
 * i386). Movable stays empty and Device's range is left at 0 (empty), as
 * x86's zone_sizes_init() leaves them.
 */
#define NR_LAYOUT_ZONES	ZONE_MOVABLE

/* A zone boundary: often inside RAM (so misaligned), sometimes aligned or at an end. */
static unsigned long pick_cut(const struct bm_layout *l, struct bm_stream *s)
{
	unsigned long first = PFN_DOWN(l->piece[0].start);
	unsigned long last = PFN_UP(l->piece[l->nr_pieces - 1].end);
	const struct bm_range *p;

	switch (bm_rand(s, 8)) {
	case 0:
		return first;
	case 1:
		return last;
	case 2:
		return ALIGN(first + bm_rand(s, (u32)(last - first)), BLK);
	default:
		p = &l->piece[bm_rand(s, l->nr_pieces)];
		return PFN_DOWN(p->start) + bm_rand(s, (u32)(PFN_UP(p->end) - PFN_DOWN(p->start)) + 1);
	}
}

/* A range of a random kind inside piece @p above @floor (bytes); false if there is no room. */
static bool pick_hole(const struct bm_range *p, u64 floor, struct bm_stream *s, struct bm_range *out)
{
	u64 lo = max(p->start, floor), hi = p->end, start, size;

	if (hi <= lo + PAGE_SIZE)
		return false;
	start = lo + bm_rand(s, (u32)(hi - lo));
	if (bm_rand(s, 2))
		start = max(ALIGN_DOWN(start, (u64)PAGE_SIZE), lo);
	switch (bm_rand(s, 3)) {
	case 0:
		size = 1 + bm_rand(s, 2 * PAGE_SIZE);
		break;
	case 1:
		size = pg(1 + bm_rand(s, 64));
		break;
	default:
		size = pg(1 + bm_rand(s, 2 * BLK));
		break;
	}
	out->start = start;
	out->end = min(start + size, hi);
	out->nid = NUMA_NO_NODE;
	return out->end > out->start;
}

/* Up to 8 GiB of empty sections between clusters (x86_64: 64, i386: 16). */
#define HIGH_JUMP_SECTIONS	(u32)((8ULL << 30) >> (PFN_SECTION_SHIFT + PAGE_SHIFT))

void bm_layout_generate(struct bm_layout *l, struct bm_stream *s, enum bm_size size)
{
	const bool big = size == BM_BIG;
	unsigned long budget, keep, boot_pages, boot_start, prev_end, k = 0;
	unsigned long pstart[BM_MAX_PIECES], pend[BM_MAX_PIECES];
	bool gap_before[BM_MAX_PIECES + 1];
	int mem_nodes[BM_MAX_NODES], nid_of[BM_MAX_PIECES];
	unsigned int nclusters, nmem = 0, n, i, j;
	int memless = -1;

	memset(l, 0, sizeof(*l));
	l->nr_nodes = 2 + bm_rand(s, 3);
	if (l->nr_nodes >= 3 && !bm_rand(s, 5))
		memless = (int)bm_rand(s, l->nr_nodes);
	for (i = 0; i < l->nr_nodes; i++)
		if ((int)i != memless)
			mem_nodes[nmem++] = (int)i;
	l->interleaved = !bm_rand(s, 4);
	l->static_pgdat = !bm_rand(s, 4);
	l->poison = !big && !bm_rand(s, 8);
	nclusters = 1 + bm_rand(s, big ? 3 : 2);
	budget = big ? 6000 + bm_rand(s, 14000) :
		 size == BM_SMALL ? 300 + bm_rand(s, 1700) : 64 + bm_rand(s, 600);

	/* Each cluster's pieces and the missing ranges between them, in pages. */
	unsigned long sizes[BM_MAX_PIECES], gaps[BM_MAX_PIECES], clen[3];
	unsigned int np[3], nsec = 1;

	n = 1;
	for (unsigned int c = 0; c < nclusters; c++) {
		unsigned long share = budget / nclusters;

		np[c] = big ? 2 + bm_rand(s, 5) : 1 + bm_rand(s, 4);
		if (c == nclusters - 1 && n + np[c] < nmem + 1)
			np[c] = nmem + 1 - n;
		np[c] = min(np[c], BM_MAX_PIECES - n - (nclusters - 1 - c));
		clen[c] = 0;
		for (j = n; j < n + np[c]; j++) {
			sizes[j] = 3 + bm_rand(s, (u32)(2 * share / np[c]));
			switch (j > n ? bm_rand(s, 3) : 3) {
			case 0:
				gaps[j] = 0;
				break;
			case 1:
				gaps[j] = 1 + bm_rand(s, BLK - 1);
				break;
			case 2:
				gaps[j] = BLK + bm_rand(s, 3 * BLK);
				break;
			default:
				gaps[j] = 0;	/* a cluster's first piece: placed below */
				break;
			}
			clen[c] += sizes[j] + gaps[j];
		}
		n += np[c];
		nsec += (unsigned int)(clen[c] / PAGES_PER_SECTION) + 2;
	}

	/*
	 * Piece 0 starts with the boot window: room for a memmap per section
	 * that can have RAM (@nsec bounds them), two section roots, the pgdats,
	 * some slack and the @keep pages left free.
	 */
	keep = bm_rand(s, big ? 1500 : size == BM_SMALL ? 300 : 64);
	boot_pages = nsec * MEMMAP_PAGES + 2 + (l->static_pgdat ? 0 : l->nr_nodes * PGDAT_PAGES) +
		     16 + keep;
	boot_start = bm_rand(s, 8) ? 1 + bm_rand(s, 700) : 0;	/* pfn 0 may be RAM */
	l->boot_end = pg(boot_start + boot_pages);
	l->boot_keep = keep;
	pstart[0] = boot_start;
	pend[0] = boot_start + boot_pages + bm_rand(s, 2 * BLK);
	gap_before[0] = true;
	prev_end = pend[0];
	l->window[l->nr_windows++] = (struct bm_range){ pg(pstart[0]), pg(pend[0]), 0 };

	/* Clusters straddle a section boundary, or (the first) follow piece 0 closely. */
	n = 1;
	for (unsigned int c = 0; c < nclusters; c++) {
		unsigned long start, pfn;

		if (c == 0 && !bm_rand(s, 2)) {
			start = prev_end + 1 + bm_rand(s, 2 * BLK);
		} else {
			k = max(k + 1, pfn_to_section_nr(prev_end) + 1);
			/* Big machines may leave many empty sections (i386: RAM above 4 GiB). */
			if (big && !bm_rand(s, 4))
				k += bm_rand(s, HIGH_JUMP_SECTIONS);
			start = k * PAGES_PER_SECTION - bm_rand(s, (u32)clen[c] + 1);
			if (start <= prev_end)
				start = prev_end + 1 + bm_rand(s, BLK);
		}
		pfn = start;
		for (j = n; j < n + np[c]; j++) {
			pfn += gaps[j];
			gap_before[j] = j == n || gaps[j] != 0;
			pstart[j] = pfn;
			pend[j] = pfn + sizes[j];
			pfn = pend[j];
		}
		n += np[c];
		gap_before[n] = true;
		l->window[l->nr_windows++] = (struct bm_range){ pg(start), pg(pfn), 0 };
		prev_end = pfn;
		k = max(k, pfn_to_section_nr(prev_end));
	}

	/* Nodes: contiguous runs of pieces in a random node order, or interleaved. */
	for (i = nmem - 1; i > 0; i--) {
		j = bm_rand(s, i + 1);
		int t = mem_nodes[i];
		mem_nodes[i] = mem_nodes[j];
		mem_nodes[j] = t;
	}
	if (l->interleaved) {
		unsigned int pos[BM_MAX_PIECES];

		for (i = 0; i < n; i++) {
			pos[i] = i;
			nid_of[i] = mem_nodes[bm_rand(s, nmem)];
		}
		for (i = 0; i < nmem; i++) {
			j = i + bm_rand(s, n - i);
			unsigned int t = pos[i];
			pos[i] = pos[j];
			pos[j] = t;
			nid_of[pos[i]] = mem_nodes[i];
		}
	} else {
		unsigned int spare = n - nmem, at = 0;

		for (i = 0; i < nmem; i++) {
			unsigned int run = 1 + (i == nmem - 1 ? spare : bm_rand(s, spare + 1));

			spare -= run - 1;
			for (j = 0; j < run; j++)
				nid_of[at++] = mem_nodes[i];
		}
	}

	/* Byte-unaligned edges only next to a missing range, so no page is split between pieces. */
	for (i = 0; i < n; i++) {
		u64 st = pg(pstart[i]), en = pg(pend[i]);

		if (i && gap_before[i] && !bm_rand(s, 4))
			st += bm_rand(s, PAGE_SIZE);
		if (gap_before[i + 1] && !bm_rand(s, 4))
			en -= bm_rand(s, PAGE_SIZE);
		l->piece[i] = (struct bm_range){ st, en, nid_of[i] };
	}
	l->nr_pieces = n;

	/* Reserved and nomap ranges anywhere but in the boot window. */
	for (i = bm_rand(s, big ? 11 : 6); i; i--)
		if (pick_hole(&l->piece[bm_rand(s, n)], l->boot_end, s, &l->reserved[l->nr_reserved]))
			l->nr_reserved++;
	for (i = bm_rand(s, big ? 5 : 3); i; i--)
		if (pick_hole(&l->piece[bm_rand(s, n)], l->boot_end, s, &l->nomap[l->nr_nomap]))
			l->nr_nomap++;

	/* Zone ranges: the last zone ends with RAM, the others at random cuts. */
	{
		unsigned long cuts[NR_LAYOUT_ZONES];

		for (i = 0; i + 1 < NR_LAYOUT_ZONES; i++)
			cuts[i] = pick_cut(l, s);
		cuts[NR_LAYOUT_ZONES - 1] = PFN_UP(l->piece[n - 1].end);
		for (i = 1; i < NR_LAYOUT_ZONES; i++)
			for (j = i; j > 0 && cuts[j - 1] > cuts[j]; j--) {
				unsigned long t = cuts[j];
				cuts[j] = cuts[j - 1];
				cuts[j - 1] = t;
			}
		for (i = 0; i < NR_LAYOUT_ZONES; i++)
			l->max_zone_pfn[i] = cuts[i];
	}

	for (i = 0; i < l->nr_nodes; i++)
		for (j = 0; j < l->nr_nodes; j++)
			l->distance[i][j] = i == j ? LOCAL_DISTANCE : (u8)(20 + 10 * bm_rand(s, 3));
	l->nr_cpus = 1 + bm_rand(s, l->nr_nodes);
	for (i = 0; i < l->nr_cpus; i++)
		l->cpu_node[i] = (int)bm_rand(s, l->nr_nodes);
}

void bm_layout_describe(const struct bm_layout *l, char *buf, size_t len)
{
	size_t o = 0;
	unsigned int i;

#define OUT(...) do { if (o < len) o += (size_t)scnprintf(buf + o, len - o, __VA_ARGS__); } while (0)
	OUT("%u nodes%s%s%s, cpus on", l->nr_nodes, l->interleaved ? ", interleaved" : "",
	    l->static_pgdat ? ", static pgdats" : "", l->poison ? ", page_poison" : "");
	for (i = 0; i < l->nr_cpus; i++)
		OUT(" %d", l->cpu_node[i]);
	OUT("\nboot window below %#llx, %lu pages kept\n", (unsigned long long)l->boot_end, l->boot_keep);
	for (i = 0; i < l->nr_pieces; i++)
		OUT("ram [%#llx-%#llx) node %d\n", (unsigned long long)l->piece[i].start,
		    (unsigned long long)l->piece[i].end, l->piece[i].nid);
	for (i = 0; i < l->nr_reserved; i++)
		OUT("reserved [%#llx-%#llx)\n", (unsigned long long)l->reserved[i].start,
		    (unsigned long long)l->reserved[i].end);
	for (i = 0; i < l->nr_nomap; i++)
		OUT("nomap [%#llx-%#llx)\n", (unsigned long long)l->nomap[i].start,
		    (unsigned long long)l->nomap[i].end);
	OUT("max_zone_pfn");
	for (i = 0; i < MAX_NR_ZONES; i++)
		OUT(" %s=%#lx", zone_names[i], l->max_zone_pfn[i]);
	OUT("\ndistances");
	for (i = 0; i < l->nr_nodes; i++)
		for (unsigned int j = 0; j < l->nr_nodes; j++)
			OUT("%s%u", j ? "," : " ", l->distance[i][j]);
	OUT("\n");
#undef OUT
}

/* ---- the model ------------------------------------------------------------ */

struct owned {
	unsigned long pfn;
	struct page *page;
	u8 order;
	bool comp;
};

struct mzone {
	struct zone *zone;
	unsigned long managed, free;
	unsigned long nr_free_boot[NR_PAGE_ORDERS];	/* the free lists right after boot */
	bool dirty;		/* changed since its free lists were last compared */
};

static struct {
	struct bm_layout l;
	bool booted;
	unsigned long end_pfn;		/* the model covers pfns [0, end_pfn) */
	u8 *nz;
	u64 *freeable, *free;
	unsigned long zone_lo[MAX_NR_ZONES], zone_hi[MAX_NR_ZONES];
	struct mzone mz[BM_MAX_NODES][MAX_NR_ZONES];
	struct owned *own;
	unsigned long nr_own, cap;
	unsigned long bad0, poison0;
	unsigned long op;		/* operations since boot, for messages */
	bool fill;			/* phase: mostly allocating, or mostly freeing */
	unsigned int nulls;		/* consecutive failed allocations */
	struct owned last_freed;	/* for the double-free operation */
} M;

/* Every (node, zone index) pair of the machine, declaring @nid and @z. */
#define for_each_mzone(nid, z)						\
	for (int nid = 0; nid < (int)M.l.nr_nodes; nid++)		\
		for (int z = 0; z < MAX_NR_ZONES; z++)

static pg_data_t static_pgdat[BM_MAX_NODES];
static char msg[1024];

static const char *__printf(1, 2) fail(const char *fmt, ...)
{
	va_list ap;
	int n = scnprintf(msg, sizeof(msg), "op %lu: ", M.op);

	va_start(ap, fmt);
	vscnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	return msg;
}

static bool bit(const u64 *bm, unsigned long pfn)
{
	return (bm[pfn / 64] >> (pfn % 64)) & 1;
}

static void set_bits(u64 *bm, unsigned long pfn, unsigned long n, bool on)
{
	/* Whole words at once where the range covers them. */
	while (n && pfn % 64) {
		if (on)
			bm[pfn / 64] |= 1ULL << (pfn % 64);
		else
			bm[pfn / 64] &= ~(1ULL << (pfn % 64));
		pfn++;
		n--;
	}
	for (; n >= 64; pfn += 64, n -= 64)
		bm[pfn / 64] = on ? ~0ULL : 0;
	for (unsigned long i = pfn; i < pfn + n; i++) {
		if (on)
			bm[i / 64] |= 1ULL << (i % 64);
		else
			bm[i / 64] &= ~(1ULL << (i % 64));
	}
}

/* Every bit of the naturally aligned block [pfn, pfn + 2^order) is set. */
static bool block_all(const u64 *bm, unsigned long pfn, unsigned int order)
{
	unsigned long n = 1UL << order;

	if (n < 64) {
		u64 mask = (1ULL << n) - 1;

		return ((bm[pfn / 64] >> (pfn % 64)) & mask) == mask;
	}
	for (unsigned long w = pfn / 64; w < (pfn + n) / 64; w++)
		if (bm[w] != ~0ULL)
			return false;
	return true;
}

/* The model's view of one zone's block: free and, with interleaved nodes, all of this zone. */
static bool block_free_in_zone(unsigned long pfn, unsigned int order, u8 key)
{
	if (!block_all(M.free, pfn, order))
		return false;
	if (M.l.interleaved)
		for (unsigned long i = 0; i < (1UL << order); i++)
			if (M.nz[pfn + i] != key)
				return false;
	return true;
}

static void zone_span(int nid, int z, unsigned long *lo, unsigned long *hi)
{
	const struct zone *zone = &NODE_DATA(nid)->node_zones[z];

	*lo = zone->zone_start_pfn;
	*hi = min(zone_end_pfn(zone), M.end_pfn);
	if (*lo > *hi)
		*lo = *hi;
}

/* Does the model have a free naturally aligned block of @order in zone (@nid, @z)? */
static bool model_has_block(int nid, int z, unsigned int order)
{
	unsigned long n = 1UL << order, lo, hi, pfn;

	zone_span(nid, z, &lo, &hi);
	pfn = ALIGN(lo, n);
	while (pfn + n <= hi) {
		if (n < 64 && !M.free[pfn / 64]) {
			pfn = (pfn | 63) + 1;
			continue;
		}
		if (block_free_in_zone(pfn, order, NZ(nid, z)))
			return true;
		pfn += n;
	}
	return false;
}

/* The free lists a correct buddy allocator must hold: maximal aligned free blocks of the zone. */
static void canonical(int nid, int z, unsigned long count[NR_PAGE_ORDERS])
{
	unsigned long lo, hi, pfn;
	const u8 key = NZ(nid, z);

	memset(count, 0, sizeof(unsigned long) * NR_PAGE_ORDERS);
	zone_span(nid, z, &lo, &hi);
	for (pfn = lo; pfn < hi; ) {
		int o;

		u64 w = M.free[pfn / 64] >> (pfn % 64);

		if (!w) {
			pfn = (pfn | 63) + 1;
			continue;
		}
		pfn += (unsigned long)__builtin_ctzll(w);	/* the next free page */
		if (pfn >= hi)
			break;
		if (M.nz[pfn] != key) {
			pfn++;
			continue;
		}
		o = pfn ? __builtin_ctzl(pfn) : MAX_PAGE_ORDER;
		if (o > MAX_PAGE_ORDER)
			o = MAX_PAGE_ORDER;
		while (o > 0 && (pfn + (1UL << o) > hi || !block_free_in_zone(pfn, (unsigned int)o, key)))
			o--;
		count[o]++;
		pfn += 1UL << o;
	}
}

/*
 * Linux's GFP_ZONE_TABLE: the highest zone for each valid combination of
 * the zone modifiers (__GFP_DMA 1, __GFP_HIGHMEM 2, __GFP_DMA32 4,
 * __GFP_MOVABLE 8); the operations use no other combination. Without
 * ZONE_DMA32 (i386) __GFP_DMA32 means Normal, without ZONE_HIGHMEM
 * (x86_64) __GFP_HIGHMEM means Normal; __GFP_MOVABLE alone changes nothing.
 */
#ifdef CONFIG_ZONE_DMA32
#define OPT_ZONE_DMA32		ZONE_DMA32
#else
#define OPT_ZONE_DMA32		ZONE_NORMAL
#endif
#ifdef CONFIG_HIGHMEM
#define OPT_ZONE_HIGHMEM	ZONE_HIGHMEM
#else
#define OPT_ZONE_HIGHMEM	ZONE_NORMAL
#endif
#define GFP_ZONEMASK		(__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)

static const u8 gfp_zone_table[GFP_ZONEMASK + 1] = {
	[0]					= ZONE_NORMAL,
	[__GFP_DMA]				= ZONE_DMA,
	[__GFP_HIGHMEM]				= OPT_ZONE_HIGHMEM,
	[__GFP_DMA32]				= OPT_ZONE_DMA32,
	[__GFP_MOVABLE]				= ZONE_NORMAL,
	[__GFP_MOVABLE | __GFP_DMA]		= ZONE_DMA,
	[__GFP_MOVABLE | __GFP_HIGHMEM]		= ZONE_MOVABLE,
	[__GFP_MOVABLE | __GFP_DMA32]		= OPT_ZONE_DMA32,
};

/* Linux's __zone_watermark_ok() over the model's free pages and blocks. */
static bool model_zone_ok(const struct zone *zone, unsigned int order, unsigned long mark,
			  int highest, bool alloc_high)
{
	const struct mzone *m = &M.mz[zone->node][zone_idx(zone)];
	long free = (long)m->free - ((1L << order) - 1);
	long min = (long)mark;

	if (alloc_high)
		min -= min / 2;
	if (free <= min + zone->lowmem_reserve[highest])
		return false;
	return !order || model_has_block(zone->node, zone_idx(zone), order);
}

/* The zone an allocation must be served from, or NULL if it must fail. */
static struct zone *predict(int nid, gfp_t gfp, unsigned int order)
{
	const struct zonelist *zl = node_zonelist(nid, gfp);
	int highest = gfp_zone_table[gfp & GFP_ZONEMASK];

	for (int pass = 0; pass < 2; pass++) {
		for (const struct zoneref *z = zl->_zonerefs; z->zone; z++) {
			unsigned long mark = pass ? min_wmark_pages(z->zone) : low_wmark_pages(z->zone);

			if (z->zone_idx > highest)
				continue;
			if (model_zone_ok(z->zone, order, mark, highest, gfp & __GFP_HIGH))
				return z->zone;
		}
	}
	return NULL;
}

/* ---- machine set-up ------------------------------------------------------- */

void bm_teardown(void)
{
	memblock_reset();
	sparse_reset();
	fake_ram_reset();
	hosted_percpu_reset();
	memset(node_data, 0, sizeof(node_data));
	totalram_pages = 0;
	page_poisoning_enabled = false;
	nodes_clear(free_area_init_offline_nodes);
	free(M.nz);
	free(M.freeable);
	free(M.free);
	free(M.own);
	memset(&M, 0, sizeof(M));
}

/*
 * Owned pages carry a stamp in their first word: every page of a block up
 * to STAMPED_PAGES pages, then only the first STAMPED_PAGES and the last
 * (touching all of a big block's memory costs more than it tells).
 */
#define STAMPED_PAGES	8UL

static unsigned long next_stamped(unsigned long i, unsigned int order)
{
	unsigned long n = 1UL << order;

	return i + 1 < STAMPED_PAGES || i + 1 == n - 1 || i + 1 >= n ? i + 1 : n - 1;
}

static u64 stamp_of(unsigned long pfn)
{
	return ((u64)pfn * 0x9e3779b97f4a7c15ULL) | 1;
}

/*
 * The contents of page @pfn as 64-bit words. A block lies inside one RAM
 * piece, so inside one fake RAM window: the pages of a block are consecutive
 * here and page_words(pfn) + i * PAGE_WORDS is page pfn + i.
 */
#define PAGE_WORDS	(PAGE_SIZE / sizeof(u64))
static u64 *page_words(unsigned long pfn)
{
	return arch_phys_to_virt(pg(pfn));
}

/* Per-pfn model from the layout and memblock.reserved (as mem_init() found it). */
static const char *model_init(void)
{
	const struct bm_layout *l = &M.l;
	unsigned long words, start = PFN_DOWN(l->piece[0].start);
	unsigned int i;

	M.end_pfn = ALIGN(PFN_UP(l->piece[l->nr_pieces - 1].end), BLK);
	words = M.end_pfn / 64 + 1;
	M.nz = malloc(M.end_pfn);
	M.freeable = calloc(words, sizeof(u64));
	M.free = calloc(words, sizeof(u64));
	if (!M.nz || !M.freeable || !M.free)
		return fail("out of host memory for the model");
	memset(M.nz, NZ_NONE, M.end_pfn);

	/* free_area_init()'s zone ranges: consecutive from the first RAM pfn, Movable empty. */
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		if (z == ZONE_MOVABLE)
			continue;
		M.zone_lo[z] = start;
		M.zone_hi[z] = max(l->max_zone_pfn[z], start);
		start = M.zone_hi[z];
	}
	for (i = 0; i < l->nr_pieces; i++) {
		for (unsigned long pfn = PFN_UP(l->piece[i].start); pfn < PFN_DOWN(l->piece[i].end); pfn++) {
			for (int z = 0; z < MAX_NR_ZONES; z++) {
				if (pfn >= M.zone_lo[z] && pfn < M.zone_hi[z]) {
					M.nz[pfn] = NZ(l->piece[i].nid, z);
					set_bits(M.freeable, pfn, 1, true);
				}
			}
		}
	}
	for (i = 0; i < memblock.reserved.cnt; i++) {
		const struct memblock_region *r = &memblock.reserved.regions[i];
		unsigned long lo = PFN_DOWN(r->base), hi = min(PFN_UP(r->base + r->size), M.end_pfn);

		if (lo < hi)
			set_bits(M.freeable, lo, hi - lo, false);
	}
	for (i = 0; i < l->nr_nomap; i++) {
		unsigned long lo = PFN_DOWN(l->nomap[i].start), hi = PFN_UP(l->nomap[i].end);

		set_bits(M.freeable, lo, hi - lo, false);
	}
	/* The layout's reservations must be in memblock.reserved. */
	for (i = 0; i < l->nr_reserved; i++)
		if (!memblock_is_reserved(l->reserved[i].start) ||
		    !memblock_is_reserved(l->reserved[i].end - 1))
			return fail("reserved range [%#llx-%#llx) is not in memblock.reserved",
				    (unsigned long long)l->reserved[i].start,
				    (unsigned long long)l->reserved[i].end);
	memcpy(M.free, M.freeable, words * sizeof(u64));

	for (unsigned long pfn = 0; pfn < M.end_pfn; pfn++) {
		if (!bit(M.freeable, pfn))
			continue;
		M.mz[M.nz[pfn] / MAX_NR_ZONES][M.nz[pfn] % MAX_NR_ZONES].managed++;
		M.cap++;
	}
	for_each_mzone(nid, z) {
		M.mz[nid][z].zone = &NODE_DATA(nid)->node_zones[z];
		M.mz[nid][z].free = M.mz[nid][z].managed;
		M.mz[nid][z].dirty = true;
	}
	M.own = malloc((M.cap + 1) * sizeof(*M.own));
	if (!M.own)
		return fail("out of host memory for the model");
	return NULL;
}

/*
 * The node order of every node's fallback zonelist, from Linux 6.1's rules
 * (written here for the model, not taken from mm/): build_all_zonelists()
 * visits the nodes in id order with node_load[] zeroed once;
 * find_next_best_node() returns the local node first, then, among the
 * nodes with memory not yet used, the one with the smallest
 * (distance + (n < local) + (n has CPUs)) * MAX_NUMNODES + node_load[n],
 * the lowest id on a tie; a pick whose distance differs from the previous
 * pick's gets node_load[] += 1.
 */
static void expected_node_order(int order[BM_MAX_NODES][BM_MAX_NODES], int count[BM_MAX_NODES])
{
	const struct bm_layout *l = &M.l;
	bool has_mem[BM_MAX_NODES] = { false }, has_cpu[BM_MAX_NODES] = { false };
	int load[BM_MAX_NODES] = { 0 };
	unsigned int i;

	for (i = 0; i < l->nr_pieces; i++)
		has_mem[l->piece[i].nid] = true;
	for (i = 0; i < l->nr_cpus; i++)
		has_cpu[l->cpu_node[i]] = true;
	for (int local = 0; local < (int)l->nr_nodes; local++) {
		unsigned int used = 0;
		int prev = local;

		count[local] = 0;
		for (;;) {
			int best = -1;
			long best_val = 0;

			if (!(used & (1U << local))) {
				best = local;
			} else {
				for (int n = 0; n < (int)l->nr_nodes; n++) {
					long val = l->distance[local][n] + (n < local) + has_cpu[n];

					if (!has_mem[n] || (used & (1U << n)))
						continue;
					val = val * MAX_NUMNODES + load[n];
					if (best < 0 || val < best_val) {
						best = n;
						best_val = val;
					}
				}
			}
			if (best < 0)
				break;
			used |= 1U << best;
			if (l->distance[local][best] != l->distance[local][prev])
				load[best]++;
			order[local][count[local]++] = best;
			prev = best;
		}
	}
}

static const char *check_zonelists(void)
{
	const struct bm_layout *l = &M.l;
	int order[BM_MAX_NODES][BM_MAX_NODES], count[BM_MAX_NODES];

	expected_node_order(order, count);

	for (int local = 0; local < (int)l->nr_nodes; local++) {
		const pg_data_t *pgdat = NODE_DATA(local);
		const struct zoneref *z = pgdat->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
		unsigned int seen = 0, populated = 0;
		int prev = -1, prev_zidx = MAX_NR_ZONES;
		bool local_has_memory = false;

		for (int zi = 0; zi < MAX_NR_ZONES; zi++)
			local_has_memory |= populated_zone(&pgdat->node_zones[zi]);

		for (; z->zone; z++) {
			int nid = z->zone->node;

			if (z->zone_idx != zone_idx(z->zone) || !populated_zone(z->zone))
				return fail("node %d zonelist: zoneref %s/%d is wrong or unpopulated",
					    local, z->zone->name, z->zone_idx);
			if (nid != prev) {
				if (seen & (1U << nid))
					return fail("node %d zonelist: node %d appears twice", local, nid);
				if (prev < 0 && nid != local && local_has_memory)
					return fail("node %d zonelist: starts with node %d", local, nid);
				if (prev >= 0 && prev != local &&
				    node_distance(local, nid) < node_distance(local, prev))
					return fail("node %d zonelist: node %d (distance %d) after node %d (distance %d)",
						    local, nid, node_distance(local, nid), prev,
						    node_distance(local, prev));
				seen |= 1U << nid;
				prev = nid;
				prev_zidx = MAX_NR_ZONES;
			}
			if (z->zone_idx >= prev_zidx)
				return fail("node %d zonelist: zones of node %d not high to low", local, nid);
			prev_zidx = z->zone_idx;
			populated++;
		}
		for (int nid = 0; nid < (int)l->nr_nodes; nid++) {
			bool has = false;

			for (int zi = 0; zi < MAX_NR_ZONES; zi++)
				if (populated_zone(&NODE_DATA(nid)->node_zones[zi])) {
					has = true;
					populated--;
				}
			if (has != !!(seen & (1U << nid)))
				return fail("node %d zonelist: node %d %s", local, nid,
					    has ? "with memory is missing" : "without memory is listed");
		}
		if (populated)
			return fail("node %d zonelist: some populated zones missing or extra", local);

		/* The exact node order, nodes without populated zones left out. */
		z = pgdat->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
		for (int k = 0; k < count[local]; k++) {
			int nid = order[local][k];
			bool populated_node = false;

			for (int zi = 0; zi < MAX_NR_ZONES; zi++)
				populated_node |= populated_zone(&NODE_DATA(nid)->node_zones[zi]);
			if (!populated_node)
				continue;
			if (!z->zone || z->zone->node != nid)
				return fail("node %d zonelist: node %d where Linux's find_next_best_node() puts node %d (pick %d)",
					    local, z->zone ? z->zone->node : -1, nid, k);
			while (z->zone && z->zone->node == nid)
				z++;
		}

		z = pgdat->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs;
		for (int zi = MAX_NR_ZONES - 1; zi >= 0; zi--) {
			if (!populated_zone(&pgdat->node_zones[zi]))
				continue;
			if (z->zone != &pgdat->node_zones[zi] || z->zone_idx != zi)
				return fail("node %d __GFP_THISNODE zonelist: expected zone %s", local,
					    zone_names[zi]);
			z++;
		}
		if (z->zone)
			return fail("node %d __GFP_THISNODE zonelist: extra zone %s of node %d", local,
				    z->zone->name, z->zone->node);
	}
	return NULL;
}

/*
 * After every operation: the per-cpu lists drained and the counter deltas
 * folded, so that the buddy lists hold every free page (the model has no
 * per-cpu lists) and zone_page_state() - what the next watermark check
 * reads - is exact. Each order-0..3 allocation still goes through a
 * per-cpu refill of a batch, and each free through the per-cpu list.
 */
static const char *check_counters(void)
{
	drain_all_pages(NULL);
	vm_stats_fold_all();
	for_each_mzone(nid, z) {
		const struct mzone *m = &M.mz[nid][z];
		unsigned long free = zone_page_state(m->zone, NR_FREE_PAGES);

		if (free != m->free)
			return fail("node %d zone %s: nr_free_pages %lu, model %lu free pages",
				    nid, zone_names[z], free, m->free);
	}
	return NULL;
}

/*
 * Migratetypes: the streams use no __GFP_ATOMIC and isolate nothing, so
 * every pageblock is Unmovable, Movable or Reclaimable, and the highatomic
 * and isolate lists are empty (the validator checks the per-cpu blocks'
 * types and the isolate lists against the pageblocks).
 */
static const char *check_migratetypes(void)
{
	for_each_mzone(nid, z) {
		struct zone *zone = M.mz[nid][z].zone;
		unsigned long count[MIGRATE_TYPES];

		if (!zone || !populated_zone(zone))
			continue;
		zone_pageblock_counts(zone, count);
		if (count[MIGRATE_HIGHATOMIC] || count[MIGRATE_ISOLATE])
			return fail("node %d zone %s: %lu highatomic and %lu isolated pageblocks", nid,
				    zone_names[z], count[MIGRATE_HIGHATOMIC], count[MIGRATE_ISOLATE]);
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
			if (!free_area_empty(&zone->free_area[o], MIGRATE_HIGHATOMIC) ||
			    !free_area_empty(&zone->free_area[o], MIGRATE_ISOLATE))
				return fail("node %d zone %s order %u: free blocks on a highatomic or isolate list",
					    nid, zone_names[z], o);
		if (zone->nr_reserved_highatomic)
			return fail("node %d zone %s: %lu pages reserved highatomic", nid, zone_names[z],
				    zone->nr_reserved_highatomic);
	}
	return NULL;
}

/* The heavy checks: validator, canonical free lists, no bad pages. */
static const char *check_full(struct bm_stats *st)
{
	unsigned long v, count[NR_PAGE_ORDERS];
	const char *err;

	if (st)
		st->validations++;
	v = validate_free_lists(4);
	if (v)
		return fail("validate_free_lists() found %lu violations (see the log: \"buddy:\")", v);
	for_each_mzone(nid, z) {
		if (!M.mz[nid][z].dirty)
			continue;
		M.mz[nid][z].dirty = false;
		canonical(nid, z, count);
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
			if (count[o] != M.mz[nid][z].zone->free_area[o].nr_free)
				return fail("node %d zone %s order %u: %lu free blocks, the model expects %lu",
					    nid, zone_names[z], o,
					    M.mz[nid][z].zone->free_area[o].nr_free, count[o]);
	}
	if ((err = check_migratetypes()))
		return err;
	if (bad_page_count != M.bad0)
		return fail("%lu bad page reports", bad_page_count - M.bad0);
	if (page_poison_corruptions != M.poison0)
		return fail("%lu page poison corruptions", page_poison_corruptions - M.poison0);
	return check_counters();
}

/* floor(sqrt(@x)), by bisection. */
static unsigned long isqrt(unsigned long long x)
{
	unsigned long long lo = 0, hi = 1ULL << 32;

	while (hi - lo > 1) {
		unsigned long long mid = (lo + hi) / 2;

		if (mid * mid <= x)
			lo = mid;
		else
			hi = mid;
	}
	return (unsigned long)lo;
}

/*
 * The configuration the predictions rely on, from Linux 6.1's formulas
 * over the model's managed counts: init_per_zone_wmark_min()
 * (min_free_kbytes = sqrt(16 * lowmem KiB), 128 .. 262144, lowmem being
 * the zones up to Normal), __setup_per_zone_wmarks() (min split over the
 * zones by managed pages, highmem and movable zones managed / 1024 in
 * 32 .. 128; low and high each a further max(share / 4, managed * 10 /
 * 10000)) and setup_per_zone_lowmem_reserve() (the managed pages of the
 * node's higher zones / the ratio: DMA and DMA32 256, Normal 32, the rest
 * 0). Zones without managed pages never serve an allocation and are not
 * compared.
 */
static const char *check_watermarks(void)
{
	static const unsigned int ratio[MAX_NR_ZONES] = {
		[ZONE_DMA] = 256,
#ifdef CONFIG_ZONE_DMA32
		[ZONE_DMA32] = 256,
#endif
		[ZONE_NORMAL] = 32,
	};
	unsigned long long lowmem_kb = 0, lowmem_pages = 0, pages_min;
	unsigned long want_kb;

	for_each_mzone(nid, z) {
		if (z <= ZONE_NORMAL)
			lowmem_kb += (unsigned long long)M.mz[nid][z].managed * (PAGE_SIZE / 1024);
		if (z <= ZONE_NORMAL || z > ZONE_MOVABLE)	/* not highmem, not movable */
			lowmem_pages += M.mz[nid][z].managed;
	}
	want_kb = clamp(isqrt(lowmem_kb * 16), 128UL, 262144UL);
	if ((unsigned long)min_free_kbytes != want_kb)
		return fail("min_free_kbytes %d, Linux's rule gives %lu", min_free_kbytes, want_kb);
	pages_min = want_kb / (PAGE_SIZE / 1024);
	for_each_mzone(nid, z) {
		const struct zone *zone = M.mz[nid][z].zone;
		unsigned long long managed = M.mz[nid][z].managed, share, step, above = 0;
		unsigned long wmin;

		if (!managed)
			continue;
		share = lowmem_pages ? pages_min * managed / lowmem_pages : 0;
		if (z > ZONE_NORMAL)	/* highmem or movable (Device has none managed) */
			wmin = clamp((unsigned long)(managed / 1024), 32UL, 128UL);
		else
			wmin = (unsigned long)share;
		step = max(share / 4, managed * 10 / 10000);
		if (zone->_watermark[WMARK_MIN] != wmin ||
		    zone->_watermark[WMARK_LOW] != wmin + step ||
		    zone->_watermark[WMARK_HIGH] != wmin + 2 * step)
			return fail("node %d zone %s: watermarks min %lu low %lu high %lu, Linux's rules give %lu %llu %llu",
				    nid, zone_names[z], zone->_watermark[WMARK_MIN],
				    zone->_watermark[WMARK_LOW], zone->_watermark[WMARK_HIGH], wmin,
				    wmin + step, wmin + 2 * step);
		for (int j = z + 1; j < MAX_NR_ZONES; j++) {
			above += M.mz[nid][j].managed;
			if (zone->lowmem_reserve[j] != (long)(ratio[z] ? above / ratio[z] : 0))
				return fail("node %d zone %s: lowmem_reserve[%s] %ld, Linux's rule gives %llu",
					    nid, zone_names[z], zone_names[j], zone->lowmem_reserve[j],
					    ratio[z] ? above / ratio[z] : 0);
		}
	}
	return NULL;
}

static const char *check_boot(void)
{
	const char *err;
	unsigned long total = 0;

	/* Every section with RAM must have its memmap. */
	for (unsigned int i = 0; i < M.l.nr_pieces; i++) {
		unsigned long lo = PFN_UP(M.l.piece[i].start), hi = PFN_DOWN(M.l.piece[i].end);

		for (unsigned long pfn = lo; pfn < hi; pfn = ALIGN(pfn + 1, PAGES_PER_SECTION))
			if (!pfn_valid(pfn))
				return fail("pfn %#lx of RAM has no struct page", pfn);
	}
	for_each_mzone(nid, z) {
		const struct mzone *m = &M.mz[nid][z];

		if (m->zone->managed_pages != m->managed)
			return fail("node %d zone %s: managed_pages %lu, the model expects %lu",
				    nid, zone_names[z], m->zone->managed_pages, m->managed);
		total += m->managed;
	}
	err = check_watermarks();
	if (err)
		return err;
	if (totalram_pages != total)
		return fail("totalram_pages %lu, the model expects %lu", totalram_pages, total);
	for (unsigned long pfn = 0; pfn < M.end_pfn; pfn++) {
		const struct page *page;

		if (!bit(M.freeable, pfn))
			continue;
		page = pfn_to_page(pfn);
		if (page_to_nid(page) != M.nz[pfn] / MAX_NR_ZONES ||
		    (int)page_zonenum(page) != M.nz[pfn] % MAX_NR_ZONES || PageReserved(page))
			return fail("pfn %#lx: struct page says node %d zone %d%s, the layout node %d zone %d",
				    pfn, page_to_nid(page), (int)page_zonenum(page),
				    PageReserved(page) ? " reserved" : "", M.nz[pfn] / MAX_NR_ZONES,
				    M.nz[pfn] % MAX_NR_ZONES);
	}
	err = check_zonelists();
	if (err)
		return err;
	err = check_full(NULL);
	if (err)
		return err;
	for_each_mzone(nid, z)
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
			M.mz[nid][z].nr_free_boot[o] = M.mz[nid][z].zone->free_area[o].nr_free;
	return NULL;
}

const char *bm_boot(const struct bm_layout *l)
{
	static struct numa_topology topo;
	unsigned int i;

	bm_teardown();
	M.l = *l;
	M.op = 0;
	M.fill = true;
	for (i = 0; i < l->nr_windows; i++)
		if (fake_ram_add(l->window[i].start, l->window[i].end - l->window[i].start))
			return fail("fake_ram_add(%#llx, %#llx) failed",
				    (unsigned long long)l->window[i].start,
				    (unsigned long long)(l->window[i].end - l->window[i].start));
	for (i = 0; i < l->nr_pieces; i++)
		if (memblock_add_node(l->piece[i].start, l->piece[i].end - l->piece[i].start,
				      l->piece[i].nid, MEMBLOCK_NONE))
			return fail("memblock_add_node failed for piece %u", i);
	for (i = 0; i < l->nr_nomap; i++)
		if (memblock_mark_nomap(l->nomap[i].start, l->nomap[i].end - l->nomap[i].start))
			return fail("memblock_mark_nomap failed");
	for (i = 0; i < l->nr_reserved; i++)
		if (memblock_reserve(l->reserved[i].start, l->reserved[i].end - l->reserved[i].start))
			return fail("memblock_reserve failed");
	memblock_set_current_limit(l->boot_end);

	memset(&topo, 0, sizeof(topo));
	topo.nr_nodes = l->nr_nodes;
	for (i = 0; i < l->nr_pieces; i++)
		topo.ranges[topo.nr_ranges++] = (struct numa_memrange){
			l->piece[i].start, l->piece[i].end, l->piece[i].nid };
	for (i = 0; i < l->nr_nodes; i++)
		for (unsigned int j = 0; j < l->nr_nodes; j++)
			topo.distance[i][j] = l->distance[i][j];
	topo.nr_cpus = l->nr_cpus;
	for (i = 0; i < l->nr_cpus; i++) {
		topo.cpu_apicid[i] = i;
		topo.cpu_to_node[i] = l->cpu_node[i];
	}
	if (numa_register_topology(&topo))
		return fail("numa_register_topology() refused the layout");

	/* setup_node_data(): a pglist_data per node, from memblock unless static. */
	for (i = 0; i < l->nr_nodes; i++) {
		if (l->static_pgdat) {
			NODE_DATA(i) = &static_pgdat[i];
		} else {
			phys_addr_t pa = memblock_phys_alloc_try_nid(sizeof(pg_data_t), PAGE_SIZE, (int)i);

			if (!pa || !arch_phys_to_virt(pa))
				return fail("no pglist_data for node %u below the boot limit", i);
			NODE_DATA(i) = arch_phys_to_virt(pa);
		}
		memset(NODE_DATA(i), 0, sizeof(pg_data_t));
	}
	nodes_clear(free_area_init_offline_nodes);
	page_poisoning_enabled = l->poison;
	M.bad0 = bad_page_count;
	M.poison0 = page_poison_corruptions;

	/* arch/x86/setup.c's order. */
	free_area_init(l->max_zone_pfn);
	memory_model_init();
	memmap_init();
	/* What the boot window does not need, beyond the kept pages, is "firmware". */
	memblock_reserve(l->piece[0].start + pg(l->boot_keep),
			 l->boot_end - l->piece[0].start - pg(l->boot_keep));
	mem_init();

	M.booted = true;
	{
		const char *err = model_init();

		if (err)
			return err;
	}
	return check_boot();
}

/* ---- operations ---------------------------------------------------------- */

/* The call being checked, formatted only when a message needs it. */
static struct {
	bool get_free_pages;
	int nid;
	gfp_t gfp;
	unsigned int order;
} call;

static const char *call_str(void)
{
	static char buf[96];

	if (call.get_free_pages)
		snprintf(buf, sizeof(buf), "__get_free_pages(gfp %#x, order %u)", call.gfp,
			 call.order);
	else
		snprintf(buf, sizeof(buf), "alloc_pages_node(node %d, gfp %#x, order %u)", call.nid,
			 call.gfp, call.order);
	return buf;
}

static const char *check_block(unsigned long pfn, struct page *page, unsigned int order,
			       const struct zone *want, gfp_t gfp)
{
	const unsigned long n = 1UL << order;
	const u8 key = NZ(want->node, zone_idx(want));

	if (!pfn_valid(pfn) || pfn_to_page(pfn) != page)
		return fail("%s: pfn %#lx and its struct page disagree", call_str(), pfn);
	if (pfn & (n - 1))
		return fail("%s: pfn %#lx is not aligned to order %u", call_str(), pfn, order);
	if (pfn + n > M.end_pfn)
		return fail("%s: pfn %#lx order %u lies beyond RAM", call_str(), pfn, order);
	/* The model's bits a word at a time; page by page only to name the culprit. */
	if (!block_all(M.freeable, pfn, order) || !block_all(M.free, pfn, order)) {
		for (unsigned long q = pfn; q < pfn + n; q++) {
			if (M.nz[q] == NZ_NONE)
				return fail("%s: pfn %#lx of the block (pfn %#lx order %u) is a hole",
					    call_str(), q, pfn, order);
			if (!bit(M.freeable, q))
				return fail("%s: pfn %#lx of the block (pfn %#lx order %u) is reserved or nomap",
					    call_str(), q, pfn, order);
			if (!bit(M.free, q))
				return fail("%s: pfn %#lx of the block (pfn %#lx order %u) is already owned",
					    call_str(), q, pfn, order);
		}
	}
	for (unsigned long i = 0; i < n; i++) {
		const struct page *p = page + i;
		unsigned long q = pfn + i;

		if (M.nz[q] != key)
			return fail("%s: pfn %#lx of the block (pfn %#lx order %u) is in node %d zone %s, expected node %d zone %s",
				    call_str(), q, pfn, order, M.nz[q] / MAX_NR_ZONES,
				    zone_names[M.nz[q] % MAX_NR_ZONES], want->node, want->name);
		if (page_to_nid(p) != want->node || (int)page_zonenum(p) != zone_idx(want))
			return fail("%s: struct page of pfn %#lx says node %d zone %d", call_str(), q,
				    page_to_nid(p), (int)page_zonenum(p));
		if (PageBuddy(p) || PageReserved(p) || PageHole(p) || (i && PageHead(p)))
			return fail("%s: pfn %#lx has flags %#lx", call_str(), q, p->flags);
		if (page_count(p) != (i ? 0 : 1))
			return fail("%s: pfn %#lx has refcount %d", call_str(), q, page_count(p));
		if ((gfp & __GFP_COMP) && order) {
			if (i && compound_head((struct page *)p) != page)
				return fail("%s: compound tail pfn %#lx has the wrong head", call_str(), q);
		} else if (i && PageTail(p)) {
			return fail("%s: pfn %#lx of a non-compound block is a tail", call_str(), q);
		}
	}
	if ((gfp & __GFP_COMP) && order && (!PageHead(page) || page->private != order))
		return fail("%s: compound head pfn %#lx: head %d order %u", call_str(), pfn, PageHead(page),
			    page->private);
	if (!((gfp & __GFP_COMP) && order) && PageHead(page))
		return fail("%s: pfn %#lx is a compound head without __GFP_COMP", call_str(), pfn);
	if (gfp & __GFP_ZERO) {
		const u64 *w = page_words(pfn);

		for (unsigned long k = 0; k < n * PAGE_WORDS; k++)
			if (w[k])
				return fail("%s: __GFP_ZERO block pfn %#lx has %#llx at offset %#lx",
					    call_str(), pfn, (unsigned long long)w[k], k * 8);
	}
	return NULL;
}

static void take(unsigned long pfn, struct page *page, unsigned int order, bool comp)
{
	struct mzone *m = &M.mz[page_to_nid(page)][page_zonenum(page)];

	set_bits(M.free, pfn, 1UL << order, false);
	m->free -= 1UL << order;
	m->dirty = true;
	u64 *w = page_words(pfn);

	for (unsigned long i = 0; i < (1UL << order); i = next_stamped(i, order))
		w[i * PAGE_WORDS] = stamp_of(pfn + i);
	M.own[M.nr_own++] = (struct owned){ pfn, page, (u8)order, comp };
}

#define POISON_MAX_ORDER	3u

/* The valid zone modifier combinations (gfp_zone_table's entries). */
static const gfp_t zone_mods[] = {
	0, __GFP_DMA, __GFP_DMA32, __GFP_HIGHMEM, __GFP_MOVABLE, __GFP_MOVABLE | __GFP_DMA,
	__GFP_MOVABLE | __GFP_HIGHMEM, __GFP_MOVABLE | __GFP_DMA32,
};

static const char *op_alloc(struct bm_stream *s, struct bm_stats *st)
{
	const struct bm_layout *l = &M.l;
	unsigned int order, r = bm_rand(s, 16), variant = bm_rand(s, 64);
	int nid = (int)bm_rand(s, l->nr_nodes + 1), local;
	gfp_t gfp = zone_mods[bm_rand(s, ARRAY_SIZE(zone_mods))];
	struct zone *want;
	struct page *page;
	unsigned long pfn;
	u64 mark;
	const char *err;

	order = r < 7 ? bm_rand(s, 3) : r < 11 ? 3 + bm_rand(s, 3) : r < 14 ? 6 + bm_rand(s, 3) :
		9 + bm_rand(s, MAX_PAGE_ORDER - 8);
	/* page_poison checks every byte handed out: keep those machines' blocks small. */
	if (l->poison)
		order = min(order, POISON_MAX_ORDER);
	if (!bm_rand(s, 4))
		gfp |= __GFP_THISNODE;
	if (order && !bm_rand(s, 3))
		gfp |= __GFP_COMP;
	if (!bm_rand(s, 8))
		gfp |= __GFP_HIGH;
	/* Mobility: __GFP_MOVABLE comes with the zone modifiers; some reclaimable ones too. */
	if (!(gfp & __GFP_MOVABLE) && !bm_rand(s, 6))
		gfp |= __GFP_RECLAIMABLE;
	if (order <= 3 && !bm_rand(s, 16))
		gfp |= __GFP_ZERO;
	if (bm_rand(s, 128))
		gfp |= __GFP_NOWARN;
	if (nid == (int)l->nr_nodes)
		nid = NUMA_NO_NODE;
	local = nid == NUMA_NO_NODE ? l->cpu_node[0] : nid;
	st->allocs++;
	st->ops++;
	M.op++;

	if (variant == 0) {
		/* Beyond MAX_PAGE_ORDER: refused. */
		order = MAX_PAGE_ORDER + 1 + bm_rand(s, 3);
		if (alloc_pages_node(nid, gfp | __GFP_NOWARN, order))
			return fail("alloc_pages_node(order %u) above MAX_PAGE_ORDER succeeded", order);
		st->alloc_null++;
		return NULL;
	}
	if (variant == 1) {
		/* A node that does not exist: refused (with a WARN). */
		int bad = (int)l->nr_nodes + (int)bm_rand(s, 3);

		if (alloc_pages_node(bad, gfp, order))
			return fail("alloc_pages_node(node %d) of %u nodes succeeded", bad, l->nr_nodes);
		st->alloc_null++;
		return NULL;
	}
	if (variant == 2) {
		/* __get_free_pages(): the local node, never highmem, a kernel address. */
		unsigned long addr;

		gfp &= ~__GFP_HIGHMEM;
		local = l->cpu_node[0];
		want = predict(local, gfp, order);
		call = (typeof(call)){ true, local, gfp, order };
		addr = __get_free_pages(gfp, order);
		page = addr ? pfn_to_page(PHYS_PFN(arch_virt_to_phys((void *)addr))) : NULL;
	} else {
		want = predict(local, gfp, order);
		call = (typeof(call)){ false, nid, gfp, order };
		mark = printk_log_mark();
		page = nid == NUMA_NO_NODE && bm_rand(s, 2) ? alloc_pages(gfp, order) :
							      alloc_pages_node(nid, gfp, order);
		if (!page && !(gfp & __GFP_NOWARN) &&
		    !printk_log_contains(mark, "page allocation failure: order:"))
			return fail("%s failed without the allocation failure warning", call_str());
	}
	if (!page) {
		st->alloc_null++;
		M.nulls++;
		if (want)
			return fail("%s returned NULL, but node %d zone %s has %lu free pages (watermarks min %lu low %lu) and a free block of that order",
				    call_str(), want->node, want->name,
				    M.mz[want->node][zone_idx(want)].free, min_wmark_pages(want),
				    low_wmark_pages(want));
		return check_counters();
	}
	M.nulls = 0;
	pfn = page_to_pfn(page);
	if (!want)
		return fail("%s returned pfn %#lx (node %d zone %d), but the model says no zone can serve it",
			    call_str(), pfn, page_to_nid(page), (int)page_zonenum(page));
	if (page_zone(page) != want)
		return fail("%s returned pfn %#lx in node %d zone %s, the zonelist and watermarks say node %d zone %s",
			    call_str(), pfn, page_to_nid(page), zone_names[page_zonenum(page)], want->node,
			    want->name);
	err = check_block(pfn, page, order, want, gfp);
	if (err)
		return err;
	take(pfn, page, order, (gfp & __GFP_COMP) && order);
	return check_counters();
}

static const char *free_one(struct bm_stream *s, struct bm_stats *st)
{
	unsigned long idx = bm_rand(s, (u32)M.nr_own);
	struct owned o = M.own[idx];
	const unsigned long n = 1UL << o.order;
	struct mzone *m = &M.mz[page_to_nid(o.page)][page_zonenum(o.page)];

	M.own[idx] = M.own[--M.nr_own];
	st->frees++;
	st->ops++;
	M.op++;
	if (page_count(o.page) != 1 || PageBuddy(o.page) || PageHead(o.page) != o.comp)
		return fail("owned block pfn %#lx order %u changed state: refcount %d flags %#lx",
			    o.pfn, o.order, page_count(o.page), o.page->flags);
	const u64 *w = page_words(o.pfn);

	for (unsigned long i = 0; i < n; i = next_stamped(i, o.order))
		if (w[i * PAGE_WORDS] != stamp_of(o.pfn + i))
			return fail("owned page pfn %#lx was written by someone else", o.pfn + i);
	if (!bm_rand(s, 8))
		free_pages((unsigned long)page_address(o.page), o.order);
	else
		__free_pages(o.page, o.order);
	set_bits(M.free, o.pfn, n, true);
	m->free += n;
	m->dirty = true;
	M.last_freed = o;
	return check_counters();
}

/*
 * Free the last freed block again while the model says it is still free:
 * the allocator must report one bad page ("freeing a page with no
 * reference") and change nothing.
 */
static const char *double_free(struct bm_stats *st)
{
	const struct owned o = M.last_freed;
	unsigned long bad = bad_page_count;

	M.last_freed.page = NULL;
	if (!o.page || !block_all(M.free, o.pfn, o.order))
		return NULL;
	st->ops++;
	st->double_frees++;
	M.op++;
	__free_pages(o.page, o.order);
	if (bad_page_count != bad + 1)
		return fail("freeing free block pfn %#lx order %u again gave %lu bad page reports, not 1",
			    o.pfn, o.order, bad_page_count - bad);
	M.bad0++;
	return check_counters();
}

const char *bm_run(struct bm_stream *s, unsigned long ops, unsigned int validate_every,
		   struct bm_stats *st)
{
	const char *err;

	if (!M.booted)
		return "bm_run() without a booted machine";
	for (unsigned long i = 0; i < ops && !s->dry; i++) {
		bool alloc;

		/* Phases: fill towards exhaustion, then drain, with some noise. */
		if (!bm_rand(s, 128) || (M.fill && M.nulls > 16) || (!M.fill && !M.nr_own))
			M.fill = !M.fill;
		alloc = !M.nr_own || bm_rand(s, 4) < (M.fill ? 3u : 1u);
		if (M.last_freed.page && !bm_rand(s, 256))
			err = double_free(st);
		else
			err = alloc ? op_alloc(s, st) : free_one(s, st);
		if (!err && validate_every && M.op % validate_every == 0)
			err = check_full(st);
		if (err)
			return err;
	}
	return NULL;
}

const char *bm_finish(struct bm_stream *s, struct bm_stats *st)
{
	const char *err;

	if (!M.booted)
		return "bm_finish() without a booted machine";
	while (M.nr_own) {
		err = free_one(s, st);
		if (err)
			return err;
	}
	for_each_mzone(nid, z)
		M.mz[nid][z].dirty = true;
	err = check_full(st);
	if (err)
		return err;
	for_each_mzone(nid, z) {
		const struct mzone *m = &M.mz[nid][z];

		if (zone_page_state(m->zone, NR_FREE_PAGES) != m->managed ||
		    m->zone->managed_pages != m->managed)
			return fail("after freeing everything node %d zone %s has %lu free of %lu managed pages, the model %lu",
				    nid, zone_names[z], zone_page_state(m->zone, NR_FREE_PAGES),
				    m->zone->managed_pages, m->managed);
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
			if (m->zone->free_area[o].nr_free != m->nr_free_boot[o])
				return fail("after freeing everything node %d zone %s order %u has %lu free blocks, %lu after boot",
					    nid, zone_names[z], o, m->zone->free_area[o].nr_free,
					    m->nr_free_boot[o]);
	}
	st->layouts++;
	return NULL;
}

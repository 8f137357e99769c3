/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The buddy allocator against a reference model (tests/host/buddy_model.c),
 * shared by the hosted suite buddy_model and the fuzzer tests/fuzz/fuzz_buddy.c.
 *
 * A run is: a synthetic machine (struct bm_layout: 1-4 nodes of RAM pieces
 * with missing ranges between them, reserved and nomap ranges, unaligned
 * node and zone boundaries), booted through the real mm/ start-up sequence
 * (free_area_init, memory_model_init, memmap_init, mem_init) over fake RAM;
 * then a stream of alloc_pages_node()/__free_pages() operations, each
 * checked against the model; then everything is freed and the final state
 * compared with the state right after boot.
 *
 * The model is a set of owned pfns plus, per pfn, the node and zone the
 * layout puts it in and whether the boot hand-over must have freed it
 * (every byte of the page is memblock memory, none reserved or nomap). It
 * predicts from its own counts, and the zone's configuration (watermarks,
 * lowmem_reserve, zonelists), which zone an allocation must come from, or
 * that it must fail. What is checked is listed at the top of buddy_model.c.
 *
 * All randomness comes from a struct bm_stream: a PRNG (the hosted suite)
 * or the fuzzer's bytes (every input decodes to a valid layout and
 * operation stream; a stream that runs dry reads as zeros and stops the
 * run). The allocator's state is global, so one machine exists at a time:
 * bm_boot() resets everything first, bm_teardown() leaves nothing behind.
 *
 * Every function returning const char * returns NULL on success or a
 * description of the first property that failed (a static buffer, valid
 * until the next call).
 */
#ifndef NB_TESTS_HOST_BUDDY_MODEL_H
#define NB_TESTS_HOST_BUDDY_MODEL_H

#include <kernel/types.h>
#include <mm/mmzone.h>

struct bm_stream {
	const u8 *data;		/* fuzzer bytes, or NULL for the PRNG */
	size_t len, pos;
	u64 state;		/* PRNG state */
	bool dry;		/* the bytes ran out */
};

void bm_stream_rng(struct bm_stream *s, u64 seed);
void bm_stream_bytes(struct bm_stream *s, const u8 *data, size_t len);
/* Uniform in [0, @bound) (@bound >= 1); 0 once the bytes are exhausted. */
u32 bm_rand(struct bm_stream *s, u32 bound);

#define BM_MAX_NODES	4
#define BM_MAX_PIECES	24
#define BM_MAX_RANGES	16
#define BM_MAX_WINDOWS	8

struct bm_range {
	u64 start, end;		/* bytes, [start, end) */
	int nid;		/* pieces only */
};

struct bm_layout {
	unsigned int nr_nodes;			/* 1 .. BM_MAX_NODES */
	struct bm_range piece[BM_MAX_PIECES];	/* RAM, sorted, disjoint */
	unsigned int nr_pieces;
	struct bm_range reserved[BM_MAX_RANGES];	/* memblock_reserve()d */
	unsigned int nr_reserved;
	struct bm_range nomap[BM_MAX_RANGES];	/* memblock_mark_nomap()ed */
	unsigned int nr_nomap;
	struct bm_range window[BM_MAX_WINDOWS];	/* fake RAM: covers every piece */
	unsigned int nr_windows;
	/*
	 * The boot window: memblock allocations (memmaps, section roots,
	 * pgdats) stay below boot_end (memblock_set_current_limit) inside
	 * piece 0; after them, all of the window but boot_keep pages at its
	 * bottom is reserved, so that it does not swamp a small layout.
	 */
	u64 boot_end;
	unsigned long boot_keep;
	u8 distance[BM_MAX_NODES][BM_MAX_NODES];
	unsigned int nr_cpus;
	int cpu_node[BM_MAX_NODES];
	unsigned long max_zone_pfn[MAX_NR_ZONES];		/* free_area_init()'s argument */
	bool interleaved;			/* node spans may overlap */
	bool static_pgdat;			/* NODE_DATA in .bss, not memblock */
	bool poison;				/* page_poison=1 for this machine */
};

enum bm_size {
	BM_TINY,	/* a few hundred pages: the fuzzer's */
	BM_SMALL,	/* a few thousand pages: validate after every step */
	BM_BIG,		/* tens of thousands, several sections */
};

/* A random valid machine of @size. */
void bm_layout_generate(struct bm_layout *l, struct bm_stream *s, enum bm_size size);

struct bm_stats {
	unsigned long ops;		/* alloc + free operations */
	unsigned long allocs, alloc_null, frees;
	unsigned long double_frees;	/* frees of a free block, reported as bad pages */
	unsigned long validations;
	unsigned long layouts;
};

/* Reset mm/'s global state, build and boot @l, check the boot hand-over. */
const char *bm_boot(const struct bm_layout *l);
/*
 * Up to @ops operations from @s (fewer if its bytes run out). The validator
 * and the full model comparison run every @validate_every operations
 * (1: after every step).
 */
const char *bm_run(struct bm_stream *s, unsigned long ops, unsigned int validate_every,
		   struct bm_stats *st);
/* Free every owned block in an order drawn from @s and compare with the state after boot. */
const char *bm_finish(struct bm_stream *s, struct bm_stats *st);
/* Drop the machine: memblock, sections, fake RAM, NODE_DATA, counters. */
void bm_teardown(void);

/* The machine in one line per range, for failure reports. */
void bm_layout_describe(const struct bm_layout *l, char *buf, size_t len);

#endif

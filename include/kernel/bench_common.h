/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What numabuddy's benchmarks (kernel/bench.c) and their Linux twin
 * (tools/bench-linux/nb_bench.c, a module built against Debian's headers;
 * `make bench-linux` copies this file next to it) must share to measure the
 * same thing: the list of benchmarks with their orders and repetition
 * lengths, and the statistic (asm/bench_icount.h shares how the TSC is
 * recognised as an instruction counter).
 *
 * Plain C and no #include: the includer supplies u64, bool, size_t and
 * strcspn()/strncmp()/strlen()/strcmp(), which both kernels have.
 */
#ifndef NB_KERNEL_BENCH_COMMON_H
#define NB_KERNEL_BENCH_COMMON_H

#define NB_BENCH_REPS	5	/* after one warm-up repetition; the median is reported */
#define NB_BENCH_BATCH	1024	/* pages of order0_batch1024 */

enum nb_bench_kind {
	NB_BENCH_PAIR,		/* alloc+free pairs of one order, from a canonical state */
	NB_BENCH_BATCH_PAGES,	/* NB_BENCH_BATCH order-0 allocations, then their frees */
	NB_BENCH_BULK,		/* one bulk allocation of .iters order-0 pages, then their free */
	NB_BENCH_GIGANTIC,	/* a 1 GiB page allocated and freed */
	NB_BENCH_MEMMAP,	/* memmap_init()'s cost per page, measured at boot */
	NB_BENCH_SMP,		/* order-0 pairs on .order CPUs at once */
	NB_BENCH_DRAIN,		/* drain_all_pages() per page */
	NB_BENCH_FRAG_RECLAIM,	/* issue 14's fragmentation workloads (only by name) */
	NB_BENCH_FRAG_COMPACT,
	NB_BENCH_NR_KINDS
};

struct nb_bench {
	const char *name;
	enum nb_bench_kind kind;
	unsigned int order;	/* allocation order; NB_BENCH_SMP: how many CPUs */
	unsigned long iters;	/* operations per repetition */
	bool remote;		/* on the node farthest (SLIT) from the CPU's */
};

/* Every benchmark, in the order both sides run and print them. */
static const struct nb_bench nb_benches[] __attribute__((__unused__)) = {
	{ "order0_pair",		NB_BENCH_PAIR,		0,  1000, false },
	{ "order0_batch1024",		NB_BENCH_BATCH_PAGES,	0,  NB_BENCH_BATCH, false },
	{ "order0_bulk",		NB_BENCH_BULK,		0,  64,   false },
	{ "order1_pair",		NB_BENCH_PAIR,		1,  1000, false },
	{ "order3_pair",		NB_BENCH_PAIR,		3,  1000, false },
	{ "order9_pair",		NB_BENCH_PAIR,		9,  200,  false },
	{ "order10_pair",		NB_BENCH_PAIR,		10, 100,  false },
	{ "remote_order0_pair",		NB_BENCH_PAIR,		0,  1000, true },
	{ "gigantic",			NB_BENCH_GIGANTIC,	0,  1,    false },
	{ "memmap_init_per_page",	NB_BENCH_MEMMAP,	0,  0,    false },
	{ "smp_throughput_1cpu",	NB_BENCH_SMP,		1,  1000, false },
	{ "smp_throughput_2cpu",	NB_BENCH_SMP,		2,  1000, false },
	{ "smp_throughput_4cpu",	NB_BENCH_SMP,		4,  1000, false },
	{ "smp_throughput_8cpu",	NB_BENCH_SMP,		8,  1000, false },
	{ "drain_all_pages",		NB_BENCH_DRAIN,		0,  0,    false },
	{ "frag_reclaim",		NB_BENCH_FRAG_RECLAIM,	0,  0,    false },
	{ "frag_compact",		NB_BENCH_FRAG_COMPACT,	0,  0,    false },
};

#define NB_BENCH_COUNT	(sizeof(nb_benches) / sizeof(nb_benches[0]))

/*
 * numabuddy runs the benchmarks whose name starts so only when bench= names
 * them, never under bench=all (they take long and change pageblocks). The
 * harness (tools/testing/nbtest/nbtest_bench.py) reads the rule from here.
 */
#define NB_BENCH_BY_NAME_ONLY	"frag_"

/* @n / @d rounded to nearest; 0 for d == 0. */
static inline u64 nb_div_round(u64 n, u64 d)
{
	return d ? (n + d / 2) / d : 0;
}

/* The median of @n values (sorts @v in place; n is small). */
static inline u64 nb_median(u64 *v, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++)
		for (unsigned int j = i; j && v[j - 1] > v[j]; j--) {
			u64 t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[n / 2];
}

/* Is @name one of the comma-separated @list, or is the list "all" and @name not by name only? */
static inline bool nb_bench_listed(const char *list, const char *name)
{
	size_t n = strlen(name);

	if (!strcmp(list, "all"))
		return strncmp(name, NB_BENCH_BY_NAME_ONLY, strlen(NB_BENCH_BY_NAME_ONLY)) != 0;
	for (const char *p = list; *p; p += *p == ',') {
		size_t len = strcspn(p, ",");

		if (len == n && !strncmp(p, name, n))
			return true;
		p += len;
	}
	return false;
}

/*
 * The fragmentation workloads' fill (issue 14; kernel/bench.c's frag_fill()
 * and the module's twin): fill a node to NB_FRAG_FILL_PCT of its free pages
 * over NB_FRAG_ROUNDS rounds, each round but the first first freeing the
 * held blocks for which nb_frag_drop() says so (a third, seeded: random
 * lifetimes), walking the held blocks of each type in type order, then
 * allocating until the target with nb_frag_pick(). Both kernels draw the
 * same sequence from NB_FRAG_SEED; the types are Linux's migratetype
 * numbers (MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, MIGRATE_RECLAIMABLE in both).
 */
#define NB_FRAG_FILL_PCT	90
#define NB_FRAG_ROUNDS		4
#define NB_FRAG_SEED		0x9e3779b97f4a7c15ULL
#define NB_FRAG_MAX_ORDER	3	/* blocks of order 0 .. 3 */
#define NB_FRAG_MAX_BLOCKS	16384	/* pageblocks of a node tracked for mixed_blocks (32 GiB) */

enum nb_frag_type { NB_FRAG_UNMOVABLE, NB_FRAG_MOVABLE, NB_FRAG_RECLAIMABLE, NB_FRAG_NR_TYPES };

/* xorshift64 (seed != 0): the workloads' generator, and the self-tests' (tests/kernel/test_alloc.h). */
static inline u64 nb_xorshift64(u64 *s)
{
	u64 x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

/* Does a held block go in this round's frees (one in three)? */
static inline bool nb_frag_drop(u64 *s)
{
	return !(nb_xorshift64(s) % 3);
}

/* The next block to allocate: its type (80% movable, 15% unmovable, 5% reclaimable) and *@order. */
static inline enum nb_frag_type nb_frag_pick(u64 *s, unsigned int *order)
{
	unsigned int pick = (unsigned int)(nb_xorshift64(s) % 100);

	*order = (unsigned int)(nb_xorshift64(s) % (NB_FRAG_MAX_ORDER + 1));
	return pick < 80 ? NB_FRAG_MOVABLE : pick < 95 ? NB_FRAG_UNMOVABLE : NB_FRAG_RECLAIMABLE;
}

/* Note a held block of @type in pageblock @blk of the node (@types: NB_FRAG_MAX_BLOCKS masks). */
static inline void nb_frag_note_block(unsigned char *types, unsigned long blk, enum nb_frag_type type)
{
	if (blk < NB_FRAG_MAX_BLOCKS)
		types[blk] |= (unsigned char)(1u << type);
}

/* mixed_blocks: the pageblocks noted with more than one type. */
static inline unsigned long nb_frag_mixed_blocks(const unsigned char *types)
{
	unsigned long mixed = 0;

	for (unsigned long i = 0; i < NB_FRAG_MAX_BLOCKS; i++)
		mixed += types[i] && (types[i] & (types[i] - 1));
	return mixed;
}

#endif

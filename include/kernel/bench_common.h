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

/* Is @name one of the comma-separated @list, or is the list "all"? */
static inline bool nb_bench_listed(const char *list, const char *name)
{
	size_t n = strlen(name);

	if (!strcmp(list, "all"))
		return true;
	for (const char *p = list; *p; p += *p == ',') {
		size_t len = strcspn(p, ",");

		if (len == n && !strncmp(p, name, n))
			return true;
		p += len;
	}
	return false;
}

#endif

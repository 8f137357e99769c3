// SPDX-License-Identifier: GPL-2.0-only
/*
 * The benchmark runner: bench=all or bench=NAME,... (see include/kernel/bench.h).
 *
 * What is measured. Each benchmark repeats one operation through the
 * public API (alloc_pages, alloc_pages_node, __free_pages) with GFP_KERNEL,
 * between two reads of the counters, and divides by the number of
 * operations. The loop's own few instructions (a compare, an increment, a
 * branch, the calls' argument set-up) are included, as they are in the
 * Linux module of `make bench-linux`; the two counter reads are amortised
 * over the repetition.
 *
 * How it is counted (the mode, printed at the start):
 *  - icount: QEMU TCG with -icount shift=N, where the TSC advances by 2^N
 *    per guest instruction: insns_per_op is exact, and identical from run
 *    to run;
 *  - kvm: the TSC counts cycles (cycles_per_op); instructions come from the
 *    PMU's retired-instruction counter when the vCPU has one (-cpu host),
 *    else insns_per_op=na;
 *  - tcg (no -icount) or anything else: the TSC follows the host's clock,
 *    so only tsc_per_op is printed, and it is noise.
 * The mode is detected (arch_bench_detect(): CPUID's hypervisor signature,
 * then whether the TSC advances exactly 2^N per instruction over a loop of
 * known length). The harness also says what it started (bench.mode=); if
 * that disagrees with what the machine shows, a warning says so and the
 * detected mode is used, since the figures must be what their names say.
 *
 * Statistic: after one warm-up repetition (caches, TLB, the free lists'
 * steady state: the first split of a MAX_ORDER block), each benchmark runs
 * BENCH_REPS repetitions and reports the MEDIAN per-operation figure. Under
 * -icount every repetition gives the same figure, so the statistic does not
 * matter there; under KVM the median resists both the occasional host
 * interruption (which only adds) and the odd lucky run. The per-repetition
 * spread is printed as
 * spread= when the repetitions differ (never under -icount, where a spread
 * would mean the allocator's state drifts between repetitions).
 *
 * Sanity: each benchmark must leave the zones' free page counts exactly as
 * it found them, and after the last one the free lists are validated;
 * either failing makes the run fail (the figures would be of a broken
 * allocator). Interrupts are off throughout; one CPU.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/bench.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <lib/parse.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mm/gfp.h>
#include <mm/mm_init.h>
#include <mm/memory_model.h>
#include <mm/numa.h>
#include <mm/page_alloc.h>
#include <mm/compaction.h>
#include <mm/movable_owner.h>
#include <mm/vmstat.h>
#include <arch/bench.h>
#include <arch/cpu.h>
#include <arch/smp.h>

#include <mm/gigantic.h>
#include <kernel/bench_common.h>	/* the list, the statistic: shared with the Linux module */

#define BENCH_REPS	NB_BENCH_REPS

/* ---- parameters ----------------------------------------------------------- */

static char bench_list[256];		/* "" = no benchmark */
static char bench_mode_param[16];

static int __maybe_unused parse_bench(const char *val)
{
	if (!val || !*val)
		return -EINVAL;
	if (strscpy(bench_list, val, sizeof(bench_list)) < 0) {
		bench_list[0] = '\0';
		return -E2BIG;
	}
	if (!strcmp(bench_list, "none"))
		bench_list[0] = '\0';
	return 0;
}
early_param("bench", parse_bench);

static int __maybe_unused parse_bench_mode(const char *val)
{
	if (!val || (strcmp(val, "icount") && strcmp(val, "kvm") && strcmp(val, "tcg")))
		return -EINVAL;
	strscpy(bench_mode_param, val, sizeof(bench_mode_param));
	return 0;
}
early_param("bench.mode", parse_bench_mode);

static bool bench_profile;

static int __maybe_unused parse_bench_profile(const char *val)
{
	return val && !kstrtobool(val, &bench_profile) ? 0 : -EINVAL;
}
early_param("bench.profile", parse_bench_profile);

/* ---- counters --------------------------------------------------------------- */

static enum bench_mode mode;
static unsigned int icount_shift;
static bool have_pmu;

struct sample {
	u64 tsc;
	u64 insns;	/* the PMU's count (kvm), else 0 */
};

static __always_inline void sample_now(struct sample *s)
{
	barrier();
	s->insns = have_pmu ? arch_insns() : 0;
	s->tsc = arch_cycles();
	barrier();
}

/* One repetition's cost: instructions (exact or PMU) and TSC ticks. */
struct cost {
	u64 insns;
	u64 tsc;
	bool have_insns;
};

static struct cost cost_between(const struct sample *a, const struct sample *b)
{
	struct cost c = { .tsc = b->tsc - a->tsc };

	if (mode == BENCH_MODE_ICOUNT) {
		c.insns = c.tsc >> icount_shift;
		c.have_insns = true;
	} else if (have_pmu) {
		c.insns = b->insns - a->insns;
		c.have_insns = true;
	}
	return c;
}

#define div_round	nb_div_round
#define median		nb_median

/* The figures of a benchmark: per-operation medians over its repetitions. */
struct result {
	u64 ops;		/* operations per repetition */
	u64 insns_per_op, tsc_per_op, spread;
	bool have_insns;
};

static struct result summarise(const struct cost *reps, unsigned int n, u64 ops)
{
	u64 ins[BENCH_REPS], tsc[BENCH_REPS];
	struct result r = { .ops = ops, .have_insns = reps[0].have_insns };

	for (unsigned int i = 0; i < n; i++) {
		ins[i] = div_round(reps[i].insns, ops);
		tsc[i] = div_round(reps[i].tsc, ops);
	}
	r.insns_per_op = median(ins, n);
	r.tsc_per_op = median(tsc, n);
	/* The spread of the headline figure: instructions under -icount, else TSC ticks. */
	r.spread = mode == BENCH_MODE_ICOUNT ? ins[n - 1] - ins[0] : tsc[n - 1] - tsc[0];
	return r;
}

/* "bench: test=NAME ops=N insns_per_op=N [cycles_per_op=N] EXTRA" */
static void report(const char *name, const struct result *r, const char *extra)
{
	char ins[24] = "na", spread[32] = "";

	if (r->have_insns)
		snprintf(ins, sizeof(ins), "%llu", (unsigned long long)r->insns_per_op);
	if (r->spread)
		snprintf(spread, sizeof(spread), " spread=%llu", (unsigned long long)r->spread);
	switch (mode) {
	case BENCH_MODE_ICOUNT:
		printk_raw("bench: test=%s ops=%llu insns_per_op=%s%s%s\n", name,
			   (unsigned long long)r->ops, ins, spread, extra);
		break;
	case BENCH_MODE_KVM:
		printk_raw("bench: test=%s ops=%llu insns_per_op=%s cycles_per_op=%llu%s%s\n",
			   name, (unsigned long long)r->ops, ins,
			   (unsigned long long)r->tsc_per_op, spread, extra);
		break;
	default:
		printk_raw("bench: test=%s ops=%llu insns_per_op=%s tsc_per_op=%llu%s%s\n",
			   name, (unsigned long long)r->ops, ins,
			   (unsigned long long)r->tsc_per_op, spread, extra);
		break;
	}
}

static void report_skip(const char *name, const char *why)
{
	printk_raw("bench: test=%s ops=0 insns_per_op=na skipped=%s\n", name, why);
}

/* ---- the free page count, for the no-lost-pages check --------------------- */

static unsigned long total_free_pages(void)
{
	unsigned long sum = 0;
	pg_data_t *pgdat;
	int nid;

	for_each_online_pgdat(pgdat, nid)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			sum += zone_free_pages_total(&pgdat->node_zones[z]);
	return sum;
}

/* ---- the benchmarks --------------------------------------------------------- */

#define bench nb_bench	/* include/kernel/bench_common.h: name, kind, order, iters, remote */

static void bench_profile_run(const struct bench *b);

static int local_nid, far_nid;
static gfp_t far_gfp;		/* GFP_KERNEL | __GFP_THISNODE, + __GFP_HIGHMEM if the node has only highmem */

/* Keep the compiler from assuming anything about @p (the loop stays as written). */
#define hide(p)	__asm__ __volatile__("" : "+r"(p))

/*
 * One repetition of alloc+free pairs. __noinline so that every benchmark
 * measures the same loop code whatever the caller looks like.
 */
static __noinline bool pair_rep(const struct bench *b, struct cost *c)
{
	const gfp_t gfp = b->remote ? far_gfp : GFP_KERNEL;
	const int nid = far_nid;
	const unsigned int order = b->order;
	struct sample s0, s1;
	unsigned long i;

	sample_now(&s0);
	for (i = 0; i < b->iters; i++) {
		struct page *p = b->remote ? alloc_pages_node(nid, gfp, order) :
					     alloc_pages(gfp, order);
		if (unlikely(!p))
			break;
		hide(p);
		__free_pages(p, order);
	}
	sample_now(&s1);
	*c = cost_between(&s0, &s1);
	return i == b->iters;
}

static struct page *pair_alloc(const struct bench *b)
{
	return b->remote ? alloc_pages_node(far_nid, far_gfp, b->order) :
			   alloc_pages(GFP_KERNEL, b->order);
}

/*
 * The pairs are measured in one canonical state, whatever the boot left on
 * the free lists: a free block of the order whose buddy is allocated (the
 * "pin") heads its free list, so every pair takes that block and gives it
 * back without splitting or merging. Take a block X, then another, Y:
 * if X was split off a larger block, its buddy was left at the head of
 * the order's list and Y is that buddy; if X was a free block already, its
 * buddy is not free. Either way freeing X merges nothing and puts it at
 * the head of the list. Without this, an unrelated change in what the boot
 * allocates (say, one page more for a per-CPU area) decides whether every
 * order-0 pair splits and merges ten orders, and moves the figure by a
 * third.
 */
static bool pair_setup(const struct bench *b, struct page **pin)
{
	struct page *x = pair_alloc(b);

	*pin = x ? pair_alloc(b) : NULL;
	if (x)
		__free_pages(x, b->order);
	return *pin != NULL;
}

static bool bench_pair(const struct bench *b)
{
	struct cost reps[BENCH_REPS], warm;
	struct page *pin;
	struct result r;
	bool ok = true;

	if (b->remote && far_nid == local_nid) {
		report_skip(b->name, "single-node");
		return true;
	}
	if (!pair_setup(b, &pin))
		goto fail;
	ok = pair_rep(b, &warm);
	for (unsigned int i = 0; i < BENCH_REPS && ok; i++)
		ok = pair_rep(b, &reps[i]);
	if (ok && !b->remote)
		bench_profile_run(b);
	__free_pages(pin, b->order);
	if (!ok)
		goto fail;
	r = summarise(reps, BENCH_REPS, b->iters);
	if (b->remote) {
		char extra[32];

		snprintf(extra, sizeof(extra), " node=%d from=%d%s", far_nid, local_nid,
			 far_gfp & __GFP_HIGHMEM ? " gfp=+highmem" : "");
		report(b->name, &r, extra);
	} else {
		report(b->name, &r, "");
	}
	return true;
fail:
	printk_raw("bench: test=%s ops=0 insns_per_op=na error=allocation-failed\n", b->name);
	return false;
}

#define BATCH	NB_BENCH_BATCH
static struct page *batch_pages[BATCH];

/*
 * b->iters order-0 pages allocated, then freed: one page at a time
 * (order0_batch1024), or with one alloc_pages_bulk_array() and one
 * free_pages_bulk() (order0_bulk).
 */
static __noinline bool batch_rep(const struct bench *b, struct cost *alloc, struct cost *free)
{
	const unsigned long nr = b->iters;
	struct sample s0, s1, s2;
	unsigned long i, n;

	if (b->kind == NB_BENCH_BULK) {
		memset(batch_pages, 0, nr * sizeof(batch_pages[0]));
		sample_now(&s0);
		n = alloc_pages_bulk_array(GFP_KERNEL, nr, batch_pages);
		sample_now(&s1);
		free_pages_bulk(batch_pages, n);
		sample_now(&s2);
	} else {
		sample_now(&s0);
		for (i = 0; i < nr; i++) {
			struct page *p = alloc_pages(GFP_KERNEL, 0);

			if (unlikely(!p))
				break;
			batch_pages[i] = p;
		}
		sample_now(&s1);
		n = i;
		for (i = 0; i < n; i++)
			__free_pages(batch_pages[i], 0);
		sample_now(&s2);
	}
	*alloc = cost_between(&s0, &s1);
	*free = cost_between(&s1, &s2);
	return n == nr;
}

static bool bench_batch(const struct bench *b)
{
	struct cost a[BENCH_REPS], f[BENCH_REPS], both[BENCH_REPS], wa, wf;
	struct result ra, rf, r;
	char extra[64];

	if (b->iters > BATCH || !batch_rep(b, &wa, &wf)) {
		printk_raw("bench: test=%s ops=0 insns_per_op=na error=allocation-failed\n",
			   b->name);
		return false;
	}
	for (unsigned int i = 0; i < BENCH_REPS; i++) {
		if (!batch_rep(b, &a[i], &f[i])) {
			printk_raw("bench: test=%s ops=0 insns_per_op=na error=allocation-failed\n",
				   b->name);
			return false;
		}
		both[i] = a[i];
		both[i].insns += f[i].insns;
		both[i].tsc += f[i].tsc;
	}
	bench_profile_run(b);
	ra = summarise(a, BENCH_REPS, b->iters);
	rf = summarise(f, BENCH_REPS, b->iters);
	r = summarise(both, BENCH_REPS, b->iters);
	if (r.have_insns)
		snprintf(extra, sizeof(extra), " alloc_per_page=%llu free_per_page=%llu",
			 (unsigned long long)ra.insns_per_op, (unsigned long long)rf.insns_per_op);
	else
		snprintf(extra, sizeof(extra), " alloc_per_page=%llu free_per_page=%llu",
			 (unsigned long long)ra.tsc_per_op, (unsigned long long)rf.tsc_per_op);
	report(b->name, &r, extra);
	return true;
}

/* ---- bench.profile=1: one operation for the host's profiler ----------------- */

/*
 * What bench_profile_op() is running, for the profiler
 * (tools/testing/nbtest/nbtest_profile.py, `make bench PROFILE=1`), which
 * reads it by symbol through QEMU's gdbstub: the benchmark's name and how
 * many operations (pages, for the batch kinds) the call makes.
 */
struct bench_profile_info {
	const char *name;
	unsigned long ops;
};
struct bench_profile_info bench_profile_info __used;

/*
 * One more operation of @b, from the state its measurement ran in, with
 * nothing else in the call: the profiler stops at its first instruction
 * and single-steps to its return, attributing each instruction to the
 * function it lies in.
 */
static __noinline void bench_profile_op(const struct bench *b)
{
	struct page *p;

	switch (b->kind) {
	case NB_BENCH_PAIR:
		p = pair_alloc(b);
		hide(p);
		if (p)
			__free_pages(p, b->order);
		break;
	case NB_BENCH_BULK:
		free_pages_bulk(batch_pages, alloc_pages_bulk_array(GFP_KERNEL, b->iters, batch_pages));
		break;
	default:
		for (unsigned long i = 0; i < b->iters; i++)
			batch_pages[i] = alloc_pages(GFP_KERNEL, 0);
		for (unsigned long i = 0; i < b->iters; i++)
			__free_pages(batch_pages[i], 0);
		break;
	}
}

static void bench_profile_run(const struct bench *b)
{
	if (!bench_profile)
		return;
	if (b->kind != NB_BENCH_PAIR)
		memset(batch_pages, 0, b->iters * sizeof(batch_pages[0]));
	bench_profile_info = (struct bench_profile_info){
		.name = b->name, .ops = b->kind == NB_BENCH_PAIR ? 1 : b->iters };
	printk_raw("bench: profile test=%s ops=%lu\n", b->name, bench_profile_info.ops);
	bench_profile_op(b);
	bench_profile_info.name = NULL;
}

/*
 * gigantic: alloc_gigantic_page() + free_gigantic_page() of a 1 GiB page
 * (order 18 on both architectures) on the local node, GFP_HIGHUSER |
 * __GFP_THISNODE as hugetlb asks for its pool pages. One pair per
 * repetition; per_page= is the figure divided by the 2^18 pages. A
 * machine with no free aligned GiB on the node reports skipped=no-free-range.
 */
#define BENCH_GIGANTIC_ORDER	(30 - PAGE_SHIFT)

static __noinline bool gigantic_rep(struct cost *c)
{
	const gfp_t gfp = GFP_HIGHUSER | __GFP_THISNODE | __GFP_NOWARN;
	struct sample s0, s1;
	struct page *p;

	sample_now(&s0);
	p = alloc_gigantic_page(local_nid, BENCH_GIGANTIC_ORDER, gfp);
	if (likely(p)) {
		hide(p);
		free_gigantic_page(p, BENCH_GIGANTIC_ORDER);
	}
	sample_now(&s1);
	*c = cost_between(&s0, &s1);
	return p != NULL;
}

static bool bench_gigantic(const struct bench *b)
{
	struct cost reps[BENCH_REPS], warm;
	struct result r;
	char extra[64];

	if (!gigantic_rep(&warm)) {
		report_skip(b->name, "no-free-range");
		return true;
	}
	for (unsigned int i = 0; i < BENCH_REPS; i++)
		if (!gigantic_rep(&reps[i])) {
			printk_raw("bench: test=%s ops=0 insns_per_op=na error=allocation-failed\n",
				   b->name);
			return false;
		}
	r = summarise(reps, BENCH_REPS, 1);
	snprintf(extra, sizeof(extra), " order=%u node=%d per_page=%llu", BENCH_GIGANTIC_ORDER,
		 local_nid, (unsigned long long)div_round(r.have_insns ? r.insns_per_op :
							  r.tsc_per_op, 1ULL << BENCH_GIGANTIC_ORDER));
	report(b->name, &r, extra);
	return true;
}

/* ---- memmap_init_per_page ---------------------------------------------------- */

static struct sample memmap_s0, memmap_s1;
static bool memmap_measured;

void bench_memmap_init_begin(void)
{
	if (bench_list[0] && !strcmp(arch_hypervisor_name(), "KVMKVMKVM"))
		have_pmu = arch_insn_counter_start();
	sample_now(&memmap_s0);
}

void bench_memmap_init_end(void)
{
	sample_now(&memmap_s1);
	memmap_measured = true;
}

static unsigned long memmap_pages;

static void count_range(unsigned long start, unsigned long end, int nid, int zone, bool hole)
{
	(void)nid;
	(void)zone;
	if (!hole) {
		memmap_pages += end - start;
		return;
	}
	for (unsigned long pfn = start; pfn < end; pfn++)	/* as memmap_init() skips them */
		memmap_pages += pfn_valid(pfn);
}

static bool bench_memmap(const struct bench *b)
{
	const struct memmap_walk_ops ops = { .pfn_valid = memmap_walk_pfn_valid,
					     .init_range = count_range };
	struct cost c;
	struct result r;
	char extra[64];

	if (!memmap_measured) {
		report_skip(b->name, "not-measured");
		return true;
	}
	/* The same walk memmap_init() did, counting the struct pages it initialised. */
	memmap_pages = 0;
	memmap_walk(&ops);
	c = cost_between(&memmap_s0, &memmap_s1);
	r = summarise(&c, 1, memmap_pages);
	snprintf(extra, sizeof(extra), " total_%s=%llu pages=%lu", c.have_insns ? "insns" : "tsc",
		 (unsigned long long)(c.have_insns ? c.insns : c.tsc), memmap_pages);
	r.spread = 0;
	report(b->name, &r, extra);
	return true;
}

/* ---- the runner ----------------------------------------------------------- */

/* ---- SMP: concurrent pairs, and draining the per-cpu lists ---------------- */

#define SMP_PAIRS	500	/* order-0 pairs per CPU per repetition */

static struct {
	unsigned int ncpus;	/* CPUs 0 .. ncpus - 1 take part */
	unsigned long failed;
} smp_bench;

static void smp_pairs_on_cpu(void *info)
{
	(void)info;
	if (smp_processor_id() >= smp_bench.ncpus)
		return;
	for (unsigned long i = 0; i < SMP_PAIRS; i++) {
		struct page *p = alloc_pages(GFP_KERNEL, 0);

		if (unlikely(!p)) {
			__atomic_add_fetch(&smp_bench.failed, 1, __ATOMIC_RELAXED);
			return;
		}
		hide(p);
		__free_pages(p, 0);
	}
}

/*
 * smp_throughput_<n>cpu: n CPUs at once, each doing SMP_PAIRS order-0
 * pairs through its per-cpu list; the figure is the machine's time (under
 * -icount: every vCPU's instructions, which QEMU then runs in turn) per
 * pair, so it grows with whatever the CPUs cost each other (cache lines,
 * lock waits), plus the start and end of smp_call_all() spread over the
 * pairs.
 */
static bool bench_smp_throughput(const struct bench *b)
{
	struct cost reps[BENCH_REPS];
	struct sample s0, s1;
	char extra[32];
	struct result r;

	if (num_online_cpus() < b->order) {
		report_skip(b->name, "fewer-cpus-online");
		return true;
	}
	smp_bench.ncpus = b->order;
	smp_bench.failed = 0;
	smp_call_all(smp_pairs_on_cpu, NULL);		/* warm-up */
	for (unsigned int i = 0; i < BENCH_REPS; i++) {
		sample_now(&s0);
		smp_call_all(smp_pairs_on_cpu, NULL);
		sample_now(&s1);
		reps[i] = cost_between(&s0, &s1);
	}
	if (smp_bench.failed) {
		printk_raw("bench: test=%s ops=0 insns_per_op=na error=allocation-failed\n", b->name);
		return false;
	}
	r = summarise(reps, BENCH_REPS, (u64)SMP_PAIRS * b->order);
	snprintf(extra, sizeof(extra), " cpus=%u", b->order);
	report(b->name, &r, extra);
	return true;
}

/*
 * drain_all_pages: the cost per page of giving every CPU's per-cpu lists
 * back to the buddy lists, with this CPU's list just under its high mark
 * (the others empty: with one CPU busy, the usual state).
 */
static bool bench_drain(const struct bench *b)
{
	struct cost reps[BENCH_REPS];
	struct result r;
	unsigned long pages = 0;

	(void)b;
	for (unsigned int rep = 0; rep <= BENCH_REPS; rep++) {
		struct sample s0, s1;
		unsigned long n = 0;

		drain_all_pages(NULL);
		for (; n < BATCH; n++) {
			batch_pages[n] = alloc_pages(GFP_KERNEL, 0);
			if (!batch_pages[n])
				break;
		}
		/* Free them back onto this CPU's list, stopping before a bulk free. */
		for (unsigned long i = 0; i < n; i++)
			__free_pages(batch_pages[i], 0);
		if (!n)
			break;
		pages = zone_pcp_pages(page_zone(batch_pages[0]));
		sample_now(&s0);
		drain_all_pages(NULL);
		sample_now(&s1);
		if (rep)
			reps[rep - 1] = cost_between(&s0, &s1);
	}
	if (!pages) {
		printk_raw("bench: test=%s ops=0 insns_per_op=na error=empty-lists\n", b->name);
		return false;
	}
	r = summarise(reps, BENCH_REPS, pages);
	report(b->name, &r, " per=page");
	return true;
}

/*
 * frag_reclaim (issue 14): how much of a node can still be had as order-9
 * blocks after hours of mixed allocations, with the movable ones reclaimed.
 *
 * Fill the local node to NB_FRAG_FILL_PCT of its free pages with a seeded mix
 * of order-0 to order-3 blocks - 80% movable (GFP_HIGHUSER_MOVABLE), 15%
 * unmovable (GFP_KERNEL), 5% reclaimable (__GFP_RECLAIMABLE), all
 * __GFP_THISNODE - over NB_FRAG_ROUNDS rounds, each freeing a seeded third of
 * what is held before filling up again (random lifetimes). At the end of
 * the filling, mixed_blocks counts the pageblocks holding blocks of more
 * than one mobility. Then every movable block is freed, as reclaim would,
 * and order-9 movable blocks are allocated until one fails:
 * huge_success_pct is their number as a percentage of free pages / 512 at
 * that point (perfect packing). Everything is freed at the end. The same
 * seed gives the same figures every run (one CPU, interrupts off).
 * Grouping off for comparison: boot with mobility_grouping=off.
 */
_Static_assert((int)NB_FRAG_UNMOVABLE == MIGRATE_UNMOVABLE && (int)NB_FRAG_MOVABLE == MIGRATE_MOVABLE &&
	       (int)NB_FRAG_RECLAIMABLE == MIGRATE_RECLAIMABLE && (int)NB_FRAG_NR_TYPES == MIGRATE_PCPTYPES,
	       "bench_common.h's fill types are the migratetypes");

static u8 frag_block_types[NB_FRAG_MAX_BLOCKS];

static unsigned long node_free_pages(int nid)
{
	unsigned long n = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		n += zone_free_pages_total(&NODE_DATA(nid)->node_zones[z]);
	return n;
}

/* Free every block on @list (order in page->private); returns the pages. */
static unsigned long frag_free_list(struct list_head *list)
{
	unsigned long pages = 0;

	while (!list_empty(list)) {
		struct page *page = list_first_entry(list, struct page, lru);
		unsigned int order = page->private;

		list_del(&page->lru);
		page->private = 0;
		pages += 1UL << order;
		__free_pages(page, order);
	}
	return pages;
}

static const gfp_t frag_gfp[MIGRATE_PCPTYPES] = {
	[MIGRATE_UNMOVABLE] = GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN,
	[MIGRATE_MOVABLE] = GFP_HIGHUSER_MOVABLE | __GFP_THISNODE | __GFP_NOWARN,
	[MIGRATE_RECLAIMABLE] = GFP_KERNEL | __GFP_RECLAIMABLE | __GFP_THISNODE | __GFP_NOWARN,
};

/* One fragmentation workload's state: blocks held per type, order in page->private. */
struct frag_run {
	struct list_head held[MIGRATE_PCPTYPES], huge;
	struct movable_owner *owner;	/* movable pages are the owner's (order 0) if set */
	unsigned long used, target, ops;
	u64 seed;
	int nid;
	struct sample s0;
};

static void frag_start(struct frag_run *r, int nid, struct movable_owner *owner)
{
	memset(r, 0, sizeof(*r));
	for (int t = 0; t < MIGRATE_PCPTYPES; t++)
		INIT_LIST_HEAD(&r->held[t]);
	INIT_LIST_HEAD(&r->huge);
	r->owner = owner;
	r->nid = nid;
	r->seed = NB_FRAG_SEED;
	drain_all_pages(NULL);
	r->target = node_free_pages(nid) / 100 * NB_FRAG_FILL_PCT;
	sample_now(&r->s0);
}

/* The seeded fill (bench_common.h): NB_FRAG_ROUNDS rounds, each freeing a third of what is held, then filling up. */
static void frag_fill(struct frag_run *r)
{
	struct movable_owner *o = r->owner;

	for (int round = 0; round < NB_FRAG_ROUNDS; round++) {
		for (int t = 0; round && t < MIGRATE_PCPTYPES; t++) {
			struct list_head *pos = r->held[t].next;

			while (pos != &r->held[t]) {
				struct page *page = list_entry(pos, struct page, lru);
				unsigned int order = page->private;

				pos = pos->next;
				if (!nb_frag_drop(&r->seed))
					continue;
				list_del(&page->lru);
				page->private = 0;
				r->used -= 1UL << order;
				__free_pages(page, order);
			}
		}
		for (unsigned long s = 0; o && round && s < o->nr; s++)
			if (o->pages[s] && nb_frag_drop(&r->seed)) {
				movable_owner_free(o, s);
				r->used--;
			}
		while (r->used < r->target) {
			unsigned int order;
			int t = (int)nb_frag_pick(&r->seed, &order);
			struct page *page;

			r->ops++;
			if (o && t == MIGRATE_MOVABLE) {
				/* Owner pages are order 0: as many as one block of this order. */
				unsigned long i;

				for (i = 0; i < (1UL << order); i++)
					if (movable_owner_alloc(o, frag_gfp[t], r->nid) < 0)
						break;
				r->used += i;
				if (i < (1UL << order))
					break;
				continue;
			}
			page = alloc_pages_node(r->nid, frag_gfp[t], order);
			if (!page)
				break;	/* the node is fuller than its free count said */
			page->private = order;
			list_add_tail(&page->lru, &r->held[t]);
			r->used += 1UL << order;
		}
	}
}

/* Order-9 movable blocks until one fails; returns how many. */
static unsigned long frag_huge(struct frag_run *r)
{
	unsigned long got = 0;

	for (;;) {
		struct page *page = alloc_pages_node(r->nid, frag_gfp[MIGRATE_MOVABLE], pageblock_order);

		if (!page)
			return got;
		page->private = pageblock_order;
		list_add_tail(&page->lru, &r->huge);
		got++;
	}
}

/* Everything back. */
static void frag_end(struct frag_run *r)
{
	frag_free_list(&r->huge);
	for (int t = 0; t < MIGRATE_PCPTYPES; t++)
		frag_free_list(&r->held[t]);
	if (r->owner)
		movable_owner_free_all(r->owner);
	drain_all_pages(NULL);
}

/* The figures of the work between frag_start() and now, per fill operation. */
static struct result frag_result(const struct frag_run *r)
{
	struct sample s1;
	struct cost c;

	sample_now(&s1);
	c = cost_between(&r->s0, &s1);
	return (struct result){ .ops = r->ops, .have_insns = c.have_insns,
				.insns_per_op = div_round(c.insns, r->ops),
				.tsc_per_op = div_round(c.tsc, r->ops) };
}

static bool bench_frag_reclaim(const struct bench *b)
{
	const pg_data_t *pgdat = NODE_DATA(local_nid);
	unsigned long mixed = 0, ideal, got;
	unsigned long fallbacks = extfrag_events.fallback;
	struct frag_run run;
	struct result res;
	char extra[160];

	frag_start(&run, local_nid, NULL);
	frag_fill(&run);
	/* Pageblocks holding blocks of more than one mobility. */
	memset(frag_block_types, 0, sizeof(frag_block_types));
	for (int t = 0; t < MIGRATE_PCPTYPES; t++) {
		struct page *page;

		list_for_each_entry(page, &run.held[t], lru) {
			nb_frag_note_block(frag_block_types,
					   (page_to_pfn(page) - pgdat->node_start_pfn) >> pageblock_order,
					   (enum nb_frag_type)t);
		}
	}
	mixed = nb_frag_mixed_blocks(frag_block_types);
	/* Reclaim: every movable block goes. */
	run.used -= frag_free_list(&run.held[MIGRATE_MOVABLE]);
	drain_all_pages(NULL);
	ideal = node_free_pages(local_nid) >> pageblock_order;
	got = frag_huge(&run);
	res = frag_result(&run);
	frag_end(&run);
	snprintf(extra, sizeof(extra),
		 " node=%d grouping=%s huge_success_pct=%lu huge_blocks=%lu ideal_blocks=%lu mixed_blocks=%lu fallbacks=%lu",
		 local_nid, page_group_by_mobility_disabled ? "off" : "on",
		 ideal ? got * 100 / ideal : 0, got, ideal, mixed, extfrag_events.fallback - fallbacks);
	report(b->name, &res, extra);
	return true;
}

/*
 * frag_compact: the same fill as frag_reclaim, but the movable blocks are
 * order-0 pages of the in-tree movable owner (mm/movable_owner.c, contents
 * checked after every move); a seeded half of them is freed and the other
 * half kept. Then compact_node() and order-9 movable allocations until one
 * fails: huge_success_pct against free pages / 512 (what the free memory
 * could hold if the kept movable pages were packed away), pages_migrated
 * by compaction (and by direct compaction of the order-9 allocations). The owner's table
 * lives on another node when there is one (else on the local node, where
 * it is allocated before the fill). compaction=off: no compaction.
 */
static bool bench_frag_compact(const struct bench *b)
{
	const int nid = local_nid, table_nid = far_nid;
	const unsigned int tab_order = MAX_PAGE_ORDER;
	struct page *t_pages, *t_gen, *t_pin;
	unsigned long ideal, got, cap, movable = 0, migrated_before, bad;
	struct compact_stats node_stats;
	struct movable_owner owner;
	struct frag_run run;
	struct result res;
	char extra[200];

	t_pages = alloc_pages_node(table_nid, GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN, tab_order);
	t_gen = alloc_pages_node(table_nid, GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN, tab_order);
	t_pin = alloc_pages_node(table_nid, GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN, tab_order - 2);
	if (!t_pages || !t_gen || !t_pin || !page_address(t_pages) || !page_address(t_gen) ||
	    !page_address(t_pin)) {
		if (t_pages)
			__free_pages(t_pages, tab_order);
		if (t_gen)
			__free_pages(t_gen, tab_order);
		if (t_pin)
			__free_pages(t_pin, tab_order - 2);
		report_skip(b->name, "no-lowmem-for-the-owner-table");
		return true;
	}
	cap = min((PAGE_SIZE << tab_order) / sizeof(struct page *), PAGE_SIZE << (tab_order - 2));
	movable_owner_init(&owner, page_address(t_pages), page_address(t_gen), page_address(t_pin), cap);
	frag_start(&run, nid, &owner);
	frag_fill(&run);
	/*
	 * Half the movable pages go (seeded), the other half stays: holes
	 * everywhere, and pages compaction must move out of the way. With all
	 * of them kept, a 90% full node has no room to move them to, and
	 * (free + movable) / 512 blocks could not be had by any allocator.
	 */
	for (unsigned long s = 0; s < owner.nr; s++) {
		if (!owner.pages[s])
			continue;
		if (nb_xorshift64(&run.seed) & 1)
			movable_owner_free(&owner, s);
		else
			movable++;
	}
	drain_all_pages(NULL);
	ideal = node_free_pages(nid) >> pageblock_order;
	memset(&compact_stats, 0, sizeof(compact_stats));
	if (compaction_enabled)
		compact_node(nid);
	node_stats = compact_stats;	/* direct compaction below starts its own */
	migrated_before = global_vm_event(PGMIGRATE_SUCCESS) - node_stats.migrated;
	got = frag_huge(&run);
	res = frag_result(&run);
	bad = movable_owner_verify(&owner) + owner.bad_patterns;
	snprintf(extra, sizeof(extra),
		 " node=%d grouping=%s compaction=%s huge_success_pct=%lu huge_blocks=%lu ideal_blocks=%lu pages_migrated=%lu movable_pages=%lu bad_contents=%lu",
		 nid, page_group_by_mobility_disabled ? "off" : "on", compaction_enabled ? "on" : "off",
		 ideal ? got * 100 / ideal : 0, got, ideal,
		 global_vm_event(PGMIGRATE_SUCCESS) - migrated_before, movable, bad);
	pr_info("frag_compact: compact_node(%d): migrate scanned %lu, free scanned %lu, isolated %lu, migrated %lu, failed %lu\n",
		nid, node_stats.migrate_scanned, node_stats.free_scanned, node_stats.isolated,
		node_stats.migrated, node_stats.failed);
	frag_end(&run);
	__free_pages(t_pages, tab_order);
	__free_pages(t_gen, tab_order);
	__free_pages(t_pin, tab_order - 2);
	drain_all_pages(NULL);
	report(b->name, &res, extra);
	return bad == 0;
}

/* How this kernel runs each kind of benchmark of nb_benches[]. */
static bool (*const bench_kinds[NB_BENCH_NR_KINDS])(const struct bench *b) = {
	[NB_BENCH_PAIR] = bench_pair,
	[NB_BENCH_BATCH_PAGES] = bench_batch,
	[NB_BENCH_BULK] = bench_batch,
	[NB_BENCH_GIGANTIC] = bench_gigantic,
	[NB_BENCH_MEMMAP] = bench_memmap,
	[NB_BENCH_SMP] = bench_smp_throughput,
	[NB_BENCH_DRAIN] = bench_drain,
	[NB_BENCH_FRAG_RECLAIM] = bench_frag_reclaim,
	[NB_BENCH_FRAG_COMPACT] = bench_frag_compact,
};
#define benches	nb_benches

static const char *const mode_names[] = {
	[BENCH_MODE_UNKNOWN] = "unknown", [BENCH_MODE_ICOUNT] = "icount",
	[BENCH_MODE_KVM] = "kvm", [BENCH_MODE_TCG] = "tcg",
};

static bool selected(const struct bench *b)
{
	return (!strcmp(bench_list, "all") &&
		strncmp(b->name, NB_BENCH_BY_NAME_ONLY, strlen(NB_BENCH_BY_NAME_ONLY))) ||
	       param_list_contains(bench_list, b->name);
}

/* Every name in bench= must be a benchmark (or "all"). */
static bool check_names(void)
{
	const char *p = bench_list;
	bool ok = true;

	while (*p) {
		size_t n = strcspn(p, ",");
		bool known = n == 3 && !strncmp(p, "all", 3);

		for (size_t i = 0; i < ARRAY_SIZE(benches) && !known; i++)
			known = strlen(benches[i].name) == n && !strncmp(p, benches[i].name, n);
		if (!known) {
			pr_err("bench: no benchmark '%.*s'\n", (int)n, p);
			ok = false;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	if (!ok) {
		pr_err("bench: the benchmarks are:");
		for (size_t i = 0; i < ARRAY_SIZE(benches); i++)
			pr_cont(" %s", benches[i].name);
		pr_cont("\n");
	}
	return ok;
}

/* The node farthest from @nid by SLIT distance that has memory (ties: lowest id). */
static int farthest_node(int nid)
{
	int best = nid, best_dist = -1;

	for (int n = 0; n < (int)nr_node_ids; n++) {
		if (n == nid || !NODE_DATA(n) || !node_has_memory(n))
			continue;
		if (node_distance(nid, n) > best_dist) {
			best_dist = node_distance(nid, n);
			best = n;
		}
	}
	return best;
}

/*
 * GFP_KERNEL | __GFP_THISNODE for @nid; on i386 a node above lowmem has
 * only ZONE_HIGHMEM, so the remote allocation there asks for highmem too.
 */
static gfp_t remote_gfp(int nid)
{
	const pg_data_t *pgdat = NODE_DATA(nid);

	for (int z = 0; z <= ZONE_NORMAL; z++)
		if (pgdat->node_zones[z].managed_pages)
			return GFP_KERNEL | __GFP_THISNODE;
	return GFP_KERNEL | __GFP_THISNODE | __GFP_HIGHMEM;
}

static void detect_mode(void)
{
	enum bench_mode claimed = BENCH_MODE_UNKNOWN;

	mode = arch_bench_detect(&icount_shift);
	if (mode == BENCH_MODE_KVM && !have_pmu)
		have_pmu = arch_insn_counter_start();
	for (unsigned int m = 0; m < ARRAY_SIZE(mode_names); m++)
		if (bench_mode_param[0] && !strcmp(bench_mode_param, mode_names[m]))
			claimed = (enum bench_mode)m;
	if (claimed != BENCH_MODE_UNKNOWN && claimed != mode)
		pr_warn("bench: bench.mode=%s, but the machine counts as %s (hypervisor '%s'): reporting as %s\n",
			bench_mode_param, mode_names[mode], arch_hypervisor_name(), mode_names[mode]);
}

bool bench_run(void)
{
	unsigned long flags;
	bool ok;

	if (!bench_list[0])
		return true;
	if (!check_names())
		return false;
	flags = arch_irq_save();
	detect_mode();
	local_nid = numa_mem_id();
	far_nid = farthest_node(local_nid);
	far_gfp = remote_gfp(far_nid);
	pr_info("bench: mode %s%s (hypervisor '%s'), %s, median of %d repetitions after a warm-up\n",
		mode_names[mode], mode == BENCH_MODE_ICOUNT ? (icount_shift ? " shift>0" : " shift=0") : "",
		arch_hypervisor_name(),
		mode == BENCH_MODE_ICOUNT ? "the TSC counts instructions" :
		mode == BENCH_MODE_KVM ? (have_pmu ? "TSC cycles, PMU instructions" :
					  "TSC cycles, no PMU: no instruction counts") :
		"the TSC follows the host clock: the figures are noise",
		BENCH_REPS);
	if (mode == BENCH_MODE_ICOUNT && icount_shift)
		pr_info("bench: -icount shift=%u: instructions are TSC ticks >> %u\n",
			icount_shift, icount_shift);

	ok = true;
	for (size_t i = 0; i < ARRAY_SIZE(benches); i++) {
		const struct bench *b = &benches[i];
		unsigned long before;

		if (!selected(b))
			continue;
		before = total_free_pages();
		if (!bench_kinds[b->kind](b))
			ok = false;
		if (total_free_pages() != before) {
			pr_err("bench: %s changed the free page count: %lu before, %lu after\n",
			       b->name, before, total_free_pages());
			ok = false;
		}
	}
	if (validate_free_lists(10)) {
		pr_err("bench: the free lists are inconsistent after the benchmarks\n");
		ok = false;
	}
	arch_irq_restore(flags);
	return ok;
}

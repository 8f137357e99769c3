// SPDX-License-Identifier: GPL-2.0-only
/*
 * nb_bench: numabuddy's benchmarks, run inside Linux (`make bench-linux`).
 *
 * This module is the Linux column of tools/testing/nbtest/nbtest.py bench-linux. It runs the
 * benchmarks of numabuddy's kernel/bench.c through Linux's own page
 * allocator - alloc_pages(), alloc_pages_node(), __free_pages() with
 * GFP_KERNEL - measured the same way, and prints the same lines:
 *
 *   bench: test=NAME ops=N insns_per_op=N [key=value...]
 *
 * The method, kept in step with kernel/bench.c:
 *  - interrupts off (local_irq_save) for all the measurements, one CPU
 *    (the harness boots Linux with -smp 1); preemption is disabled too,
 *    so that the might_resched() inside a GFP_KERNEL allocation can never
 *    schedule with interrupts off;
 *  - a plain RDTSC before and after each repetition; under QEMU's
 *    -icount shift=N the TSC advances 2^N per guest instruction, so the
 *    difference is the number of instructions (the mode is detected as
 *    kernel/bench.c does: the TSC must advance by exactly 2^N per
 *    instruction over loops of known length);
 *  - the loops are the same: a __noinline function per repetition, the
 *    pointer hidden from the compiler between alloc and free, the loop's
 *    own instructions included;
 *  - one warm-up repetition, then BENCH_REPS, and the median of the
 *    per-operation figures (rounded to nearest); spread= when the
 *    repetitions differ;
 *  - the pairs start from the same canonical state: take a block X and a
 *    block Y of the order, give X back and hold Y for the benchmark
 *    ("the pin"), so that the block the pairs use heads its list with its
 *    buddy held. On Linux orders 0-3 and 9 usually come from the per-cpu
 *    lists (that is Linux's fast path, and what is being measured);
 *  - remote_order0_pair allocates on the node farthest (SLIT) from the CPU's
 *    node with GFP_KERNEL | __GFP_THISNODE, as kernel/bench.c does.
 *
 * What a module cannot do is reported as insns_per_op=na skipped=REASON:
 * gigantic needs alloc_contig_pages() (not exported to modules in 6.1;
 * alloc_contig_range() is, but it can sleep - it waits for every CPU's LRU
 * caches to drain, through queued work - so it cannot run with interrupts
 * off, and a sleep under -icount sleep=off warps the TSC by the idle
 * time), drain_all_pages() is
 * not exported either, memmap_init_per_page is a boot-time figure, and the
 * 2/4/8-CPU throughput runs need more than the one CPU Linux brings up
 * under -icount, and frag_compact would need module pages Linux can
 * migrate. frag_reclaim runs with interrupts on (see bench_frag_reclaim()).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/irqflags.h>
#include <linux/preempt.h>
#include <linux/nodemask.h>
#include <linux/topology.h>
#include <linux/string.h>
#include <linux/utsname.h>
#include <asm/msr.h>
#include <asm/processor.h>
/* Copied next to this file by make bench-linux from include/kernel/ and arch/x86/include/asm/. */
#include "bench_common.h"
#include "bench_icount.h"

#define BENCH_REPS	NB_BENCH_REPS
#define BATCH		NB_BENCH_BATCH

static char *bench = "all";
module_param(bench, charp, 0444);
MODULE_PARM_DESC(bench, "all, or a comma-separated list of benchmark names");

/* ---- counting --------------------------------------------------------------- */

enum nb_mode { NB_MODE_UNKNOWN, NB_MODE_ICOUNT, NB_MODE_KVM, NB_MODE_TCG };
static const char *const nb_mode_names[] = { "unknown", "icount", "kvm", "tcg" };

static enum nb_mode mode;
static unsigned int icount_shift;
static char hv_name[13];

static void probe_hypervisor(void)
{
	unsigned int eax, ebx, ecx, edx;

	hv_name[0] = '\0';
	if (!boot_cpu_has(X86_FEATURE_HYPERVISOR))
		return;
	cpuid(0x40000000, &eax, &ebx, &ecx, &edx);
	memcpy(hv_name + 0, &ebx, 4);
	memcpy(hv_name + 4, &ecx, 4);
	memcpy(hv_name + 8, &edx, 4);
	hv_name[12] = '\0';
}

static void detect_mode(void)
{
	probe_hypervisor();
	icount_shift = 0;
	if (!strcmp(hv_name, "KVMKVMKVM"))
		mode = NB_MODE_KVM;
	else if (nb_tsc_counts_instructions(&icount_shift))
		mode = NB_MODE_ICOUNT;
	else if (!strcmp(hv_name, "TCGTCGTCGTCG"))
		mode = NB_MODE_TCG;
	else
		mode = NB_MODE_UNKNOWN;
}

/* Keep the compiler from assuming anything about @p. */
#define hide(p)	asm volatile("" : "+r"(p))

static __always_inline u64 now(void)
{
	u64 t;

	barrier();
	t = rdtsc();
	barrier();
	return t;
}

#define div_round	nb_div_round
#define median		nb_median

struct result {
	u64 ops, per_op, spread;
};

/* Per-operation figures of @n repetitions of @ops operations each: median and max - min. */
static struct result summarise(const u64 *ticks, unsigned int n, u64 ops)
{
	u64 per[BENCH_REPS];
	struct result r = { .ops = ops };
	unsigned int i;

	for (i = 0; i < n; i++)
		per[i] = div_round(ticks[i] >> (mode == NB_MODE_ICOUNT ? icount_shift : 0), ops);
	r.per_op = median(per, n);
	r.spread = per[n - 1] - per[0];
	return r;
}

static void report(const char *name, const struct result *r, const char *extra)
{
	char spread[32] = "";

	if (r->spread)
		snprintf(spread, sizeof(spread), " spread=%llu", r->spread);
	switch (mode) {
	case NB_MODE_ICOUNT:
		printk(KERN_INFO "bench: test=%s ops=%llu insns_per_op=%llu%s%s\n",
		       name, r->ops, r->per_op, spread, extra);
		break;
	case NB_MODE_KVM:
		printk(KERN_INFO "bench: test=%s ops=%llu insns_per_op=na cycles_per_op=%llu%s%s\n",
		       name, r->ops, r->per_op, spread, extra);
		break;
	default:
		printk(KERN_INFO "bench: test=%s ops=%llu insns_per_op=na tsc_per_op=%llu%s%s\n",
		       name, r->ops, r->per_op, spread, extra);
		break;
	}
}

static void report_skip(const char *name, const char *why)
{
	printk(KERN_INFO "bench: test=%s ops=0 insns_per_op=na skipped=%s\n", name, why);
}

static void report_failure(const char *name)
{
	printk(KERN_INFO "bench: test=%s ops=0 insns_per_op=na error=allocation-failed\n", name);
}

/* ---- the benchmarks ----------------------------------------------------------- */


static int local_nid, far_nid;
static const gfp_t far_gfp = GFP_KERNEL | __GFP_THISNODE;

static struct page *one_alloc(const struct nb_bench *b)
{
	return b->remote ? alloc_pages_node(far_nid, far_gfp, b->order) :
			   alloc_pages(GFP_KERNEL, b->order);
}

/* One repetition of alloc+free pairs; false if an allocation failed. */
static noinline bool pair_rep(const struct nb_bench *b, u64 *ticks)
{
	const int nid = far_nid;
	const unsigned int order = b->order;
	unsigned long i;
	u64 t0, t1;

	t0 = now();
	for (i = 0; i < b->iters; i++) {
		struct page *p = b->remote ? alloc_pages_node(nid, far_gfp, order) :
					     alloc_pages(GFP_KERNEL, order);
		if (unlikely(!p))
			break;
		hide(p);
		__free_pages(p, order);
	}
	t1 = now();
	*ticks = t1 - t0;
	return i == b->iters;
}

static bool run_pairs(const struct nb_bench *b, struct result *r)
{
	u64 reps[BENCH_REPS], warm;
	bool ok;
	int i;

	ok = pair_rep(b, &warm);
	for (i = 0; i < BENCH_REPS && ok; i++)
		ok = pair_rep(b, &reps[i]);
	if (ok)
		*r = summarise(reps, BENCH_REPS, b->iters);
	return ok;
}

static bool bench_pair(const struct nb_bench *b)
{
	struct page *x, *pin;
	struct result r;
	bool ok;

	if (b->remote && far_nid == local_nid) {
		report_skip(b->name, "single-node");
		return true;
	}
	/* The canonical state: X is given back, its buddy (or another block) Y is held. */
	x = one_alloc(b);
	pin = x ? one_alloc(b) : NULL;
	if (x)
		__free_pages(x, b->order);
	if (!pin) {
		report_failure(b->name);
		return false;
	}
	ok = run_pairs(b, &r);
	__free_pages(pin, b->order);
	if (!ok) {
		report_failure(b->name);
		return false;
	}
	if (b->remote) {
		char extra[32];

		snprintf(extra, sizeof(extra), " node=%d from=%d", far_nid, local_nid);
		report(b->name, &r, extra);
	} else {
		report(b->name, &r, "");
	}
	return true;
}

static struct page *batch_pages[BATCH];

/*
 * b->iters order-0 pages allocated, then freed: one page at a time
 * (order0_batch1024), or with one alloc_pages_bulk_array() (order0_bulk).
 * Linux 6.1 has no bulk free of an array of pages that a module can call
 * (release_pages() wants pages of the LRU's kind), so order0_bulk's free
 * is __free_pages() in a loop.
 */
static noinline bool batch_rep(const struct nb_bench *b, u64 *alloc, u64 *free)
{
	unsigned long i, n, nr = b->iters;
	u64 t0, t1, t2;

	if (b->kind == NB_BENCH_BULK) {
		memset(batch_pages, 0, nr * sizeof(batch_pages[0]));
		t0 = now();
		n = alloc_pages_bulk_array(GFP_KERNEL, nr, batch_pages);
		t1 = now();
	} else {
		t0 = now();
		for (i = 0; i < nr; i++) {
			struct page *p = alloc_pages(GFP_KERNEL, 0);

			if (unlikely(!p))
				break;
			batch_pages[i] = p;
		}
		t1 = now();
		n = i;
	}
	for (i = 0; i < n; i++)
		__free_pages(batch_pages[i], 0);
	t2 = now();
	*alloc = t1 - t0;
	*free = t2 - t1;
	return n == nr;
}

static bool bench_batch(const struct nb_bench *b)
{
	u64 a[BENCH_REPS], f[BENCH_REPS], both[BENCH_REPS], wa, wf;
	struct result ra, rf, r;
	char extra[64];
	int i;

	if (b->iters > BATCH || !batch_rep(b, &wa, &wf))
		goto fail;
	for (i = 0; i < BENCH_REPS; i++) {
		if (!batch_rep(b, &a[i], &f[i]))
			goto fail;
		both[i] = a[i] + f[i];
	}
	ra = summarise(a, BENCH_REPS, b->iters);
	rf = summarise(f, BENCH_REPS, b->iters);
	r = summarise(both, BENCH_REPS, b->iters);
	snprintf(extra, sizeof(extra), " alloc_per_page=%llu free_per_page=%llu",
		 ra.per_op, rf.per_op);
	report(b->name, &r, extra);
	return true;
fail:
	report_failure(b->name);
	return false;
}

/*
 * smp_throughput_1cpu: the SMP throughput benchmark on one CPU, order-0
 * alloc+free pairs back to back, with no canonical-state set-up (the
 * state is whatever the previous benchmarks left, as it is for every CPU
 * of the 2-8 CPU runs). With one CPU there is no contention: this is
 * the single-CPU baseline of the family. The definition must stay in step
 * with kernel/bench.c's.
 */
static bool bench_throughput(const struct nb_bench *b)
{
	struct nb_bench one = *b;	/* .order is the CPU count: the pairs are order 0 */
	struct result r;

	one.order = 0;
	if (b->order > 1) {
		report_skip(b->name, "linux-boots-one-cpu-under-icount");
		return true;
	}
	if (!run_pairs(&one, &r)) {
		report_failure(b->name);
		return false;
	}
	report(b->name, &r, " cpus=1");
	return true;
}

/*
 * frag_reclaim (issue 14), kernel/bench.c's workload on Linux: the same
 * seeded fill (bench_common.h) of the local node to 90% of its free pages
 * with module-owned blocks of order 0 to 3 - GFP_HIGHUSER_MOVABLE 80%,
 * GFP_KERNEL 15%, GFP_KERNEL | __GFP_RECLAIMABLE 5%, all __GFP_THISNODE -
 * over four rounds; mixed_blocks counted from the blocks held at the end of
 * the fill, as ours counts them; every movable block freed ("reclaim"),
 * then order-9 GFP_HIGHUSER_MOVABLE blocks with __GFP_NORETRY until one
 * fails: huge_success_pct against NR_FREE_PAGES / 512 at that point.
 *
 * Unlike the other benchmarks it runs with interrupts and preemption on:
 * an order-9 allocation that misses the free lists enters Linux's slow
 * path - direct compaction and reclaim, which sleep - exactly what the
 * workload is about. So the TSC figure includes interrupts and whatever
 * else ran: insns_per_op=na, with the fill's count in ops=. Linux has no
 * drain_all_pages() for modules: pages on the per-cpu lists are not in
 * NR_FREE_PAGES, so the ideal count leaves them out (the allocator's slow
 * path drains them before it gives up, so they can count for Linux).
 */
static const gfp_t frag_gfp[NB_FRAG_NR_TYPES] = {
	[NB_FRAG_UNMOVABLE] = GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN,
	[NB_FRAG_MOVABLE] = GFP_HIGHUSER_MOVABLE | __GFP_THISNODE | __GFP_NOWARN,
	[NB_FRAG_RECLAIMABLE] = GFP_KERNEL | __GFP_RECLAIMABLE | __GFP_THISNODE | __GFP_NOWARN,
};

static unsigned char frag_block_types[NB_FRAG_MAX_BLOCKS];

static unsigned long node_free_pages(int nid)
{
	unsigned long n = 0;
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++)
		n += zone_page_state(&NODE_DATA(nid)->node_zones[z], NR_FREE_PAGES);
	return n;
}

/* Free every block on @list (order in page->private); returns the pages. */
static unsigned long frag_free_list(struct list_head *list)
{
	unsigned long pages = 0;

	while (!list_empty(list)) {
		struct page *page = list_first_entry(list, struct page, lru);
		unsigned int order = page_private(page);

		list_del(&page->lru);
		set_page_private(page, 0);
		pages += 1UL << order;
		__free_pages(page, order);
	}
	return pages;
}

static bool bench_frag_reclaim(const struct nb_bench *b)
{
	const int nid = local_nid;
	struct list_head held[NB_FRAG_NR_TYPES], huge;
	unsigned long used = 0, target, ops = 0, mixed, ideal, got = 0;
	u64 seed = NB_FRAG_SEED, t0, t1;
	char extra[160];
	int round, t;

	BUILD_BUG_ON((int)NB_FRAG_UNMOVABLE != MIGRATE_UNMOVABLE || (int)NB_FRAG_MOVABLE != MIGRATE_MOVABLE ||
		     (int)NB_FRAG_RECLAIMABLE != MIGRATE_RECLAIMABLE || pageblock_order != 9);
	for (t = 0; t < NB_FRAG_NR_TYPES; t++)
		INIT_LIST_HEAD(&held[t]);
	INIT_LIST_HEAD(&huge);
	target = node_free_pages(nid) / 100 * NB_FRAG_FILL_PCT;
	t0 = now();
	for (round = 0; round < NB_FRAG_ROUNDS; round++) {
		for (t = 0; round && t < NB_FRAG_NR_TYPES; t++) {
			struct page *page, *next;

			list_for_each_entry_safe(page, next, &held[t], lru) {
				if (!nb_frag_drop(&seed))
					continue;
				list_del(&page->lru);
				used -= 1UL << page_private(page);
				__free_pages(page, page_private(page));
			}
		}
		while (used < target) {
			unsigned int order;
			enum nb_frag_type type = nb_frag_pick(&seed, &order);
			struct page *page;

			ops++;
			page = alloc_pages_node(nid, frag_gfp[type], order);
			if (!page)
				break;	/* the node is fuller than its free count said */
			set_page_private(page, order);
			list_add_tail(&page->lru, &held[type]);
			used += 1UL << order;
		}
		cond_resched();
	}
	t1 = now();
	memset(frag_block_types, 0, sizeof(frag_block_types));
	for (t = 0; t < NB_FRAG_NR_TYPES; t++) {
		struct page *page;

		list_for_each_entry(page, &held[t], lru)
			nb_frag_note_block(frag_block_types,
					   (page_to_pfn(page) - node_start_pfn(nid)) >> pageblock_order, t);
	}
	mixed = nb_frag_mixed_blocks(frag_block_types);
	/* Reclaim: every movable block goes. */
	frag_free_list(&held[NB_FRAG_MOVABLE]);
	ideal = node_free_pages(nid) >> pageblock_order;
	for (;;) {
		struct page *page = alloc_pages_node(nid, frag_gfp[NB_FRAG_MOVABLE] | __GFP_NORETRY,
						     pageblock_order);

		if (!page)
			break;
		set_page_private(page, pageblock_order);
		list_add_tail(&page->lru, &huge);
		got++;
	}
	frag_free_list(&huge);
	for (t = 0; t < NB_FRAG_NR_TYPES; t++)
		frag_free_list(&held[t]);
	snprintf(extra, sizeof(extra),
		 " node=%d grouping=on huge_success_pct=%lu huge_blocks=%lu ideal_blocks=%lu mixed_blocks=%lu",
		 nid, ideal ? got * 100 / ideal : 0, got, ideal, mixed);
	printk(KERN_INFO "bench: test=%s ops=%lu insns_per_op=na fill_tsc=%llu interrupts=on%s\n",
	       b->name, ops, t1 - t0, extra);
	return true;
}

/* What a module cannot measure: insns_per_op=na and the reason. */
static const char *const kind_skipped[NB_BENCH_NR_KINDS] = {
	[NB_BENCH_GIGANTIC] = "alloc_contig_pages-not-exported",
	[NB_BENCH_MEMMAP] = "boot-time-not-measurable-from-a-module",
	[NB_BENCH_DRAIN] = "drain_all_pages-not-exported",
	/* Issue 14's frag_compact cannot be ported: module-owned pages are not migratable in Linux. */
	[NB_BENCH_FRAG_COMPACT] = "module-pages-are-not-migratable",
};

static bool run_one(const struct nb_bench *b)
{
	switch (b->kind) {
	case NB_BENCH_PAIR:
		return bench_pair(b);
	case NB_BENCH_BATCH_PAGES:
	case NB_BENCH_BULK:
		return bench_batch(b);
	case NB_BENCH_SMP:
		return bench_throughput(b);
	case NB_BENCH_FRAG_RECLAIM:
		return bench_frag_reclaim(b);
	default:
		report_skip(b->name, kind_skipped[b->kind]);
		return true;
	}
}

/* The node with memory farthest from @nid by SLIT distance (ties: the lowest id). */
static int farthest_node(int nid)
{
	int best = nid, best_dist = -1, n;

	for_each_node_state(n, N_MEMORY) {
		if (n == nid)
			continue;
		if (node_distance(nid, n) > best_dist) {
			best_dist = node_distance(nid, n);
			best = n;
		}
	}
	return best;
}

static int __init nb_bench_init(void)
{
	unsigned long flags;
	bool ok = true;
	size_t i;

	preempt_disable();
	local_irq_save(flags);
	detect_mode();
	local_nid = numa_node_id();
	far_nid = farthest_node(local_nid);
	printk(KERN_INFO "bench: mode %s%s (hypervisor '%s'), Linux %s, cpu %d on node %d, median of %d repetitions after a warm-up\n",
	       nb_mode_names[mode],
	       mode == NB_MODE_ICOUNT ? (icount_shift ? " shift>0" : " shift=0") : "",
	       hv_name, init_utsname()->release, smp_processor_id(), local_nid, BENCH_REPS);
	for (i = 0; i < NB_BENCH_COUNT; i++) {
		const bool sleeps = nb_benches[i].kind == NB_BENCH_FRAG_RECLAIM;

		if (!nb_bench_listed(bench, nb_benches[i].name))
			continue;
		if (sleeps) {	/* its slow path compacts and reclaims */
			local_irq_restore(flags);
			preempt_enable();
		}
		if (!run_one(&nb_benches[i]))
			ok = false;
		if (sleeps) {
			preempt_disable();
			local_irq_save(flags);
		}
	}
	local_irq_restore(flags);
	preempt_enable();
	printk(KERN_INFO "bench: done status=%s\n", ok ? "ok" : "failed");
	return 0;
}

static void __exit nb_bench_exit(void)
{
}

module_init(nb_bench_init);
module_exit(nb_bench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("numabuddy's page allocator benchmarks, run on Linux (make bench-linux)");

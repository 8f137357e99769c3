// SPDX-License-Identifier: GPL-2.0-only
/*
 * Replaying a Linux page-allocation trace (the explicit self-test suite
 * `replay`: selftest=replay).
 *
 * The trace (include/mm/replay_trace.h) is a boot module: QEMU -initrd
 * (multiboot1), GRUB module2, or the UEFI loader's replay.nbt. Its pages are
 * reserved in memblock with the other boot data (reserve_boot_memory()) and
 * read in place, page by page, through the direct map or kmap_atomic_pfn()
 * (i386 highmem), so a trace of any size that the machine holds can be
 * replayed.
 *
 * Rules:
 *  - an allocation is replayed with the traced order and gfp flags (plus
 *    __GFP_NOWARN: a failure is counted, not dumped), on the node chosen by
 *    replay.node= (cpu: the node of CPU (traced CPU mod online CPUs), which
 *    is the local node of the CPU it runs on unless replay.cpus=one; pfn:
 *    the node of the traced pfn in the trace's node ranges);
 *  - the traced pfn is a handle: a hash table (sized from the trace's
 *    allocation count, load <= 1/2) maps it to the block the replay got;
 *  - a free of a handle frees that block; a free of part of it (Linux's
 *    split_page(), alloc_pages_exact()) is counted and the block is freed
 *    once all its pages were; a free of a pfn the replay does not hold
 *    (allocated before tracing began) is skipped and counted;
 *  - an allocation of a handle still held means Linux freed it without a
 *    trace line: the held block is freed first, and that is counted;
 *  - events run in trace order, each on CPU (traced CPU mod online CPUs),
 *    or all on CPU 0 with replay.cpus=one: the boot CPU hands each run of
 *    events for one CPU to it with smp_call_function_single() and waits
 *    (lock-step), so the order is the trace's and the result deterministic.
 *
 * Every replay.interval= events (default 1% of the trace) the replay stops
 * at a fixed point: every CPU is idle (lock-step), nothing is drained. It
 * checks its invariants (no page lost: free pages on buddy and per-cpu
 * lists plus the pages it holds equal the free pages it started with; the
 * validator is clean) and prints, per node and zone, lines the host parses
 * (tools/replay/report.py):
 *
 *   replay-fp: ev=E node=N zone=Z free=f0,..,f10 mt=U:n,..;M:..;R:.. pcp=P held=H
 *              unusable9=X mixed=M blocks=B
 *   replay-pb: ev=E node=N zone=Z start=0xPFN map=<2 characters per pageblock>
 *
 * free: free blocks per order on the buddy lists (buddyinfo); mt: free
 * pages per migratetype; unusable9: Linux's unusable free space index at
 * order 9, in thousandths; mixed: pageblocks holding replayed pages of a
 * migratetype other than the pageblock's; map: per pageblock its
 * migratetype's letter (U M R H I; lower case when mixed) and how much of
 * it is in use ('0'..'9' tenths, 'A' all), "--" where the pageblock has no
 * page of the zone.
 */
#include <kernel/types.h>
#include <kernel/printk.h>
#include <kernel/params.h>
#include <kernel/ktest.h>
#include <kernel/report.h>
#include <kernel/panic.h>
#include <lib/string.h>
#include <lib/parse.h>
#include <arch/boot.h>
#include <arch/bench.h>
#include <arch/cpu.h>
#include <arch/smp.h>
#include <arch/highmem.h>
#include <mm/gfp.h>
#include <mm/mmzone.h>
#include <mm/memory_model.h>
#include <mm/page_alloc.h>
#include <mm/vmstat.h>
#include <mm/numa.h>
#include <mm/replay_trace.h>

/* ---- parameters -------------------------------------------------------------- */

static bool replay_one_cpu;		/* replay.cpus=one */
static bool replay_node_pfn;		/* replay.node=pfn */
static u64 replay_interval;		/* replay.interval=N (0: 1% of the trace) */
static bool replay_maps = true;		/* replay.maps=0: no pageblock maps at fixed points */

static int parse_replay_cpus(const char *val)
{
	return param_either(val, "all", "one", &replay_one_cpu);
}
__setup("replay.cpus", parse_replay_cpus);

static int parse_replay_node(const char *val)
{
	return param_either(val, "cpu", "pfn", &replay_node_pfn);
}
__setup("replay.node", parse_replay_node);

static int parse_replay_interval(const char *val)
{
	return param_positive(val, &replay_interval);
}
__setup("replay.interval", parse_replay_interval);

static int parse_replay_maps(const char *val)
{
	return param_either(val, "0", "1", &replay_maps);
}
__setup("replay.maps", parse_replay_maps);

/* ---- the module ------------------------------------------------------------- */

struct replay_module {
	u64 start, end;		/* physical */
};

/* Reads through the direct map (lowmem) or a kmap_atomic() slot, a page at a time. */
static int module_read(void *ctx, u64 off, void *buf, u32 len)
{
	const struct replay_module *m = ctx;
	u8 *dst = buf;

	if (off > m->end - m->start || len > m->end - m->start - off)
		return -EIO;
	while (len) {
		u64 pa = m->start + off;
		unsigned long pfn = (unsigned long)(pa >> PAGE_SHIFT);
		u32 in = (u32)(pa & (PAGE_SIZE - 1));
		u32 n = len < PAGE_SIZE - in ? len : (u32)PAGE_SIZE - in;
		bool low = pfn_is_lowmem(pfn);
		u8 *p = low ? lowmem_pfn_to_virt(pfn) : kmap_atomic_pfn(pfn);

		if (!p)
			return -EIO;
		memcpy(dst, p + in, n);
		if (!low)
			kunmap_atomic(p);
		dst += n;
		off += n;
		len -= n;
	}
	return 0;
}

/* The first boot module that starts with the trace magic. */
static bool find_trace_module(struct replay_module *m)
{
	for (u32 i = 0; i < boot_info.nr_modules; i++) {
		char magic[8];

		m->start = boot_info.modules[i].start;
		m->end = boot_info.modules[i].end;
		if (m->end > m->start && m->end - m->start >= 8 && !module_read(m, 0, magic, 8) &&
		    !memcmp(magic, "NBTRACE", 8)) {
			pr_info("replay: trace module %u [mem %#llx-%#llx] %s\n", i,
				(unsigned long long)m->start, (unsigned long long)m->end - 1,
				boot_info.modules[i].cmdline);
			return true;
		}
	}
	return false;
}

/* ---- handles: traced pfn -> the block the replay got ------------------------ */

struct handle {
	u64 key;		/* traced pfn + 1; 0: empty slot */
	struct page *page;
	u32 freed;		/* pages of the block freed so far (partial frees) */
	u8 order;
	u8 mt;			/* the allocation's migratetype (gfp rules) */
} __aligned(32);

#define HANDLES_PER_PAGE	(PAGE_SIZE / sizeof(struct handle))
_Static_assert(sizeof(struct handle) == 32, "a handle is 32 bytes: a power of two per page");

struct handle_table {
	struct handle **pages;	/* directory */
	struct page *dir_page;
	unsigned int dir_order;
	u64 nr_pages;
	u64 mask;		/* capacity - 1 */
	unsigned int bits;
	u64 used;
};

static struct handle *slot(struct handle_table *h, u64 i)
{
	return &h->pages[i / HANDLES_PER_PAGE][i % HANDLES_PER_PAGE];
}

static u64 hash_pfn(const struct handle_table *h, u64 key)
{
	return (key * 0x9e3779b97f4a7c15ULL) >> (64 - h->bits);
}

static unsigned int order_for_bytes(u64 bytes)
{
	unsigned int o = 0;

	while ((PAGE_SIZE << o) < bytes)
		o++;
	return o;
}

static void handles_free(struct handle_table *h)
{
	for (u64 i = 0; h->pages && i < h->nr_pages; i++)
		if (h->pages[i])
			free_pages((unsigned long)h->pages[i], 0);
	if (h->dir_page)
		__free_pages(h->dir_page, h->dir_order);
	memset(h, 0, sizeof(*h));
}

/* Room for @n handles at load <= 1/2. Lowmem pages (kernel addresses). */
static bool handles_init(struct handle_table *h, u64 n)
{
	u64 cap = 2 * HANDLES_PER_PAGE;

	memset(h, 0, sizeof(*h));
	h->bits = 0;
	while (cap < 2 * n)
		cap <<= 1;
	while ((1ULL << h->bits) < cap)
		h->bits++;
	h->mask = cap - 1;
	h->nr_pages = cap / HANDLES_PER_PAGE;
	h->dir_order = order_for_bytes(h->nr_pages * sizeof(void *));
	if (h->dir_order > MAX_PAGE_ORDER)
		return false;
	h->dir_page = alloc_pages(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN, h->dir_order);
	if (!h->dir_page)
		return false;
	h->pages = page_address(h->dir_page);
	for (u64 i = 0; i < h->nr_pages; i++) {
		h->pages[i] = (void *)__get_free_pages(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN, 0);
		if (!h->pages[i]) {
			handles_free(h);
			return false;
		}
	}
	return true;
}

static struct handle *handle_find(struct handle_table *h, u64 pfn)
{
	u64 key = pfn + 1;

	for (u64 i = hash_pfn(h, key);; i = (i + 1) & h->mask) {
		struct handle *e = slot(h, i);
		if (!e->key)
			return NULL;
		if (e->key == key)
			return e;
	}
}

static struct handle *handle_insert(struct handle_table *h, u64 pfn)
{
	u64 key = pfn + 1;

	BUG_ON(h->used >= h->mask / 2 + 1);	/* sized for every allocation of the trace */
	for (u64 i = hash_pfn(h, key);; i = (i + 1) & h->mask) {
		struct handle *e = slot(h, i);
		if (!e->key) {
			e->key = key;
			h->used++;
			return e;
		}
	}
}

/* Linear probing's deletion: shift later entries of the run back into the hole. */
static void handle_remove(struct handle_table *h, struct handle *victim)
{
	u64 i = 0;

	for (u64 k = hash_pfn(h, victim->key);; k = (k + 1) & h->mask)
		if (slot(h, k) == victim) {
			i = k;
			break;
		}
	for (u64 j = (i + 1) & h->mask;; j = (j + 1) & h->mask) {
		struct handle *e = slot(h, j);
		if (!e->key)
			break;
		u64 home = hash_pfn(h, e->key);
		/* e may move to i if its home is not in (i, j] cyclically. */
		bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
		if (stays)
			continue;
		*slot(h, i) = *e;
		i = j;
	}
	memset(slot(h, i), 0, sizeof(struct handle));
	h->used--;
}

/* ---- the replay's state ------------------------------------------------------ */

#define ZONE_SLOTS	(MAX_NUMNODES * MAX_NR_ZONES)

struct replay_stats {
	u64 events, applied, skipped_free_untracked, failed_alloc;
	u64 allocs, frees, free_partial, free_order_mismatch, realloc_held;
	u64 node_unmapped;		/* replay.node=pfn: traced pfn in no range/node here */
	u64 fixed_points, invariant_failures;
	u64 held_pages, held_pages_max;
};

struct replay {
	struct replay_trace trace;
	struct replay_module module;
	struct handle_table handles;
	struct replay_stats st;
	unsigned int nr_cpus;		/* CPUs used */
	u64 interval;
	unsigned long baseline_free;	/* free pages (buddy + pcp) before the first event */
	unsigned long baseline_counts[ZONE_SLOTS][NR_PAGE_ORDERS];	/* drained */
	unsigned long end_counts[ZONE_SLOTS][NR_PAGE_ORDERS];	/* too big for the stack */
	long zone_held[ZONE_SLOTS];
	/* Per pageblock (pfn >> pageblock_order): replayed pages held per migratetype. */
	u16 (*pb_held)[MIGRATE_TYPES];
	u16 *pb_free;			/* scratch: free pages per pageblock */
	struct page *pb_page;
	unsigned int pb_order;
	unsigned long nr_pb;
};

static struct replay R;

static int zone_slot(const struct zone *z)
{
	return z->node * MAX_NR_ZONES + zone_idx(z);
}

/* Linux's gfp_migratetype(). */
static u8 gfp_migratetype_of(u32 gfp)
{
	const u32 movable = 0x08, reclaimable = 0x10;	/* Linux 6.1's bits */

	if ((gfp & (movable | reclaimable)) == movable)
		return MIGRATE_MOVABLE;
	if ((gfp & (movable | reclaimable)) == reclaimable)
		return MIGRATE_RECLAIMABLE;
	return MIGRATE_UNMOVABLE;
}

/*
 * The migratetype of @pfn's pageblock. The allocator keeps no pageblock
 * bits yet, and reports every pageblock as Movable (pagetypeinfo_show()):
 * so does this. When mobility grouping lands, this becomes
 * get_pageblock_migratetype(pfn_to_page(pfn)) and every figure below
 * (mixed blocks, the maps) follows.
 */
static int replay_pageblock_migratetype(unsigned long pfn)
{
	(void)pfn;
	return MIGRATE_MOVABLE;
}

static void account_held(struct page *page, unsigned int order, u8 mt, long sign)
{
	unsigned long pfn = page_to_pfn(page), n = 1UL << order;

	R.zone_held[zone_slot(page_zone(page))] += sign * (long)n;
	R.st.held_pages += (u64)(sign * (long)n);
	if (R.st.held_pages > R.st.held_pages_max)
		R.st.held_pages_max = R.st.held_pages;
	if (!R.pb_held)
		return;
	for (unsigned long p = pfn; p < pfn + n; p += pageblock_nr_pages) {
		unsigned long pb = p >> pageblock_order;
		unsigned long in = n < pageblock_nr_pages ? n : pageblock_nr_pages;
		if (pb < R.nr_pb)
			R.pb_held[pb][mt] = (u16)(R.pb_held[pb][mt] + sign * (long)in);
	}
}

static void release(struct handle *e)
{
	account_held(e->page, e->order, e->mt, -1);
	__free_pages(e->page, e->order);
	handle_remove(&R.handles, e);
}

/* One event, on the CPU it was dispatched to. */
static void replay_one(const struct replay_event *ev)
{
	struct handle *e;

	if (ev->type == REPLAY_EV_ALLOC) {
		int nid = NUMA_NO_NODE;
		struct page *page;

		R.st.allocs++;
		e = handle_find(&R.handles, ev->pfn);
		if (e) {
			/* Linux freed the pfn without a trace line: so do we. */
			R.st.realloc_held++;
			release(e);
		}
		if (replay_node_pfn) {
			nid = replay_trace_pfn_node(&R.trace, ev->pfn);
			if (nid < 0 || nid >= (int)nr_node_ids || !node_has_memory(nid)) {
				R.st.node_unmapped++;
				nid = NUMA_NO_NODE;
			}
		} else if (replay_one_cpu) {
			/* The node of the CPU the event would have run on. */
			nid = cpu_to_node(ev->cpu % R.nr_cpus);
			if (!node_has_memory(nid))
				nid = NUMA_NO_NODE;
		}
		if (ev->order > MAX_PAGE_ORDER)
			page = NULL;
		else
			page = alloc_pages_node(nid, ev->gfp | __GFP_NOWARN, ev->order);
		if (!page) {
			R.st.failed_alloc++;
			return;
		}
		e = handle_insert(&R.handles, ev->pfn);
		e->page = page;
		e->order = ev->order;
		e->freed = 0;
		e->mt = gfp_migratetype_of(ev->gfp);
		account_held(page, ev->order, e->mt, 1);
		R.st.applied++;
		return;
	}

	R.st.frees++;
	e = handle_find(&R.handles, ev->pfn);
	if (e && e->order == ev->order) {
		release(e);
		R.st.applied++;
		return;
	}
	if (e && ev->order > e->order) {
		R.st.free_order_mismatch++;
		release(e);
		R.st.applied++;
		return;
	}
	if (!e) {
		/* Part of a larger held block? Look for its head at each alignment. */
		for (unsigned int o = 1; o <= REPLAY_MAX_ORDER && !e; o++) {
			struct handle *h = handle_find(&R.handles, ev->pfn & ~((1ULL << o) - 1));
			if (h && h->order >= o && ev->pfn + (1ULL << ev->order) <=
			    (h->key - 1) + (1ULL << h->order))
				e = h;
		}
		if (!e) {
			R.st.skipped_free_untracked++;
			return;
		}
	}
	/* A part of the block: freed when all its pages were. */
	R.st.free_partial++;
	R.st.applied++;
	e->freed += 1U << ev->order;
	if (e->freed >= 1U << e->order)
		release(e);
}

struct run {
	u64 first, end;
	int err;
};

static void replay_run(void *info)
{
	struct run *r = info;

	for (u64 i = r->first; i < r->end; i++) {
		struct replay_event ev;

		if (replay_trace_get(&R.trace, i, &ev)) {
			r->err = -EIO;
			return;
		}
		R.st.events++;
		replay_one(&ev);
	}
}

static unsigned int event_cpu(u16 traced)
{
	return replay_one_cpu ? 0 : traced % R.nr_cpus;
}

/* ---- fixed points -------------------------------------------------------------- */

static unsigned long all_free_pages(void)
{
	unsigned long n = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		n += zone_free_pages_total(zone);
	return n;
}

static const char mt_letter[] = "UMRHI";

/* Free pages per pageblock of @zone, from its buddy and per-cpu lists (quiet allocator). */
static void count_pageblock_free(struct zone *zone)
{
	unsigned long flags;
	unsigned int cpu;

	spin_lock_irqsave(&zone->lock, flags);
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		for (int t = 0; t < MIGRATE_TYPES; t++) {
			struct page *page;
			list_for_each_entry(page, &zone->free_area[o].free_list[t], lru) {
				unsigned long pfn = page_to_pfn(page), n = 1UL << o;
				for (unsigned long p = pfn; p < pfn + n; p += pageblock_nr_pages)
					if ((p >> pageblock_order) < R.nr_pb)
						R.pb_free[p >> pageblock_order] += (u16)(n < pageblock_nr_pages ?
										n : pageblock_nr_pages);
			}
		}
	spin_unlock_irqrestore(&zone->lock, flags);
	for_each_possible_cpu(cpu) {
		struct per_cpu_pages *pcp = per_cpu_ptr(zone->per_cpu_pageset, cpu);
		unsigned long f = pcp_lock_irqsave(pcp);
		for (unsigned int o = 0; o < NR_PCP_LISTS; o++) {
			struct page *page;
			list_for_each_entry(page, &pcp->lists[o], lru)
				if ((page_to_pfn(page) >> pageblock_order) < R.nr_pb)
					R.pb_free[page_to_pfn(page) >> pageblock_order] += (u16)(1U << o);
		}
		pcp_unlock_irqrestore(pcp, f);
	}
}

/* Does @pb (a pageblock index) hold any page of @zone? */
static bool pageblock_in_zone(unsigned long pb, const struct zone *zone)
{
	unsigned long start = pb << pageblock_order;

	for (unsigned long p = start; p < start + pageblock_nr_pages; p++)
		if (zone_spans_pfn(zone, p) && pfn_valid(p) && !page_memmap_poisoned(pfn_to_page(p)) &&
		    page_zone(pfn_to_page(p)) == zone && !PageHole(pfn_to_page(p)))
			return true;
	return false;
}

static bool pageblock_mixed(unsigned long pb)
{
	int type = replay_pageblock_migratetype(pb << pageblock_order);

	for (int t = 0; t < MIGRATE_TYPES; t++)
		if (t != type && R.pb_held[pb][t])
			return true;
	return false;
}

static void fixed_point(u64 ev)
{
	struct zone *zone;
	unsigned long free_now = all_free_pages();
	unsigned long bad = validate_free_lists(8);

	R.st.fixed_points++;
	if (bad || free_now + R.st.held_pages != R.baseline_free) {
		R.st.invariant_failures++;
		pr_err("replay: fixed point at event %llu: %lu validator violations, free %lu + held %llu != %lu at the start\n",
		       (unsigned long long)ev, bad, free_now, (unsigned long long)R.st.held_pages,
		       R.baseline_free);
	}
	for_each_populated_zone(zone) {
		unsigned long counts[NR_PAGE_ORDERS], mt[MIGRATE_TYPES] = { 0 };
		unsigned long flags, mixed = 0, blocks = 0;
		unsigned long pb0, pb1;

		spin_lock_irqsave(&zone->lock, flags);
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
			counts[o] = zone->free_area[o].nr_free;
			for (int t = 0; t < MIGRATE_TYPES; t++) {
				struct list_head *pos;
				list_for_each(pos, &zone->free_area[o].free_list[t])
					mt[t] += 1UL << o;
			}
		}
		spin_unlock_irqrestore(&zone->lock, flags);
		pb0 = zone->zone_start_pfn >> pageblock_order;
		pb1 = (zone_end_pfn(zone) + pageblock_nr_pages - 1) >> pageblock_order;
		if (R.pb_held) {
			for (unsigned long pb = pb0; pb < pb1 && pb < R.nr_pb; pb++) {
				R.pb_free[pb] = 0;
				if (pageblock_in_zone(pb, zone)) {
					blocks++;
					mixed += pageblock_mixed(pb);
				}
			}
		}
		printk_raw("replay-fp: ev=%llu node=%d zone=%s free=", (unsigned long long)ev, zone->node,
			   zone->name);
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
			printk_raw("%s%lu", o ? "," : "", counts[o]);
		printk_raw(" mt=");
		for (int t = 0; t < MIGRATE_TYPES; t++)
			printk_raw("%s%c:%lu", t ? ";" : "", mt_letter[t], mt[t]);
		printk_raw(" pcp=%lu held=%ld unusable9=%lu mixed=%lu blocks=%lu\n",
			   zone_pcp_pages(zone), R.zone_held[zone_slot(zone)],
			   (unsigned long)zone_unusable_index(zone, pageblock_order), mixed, blocks);
		if (!R.pb_held || !replay_maps)
			continue;
		count_pageblock_free(zone);
		printk_raw("replay-pb: ev=%llu node=%d zone=%s start=%#lx map=", (unsigned long long)ev,
			   zone->node, zone->name, pb0 << pageblock_order);
		char chunk[2 * 64 + 1];
		unsigned int len = 0;
		for (unsigned long pb = pb0; pb < pb1; pb++) {
			if (pb >= R.nr_pb || !pageblock_in_zone(pb, zone)) {
				chunk[len++] = '-';
				chunk[len++] = '-';
			} else {
				int type = replay_pageblock_migratetype(pb << pageblock_order);
				unsigned long used = pageblock_nr_pages - R.pb_free[pb];
				char c = mt_letter[type];
				if (pageblock_mixed(pb))
					c = (char)(c - 'A' + 'a');
				chunk[len++] = c;
				chunk[len++] = used >= pageblock_nr_pages ? 'A' :
					(char)('0' + used * 10 / pageblock_nr_pages);
			}
			if (len == sizeof(chunk) - 1) {
				chunk[len] = '\0';
				printk_raw("%s", chunk);
				len = 0;
			}
		}
		chunk[len] = '\0';
		printk_raw("%s\n", chunk);
	}
}

/* ---- the run ------------------------------------------------------------------- */

static void snapshot_drained(unsigned long counts[ZONE_SLOTS][NR_PAGE_ORDERS])
{
	struct zone *zone;

	memset(counts, 0, sizeof(unsigned long) * ZONE_SLOTS * NR_PAGE_ORDERS);
	drain_all_pages(NULL);
	for_each_zone(zone)
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
			counts[zone_slot(zone)][o] = zone->free_area[o].nr_free;
}

/* Compare with the start's free lists; log each zone that differs. */
static bool counts_equal(unsigned long counts[ZONE_SLOTS][NR_PAGE_ORDERS])
{
	bool same = true;

	for (int s = 0; s < ZONE_SLOTS; s++)
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
			if (counts[s][o] != R.baseline_counts[s][o]) {
				pr_err("replay: node %d zone %d order %u: %lu free blocks, %lu at the start\n",
				       s / MAX_NR_ZONES, s % MAX_NR_ZONES, o, counts[s][o],
				       R.baseline_counts[s][o]);
				same = false;
			}
	return same;
}

static void free_all_held(void)
{
	for (u64 i = 0; i <= R.handles.mask; i++) {
		struct handle *e = slot(&R.handles, i);
		/* release() shifts a later entry into this slot: look again. */
		while (e->key)
			release(e);
	}
}

static const char *replay_skip(void)
{
	if (!find_trace_module(&R.module))
		return "no trace module (boot with make replay TRACE=..., or -initrd a .nbt file)";
	return NULL;
}

static void pageblock_tables_init(void)
{
	pg_data_t *pgdat;
	unsigned long end = 0;
	int nid;
	u64 bytes;

	for_each_online_pgdat(pgdat, nid)
		if (pgdat_end_pfn(pgdat) > end)
			end = pgdat_end_pfn(pgdat);
	R.nr_pb = (end + pageblock_nr_pages - 1) >> pageblock_order;
	bytes = (u64)R.nr_pb * (sizeof(*R.pb_held) + sizeof(*R.pb_free));
	R.pb_order = order_for_bytes(bytes);
	R.pb_page = R.pb_order <= MAX_PAGE_ORDER ?
		alloc_pages(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN, R.pb_order) : NULL;
	if (!R.pb_page) {
		pr_warn("replay: no room for the pageblock tables (%llu bytes): no maps, no mixed blocks\n",
			(unsigned long long)bytes);
		R.nr_pb = 0;
		return;
	}
	R.pb_held = page_address(R.pb_page);
	R.pb_free = (u16 *)(R.pb_held + R.nr_pb);
}

static void test_replay_trace(struct ktest *t)
{
	const char *why;
	u64 bad, next_fp;
	unsigned int shift = 0;
	enum bench_mode mode;
	unsigned long flags;
	u64 t0, t1;
	int err = 0;

	memset(&R.st, 0, sizeof(R.st));
	memset(R.zone_held, 0, sizeof(R.zone_held));
	if (replay_trace_open(&R.trace, module_read, &R.module, R.module.end - R.module.start,
			      &why, &bad)) {
		if (bad != ~0ULL)
			pr_err("replay: the trace is unusable: record %llu: %s\n", (unsigned long long)bad, why);
		else
			pr_err("replay: the trace is unusable: %s\n", why);
		KTEST_ASSERT_MSG(t, false, "trace refused: %s", why);
	}
	R.nr_cpus = num_online_cpus();
	R.interval = replay_interval ? replay_interval :
		(R.trace.nr_records >= 100 ? R.trace.nr_records / 100 : 1);
	if (replay_node_pfn && !R.trace.nr_ranges) {
		pr_warn("replay: replay.node=pfn, but the trace carries no node ranges (convert --nodes): using replay.node=cpu\n");
		replay_node_pfn = false;
	}
	pr_info("replay: trace: %llu events (%llu alloc, %llu free, %llu free_batched), %u traced CPUs, %u node ranges, max pfn %#llx\n",
		(unsigned long long)R.trace.nr_records, (unsigned long long)R.trace.nr_type[REPLAY_EV_ALLOC],
		(unsigned long long)R.trace.nr_type[REPLAY_EV_FREE],
		(unsigned long long)R.trace.nr_type[REPLAY_EV_FREE_BATCHED], R.trace.nr_cpus,
		R.trace.nr_ranges, (unsigned long long)R.trace.max_pfn);
	printk_raw("replay: cpus=%u node=%s interval=%llu\n", replay_one_cpu ? 1 : R.nr_cpus,
		   replay_node_pfn ? "pfn" : "cpu", (unsigned long long)R.interval);

	KTEST_ASSERT_MSG(t, handles_init(&R.handles, R.trace.nr_type[REPLAY_EV_ALLOC]),
			 "no memory for %llu handles", (unsigned long long)R.trace.nr_type[REPLAY_EV_ALLOC]);
	pageblock_tables_init();

	/* The start: per-cpu lists drained (the same start every time), counters folded. */
	snapshot_drained(R.baseline_counts);
	vm_stats_fold_all();
	R.baseline_free = all_free_pages();
	fixed_point(0);

	flags = arch_irq_save();
	mode = arch_bench_detect(&shift);
	arch_irq_restore(flags);
	t0 = arch_cycles();
	next_fp = R.interval;
	for (u64 i = 0; i < R.trace.nr_records && !err;) {
		struct replay_event ev;
		struct run run = { .first = i };
		unsigned int cpu;
		u64 stop = next_fp < R.trace.nr_records ? next_fp : R.trace.nr_records;

		if (replay_trace_get(&R.trace, i, &ev)) {
			err = -EIO;
			break;
		}
		cpu = event_cpu(ev.cpu);
		/* The run: the next events for the same CPU, up to the next fixed point. */
		for (run.end = i + 1; run.end < stop; run.end++) {
			if (replay_trace_get(&R.trace, run.end, &ev) || event_cpu(ev.cpu) != cpu)
				break;
		}
		if (smp_call_function_single(cpu, replay_run, &run, true))
			err = -ENXIO;
		err = err ? err : run.err;
		i = run.end;
		if (i == next_fp || i == R.trace.nr_records) {
			u64 pause = arch_cycles();
			fixed_point(i);
			t0 += arch_cycles() - pause;	/* the fixed points are not the replay's cost */
			next_fp += R.interval;
		}
	}
	t1 = arch_cycles();
	KTEST_EXPECT_MSG(t, !err, "the replay stopped: error %d", err);

	u64 ev = R.st.events ? R.st.events : 1;
	printk_raw("replay: events=%llu applied=%llu skipped_free_untracked=%llu failed_alloc=%llu "
		   "allocs=%llu frees=%llu free_partial=%llu free_order_mismatch=%llu realloc_held=%llu "
		   "node_unmapped=%llu held_pages_end=%llu held_pages_max=%llu fixed_points=%llu "
		   "invariant_failures=%llu ",
		   (unsigned long long)R.st.events, (unsigned long long)R.st.applied,
		   (unsigned long long)R.st.skipped_free_untracked, (unsigned long long)R.st.failed_alloc,
		   (unsigned long long)R.st.allocs, (unsigned long long)R.st.frees,
		   (unsigned long long)R.st.free_partial, (unsigned long long)R.st.free_order_mismatch,
		   (unsigned long long)R.st.realloc_held, (unsigned long long)R.st.node_unmapped,
		   (unsigned long long)R.st.held_pages, (unsigned long long)R.st.held_pages_max,
		   (unsigned long long)R.st.fixed_points, (unsigned long long)R.st.invariant_failures);
	if (mode == BENCH_MODE_ICOUNT)
		printk_raw("insns_per_event=%llu\n", (unsigned long long)(((t1 - t0) >> shift) / ev));
	else
		printk_raw("insns_per_event=na tsc_per_event=%llu\n", (unsigned long long)((t1 - t0) / ev));

	KTEST_EXPECT_EQ(t, R.st.events, R.trace.nr_records);
	KTEST_EXPECT_EQ(t, R.st.applied + R.st.skipped_free_untracked + R.st.failed_alloc, R.st.events);
	KTEST_EXPECT_EQ(t, R.st.invariant_failures, 0);

	/* The end state, as Linux's files show it. */
	vm_stats_fold_all();
	printk_raw("replay: end state\n");
	dump_by_name("buddyinfo");
	dump_by_name("pagetypeinfo");
	dump_by_name("zoneinfo");
	dump_by_name("unusable_index");

	/* A trace that returned every page leaves the allocator where it started. */
	bool balanced = R.st.held_pages == 0;
	snapshot_drained(R.end_counts);
	if (balanced) {
		bool same = counts_equal(R.end_counts);
		printk_raw("replay: balanced trace: free lists %s the start's\n", same ? "equal" : "DIFFER from");
		KTEST_EXPECT_MSG(t, same, "a trace that freed everything it allocated changed the free lists");
	}

	free_all_held();
	snapshot_drained(R.end_counts);
	vm_stats_fold_all();
	unsigned long free_end = all_free_pages(), violations = validate_free_lists(8);
	printk_raw("replay: after freeing everything: free=%lu start=%lu lost=%ld validator=%lu\n",
		   free_end, R.baseline_free, (long)(R.baseline_free - free_end), violations);
	KTEST_EXPECT_EQ(t, free_end, R.baseline_free);
	KTEST_EXPECT_EQ(t, violations, 0);
	KTEST_EXPECT_EQ(t, R.handles.used, 0);
	KTEST_EXPECT_MSG(t, counts_equal(R.end_counts),
			 "after freeing everything the free lists differ from the start's");

	handles_free(&R.handles);
	if (R.pb_page)
		__free_pages(R.pb_page, R.pb_order);
	R.pb_page = NULL;
	R.pb_held = NULL;
	R.pb_free = NULL;
}

static const struct ktest_case replay_cases[] = {
	KTEST_CASE(test_replay_trace),
	{}
};
KTEST_SUITE_FULL(replay, .cases = replay_cases, .skip_if = replay_skip, .flags = KTEST_EXPLICIT);

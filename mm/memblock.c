/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memblock, the early allocator, with Linux's semantics and log formats.
 *
 * Invariants of each region array (enforced by scratch_emit()):
 *  - regions are sorted by base, non-empty and non-overlapping;
 *  - no region ends past PHYS_ADDR_MAX (every base + size is representable);
 *  - touching regions differ in nid or flags (otherwise they are merged);
 *  - total_size is the sum of the sizes and cnt <= max.
 *
 * Every change is computed into a scratch array and copied back only if it
 * fits, so a full array loses the call (with a message and -ENOSPC) but never
 * corrupts what is there.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/panic.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/report.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mm/memblock.h>
#include <mm/mmzone.h>
#include <mm/numa.h>

#define PHYS_ADDR_MAX		(~(phys_addr_t)0)
/* Allocations never return the first page (Linux: a return of 0 is a failure). */
#define MEMBLOCK_LOW_LIMIT	0x1000ULL
/* Alignment used when a caller passes 0, as Linux's SMP_CACHE_BYTES. */
#define MEMBLOCK_DEFAULT_ALIGN	64

static struct memblock_region memblock_memory_regions[INIT_MEMBLOCK_REGIONS];
static struct memblock_region memblock_reserved_regions[INIT_MEMBLOCK_REGIONS];

struct memblock memblock = {
	.current_limit = MEMBLOCK_ALLOC_ANYWHERE,
	.memory = {
		.max = INIT_MEMBLOCK_REGIONS,
		.regions = memblock_memory_regions,
		.name = "memory",
	},
	.reserved = {
		.max = INIT_MEMBLOCK_REGIONS,
		.regions = memblock_reserved_regions,
		.name = "reserved",
	},
};

bool memblock_debug;

#define memblock_dbg(fmt, ...) do {					\
	if (memblock_debug)						\
		pr_info(fmt, ##__VA_ARGS__);				\
} while (0)

#define ULL(x)	((unsigned long long)(x))

static int early_memblock(const char *val)
{
	if (!val || !strstr(val, "debug"))
		return -EINVAL;
	memblock_debug = true;
	return 0;
}
early_param("memblock", early_memblock);

/* Clamp @size so that base + size does not pass PHYS_ADDR_MAX. */
static phys_addr_t memblock_cap_size(phys_addr_t base, phys_addr_t size)
{
	return min(size, PHYS_ADDR_MAX - base);
}

static phys_addr_t region_end(const struct memblock_region *r)
{
	return r->base + r->size;
}

/*
 * Scratch output of one change: an array of n regions grows by at most
 * n + 1 pieces (adding a range fills every gap; setting an attribute splits
 * at most two regions, removing at most one).
 */
#define SCRATCH_MAX	(2 * INIT_MEMBLOCK_REGIONS + 2)
static struct memblock_region scratch[SCRATCH_MAX];
static unsigned long scratch_cnt;

static void scratch_emit(phys_addr_t base, phys_addr_t size, int nid, enum memblock_flags flags)
{
	struct memblock_region *prev = scratch_cnt ? &scratch[scratch_cnt - 1] : NULL;

	if (!size)
		return;
	BUG_ON(prev && region_end(prev) > base);
	/* Merge with the previous piece if it touches and has the same attributes. */
	if (prev && region_end(prev) == base && prev->nid == nid && prev->flags == flags) {
		prev->size += size;
		return;
	}
	BUG_ON(scratch_cnt >= SCRATCH_MAX);
	scratch[scratch_cnt].base = base;
	scratch[scratch_cnt].size = size;
	scratch[scratch_cnt].nid = nid;
	scratch[scratch_cnt].flags = flags;
	scratch_cnt++;
}

/* Install the scratch array into @type, or report that it does not fit. */
static int scratch_commit(struct memblock_type *type, const char *what,
			  phys_addr_t base, phys_addr_t size)
{
	phys_addr_t total = 0;
	unsigned long i;

	if (scratch_cnt > type->max) {
		pr_err("memblock: %s array is full (%lu regions): %s [0x%016llx-0x%016llx] not done\n",
		       type->name, type->max, what, ULL(base), ULL(base + size - 1));
		return -ENOSPC;
	}
	for (i = 0; i < scratch_cnt; i++)
		total += scratch[i].size;
	memcpy(type->regions, scratch, scratch_cnt * sizeof(scratch[0]));
	type->cnt = scratch_cnt;
	type->total_size = total;
	return 0;
}

/* Add [base, base + size) where @type has no region yet; existing regions keep their attributes. */
static int memblock_add_range(struct memblock_type *type, phys_addr_t base, phys_addr_t size,
			      int nid, enum memblock_flags flags)
{
	phys_addr_t end, cur;
	unsigned long i;

	size = memblock_cap_size(base, size);
	if (!size)
		return 0;
	end = base + size;
	cur = base;
	scratch_cnt = 0;
	for (i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		/* The part of the new range below this region. */
		if (cur < end && r->base > cur) {
			phys_addr_t gap_end = min(r->base, end);

			scratch_emit(cur, gap_end - cur, nid, flags);
			cur = gap_end;
		}
		scratch_emit(r->base, r->size, r->nid, r->flags);
		cur = max(cur, region_end(r));
	}
	if (cur < end)
		scratch_emit(cur, end - cur, nid, flags);
	return scratch_commit(type, type == &memblock.reserved ? "reserve" : "add", base, size);
}

enum memblock_change { MB_REMOVE, MB_SET_NID, MB_SET_FLAGS, MB_CLEAR_FLAGS };

/*
 * Apply @op to the parts of @type's regions inside [base, base + size),
 * splitting regions that straddle the boundaries.
 */
static int memblock_change_range(struct memblock_type *type, phys_addr_t base, phys_addr_t size,
				 enum memblock_change op, int nid, enum memblock_flags flags)
{
	static const char *const names[] = {
		[MB_REMOVE] = "remove", [MB_SET_NID] = "set node",
		[MB_SET_FLAGS] = "set flags", [MB_CLEAR_FLAGS] = "clear flags",
	};
	phys_addr_t end;
	unsigned long i;

	size = memblock_cap_size(base, size);
	if (!size)
		return 0;
	end = base + size;
	scratch_cnt = 0;
	for (i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];
		phys_addr_t r_end = region_end(r);
		phys_addr_t lo = max(base, r->base), hi = min(end, r_end);
		int in_nid = r->nid;
		enum memblock_flags in_flags = r->flags;

		if (lo >= hi) {
			scratch_emit(r->base, r->size, r->nid, r->flags);
			continue;
		}
		scratch_emit(r->base, lo - r->base, r->nid, r->flags);
		switch (op) {
		case MB_REMOVE:
			break;
		case MB_SET_NID:
			in_nid = nid;
			break;
		case MB_SET_FLAGS:
			in_flags = r->flags | flags;
			break;
		case MB_CLEAR_FLAGS:
			in_flags = r->flags & ~flags;
			break;
		}
		if (op != MB_REMOVE)
			scratch_emit(lo, hi - lo, in_nid, in_flags);
		scratch_emit(hi, r_end - hi, r->nid, r->flags);
	}
	return scratch_commit(type, names[op], base, size);
}

static bool memblock_nid_valid(int nid)
{
	return nid == NUMA_NO_NODE || (nid >= 0 && nid < MAX_NUMNODES);
}

int memblock_add_node(phys_addr_t base, phys_addr_t size, int nid, enum memblock_flags flags)
{
	size = memblock_cap_size(base, size);
	memblock_dbg("memblock_add_node: [0x%016llx-0x%016llx] nid=%d flags=%x %p\n",
		     ULL(base), ULL(base + size - 1), nid, (unsigned int)flags,
		     __builtin_return_address(0));
	if (!memblock_nid_valid(nid)) {
		pr_err("memblock: node %d out of range; [0x%016llx-0x%016llx] not added\n",
		       nid, ULL(base), ULL(base + size - 1));
		return -EINVAL;
	}
	return memblock_add_range(&memblock.memory, base, size, nid, flags);
}

/*
 * memblock_add(), _remove(), _reserve() and _phys_free(): @size capped
 * (memblock_cap_size()), the call logged under memblock=debug as Linux logs
 * it, "@fn: [base-last byte] @caller", then [base, base + size) added to
 * @type (no node, no flags) or removed from it.
 */
static int memblock_update(struct memblock_type *type, bool add, phys_addr_t base,
			   phys_addr_t size, const char *fn, void *caller)
{
	size = memblock_cap_size(base, size);
	memblock_dbg("%s: [0x%016llx-0x%016llx] %p\n", fn, ULL(base), ULL(base + size - 1), caller);
	if (add)
		return memblock_add_range(type, base, size, NUMA_NO_NODE, MEMBLOCK_NONE);
	return memblock_change_range(type, base, size, MB_REMOVE, 0, 0);
}

int memblock_add(phys_addr_t base, phys_addr_t size)
{
	return memblock_update(&memblock.memory, true, base, size, __func__,
			       __builtin_return_address(0));
}

int memblock_remove(phys_addr_t base, phys_addr_t size)
{
	return memblock_update(&memblock.memory, false, base, size, __func__,
			       __builtin_return_address(0));
}

int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	return memblock_update(&memblock.reserved, true, base, size, __func__,
			       __builtin_return_address(0));
}

int memblock_phys_free(phys_addr_t base, phys_addr_t size)
{
	return memblock_update(&memblock.reserved, false, base, size, __func__,
			       __builtin_return_address(0));
}

int memblock_mark_nomap(phys_addr_t base, phys_addr_t size)
{
	return memblock_change_range(&memblock.memory, base, size, MB_SET_FLAGS, 0, MEMBLOCK_NOMAP);
}

int memblock_mark_hotplug(phys_addr_t base, phys_addr_t size)
{
	return memblock_change_range(&memblock.memory, base, size, MB_SET_FLAGS, 0, MEMBLOCK_HOTPLUG);
}

int memblock_set_node(phys_addr_t base, phys_addr_t size, struct memblock_type *type, int nid)
{
	if (!memblock_nid_valid(nid)) {
		pr_err("memblock: node %d out of range; [0x%016llx-0x%016llx] not tagged\n",
		       nid, ULL(base), ULL(base + memblock_cap_size(base, size) - 1));
		return -EINVAL;
	}
	return memblock_change_range(type, base, size, MB_SET_NID, nid, 0);
}

void memblock_trim_memory(phys_addr_t align)
{
	struct memblock_type *type = &memblock.memory;
	unsigned long i;

	if (WARN_ON(!align || (align & (align - 1))))
		return;
	scratch_cnt = 0;
	for (i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];
		phys_addr_t start, end = region_end(r) & ~(align - 1);

		/* Rounding the base up must not wrap: a region that high keeps nothing. */
		if (r->base > PHYS_ADDR_MAX - (align - 1))
			continue;
		start = ALIGN(r->base, align);
		if (start < end)
			scratch_emit(start, end - start, r->nid, r->flags);
	}
	/* Trimming never adds regions, so this always fits. */
	BUG_ON(scratch_commit(type, "trim", 0, 0));
}

/* Index of the region of @type containing @addr, or -1 (binary search). */
static long memblock_search(const struct memblock_type *type, phys_addr_t addr)
{
	unsigned long lo = 0, hi = type->cnt;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;
		const struct memblock_region *r = &type->regions[mid];

		if (addr < r->base)
			hi = mid;
		else if (addr >= region_end(r))
			lo = mid + 1;
		else
			return (long)mid;
	}
	return -1;
}

bool memblock_overlaps_region(struct memblock_type *type, phys_addr_t base, phys_addr_t size)
{
	unsigned long i;

	size = memblock_cap_size(base, size);
	for (i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		if (base < region_end(r) && r->base < base + size)
			return true;
	}
	return false;
}

bool memblock_is_memory(phys_addr_t addr)
{
	return memblock_search(&memblock.memory, addr) >= 0;
}

int memblock_search_pfn_nid(unsigned long pfn, unsigned long *start_pfn, unsigned long *end_pfn)
{
	long idx = memblock_search(&memblock.memory, PFN_PHYS(pfn));
	const struct memblock_region *r;

	if (idx < 0)
		return -1;
	r = &memblock.memory.regions[idx];
	if (start_pfn)
		*start_pfn = PFN_DOWN(r->base);
	if (end_pfn)
		*end_pfn = PFN_DOWN(r->base + r->size);
	return r->nid;
}

bool memblock_is_reserved(phys_addr_t addr)
{
	return memblock_search(&memblock.reserved, addr) >= 0;
}

bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size)
{
	const struct memblock_type *type = &memblock.memory;
	long idx = memblock_search(type, base);
	phys_addr_t end;

	size = memblock_cap_size(base, size);
	end = base + size;
	if (idx < 0)
		return false;
	/* Regions of different nodes may touch: follow them while they do. */
	while (region_end(&type->regions[idx]) < end) {
		if ((unsigned long)idx + 1 >= type->cnt ||
		    type->regions[idx + 1].base != region_end(&type->regions[idx]))
			return false;
		idx++;
	}
	return true;
}

phys_addr_t memblock_phys_mem_size(void)
{
	return memblock.memory.total_size;
}

phys_addr_t memblock_start_of_DRAM(void)
{
	return memblock.memory.cnt ? memblock.memory.regions[0].base : 0;
}

phys_addr_t memblock_end_of_DRAM(void)
{
	unsigned long n = memblock.memory.cnt;

	return n ? region_end(&memblock.memory.regions[n - 1]) : 0;
}

void memblock_set_current_limit(phys_addr_t limit)
{
	memblock.current_limit = limit;
}

/* ------------------------------------------------------------------------
 * Allocation.
 */

/* The highest @align-aligned @size bytes inside [lo, hi), or 0. */
static phys_addr_t fit_top(phys_addr_t lo, phys_addr_t hi, phys_addr_t size, phys_addr_t align)
{
	phys_addr_t cand;

	if (hi <= lo || hi - lo < size)
		return 0;
	cand = (hi - size) & ~(align - 1);
	return cand >= lo ? cand : 0;
}

/*
 * Top-down search of free memory (memory minus reserved, NOMAP excluded) on
 * @nid (NUMA_NO_NODE: any) within [start, end). @start is at least
 * MEMBLOCK_LOW_LIMIT, so 0 is never a valid result and means "none".
 */
static phys_addr_t memblock_find_top_down(phys_addr_t size, phys_addr_t align,
					  phys_addr_t start, phys_addr_t end, int nid)
{
	const struct memblock_type *mem = &memblock.memory, *rsv = &memblock.reserved;
	unsigned long mi, ri;

	for (mi = mem->cnt; mi-- > 0;) {
		const struct memblock_region *m = &mem->regions[mi];
		phys_addr_t lo = max(m->base, start), top = min(region_end(m), end);
		phys_addr_t found;

		if (m->flags & MEMBLOCK_NOMAP)
			continue;
		if (nid != NUMA_NO_NODE && m->nid != nid)
			continue;
		if (lo >= top)
			continue;
		/* Walk reserved regions downwards; each free piece is (its end, top). */
		for (ri = rsv->cnt; ri-- > 0 && top > lo;) {
			const struct memblock_region *r = &rsv->regions[ri];

			if (r->base >= top)
				continue;
			if (region_end(r) <= lo)
				break;
			found = fit_top(max(region_end(r), lo), top, size, align);
			if (found)
				return found;
			top = r->base;
		}
		found = fit_top(lo, top, size, align);
		if (found)
			return found;
	}
	return 0;
}

static phys_addr_t memblock_alloc_range_nid(phys_addr_t size, phys_addr_t align,
					    phys_addr_t start, phys_addr_t end, int nid)
{
	phys_addr_t found;

	if (!size)
		return 0;
	if (WARN_ON_ONCE(!align))
		align = MEMBLOCK_DEFAULT_ALIGN;
	if (align & (align - 1)) {
		pr_err("memblock: alignment 0x%llx is not a power of two\n", ULL(align));
		return 0;
	}
	if (end == MEMBLOCK_ALLOC_ACCESSIBLE || end > memblock.current_limit)
		end = memblock.current_limit;
	start = max(start, (phys_addr_t)MEMBLOCK_LOW_LIMIT);
	if (start >= end)
		return 0;
	found = memblock_find_top_down(size, align, start, end, nid);
	if (!found || memblock_reserve(found, size))
		return 0;
	return found;
}

phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end)
{
	memblock_dbg("memblock_phys_alloc_range: %llu bytes align=0x%llx from=0x%016llx max_addr=0x%016llx %p\n",
		     ULL(size), ULL(align), ULL(start), ULL(end), __builtin_return_address(0));
	return memblock_alloc_range_nid(size, align, start, end, NUMA_NO_NODE);
}

phys_addr_t memblock_phys_alloc_try_nid(phys_addr_t size, phys_addr_t align, int nid)
{
	int order[MAX_NUMNODES];
	unsigned int nr = 0, i, j, nodes = min(nr_node_ids, (unsigned int)MAX_NUMNODES);
	phys_addr_t found;

	memblock_dbg("memblock_phys_alloc_try_nid: %llu bytes align=0x%llx nid=%d from=0x%016llx max_addr=0x%016llx %p\n",
		     ULL(size), ULL(align), nid, 0ULL, ULL(memblock.current_limit),
		     __builtin_return_address(0));
	if (!memblock_nid_valid(nid)) {
		pr_warn("memblock: node %d out of range; allocating from any node\n", nid);
		nid = NUMA_NO_NODE;
	}
	if (nid != NUMA_NO_NODE) {
		found = memblock_alloc_range_nid(size, align, 0, MEMBLOCK_ALLOC_ACCESSIBLE, nid);
		if (found)
			return found;
		/* The other known nodes, nearest first; equal distances by lower id. */
		if ((unsigned int)nid < nodes) {
			for (i = 0; i < nodes; i++) {
				int d = node_distance(nid, (int)i);

				if ((int)i == nid)
					continue;
				for (j = nr; j > 0 && node_distance(nid, order[j - 1]) > d; j--)
					order[j] = order[j - 1];
				order[j] = (int)i;
				nr++;
			}
		}
		for (i = 0; i < nr; i++) {
			found = memblock_alloc_range_nid(size, align, 0, MEMBLOCK_ALLOC_ACCESSIBLE,
							 order[i]);
			if (found)
				return found;
		}
	}
	/* Anything, including memory not tagged with a node. */
	return memblock_alloc_range_nid(size, align, 0, MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
}

phys_addr_t memblock_phys_alloc_exact_nid(phys_addr_t size, phys_addr_t align, int nid)
{
	memblock_dbg("memblock_phys_alloc_exact_nid: %llu bytes align=0x%llx nid=%d from=0x%016llx max_addr=0x%016llx %p\n",
		     ULL(size), ULL(align), nid, 0ULL, ULL(memblock.current_limit),
		     __builtin_return_address(0));
	if (nid < 0 || nid >= MAX_NUMNODES) {
		pr_err("memblock: exact allocation on node %d: no such node\n", nid);
		return 0;
	}
	return memblock_alloc_range_nid(size, align, 0, MEMBLOCK_ALLOC_ACCESSIBLE, nid);
}

/* ------------------------------------------------------------------------
 * Iteration.
 *
 * Free-range cursor: the low 32 bits index memory regions, the high 32 bits
 * the gaps of the reserved array (gap g lies between reserved regions g - 1
 * and g; gap 0 starts at 0, gap cnt ends at PHYS_ADDR_MAX). Both only move
 * forwards, so a walk is linear.
 */
bool memblock_next_free_range(u64 *idx, int nid, phys_addr_t *start, phys_addr_t *end, int *out_nid)
{
	const struct memblock_type *mem = &memblock.memory, *rsv = &memblock.reserved;
	unsigned long mi = (u32)*idx, gi = (u32)(*idx >> 32);

	for (; mi < mem->cnt; mi++) {
		const struct memblock_region *m = &mem->regions[mi];
		phys_addr_t m_end = region_end(m);

		if (m->flags & MEMBLOCK_NOMAP)
			continue;
		if (nid != NUMA_NO_NODE && m->nid != nid)
			continue;
		for (; gi <= rsv->cnt; gi++) {
			phys_addr_t g_start = gi ? region_end(&rsv->regions[gi - 1]) : 0;
			phys_addr_t g_end = gi < rsv->cnt ? rsv->regions[gi].base : PHYS_ADDR_MAX;
			phys_addr_t lo = max(g_start, m->base), hi = min(g_end, m_end);

			if (g_start >= m_end)
				break;		/* later gaps belong to later regions */
			if (lo >= hi)
				continue;
			/* Resume in the same gap if it outlasts this region, else in the next gap. */
			if (m_end <= g_end)
				*idx = (u64)(mi + 1) | ((u64)gi << 32);
			else
				*idx = (u64)mi | ((u64)(gi + 1) << 32);
			if (start)
				*start = lo;
			if (end)
				*end = hi;
			if (out_nid)
				*out_nid = m->nid;
			return true;
		}
	}
	*idx = (u64)mem->cnt;
	return false;
}

bool memblock_next_mem_range(u64 *idx, int nid, phys_addr_t *start, phys_addr_t *end, int *out_nid)
{
	const struct memblock_type *mem = &memblock.memory;
	u64 i;

	for (i = *idx; i < mem->cnt; i++) {
		const struct memblock_region *m = &mem->regions[i];

		if (nid != NUMA_NO_NODE && m->nid != nid)
			continue;
		*idx = i + 1;
		if (start)
			*start = m->base;
		if (end)
			*end = region_end(m);
		if (out_nid)
			*out_nid = m->nid;
		return true;
	}
	*idx = mem->cnt;
	return false;
}

/* ------------------------------------------------------------------------
 * Reports.
 */
static __printf(2, 3) void memblock_out(bool raw, const char *fmt, ...)
{
	char line[160];
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (raw)
		printk_raw("%s", line);
	else
		printk(KERN_INFO "%s", line);
}

static void memblock_dump_type(const struct memblock_type *type, bool raw)
{
	unsigned long i;

	memblock_out(raw, " %s.cnt  = 0x%lx\n", type->name, type->cnt);
	for (i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];
		char node[24] = "";

		if (r->nid != NUMA_NO_NODE)
			snprintf(node, sizeof(node), " on node %d", r->nid);
		memblock_out(raw, " %s[0x%lx]\t[0x%016llx-0x%016llx], 0x%016llx bytes%s flags: 0x%x\n",
			     type->name, i, ULL(r->base), ULL(region_end(r) - 1), ULL(r->size),
			     node, (unsigned int)r->flags);
	}
}

static void memblock_dump(bool raw)
{
	memblock_out(raw, "MEMBLOCK configuration:\n");
	memblock_out(raw, " memory size = 0x%016llx reserved size = 0x%016llx\n",
		     ULL(memblock.memory.total_size), ULL(memblock.reserved.total_size));
	memblock_dump_type(&memblock.memory, raw);
	memblock_dump_type(&memblock.reserved, raw);
}

void memblock_dump_all(void)
{
	memblock_dump(false);
}

static void memblock_dump_report(void)
{
	memblock_dump(true);
}
DEFINE_DUMP(memblock, "memblock", memblock_dump_report,
	    "memblock memory and reserved regions, as Linux's memblock=debug prints them");

void memblock_reset(void)
{
	memblock.memory.cnt = 0;
	memblock.memory.total_size = 0;
	memblock.reserved.cnt = 0;
	memblock.reserved.total_size = 0;
	memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
}

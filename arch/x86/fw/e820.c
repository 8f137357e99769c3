/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The e820 memory map: built from what the boot path handed over, sanitised
 * with Linux's rules, edited by mem=/memmap= and Linux's early trims, and
 * handed to memblock. Log lines follow arch/x86/kernel/e820.c of Linux 6.1
 * byte for byte, so logs can be diffed against Linux on the same machine.
 *
 * Compiled into the kernel and hosted (tests, fuzzers): no arch-only code.
 * Single-threaded: runs during early boot only; the scratch buffers below
 * make the functions non-reentrant.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/panic.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/report.h>
#include <lib/parse.h>
#include <lib/printf.h>
#include <lib/sort.h>
#include <lib/string.h>
#include <mm/memblock.h>
#include <asm/e820.h>

#define E820_PAGE_SIZE		(1ULL << E820_PAGE_SHIFT)
#define U64_MAX			(~0ULL)
#define SZ_1M			0x100000ULL
#define LOWMEM_END		0xa0000ULL	/* 640 KiB: the legacy low-memory limit */
#define BIOS_BEGIN		0xa0000ULL	/* VGA, option ROMs and the BIOS ... */
#define BIOS_END		0x100000ULL	/* ... up to 1 MiB */
#define FALLBACK_HIGH_END	(16 * SZ_1M)	/* RAM assumed when nothing is known */
#define MULTIBOOT_UPPER_MAX	(4096 * SZ_1M)	/* mem_upper counts RAM below 4 GiB */

struct e820_table e820_table;
struct e820_table e820_table_firmware;

/* True if [addr, addr + size) cannot be represented: its end passes 2^64 - 1. */
static bool e820_entry_wraps(u64 addr, u64 size)
{
	return size > U64_MAX - addr;
}

/* End of @e, saturated at 2^64 - 1 for entries that would wrap (unsanitised tables). */
static u64 e820_entry_end(const struct e820_entry *e)
{
	return e820_entry_wraps(e->addr, e->size) ? U64_MAX : e->addr + e->size;
}

/* Types Linux never merges with a touching neighbour of the same type. */
static bool e820_nomerge(enum e820_type type)
{
	return type == E820_TYPE_PRAM || type == E820_TYPE_SOFT_RESERVED;
}

const char *e820_type_name(enum e820_type type, char buf[E820_TYPE_NAME_MAX])
{
	switch (type) {
	case E820_TYPE_RAM:
	case E820_TYPE_RESERVED_KERN:
		return "usable";
	case E820_TYPE_RESERVED:
		return "reserved";
	case E820_TYPE_SOFT_RESERVED:
		return "soft reserved";
	case E820_TYPE_ACPI:
		return "ACPI data";
	case E820_TYPE_NVS:
		return "ACPI NVS";
	case E820_TYPE_UNUSABLE:
		return "unusable";
	case E820_TYPE_PMEM:
	case E820_TYPE_PRAM:
		snprintf(buf, E820_TYPE_NAME_MAX, "persistent (type %u)", (unsigned int)type);
		return buf;
	default:
		snprintf(buf, E820_TYPE_NAME_MAX, "type %u", (unsigned int)type);
		return buf;
	}
}

void e820__print_table_of(const struct e820_table *t, const char *who)
{
	char name[E820_TYPE_NAME_MAX];
	u32 i, n = min(t->nr_entries, (u32)E820_MAX_ENTRIES);

	for (i = 0; i < n; i++) {
		const struct e820_entry *e = &t->entries[i];

		pr_info("%s: [mem 0x%016llx-0x%016llx] %s\n", who,
			(unsigned long long)e->addr,
			(unsigned long long)(e820_entry_end(e) - 1),
			e820_type_name(e->type, name));
	}
}

void e820__print_table(const char *who)
{
	e820__print_table_of(&e820_table, who);
}

/* ------------------------------------------------------------------------
 * The sanitiser.
 *
 * Boundary sweep: every start and end of a usable entry is a boundary; the
 * sorted, de-duplicated boundaries cut the address space into elementary
 * intervals, each covered by a fixed set of entries. An interval gets the
 * highest type among the entries covering it (none: it is a hole), and
 * touching intervals of one type are merged unless the type is nomerge.
 * This gives exactly Linux's change-point results.
 */
static u64 sweep_points[2 * E820_MAX_ENTRIES];
static struct e820_entry sweep_out[E820_MAX_ENTRIES];

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Entries the sweep looks at: non-empty, typed and not wrapping. */
static bool e820_entry_usable(const struct e820_entry *e)
{
	return e->size && e->type && !e820_entry_wraps(e->addr, e->size);
}

int e820__update_table(struct e820_table *t)
{
	u32 n = t->nr_entries, npts = 0, nuniq, nout = 0, i, k;

	if (n == 0)
		return -1;
	if (n > E820_MAX_ENTRIES) {
		pr_err("e820: table claims %u entries (at most %u fit), not trusted\n",
		       n, (unsigned int)E820_MAX_ENTRIES);
		return -1;
	}

	for (i = 0; i < n; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (e->size && e820_entry_wraps(e->addr, e->size)) {
			pr_err("e820: ignoring entry [mem 0x%016llx] + 0x%llx (type %u): it wraps around the address space\n",
			       (unsigned long long)e->addr, (unsigned long long)e->size,
			       (unsigned int)e->type);
			continue;
		}
		if (!e820_entry_usable(e))
			continue;
		sweep_points[npts++] = e->addr;
		sweep_points[npts++] = e->addr + e->size;
	}
	if (!npts)
		return -1;
	BUG_ON(npts > ARRAY_SIZE(sweep_points));

	sort(sweep_points, npts, sizeof(sweep_points[0]), cmp_u64);
	for (nuniq = 1, k = 1; k < npts; k++)
		if (sweep_points[k] != sweep_points[nuniq - 1])
			sweep_points[nuniq++] = sweep_points[k];

	for (k = 0; k + 1 < nuniq; k++) {
		u64 lo = sweep_points[k], hi = sweep_points[k + 1];
		enum e820_type type = 0;
		struct e820_entry *last = nout ? &sweep_out[nout - 1] : NULL;

		for (i = 0; i < n; i++) {
			const struct e820_entry *e = &t->entries[i];

			/* Intervals never straddle a boundary: covering is containing. */
			if (e820_entry_usable(e) && e->addr <= lo && e->addr + e->size >= hi &&
			    e->type > type)
				type = e->type;
		}
		if (!type)
			continue;
		if (last && last->type == type && last->addr + last->size == lo &&
		    !e820_nomerge(type)) {
			last->size += hi - lo;
			continue;
		}
		if (nout == E820_MAX_ENTRIES) {
			pr_err("e820: too many entries after sanitising; ignoring [mem 0x%016llx-0x%016llx] and everything above\n",
			       (unsigned long long)lo,
			       (unsigned long long)(sweep_points[nuniq - 1] - 1));
			break;
		}
		sweep_out[nout].addr = lo;
		sweep_out[nout].size = hi - lo;
		sweep_out[nout].type = type;
		nout++;
	}

	/* Every usable entry is non-empty and typed, so something covers it. */
	BUG_ON(nout == 0);
	memcpy(t->entries, sweep_out, nout * sizeof(sweep_out[0]));
	t->nr_entries = nout;
	return 0;
}

/* ------------------------------------------------------------------------
 * Editing a table. These keep entries as they are and append the pieces
 * they split off, as Linux does; callers sanitise afterwards.
 */
static bool __e820__range_add(struct e820_table *t, u64 start, u64 size, enum e820_type type)
{
	u32 x = t->nr_entries;

	if (x >= E820_MAX_ENTRIES) {
		pr_err("e820: too many entries; ignoring [mem 0x%08llx-0x%08llx]\n",
		       (unsigned long long)start, (unsigned long long)(start + size - 1));
		return false;
	}
	t->entries[x].addr = start;
	t->entries[x].size = size;
	t->entries[x].type = type;
	t->nr_entries = x + 1;
	return true;
}

void e820__range_add(u64 start, u64 size, enum e820_type type)
{
	__e820__range_add(&e820_table, start, size, type);
}

/* Room for @need more entries, or a message naming the range left alone. */
static bool e820_has_room(const struct e820_table *t, u32 need, const struct e820_entry *e)
{
	if (t->nr_entries + need <= E820_MAX_ENTRIES)
		return true;
	pr_err("e820: too many entries; leaving [mem 0x%08llx-0x%08llx] unchanged\n",
	       (unsigned long long)e->addr, (unsigned long long)(e820_entry_end(e) - 1));
	return false;
}

/*
 * Shared walk of range_update (@remove false) and range_remove (@remove
 * true): every entry (of @old_type if @check_type) meeting [start, end) loses
 * the overlap, which becomes a @new_type entry unless removing.
 */
static u64 e820_edit(struct e820_table *t, u64 start, u64 end, enum e820_type old_type,
		     bool check_type, bool remove, enum e820_type new_type)
{
	u64 changed = 0;
	u32 i, n = min(t->nr_entries, (u32)E820_MAX_ENTRIES);

	/* Entries appended below lie inside [start, end) or carry old_type after end. */
	for (i = 0; i < n; i++) {
		struct e820_entry *e = &t->entries[i];
		u64 e_start = e->addr, e_end = e820_entry_end(e);
		u64 lo = max(start, e_start), hi = min(end, e_end);

		if (check_type && e->type != old_type)
			continue;
		if (!e->size || lo >= hi)
			continue;

		if (lo == e_start && hi == e_end) {
			/* Entirely inside the range. */
			if (remove) {
				e->addr = 0;
				e->size = 0;
				e->type = 0;
			} else {
				e->type = new_type;
			}
		} else if (lo > e_start && hi < e_end) {
			/* The range is strictly inside: head stays, middle and tail are new. */
			if (!e820_has_room(t, remove ? 1 : 2, e))
				continue;
			if (!remove)
				__e820__range_add(t, lo, hi - lo, new_type);
			__e820__range_add(t, hi, e_end - hi, e->type);
			e->size = lo - e_start;
		} else {
			/* One end overlaps: keep the part outside the range. */
			if (!remove && !e820_has_room(t, 1, e))
				continue;
			if (!remove)
				__e820__range_add(t, lo, hi - lo, new_type);
			if (lo == e_start)
				e->addr = hi;
			e->size = (e_end - e_start) - (hi - lo);
		}
		changed += hi - lo;
	}
	return changed;
}

u64 e820__range_update_table(struct e820_table *t, u64 start, u64 size,
			     enum e820_type old_type, enum e820_type new_type)
{
	char old_name[E820_TYPE_NAME_MAX], new_name[E820_TYPE_NAME_MAX];
	u64 end;

	if (WARN_ON(old_type == new_type))
		return 0;
	if (size > U64_MAX - start)
		size = U64_MAX - start;
	end = start + size;
	printk(KERN_DEBUG "e820: update [mem 0x%08llx-0x%08llx] %s ==> %s\n",
	       (unsigned long long)start, (unsigned long long)(end - 1),
	       e820_type_name(old_type, old_name), e820_type_name(new_type, new_name));
	return e820_edit(t, start, end, old_type, true, false, new_type);
}

u64 e820__range_update(u64 start, u64 size, enum e820_type old_type, enum e820_type new_type)
{
	return e820__range_update_table(&e820_table, start, size, old_type, new_type);
}

u64 e820__range_remove(u64 start, u64 size, enum e820_type old_type, bool check_type)
{
	char name[E820_TYPE_NAME_MAX];
	u64 end;

	if (size > U64_MAX - start)
		size = U64_MAX - start;
	end = start + size;
	/* Linux leaves a trailing space when no type is checked; so do we. */
	printk(KERN_DEBUG "e820: remove [mem 0x%08llx-0x%08llx] %s\n",
	       (unsigned long long)start, (unsigned long long)(end - 1),
	       check_type ? e820_type_name(old_type, name) : "");
	return e820_edit(&e820_table, start, end, old_type, check_type, true, 0);
}

bool e820__mapped_any(u64 start, u64 end, enum e820_type type)
{
	u32 i, n = min(e820_table.nr_entries, (u32)E820_MAX_ENTRIES);

	for (i = 0; i < n; i++) {
		const struct e820_entry *e = &e820_table.entries[i];

		if (type && e->type != type)
			continue;
		if (e->size && e->addr < end && e820_entry_end(e) > start)
			return true;
	}
	return false;
}

/* The first address in [start, end) that no entry of @t of @type (0: any) covers, or @end. */
static u64 e820_table_first_uncovered(const struct e820_table *t, u64 start, u64 end,
				      enum e820_type type)
{
	u32 i, n = min(t->nr_entries, (u32)E820_MAX_ENTRIES);
	bool progress = true;

	/* Works on unsorted tables too: advance @start while some entry covers it. */
	while (start < end && progress) {
		progress = false;
		for (i = 0; i < n; i++) {
			const struct e820_entry *e = &t->entries[i];
			u64 e_end = e820_entry_end(e);

			if ((type && e->type != type) || !e->size)
				continue;
			if (e->addr <= start && e_end > start) {
				start = e_end;
				progress = true;
			}
		}
	}
	return min(start, end);
}

bool e820__mapped_all(u64 start, u64 end, enum e820_type type)
{
	return e820_table_first_uncovered(&e820_table, start, end, type) >= end;
}

bool e820__firmware_unlisted(u64 start, u64 end, u64 *gap_start, u64 *gap_end)
{
	const struct e820_table *t = &e820_table_firmware;
	u32 i, n = min(t->nr_entries, (u32)E820_MAX_ENTRIES);
	u64 gs = e820_table_first_uncovered(t, start, end, 0), ge = end;

	if (gs >= end)
		return false;
	for (i = 0; i < n; i++)
		if (t->entries[i].size && t->entries[i].addr > gs && t->entries[i].addr < ge)
			ge = t->entries[i].addr;
	*gap_start = gs;
	*gap_end = ge;
	return true;
}

/* ------------------------------------------------------------------------
 * Building the map from boot_info.
 */

/* True if @t has RAM reaching above 1 MiB, where the kernel lives. */
static bool e820_table_has_high_ram(const struct e820_table *t)
{
	u32 i;

	for (i = 0; i < t->nr_entries && i < E820_MAX_ENTRIES; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (e->type == E820_TYPE_RAM && e->size && e820_entry_end(e) > SZ_1M)
			return true;
	}
	return false;
}

/* Sanitise @t; true if the result can be used to run the kernel. */
static bool e820_sanitise_usable(struct e820_table *t)
{
	return e820__update_table(t) == 0 && e820_table_has_high_ram(t);
}

/* UEFI memory descriptor, version 1 (UEFI spec 2.x, EFI_MEMORY_DESCRIPTOR). */
struct efi_mem_desc {
	u32 type;
	u32 pad;
	u64 phys_addr;
	u64 virt_addr;
	u64 num_pages;
	u64 attribute;
};
_Static_assert(sizeof(struct efi_mem_desc) == 40, "EFI_MEMORY_DESCRIPTOR is 40 bytes");

enum {
	EFI_RESERVED_TYPE, EFI_LOADER_CODE, EFI_LOADER_DATA, EFI_BOOT_SERVICES_CODE,
	EFI_BOOT_SERVICES_DATA, EFI_RUNTIME_SERVICES_CODE, EFI_RUNTIME_SERVICES_DATA,
	EFI_CONVENTIONAL_MEMORY, EFI_UNUSABLE_MEMORY, EFI_ACPI_RECLAIM_MEMORY,
	EFI_ACPI_MEMORY_NVS, EFI_MEMORY_MAPPED_IO, EFI_MEMORY_MAPPED_IO_PORT_SPACE,
	EFI_PAL_CODE, EFI_PERSISTENT_MEMORY,
};

#define EFI_MEMORY_SP	(1ULL << 18)	/* specific-purpose memory (UEFI 2.8) */

/*
 * The e820 type Linux's EFI stub gives an EFI memory type; 0 means "leave
 * out". Specific-purpose conventional memory is soft reserved, as with
 * Linux's default CONFIG_EFI_SOFT_RESERVE=y.
 */
static enum e820_type efi_to_e820_type(u32 efi_type, u64 attribute)
{
	switch (efi_type) {
	case EFI_RESERVED_TYPE:
	case EFI_RUNTIME_SERVICES_CODE:
	case EFI_RUNTIME_SERVICES_DATA:
	case EFI_MEMORY_MAPPED_IO:
	case EFI_MEMORY_MAPPED_IO_PORT_SPACE:
	case EFI_PAL_CODE:
		return E820_TYPE_RESERVED;
	case EFI_UNUSABLE_MEMORY:
		return E820_TYPE_UNUSABLE;
	case EFI_ACPI_RECLAIM_MEMORY:
		return E820_TYPE_ACPI;
	case EFI_CONVENTIONAL_MEMORY:
		if (attribute & EFI_MEMORY_SP)
			return E820_TYPE_SOFT_RESERVED;
		return E820_TYPE_RAM;
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
	case EFI_BOOT_SERVICES_CODE:
	case EFI_BOOT_SERVICES_DATA:
		return E820_TYPE_RAM;
	case EFI_ACPI_MEMORY_NVS:
		return E820_TYPE_NVS;
	case EFI_PERSISTENT_MEMORY:
		return E820_TYPE_PMEM;
	default:
		return 0;
	}
}

/* Fill @t from the UEFI memory map in @bi; touching same-type ranges are joined. */
static void e820_from_efi(struct e820_table *t, const struct boot_info *bi)
{
	u32 len = bi->efi_mmap_len, dsz = bi->efi_desc_size, off;

	if (len > BOOT_EFI_MMAP_MAX || dsz < sizeof(struct efi_mem_desc) || dsz > 4096) {
		pr_err("e820: UEFI memory map not usable (%u bytes, descriptor size %u)\n", len, dsz);
		return;
	}
	for (off = 0; off + dsz <= len; off += dsz) {
		struct efi_mem_desc d;
		struct e820_entry *prev = t->nr_entries ? &t->entries[t->nr_entries - 1] : NULL;
		enum e820_type type;
		u64 size;

		memcpy(&d, bi->efi_mmap + off, sizeof(d));
		type = efi_to_e820_type(d.type, d.attribute);
		if (!type || !d.num_pages)
			continue;
		if (d.num_pages > (U64_MAX >> E820_PAGE_SHIFT) ||
		    e820_entry_wraps(d.phys_addr, d.num_pages << E820_PAGE_SHIFT)) {
			pr_err("e820: ignoring UEFI descriptor at 0x%llx with 0x%llx pages: it wraps around\n",
			       (unsigned long long)d.phys_addr, (unsigned long long)d.num_pages);
			continue;
		}
		size = d.num_pages << E820_PAGE_SHIFT;
		if (prev && prev->type == type && prev->addr + prev->size == d.phys_addr &&
		    !e820_entry_wraps(prev->addr, prev->size + size)) {
			prev->size += size;
			continue;
		}
		__e820__range_add(t, d.phys_addr, size, type);
	}
}

/*
 * The map Linux fakes without a firmware map: RAM below @lower, and from
 * 1 MiB for @upper bytes (or up to 16 MiB when the size is unknown).
 */
static void e820_fake_map(struct e820_table *t, u64 lower, u64 upper)
{
	t->nr_entries = 0;
	if (lower)
		__e820__range_add(t, 0, lower, E820_TYPE_RAM);
	if (!upper) {
		pr_err("e820: no memory size information at all; assuming RAM at [mem 0x%08llx-0x%08llx]\n",
		       SZ_1M, FALLBACK_HIGH_END - 1);
		upper = FALLBACK_HIGH_END - SZ_1M;
	}
	__e820__range_add(t, SZ_1M, upper, E820_TYPE_RAM);
	BUG_ON(e820__update_table(t) != 0);
}

void e820__memory_setup(const struct boot_info *bi)
{
	struct e820_table *t = &e820_table;
	const char *who = NULL;
	u64 lower, upper;
	u32 i, n;

	t->nr_entries = 0;
	if (bi->nr_mmap) {
		n = bi->nr_mmap;
		if (n > BOOT_MMAP_MAX) {
			pr_err("e820: boot_info claims %u memory map entries, only %u are stored\n",
			       n, (unsigned int)BOOT_MMAP_MAX);
			n = BOOT_MMAP_MAX;
		}
		if (bi->nr_mmap_dropped)
			pr_warn("e820: the boot loader's memory map had %u more entries than the %u kept; they are ignored\n",
				bi->nr_mmap_dropped, n);
		for (i = 0; i < n; i++)
			__e820__range_add(t, bi->mmap[i].addr, bi->mmap[i].size, bi->mmap[i].type);
		if (e820_sanitise_usable(t))
			who = "BIOS-e820";
		else
			pr_err("e820: the firmware memory map (%u entries) has no usable RAM above 1 MiB; ignoring it\n",
			       n);
	}
	if (!who && bi->efi_mmap_len) {
		t->nr_entries = 0;
		e820_from_efi(t, bi);
		if (e820_sanitise_usable(t))
			who = "BIOS-e820";
		else
			pr_err("e820: the UEFI memory map has no usable RAM above 1 MiB; ignoring it\n");
	}
	if (!who) {
		/* Linux's fallback: 640 KiB of low memory, and what the BIOS counted above 1 MiB. */
		lower = LOWMEM_END;
		upper = 0;
		if (bi->has_meminfo) {
			lower = min((u64)bi->mem_lower_kb << 10, LOWMEM_END);
			upper = (u64)bi->mem_upper_kb << 10;
			if (upper > MULTIBOOT_UPPER_MAX - SZ_1M) {
				pr_err("e820: mem_upper of %u KiB is beyond 4 GiB; capping it\n",
				       bi->mem_upper_kb);
				upper = MULTIBOOT_UPPER_MAX - SZ_1M;
			}
		}
		if (bi->nr_mmap || bi->efi_mmap_len)
			pr_err("e820: using a minimal memory map built from the boot loader's memory sizes\n");
		e820_fake_map(t, lower, upper);
		who = bi->has_meminfo && upper ? "BIOS-e801" : "BIOS-e820";
	}

	memcpy(&e820_table_firmware, t, sizeof(*t));
	pr_info("BIOS-provided physical RAM map:\n");
	e820__print_table(who);
}

/* ------------------------------------------------------------------------
 * mem= and memmap=. The handlers only queue edits, so they work whether the
 * command line is parsed before or after e820__memory_setup();
 * e820__finish_early_params() applies them in command-line order.
 */
enum e820_user_op_kind {
	E820_UOP_EXACTMAP,	/* start from an empty map */
	E820_UOP_LIMIT,		/* remove RAM from @start up */
	E820_UOP_ADD,		/* add [start, start + size) as @to */
	E820_UOP_UPDATE,	/* @from -> @to inside the range */
	E820_UOP_REMOVE,	/* remove the range (only @from if non-zero) */
};

struct e820_user_op {
	enum e820_user_op_kind kind;
	enum e820_type from, to;
	u64 start, size;
};

#define E820_MAX_USER_OPS	64
static struct e820_user_op e820_user_ops[E820_MAX_USER_OPS];
static unsigned int e820_nr_user_ops;

static bool e820_queue_op(const struct e820_user_op *op, const char *param,
			  const char *text, size_t len)
{
	if (e820_nr_user_ops >= E820_MAX_USER_OPS) {
		pr_err("%s: more than %u mem=/memmap= edits; ignoring '%.*s'\n",
		       param, (unsigned int)E820_MAX_USER_OPS, (int)len, text);
		return false;
	}
	e820_user_ops[e820_nr_user_ops++] = *op;
	return true;
}

void e820__discard_user_edits(void)
{
	e820_nr_user_ops = 0;
}

static int parse_memopt(const char *p)
{
	struct e820_user_op op = { .kind = E820_UOP_LIMIT };
	unsigned long long size;
	const char *end;

	if (!p || !*p) {
		pr_err("mem=: a size is required (mem=nn[KMG])\n");
		return -EINVAL;
	}
	if (!strcmp(p, "nopentium")) {
		pr_warn("mem=nopentium ignored! (4 MiB pages are never used here)\n");
		return -EINVAL;
	}
	if (memparse_checked(p, &end, &size) || *end) {
		pr_err("mem=%s: not a size (expected nn[KMGTPE]), ignored\n", p);
		return -EINVAL;
	}
	/* As Linux: mem=0 would remove all memory, so it is refused. */
	if (!size) {
		pr_err("mem=%s: would remove all memory, ignored\n", p);
		return -EINVAL;
	}
	op.start = size;
	return e820_queue_op(&op, "mem", p, strlen(p)) ? 0 : -ENOSPC;
}
early_param("mem", parse_memopt);

/* Parse one memmap= item of @len bytes (not NUL-terminated); queue it or say why not. */
static bool parse_memmap_one(const char *item, size_t len)
{
	struct e820_user_op op = { .kind = E820_UOP_ADD };
	unsigned long long size, start, v;
	const char *p, *stop = item + len, *why;
	char sep;

	if (len == 8 && !strncmp(item, "exactmap", 8)) {
		op.kind = E820_UOP_EXACTMAP;
		return e820_queue_op(&op, "memmap", item, len);
	}
	/* Numbers never swallow the ',' that ends an item, so p stays <= stop. */
	why = "not a size";
	if (memparse_checked(item, &p, &size) || p > stop)
		goto bad;
	why = "a size of 0 does nothing";
	if (!size)
		goto bad;
	op.size = size;
	if (p == stop) {
		/* memmap=nn: like mem=nn. */
		op.kind = E820_UOP_LIMIT;
		op.start = size;
		return e820_queue_op(&op, "memmap", item, len);
	}

	sep = *p;
	switch (sep) {
	case '@':
		op.to = E820_TYPE_RAM;
		break;
	case '#':
		op.to = E820_TYPE_ACPI;
		break;
	case '$':
		op.to = E820_TYPE_RESERVED;
		break;
	case '!':
		op.to = E820_TYPE_PRAM;
		break;
	case '%':
		break;
	default:
		why = "unknown separator after the size";
		goto bad;
	}
	why = "the start address is not a size";
	if (memparse_checked(p + 1, &p, &start) || p > stop)
		goto bad;
	op.start = start;

	if (sep == '%') {
		why = "the old type is not a number from 1 to 0xffffffff";
		if (p < stop && *p == '-') {
			if (parse_ull(p + 1, &p, 0, &v) || p > stop || !v || v > 0xffffffffULL)
				goto bad;
			op.from = (enum e820_type)v;
		}
		why = "the new type is not a number from 1 to 0xffffffff";
		if (p < stop && *p == '+') {
			if (parse_ull(p + 1, &p, 0, &v) || p > stop || !v || v > 0xffffffffULL)
				goto bad;
			op.to = (enum e820_type)v;
		}
		why = "the old and the new type are the same";
		if (op.from && op.from == op.to)
			goto bad;
		if (op.from)
			op.kind = op.to ? E820_UOP_UPDATE : E820_UOP_REMOVE;
		else if (!op.to)
			op.kind = E820_UOP_REMOVE;
	}
	why = "unexpected characters after the start address";
	if (p != stop)
		goto bad;
	why = "the range wraps around the address space";
	if (op.kind == E820_UOP_ADD && size > U64_MAX - start)
		goto bad;
	return e820_queue_op(&op, "memmap", item, len);

bad:
	pr_err("memmap=%.*s: %s; ignored\n", (int)len, item, why);
	return false;
}

static int parse_memmap_opt(const char *str)
{
	unsigned int good = 0, bad = 0;
	size_t len;

	if (!str || !*str) {
		pr_err("memmap=: a value is required\n");
		return -EINVAL;
	}
	for (; *str; str += len + (str[len] == ',')) {
		len = strcspn(str, ",");
		if (!len)
			continue;
		if (parse_memmap_one(str, len))
			good++;
		else
			bad++;
	}
	/* Items that parsed are kept even if others did not: each bad one was reported. */
	return good || !bad ? 0 : -EINVAL;
}
early_param("memmap", parse_memmap_opt);

static void e820_apply_user_op(const struct e820_user_op *op)
{
	switch (op->kind) {
	case E820_UOP_EXACTMAP:
		e820_table.nr_entries = 0;
		break;
	case E820_UOP_LIMIT:
		e820__range_remove(op->start, U64_MAX - op->start, E820_TYPE_RAM, true);
		break;
	case E820_UOP_ADD:
		e820__range_add(op->start, op->size, op->to);
		break;
	case E820_UOP_UPDATE:
		e820__range_update(op->start, op->size, op->from, op->to);
		break;
	case E820_UOP_REMOVE:
		e820__range_remove(op->start, op->size, op->from, op->from != 0);
		break;
	}
}

void e820__finish_early_params(void)
{
	/* The map before the edits, to fall back to (too big for an early stack). */
	static struct e820_table before;
	unsigned int i;

	if (!e820_nr_user_ops)
		return;
	memcpy(&before, &e820_table, sizeof(before));
	for (i = 0; i < e820_nr_user_ops; i++)
		e820_apply_user_op(&e820_user_ops[i]);
	e820_nr_user_ops = 0;

	if (!e820_sanitise_usable(&e820_table)) {
		/* Linux panics here; a kernel that can still boot is more useful. */
		pr_err("e820: the user-defined memory map (mem=/memmap=) has no usable RAM above 1 MiB; ignoring it\n");
		memcpy(&e820_table, &before, sizeof(before));
		return;
	}
	pr_info("user-defined physical RAM map:\n");
	e820__print_table("user");
}

void e820__add_kernel_range(u64 start, u64 end)
{
	if (end <= start || e820__mapped_all(start, end, E820_TYPE_RAM))
		return;
	pr_warn(".text .data and .bss are not marked as E820_TYPE_RAM!\n");
	e820__range_remove(start, end - start, 0, false);
	e820__range_add(start, end - start, E820_TYPE_RAM);
}

void e820__trim_early(void)
{
	/* The first page belongs to the BIOS (real-mode IVT and BDA). */
	e820__range_update(0, E820_PAGE_SIZE, E820_TYPE_RAM, E820_TYPE_RESERVED);
	/* Some BIOSes report the VGA/ROM hole as RAM. */
	e820__range_remove(BIOS_BEGIN, BIOS_END - BIOS_BEGIN, E820_TYPE_RAM, true);
	e820__update_table(&e820_table);
}

/* Linux's e820_end_pfn() for RAM: relies on the table being sorted. */
static u64 e820_end_ram_pfn(u64 limit_pfn)
{
	u64 last_pfn = 0;
	u32 i, n = min(e820_table.nr_entries, (u32)E820_MAX_ENTRIES);

	for (i = 0; i < n; i++) {
		const struct e820_entry *e = &e820_table.entries[i];
		u64 start_pfn, end_pfn;

		if (e->type != E820_TYPE_RAM)
			continue;
		start_pfn = e->addr >> E820_PAGE_SHIFT;
		end_pfn = e820_entry_end(e) >> E820_PAGE_SHIFT;
		if (start_pfn >= limit_pfn)
			continue;
		if (end_pfn > limit_pfn) {
			last_pfn = limit_pfn;
			break;
		}
		if (end_pfn > last_pfn)
			last_pfn = end_pfn;
	}
	if (last_pfn > MAX_ARCH_PFN)
		last_pfn = MAX_ARCH_PFN;
	pr_info("last_pfn = 0x%llx max_arch_pfn = 0x%llx\n",
		(unsigned long long)last_pfn, (unsigned long long)MAX_ARCH_PFN);
	return last_pfn;
}

u64 e820__end_of_ram_pfn(void)
{
	return e820_end_ram_pfn(MAX_ARCH_PFN);
}

u64 e820__end_of_low_ram_pfn(void)
{
	return e820_end_ram_pfn(1ULL << (32 - E820_PAGE_SHIFT));
}

void e820__memblock_setup(void)
{
	u32 i, n = min(e820_table.nr_entries, (u32)E820_MAX_ENTRIES);

	for (i = 0; i < n; i++) {
		const struct e820_entry *e = &e820_table.entries[i];

		if (!e->size || e820_entry_wraps(e->addr, e->size))
			continue;
		if (e->type == E820_TYPE_SOFT_RESERVED)
			memblock_reserve(e->addr, e->size);
		if (e->type != E820_TYPE_RAM && e->type != E820_TYPE_RESERVED_KERN)
			continue;
		memblock_add(e->addr, e->size);
	}
	/* Partial pages at the ends of RAM ranges are of no use to the page allocator. */
	memblock_trim_memory(E820_PAGE_SIZE);
	if (memblock_debug)
		memblock_dump_all();
}

static void e820_dump(void)
{
	char name[E820_TYPE_NAME_MAX];
	u32 i, n = min(e820_table.nr_entries, (u32)E820_MAX_ENTRIES);

	for (i = 0; i < n; i++) {
		const struct e820_entry *e = &e820_table.entries[i];

		printk_raw("e820: [mem 0x%016llx-0x%016llx] %s\n",
			   (unsigned long long)e->addr,
			   (unsigned long long)(e820_entry_end(e) - 1),
			   e820_type_name(e->type, name));
	}
}
DEFINE_DUMP(e820, "e820", e820_dump, "the e820 memory map in use, one entry per line");

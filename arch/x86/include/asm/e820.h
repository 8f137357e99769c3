/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The e820 memory map (arch/x86/fw/e820.c), with Linux's types, rules,
 * boot parameters (mem=, memmap=) and log lines.
 *
 * Life cycle during boot, in this order:
 *	e820__memory_setup(&boot_info);	firmware map -> e820_table, printed
 *	parse_early_param();		mem=/memmap= are queued (any order
 *					relative to e820__memory_setup)
 *	e820__finish_early_params();	queued edits applied, "user:" map printed
 *	e820__add_kernel_range(s, e);	the kernel image is RAM, whatever the map says
 *	e820__trim_early();		first page reserved, 640K-1M removed
 *	e820__end_of_ram_pfn();		max_pfn
 *	e820__memblock_setup();		RAM handed to memblock
 *
 * Every table kept here is sorted, non-overlapping and merged after
 * e820__update_table(); entries never wrap around the 64-bit space.
 */
#ifndef NB_ASM_E820_H
#define NB_ASM_E820_H

#include <kernel/types.h>
#include <arch/boot.h>

/* Room for every entry boot_info can hand over, plus edits by memmap=. */
#define E820_MAX_ENTRIES	320
_Static_assert(E820_MAX_ENTRIES >= BOOT_MMAP_MAX,
	       "the e820 table must hold every entry boot_info can hand over");

enum e820_type {
	E820_TYPE_RAM		= 1,
	E820_TYPE_RESERVED	= 2,
	E820_TYPE_ACPI		= 3,
	E820_TYPE_NVS		= 4,
	E820_TYPE_UNUSABLE	= 5,
	E820_TYPE_PMEM		= 7,
	/* Legacy persistent memory (memmap=nn!ss); never merged with neighbours. */
	E820_TYPE_PRAM		= 12,
	/* EFI "specific purpose" memory; never merged with neighbours. */
	E820_TYPE_SOFT_RESERVED	= 0xefffffff,
	/* Linux's kernel-internal "RAM that holds boot data": usable RAM. */
	E820_TYPE_RESERVED_KERN	= 128,
};

struct e820_entry {
	u64 addr;
	u64 size;		/* [addr, addr + size); never wraps once sanitised */
	enum e820_type type;
};

struct e820_table {
	u32 nr_entries;
	struct e820_entry entries[E820_MAX_ENTRIES];
};

/* The map the kernel uses (changed by boot parameters and trims). */
extern struct e820_table e820_table;
/* The firmware's map as e820__memory_setup() built it, sanitised, before any edit. */
extern struct e820_table e820_table_firmware;

/*
 * Highest page frame number the architecture can address: x86_64 with
 * 4-level paging maps 2^46 bytes of physical memory (Linux's MAXMEM),
 * i386 with PAE 2^36.
 */
#define E820_PAGE_SHIFT		12
#ifdef __x86_64__
#define MAX_ARCH_PFN		(1ULL << (46 - E820_PAGE_SHIFT))
#else
#define MAX_ARCH_PFN		(1ULL << (36 - E820_PAGE_SHIFT))
#endif

/*
 * Linux's sanitiser: sort, resolve overlaps in favour of the higher type
 * number, drop empty entries, merge touching entries of one type (except
 * PRAM and SOFT_RESERVED). Entries that wrap around the 64-bit space are
 * dropped with a message. If more entries result than fit, the highest are
 * dropped with a message.
 * Returns 0, or -1 with @t unchanged when there is nothing to trust: no
 * entries, a corrupt count, or no entry left once the bad ones are dropped.
 */
int e820__update_table(struct e820_table *t);

/*
 * Build e820_table (and e820_table_firmware) from what the boot path handed
 * over: the firmware map, else the UEFI map, else mem_lower/mem_upper; a map
 * without usable RAM is replaced by a minimal safe one. Prints Linux's
 * "BIOS-provided physical RAM map:" block.
 */
void e820__memory_setup(const struct boot_info *bi);

/* Print @t as "<who>: [mem 0x%016llx-0x%016llx] <type>" lines (KERN_INFO). */
void e820__print_table_of(const struct e820_table *t, const char *who);
void e820__print_table(const char *who);

/*
 * Linux's printed name of @type ("usable", "persistent (type 7)", "type 9");
 * @buf (E820_TYPE_NAME_MAX bytes) holds the names that carry a number.
 */
#define E820_TYPE_NAME_MAX	24
const char *e820_type_name(enum e820_type type, char buf[E820_TYPE_NAME_MAX]);

/* Append an entry (unsanitised) to e820_table; logs and ignores it when full. */
void e820__range_add(u64 start, u64 size, enum e820_type type);

/*
 * Change the type of everything of @old_type inside [start, start + size)
 * to @new_type; @size is clamped so the range ends at most at 2^64 - 1.
 * Logs "e820: update [mem ...] old ==> new". Returns the bytes changed.
 * The table is left unsorted: call e820__update_table() afterwards.
 */
u64 e820__range_update(u64 start, u64 size, enum e820_type old_type, enum e820_type new_type);
u64 e820__range_update_table(struct e820_table *t, u64 start, u64 size,
			     enum e820_type old_type, enum e820_type new_type);
/* Remove [start, start + size) (only @old_type if @check_type). Logs "e820: remove ...". */
u64 e820__range_remove(u64 start, u64 size, enum e820_type old_type, bool check_type);

/* True if all of [start, end) is covered by entries of @type (0: any type). */
bool e820__mapped_all(u64 start, u64 end, enum e820_type type);
/* True if any part of [start, end) is covered by an entry of @type (0: any type). */
bool e820__mapped_any(u64 start, u64 end, enum e820_type type);
/*
 * The first range inside [start, end) that the firmware's map (before mem=,
 * memmap= and the early trims) does not list with any type: sets
 * [*gap_start, *gap_end) and returns true, or returns false if there is none.
 */
bool e820__firmware_unlisted(u64 start, u64 end, u64 *gap_start, u64 *gap_end);

/*
 * Apply the edits queued by mem= and memmap= in command-line order, then
 * sanitise and print "user-defined physical RAM map:" / "user: ..." lines.
 * A user map that cannot be sanitised or holds no usable RAM is rejected
 * with a message and the firmware map is used instead.
 */
void e820__finish_early_params(void);
/* Drop edits queued by mem=/memmap= without applying them (tests). */
void e820__discard_user_edits(void);

/*
 * Linux's e820_add_kernel_range(): if [start, end) (the kernel image) is not
 * all RAM, say so and make it RAM. Call before e820__trim_early().
 */
void e820__add_kernel_range(u64 start, u64 end);

/*
 * Linux's trim_bios_range(), with its lines: reserve the first page, remove
 * RAM between 640 KiB and 1 MiB, then sanitise.
 */
void e820__trim_early(void);

/* Page frame just past the highest RAM, capped at MAX_ARCH_PFN; logs "last_pfn = ...". */
u64 e820__end_of_ram_pfn(void);
/* Same, below 4 GiB. */
u64 e820__end_of_low_ram_pfn(void);

/* memblock_add() every RAM entry, reserve SOFT_RESERVED ones, drop partial pages. */
void e820__memblock_setup(void);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target for the e820 code: arbitrary bytes become (1) a raw
 * table for the sanitiser, (2) the firmware map, UEFI map and memory sizes
 * of a boot_info for e820__memory_setup(), followed by the trims and the
 * hand-over to memblock. Every result is checked against the invariants and
 * the meaning of the sanitiser (at every entry start, the highest type of
 * the input entries covering it); a violation traps.
 *
 * Input: byte 0 selects options, the rest is a sequence of 20-byte records
 * (u64 addr, u64 size, u32 type, little-endian) or, for the UEFI map, raw
 * descriptors.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/printk.h>
#include <lib/string.h>
#include <arch/boot.h>
#include <mm/memblock.h>
#include <asm/e820.h>
#include "fuzz.h"

#define REC	20

static struct e820_table in, out;
static struct boot_info bi;

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static u64 get64(const u8 *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static u32 get32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static bool usable(const struct e820_entry *e)
{
	return e->size && e->type && e->size <= ~0ULL - e->addr;
}

static void check_sane(const struct e820_table *t)
{
	u32 i;

	CHECK(t->nr_entries <= E820_MAX_ENTRIES);
	for (i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		CHECK(usable(e));
		if (i) {
			const struct e820_entry *p = e - 1;

			CHECK(p->addr + p->size <= e->addr);
			CHECK(!(p->addr + p->size == e->addr && p->type == e->type &&
				e->type != E820_TYPE_PRAM && e->type != E820_TYPE_SOFT_RESERVED));
		}
	}
}

/* Highest type among usable entries of @t covering @addr (0: none). */
static u32 top_type(const struct e820_table *t, u64 addr)
{
	u32 i, type = 0;

	for (i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (usable(e) && e->addr <= addr && addr - e->addr < e->size && e->type > type)
			type = e->type;
	}
	return type;
}

static void check_sanitiser(const u8 *data, size_t size)
{
	u32 i, n = (u32)(size / REC);
	bool any = false;
	int rc;

	if (n > E820_MAX_ENTRIES)
		n = E820_MAX_ENTRIES;
	memset(&in, 0, sizeof(in));
	for (i = 0; i < n; i++) {
		in.entries[i].addr = get64(data + i * REC);
		in.entries[i].size = get64(data + i * REC + 8);
		in.entries[i].type = get32(data + i * REC + 16);
		any |= usable(&in.entries[i]);
	}
	in.nr_entries = n;
	memcpy(&out, &in, sizeof(out));
	rc = e820__update_table(&out);
	if (rc) {
		CHECK(!any);
		CHECK(!memcmp(&out, &in, sizeof(in)));
		return;
	}
	CHECK(any);
	check_sane(&out);
	/* Each output entry has, at both ends, the type that wins there in the input. */
	for (i = 0; i < out.nr_entries; i++) {
		const struct e820_entry *e = &out.entries[i];

		CHECK(top_type(&in, e->addr) == e->type);
		CHECK(top_type(&in, e->addr + e->size - 1) == e->type);
	}
	/* Every usable input entry starts inside some output entry (unless the output was cut short). */
	if (out.nr_entries < E820_MAX_ENTRIES) {
		for (i = 0; i < n; i++) {
			u32 j;
			bool covered = false;

			if (!usable(&in.entries[i]))
				continue;
			for (j = 0; j < out.nr_entries && !covered; j++)
				covered = out.entries[j].addr <= in.entries[i].addr &&
					  in.entries[i].addr - out.entries[j].addr < out.entries[j].size;
			CHECK(covered);
		}
	}
	/* Sanitising again changes nothing. */
	memcpy(&in, &out, sizeof(in));
	CHECK(e820__update_table(&out) == 0);
	CHECK(!memcmp(&out, &in, sizeof(in)));
}

static void check_memblock(const struct memblock_type *type)
{
	unsigned long i;
	phys_addr_t total = 0;

	CHECK(type->cnt <= type->max);
	for (i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		CHECK(r->size && r->size <= ~0ULL - r->base);
		if (i)
			CHECK(type->regions[i - 1].base + type->regions[i - 1].size <= r->base);
		total += r->size;
	}
	CHECK(total == type->total_size);
}

static void check_setup(u8 opts, const u8 *data, size_t size)
{
	u32 i, n = (u32)(size / REC);

	memset(&bi, 0, sizeof(bi));
	if (opts & 1) {
		/* As a UEFI map: raw descriptors of a size picked by the options. */
		static const u32 dsz[] = { 40, 48, 16, 4097 };

		bi.efi_desc_size = dsz[(opts >> 1) & 3];
		bi.efi_mmap_len = (u32)(size < BOOT_EFI_MMAP_MAX ? size : BOOT_EFI_MMAP_MAX);
		memcpy(bi.efi_mmap, data, bi.efi_mmap_len);
	} else {
		if (n > BOOT_MMAP_MAX)
			n = BOOT_MMAP_MAX;
		for (i = 0; i < n; i++) {
			bi.mmap[i].addr = get64(data + i * REC);
			bi.mmap[i].size = get64(data + i * REC + 8);
			bi.mmap[i].type = get32(data + i * REC + 16);
		}
		bi.nr_mmap = n;
		bi.nr_mmap_dropped = (opts >> 1) & 3;
	}
	if (opts & 0x10) {
		bi.has_meminfo = true;
		bi.mem_lower_kb = size ? data[0] * 4u : 640;
		bi.mem_upper_kb = size >= 4 ? get32(data + size - 4) : 0;
	}

	e820__memory_setup(&bi);
	check_sane(&e820_table);
	CHECK(!memcmp(&e820_table, &e820_table_firmware, sizeof(e820_table)));
	/* The kernel needs RAM above 1 MiB, whatever the input. */
	for (i = 0; i < e820_table.nr_entries; i++)
		if (e820_table.entries[i].type == E820_TYPE_RAM &&
		    e820_table.entries[i].addr + e820_table.entries[i].size > 0x100000)
			break;
	CHECK(i < e820_table.nr_entries);

	e820__add_kernel_range(0x100000, 0x100000 + (opts & 0x20 ? 0x800000 : 0x200000));
	e820__trim_early();
	check_sane(&e820_table);
	CHECK(e820__end_of_ram_pfn() <= MAX_ARCH_PFN);
	CHECK(e820__end_of_low_ram_pfn() <= (1ULL << 20));

	memblock_reset();
	e820__memblock_setup();
	check_memblock(&memblock.memory);
	check_memblock(&memblock.reserved);
	if (opts & 0x40)
		(void)memblock_phys_alloc_try_nid(4096, 4096, NUMA_NO_NODE);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return fuzz_init(argc, argv, fuzz_quiet);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u8 opts;

	if (!size)
		return 0;
	opts = data[0];
	data++;
	size--;
	check_sanitiser(data, size);
	check_setup(opts, data, size);
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target for mem= and memmap=: arbitrary text is handed to the
 * boot-parameter parser as the value of memmap= or mem=, or as a whole
 * command line, over the memory map of a QEMU machine; then the user map is
 * applied, trimmed and given to memblock. The map must stay sane and keep
 * RAM above 1 MiB whatever the text says (a map the user broke is refused).
 *
 * Input: byte 0 picks the form (0: memmap=TEXT, 1: mem=TEXT, 2: TEXT), the
 * rest is the text (cut at the first NUL and at 2000 bytes).
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <arch/boot.h>
#include <mm/memblock.h>
#include <asm/e820.h>
#include "fuzz.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)
#define TEXT_MAX 2000

static struct boot_info bi;
static char text[TEXT_MAX + 1];
static char cmdline[TEXT_MAX + 16];

/* QEMU 7.2 / SeaBIOS with -m 4G: RAM on both sides of the PCI hole. */
static const struct boot_mmap_entry qemu_4g[] = {
	{ 0x0, 0x9fc00, 1 }, { 0x9fc00, 0x400, 2 }, { 0xf0000, 0x10000, 2 },
	{ 0x100000, 0xbfee0000, 1 }, { 0xbffe0000, 0x20000, 2 },
	{ 0xfffc0000, 0x40000, 2 }, { 0x100000000, 0x40000000, 1 },
	{ 0xfd00000000, 0x300000000, 2 },
};

static void check_sane(const struct e820_table *t)
{
	u32 i;
	bool high_ram = false;

	CHECK(t->nr_entries >= 1 && t->nr_entries <= E820_MAX_ENTRIES);
	for (i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		CHECK(e->size && e->type && e->size <= ~0ULL - e->addr);
		if (i)
			CHECK(t->entries[i - 1].addr + t->entries[i - 1].size <= e->addr);
		if (e->type == E820_TYPE_RAM && e->addr + e->size > 0x100000)
			high_ram = true;
	}
	CHECK(high_ram);
}

static void setup(void)
{
	fuzz_quiet();
	memcpy(bi.mmap, qemu_4g, sizeof(qemu_4g));
	bi.nr_mmap = ARRAY_SIZE(qemu_4g);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return fuzz_init(argc, argv, setup);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static const char *const prefix[] = { "memmap=", "mem=", "" };
	size_t len;
	u8 form;
	unsigned long i;

	if (!size)
		return 0;
	form = data[0] % 3;
	len = size - 1 < TEXT_MAX ? size - 1 : TEXT_MAX;
	memcpy(text, data + 1, len);
	text[len] = '\0';
	snprintf(cmdline, sizeof(cmdline), "%s%s", prefix[form], text);

	e820__discard_user_edits();
	e820__memory_setup(&bi);
	parse_params(cmdline, true, false);
	e820__finish_early_params();
	check_sane(&e820_table);
	/* The firmware's copy never changes. */
	CHECK(e820_table_firmware.nr_entries == ARRAY_SIZE(qemu_4g));

	e820__trim_early();
	CHECK(e820__end_of_ram_pfn() <= MAX_ARCH_PFN);
	memblock_reset();
	e820__memblock_setup();
	CHECK(memblock.memory.cnt <= memblock.memory.max);
	for (i = 1; i < memblock.memory.cnt; i++)
		CHECK(memblock.memory.regions[i - 1].base + memblock.memory.regions[i - 1].size <=
		      memblock.memory.regions[i].base);
	e820__discard_user_edits();
	return 0;
}

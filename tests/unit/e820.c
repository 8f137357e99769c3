/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * e820: the sanitiser, the firmware-map set-up and its fallbacks, Linux's
 * trims, mem=/memmap= and the log lines, checked against what Linux 6.1
 * printed for the same QEMU machines (shared/reference/).
 *
 * Runs in the kernel too: the suite saves the global tables in init() and
 * puts them back in exit(), and every case that feeds bad input on purpose
 * does so with the console suppressed (the log ring still records it).
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/ktest.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/report.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <arch/boot.h>
#include <asm/e820.h>

#define RAM	E820_TYPE_RAM
#define RES	E820_TYPE_RESERVED
#define ACPI	E820_TYPE_ACPI
#define NVS	E820_TYPE_NVS
#define UNUS	E820_TYPE_UNUSABLE
#define PMEM	E820_TYPE_PMEM
#define PRAM	E820_TYPE_PRAM

#define E(a, s, ty)	{ .addr = (a), .size = (s), .type = (ty) }
#define K(x)		((u64)(x) << 10)
#define M(x)		((u64)(x) << 20)
#define G(x)		((u64)(x) << 30)

/* Too big for a kernel stack: every case shares these. */
static struct e820_table saved_table, saved_firmware;
static struct e820_table tt;
static struct boot_info bi;

static int e820_suite_init(void)
{
	memcpy(&saved_table, &e820_table, sizeof(saved_table));
	memcpy(&saved_firmware, &e820_table_firmware, sizeof(saved_firmware));
	e820__discard_user_edits();
	return 0;
}

static void e820_suite_exit(void)
{
	e820__discard_user_edits();
	memcpy(&e820_table, &saved_table, sizeof(saved_table));
	memcpy(&e820_table_firmware, &saved_firmware, sizeof(saved_firmware));
}

static void set_table(struct e820_table *t, const struct e820_entry *e, u32 n)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->entries, e, n * sizeof(*e));
	t->nr_entries = n;
}
#define SET_TABLE(t, ...) do {						\
	static const struct e820_entry __in[] = { __VA_ARGS__ };	\
	set_table(t, __in, ARRAY_SIZE(__in));				\
} while (0)

static void expect_table(struct ktest *t, const struct e820_table *tbl,
			 const struct e820_entry *exp, u32 n, int line)
{
	u32 i;

	KTEST_EXPECT_MSG(t, tbl->nr_entries == n, "line %d: %u entries, expected %u",
			 line, tbl->nr_entries, n);
	for (i = 0; i < n && i < tbl->nr_entries; i++) {
		const struct e820_entry *g = &tbl->entries[i];

		KTEST_EXPECT_MSG(t, g->addr == exp[i].addr && g->size == exp[i].size &&
				 g->type == exp[i].type,
				 "line %d: entry %u is [%#llx +%#llx] type %u, expected [%#llx +%#llx] type %u",
				 line, i, (unsigned long long)g->addr, (unsigned long long)g->size,
				 (unsigned int)g->type, (unsigned long long)exp[i].addr,
				 (unsigned long long)exp[i].size, (unsigned int)exp[i].type);
	}
}
#define EXPECT_TABLE(t, tbl, ...) do {					\
	static const struct e820_entry __exp[] = { __VA_ARGS__ };	\
	expect_table(t, tbl, __exp, ARRAY_SIZE(__exp), __LINE__);	\
} while (0)

/* The invariants of a sanitised table, checked independently of the sanitiser. */
static bool table_is_sane(const struct e820_table *tbl)
{
	u32 i;

	if (tbl->nr_entries > E820_MAX_ENTRIES)
		return false;
	for (i = 0; i < tbl->nr_entries; i++) {
		const struct e820_entry *e = &tbl->entries[i], *p = i ? e - 1 : NULL;

		if (!e->size || !e->type || e->size > ~0ULL - e->addr)
			return false;
		if (p && p->addr + p->size > e->addr)
			return false;
		if (p && p->addr + p->size == e->addr && p->type == e->type &&
		    e->type != PRAM && e->type != E820_TYPE_SOFT_RESERVED)
			return false;
	}
	return true;
}

/* QEMU 7.2 / SeaBIOS, -m 2G (shared/reference/linux-6.1-2node-2G/dmesg.txt). */
static const struct boot_mmap_entry qemu_2g_map[] = {
	{ 0x0, 0x9fc00, 1 },
	{ 0x9fc00, 0x400, 2 },
	{ 0xf0000, 0x10000, 2 },
	{ 0x100000, 0x7fee0000, 1 },
	{ 0x7ffe0000, 0x20000, 2 },
	{ 0xfffc0000, 0x40000, 2 },
	{ 0xfd00000000, 0x300000000, 2 },
};

/* QEMU 7.2 / SeaBIOS, -m 4G: 3 GiB below the PCI hole (linux-6.1-4node-4G-slit). */
static const struct boot_mmap_entry qemu_4g_map[] = {
	{ 0x0, 0x9fc00, 1 },
	{ 0x9fc00, 0x400, 2 },
	{ 0xf0000, 0x10000, 2 },
	{ 0x100000, 0xbfee0000, 1 },
	{ 0xbffe0000, 0x20000, 2 },
	{ 0xfffc0000, 0x40000, 2 },
	{ 0x100000000, 0x40000000, 1 },
	{ 0xfd00000000, 0x300000000, 2 },
};

static void set_bi_map(const struct boot_mmap_entry *m, u32 n)
{
	memset(&bi, 0, sizeof(bi));
	bi.source = BOOT_SRC_MULTIBOOT1;
	memcpy(bi.mmap, m, n * sizeof(*m));
	bi.nr_mmap = n;
}

/* Quietly install the 2 GiB QEMU map as the firmware map. */
static void setup_qemu_2g(void)
{
	set_bi_map(qemu_2g_map, ARRAY_SIZE(qemu_2g_map));
	console_suppress++;
	e820__memory_setup(&bi);
	console_suppress--;
}

/* ------------------------------------------------------------------------ */

static void test_type_names(struct ktest *t)
{
	char buf[E820_TYPE_NAME_MAX];

	KTEST_EXPECT_STREQ(t, e820_type_name(RAM, buf), "usable");
	KTEST_EXPECT_STREQ(t, e820_type_name(E820_TYPE_RESERVED_KERN, buf), "usable");
	KTEST_EXPECT_STREQ(t, e820_type_name(RES, buf), "reserved");
	KTEST_EXPECT_STREQ(t, e820_type_name(ACPI, buf), "ACPI data");
	KTEST_EXPECT_STREQ(t, e820_type_name(NVS, buf), "ACPI NVS");
	KTEST_EXPECT_STREQ(t, e820_type_name(UNUS, buf), "unusable");
	KTEST_EXPECT_STREQ(t, e820_type_name(PMEM, buf), "persistent (type 7)");
	KTEST_EXPECT_STREQ(t, e820_type_name(PRAM, buf), "persistent (type 12)");
	KTEST_EXPECT_STREQ(t, e820_type_name(E820_TYPE_SOFT_RESERVED, buf), "soft reserved");
	KTEST_EXPECT_STREQ(t, e820_type_name(9, buf), "type 9");
	KTEST_EXPECT_STREQ(t, e820_type_name(4000000000u, buf), "type 4000000000");
}

static void test_sanitise_unsorted(struct ktest *t)
{
	SET_TABLE(&tt, E(M(1), M(15), RAM), E(0, K(640), RAM), E(0xf0000, K(64), RES),
		  E(G(4), G(1), RAM));
	KTEST_ASSERT_EQ(t, e820__update_table(&tt), 0);
	EXPECT_TABLE(t, &tt, E(0, K(640), RAM), E(0xf0000, K(64), RES), E(M(1), M(15), RAM),
		     E(G(4), G(1), RAM));
	KTEST_EXPECT(t, table_is_sane(&tt));
}

static void test_sanitise_overlap_higher_wins(struct ktest *t)
{
	/* A reserved range over the end of RAM wins, whichever comes first. */
	SET_TABLE(&tt, E(0x18000, 0x8000, RES), E(0, 0x20000, RAM));
	KTEST_ASSERT_EQ(t, e820__update_table(&tt), 0);
	EXPECT_TABLE(t, &tt, E(0, 0x18000, RAM), E(0x18000, 0x8000, RES));

	/* RAM over a reserved range loses there but keeps its own parts. */
	SET_TABLE(&tt, E(0x10000, 0x10000, RES), E(0x8000, 0x20000, RAM));
	KTEST_ASSERT_EQ(t, e820__update_table(&tt), 0);
	EXPECT_TABLE(t, &tt, E(0x8000, 0x8000, RAM), E(0x10000, 0x10000, RES),
		     E(0x20000, 0x8000, RAM));
}

static void test_sanitise_three_way(struct ktest *t)
{
	/* RAM under ACPI data under ACPI NVS: at every point the highest type shows. */
	SET_TABLE(&tt, E(K(40), K(40), NVS), E(0, K(100), RAM), E(K(20), K(40), ACPI));
	KTEST_ASSERT_EQ(t, e820__update_table(&tt), 0);
	EXPECT_TABLE(t, &tt, E(0, K(20), RAM), E(K(20), K(20), ACPI), E(K(40), K(40), NVS),
		     E(K(80), K(20), RAM));

	/* Three entries over one range, plus an unknown type 20 that outranks them. */
	SET_TABLE(&tt, E(0, M(4), RAM), E(0, M(4), UNUS), E(M(1), M(1), 20), E(0, M(4), RES));
	KTEST_ASSERT_EQ(t, e820__update_table(&tt), 0);
	EXPECT_TABLE(t, &tt, E(0, M(1), UNUS), E(M(1), M(1), 20), E(M(2), M(2), UNUS));
	KTEST_EXPECT(t, table_is_sane(&tt));
}

static void test_sanitise_contained(struct ktest *t)
{
	SET_TABLE(&tt, E(0, M(1), RAM), E(K(4), K(4), RES), E(K(16), K(4), ACPI),
		  E(K(8), K(4), RAM));
	KTEST_ASSERT_EQ(t, e820__update_table(&tt), 0);
	EXPECT_TABLE(t, &tt, E(0, K(4), RAM), E(K(4), K(4), RES), E(K(8), K(8), RAM),
		     E(K(16), K(4), ACPI), E(K(20), M(1) - K(20), RAM));

	/* An entry inside one of a higher type disappears. */
	SET_TABLE(&tt, E(M(2), M(2), RES), E(M(3), K(4), RAM));
	KTEST_ASSERT_EQ(t, e820__update_table(&tt), 0);
	EXPECT_TABLE(t, &tt, E(M(2), M(2), RES));
}

static void test_sanitise_zero_and_untyped(struct ktest *t)
{
	SET_TABLE(&tt, E(0, 0, RAM), E(M(1), M(1), RAM), E(M(8), 0, RES), E(M(4), M(1), 0));
	KTEST_ASSERT_EQ(t, e820__update_table(&tt), 0);
	EXPECT_TABLE(t, &tt, E(M(1), M(1), RAM));
}

static void test_sanitise_merges(struct ktest *t)
{
	/* Touching or overlapping entries of one type merge; duplicates collapse. */
	SET_TABLE(&tt, E(0, K(4), RAM), E(K(4), K(4), RAM), E(K(6), K(10), RAM),
		  E(M(1), M(1), RES), E(M(1), M(1), RES), E(M(2), M(1), ACPI));
	KTEST_ASSERT_EQ(t, e820__update_table(&tt), 0);
	EXPECT_TABLE(t, &tt, E(0, K(16), RAM), E(M(1), M(1), RES), E(M(2), M(1), ACPI));

	/* PRAM ranges stay apart, as in Linux (they can be separate devices). */
	SET_TABLE(&tt, E(G(4), G(1), PRAM), E(G(5), G(1), PRAM), E(G(6), G(1), PMEM),
		  E(G(7), G(1), PMEM));
	KTEST_ASSERT_EQ(t, e820__update_table(&tt), 0);
	EXPECT_TABLE(t, &tt, E(G(4), G(1), PRAM), E(G(5), G(1), PRAM), E(G(6), G(2), PMEM));

	/* Sanitising is idempotent. */
	KTEST_ASSERT_EQ(t, e820__update_table(&tt), 0);
	EXPECT_TABLE(t, &tt, E(G(4), G(1), PRAM), E(G(5), G(1), PRAM), E(G(6), G(2), PMEM));
}

static void test_sanitise_wrap_around(struct ktest *t)
{
	u64 mark;
	int rc;

	/* Wraps past 2^64, ends exactly at 2^64, and one that just fits. */
	SET_TABLE(&tt, E(0xfffffffffffff000ULL, 0x2000, RES), E(0, M(1), RAM),
		  E(0xffffffff00000000ULL, 0x100000000ULL, RES),
		  E(0xfffffffe00000000ULL, 0xffffffffULL, RES));
	mark = printk_log_mark();
	console_suppress++;
	rc = e820__update_table(&tt);
	console_suppress--;
	KTEST_ASSERT_EQ(t, rc, 0);
	EXPECT_TABLE(t, &tt, E(0, M(1), RAM), E(0xfffffffe00000000ULL, 0xffffffffULL, RES));
	KTEST_EXPECT_LOG(t, mark, "e820: ignoring entry [mem 0xfffffffffffff000] + 0x2000 (type 2): it wraps around the address space");
	KTEST_EXPECT_LOG(t, mark, "e820: ignoring entry [mem 0xffffffff00000000] + 0x100000000 (type 2)");
	KTEST_EXPECT(t, table_is_sane(&tt));
}

static void test_sanitise_untrusted(struct ktest *t)
{
	u64 mark;

	/* Nothing to trust: -1 and the table as it was. */
	SET_TABLE(&tt, E(0, 0, RAM), E(M(1), 0, RAM), E(~0ULL - 10, 100, RAM));
	mark = printk_log_mark();
	console_suppress++;
	KTEST_EXPECT_EQ(t, e820__update_table(&tt), -1);
	console_suppress--;
	EXPECT_TABLE(t, &tt, E(0, 0, RAM), E(M(1), 0, RAM), E(~0ULL - 10, 100, RAM));
	KTEST_EXPECT_LOG(t, mark, "wraps around");

	memset(&tt, 0, sizeof(tt));
	KTEST_EXPECT_EQ(t, e820__update_table(&tt), -1);
	KTEST_EXPECT_EQ(t, tt.nr_entries, 0);

	SET_TABLE(&tt, E(0, M(1), RAM));
	tt.nr_entries = E820_MAX_ENTRIES + 1;
	mark = printk_log_mark();
	console_suppress++;
	KTEST_EXPECT_EQ(t, e820__update_table(&tt), -1);
	console_suppress--;
	KTEST_EXPECT_EQ(t, tt.nr_entries, E820_MAX_ENTRIES + 1);
	KTEST_EXPECT_LOG(t, mark, "e820: table claims 321 entries (at most 320 fit), not trusted");

	/* A single good entry is enough. */
	SET_TABLE(&tt, E(M(1), M(63), RAM));
	KTEST_EXPECT_EQ(t, e820__update_table(&tt), 0);
	EXPECT_TABLE(t, &tt, E(M(1), M(63), RAM));
}

static void test_sanitise_too_many(struct ktest *t)
{
	u64 mark;
	u32 i, holes = E820_MAX_ENTRIES - 1;
	int rc;

	/* One RAM range with 319 holes punched in: 639 pieces, 320 fit. */
	memset(&tt, 0, sizeof(tt));
	tt.entries[0] = (struct e820_entry)E(0, M(1024), RAM);
	for (i = 0; i < holes; i++)
		tt.entries[i + 1] = (struct e820_entry)E(M(1) + i * M(2), K(4), RES);
	tt.nr_entries = E820_MAX_ENTRIES;
	mark = printk_log_mark();
	console_suppress++;
	rc = e820__update_table(&tt);
	console_suppress--;
	KTEST_ASSERT_EQ(t, rc, 0);
	KTEST_EXPECT_EQ(t, tt.nr_entries, E820_MAX_ENTRIES);
	KTEST_EXPECT(t, table_is_sane(&tt));
	/* The lowest pieces are kept: RAM, hole, RAM, hole ... */
	KTEST_EXPECT_EQ(t, tt.entries[0].addr, 0);
	KTEST_EXPECT_EQ(t, tt.entries[0].size, M(1));
	KTEST_EXPECT_EQ(t, tt.entries[1].type, RES);
	KTEST_EXPECT_EQ(t, tt.entries[E820_MAX_ENTRIES - 1].type, RES);
	KTEST_EXPECT_LOG(t, mark, "e820: too many entries after sanitising; ignoring [mem 0x0000000013f01000-0x000000003fffffff] and everything above");
}

/* ------------------------------------------------------------------------ */

static void test_print_matches_linux(struct ktest *t)
{
	static const char *const lines[] = {
		"BIOS-provided physical RAM map:",
		"BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable",
		"BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved",
		"BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved",
		"BIOS-e820: [mem 0x0000000000100000-0x000000007ffdffff] usable",
		"BIOS-e820: [mem 0x000000007ffe0000-0x000000007fffffff] reserved",
		"BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved",
		"BIOS-e820: [mem 0x000000fd00000000-0x000000ffffffffff] reserved",
	};
	/* The same map handed over in a scrambled order prints the same. */
	static const struct boot_mmap_entry scrambled[] = {
		{ 0xfd00000000, 0x300000000, 2 }, { 0x100000, 0x7fee0000, 1 },
		{ 0x9fc00, 0x400, 2 }, { 0xfffc0000, 0x40000, 2 }, { 0x0, 0x9fc00, 1 },
		{ 0x7ffe0000, 0x20000, 2 }, { 0xf0000, 0x10000, 2 },
	};
	u64 mark;
	unsigned int i, pass;

	for (pass = 0; pass < 2; pass++) {
		if (pass == 0)
			set_bi_map(qemu_2g_map, ARRAY_SIZE(qemu_2g_map));
		else
			set_bi_map(scrambled, ARRAY_SIZE(scrambled));
		mark = printk_log_mark();
		console_suppress++;
		e820__memory_setup(&bi);
		console_suppress--;
		for (i = 0; i < ARRAY_SIZE(lines); i++)
			KTEST_EXPECT_LOG(t, mark, lines[i]);
		KTEST_EXPECT_EQ(t, printk_log_count(mark, "BIOS-e820: "), 7);
		KTEST_EXPECT_EQ(t, e820_table.nr_entries, 7);
		KTEST_EXPECT_EQ(t, e820_table_firmware.nr_entries, 7);
		KTEST_EXPECT_NO_LOG(t, mark, "e820: update");
	}
}

static void test_trims_match_linux(struct ktest *t)
{
	u64 mark, pfn;
	char want[64];

	setup_qemu_2g();
	mark = printk_log_mark();
	console_suppress++;
	e820__trim_early();
	pfn = e820__end_of_ram_pfn();
	console_suppress--;
	KTEST_EXPECT_LOG(t, mark, "e820: update [mem 0x00000000-0x00000fff] usable ==> reserved\n");
	KTEST_EXPECT_LOG(t, mark, "e820: remove [mem 0x000a0000-0x000fffff] usable\n");
	EXPECT_TABLE(t, &e820_table, E(0, 0x1000, RES), E(0x1000, 0x9ec00, RAM),
		     E(0x9fc00, 0x400, RES), E(0xf0000, 0x10000, RES),
		     E(0x100000, 0x7fee0000, RAM), E(0x7ffe0000, 0x20000, RES),
		     E(0xfffc0000, 0x40000, RES), E(0xfd00000000, 0x300000000, RES));
	KTEST_EXPECT_EQ(t, pfn, 0x7ffe0);
	snprintf(want, sizeof(want), "last_pfn = 0x7ffe0 max_arch_pfn = 0x%llx\n",
		 (unsigned long long)MAX_ARCH_PFN);
	KTEST_EXPECT_LOG(t, mark, want);
	/* The firmware copy is what the firmware said. */
	KTEST_EXPECT_EQ(t, e820_table_firmware.entries[0].type, RAM);
	KTEST_EXPECT_EQ(t, e820_table_firmware.entries[0].addr, 0);
#ifdef __x86_64__
	KTEST_EXPECT_LOG(t, mark, "last_pfn = 0x7ffe0 max_arch_pfn = 0x400000000\n");
#else
	KTEST_EXPECT_LOG(t, mark, "last_pfn = 0x7ffe0 max_arch_pfn = 0x1000000\n");
#endif
}

static void test_end_pfns_4g(struct ktest *t)
{
	u64 mark;

	set_bi_map(qemu_4g_map, ARRAY_SIZE(qemu_4g_map));
	mark = printk_log_mark();
	console_suppress++;
	e820__memory_setup(&bi);
	e820__trim_early();
	KTEST_EXPECT_EQ(t, e820__end_of_ram_pfn(), 0x140000);
	KTEST_EXPECT_EQ(t, e820__end_of_low_ram_pfn(), 0xbffe0);
	console_suppress--;
	KTEST_EXPECT_LOG(t, mark, "BIOS-e820: [mem 0x0000000100000000-0x000000013fffffff] usable");
	KTEST_EXPECT_LOG(t, mark, "last_pfn = 0x140000 max_arch_pfn = ");
	KTEST_EXPECT_LOG(t, mark, "last_pfn = 0xbffe0 max_arch_pfn = ");

	/* RAM across 4 GiB: the low end is the 4 GiB limit itself. */
	SET_TABLE(&e820_table, E(M(1), G(5), RAM));
	console_suppress++;
	KTEST_EXPECT_EQ(t, e820__end_of_low_ram_pfn(), 0x100000);
	KTEST_EXPECT_EQ(t, e820__end_of_ram_pfn(), (M(1) + G(5)) >> 12);
	/* Beyond what the architecture can address: capped. */
	SET_TABLE(&e820_table, E(M(1), 1ULL << 60, RAM));
	KTEST_EXPECT_EQ(t, e820__end_of_ram_pfn(), MAX_ARCH_PFN);
	/* Only RAM counts, as in Linux 6.1. */
	SET_TABLE(&e820_table, E(M(1), M(63), RAM), E(M(64), M(64), ACPI));
	KTEST_EXPECT_EQ(t, e820__end_of_ram_pfn(), M(64) >> 12);
	console_suppress--;
}

static void test_fallback_bad_map(struct ktest *t)
{
	static const struct boot_mmap_entry bad[] = {
		{ 0x0, 0x0, 1 }, { 0xf0000, 0x10000, 2 }, { 0x100000, 0x0, 1 },
		{ 0x200000, 0x100000, 2 },
	};
	u64 mark;

	set_bi_map(bad, ARRAY_SIZE(bad));
	bi.has_meminfo = true;
	bi.mem_lower_kb = 639;
	bi.mem_upper_kb = 127 * 1024;
	mark = printk_log_mark();
	console_suppress++;
	e820__memory_setup(&bi);
	console_suppress--;
	KTEST_EXPECT_LOG(t, mark, "e820: the firmware memory map (4 entries) has no usable RAM above 1 MiB; ignoring it");
	KTEST_EXPECT_LOG(t, mark, "e820: using a minimal memory map built from the boot loader's memory sizes");
	KTEST_EXPECT_LOG(t, mark, "BIOS-e801: [mem 0x0000000000000000-0x000000000009fbff] usable");
	KTEST_EXPECT_LOG(t, mark, "BIOS-e801: [mem 0x0000000000100000-0x0000000007ffffff] usable");
	EXPECT_TABLE(t, &e820_table, E(0, K(639), RAM), E(M(1), M(127), RAM));

	/* A bad map and no sizes either: 640 KiB and 1-16 MiB. */
	set_bi_map(bad, ARRAY_SIZE(bad));
	mark = printk_log_mark();
	console_suppress++;
	e820__memory_setup(&bi);
	console_suppress--;
	KTEST_EXPECT_LOG(t, mark, "e820: no memory size information at all; assuming RAM at [mem 0x00100000-0x00ffffff]");
	KTEST_EXPECT_LOG(t, mark, "BIOS-e820: [mem 0x0000000000100000-0x0000000000ffffff] usable");
	EXPECT_TABLE(t, &e820_table, E(0, K(640), RAM), E(M(1), M(15), RAM));
	EXPECT_TABLE(t, &e820_table_firmware, E(0, K(640), RAM), E(M(1), M(15), RAM));
}

static void test_no_map_meminfo(struct ktest *t)
{
	u64 mark;

	memset(&bi, 0, sizeof(bi));
	bi.has_meminfo = true;
	bi.mem_lower_kb = 640;
	bi.mem_upper_kb = 0xffffffff;	/* more than multiboot can mean: capped at 4 GiB */
	mark = printk_log_mark();
	console_suppress++;
	e820__memory_setup(&bi);
	console_suppress--;
	KTEST_EXPECT_NO_LOG(t, mark, "minimal memory map");
	KTEST_EXPECT_LOG(t, mark, "e820: mem_upper of 4294967295 KiB is beyond 4 GiB; capping it");
	KTEST_EXPECT_LOG(t, mark, "BIOS-e801: [mem 0x0000000000100000-0x00000000ffffffff] usable");
	EXPECT_TABLE(t, &e820_table, E(0, K(640), RAM), E(M(1), G(4) - M(1), RAM));
}

static void test_map_quirks(struct ktest *t)
{
	static const struct boot_mmap_entry m[] = {
		{ 0x0, 0x9fc00, 1 }, { 0xffffffffffff0000ULL, 0x20000, 2 },
		{ 0x100000, 0x3ff00000, 1 },
	};
	u64 mark;

	/* A wrapping entry is dropped, the rest used; dropped entries are reported. */
	set_bi_map(m, ARRAY_SIZE(m));
	bi.nr_mmap_dropped = 5;
	mark = printk_log_mark();
	console_suppress++;
	e820__memory_setup(&bi);
	console_suppress--;
	KTEST_EXPECT_LOG(t, mark, "e820: the boot loader's memory map had 5 more entries than the 3 kept; they are ignored");
	KTEST_EXPECT_LOG(t, mark, "wraps around");
	EXPECT_TABLE(t, &e820_table, E(0, 0x9fc00, RAM), E(M(1), 0x3ff00000, RAM));

	/* A count beyond the array is clamped, never followed. */
	set_bi_map(m, ARRAY_SIZE(m));
	bi.nr_mmap = BOOT_MMAP_MAX + 1000;
	mark = printk_log_mark();
	console_suppress++;
	e820__memory_setup(&bi);
	console_suppress--;
	KTEST_EXPECT_LOG(t, mark, "e820: boot_info claims 1256 memory map entries, only 256 are stored");
	KTEST_EXPECT(t, table_is_sane(&e820_table));
}

/* One 48-byte UEFI descriptor (a 40-byte descriptor plus padding, as firmware often does). */
static void put_efi_desc(u32 idx, u32 type, u64 phys, u64 pages)
{
	u8 *d = bi.efi_mmap + idx * 48;

	memset(d, 0, 48);
	memcpy(d, &type, 4);
	memcpy(d + 8, &phys, 8);
	memcpy(d + 24, &pages, 8);
}

/* Specific-purpose conventional memory (EFI_MEMORY_SP) is soft reserved, as Linux's stub makes it. */
static void test_efi_map_soft_reserved(struct ktest *t)
{
	u64 sp = 1ULL << 18;

	memset(&bi, 0, sizeof(bi));
	bi.source = BOOT_SRC_EFI;
	bi.efi_desc_size = 48;
	put_efi_desc(0, 7, 0, 0x9f);			/* conventional */
	put_efi_desc(1, 7, M(1), 0xf00);		/* conventional: RAM */
	put_efi_desc(2, 7, M(16), 0x1000);		/* conventional + SP: soft reserved */
	memcpy(bi.efi_mmap + 2 * 48 + 32, &sp, 8);
	put_efi_desc(3, 2, M(32), 0x100);		/* loader data + SP: still RAM */
	memcpy(bi.efi_mmap + 3 * 48 + 32, &sp, 8);
	bi.efi_mmap_len = 4 * 48;
	console_suppress++;
	e820__memory_setup(&bi);
	console_suppress--;
	EXPECT_TABLE(t, &e820_table, E(0, 0x9f000, RAM), E(M(1), M(15), RAM),
		     E(M(16), M(16), E820_TYPE_SOFT_RESERVED), E(M(32), M(1), RAM));
}

static void test_efi_map(struct ktest *t)
{
	u64 mark;

	memset(&bi, 0, sizeof(bi));
	bi.source = BOOT_SRC_EFI;
	bi.efi_desc_size = 48;
	put_efi_desc(0, 7, 0, 0x9f);			/* conventional */
	put_efi_desc(1, 3, 0x9f000, 1);			/* boot services code: RAM */
	put_efi_desc(2, 0, 0xa0000, 0x60);		/* reserved */
	put_efi_desc(3, 2, M(1), 0x100);		/* loader data: RAM */
	put_efi_desc(4, 7, M(2), 0x3e00);		/* conventional, joins the above */
	put_efi_desc(5, 9, M(64), 0x10);		/* ACPI reclaim */
	put_efi_desc(6, 10, M(64) + 0x10000, 0x10);	/* ACPI NVS */
	put_efi_desc(7, 5, M(65), 0x10);		/* runtime code: reserved */
	put_efi_desc(8, 99, M(66), 0x10);		/* unknown: left out */
	put_efi_desc(9, 14, G(4), 0x40000);		/* persistent */
	put_efi_desc(10, 7, G(8), ~0ULL);		/* wraps: dropped */
	bi.efi_mmap_len = 11 * 48;
	mark = printk_log_mark();
	console_suppress++;
	e820__memory_setup(&bi);
	console_suppress--;
	EXPECT_TABLE(t, &e820_table, E(0, K(640), RAM), E(0xa0000, 0x60000, RES),
		     E(M(1), M(63), RAM), E(M(64), 0x10000, ACPI), E(M(64) + 0x10000, 0x10000, NVS),
		     E(M(65), 0x10000, RES), E(G(4), G(1), PMEM));
	KTEST_EXPECT_LOG(t, mark, "BIOS-e820: [mem 0x0000000100000000-0x000000013fffffff] persistent (type 7)");
	KTEST_EXPECT_LOG(t, mark, "e820: ignoring UEFI descriptor at 0x200000000 with 0xffffffffffffffff pages: it wraps around");

	/* A descriptor size too small to hold a descriptor: not used. */
	bi.efi_desc_size = 16;
	mark = printk_log_mark();
	console_suppress++;
	e820__memory_setup(&bi);
	console_suppress--;
	KTEST_EXPECT_LOG(t, mark, "e820: UEFI memory map not usable (528 bytes, descriptor size 16)");
	EXPECT_TABLE(t, &e820_table, E(0, K(640), RAM), E(M(1), M(15), RAM));
}

/* ------------------------------------------------------------------------ */

static void test_range_update_remove(struct ktest *t)
{
	u64 mark, n;

	SET_TABLE(&e820_table, E(0, M(16), RAM), E(M(16), M(16), RES));
	mark = printk_log_mark();
	console_suppress++;
	/* Strictly inside: split into three. */
	n = e820__range_update(M(4), M(1), RAM, ACPI);
	KTEST_EXPECT_EQ(t, n, M(1));
	/* Across a type boundary: only the RAM part changes. */
	n = e820__range_update(M(15), M(2), RAM, UNUS);
	KTEST_EXPECT_EQ(t, n, M(1));
	/* Remove any type at the start; a huge size is clamped to 2^64 - 1. */
	n = e820__range_remove(M(24), ~0ULL, 0, false);
	KTEST_EXPECT_EQ(t, n, M(8));
	n = e820__range_remove(0, K(4), RAM, true);
	KTEST_EXPECT_EQ(t, n, K(4));
	KTEST_EXPECT_EQ(t, e820__update_table(&e820_table), 0);
	console_suppress--;
	EXPECT_TABLE(t, &e820_table, E(K(4), M(4) - K(4), RAM), E(M(4), M(1), ACPI),
		     E(M(5), M(10), RAM), E(M(15), M(1), UNUS), E(M(16), M(8), RES));
	KTEST_EXPECT_LOG(t, mark, "e820: update [mem 0x00400000-0x004fffff] usable ==> ACPI data\n");
	KTEST_EXPECT_LOG(t, mark, "e820: update [mem 0x00f00000-0x010fffff] usable ==> unusable\n");
	/* Linux's line for an untyped remove ends in a space. */
	KTEST_EXPECT_LOG(t, mark, "e820: remove [mem 0x01800000-0xfffffffffffffffe] \n");
	KTEST_EXPECT_LOG(t, mark, "e820: remove [mem 0x00000000-0x00000fff] usable\n");
}

static void test_range_update_full_table(struct ktest *t)
{
	u64 mark, n;
	u32 i;

	/* A full table: a split that needs new entries leaves the entry alone. */
	memset(&tt, 0, sizeof(tt));
	for (i = 0; i < E820_MAX_ENTRIES; i++)
		tt.entries[i] = (struct e820_entry)E(i * M(2), M(1), RAM);
	tt.nr_entries = E820_MAX_ENTRIES;
	mark = printk_log_mark();
	console_suppress++;
	n = e820__range_update_table(&tt, K(4), K(4), RAM, RES);
	/* A whole entry needs no new entry and still changes. */
	KTEST_EXPECT_EQ(t, e820__range_update_table(&tt, M(2), M(1), RAM, RES), M(1));
	console_suppress--;
	KTEST_EXPECT_EQ(t, n, 0);
	KTEST_EXPECT_EQ(t, tt.nr_entries, E820_MAX_ENTRIES);
	KTEST_EXPECT_EQ(t, tt.entries[0].type, RAM);
	KTEST_EXPECT_EQ(t, tt.entries[0].size, M(1));
	KTEST_EXPECT_EQ(t, tt.entries[1].type, RES);
	KTEST_EXPECT_LOG(t, mark, "e820: too many entries; leaving [mem 0x00000000-0x000fffff] unchanged");

	/* One free slot is not enough for a split into three... */
	tt.nr_entries = E820_MAX_ENTRIES - 1;
	mark = printk_log_mark();
	console_suppress++;
	n = e820__range_update_table(&tt, M(4) + K(4), K(4), RAM, RES);
	console_suppress--;
	KTEST_EXPECT_EQ(t, n, 0);
	KTEST_EXPECT_EQ(t, tt.nr_entries, E820_MAX_ENTRIES - 1);
	KTEST_EXPECT_EQ(t, tt.entries[2].size, M(1));
	KTEST_EXPECT_LOG(t, mark, "e820: too many entries; leaving [mem 0x00400000-0x004fffff] unchanged");
	/* ... two are. */
	tt.nr_entries = E820_MAX_ENTRIES - 2;
	console_suppress++;
	n = e820__range_update_table(&tt, M(4) + K(4), K(4), RAM, RES);
	console_suppress--;
	KTEST_EXPECT_EQ(t, n, K(4));
	KTEST_EXPECT_EQ(t, tt.nr_entries, E820_MAX_ENTRIES);
	KTEST_EXPECT_EQ(t, tt.entries[2].size, K(4));
	KTEST_EXPECT_EQ(t, tt.entries[E820_MAX_ENTRIES - 2].addr, M(4) + K(4));
	KTEST_EXPECT_EQ(t, tt.entries[E820_MAX_ENTRIES - 2].type, RES);
	KTEST_EXPECT_EQ(t, tt.entries[E820_MAX_ENTRIES - 1].addr, M(4) + K(8));
	KTEST_EXPECT_EQ(t, tt.entries[E820_MAX_ENTRIES - 1].size, M(1) - K(8));
}

static void test_kernel_range(struct ktest *t)
{
	u64 mark;

	/* The kernel sits in a hole of the map: Linux complains and makes it RAM. */
	SET_TABLE(&e820_table, E(0, K(640), RAM), E(M(1), M(1), RES), E(M(4), M(60), RAM));
	mark = printk_log_mark();
	console_suppress++;
	e820__add_kernel_range(M(1), M(3));
	e820__update_table(&e820_table);
	console_suppress--;
	KTEST_EXPECT_LOG(t, mark, ".text .data and .bss are not marked as E820_TYPE_RAM!");
	EXPECT_TABLE(t, &e820_table, E(0, K(640), RAM), E(M(1), M(2), RAM), E(M(4), M(60), RAM));

	/* Covered by two touching RAM entries: nothing to say. */
	SET_TABLE(&e820_table, E(M(3), M(1), RAM), E(M(1), M(2), RAM));
	mark = printk_log_mark();
	e820__add_kernel_range(M(1) + K(4), M(4));
	KTEST_EXPECT_NO_LOG(t, mark, ".text .data and .bss");
	KTEST_EXPECT(t, e820__mapped_all(M(1), M(4), RAM));
	KTEST_EXPECT(t, !e820__mapped_all(M(1), M(4) + 1, RAM));
	KTEST_EXPECT(t, e820__mapped_any(M(4) - 1, M(8), RAM));
	KTEST_EXPECT(t, !e820__mapped_any(M(4), M(8), 0));
}

/* ------------------------------------------------------------------------
 * mem= and memmap=: run through the real parameter parser.
 */

/* Parse @cmdline's early parameters over the QEMU 2 GiB map, then finish. */
static u64 user_map(const char *cmdline)
{
	u64 mark;

	setup_qemu_2g();
	mark = printk_log_mark();
	console_suppress++;
	parse_params(cmdline, true, false);
	e820__finish_early_params();
	console_suppress--;
	return mark;
}

static void test_memmap_add_forms(struct ktest *t)
{
	u64 mark;

	mark = user_map("memmap=64M@0x100000000 memmap=1M$256M memmap=4K#0x20000000,1G!8G");
	KTEST_EXPECT_LOG(t, mark, "user-defined physical RAM map:\n");
	KTEST_EXPECT_LOG(t, mark, "user: [mem 0x0000000000000000-0x000000000009fbff] usable\n");
	KTEST_EXPECT_LOG(t, mark, "user: [mem 0x0000000100000000-0x0000000103ffffff] usable\n");
	KTEST_EXPECT_LOG(t, mark, "user: [mem 0x0000000010000000-0x00000000100fffff] reserved\n");
	KTEST_EXPECT_LOG(t, mark, "user: [mem 0x0000000020000000-0x0000000020000fff] ACPI data\n");
	KTEST_EXPECT_LOG(t, mark, "user: [mem 0x0000000200000000-0x000000023fffffff] persistent (type 12)\n");
	EXPECT_TABLE(t, &e820_table, E(0, 0x9fc00, RAM), E(0x9fc00, 0x400, RES),
		     E(0xf0000, 0x10000, RES), E(M(1), M(255), RAM), E(M(256), M(1), RES),
		     E(M(257), M(255), RAM), E(M(512), K(4), ACPI),
		     E(M(512) + K(4), 0x7ffe0000 - M(512) - K(4), RAM),
		     E(0x7ffe0000, 0x20000, RES), E(0xfffc0000, 0x40000, RES),
		     E(G(4), M(64), RAM), E(G(8), G(1), PRAM), E(0xfd00000000, 0x300000000, RES));
	/* The firmware copy is untouched. */
	KTEST_EXPECT_EQ(t, e820_table_firmware.nr_entries, 7);
}

static void test_memmap_type_change(struct ktest *t)
{
	u64 mark;

	mark = user_map("memmap=2M%0x30000000-1+4 memmap=1M%0x40000000+2 memmap=16M%0x50000000-1 memmap=1M%0xfffc0000");
	KTEST_EXPECT_LOG(t, mark, "e820: update [mem 0x30000000-0x301fffff] usable ==> ACPI NVS\n");
	KTEST_EXPECT_LOG(t, mark, "e820: remove [mem 0x50000000-0x50ffffff] usable\n");
	KTEST_EXPECT_LOG(t, mark, "e820: remove [mem 0xfffc0000-0x1000bffff] \n");
	KTEST_EXPECT_LOG(t, mark, "user: [mem 0x0000000030000000-0x00000000301fffff] ACPI NVS\n");
	KTEST_EXPECT_LOG(t, mark, "user: [mem 0x0000000040000000-0x00000000400fffff] reserved\n");
	KTEST_EXPECT_LOG(t, mark, "user: [mem 0x0000000051000000-0x000000007ffdffff] usable\n");
	KTEST_EXPECT_NO_LOG(t, mark, "user: [mem 0x00000000fffc0000");
	KTEST_EXPECT(t, table_is_sane(&e820_table));
}

static void test_mem_limit(struct ktest *t)
{
	u64 mark;

	mark = user_map("mem=512M");
	KTEST_EXPECT_LOG(t, mark, "e820: remove [mem 0x20000000-0xfffffffffffffffe] usable\n");
	EXPECT_TABLE(t, &e820_table, E(0, 0x9fc00, RAM), E(0x9fc00, 0x400, RES),
		     E(0xf0000, 0x10000, RES), E(M(1), M(511), RAM), E(0x7ffe0000, 0x20000, RES),
		     E(0xfffc0000, 0x40000, RES), E(0xfd00000000, 0x300000000, RES));

	/* memmap=nn means the same; the lower of two limits wins. */
	mark = user_map("memmap=1G mem=256M");
	KTEST_EXPECT_LOG(t, mark, "e820: remove [mem 0x40000000-0xfffffffffffffffe] usable\n");
	KTEST_EXPECT_LOG(t, mark, "user: [mem 0x0000000000100000-0x000000000fffffff] usable\n");

	/* exactmap starts from nothing. */
	mark = user_map("memmap=exactmap memmap=640K@0,511M@1M");
	EXPECT_TABLE(t, &e820_table, E(0, K(640), RAM), E(M(1), M(511), RAM));
	KTEST_EXPECT_EQ(t, printk_log_count(mark, "user: "), 2);
}

static void test_bad_forms(struct ktest *t)
{
	static const char *const cases[][2] = {
		{ "memmap=abc", "memmap=abc: not a size; ignored" },
		{ "memmap=1M^2M", "memmap=1M^2M: unknown separator after the size; ignored" },
		{ "memmap=1M@", "memmap=1M@: the start address is not a size; ignored" },
		{ "memmap=1M@2Mx", "memmap=1M@2Mx: unexpected characters after the start address; ignored" },
		{ "memmap=0@1M", "memmap=0@1M: a size of 0 does nothing; ignored" },
		{ "memmap=1M%2M-1+1", "memmap=1M%2M-1+1: the old and the new type are the same; ignored" },
		{ "memmap=1M%2M-0", "memmap=1M%2M-0: the old type is not a number from 1 to 0xffffffff; ignored" },
		{ "memmap=1M%2M+0x100000000", "memmap=1M%2M+0x100000000: the new type is not a number" },
		{ "memmap=1M%2M-1x", "memmap=1M%2M-1x: unexpected characters after the start address" },
		{ "memmap=0x10000@0xffffffffffffff00", "the range wraps around the address space; ignored" },
		{ "memmap=16E", "memmap=16E: not a size; ignored" },
		{ "memmap=exactmapx", "memmap=exactmapx: not a size; ignored" },
		{ "memmap=", "memmap=: a value is required" },
		{ "mem=0", "mem=0: would remove all memory, ignored" },
		{ "mem=12Q", "mem=12Q: not a size (expected nn[KMGTPE]), ignored" },
		{ "mem=", "mem=: a size is required (mem=nn[KMG])" },
		{ "mem", "mem=: a size is required (mem=nn[KMG])" },
		{ "mem=nopentium", "mem=nopentium ignored!" },
	};
	unsigned int i;
	u64 mark;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		mark = user_map(cases[i][0]);
		KTEST_EXPECT_MSG(t, printk_log_contains(mark, cases[i][1]),
				 "%s: expected \"%s\" in the log", cases[i][0], cases[i][1]);
		KTEST_EXPECT_MSG(t, !printk_log_contains(mark, "user-defined physical RAM map"),
				 "%s: the map must not change", cases[i][0]);
		KTEST_EXPECT_EQ(t, e820_table.nr_entries, 7);
	}

	/* Good items next to bad ones are kept. */
	mark = user_map("memmap=bogus,1M$256M,2M~1M");
	KTEST_EXPECT_LOG(t, mark, "memmap=bogus: not a size; ignored");
	KTEST_EXPECT_LOG(t, mark, "memmap=2M~1M: unknown separator after the size; ignored");
	KTEST_EXPECT_LOG(t, mark, "user: [mem 0x0000000010000000-0x00000000100fffff] reserved\n");
	KTEST_EXPECT_NO_LOG(t, mark, "Malformed value for boot parameter 'memmap'");
}

static void test_user_map_without_ram(struct ktest *t)
{
	u64 mark;

	mark = user_map("memmap=exactmap memmap=1M$0x100000");
	KTEST_EXPECT_LOG(t, mark, "e820: the user-defined memory map (mem=/memmap=) has no usable RAM above 1 MiB; ignoring it");
	KTEST_EXPECT_NO_LOG(t, mark, "user-defined physical RAM map:");
	KTEST_EXPECT_EQ(t, e820_table.nr_entries, 7);
	KTEST_EXPECT_EQ(t, e820_table.entries[3].size, 0x7fee0000);

	/* mem= below 1 MiB would leave nothing to run on either. */
	mark = user_map("mem=512K");
	KTEST_EXPECT_LOG(t, mark, "has no usable RAM above 1 MiB; ignoring it");
	KTEST_EXPECT_EQ(t, e820_table.entries[3].size, 0x7fee0000);

	/* exactmap alone leaves an empty map. */
	mark = user_map("memmap=exactmap");
	KTEST_EXPECT_LOG(t, mark, "has no usable RAM above 1 MiB; ignoring it");
	KTEST_EXPECT_EQ(t, e820_table.nr_entries, 7);
}

static void test_too_many_edits(struct ktest *t)
{
	static char cmdline[2048];
	size_t len = 0;
	unsigned int i, reserved = 0;
	u64 mark;

	len += (size_t)scnprintf(cmdline + len, sizeof(cmdline) - len, "memmap=");
	for (i = 0; i < 66; i++)
		len += (size_t)scnprintf(cmdline + len, sizeof(cmdline) - len, "%s4K$%#x",
					 i ? "," : "", 0x10000000u + i * 0x2000u);
	mark = user_map(cmdline);
	KTEST_EXPECT_LOG(t, mark, "memmap: more than 64 mem=/memmap= edits; ignoring '4K$0x10080000'");
	KTEST_EXPECT_LOG(t, mark, "memmap: more than 64 mem=/memmap= edits; ignoring '4K$0x10082000'");
	for (i = 0; i < e820_table.nr_entries; i++)
		if (e820_table.entries[i].type == RES && e820_table.entries[i].size == K(4))
			reserved++;
	KTEST_EXPECT_EQ(t, reserved, 64);
	KTEST_EXPECT(t, table_is_sane(&e820_table));
}

static void test_dump(struct ktest *t)
{
	u64 mark;
	bool found;

	setup_qemu_2g();
	found = ktest_dump_quiet("e820", &mark);
	KTEST_ASSERT(t, found);
	KTEST_EXPECT_LOG(t, mark, "----- BEGIN e820 -----\ne820: [mem 0x0000000000000000-0x000000000009fbff] usable\n");
	KTEST_EXPECT_LOG(t, mark, "e820: [mem 0x000000fd00000000-0x000000ffffffffff] reserved\n----- END e820 -----\n");
	KTEST_EXPECT_EQ(t, printk_log_count(mark, "e820: [mem "), 7);
}

static const struct ktest_case e820_cases[] = {
	KTEST_CASE(test_type_names),
	KTEST_CASE(test_sanitise_unsorted),
	KTEST_CASE(test_sanitise_overlap_higher_wins),
	KTEST_CASE(test_sanitise_three_way),
	KTEST_CASE(test_sanitise_contained),
	KTEST_CASE(test_sanitise_zero_and_untyped),
	KTEST_CASE(test_sanitise_merges),
	KTEST_CASE(test_sanitise_wrap_around),
	KTEST_CASE(test_sanitise_untrusted),
	KTEST_CASE(test_sanitise_too_many),
	KTEST_CASE(test_print_matches_linux),
	KTEST_CASE(test_trims_match_linux),
	KTEST_CASE(test_end_pfns_4g),
	KTEST_CASE(test_fallback_bad_map),
	KTEST_CASE(test_no_map_meminfo),
	KTEST_CASE(test_map_quirks),
	KTEST_CASE(test_efi_map),
	KTEST_CASE(test_efi_map_soft_reserved),
	KTEST_CASE(test_range_update_remove),
	KTEST_CASE(test_range_update_full_table),
	KTEST_CASE(test_kernel_range),
	KTEST_CASE(test_memmap_add_forms),
	KTEST_CASE(test_memmap_type_change),
	KTEST_CASE(test_mem_limit),
	KTEST_CASE(test_bad_forms),
	KTEST_CASE(test_user_map_without_ram),
	KTEST_CASE(test_too_many_edits),
	KTEST_CASE(test_dump),
	{}
};
KTEST_SUITE_FULL(e820, .cases = e820_cases, .init = e820_suite_init, .exit = e820_suite_exit);

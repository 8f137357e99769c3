/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ACPI table discovery and the MADT.
 *
 * acpi_parse (kernel and hosted): checksums and the subtable walker on
 * buffers in memory; touches no global state.
 * acpi_tables, acpi_madt (hosted only): whole firmware images built in fake
 * physical memory (tests/host/fake_phys.h), found through the RSDP as the
 * kernel finds them; every mapping must be released again.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/params.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mm/memblock.h>
#include <asm/acpi.h>

/* ---- acpi_parse ---- */

struct walk_seen {
	unsigned int n;
	u8 types[8];
	u8 lens[8];
};

static int walk_record(const struct acpi_subtable_header *e, size_t avail, void *ctx)
{
	struct walk_seen *s = ctx;

	if (s->n < ARRAY_SIZE(s->types)) {
		s->types[s->n] = e->type;
		s->lens[s->n] = (u8)avail;
	}
	s->n++;
	return 0;
}

static int walk_stop_at_second(const struct acpi_subtable_header *e, size_t avail, void *ctx)
{
	unsigned int *n = ctx;

	(void)e;
	(void)avail;
	return ++*n == 2 ? 7 : 0;
}

/* A 44-byte "APIC" header followed by @body. */
static size_t make_table(u8 *buf, size_t size, const u8 *body, size_t body_len)
{
	struct acpi_table_header *h = (void *)buf;

	memset(buf, 0, size);
	memcpy(h->signature, "APIC", 4);
	memcpy(buf + 44, body, body_len);
	h->length = (u32)(44 + body_len);
	return 44 + body_len;
}

static void test_acpi_checksum(struct ktest *t)
{
	u8 buf[20] = { 1, 2, 3, 250 };

	KTEST_EXPECT_EQ(t, acpi_checksum(buf, 4), 0);
	KTEST_EXPECT_EQ(t, acpi_checksum(buf, 3), 6);
	KTEST_EXPECT_EQ(t, acpi_checksum(buf, 0), 0);
	buf[10] = 0xff;
	KTEST_EXPECT_EQ(t, acpi_checksum(buf, sizeof(buf)), 0xff);
}

static void test_acpi_walk_chain(struct ktest *t)
{
	static const u8 body[] = { 0, 8, 0, 0, 1, 0, 0, 0,  9, 16, 0, 0, 5, 0, 0, 0,
				   1, 0, 0, 0, 0, 0, 0, 0,  0x7f, 3, 0 };
	u8 buf[128];
	struct walk_seen seen = { 0 };
	unsigned int calls = 0;
	size_t len = make_table(buf, sizeof(buf), body, sizeof(body));

	KTEST_EXPECT_EQ(t, acpi_walk_subtables((void *)buf, len, 44, walk_record, &seen), 3);
	KTEST_ASSERT_EQ(t, seen.n, 3);
	KTEST_EXPECT_EQ(t, seen.types[0], 0);
	KTEST_EXPECT_EQ(t, seen.types[1], 9);
	KTEST_EXPECT_EQ(t, seen.types[2], 0x7f);
	KTEST_EXPECT_EQ(t, seen.lens[1], 16);
	KTEST_EXPECT_EQ(t, seen.lens[2], 3);
	/* A handler's non-zero return stops the walk and is passed back. */
	KTEST_EXPECT_EQ(t, acpi_walk_subtables((void *)buf, len, 44, walk_stop_at_second, &calls), 7);
	KTEST_EXPECT_EQ(t, calls, 2);
	/* An empty body: no subtables. */
	len = make_table(buf, sizeof(buf), body, 0);
	KTEST_EXPECT_EQ(t, acpi_walk_subtables((void *)buf, len, 44, walk_record, &seen), 0);
}

/* Walk @buf with the console quiet: the rejections below are expected. */
static int quiet_walk(const u8 *buf, size_t len, struct walk_seen *seen)
{
	int rc;

	console_suppress++;
	rc = acpi_walk_subtables((const void *)buf, len, 44, walk_record, seen);
	console_suppress--;
	return rc;
}

static void test_acpi_walk_rejects(struct ktest *t)
{
	static const u8 zero_len[] = { 0, 8, 0, 0, 1, 0, 0, 0,  1, 0, 0, 0 };
	static const u8 past_end[] = { 0, 8, 0, 0, 1, 0, 0, 0,  9, 16, 0, 0, 5, 0 };
	u8 buf[128];
	struct walk_seen seen = { 0 };
	u64 mark = printk_log_mark();
	size_t len;

	len = make_table(buf, sizeof(buf), zero_len, sizeof(zero_len));
	KTEST_EXPECT_EQ(t, quiet_walk(buf, len, &seen), -EINVAL);
	KTEST_EXPECT_LOG(t, mark, "ACPI: [APIC:0x01] Invalid zero length");

	len = make_table(buf, sizeof(buf), past_end, sizeof(past_end));
	KTEST_EXPECT_EQ(t, quiet_walk(buf, len, &seen), -EINVAL);
	KTEST_EXPECT_LOG(t, mark, "ACPI: [APIC:0x09] subtable at offset 0x34 (length 16) runs past the end of the table (0x3a), table ignored");

	/* No handler may have seen a subtable of a rejected table. */
	KTEST_EXPECT_EQ(t, seen.n, 0);

	KTEST_EXPECT_EQ(t, quiet_walk(buf, 40, &seen), -EINVAL);
	KTEST_EXPECT_LOG(t, mark, "ACPI: [APIC] table too short (40 bytes) for its 44-byte header, ignored");
}

static const struct ktest_case acpi_parse_cases[] = {
	KTEST_CASE(test_acpi_checksum),
	KTEST_CASE(test_acpi_walk_chain),
	KTEST_CASE(test_acpi_walk_rejects),
	{}
};
KTEST_SUITE(acpi_parse, acpi_parse_cases);

#ifdef NB_HOSTED
#include "../host/fake_phys.h"

static struct boot_info acpi_bi;	/* large: not on the stack */

static int acpi_tables_init(void)
{
	memblock_reset();
	acpi_disabled = false;
	return 0;
}

static void acpi_tables_exit(void)
{
	fake_fw_reset();
	acpi_boot_table_init(NULL);	/* empties the registry: no RSDP */
	fake_phys_reset();
	memblock_reset();
}

/* Expect a log line formatted from @fmt. */
#define EXPECT_LOGF(t, mark, fmt, ...) do {				\
	char __line[192];						\
	snprintf(__line, sizeof(__line), fmt, ##__VA_ARGS__);		\
	KTEST_EXPECT_LOG(t, mark, __line);				\
} while (0)

static bool registered(const char *sig)
{
	unsigned int i;

	for (i = 0; i < acpi_table_count(); i++)
		if (!memcmp(acpi_table_desc(i)->signature, sig, 4))
			return true;
	return false;
}

static phys_addr_t simple_table(const char *sig)
{
	struct fake_table tb;

	fake_table_start(&tb, sig, 1, 36);
	fake_table_put(&tb, "payload!", 8);
	return fake_acpi_install(&tb, 0, true);
}

/* SeaBIOS: RSDP v0 in the BIOS area, an RSDT, the FADT first. */
static void test_acpi_seabios_rsdt(struct ktest *t)
{
	phys_addr_t tables[2], rsdt;
	u64 mark;
	static const char *const order[] = { "FACP", "DSDT", "FACS", "APIC", "WAET" };
	unsigned int i;

	fake_fw_reset();
	tables[0] = simple_table("APIC");
	tables[1] = simple_table("WAET");
	fake_acpi_firmware(tables, 2, FAKE_RSDT_ONLY);
	rsdt = FAKE_ACPI_BASE + 0x134;	/* right after FACS, DSDT, FADT and the two tables */

	mark = printk_log_mark();
	KTEST_ASSERT_EQ(t, acpi_boot_table_init(&acpi_bi), 0);
	KTEST_EXPECT_STREQ(t, acpi_root_table(), "RSDT");
	KTEST_EXPECT_EQ(t, acpi_rsdp_address(), FAKE_RSDP_ADDR);
	KTEST_EXPECT_LOG(t, mark, "ACPI: RSDP 0x00000000000F59D0 000014 (v00 BOCHS )\n");
	KTEST_EXPECT_LOG(t, mark, "ACPI: FACS 0x000000007FFE0058 000040\n");
	KTEST_EXPECT_LOG(t, mark, "ACPI: DSDT 0x000000007FFE0098 000028 (v01 BOCHS  BXPC     00000001 BXPC 00000001)\n");
	KTEST_EXPECT_LOG(t, mark, "ACPI: FACP 0x000000007FFE00C0 000074 (v01 BOCHS  BXPC     00000001 BXPC 00000001)\n");
	EXPECT_LOGF(t, mark, "ACPI: RSDT 0x%016llX 000030 (v01 BOCHS  BXPC     00000001 BXPC 00000001)\n",
		    (unsigned long long)rsdt);
	KTEST_EXPECT_NO_LOG(t, mark, "XSDT");
	KTEST_EXPECT_NO_LOG(t, mark, "Incorrect checksum");

	/* Linux's order: the FADT, then the DSDT and FACS it names, then the rest. */
	KTEST_ASSERT_EQ(t, acpi_table_count(), ARRAY_SIZE(order));
	for (i = 0; i < ARRAY_SIZE(order); i++) {
		const struct acpi_table_desc *d = acpi_table_desc(i);

		KTEST_EXPECT_MSG(t, !memcmp(d->signature, order[i], 4), "table %u is %.4s, expected %s",
				 i, d->signature, order[i]);
		KTEST_EXPECT(t, d->checksum_ok);
		KTEST_EXPECT(t, memblock_is_reserved(d->address));
		KTEST_EXPECT(t, memblock_is_reserved(d->address + d->length - 1));
	}
	KTEST_EXPECT_LOG(t, mark, "ACPI: Reserving FACP table memory at [mem 0x7ffe00c0-0x7ffe0133]\n");
	KTEST_EXPECT_LOG(t, mark, "ACPI: Reserving DSDT table memory at [mem 0x7ffe0098-0x7ffe00bf]\n");
	KTEST_EXPECT_LOG(t, mark, "ACPI: Reserving FACS table memory at [mem 0x7ffe0058-0x7ffe0097]\n");
	KTEST_EXPECT_LOG(t, mark, "ACPI: Reserving APIC table memory at [mem 0x7ffe0000-0x7ffe002b]\n");
	KTEST_EXPECT_LOG(t, mark, "ACPI: Reserving WAET table memory at [mem 0x7ffe002c-0x7ffe0057]\n");
	/* Reservations follow the registry order. */
	KTEST_EXPECT_LOG(t, mark, "FACS table memory at [mem 0x7ffe0058-0x7ffe0097]\n[");
	KTEST_EXPECT_EQ(t, fake_phys_outstanding(), 0);
	KTEST_EXPECT_EQ(t, fake_phys_bad_unmaps(), 0);
}

static void test_acpi_get_table(struct ktest *t)
{
	const struct acpi_table_header *a, *b;

	fake_fw_reset();
	{
		phys_addr_t tables[3] = { simple_table("SSDT"), simple_table("SSDT"), simple_table("HPET") };

		fake_acpi_firmware(tables, 3, FAKE_RSDT_ONLY);
	}
	KTEST_ASSERT_EQ(t, acpi_boot_table_init(&acpi_bi), 0);
	a = acpi_get_table("SSDT", 0);
	b = acpi_get_table("SSDT", 1);
	KTEST_ASSERT_NOT_NULL(t, a);
	KTEST_ASSERT_NOT_NULL(t, b);
	KTEST_EXPECT(t, a != b);
	KTEST_EXPECT_NULL(t, acpi_get_table("SSDT", 2));
	KTEST_EXPECT_NULL(t, acpi_get_table("SRAT", 0));
	KTEST_EXPECT_EQ(t, a->length, 44);
	KTEST_EXPECT(t, !memcmp((const u8 *)a + 36, "payload!", 8));
	/* The same table again shares the mapping; it is released on the last put. */
	KTEST_EXPECT(t, acpi_get_table("SSDT", 0) == a);
	acpi_put_table(a);
	KTEST_EXPECT_EQ(t, fake_phys_outstanding(), 2);
	acpi_put_table(a);
	acpi_put_table(b);
	KTEST_EXPECT_EQ(t, fake_phys_outstanding(), 0);
	KTEST_EXPECT_EQ(t, fake_phys_bad_unmaps(), 0);
}

/* RSDP v2 with only an XSDT (RSDT address 0). */
static void test_acpi_xsdt_only(struct ktest *t)
{
	phys_addr_t tables[1];
	u64 mark;

	fake_fw_reset();
	tables[0] = simple_table("SRAT");
	fake_acpi_firmware(tables, 1, FAKE_XSDT_ONLY);
	mark = printk_log_mark();
	KTEST_ASSERT_EQ(t, acpi_boot_table_init(&acpi_bi), 0);
	KTEST_EXPECT_STREQ(t, acpi_root_table(), "XSDT");
	KTEST_EXPECT_LOG(t, mark, "ACPI: RSDP 0x00000000000F59D0 000024 (v02 BOCHS )\n");
	KTEST_EXPECT(t, registered("SRAT"));
	KTEST_EXPECT(t, registered("FACP"));
	KTEST_EXPECT_EQ(t, fake_phys_outstanding(), 0);
}

/* Both present: the XSDT wins, even though the RSDT lists other tables. */
static void test_acpi_xsdt_preferred(struct ktest *t)
{
	phys_addr_t fadt, srat, slit, list[2], rsdt, xsdt;
	u64 mark;

	fake_fw_reset();
	fadt = fake_acpi_fadt();
	srat = simple_table("SRAT");
	slit = simple_table("SLIT");
	list[0] = fadt;
	list[1] = srat;
	rsdt = fake_acpi_rsdt(list, 2);
	list[1] = slit;
	xsdt = fake_acpi_xsdt(list, 2);
	fake_acpi_rsdp(FAKE_RSDP_ADDR, 2, rsdt, xsdt);

	mark = printk_log_mark();
	KTEST_ASSERT_EQ(t, acpi_boot_table_init(&acpi_bi), 0);
	KTEST_EXPECT_STREQ(t, acpi_root_table(), "XSDT");
	KTEST_EXPECT(t, registered("SLIT"));
	KTEST_EXPECT(t, !registered("SRAT"));
	KTEST_EXPECT_NO_LOG(t, mark, "ACPI: RSDT");

	/* A revision-0 RSDP never uses the XSDT, whatever its other fields say. */
	fake_acpi_rsdp(FAKE_RSDP_ADDR, 0, rsdt, xsdt);
	KTEST_ASSERT_EQ(t, acpi_boot_table_init(&acpi_bi), 0);
	KTEST_EXPECT_STREQ(t, acpi_root_table(), "RSDT");
	KTEST_EXPECT(t, registered("SRAT"));
	KTEST_EXPECT(t, !registered("SLIT"));

	/* An XSDT that is not one: back to the RSDT, with a message. */
	fake_fw_acpi(xsdt)[0] = 'Y';
	fake_acpi_rsdp(FAKE_RSDP_ADDR, 2, rsdt, xsdt);
	mark = printk_log_mark();
	KTEST_ASSERT_EQ(t, acpi_boot_table_init(&acpi_bi), 0);
	KTEST_EXPECT_STREQ(t, acpi_root_table(), "RSDT");
	KTEST_EXPECT_LOG(t, mark, "ACPI: XSDT at 0x");
	KTEST_EXPECT_LOG(t, mark, "has a bad signature");
	KTEST_EXPECT_LOG(t, mark, "ACPI: XSDT unusable, using the RSDT");

	/* An XSDT address that cannot be mapped: the same. */
	fake_acpi_rsdp(FAKE_RSDP_ADDR, 2, rsdt, 0x123456789000ULL);
	mark = printk_log_mark();
	KTEST_ASSERT_EQ(t, acpi_boot_table_init(&acpi_bi), 0);
	KTEST_EXPECT_STREQ(t, acpi_root_table(), "RSDT");
	KTEST_EXPECT_LOG(t, mark, "ACPI: XSDT at 0x123456789000 cannot be mapped");
	KTEST_EXPECT_EQ(t, fake_phys_outstanding(), 0);
}

static void test_acpi_rsdp_search(struct ktest *t)
{
	phys_addr_t rsdt, list[1];
	u8 *low;
	u64 mark;

	fake_fw_reset();
	low = fake_fw_low();
	list[0] = fake_acpi_fadt();
	rsdt = fake_acpi_rsdt(list, 1);

	/* In the EBDA (segment at 0x40E): found there before the BIOS area. */
	low[0x40E] = 0x00;
	low[0x40F] = 0x9f;		/* EBDA at 0x9f000 */
	fake_acpi_rsdp(0x9f000 + 0x30, 0, rsdt, 0);
	fake_acpi_rsdp(0xE0010, 0, rsdt, 0);
	KTEST_ASSERT_EQ(t, acpi_boot_table_init(&acpi_bi), 0);
	KTEST_EXPECT_EQ(t, acpi_rsdp_address(), 0x9f030);

	/* Only the first KiB of the EBDA is searched. */
	memset(low + 0x9f030, 0, 36);
	fake_acpi_rsdp(0x9f000 + 0x400, 0, rsdt, 0);
	KTEST_ASSERT_EQ(t, acpi_boot_table_init(&acpi_bi), 0);
	KTEST_EXPECT_EQ(t, acpi_rsdp_address(), 0xE0010);

	/* Bad checksums make a candidate invalid: the search goes on. */
	low[0xE0010 + 8]++;			/* the 20-byte checksum */
	fake_acpi_rsdp(0xFFFE0, 0, rsdt, 0);	/* near the end of the window */
	KTEST_ASSERT_EQ(t, acpi_boot_table_init(&acpi_bi), 0);
	KTEST_EXPECT_EQ(t, acpi_rsdp_address(), 0xFFFE0);
	memset(low + 0xFFFE0, 0, 32);

	fake_acpi_rsdp(0xF0000, 2, rsdt, 0);
	low[0xF0000 + 32]++;			/* the extended checksum of a v2 RSDP */
	mark = printk_log_mark();
	KTEST_EXPECT_EQ(t, acpi_boot_table_init(&acpi_bi), -ENOENT);
	KTEST_EXPECT_LOG(t, mark, "ACPI: No RSDP found, ACPI not available");
	KTEST_EXPECT_EQ(t, acpi_table_count(), 0);

	/* Off 16-byte boundaries it is not looked at. */
	memset(low + 0xF0000, 0, 64);
	fake_acpi_rsdp(0xF0008, 0, rsdt, 0);
	KTEST_EXPECT_EQ(t, acpi_boot_table_init(&acpi_bi), -ENOENT);

	/* Without the 1 MiB of low memory mapped whole, pages are searched one by one. */
	fake_phys_reset();
	fake_phys_add(0xF0000, low + 0xF0000, 0x2000);
	fake_phys_add(FAKE_ACPI_BASE, fake_fw_acpi(FAKE_ACPI_BASE), FAKE_ACPI_SIZE);
	fake_acpi_rsdp(0xF1FE0, 0, rsdt, 0);
	KTEST_ASSERT_EQ(t, acpi_boot_table_init(&acpi_bi), 0);
	KTEST_EXPECT_EQ(t, acpi_rsdp_address(), 0xF1FE0);
	KTEST_EXPECT_EQ(t, fake_phys_outstanding(), 0);
}

/* The loader's copy (multiboot2/EFI) comes first. */
static void test_acpi_rsdp_from_loader(struct ktest *t)
{
	phys_addr_t list[1], rsdt;
	u64 mark;

	fake_fw_reset();
	list[0] = fake_acpi_fadt();
	rsdt = fake_acpi_rsdt(list, 1);
	fake_acpi_rsdp(0xE0000, 0, rsdt, 0);
	memcpy(acpi_bi.rsdp, fake_fw_low() + 0xE0000, 20);
	acpi_bi.rsdp_len = 20;
	memset(fake_fw_low() + 0xE0000, 0, 20);	/* not in the BIOS area: address unknown */

	mark = printk_log_mark();
	KTEST_EXPECT_EQ(t, acpi_boot_table_init(&acpi_bi), 0);
	KTEST_EXPECT_EQ(t, acpi_rsdp_address(), 0);
	KTEST_EXPECT_LOG(t, mark, "ACPI: RSDP 0x0000000000000000 000014 (v00 BOCHS )");
	KTEST_EXPECT(t, registered("FACP"));

	/* Where the BIOS area has the same RSDP, its address is shown. */
	memcpy(fake_fw_low() + 0xE0040, acpi_bi.rsdp, 20);
	KTEST_EXPECT_EQ(t, acpi_boot_table_init(&acpi_bi), 0);
	KTEST_EXPECT_EQ(t, acpi_rsdp_address(), 0xE0040);

	/* A bad checksum in the copy: warned about, used all the same. */
	acpi_bi.rsdp[8] ^= 0x5a;
	mark = printk_log_mark();
	KTEST_EXPECT_EQ(t, acpi_boot_table_init(&acpi_bi), 0);
	KTEST_EXPECT_LOG(t, mark, "ACPI BIOS Warning (bug): Incorrect checksum in table [RSDP]");
	KTEST_EXPECT(t, registered("FACP"));

	/* A copy without the signature is ignored: the BIOS area is searched. */
	acpi_bi.rsdp[0] = 'X';
	mark = printk_log_mark();
	KTEST_EXPECT_EQ(t, acpi_boot_table_init(&acpi_bi), 0);
	KTEST_EXPECT_LOG(t, mark, "ACPI: RSDP handed over by the boot loader is invalid, searching for one");
	KTEST_EXPECT_EQ(t, acpi_rsdp_address(), 0xE0040);

	memset(&acpi_bi, 0, sizeof(acpi_bi));
	KTEST_EXPECT_EQ(t, fake_phys_outstanding(), 0);
}

static void test_acpi_bad_checksum_kept(struct ktest *t)
{
	struct fake_table tb;
	phys_addr_t tables[1];
	const struct acpi_table_header *h;
	u64 mark;

	fake_fw_reset();
	fake_table_start(&tb, "SRAT", 3, 48);
	fake_srat_mem(&tb, 0, 0, 0x1000000, 1);
	tables[0] = fake_acpi_install(&tb, 0, true);
	fake_fw_acpi(tables[0])[9] = 0x12;	/* the checksum byte */
	fake_acpi_firmware(tables, 1, FAKE_RSDT_ONLY);

	mark = printk_log_mark();
	KTEST_ASSERT_EQ(t, acpi_boot_table_init(&acpi_bi), 0);
	h = acpi_get_table("SRAT", 0);
	KTEST_ASSERT_NOT_NULL(t, h);
	EXPECT_LOGF(t, mark, "ACPI BIOS Warning (bug): Incorrect checksum in table [SRAT] - 0x12, should be 0x%02X\n",
		    (u8)(0x12 - acpi_checksum(h, h->length)));
	KTEST_EXPECT(t, !acpi_table_desc(acpi_table_count() - 1)->checksum_ok);
	acpi_put_table(h);
	KTEST_EXPECT_LOG(t, mark, "ACPI: Reserving SRAT table memory");

	/* A bad checksum in the root table is only a warning too. */
	fake_fw_reset();
	tables[0] = simple_table("HPET");
	fake_acpi_firmware(tables, 1, FAKE_RSDT_ONLY);
	fake_fw_acpi(FAKE_ACPI_BASE + 0x2c + 0x40 + 0x28 + 0x74)[9] ^= 1;	/* RSDT after HPET/FACS/DSDT/FACP */
	mark = printk_log_mark();
	KTEST_ASSERT_EQ(t, acpi_boot_table_init(&acpi_bi), 0);
	KTEST_EXPECT_LOG(t, mark, "Incorrect checksum in table [RSDT]");
	KTEST_EXPECT(t, registered("HPET"));
	KTEST_EXPECT_EQ(t, fake_phys_outstanding(), 0);
}

static void test_acpi_bad_lengths(struct ktest *t)
{
	struct fake_table tb;
	phys_addr_t tables[4];
	u64 mark;

	fake_fw_reset();
	/* Shorter than a header. */
	fake_table_start(&tb, "SRAT", 3, 48);
	tables[0] = fake_acpi_install(&tb, 20, true);
	/* Not mappable: it claims to run past the end of the ACPI area. */
	fake_table_start(&tb, "SLIT", 1, 44);
	tables[1] = fake_acpi_install(&tb, FAKE_ACPI_SIZE, true);
	/* An address nothing is mapped at. */
	tables[2] = 0x40000000;
	/* A sane one after them. */
	tables[3] = simple_table("HPET");
	fake_acpi_firmware(tables, 4, FAKE_XSDT_ONLY);

	mark = printk_log_mark();
	KTEST_ASSERT_EQ(t, acpi_boot_table_init(&acpi_bi), 0);
	EXPECT_LOGF(t, mark, "ACPI: [SRAT] at 0x%llx has an invalid length 0x14, table ignored",
		    (unsigned long long)tables[0]);
	EXPECT_LOGF(t, mark, "ACPI: [SLIT] [mem %#010llx-%#010llx] cannot be mapped, table ignored",
		    (unsigned long long)tables[1],
		    (unsigned long long)(tables[1] + FAKE_ACPI_SIZE - 1));
	KTEST_EXPECT_LOG(t, mark, "ACPI: table header at 0x40000000 cannot be mapped, table ignored");
	KTEST_EXPECT(t, !registered("SRAT"));
	KTEST_EXPECT(t, !registered("SLIT"));
	KTEST_EXPECT(t, registered("HPET"));
	KTEST_EXPECT_NULL(t, acpi_get_table("SRAT", 0));
	KTEST_EXPECT_NO_LOG(t, mark, "Reserving SRAT");

	/* A root table whose length is too short is not used at all. */
	fake_fw_reset();
	fake_table_start(&tb, "RSDT", 1, 36);
	tables[0] = fake_acpi_install(&tb, 12, true);
	fake_acpi_rsdp(FAKE_RSDP_ADDR, 0, tables[0], 0);
	mark = printk_log_mark();
	KTEST_EXPECT_EQ(t, acpi_boot_table_init(&acpi_bi), -ENOENT);
	KTEST_EXPECT_LOG(t, mark, "ACPI: Invalid table length 0xC in RSDT");
	KTEST_EXPECT_EQ(t, acpi_table_count(), 0);
	KTEST_EXPECT_EQ(t, fake_phys_outstanding(), 0);
}

static void test_acpi_too_many_tables(struct ktest *t)
{
	phys_addr_t list[ACPI_MAX_TABLES + 10], rsdt;
	unsigned int i;
	u64 mark;

	fake_fw_reset();
	list[0] = simple_table("SSDT");
	for (i = 1; i < ARRAY_SIZE(list); i++)
		list[i] = list[0];
	rsdt = fake_acpi_rsdt(list, ARRAY_SIZE(list));
	fake_acpi_rsdp(FAKE_RSDP_ADDR, 0, rsdt, 0);
	mark = printk_log_mark();
	KTEST_ASSERT_EQ(t, acpi_boot_table_init(&acpi_bi), 0);
	KTEST_EXPECT_EQ(t, acpi_table_count(), ACPI_MAX_TABLES);
	KTEST_EXPECT_LOG(t, mark, "ACPI: more than 128 tables, the one at 0x7ffe0000 and later ones ignored");
	KTEST_EXPECT_EQ(t, printk_log_count(mark, "later ones ignored"), 1);
	KTEST_EXPECT_EQ(t, fake_phys_outstanding(), 0);
}

static void test_acpi_off(struct ktest *t)
{
	fake_fw_reset();
	fake_acpi_firmware(NULL, 0, FAKE_RSDT_ONLY);
	KTEST_ASSERT_EQ(t, acpi_boot_table_init(&acpi_bi), 0);
	KTEST_EXPECT_GT(t, acpi_table_count(), 0);
	KTEST_EXPECT_EQ(t, parse_params("acpi=off", true, false), 0);
	KTEST_EXPECT(t, acpi_disabled);
	KTEST_EXPECT_EQ(t, acpi_boot_table_init(&acpi_bi), -ENOENT);
	KTEST_EXPECT_EQ(t, acpi_table_count(), 0);
	acpi_disabled = false;
}

static const struct ktest_case acpi_tables_cases[] = {
	KTEST_CASE(test_acpi_seabios_rsdt),
	KTEST_CASE(test_acpi_get_table),
	KTEST_CASE(test_acpi_xsdt_only),
	KTEST_CASE(test_acpi_xsdt_preferred),
	KTEST_CASE(test_acpi_rsdp_search),
	KTEST_CASE(test_acpi_rsdp_from_loader),
	KTEST_CASE(test_acpi_bad_checksum_kept),
	KTEST_CASE(test_acpi_bad_lengths),
	KTEST_CASE(test_acpi_too_many_tables),
	KTEST_CASE(test_acpi_off),
	{}
};
KTEST_SUITE_FULL(acpi_tables, .cases = acpi_tables_cases, .init = acpi_tables_init,
		 .exit = acpi_tables_exit);

/* ---- acpi_madt ---- */

static int madt_boot(struct fake_table *madt)
{
	phys_addr_t tables[1];

	fake_fw_reset();
	tables[0] = fake_acpi_install(madt, 0, true);
	fake_acpi_firmware(tables, 1, FAKE_RSDT_ONLY);
	return acpi_boot_table_init(&acpi_bi);
}

static void test_madt_qemu(struct ktest *t)
{
	struct fake_table tb;
	const struct acpi_madt_cpus *m;
	u64 mark;

	fake_table_start(&tb, "APIC", 1, 44);
	fake_madt_lapic(&tb, 0, 0, 1);
	fake_madt_lapic(&tb, 1, 1, 1);
	fake_table_put(&tb, "\x01\x0c\x00\x00\x00\x00\xc0\xfe\x00\x00\x00\x00", 12);	/* an I/O APIC */
	KTEST_ASSERT_EQ(t, madt_boot(&tb), 0);
	KTEST_ASSERT_EQ(t, acpi_parse_madt(0), 0);
	m = acpi_madt_cpus();
	KTEST_EXPECT(t, m->from_madt);
	KTEST_ASSERT_EQ(t, m->nr_cpus, 2);
	KTEST_EXPECT_EQ(t, m->apicid[0], 0);
	KTEST_EXPECT_EQ(t, m->apicid[1], 1);
	KTEST_EXPECT_EQ(t, m->disabled_cpus, 0);
	mark = printk_log_mark();
	acpi_boot_init();
	KTEST_EXPECT_LOG(t, mark, "ACPI: Using ACPI (MADT) for SMP configuration information\n");
	KTEST_EXPECT_LOG(t, mark, "smpboot: Allowing 2 CPUs, 0 hotplug CPUs\n");
	KTEST_EXPECT_EQ(t, fake_phys_outstanding(), 0);
}

static void test_madt_hotplug_and_ignored(struct ktest *t)
{
	struct fake_table tb;
	const struct acpi_madt_cpus *m;
	u64 mark;

	/* Before revision 5, a disabled entry is a CPU that may be plugged in later. */
	fake_table_start(&tb, "APIC", 3, 44);
	fake_madt_lapic(&tb, 0, 0, 1);
	fake_madt_lapic(&tb, 1, 1, 0);
	fake_madt_lapic(&tb, 2, 0xff, 1);	/* APIC id 0xff: ignored */
	fake_madt_lapic(&tb, 3, 2, 1);
	fake_madt_lapic(&tb, 4, 2, 1);		/* listed twice */
	fake_madt_lapic(&tb, 5, 3, 0);
	KTEST_ASSERT_EQ(t, madt_boot(&tb), 0);
	mark = printk_log_mark();
	KTEST_ASSERT_EQ(t, acpi_parse_madt(0), 0);
	m = acpi_madt_cpus();
	KTEST_ASSERT_EQ(t, m->nr_cpus, 2);
	KTEST_EXPECT_EQ(t, m->apicid[1], 2);
	KTEST_EXPECT_EQ(t, m->disabled_cpus, 2);
	KTEST_EXPECT_LOG(t, mark, "ACPI: MADT lists APIC id 0x2 twice, the second entry ignored");
	acpi_boot_init();
	KTEST_EXPECT_LOG(t, mark, "smpboot: Allowing 4 CPUs, 2 hotplug CPUs\n");

	/* From revision 5, only "online capable" disabled entries count. */
	fake_table_start(&tb, "APIC", 5, 44);
	fake_madt_lapic(&tb, 0, 0, 1);
	fake_madt_lapic(&tb, 1, 1, 0);
	fake_madt_lapic(&tb, 2, 2, 2);
	KTEST_ASSERT_EQ(t, madt_boot(&tb), 0);
	KTEST_ASSERT_EQ(t, acpi_parse_madt(0), 0);
	m = acpi_madt_cpus();
	KTEST_EXPECT_EQ(t, m->nr_cpus, 1);
	KTEST_EXPECT_EQ(t, m->disabled_cpus, 1);
}

static void test_madt_x2apic_and_boot_cpu(struct ktest *t)
{
	struct fake_table tb;
	const struct acpi_madt_cpus *m;
	u64 mark;

	fake_table_start(&tb, "APIC", 4, 44);
	fake_madt_lapic(&tb, 0, 0, 1);
	fake_madt_x2apic(&tb, 10, 0x100, 1);
	fake_madt_lapic(&tb, 1, 1, 1);
	fake_madt_x2apic(&tb, 11, 0x101, 1);
	fake_madt_x2apic(&tb, 12, 0xffffffff, 1);	/* ignored */
	KTEST_ASSERT_EQ(t, madt_boot(&tb), 0);

	/* Table order, the boot CPU first. */
	KTEST_ASSERT_EQ(t, acpi_parse_madt(1), 0);
	m = acpi_madt_cpus();
	KTEST_ASSERT_EQ(t, m->nr_cpus, 4);
	KTEST_EXPECT_EQ(t, m->apicid[0], 1);
	KTEST_EXPECT_EQ(t, m->apicid[1], 0);
	KTEST_EXPECT_EQ(t, m->apicid[2], 0x100);
	KTEST_EXPECT_EQ(t, m->apicid[3], 0x101);

	/* A negative boot APIC id keeps table order. */
	KTEST_ASSERT_EQ(t, acpi_parse_madt(-1), 0);
	KTEST_EXPECT_EQ(t, m->apicid[0], 0);
	KTEST_EXPECT_EQ(t, m->apicid[1], 0x100);

	/* A boot CPU the table does not list is added in front, as Linux does. */
	mark = printk_log_mark();
	KTEST_ASSERT_EQ(t, acpi_parse_madt(7), 0);
	KTEST_EXPECT_LOG(t, mark, "smpboot: weird, boot CPU (#7) not listed by the BIOS");
	KTEST_ASSERT_EQ(t, m->nr_cpus, 5);
	KTEST_EXPECT_EQ(t, m->apicid[0], 7);
	KTEST_EXPECT_EQ(t, m->apicid[4], 0x101);
}

static void test_madt_malformed(struct ktest *t)
{
	struct fake_table tb;
	const struct acpi_madt_cpus *m;
	u64 mark;

	/* A zero-length subtable: the whole MADT is rejected, one CPU assumed. */
	fake_table_start(&tb, "APIC", 1, 44);
	fake_madt_lapic(&tb, 0, 0, 1);
	fake_madt_lapic(&tb, 1, 1, 1);
	fake_table_put(&tb, "\x00\x00\x00\x00", 4);
	KTEST_ASSERT_EQ(t, madt_boot(&tb), 0);
	mark = printk_log_mark();
	KTEST_EXPECT_EQ(t, acpi_parse_madt(0), -EINVAL);
	m = acpi_madt_cpus();
	KTEST_EXPECT_LOG(t, mark, "ACPI: [APIC:0x00] Invalid zero length");
	KTEST_EXPECT_LOG(t, mark, "ACPI: Invalid BIOS MADT, assuming a single CPU");
	KTEST_EXPECT_EQ(t, m->nr_cpus, 1);
	KTEST_EXPECT(t, !m->from_madt);

	/* A local APIC entry too short for its fields. */
	fake_table_start(&tb, "APIC", 1, 44);
	fake_madt_lapic(&tb, 0, 0, 1);
	fake_table_put(&tb, "\x00\x04\x01\x01", 4);
	KTEST_ASSERT_EQ(t, madt_boot(&tb), 0);
	mark = printk_log_mark();
	KTEST_EXPECT_EQ(t, acpi_parse_madt(0), -EINVAL);
	KTEST_EXPECT_LOG(t, mark, "ACPI: MADT local APIC entry of 4 bytes (expected 8)");
	KTEST_EXPECT_EQ(t, acpi_madt_cpus()->nr_cpus, 1);

	/* No processor entries at all. */
	fake_table_start(&tb, "APIC", 1, 44);
	KTEST_ASSERT_EQ(t, madt_boot(&tb), 0);
	mark = printk_log_mark();
	KTEST_EXPECT_EQ(t, acpi_parse_madt(3), -ENOENT);
	KTEST_EXPECT_LOG(t, mark, "ACPI: No LAPIC entries present");
	KTEST_EXPECT_EQ(t, acpi_madt_cpus()->apicid[0], 3);

	/* No MADT: one CPU, and no "Using ACPI (MADT)" line. */
	fake_fw_reset();
	fake_acpi_firmware(NULL, 0, FAKE_RSDT_ONLY);
	KTEST_ASSERT_EQ(t, acpi_boot_table_init(&acpi_bi), 0);
	mark = printk_log_mark();
	acpi_boot_init();
	KTEST_EXPECT_NO_LOG(t, mark, "Using ACPI (MADT)");
	KTEST_EXPECT_LOG(t, mark, "smpboot: Allowing 1 CPUs, 0 hotplug CPUs");
	KTEST_EXPECT_EQ(t, fake_phys_outstanding(), 0);
}

static void test_madt_nr_cpus_limit(struct ktest *t)
{
	struct fake_table tb;
	const struct acpi_madt_cpus *m;
	unsigned int i;
	u64 mark;
	char line[96];

	fake_table_start(&tb, "APIC", 1, 44);
	for (i = 0; i < NR_CPUS + 2; i++)
		fake_madt_x2apic(&tb, i, i, 1);
	KTEST_ASSERT_EQ(t, madt_boot(&tb), 0);
	mark = printk_log_mark();
	KTEST_ASSERT_EQ(t, acpi_parse_madt(0), 0);
	m = acpi_madt_cpus();
	KTEST_EXPECT_EQ(t, m->nr_cpus, NR_CPUS);
	KTEST_EXPECT_EQ(t, m->disabled_cpus, 2);
	snprintf(line, sizeof(line), "APIC: NR_CPUS/possible_cpus limit of %d reached. Processor %d/%#x ignored.",
		 NR_CPUS, NR_CPUS, NR_CPUS);
	KTEST_EXPECT_LOG(t, mark, line);
	acpi_boot_init();
	snprintf(line, sizeof(line), "smpboot: %d Processors exceeds NR_CPUS limit of %d", NR_CPUS + 2, NR_CPUS);
	KTEST_EXPECT_LOG(t, mark, line);
	snprintf(line, sizeof(line), "smpboot: Allowing %d CPUs, 0 hotplug CPUs", NR_CPUS);
	KTEST_EXPECT_LOG(t, mark, line);
}

static const struct ktest_case acpi_madt_cases[] = {
	KTEST_CASE(test_madt_qemu),
	KTEST_CASE(test_madt_hotplug_and_ignored),
	KTEST_CASE(test_madt_x2apic_and_boot_cpu),
	KTEST_CASE(test_madt_malformed),
	KTEST_CASE(test_madt_nr_cpus_limit),
	{}
};
KTEST_SUITE_FULL(acpi_madt, .cases = acpi_madt_cases, .init = acpi_tables_init,
		 .exit = acpi_tables_exit);

#endif /* NB_HOSTED */

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The UEFI system table (arch/x86/fw/efi.c) and the RSDP address it gives
 * the ACPI walk, on fake physical memory (hosted only): a system table, its
 * vendor string and configuration table laid out as OVMF lays them out, an
 * ACPI firmware whose RSDP is outside the legacy BIOS areas, as on UEFI
 * machines, and broken variants of each.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mm/memblock.h>
#include <arch/boot.h>
#include <asm/acpi.h>
#include <asm/efi.h>

#ifdef NB_HOSTED
#include "../host/fake_phys.h"

#define SYSTAB_PHYS	0x7e000000ULL
#define VENDOR_PHYS	0x7e001000ULL
#define CONFIG_PHYS	0x7e002000ULL
#define SMBIOS_PHYS	0x7f520000ULL
#define MEMATTR_PHYS	0x7e52d018ULL

static struct boot_info efi_bi;		/* large: not on the stack */
static u8 systab[EFI_SYSTAB_SIZE_64];
static u16 vendor[16];
static u8 config[8 * EFI_CONFIG_TABLE_SIZE_64];
static phys_addr_t rsdp_phys;		/* where the fake firmware's RSDP is */

static const u8 guid_acpi20[16] = { 0x71, 0xe8, 0x68, 0x88, 0xf1, 0xe4, 0xd3, 0x11,
				    0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81 };
static const u8 guid_acpi[16] = { 0x30, 0x2d, 0x9d, 0xeb, 0x88, 0x2d, 0xd3, 0x11,
				  0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d };
static const u8 guid_smbios[16] = { 0x31, 0x2d, 0x9d, 0xeb, 0x88, 0x2d, 0xd3, 0x11,
				    0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d };
static const u8 guid_memattr[16] = { 0x1d, 0x91, 0xfa, 0xdc, 0xeb, 0x26, 0x9f, 0x46,
				     0xa2, 0x20, 0x38, 0xb7, 0xdc, 0x46, 0x12, 0x20 };
static const u8 guid_other[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

static void put_entry(unsigned int i, const u8 *guid, u64 table)
{
	memcpy(config + i * EFI_CONFIG_TABLE_SIZE_64, guid, 16);
	memcpy(config + i * EFI_CONFIG_TABLE_SIZE_64 + 16, &table, 8);
}

static void put64(u8 *p, u64 v)
{
	memcpy(p, &v, 8);
}

/*
 * An ACPI firmware (RSDT and XSDT) with its RSDP moved into the ACPI area,
 * away from the legacy areas a BIOS search looks at; then a UEFI 2.70
 * system table by "EDK II" whose configuration table lists SMBIOS, ACPI,
 * an unknown GUID, ACPI 2.0 and MEMATTR (the order OVMF uses).
 */
static void fake_uefi(void)
{
	static const char name[] = "EDK II";
	u64 sig = EFI_SYSTEM_TABLE_SIGNATURE;
	u32 rev = (2 << 16) | 70, size = EFI_SYSTAB_SIZE_64;
	phys_addr_t tables[1];
	struct fake_table tb;
	unsigned int i;

	fake_fw_reset();
	fake_table_start(&tb, "APIC", 1, 44);
	tables[0] = fake_acpi_install(&tb, 0, true);
	fake_acpi_firmware(tables, 1, FAKE_RSDT_AND_XSDT);
	rsdp_phys = FAKE_ACPI_BASE + ((fake_acpi_used() + 15) & ~15U);
	memcpy(fake_fw_acpi(rsdp_phys), fake_fw_low() + FAKE_RSDP_ADDR, 36);
	memset(fake_fw_low() + FAKE_RSDP_ADDR, 0, 36);

	memset(systab, 0, sizeof(systab));
	memcpy(systab, &sig, 8);
	memcpy(systab + 8, &rev, 4);
	memcpy(systab + 12, &size, 4);
	put64(systab + 24, VENDOR_PHYS);
	put64(systab + 104, 5);
	put64(systab + 112, CONFIG_PHYS);
	memset(vendor, 0, sizeof(vendor));
	for (i = 0; name[i]; i++)
		vendor[i] = (u8)name[i];
	memset(config, 0, sizeof(config));
	put_entry(0, guid_smbios, SMBIOS_PHYS);
	put_entry(1, guid_acpi, rsdp_phys);
	put_entry(2, guid_other, 0x1234);
	put_entry(3, guid_acpi20, rsdp_phys);
	put_entry(4, guid_memattr, MEMATTR_PHYS);
	fake_phys_add(SYSTAB_PHYS, systab, sizeof(systab));
	fake_phys_add(VENDOR_PHYS, vendor, sizeof(vendor));
	fake_phys_add(CONFIG_PHYS, config, sizeof(config));

	memset(&efi_bi, 0, sizeof(efi_bi));
	efi_bi.source = BOOT_SRC_EFI;
	efi_bi.efi_systab = SYSTAB_PHYS;
}

static int efi_suite_init(void)
{
	memblock_reset();
	acpi_disabled = false;
	return 0;
}

static void efi_suite_exit(void)
{
	fake_fw_reset();
	acpi_boot_table_init(NULL);
	fake_phys_reset();
	memblock_reset();
}

static void test_efi_systab_and_tables(struct ktest *t)
{
	char line[160];
	u64 mark;

	fake_uefi();
	mark = printk_log_mark();
	KTEST_ASSERT_EQ(t, efi_init(&efi_bi), 0);
	KTEST_EXPECT(t, efi.present);
	KTEST_EXPECT_EQ(t, efi.revision, (2U << 16) | 70);
	KTEST_EXPECT_STREQ(t, efi.vendor, "EDK II");
	KTEST_EXPECT_LOG(t, mark, "efi: EFI v2.70 by EDK II\n");
	/* Linux's line: the tables it names, in table order, each followed by a space. */
	snprintf(line, sizeof(line), "efi: SMBIOS=0x%llx ACPI=0x%llx ACPI 2.0=0x%llx MEMATTR=0x%llx \n",
		 SMBIOS_PHYS, (unsigned long long)rsdp_phys, (unsigned long long)rsdp_phys,
		 MEMATTR_PHYS);
	KTEST_EXPECT_LOG(t, mark, line);
	KTEST_EXPECT_EQ(t, efi.table[EFI_TABLE_ACPI20], rsdp_phys);
	KTEST_EXPECT_EQ(t, efi.table[EFI_TABLE_SMBIOS], SMBIOS_PHYS);
	KTEST_EXPECT_EQ(t, efi.table[EFI_TABLE_SMBIOS3], 0);
	KTEST_EXPECT_EQ(t, efi.nr_named, 4);
	KTEST_EXPECT_EQ(t, efi_bi.rsdp_phys, rsdp_phys);
	KTEST_EXPECT_EQ(t, fake_phys_outstanding(), 0);
	KTEST_EXPECT_EQ(t, fake_phys_bad_unmaps(), 0);

	/* Only ACPI 1.0 listed: its address is used. */
	fake_uefi();
	put_entry(3, guid_other, 0);
	KTEST_ASSERT_EQ(t, efi_init(&efi_bi), 0);
	KTEST_EXPECT_EQ(t, efi_bi.rsdp_phys, rsdp_phys);
	KTEST_EXPECT_EQ(t, efi.table[EFI_TABLE_ACPI20], 0);

	/* No system table: nothing to do, nothing said. */
	memset(&efi_bi, 0, sizeof(efi_bi));
	mark = printk_log_mark();
	KTEST_EXPECT_EQ(t, efi_init(&efi_bi), -ENOENT);
	KTEST_EXPECT_NO_LOG(t, mark, "efi:");
	KTEST_EXPECT(t, !efi.present);
}

/* The ACPI walk takes the RSDP's address from the UEFI configuration table. */
static void test_efi_rsdp_address_for_acpi(struct ktest *t)
{
	char line[96];
	u64 mark;

	fake_uefi();
	KTEST_ASSERT_EQ(t, efi_init(&efi_bi), 0);
	/* The loader's copy (multiboot2 tag 15) and the address agree. */
	memcpy(efi_bi.rsdp, fake_fw_acpi(rsdp_phys), 36);
	efi_bi.rsdp_len = 36;
	mark = printk_log_mark();
	KTEST_ASSERT_EQ(t, acpi_boot_table_init(&efi_bi), 0);
	KTEST_EXPECT_EQ(t, acpi_rsdp_address(), rsdp_phys);
	KTEST_EXPECT_STREQ(t, acpi_root_table(), "XSDT");
	snprintf(line, sizeof(line), "ACPI: RSDP 0x%016llX 000024 (v02 BOCHS )\n",
		 (unsigned long long)rsdp_phys);
	KTEST_EXPECT_LOG(t, mark, line);

	/* No copy handed over (a loader without tags 14/15): found at the address alone. */
	efi_bi.rsdp_len = 0;
	KTEST_ASSERT_EQ(t, acpi_boot_table_init(&efi_bi), 0);
	KTEST_EXPECT_EQ(t, acpi_rsdp_address(), rsdp_phys);

	/* A copy that does not match what is at the address: the address is not trusted. */
	memcpy(efi_bi.rsdp, fake_fw_acpi(rsdp_phys), 36);
	efi_bi.rsdp_len = 36;
	efi_bi.rsdp[9] = 'X';			/* OEM id differs (checksums only warn) */
	mark = printk_log_mark();
	KTEST_ASSERT_EQ(t, acpi_boot_table_init(&efi_bi), 0);
	KTEST_EXPECT_EQ(t, acpi_rsdp_address(), 0);
	KTEST_EXPECT_LOG(t, mark, "ACPI: RSDP 0x0000000000000000 000024 (v02 XOCHS )\n");

	/* Without the EFI address the copy's location is unknown: 0, as before. */
	efi_bi.rsdp_phys = 0;
	memcpy(efi_bi.rsdp, fake_fw_acpi(rsdp_phys), 36);
	KTEST_ASSERT_EQ(t, acpi_boot_table_init(&efi_bi), 0);
	KTEST_EXPECT_EQ(t, acpi_rsdp_address(), 0);
	KTEST_EXPECT_EQ(t, fake_phys_outstanding(), 0);
}

static void test_efi_bad_tables(struct ktest *t)
{
	u64 mark, v;

	/* Wrong signature: Linux's message, nothing used. */
	fake_uefi();
	systab[0] ^= 0xff;
	mark = printk_log_mark();
	KTEST_EXPECT_EQ(t, efi_init(&efi_bi), -EINVAL);
	KTEST_EXPECT_LOG(t, mark, "efi: System table signature incorrect!\n");
	KTEST_EXPECT(t, !efi.present);
	KTEST_EXPECT_EQ(t, efi_bi.rsdp_phys, 0);

	/* A header too small for a 64-bit system table. */
	fake_uefi();
	systab[12] = 64;
	mark = printk_log_mark();
	KTEST_EXPECT_EQ(t, efi_init(&efi_bi), -EINVAL);
	KTEST_EXPECT_LOG(t, mark, "efi: System table header size 64 is smaller than a 64-bit system table (120)");

	/* The system table itself is not mappable. */
	fake_uefi();
	efi_bi.efi_systab = 0x123000000ULL;
	mark = printk_log_mark();
	KTEST_EXPECT_EQ(t, efi_init(&efi_bi), -EINVAL);
	KTEST_EXPECT_LOG(t, mark, "efi: Failed to map the EFI system table at 0x123000000\n");

	/* An unbelievable table count. */
	fake_uefi();
	v = 1ULL << 40;
	memcpy(systab + 104, &v, 8);
	mark = printk_log_mark();
	KTEST_EXPECT_EQ(t, efi_init(&efi_bi), -EINVAL);
	KTEST_EXPECT_LOG(t, mark, "efi: 1099511627776 configuration tables is not believable; ignoring them\n");
	KTEST_EXPECT_EQ(t, efi_bi.rsdp_phys, 0);

	/* More entries than the mapped configuration table holds: it cannot be mapped. */
	fake_uefi();
	v = 9;
	memcpy(systab + 104, &v, 8);
	mark = printk_log_mark();
	KTEST_EXPECT_EQ(t, efi_init(&efi_bi), -ENOMEM);
	KTEST_EXPECT_LOG(t, mark, "efi: Could not map Config Table!\n");

	/* An unreadable vendor string: "unknown", as Linux says. */
	fake_uefi();
	put64(systab + 24, 0x9999000ULL);
	mark = printk_log_mark();
	KTEST_EXPECT_EQ(t, efi_init(&efi_bi), 0);
	KTEST_EXPECT_LOG(t, mark, "efi: EFI v2.70 by unknown\n");

	/* A revision below 1.00 is warned about, as Linux does, and used. */
	fake_uefi();
	memset(systab + 8, 0, 4);
	mark = printk_log_mark();
	KTEST_EXPECT_EQ(t, efi_init(&efi_bi), 0);
	KTEST_EXPECT_LOG(t, mark, "efi: Warning: System table version 0.00, expected 1.00 or greater!\n");
	KTEST_EXPECT_EQ(t, fake_phys_outstanding(), 0);
	KTEST_EXPECT_EQ(t, fake_phys_bad_unmaps(), 0);
}

static struct ktest_case efi_cases[] = {
	KTEST_CASE(test_efi_systab_and_tables),
	KTEST_CASE(test_efi_rsdp_address_for_acpi),
	KTEST_CASE(test_efi_bad_tables),
	{},
};

KTEST_SUITE_FULL(efi_systab, .cases = efi_cases, .init = efi_suite_init, .exit = efi_suite_exit);

#endif /* NB_HOSTED */

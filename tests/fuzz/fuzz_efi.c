/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the UEFI system table and configuration table
 * (efi_init()), then the ACPI walk from the RSDP address it found
 * (acpi_boot_table_init()).
 *
 * Input: byte 0 is a mode, bytes 1..120 the system table (at SYSTAB), the
 * rest is one region at DATA that holds the vendor string, the
 * configuration table and anything they point at (an RSDP, ACPI tables).
 * Mode bits: 1 = fix the signature, 2 = point FirmwareVendor at DATA,
 * 4 = point ConfigurationTable at DATA, 8 = also hand over the first 36
 * bytes the ACPI 2.0 entry points at as boot_info's RSDP copy.
 * Checked: no crash or sanitizer report, every mapping released, the RSDP
 * address is the one the table listed, and no more named tables than kinds.
 */
#include <stdint.h>
#include <string.h>

#include <kernel/types.h>
#include <mm/memblock.h>
#include <asm/acpi.h>
#include <asm/efi.h>
#include "../host/fake_phys.h"
#include "fuzz.h"

#define SYSTAB	0x7e000000ULL
#define DATA	0x7e100000ULL

static struct boot_info bi;
static unsigned char systab[EFI_SYSTAB_SIZE_64];
static unsigned char data_buf[1 << 16];

static void put64(unsigned char *p, u64 v)
{
	memcpy(p, &v, 8);
}

/* A system table by "EDK II" whose configuration table (at DATA + 64) lists ACPI 2.0 -> DATA + 256. */
static void make_seeds(void)
{
	static unsigned char buf[1 + EFI_SYSTAB_SIZE_64 + 512];
	static const unsigned char acpi20[16] = { 0x71, 0xe8, 0x68, 0x88, 0xf1, 0xe4, 0xd3, 0x11,
						  0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81 };
	unsigned char *st = buf + 1, *d = buf + 1 + EFI_SYSTAB_SIZE_64;
	u64 sig = EFI_SYSTEM_TABLE_SIGNATURE;
	u32 rev = (2 << 16) | 70, hsize = EFI_SYSTAB_SIZE_64;
	const char *v = "EDK II";

	buf[0] = 1 | 2 | 4 | 8;
	memcpy(st, &sig, 8);
	memcpy(st + 8, &rev, 4);
	memcpy(st + 12, &hsize, 4);
	put64(st + 104, 1);
	for (unsigned int i = 0; v[i]; i++)
		d[2 * i] = (unsigned char)v[i];
	memcpy(d + 64, acpi20, 16);
	put64(d + 80, DATA + 256);
	memcpy(d + 256, "RSD PTR ", 8);
	d[256 + 15] = 2;
	fake_fuzz_seed("seed-ovmf", buf, sizeof(buf));
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return fuzz_init(argc, argv, make_seeds);
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
	size_t dlen;
	unsigned char mode;
	u64 v;

	if (size < 1 + sizeof(systab) + 1)
		return 0;
	mode = in[0];
	memcpy(systab, in + 1, sizeof(systab));
	dlen = size - 1 - sizeof(systab);
	if (dlen > sizeof(data_buf))
		dlen = sizeof(data_buf);
	memcpy(data_buf, in + 1 + sizeof(systab), dlen);
	if (mode & 1) {
		v = EFI_SYSTEM_TABLE_SIGNATURE;
		memcpy(systab, &v, 8);
	}
	if (mode & 2)
		put64(systab + 24, DATA);
	if (mode & 4)
		put64(systab + 112, DATA + 64);

	fake_phys_reset();
	memblock_reset();
	fake_phys_add(SYSTAB, systab, sizeof(systab));
	fake_phys_add(DATA, data_buf, dlen);
	memset(&bi, 0, sizeof(bi));
	bi.efi_systab = SYSTAB;

	if (efi_init(&bi) == 0) {
		check(efi.present);
		check(efi.nr_named <= EFI_NR_TABLE_KINDS);
		check(bi.rsdp_phys == (efi.table[EFI_TABLE_ACPI20] ? efi.table[EFI_TABLE_ACPI20]
								    : efi.table[EFI_TABLE_ACPI]));
	} else {
		check(bi.rsdp_phys == 0);
	}
	check(fake_phys_outstanding() == 0);
	check(fake_phys_bad_unmaps() == 0);

	if ((mode & 8) && dlen >= 36 && bi.rsdp_phys >= DATA && bi.rsdp_phys - DATA <= dlen - 36) {
		bi.rsdp_len = 36;
		memcpy(bi.rsdp, data_buf + (bi.rsdp_phys - DATA), 36);
	}
	acpi_boot_table_init(&bi);
	check(fake_phys_outstanding() == 0);
	check(fake_phys_bad_unmaps() == 0);
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the RSDP search and the RSDT/XSDT walk
 * (acpi_boot_table_init()), then every registered table through
 * acpi_get_table() and the MADT parser.
 *
 * Input: byte 0 chooses where the RSDP comes from, bytes 1..36 are the
 * RSDP, the rest is the ACPI area at FAKE_ACPI_BASE (root tables, FADT,
 * anything). Mode bits: 1 = hand it over as boot_info's copy (length from
 * bits 4..7), else write it into low memory: 2 = fix its checksums first,
 * 4 = put it in the EBDA instead of the BIOS area, 8 = also claim an EBDA
 * whose segment comes from RSDP byte 9.
 * Checked: no crash or sanitizer report, every mapping released, and the
 * registry's invariants (lengths, no wrap).
 */
#include <stdint.h>
#include <string.h>

#include <kernel/types.h>
#include <mm/memblock.h>
#include <asm/acpi.h>
#include "../host/fake_phys.h"
#include "fuzz.h"

static struct boot_info bi;

static void fix_rsdp(unsigned char *r)
{
	r[8] = 0;
	r[8] = (unsigned char)(0 - acpi_checksum(r, 20));
	r[32] = 0;
	r[32] = (unsigned char)(0 - acpi_checksum(r, 36));
}

static void make_seeds(void)
{
	static unsigned char buf[1 + 36 + FAKE_ACPI_SIZE];
	struct fake_table tb;
	phys_addr_t tables[2];

	fake_fw_reset();
	fake_table_start(&tb, "APIC", 1, 44);
	fake_madt_lapic(&tb, 0, 0, 1);
	fake_madt_lapic(&tb, 1, 1, 1);
	tables[0] = fake_acpi_install(&tb, 0, true);
	fake_table_start(&tb, "SRAT", 1, 48);
	fake_srat_mem(&tb, 0, 0, 0x40000000, 1);
	tables[1] = fake_acpi_install(&tb, 0, true);
	fake_acpi_firmware(tables, 2, FAKE_RSDT_AND_XSDT);

	buf[0] = 2;
	memcpy(buf + 1, fake_fw_low() + FAKE_RSDP_ADDR, 36);
	memcpy(buf + 37, fake_fw_acpi(FAKE_ACPI_BASE), fake_acpi_used());
	fake_fuzz_seed("seed-xsdt", buf, 37 + fake_acpi_used());
	buf[0] = 0xc1;				/* the loader's copy, 36 bytes */
	fake_fuzz_seed("seed-loader", buf, 37 + fake_acpi_used());
	buf[0] = 6;
	buf[1 + 15] = 0;				/* revision 0: RSDT */
	fake_fuzz_seed("seed-ebda-rsdt", buf, 37 + fake_acpi_used());
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return fuzz_init(argc, argv, make_seeds);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char rsdp[36];
	unsigned char mode;
	unsigned int i;

	if (size < 1 + sizeof(rsdp))
		return 0;
	mode = data[0];
	memcpy(rsdp, data + 1, sizeof(rsdp));

	fake_fw_reset();
	memblock_reset();
	memset(&bi, 0, sizeof(bi));
	if (mode & 1) {
		bi.rsdp_len = ((mode >> 4) * 3) % 37;	/* 0 .. 36 */
		memcpy(bi.rsdp, rsdp, sizeof(rsdp));
	} else {
		phys_addr_t at = FAKE_RSDP_ADDR;

		if (mode & 2)
			fix_rsdp(rsdp);
		if (mode & 4) {
			fake_fw_low()[0x40E] = 0x00;
			fake_fw_low()[0x40F] = 0x9f;
			at = 0x9f000 + ((mode >> 4) << 4);
		} else if (mode & 8) {
			fake_fw_low()[0x40E] = rsdp[9];
			fake_fw_low()[0x40F] = rsdp[10];
		}
		memcpy(fake_fw_low() + at, rsdp, sizeof(rsdp));
	}
	fake_acpi_install_raw(data + 37, size - 37);

	acpi_boot_table_init(&bi);
	for (i = 0; i < acpi_table_count(); i++) {
		const struct acpi_table_desc *d = acpi_table_desc(i);
		const struct acpi_table_header *h;

		check(d->length >= 36 || (!memcmp(d->signature, "FACS", 4) && d->length >= 64));
		check(d->length <= ACPI_MAX_TABLE_LENGTH);
		check(d->address + d->length > d->address);
		check(memblock_is_reserved(d->address));
		h = acpi_get_table(d->signature, 0);
		if (h) {
			check(h->length >= 8);
			acpi_put_table(h);
		}
	}
	acpi_parse_madt(0);
	check(acpi_madt_cpus()->nr_cpus >= 1 && acpi_madt_cpus()->nr_cpus <= NR_CPUS);
	check(fake_phys_outstanding() == 0);
	check(fake_phys_bad_unmaps() == 0);
	return 0;
}

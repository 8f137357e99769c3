/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the MADT parser (acpi_parse_madt(), acpi_boot_init()).
 *
 * Input: a whole MADT (header included). Its signature is forced to "APIC"
 * and its length field to the input's size, so the fuzzer works on the
 * subtables; byte 9 (the checksum) also picks the boot CPU's APIC id.
 * Checked: 1 <= CPUs <= NR_CPUS, distinct APIC ids, the boot CPU first,
 * every mapping released.
 */
#include <stdint.h>

#include <kernel/types.h>
#include <mm/memblock.h>
#include <asm/acpi.h>
#include "../host/fake_phys.h"
#include "fuzz.h"

static struct boot_info bi;
static unsigned char table[8192];

static void make_seeds(void)
{
	struct fake_table tb;

	fake_table_start(&tb, "APIC", 1, 44);
	fake_madt_lapic(&tb, 0, 0, 1);
	fake_madt_lapic(&tb, 1, 1, 1);
	fake_madt_lapic(&tb, 2, 2, 0);
	fake_madt_x2apic(&tb, 3, 0x100, 1);
	fake_fuzz_seed("seed-qemu", tb.b, tb.len);
	fake_table_start(&tb, "APIC", 5, 44);
	fake_madt_lapic(&tb, 0, 0, 1);
	fake_madt_lapic(&tb, 1, 1, 2);
	fake_fuzz_seed("seed-rev5", tb.b, tb.len);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return fuzz_init(argc, argv, make_seeds);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	phys_addr_t at;
	const struct acpi_madt_cpus *m;
	int boot = -1;
	unsigned int i, j;

	if (!fuzz_acpi_table(table, sizeof(table), "APIC", data, size))
		return 0;
	if (size >= 10 && data[9] < 0x80)
		boot = data[9];

	fake_fw_reset();
	memblock_reset();
	at = fake_acpi_install_raw(table, size ? size : 1);
	fake_acpi_firmware(&at, 1, FAKE_RSDT_ONLY);
	acpi_boot_table_init(&bi);
	acpi_parse_madt(boot);
	acpi_boot_init();

	m = acpi_madt_cpus();
	check(m->nr_cpus >= 1 && m->nr_cpus <= NR_CPUS);
	for (i = 0; i < m->nr_cpus; i++)
		for (j = 0; j < i; j++)
			check(m->apicid[i] != m->apicid[j]);
	if (boot >= 0)
		check(m->apicid[0] == (u32)boot);
	check(fake_phys_outstanding() == 0);
	return 0;
}

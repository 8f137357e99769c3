/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the SRAT parser and everything x86_numa_init() does
 * with it (PXM -> node, meminfo clean-up, coverage, CPU placement,
 * registration).
 *
 * Input: a whole SRAT (header included); its signature is forced to
 * "SRAT" and its length field to the input's size. The machine is QEMU's
 * i440fx with 2 GiB (byte 10, the OEM id's first byte, picks 1, 2 or 4.5 GiB)
 * and four CPUs with APIC ids 0-3.
 * Checked: x86_numa_init() registers a topology (mm/numa.c validates it),
 * memblock's node tags agree with it, every mapping is released.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/types.h>
#include <mm/memblock.h>
#include <mm/numa.h>
#include <asm/acpi.h>
#include <asm/numa.h>
#include "../host/fake_phys.h"

static struct boot_info bi;
static unsigned char table[16384];

static void check(bool ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct fake_table tb;

	(void)argc;
	(void)argv;
	/* QEMU's 2-node SRAT. */
	fake_table_start(&tb, "SRAT", 1, 48);
	fake_srat_cpu(&tb, 0, 0, 1);
	fake_srat_cpu(&tb, 1, 1, 1);
	fake_srat_mem(&tb, 0, 0, 0xa0000, 1);
	fake_srat_mem(&tb, 0, 0x100000, 0x3ff00000, 1);
	fake_srat_mem(&tb, 1, 0x40000000, 0x40000000, 1);
	fake_fuzz_seed("seed-qemu-2node", tb.b, tb.len);
	/* x2APIC entries, hotplug memory, revision 3. */
	fake_table_start(&tb, "SRAT", 3, 48);
	fake_srat_x2apic(&tb, 5, 0, 1);
	fake_srat_x2apic(&tb, 9, 1, 1);
	fake_srat_cpu(&tb, 9, 2, 1);
	fake_srat_mem(&tb, 5, 0, 0x40000000, 1);
	fake_srat_mem(&tb, 9, 0x40000000, 0x40000000, 3);
	fake_srat_mem(&tb, 7, 0x100000000ULL, 0x40000000, 7);
	fake_fuzz_seed("seed-x2apic-hotplug", tb.b, tb.len);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned int ram_mb[] = { 1024, 2048, 4608 };
	struct fake_table madt;
	phys_addr_t tables[2];
	const char *why;
	unsigned int i;

	if (size > sizeof(table))
		return 0;
	memset(table, 0, sizeof(table));
	memcpy(table, data, size);
	if (size >= 8) {
		u32 len = (u32)size;

		memcpy(table, "SRAT", 4);
		memcpy(table + 4, &len, 4);
	}

	fake_ram_qemu(ram_mb[(size > 10 ? data[10] : 1) % 3]);
	numa_reset_options();
	fake_fw_reset();
	fake_table_start(&madt, "APIC", 1, 44);
	for (i = 0; i < 4; i++)
		fake_madt_lapic(&madt, (unsigned char)i, (unsigned char)i, 1);
	tables[0] = fake_acpi_install(&madt, 0, true);
	tables[1] = fake_acpi_install_raw(table, size ? size : 1);
	fake_acpi_firmware(tables, 2, FAKE_RSDT_ONLY);
	acpi_boot_table_init(&bi);
	acpi_parse_madt(0);

	check(x86_numa_init() == 0);
	why = fake_numa_check();
	check(!why);
	check(numa_topology()->nr_cpus == 4);
	check(fake_phys_outstanding() == 0);
	return 0;
}

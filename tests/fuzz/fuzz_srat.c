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

#include <kernel/types.h>
#include <mm/memblock.h>
#include <mm/numa.h>
#include <asm/acpi.h>
#include <asm/numa.h>
#include "../host/fake_phys.h"
#include "fuzz.h"

static struct boot_info bi;
static unsigned char table[16384];

static void make_seeds(void)
{
	struct fake_table tb;

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
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return fuzz_init(argc, argv, make_seeds);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned int ram_mb[] = { 1024, 2048, 4608 };
	phys_addr_t tables[2];
	const char *why;

	if (!fuzz_acpi_table(table, sizeof(table), "SRAT", data, size))
		return 0;

	fake_ram_qemu(ram_mb[(size > 10 ? data[10] : 1) % 3]);
	numa_reset_options();
	fake_fw_reset();
	tables[0] = fake_acpi_madt_cpus(4);
	tables[1] = fake_acpi_install_raw(table, size ? size : 1);
	fake_acpi_boot(tables, 2, &bi);

	check(x86_numa_init() == 0);
	why = fake_numa_check();
	check(!why);
	check(numa_topology()->nr_cpus == 4);
	check(fake_phys_outstanding() == 0);
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the NUMA clean-up and emulation, from arbitrary RAM
 * layouts, memory affinity ranges and numa= options.
 *
 * Input (all little-endian):
 *   byte 0      numa= option: 0-3 none, 4 off, 5 noacpi, 6 fake=N,
 *               7 fake=<size>M, 8 fake=NU, others none
 *   byte 1      option argument
 *   byte 2      bits 0-2: RAM ranges - 1; bit 3: SRAT revision 2; bits 4-7: CPUs
 *   then RAM ranges, 6 bytes each: start (u16 MiB, u8 4 KiB pages), length (same)
 *   then memory entries, 8 bytes each: PXM, flags (bit 0 enabled, 1 hotplug,
 *               2 non-volatile), start, length (as above)
 *   CPU i sits in the PXM of memory entry i (if there is one).
 * The SRAT built from this is well-formed: the fuzzer explores the rules,
 * fuzz_srat the format.
 * Checked: x86_numa_init() always registers a topology that memblock's node
 * tags agree with, and every mapping is released.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/types.h>
#include <mm/memblock.h>
#include <mm/numa.h>
#include <asm/acpi.h>
#include <asm/numa.h>
#include "../host/fake_phys.h"
#include "fuzz.h"

static struct boot_info bi;

static u64 addr_at(const uint8_t *p)
{
	return ((u64)(p[0] | p[1] << 8) << 20) + ((u64)p[2] << 12);
}

static void make_seeds(void)
{
	/* 2 GiB in two RAM ranges, two nodes, numa=fake=4. */
	static const uint8_t two_nodes[] = {
		6, 4, 0x11,
		0x00, 0x00, 0x01, 0x00, 0x00, 0xff,	/* RAM [4K, 1M) */
		0x01, 0x00, 0x00, 0xff, 0x07, 0x00,	/* RAM [1M, 2G) */
		0, 1, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
		1, 1, 0x00, 0x04, 0x00, 0x00, 0x04, 0x00,
	};

	fake_fuzz_seed("seed-two-nodes-fake4", two_nodes, sizeof(two_nodes));
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return fuzz_init(argc, argv, make_seeds);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fake_table srat, madt;
	phys_addr_t tables[2];
	unsigned int nr_ram, nr_cpus, i;
	char opt[48];
	const uint8_t *p, *end = data + size;
	const char *why;

	if (size < 3)
		return 0;
	nr_ram = (data[2] & 7) + 1;
	nr_cpus = (data[2] >> 4) + 1;
	p = data + 3;

	memblock_reset();
	for (i = 0; i < nr_ram && end - p >= 6; i++, p += 6) {
		u64 start = addr_at(p), len = addr_at(p + 3);

		if (len)
			memblock_add(start, len);
	}

	numa_reset_options();
	switch (data[0]) {
	case 4: snprintf(opt, sizeof(opt), "off"); break;
	case 5: snprintf(opt, sizeof(opt), "noacpi"); break;
	case 6: snprintf(opt, sizeof(opt), "fake=%u", data[1]); break;
	case 7: snprintf(opt, sizeof(opt), "fake=%uM", data[1] * 16u); break;
	case 8: snprintf(opt, sizeof(opt), "fake=%uU", data[1] % 16u); break;
	default: opt[0] = '\0'; break;
	}
	if (opt[0])
		numa_parse_option(opt);

	fake_fw_reset();
	fake_table_start(&srat, "SRAT", data[2] & 8 ? 2 : 1, 48);
	fake_table_start(&madt, "APIC", 1, 44);
	for (i = 0; i < nr_cpus; i++) {
		fake_madt_lapic(&madt, (unsigned char)i, (unsigned char)i, 1);
		if (end - p >= 8 * (long)(i + 1))
			fake_srat_cpu(&srat, p[8 * i], (unsigned char)i, 1);
	}
	for (; end - p >= 8 && srat.len + 40 <= sizeof(srat.b); p += 8)
		fake_srat_mem(&srat, p[0], addr_at(p + 2), addr_at(p + 5), p[1] & 7);
	tables[0] = fake_acpi_install(&madt, 0, true);
	tables[1] = fake_acpi_install(&srat, 0, true);
	fake_acpi_firmware(tables, 2, FAKE_RSDT_ONLY);
	acpi_boot_table_init(&bi);
	acpi_parse_madt(0);

	check(x86_numa_init() == 0);
	why = fake_numa_check();
	if (why) {
		fprintf(stderr, "fuzz_numa: %s\n", why);
		abort();
	}
	check(numa_topology()->nr_cpus == nr_cpus);
	check(fake_phys_outstanding() == 0);
	return 0;
}

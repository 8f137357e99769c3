/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the SLIT parser, against an oracle.
 *
 * Input: a whole SLIT (header included); its signature is forced to
 * "SLIT" and its length field to the input's size. The SRAT is QEMU's for
 * four 512 MiB nodes (PXM i is node i) on 2 GiB.
 * Checked: distances are the SLIT's when Linux's rules accept it (the
 * locality count fits, diagonal 10, everything else above 10), else 10/20;
 * the diagonal is always 10; every mapping is released.
 */
#include <stdint.h>
#include <string.h>

#include <kernel/types.h>
#include <mm/memblock.h>
#include <mm/numa.h>
#include <asm/acpi.h>
#include <asm/numa.h>
#include "../host/fake_phys.h"
#include "fuzz.h"

#define NODES	4

static struct boot_info bi;
static unsigned char table[16384];

/* Linux's verdict on the SLIT in @t (@len bytes), and its locality count. */
static bool slit_ok(const unsigned char *t, size_t len, u64 *count)
{
	u64 n, i, j;

	if (len < 44)
		return false;
	memcpy(&n, t + 36, 8);
	*count = n;
	if (n > 4096 || n * n > len - 44)
		return false;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (i == j ? t[44 + n * i + j] != 10 : t[44 + n * i + j] <= 10)
				return false;
	return true;
}

static void make_seeds(void)
{
	static const unsigned char d4[16] = { 10, 20, 30, 40, 25, 10, 20, 30,
					      35, 25, 10, 20, 45, 35, 25, 10 };
	static const unsigned char d5[25] = { 10, 12, 13, 14, 15,  12, 10, 13, 14, 15,
					      12, 13, 10, 14, 15,  12, 13, 14, 10, 15,
					      12, 13, 14, 15, 10 };
	struct fake_table tb;

	fake_slit(&tb, 4, d4);
	fake_fuzz_seed("seed-4node-asym", tb.b, tb.len);
	fake_slit(&tb, 5, d5);
	fake_fuzz_seed("seed-5-localities", tb.b, tb.len);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return fuzz_init(argc, argv, make_seeds);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fake_table srat;
	phys_addr_t tables[3];
	u64 n = 0;
	bool valid;
	int i, j;

	if (!fuzz_acpi_table(table, sizeof(table), "SLIT", data, size))
		return 0;
	valid = slit_ok(table, size, &n);

	fake_ram_qemu(2048);
	numa_reset_options();
	fake_fw_reset();
	tables[0] = fake_acpi_madt_cpus(NODES);
	fake_table_start(&srat, "SRAT", 1, 48);
	for (i = 0; i < NODES; i++) {
		fake_srat_cpu(&srat, (unsigned int)i, (unsigned char)i, 1);
		fake_srat_mem(&srat, (unsigned int)i, (u64)i << 29, 1ULL << 29, 1);
	}
	tables[1] = fake_acpi_install(&srat, 0, true);
	tables[2] = fake_acpi_install_raw(table, size ? size : 1);
	fake_acpi_boot(tables, 3, &bi);

	check(x86_numa_init() == 0);
	check(nr_node_ids == NODES);
	for (i = 0; i < NODES; i++) {
		for (j = 0; j < NODES; j++) {
			int want = i == j ? 10 : 20;

			if (valid && (u64)i < n && (u64)j < n)
				want = table[44 + n * (u64)i + (u64)j];
			check(node_distance(i, j) == want);
		}
	}
	check(fake_phys_outstanding() == 0);
	return 0;
}

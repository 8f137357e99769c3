/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the HMAT parser (arch/x86/fw/hmat.c) and what is built
 * on it: the node attributes (mm/node.c), the memory tiers and demotion
 * targets under both rules (mm/memory_tiers.c), and the dump= reports.
 *
 * Input: a whole HMAT (header included); its signature is forced to
 * "HMAT" and its length field to the input's size. The rest of the machine
 * is QEMU's hmat-cxl (tests/machines/hmat-cxl.machine): 768 MiB on four
 * nodes (PXMs 0-3), CPUs on nodes 0 and 1, its SLIT.
 * Checked: no crash or sanitizer report; attributes and initiators only on
 * nodes that exist; Linux 6.1's rule gives one tier; the current rule's
 * tiers partition the nodes with memory (the
 * CONFIG_DEBUG_VM check in memory_tier_establish()); a demotion target is
 * in a lower tier; every mapping released.
 */
#include <stdint.h>

#include <kernel/types.h>
#include <kernel/report.h>
#include <mm/memblock.h>
#include <mm/numa.h>
#include <mm/node.h>
#include <mm/memory_tiers.h>
#include <asm/acpi.h>
#include <asm/numa.h>
#include "../host/fake_phys.h"
#include "fuzz.h"

static struct boot_info bi;
static unsigned char table[8192];

static void make_seeds(void)
{
	static const unsigned int inits[] = { 0 }, targs[] = { 0, 1 };
	static const unsigned short lat[] = { 1, 5 }, rlat[] = { 0, 5 }, bw[] = { 20, 5 };
	struct fake_table tb;

	fake_hmat_qemu_cxl(&tb);
	fake_fuzz_seed("seed-qemu-hmat-cxl", tb.b, tb.len);
	/* hmat-cache's shape: read/write latency tables, a memory-side cache */
	fake_table_start(&tb, "HMAT", 2, 40);
	fake_hmat_proximity(&tb, 1, 0, 0);
	fake_hmat_proximity(&tb, 1, 0, 1);
	fake_hmat_locality(&tb, 0, 0, 10000, 1, inits, 2, targs, lat);
	fake_hmat_locality(&tb, 0, 1, 10000, 1, inits, 2, targs, rlat);
	fake_hmat_locality(&tb, 0, 3, 1024, 1, inits, 2, targs, bw);
	fake_hmat_cache(&tb, 1, 16 << 20, 0x00401111);
	fake_fuzz_seed("seed-cache", tb.b, tb.len);
	/* revision 1, no attached initiators */
	fake_table_start(&tb, "HMAT", 1, 40);
	fake_hmat_proximity(&tb, 2, 0, 2);
	fake_hmat_locality(&tb, 0, 0, 10, 1, inits, 2, targs, lat);
	fake_fuzz_seed("seed-rev1", tb.b, tb.len);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return fuzz_init(argc, argv, make_seeds);
}

static void check_state(void)
{
	for (int n = 0; n < MAX_NUMNODES; n++) {
		for (unsigned int a = 0; a < ACCESS_COORDINATE_MAX; a++) {
			nodemask_t init = node_get_initiators(n, a);

			/* Initiators are existing nodes; a node that does not exist has nothing. */
			check(last_node(init) < (int)nr_node_ids);
			if (n >= (int)nr_node_ids)
				check(!node_get_perf_attrs(n, a) && nodes_empty(init));
		}
	}
	for (int n = 0; n < (int)nr_node_ids; n++) {
		int target = next_demotion_node(n), adist, tier, tadist, ttier;

		if (target == NUMA_NO_NODE)
			continue;
		check(node_memory_tier(n, &adist, &tier));
		check(node_memory_tier(target, &tadist, &ttier));
		check(ttier > tier);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const u8 slit_matrix[] = { 10, 21, 24, 32, 21, 10, 32, 24,
					  24, 32, 10, 40, 32, 24, 40, 10 };
	struct fake_table srat, slit;
	phys_addr_t tables[4];

	if (!fuzz_acpi_table(table, sizeof(table), "HMAT", data, size))
		return 0;
	memblock_reset();
	fake_ram_qemu(768);
	numa_reset_options();
	numa_node_data_size = 0;
	fake_fw_reset();
	fake_srat_qemu_cxl(&srat);
	fake_slit(&slit, 4, slit_matrix);
	tables[0] = fake_acpi_madt_cpus(2);
	tables[1] = fake_acpi_install(&srat, 0, true);
	tables[2] = fake_acpi_install(&slit, 0, true);
	tables[3] = fake_acpi_install_raw(table, size ? size : 1);
	fake_acpi_boot(tables, 4, &bi);
	check(x86_numa_init() == 0);

	hmat_init();
	memory_tier_establish(MEMTIER_RULE_LINUX61);
	check(memory_tier_count() == 1);
	memory_tier_establish(MEMTIER_RULE_CURRENT);
	check_state();
	check(dump_by_name("hmat") && dump_by_name("memory_tiers"));
	check(fake_phys_outstanding() == 0);
	return 0;
}

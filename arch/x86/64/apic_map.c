// SPDX-License-Identifier: GPL-2.0-only
/*
 * x86_64: the xAPIC page through the direct map's low-4G alias, which
 * init_mem_mapping() (arch/x86/64/init.c) maps uncached from 3 GiB to 4 GiB
 * for every CPU: nothing to map, only a check that the address is there.
 */
#include <kernel/types.h>
#include <asm/apic.h>
#include <asm/setup.h>

void *apic_mmio_map(phys_addr_t phys)
{
	if (phys < (3ULL << 30) || phys + 0x1000 > (4ULL << 30))
		return NULL;	/* outside the uncached window */
	return (void *)(uintptr_t)(PAGE_OFFSET + phys);
}

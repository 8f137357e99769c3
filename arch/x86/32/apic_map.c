// SPDX-License-Identifier: GPL-2.0-only
/*
 * i386: an uncached mapping of the xAPIC page, in the fixmap slot
 * FIX_APIC_BASE. The kernel page directory (and so the fixmap page table)
 * is shared by every CPU, so one mapping serves all.
 */
#define pr_fmt(fmt) "APIC: " fmt

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/printk.h>
#include <asm/apic.h>
#include <asm/pgtable.h>
#include <asm/pgtable_32.h>
#include <asm/processor.h>
#include <asm/setup.h>

void *apic_mmio_map(phys_addr_t phys)
{
	unsigned long vaddr = __fix_to_virt(FIX_APIC_BASE);

	if (phys & 0xfff || phys >> 36)
		return NULL;
	*kmap_pte_of(vaddr) = pgprot_fixup(phys | _PAGE_PRESENT | _PAGE_RW | _PAGE_PCD | _PAGE_PWT | _PAGE_NX);
	__asm__ __volatile__("invlpg (%0)" :: "r"(vaddr) : "memory");
	return (void *)vaddr;
}

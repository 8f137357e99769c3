// SPDX-License-Identifier: GPL-2.0-only
/*
 * i386: an uncached mapping of the xAPIC page for every CPU.
 *
 * The boot page tables (boot/head_32.asm) leave the kernel page
 * directory's last two entries (0xffc00000 - 4 GiB) unmapped. This puts a
 * page table of its own into the first of them and maps the APIC page at
 * APIC_VADDR (0xffc00000) with PCD|PWT. The kernel page directory is shared
 * by every CPU (APs load the same CR3), so one mapping serves all.
 *
 * Contract with the i386 page-table work (branch i386-mm): once the
 * kernel's own PAE tables and the fixmap exist, 0xffc00000 is a fixmap
 * page and this must become a fixmap slot (a FIX_APIC_BASE index, set with
 * PAGE_KERNEL_NOCACHE). Until then, this refuses to overwrite a page
 * directory entry that is already present: the APIC stays unmapped and the
 * kernel runs on one CPU, with an error in the log, instead of corrupting
 * someone else's mapping.
 */
#define pr_fmt(fmt) "APIC: " fmt

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/printk.h>
#include <asm/apic.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/setup.h>

#define APIC_VADDR	0xffc00000UL

static u64 apic_pt[512] __aligned(4096);

void *apic_mmio_map(phys_addr_t phys)
{
	const u64 *pdpt = __va(read_cr3() & ~0x1fUL);
	u64 *pd, *pde;

	if (phys & 0xfff || phys >> 36)
		return NULL;
	if (!(pdpt[3] & _PAGE_PRESENT))
		return NULL;
	pd = __va(pdpt[3] & PTE_PFN_MASK);
	pde = &pd[(APIC_VADDR >> 21) & 511];
	if (*pde & _PAGE_PRESENT) {
		pr_err("the page directory entry for %#lx is in use (a fixmap?): the local APIC needs a fixmap slot\n",
		       APIC_VADDR);
		return NULL;
	}
	apic_pt[0] = phys | _PAGE_PRESENT | _PAGE_RW | _PAGE_PCD | _PAGE_PWT;
	*pde = __pa(apic_pt) | _PAGE_PRESENT | _PAGE_RW;
	__asm__ __volatile__("invlpg (%0)" :: "r"(APIC_VADDR) : "memory");
	return (void *)APIC_VADDR;
}

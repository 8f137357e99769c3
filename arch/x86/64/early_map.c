// SPDX-License-Identifier: GPL-2.0-only
/*
 * x86_64 early_memremap() for firmware tables: it returns addresses inside
 * the boot page tables' window (BOOT_IDENT_LIMIT), which the kernel's own
 * tables keep as the direct map of the low 4 GiB, and refuses anything
 * beyond it with a message, so that parsers fall back instead of faulting.
 * (i386 maps through fixmap slots: arch/x86/32/early_map.c.)
 */
#include <kernel/types.h>
#include <kernel/printk.h>
#include <asm/early_map.h>
#include <asm/setup.h>

void *early_memremap(phys_addr_t phys, size_t size)
{
	void *p = boot_phys_to_virt(phys, size);

	if (!p)
		pr_warn("early_memremap: [mem %#010llx-%#010llx] is outside the boot mapping\n",
			(unsigned long long)phys, (unsigned long long)(phys + size - 1));
	return p;
}

void early_memunmap(void *virt, size_t size)
{
	(void)virt;
	(void)size;
}

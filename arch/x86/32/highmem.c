// SPDX-License-Identifier: GPL-2.0-only
/*
 * i386 highmem access. For now only lowmem frames can be reached (the
 * kmap area arrives with the kernel's own PAE page tables); a highmem pfn
 * gets NULL, which callers must treat as "cannot map".
 */
#include <arch/highmem.h>
#include <asm/setup.h>

bool pfn_is_lowmem(unsigned long pfn)
{
	return pfn < max_low_pfn;
}

void *lowmem_pfn_to_virt(unsigned long pfn)
{
	return __va((phys_addr_t)pfn << PAGE_SHIFT_4K);
}

void *kmap_pfn(unsigned long pfn)
{
	return pfn_is_lowmem(pfn) ? lowmem_pfn_to_virt(pfn) : NULL;
}

void kunmap_pfn(unsigned long pfn)
{
	(void)pfn;
}

void *kmap_atomic_pfn(unsigned long pfn)
{
	return kmap_pfn(pfn);
}

void kunmap_atomic(void *addr)
{
	(void)addr;
}

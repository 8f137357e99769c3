// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every configuration but i386 DISCONTIG (mk/objs.mk): there is no KVA
 * window (arch/x86/32/discontig.c), so every RAM page of a node gets its
 * memmap initialised and there is nothing to skip (include/arch/memmap.h).
 */
#include <arch/memmap.h>

bool arch_memmap_skip_range(unsigned long *start_pfn, unsigned long *end_pfn)
{
	(void)start_pfn;
	(void)end_pfn;
	return false;
}

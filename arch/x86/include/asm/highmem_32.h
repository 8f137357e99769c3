/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * i386 kmap internals that self-tests look at (arch/x86/32/highmem.c).
 * The contract itself is include/arch/highmem.h.
 */
#ifndef NB_ASM_HIGHMEM_32_H
#define NB_ASM_HIGHMEM_32_H

#include <kernel/types.h>

/* pkmap_count of the PKMAP slot holding @pfn: 0 none, 1 mapped but unused, n > 1 n - 1 users. */
int pkmap_refcount(unsigned long pfn);
/* How many times the PKMAP area was recycled (flush_all_zero_pkmaps() flushed the TLB). */
unsigned long pkmap_flush_count(void);
/* kmap_atomic() mappings currently open on this CPU. */
unsigned int kmap_atomic_depth(void);

#endif

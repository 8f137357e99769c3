/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The contract for reaching a page frame's contents from mm/, whatever the
 * architecture's view of memory (x86_64: everything is direct-mapped;
 * i386: only lowmem is, highmem needs a temporary mapping).
 *
 *   pfn_is_lowmem(pfn)       the frame is permanently mapped (direct map)
 *   lowmem_pfn_to_virt(pfn)  its address there (pfn_is_lowmem() must hold)
 *   kmap_pfn(pfn)            a mapping that lasts until kunmap_pfn(pfn); may
 *                            sleep-free wait for a slot; nests; lowmem frames
 *                            just return their direct-map address
 *   kmap_atomic_pfn(pfn)     a short per-CPU mapping, released by
 *                            kunmap_atomic() in strict LIFO order on the same
 *                            CPU, with nothing in between that could need the
 *                            same slot (no sleeping, not across CPUs)
 *
 * All return NULL only for a pfn that is not RAM the kernel knows about.
 */
#ifndef NB_ARCH_HIGHMEM_H
#define NB_ARCH_HIGHMEM_H

#include <kernel/types.h>

bool pfn_is_lowmem(unsigned long pfn);
void *lowmem_pfn_to_virt(unsigned long pfn);
void *kmap_pfn(unsigned long pfn);
void kunmap_pfn(unsigned long pfn);
void *kmap_atomic_pfn(unsigned long pfn);
void kunmap_atomic(void *addr);

#endif

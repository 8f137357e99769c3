/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Page frames the memmap initialisation must leave alone although they
 * are RAM, free in memblock and inside a node's span: the architecture took
 * them out of every node's initialised range the way Linux 2.6.23's
 * shrink_active_range() did, without reserving them.
 *
 * Only a switched-off seed fix produces such a range: i386 DISCONTIG with
 * nofix=kva_reserve_waste (seed 001), where the pages the KVA window's PMD
 * alignment wastes stay free. The buddy hand-over then frees pages whose
 * struct page was never initialised, and reports "Bad page state", as
 * 2007's free_all_bootmem() did. Every other configuration has none.
 *
 * arch_memmap_skip_range(): true with [*start_pfn, *end_pfn) (non-empty)
 * if there is such a range, false otherwise. There is at most one.
 */
#ifndef NB_ARCH_MEMMAP_H
#define NB_ARCH_MEMMAP_H

#include <kernel/types.h>

bool arch_memmap_skip_range(unsigned long *start_pfn, unsigned long *end_pfn);

#endif

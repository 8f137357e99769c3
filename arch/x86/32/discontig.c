// SPDX-License-Identifier: GPL-2.0-only
/*
 * i386 DISCONTIG: the KVA remap window for other nodes' memmaps (seeds 000
 * and 001). Called from setup_arch() after NUMA discovery and before the
 * pglist_data and zones are set up.
 *
 * Not written yet: until it is, every node's pglist_data and memmap come
 * from lowmem like any other early allocation.
 */
#include <asm/setup.h>

void numa_kva_setup(void)
{
}

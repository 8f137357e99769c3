// SPDX-License-Identifier: GPL-2.0-only
/*
 * i386: the boot page tables (boot/head_32.asm) already direct-map
 * 0 .. 1020 MiB at PAGE_OFFSET, which covers lowmem, and identity-map the
 * low 3 GiB for firmware tables. The kernel's own PAE tables (lowmem limit,
 * kmap, the DISCONTIG KVA window) replace them with the memory-model work;
 * until then there is nothing to build here.
 */
#include <asm/pgtable.h>

void init_mem_mapping(void)
{
}

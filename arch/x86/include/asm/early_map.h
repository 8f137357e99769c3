/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Temporary mappings of physical memory for firmware tables during boot.
 * early_memremap() returns NULL if [phys, phys + size) cannot be mapped;
 * every successful call is paired with early_memunmap(). Hosted tests
 * implement it over fake physical memory (tests/host/fake_phys.c).
 */
#ifndef NB_ASM_EARLY_MAP_H
#define NB_ASM_EARLY_MAP_H

#include <kernel/types.h>

void *early_memremap(phys_addr_t phys, size_t size);
void early_memunmap(void *virt, size_t size);

#endif

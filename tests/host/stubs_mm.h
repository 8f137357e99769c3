/* SPDX-License-Identifier: GPL-2.0-only */
/* Hosted fake RAM behind arch_phys_to_virt() (tests/host/stubs_mm.c). */
#ifndef NB_TESTS_HOST_STUBS_MM_H
#define NB_TESTS_HOST_STUBS_MM_H

#include <kernel/types.h>

/* Back [start, start + size) with zeroed host memory. 0 or -1. */
int fake_ram_add(phys_addr_t start, phys_addr_t size);
/* Drop every window (their memory is freed). */
void fake_ram_reset(void);
/* Forget every alloc_percpu() block (tests/host/stubs.c): a new machine. */
void hosted_percpu_reset(void);

/*
 * For a suite that builds machines of its own: save the running one's NUMA
 * topology, NODE_DATA pointers and free_area_init_offline_nodes (its
 * .init), and put them back (its .exit). One saved machine: suites run one
 * after the other, never nested.
 */
void hosted_machine_save(void);
void hosted_machine_restore(void);

#endif

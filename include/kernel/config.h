/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The build's fixed limits, what Linux takes from Kconfig (CONFIG_NR_CPUS,
 * CONFIG_NODES_SHIFT): arch code and mm/ size their tables from here, and no
 * layer has to include another's header to learn them.
 *
 * MAX_NUMNODES: QEMU accepts 128 -numa nodes, Linux x86 takes up to 1024;
 * 128 keeps the per-node tables (distance matrix, zonelists of
 * MAX_NUMNODES * MAX_NR_ZONES entries in every pg_data_t) small on i386's
 * lowmem. NR_CPUS differs by architecture: asm/mmconfig.h, with its reason.
 */
#ifndef NB_KERNEL_CONFIG_H
#define NB_KERNEL_CONFIG_H

#include <asm/mmconfig.h>	/* NR_CPUS */

#define NODES_SHIFT		7
#define MAX_NUMNODES		(1 << NODES_SHIFT)

#endif

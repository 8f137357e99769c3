/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The build's fixed limits, what Linux takes from Kconfig (CONFIG_NR_CPUS,
 * CONFIG_NODES_SHIFT): arch code and mm/ size their tables from here, and no
 * layer has to include another's header to learn them.
 */
#ifndef NB_KERNEL_CONFIG_H
#define NB_KERNEL_CONFIG_H

#define NR_CPUS			64	/* logical CPUs: cpumask width, per-CPU areas */
#define NODES_SHIFT		6
#define MAX_NUMNODES		(1 << NODES_SHIFT)

#endif

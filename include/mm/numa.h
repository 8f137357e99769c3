/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The NUMA topology hand-over, the one door from firmware discovery into mm/.
 *
 * Arch code (SRAT/SLIT parsing, numa= options, emulation, or the single-node
 * fallback) fills a struct numa_topology: node ids are dense and zero-based,
 * memory ranges are sorted, non-overlapping and tagged with their node, and
 * the distance matrix is complete (10 on the diagonal). It then calls
 * numa_register_topology() once. mm/ never looks at firmware tables.
 */
#ifndef NB_MM_NUMA_H
#define NB_MM_NUMA_H

#include <kernel/types.h>
#include <kernel/config.h>	/* MAX_NUMNODES, NR_CPUS */

#define NUMA_NO_NODE		(-1)
#define NR_NODE_MEMBLKS		(MAX_NUMNODES * 2)

#define LOCAL_DISTANCE		10
#define REMOTE_DISTANCE		20

struct numa_memrange {
	phys_addr_t start, end;		/* [start, end) */
	int nid;
};

struct numa_topology {
	unsigned int nr_nodes;			/* nodes 0 .. nr_nodes - 1 */
	unsigned int nr_ranges;
	struct numa_memrange ranges[NR_NODE_MEMBLKS];
	u8 distance[MAX_NUMNODES][MAX_NUMNODES];
	unsigned int nr_cpus;
	u32 cpu_apicid[NR_CPUS];		/* logical cpu -> APIC id */
	int cpu_to_node[NR_CPUS];		/* logical cpu -> node */
};

/* Validate and install @topo (copied). Returns 0 or -EINVAL (topology then unchanged). */
int numa_register_topology(const struct numa_topology *topo);

/* The installed topology (a single node 0 with no ranges until registered). */
const struct numa_topology *numa_topology(void);

extern unsigned int nr_node_ids;
int node_distance(int from, int to);
int cpu_to_node(unsigned int cpu);
bool node_has_memory(int nid);
/* The nodes with memory (bit n = node n): Linux's N_MEMORY. */
u64 numa_nodes_with_memory(void);
/* A CPU of the topology is on @nid (Linux's N_CPU, every possible CPU counted). */
bool node_has_cpus(int nid);

/* Enough for any node list of MAX_NUMNODES nodes ("0,2,4,...,62": 3 bytes a node). */
#define NODE_LIST_BUF		(3 * MAX_NUMNODES + 1)
/* @mask (bit n = node n) as Linux's %*pbl prints a nodemask: "0-3", "0,2-3", "" if empty. */
int node_list_scnprintf(char *buf, size_t size, u64 mask);

#endif

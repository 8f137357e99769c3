/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-node memory attributes that firmware describes (the HMAT), as Linux's
 * drivers/base/node.c keeps them under /sys/devices/system/node/nodeN/:
 *
 *	accessN/initiators/{read,write}_{latency,bandwidth}
 *	accessN/initiators/nodeM		(links to the initiator nodes)
 *	memory_side_cache/indexL/{size,line_size,indexing,write_policy}
 *
 * Access class 0 (ACCESS_COORDINATE_LOCAL) is the best performance from any
 * initiator, class 1 (ACCESS_COORDINATE_CPU) from initiators with CPUs.
 * Latencies are in nanoseconds, bandwidths in MB/s, as the sysfs files.
 * Arch code (arch/x86/fw/hmat.c) fills it; dump=hmat prints it as
 * `grep -r . /sys/devices/system/node/node*\/access* ...` does; the memory
 * tiers (mm/memory_tiers.c) read class 1.
 */
#ifndef NB_MM_NODE_H
#define NB_MM_NODE_H

#include <kernel/types.h>

struct access_coordinate {
	unsigned int read_bandwidth;
	unsigned int write_bandwidth;
	unsigned int read_latency;
	unsigned int write_latency;
};

enum access_coordinate_class {
	ACCESS_COORDINATE_LOCAL,	/* access0 */
	ACCESS_COORDINATE_CPU,		/* access1 */
	ACCESS_COORDINATE_MAX,
};

enum cache_indexing {
	NODE_CACHE_DIRECT_MAP,
	NODE_CACHE_INDEXED,
	NODE_CACHE_OTHER,
};

enum cache_write_policy {
	NODE_CACHE_WRITE_BACK,
	NODE_CACHE_WRITE_THROUGH,
	NODE_CACHE_WRITE_OTHER,
};

#define NODE_CACHE_LEVELS	16	/* the HMAT's cache level is 4 bits */

struct node_cache_attrs {
	enum cache_indexing indexing;
	enum cache_write_policy write_policy;
	u64 size;		/* bytes */
	u16 line_size;		/* bytes */
	u8 level;		/* 0 .. NODE_CACHE_LEVELS - 1: memory_side_cache/index<level> */
};

/*
 * Linux's node_set_perf_attrs(): @nid's accessN/initiators/ files. Ignored
 * (with a warning) for a node id out of range or an access class >= MAX.
 */
void node_set_perf_attrs(unsigned int nid, const struct access_coordinate *coord,
			 unsigned int access);
/* Linux's register_memory_node_under_compute_node(): @cpu_nid is an initiator of @mem_nid. */
int register_memory_node_under_compute_node(unsigned int mem_nid, unsigned int cpu_nid,
					    unsigned int access);
/* Linux's node_add_cache(): a second cache of the same level is refused with Linux's warning. */
void node_add_cache(unsigned int nid, const struct node_cache_attrs *cache_attrs);

/* The perf attributes set for @nid and @access, or NULL if none were. */
const struct access_coordinate *node_get_perf_attrs(int nid, unsigned int access);
/* The initiator nodes registered for @nid and @access (bit n = node n). */
nodemask_t node_get_initiators(int nid, unsigned int access);
/* The cache of @level in front of @nid, or NULL. */
const struct node_cache_attrs *node_get_cache(int nid, unsigned int level);
/*
 * Sort @v as a shell glob orders "prefix<value>" names: by the values'
 * decimal strings (node0, node1, node10, node2, ...).
 */
void glob_sort(int *v, unsigned int n);
/* Forget everything (a new firmware parse; the hosted tests). */
void node_hmem_reset(void);

#endif

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

/*
 * The limits (issue 13: QEMU's full size). MAX_NUMNODES: QEMU accepts 128
 * -numa nodes, Linux x86 takes up to 1024; 128 keeps the per-node tables
 * (distance matrix, zonelists of MAX_NUMNODES * MAX_NR_ZONES entries in
 * every pg_data_t) small on i386's lowmem. NR_CPUS: see asm/mmconfig.h.
 */
#define NODES_SHIFT		7
#define MAX_NUMNODES		(1 << NODES_SHIFT)
#define NUMA_NO_NODE		(-1)
#define NR_NODE_MEMBLKS		(MAX_NUMNODES * 2)
#include <asm/mmconfig.h>	/* NR_CPUS */

/* A set of node ids, Linux's nodemask_t: pass it by name to the macros below. */
typedef struct {
	u64 bits[(MAX_NUMNODES + 63) / 64];
} nodemask_t;

static inline void __node_set(int nid, nodemask_t *m)
{
	m->bits[nid / 64] |= 1ULL << (nid % 64);
}

static inline void __node_clear(int nid, nodemask_t *m)
{
	m->bits[nid / 64] &= ~(1ULL << (nid % 64));
}

static inline bool __node_isset(int nid, const nodemask_t *m)
{
	return nid >= 0 && nid < MAX_NUMNODES && (m->bits[nid / 64] >> (nid % 64)) & 1;
}

static inline void __nodes_or(nodemask_t *d, const nodemask_t *a, const nodemask_t *b)
{
	for (unsigned int i = 0; i < sizeof(d->bits) / sizeof(d->bits[0]); i++)
		d->bits[i] = a->bits[i] | b->bits[i];
}

/* The highest node id in @m, or -1 when it is empty. */
static inline int __last_node(const nodemask_t *m)
{
	for (int i = (int)(sizeof(m->bits) / sizeof(m->bits[0])) - 1; i >= 0; i--)
		if (m->bits[i])
			return i * 64 + 63 - __builtin_clzll(m->bits[i]);
	return -1;
}

/* The lowest node id not in @m (MAX_NUMNODES when full). */
static inline int __first_unset_node(const nodemask_t *m)
{
	for (unsigned int i = 0; i < sizeof(m->bits) / sizeof(m->bits[0]); i++)
		if (~m->bits[i])
			return (int)(i * 64) + __builtin_ctzll(~m->bits[i]);
	return MAX_NUMNODES;
}

#define NODE_MASK_NONE		((nodemask_t){ { 0 } })
#define node_set(nid, mask)	__node_set((nid), &(mask))
#define node_clear(nid, mask)	__node_clear((nid), &(mask))
#define node_isset(nid, mask)	__node_isset((nid), &(mask))
#define nodes_clear(mask)	((mask) = NODE_MASK_NONE)
#define nodes_or(d, a, b)	__nodes_or(&(d), &(a), &(b))
#define nodes_empty(mask)	(__last_node(&(mask)) < 0)
#define last_node(mask)		__last_node(&(mask))
#define first_unset_node(mask)	__first_unset_node(&(mask))

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

#endif

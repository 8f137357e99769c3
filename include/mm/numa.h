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

static inline void __nodes_and(nodemask_t *d, const nodemask_t *a, const nodemask_t *b)
{
	for (unsigned int i = 0; i < sizeof(d->bits) / sizeof(d->bits[0]); i++)
		d->bits[i] = a->bits[i] & b->bits[i];
}

static inline void __nodes_andnot(nodemask_t *d, const nodemask_t *a, const nodemask_t *b)
{
	for (unsigned int i = 0; i < sizeof(d->bits) / sizeof(d->bits[0]); i++)
		d->bits[i] = a->bits[i] & ~b->bits[i];
}

static inline void __nodes_complement(nodemask_t *d, const nodemask_t *a)
{
	for (unsigned int i = 0; i < sizeof(d->bits) / sizeof(d->bits[0]); i++)
		d->bits[i] = ~a->bits[i];
}

static inline bool __nodes_equal(const nodemask_t *a, const nodemask_t *b)
{
	for (unsigned int i = 0; i < sizeof(a->bits) / sizeof(a->bits[0]); i++)
		if (a->bits[i] != b->bits[i])
			return false;
	return true;
}

static inline bool __nodes_intersects(const nodemask_t *a, const nodemask_t *b)
{
	for (unsigned int i = 0; i < sizeof(a->bits) / sizeof(a->bits[0]); i++)
		if (a->bits[i] & b->bits[i])
			return true;
	return false;
}

/* The lowest node id in @m, or MAX_NUMNODES when it is empty. */
static inline int __first_node(const nodemask_t *m)
{
	for (unsigned int i = 0; i < sizeof(m->bits) / sizeof(m->bits[0]); i++)
		if (m->bits[i])
			return (int)(i * 64) + __builtin_ctzll(m->bits[i]);
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
#define nodes_and(d, a, b)	__nodes_and(&(d), &(a), &(b))
#define nodes_andnot(d, a, b)	__nodes_andnot(&(d), &(a), &(b))
#define nodes_complement(d, a)	__nodes_complement(&(d), &(a))
#define nodes_equal(a, b)	__nodes_equal(&(a), &(b))
#define nodes_intersects(a, b)	__nodes_intersects(&(a), &(b))
#define first_node(mask)	__first_node(&(mask))

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
nodemask_t numa_nodes_with_memory(void);
/* A CPU of the topology is on @nid (Linux's N_CPU, every possible CPU counted). */
bool node_has_cpus(int nid);

/* Enough for any node list of MAX_NUMNODES nodes ("0,2,...,126": at most 4 bytes a node). */
#define NODE_LIST_BUF		(4 * MAX_NUMNODES + 1)
/* @mask (bit n = node n) as Linux's %*pbl prints a nodemask: "0-3", "0,2-3", "" if empty. */
int node_list_scnprintf(char *buf, size_t size, const nodemask_t *mask);

#endif

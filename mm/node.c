/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-node memory attributes from firmware (include/mm/node.h): what Linux's
 * drivers/base/node.c shows under /sys/devices/system/node/nodeN/accessN and
 * memory_side_cache, and dump=hmat, which prints those files as
 * `grep -r . FILES` prints them, one "path:value" line each.
 *
 * Invariant: perf_set[n] has bit a exactly when node_set_perf_attrs(n, ., a)
 * was called since the last reset; cache_set[n] has bit l exactly when a
 * cache of level l was added to node n (at most one per level, as Linux).
 */
#define pr_fmt(fmt) fmt

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/report.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mm/numa.h>
#include <mm/node.h>

_Static_assert(NODE_CACHE_LEVELS <= 16, "cache_set is a u16");

static struct {
	struct access_coordinate coord[ACCESS_COORDINATE_MAX];
	nodemask_t initiators[ACCESS_COORDINATE_MAX];
	u8 perf_set;				/* bit a: coord[a] was set */
	u16 cache_set;				/* bit l: cache[l] holds a cache */
	struct node_cache_attrs cache[NODE_CACHE_LEVELS];
} node_hmem[MAX_NUMNODES];

void node_hmem_reset(void)
{
	memset(node_hmem, 0, sizeof(node_hmem));
}

static bool nid_access_ok(unsigned int nid, unsigned int access, const char *what)
{
	if (nid < MAX_NUMNODES && access < ACCESS_COORDINATE_MAX)
		return true;
	pr_warn("node: %s: node %u access %u out of range, ignored\n", what, nid, access);
	return false;
}

void node_set_perf_attrs(unsigned int nid, const struct access_coordinate *coord,
			 unsigned int access)
{
	if (!nid_access_ok(nid, access, "perf attributes"))
		return;
	node_hmem[nid].coord[access] = *coord;
	node_hmem[nid].perf_set |= (u8)(1u << access);
}

int register_memory_node_under_compute_node(unsigned int mem_nid, unsigned int cpu_nid,
					    unsigned int access)
{
	if (!nid_access_ok(mem_nid, access, "initiator") || cpu_nid >= MAX_NUMNODES)
		return -EINVAL;
	node_set((int)cpu_nid, node_hmem[mem_nid].initiators[access]);
	return 0;
}

void node_add_cache(unsigned int nid, const struct node_cache_attrs *cache_attrs)
{
	unsigned int level = cache_attrs->level;

	if (!nid_access_ok(nid, 0, "memory side cache") || level >= NODE_CACHE_LEVELS)
		return;
	if (node_hmem[nid].cache_set & (1u << level)) {
		pr_warn("node node%u: attempt to add duplicate cache level:%u\n", nid, level);
		return;
	}
	node_hmem[nid].cache[level] = *cache_attrs;
	node_hmem[nid].cache_set |= (u16)(1u << level);
}

const struct access_coordinate *node_get_perf_attrs(int nid, unsigned int access)
{
	if (nid < 0 || nid >= MAX_NUMNODES || access >= ACCESS_COORDINATE_MAX ||
	    !(node_hmem[nid].perf_set & (1u << access)))
		return NULL;
	return &node_hmem[nid].coord[access];
}

nodemask_t node_get_initiators(int nid, unsigned int access)
{
	if (nid < 0 || nid >= MAX_NUMNODES || access >= ACCESS_COORDINATE_MAX)
		return NODE_MASK_NONE;
	return node_hmem[nid].initiators[access];
}

const struct node_cache_attrs *node_get_cache(int nid, unsigned int level)
{
	if (nid < 0 || nid >= MAX_NUMNODES || level >= NODE_CACHE_LEVELS ||
	    !(node_hmem[nid].cache_set & (1u << level)))
		return NULL;
	return &node_hmem[nid].cache[level];
}

/* ---- dump=hmat ---- */

void glob_sort(int *v, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++) {
		char a[16], b[16];
		int x = v[i];
		unsigned int j = i;

		snprintf(a, sizeof(a), "%d", x);
		while (j > 0) {
			snprintf(b, sizeof(b), "%d", v[j - 1]);
			if (strcmp(b, a) <= 0)
				break;
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

/* 0 .. n-1 in a glob's order. */
static void glob_order(int *ids, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		ids[i] = (int)i;
	glob_sort(ids, n);
}

#define NODE_SYSFS	"/sys/devices/system/node/node"

/*
 * Per node, in the glob's order: accessN/initiators/ (the initiator links
 * as bare paths - grep prints nothing for them - then the four files), then
 * memory_side_cache/indexL/ (indexing, line_size, size, the empty uevent,
 * write_policy: a device directory's files in name order).
 */
static void hmat_dump_show(void)
{
	int nodes[MAX_NUMNODES], levels[NODE_CACHE_LEVELS];

	glob_order(nodes, nr_node_ids);
	glob_order(levels, NODE_CACHE_LEVELS);
	for (unsigned int i = 0; i < nr_node_ids; i++) {
		unsigned int n = (unsigned int)nodes[i];

		for (unsigned int a = 0; a < ACCESS_COORDINATE_MAX; a++) {
			const struct access_coordinate *c = &node_hmem[n].coord[a];
			const nodemask_t *init = &node_hmem[n].initiators[a];
			int inits[MAX_NUMNODES];

			glob_order(inits, nr_node_ids);
			for (unsigned int k = 0; k < nr_node_ids; k++)
				if (node_isset(inits[k], *init))
					printk_raw(NODE_SYSFS "%u/access%u/initiators/node%u\n", n, a,
						   inits[k]);
			if (!(node_hmem[n].perf_set & (1u << a)))
				continue;
			printk_raw(NODE_SYSFS "%u/access%u/initiators/read_bandwidth:%u\n", n, a,
				   c->read_bandwidth);
			printk_raw(NODE_SYSFS "%u/access%u/initiators/read_latency:%u\n", n, a,
				   c->read_latency);
			printk_raw(NODE_SYSFS "%u/access%u/initiators/write_bandwidth:%u\n", n, a,
				   c->write_bandwidth);
			printk_raw(NODE_SYSFS "%u/access%u/initiators/write_latency:%u\n", n, a,
				   c->write_latency);
		}
		for (unsigned int k = 0; k < NODE_CACHE_LEVELS; k++) {
			unsigned int l = (unsigned int)levels[k];
			const struct node_cache_attrs *ca = node_get_cache((int)n, l);

			if (!ca)
				continue;
			printk_raw(NODE_SYSFS "%u/memory_side_cache/index%u/indexing:%u\n", n, l,
				   (unsigned int)ca->indexing);
			printk_raw(NODE_SYSFS "%u/memory_side_cache/index%u/line_size:%u\n", n, l,
				   (unsigned int)ca->line_size);
			printk_raw(NODE_SYSFS "%u/memory_side_cache/index%u/size:%llu\n", n, l,
				   (unsigned long long)ca->size);
			printk_raw(NODE_SYSFS "%u/memory_side_cache/index%u/uevent:\n", n, l);
			printk_raw(NODE_SYSFS "%u/memory_side_cache/index%u/write_policy:%u\n", n, l,
				   (unsigned int)ca->write_policy);
		}
	}
}
DEFINE_DUMP(hmat, "hmat", hmat_dump_show,
	    "the HMAT's per-node sysfs files (access0/access1 initiators, memory_side_cache), as grep -r . prints them");

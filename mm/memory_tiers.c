/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory tiers, demotion targets and dump=memory_tiers (include/mm/memory_tiers.h).
 *
 * Invariants after memory_tier_establish():
 *  - tiers[0 .. nr_tiers) are sorted by adistance_start, strictly
 *    increasing, each a multiple of MEMTIER_CHUNK_SIZE, each with a
 *    non-empty node mask; the masks are disjoint and their union is
 *    exactly the nodes with memory;
 *  - demotion_preferred[n] is a subset of the next lower tier of n's tier
 *    (empty for the lowest tier and for nodes without memory).
 */
#define pr_fmt(fmt) fmt

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/params.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/report.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mm/numa.h>
#include <mm/page.h>
#include <mm/page_alloc.h>
#include <mm/memory_tiers.h>

struct memory_tier {
	int adistance_start;
	nodemask_t nodes;
	nodemask_t lower_tier_mask;	/* the nodes of every tier below this one */
};

static enum memtier_rule boot_rule = MEMTIER_RULE_CURRENT;
static enum memtier_rule rule_in_force = MEMTIER_RULE_CURRENT;

static struct memory_tier tiers[MAX_NUMNODES];
static unsigned int nr_tiers;
static int node_tier[MAX_NUMNODES];		/* index into tiers[], -1: none */
static int node_adist[MAX_NUMNODES];
static nodemask_t demotion_preferred[MAX_NUMNODES];

static struct access_coordinate default_dram_perf;
static int default_dram_perf_ref_nid = NUMA_NO_NODE;
static const char *default_dram_perf_ref_source;
static bool default_dram_perf_error;

static int parse_memory_tiers(const char *val)
{
	bool linux61;
	int rc = param_either(val, "current", "linux61", &linux61);

	if (!rc)
		boot_rule = linux61 ? MEMTIER_RULE_LINUX61 : MEMTIER_RULE_CURRENT;
	return rc;
}
early_param("memory_tiers", parse_memory_tiers);

enum memtier_rule memory_tier_boot_rule(void)
{
	return boot_rule;
}

enum memtier_rule memory_tier_rule(void)
{
	return rule_in_force;
}

/* ---- abstract distance from performance ---- */

static void dump_hmem_attrs(const struct access_coordinate *c, const char *prefix)
{
	pr_info("%sread_latency: %u, write_latency: %u, read_bandwidth: %u, write_bandwidth: %u\n",
		prefix, c->read_latency, c->write_latency, c->read_bandwidth, c->write_bandwidth);
}

/*
 * Linux's abs(a - b) * 10 > b on unsigned ints: the difference read as an
 * int, its absolute value times 10 in wrapping int arithmetic, compared as
 * unsigned. Done in u32, which wraps the same way.
 */
static bool differs_10pct(unsigned int a, unsigned int b)
{
	u32 diff = a - b;
	u32 absd = (diff & 0x80000000u) ? 0u - diff : diff;

	return absd * 10u > b;
}

int mt_set_default_dram_perf(int nid, const struct access_coordinate *perf, const char *source)
{
	if (default_dram_perf_error)
		return -EIO;
	if (perf->read_latency + perf->write_latency == 0 ||
	    perf->read_bandwidth + perf->write_bandwidth == 0)
		return -EINVAL;
	if (default_dram_perf_ref_nid == NUMA_NO_NODE) {
		default_dram_perf = *perf;
		default_dram_perf_ref_nid = nid;
		default_dram_perf_ref_source = source;
		return 0;
	}
	if (differs_10pct(perf->read_latency, default_dram_perf.read_latency) ||
	    differs_10pct(perf->write_latency, default_dram_perf.write_latency) ||
	    differs_10pct(perf->read_bandwidth, default_dram_perf.read_bandwidth) ||
	    differs_10pct(perf->write_bandwidth, default_dram_perf.write_bandwidth)) {
		pr_info("memory-tiers: the performance of DRAM node %d mismatches that of the reference\n"
			"DRAM node %d.\n", nid, default_dram_perf_ref_nid);
		pr_info("  performance of reference DRAM node %d from %s:\n",
			default_dram_perf_ref_nid, default_dram_perf_ref_source);
		dump_hmem_attrs(&default_dram_perf, "    ");
		pr_info("  performance of DRAM node %d from %s:\n", nid, source);
		dump_hmem_attrs(perf, "    ");
		pr_info("  disable default DRAM node performance based abstract distance algorithm.\n");
		default_dram_perf_error = true;
		return -EINVAL;
	}
	return 0;
}

int mt_perf_to_adistance(const struct access_coordinate *perf, int *adist)
{
	/* unsigned int sums, as Linux's (they wrap the same way) */
	unsigned int lat = perf->read_latency + perf->write_latency;
	unsigned int bw = perf->read_bandwidth + perf->write_bandwidth;
	unsigned int dram_lat = default_dram_perf.read_latency + default_dram_perf.write_latency;
	unsigned int dram_bw = default_dram_perf.read_bandwidth + default_dram_perf.write_bandwidth;
	s64 v;

	if (default_dram_perf_error)
		return -EIO;
	if (lat == 0 || bw == 0)
		return -EINVAL;
	if (default_dram_perf_ref_nid == NUMA_NO_NODE)
		return -ENOENT;
	/*
	 * Linux (x86_64): long * unsigned int / unsigned int * unsigned int /
	 * unsigned int, left to right, in 64-bit signed arithmetic that wraps
	 * (-fno-strict-overflow): multiply as u64, divide as s64 (the
	 * divisors are positive). The int result truncates as gcc does.
	 */
	v = (s64)((u64)MEMTIER_ADISTANCE_DRAM * lat);
	v /= (s64)dram_lat;
	v = (s64)((u64)v * dram_bw);
	v /= (s64)bw;
	*adist = (int)v;
	return 0;
}

/* ---- tiers ---- */

static int tier_id(const struct memory_tier *t)
{
	return t->adistance_start >> MEMTIER_CHUNK_BITS;
}

/* Linux's find_create_memory_tier(): the tier of @adist's chunk, created in order. */
static int find_create_memory_tier(int adist)
{
	int start = (int)((unsigned int)adist & ~(unsigned int)(MEMTIER_CHUNK_SIZE - 1));
	unsigned int i;

	for (i = 0; i < nr_tiers; i++) {
		if (tiers[i].adistance_start == start)
			return (int)i;
		if (tiers[i].adistance_start > start)
			break;
	}
	BUG_ON(nr_tiers >= MAX_NUMNODES);	/* at most one tier per node */
	memmove(&tiers[i + 1], &tiers[i], (nr_tiers - i) * sizeof(tiers[0]));
	tiers[i] = (struct memory_tier){ .adistance_start = start };
	nr_tiers++;
	for (unsigned int n = 0; n < MAX_NUMNODES; n++)
		if (node_tier[n] >= (int)i)
			node_tier[n]++;
	return (int)i;
}

static void set_node_memory_tier(int nid, int adist)
{
	int t = find_create_memory_tier(adist);

	node_set(nid, tiers[t].nodes);
	node_tier[nid] = t;
	node_adist[nid] = adist;
}

/*
 * The HMAT's abstract distance algorithm (Linux's hmat_calculate_adistance()):
 * @nid's access1 attributes, if the HMAT gave it any; @adist is left alone
 * otherwise or when they give none.
 */
static void mt_calc_adistance(int nid, int *adist)
{
	const struct access_coordinate *perf = node_get_perf_attrs(nid, ACCESS_COORDINATE_CPU);
	int a;

	if (perf && !mt_perf_to_adistance(perf, &a))
		*adist = a;
}

/* Linux's hmat_set_default_dram_perf(): 0 if the algorithm may be used. */
static int hmat_set_default_dram_perf(const nodemask_t *dram_nodes)
{
	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		const struct access_coordinate *perf;
		int rc;

		if (!node_isset(nid, *dram_nodes))
			continue;
		perf = node_get_perf_attrs(nid, ACCESS_COORDINATE_CPU);
		if (!perf)
			continue;	/* not an HMAT target */
		rc = mt_set_default_dram_perf(nid, perf, "ACPI HMAT");
		if (rc)
			return rc;
	}
	return 0;
}

/* Linux's "Demotion targets for Node N: ..." line for @node (without the newline). */
static void demotion_line(char *buf, size_t size, int node)
{
	char pref[NODE_LIST_BUF], fall[NODE_LIST_BUF];

	if (nodes_empty(demotion_preferred[node])) {
		snprintf(buf, size, "Demotion targets for Node %d: null", node);
		return;
	}
	nodemask_t fallback = node_demotion_fallback(node);

	node_list_scnprintf(pref, sizeof(pref), &demotion_preferred[node]);
	node_list_scnprintf(fall, sizeof(fall), &fallback);
	snprintf(buf, size, "Demotion targets for Node %d: preferred: %s, fallback: %s", node,
		 pref, fall);
}

/* Every tiered node's demotion line: into the log, or raw (a dump=). */
static void print_demotion_targets(bool raw)
{
	for (int node = 0; node < (int)nr_node_ids; node++) {
		char line[64 + 2 * NODE_LIST_BUF];

		if (node_tier[node] < 0)
			continue;
		demotion_line(line, sizeof(line), node);
		if (raw)
			printk_raw("%s\n", line);
		else
			pr_info("%s\n", line);
	}
}

static void establish_demotion_targets(bool log)
{
	nodemask_t mem = numa_nodes_with_memory(), lower;

	find_next_best_node_prepare();	/* the topology now, not the last zonelist build's */
	for (int node = 0; node < (int)nr_node_ids; node++) {
		int t = node_tier[node], best_distance = -1;
		nodemask_t skip;

		if (t < 0 || t + 1 >= (int)nr_tiers)
			continue;
		/* Skip every node with memory except the next lower tier's. */
		nodes_andnot(skip, mem, tiers[t + 1].nodes);
		for (;;) {
			int target = find_next_best_node(node, &skip), distance;

			if (target == NUMA_NO_NODE)
				break;
			distance = node_distance(node, target);
			if (best_distance != -1 && distance != best_distance)
				break;
			best_distance = distance;
			node_set(target, demotion_preferred[node]);
		}
	}
	lower = mem;
	for (unsigned int i = 0; i < nr_tiers; i++) {
		nodes_andnot(lower, lower, tiers[i].nodes);
		tiers[i].lower_tier_mask = lower;
	}
	if (log)
		print_demotion_targets(false);
}

static void memory_tier_check(void)
{
#ifdef CONFIG_DEBUG_VM
	nodemask_t seen = NODE_MASK_NONE, mem = numa_nodes_with_memory();

	for (unsigned int i = 0; i < nr_tiers; i++) {
		BUG_ON(nodes_empty(tiers[i].nodes) || nodes_intersects(seen, tiers[i].nodes));
		BUG_ON(i && tiers[i].adistance_start <= tiers[i - 1].adistance_start);
		nodes_or(seen, seen, tiers[i].nodes);
	}
	BUG_ON(!nodes_equal(seen, mem));
#endif
}

static void __memory_tier_establish(enum memtier_rule rule, bool log)
{
	nodemask_t mem = numa_nodes_with_memory(), dram = NODE_MASK_NONE;
	bool algorithm;

	rule_in_force = rule;
	nr_tiers = 0;
	memset(tiers, 0, sizeof(tiers));
	memset(demotion_preferred, 0, sizeof(demotion_preferred));
	for (int n = 0; n < MAX_NUMNODES; n++) {
		node_tier[n] = -1;
		node_adist[n] = 0;
	}
	default_dram_perf_ref_nid = NUMA_NO_NODE;
	default_dram_perf_error = false;
	memset(&default_dram_perf, 0, sizeof(default_dram_perf));

	for (int n = 0; n < (int)nr_node_ids; n++)
		if (node_isset(n, mem) && node_has_cpus(n))
			node_set(n, dram);
	/* memory_tier_init(): nodes with CPUs (6.1: every node) at DRAM's adistance */
	for (int n = 0; n < (int)nr_node_ids; n++)
		if (node_isset(n, mem) && (rule == MEMTIER_RULE_LINUX61 || node_isset(n, dram)))
			set_node_memory_tier(n, (int)MEMTIER_ADISTANCE_DRAM);
	if (rule == MEMTIER_RULE_CURRENT) {
		/* hmat_init(), then memory_tier_late_init() for the CPU-less nodes */
		algorithm = !hmat_set_default_dram_perf(&dram);
		for (int n = 0; n < (int)nr_node_ids; n++) {
			int adist = (int)MEMTIER_ADISTANCE_DRAM;

			if (!node_isset(n, mem) || node_tier[n] >= 0)
				continue;
			if (algorithm)
				mt_calc_adistance(n, &adist);
			set_node_memory_tier(n, adist);
		}
	}
	memory_tier_check();
	establish_demotion_targets(log);
}

void memory_tier_establish(enum memtier_rule rule)
{
	__memory_tier_establish(rule, false);
}

void memory_tier_init(void)
{
	/* Linux 6.1 prints nothing; later kernels list the demotion targets. */
	__memory_tier_establish(boot_rule, boot_rule == MEMTIER_RULE_CURRENT);
}

unsigned int memory_tier_count(void)
{
	return nr_tiers;
}

bool memory_tier_get(unsigned int idx, int *id, nodemask_t *nodes)
{
	if (idx >= nr_tiers)
		return false;
	*id = tier_id(&tiers[idx]);
	*nodes = tiers[idx].nodes;
	return true;
}

bool node_memory_tier(int nid, int *adistance, int *tier)
{
	if (nid < 0 || nid >= MAX_NUMNODES || node_tier[nid] < 0)
		return false;
	*adistance = node_adist[nid];
	*tier = tier_id(&tiers[node_tier[nid]]);
	return true;
}

int next_demotion_node(int node)
{
	if (node < 0 || node >= MAX_NUMNODES || nodes_empty(demotion_preferred[node]))
		return NUMA_NO_NODE;
	return first_node(demotion_preferred[node]);
}

nodemask_t node_demotion_preferred(int node)
{
	return node < 0 || node >= MAX_NUMNODES ? NODE_MASK_NONE : demotion_preferred[node];
}

nodemask_t node_demotion_fallback(int node)
{
	if (node < 0 || node >= MAX_NUMNODES || node_tier[node] < 0)
		return NODE_MASK_NONE;
	return tiers[node_tier[node]].lower_tier_mask;
}

struct page *alloc_demote_pages(const struct page *page, gfp_t gfp, unsigned int order)
{
	int src = page_to_nid(page), target = next_demotion_node(src), nid;
	nodemask_t used, fallback = node_demotion_fallback(src);

	if (target == NUMA_NO_NODE)
		return NULL;
	/* The target first, then the rest of the lower tiers in the target's fallback order. */
	nodes_complement(used, fallback);
	node_clear(target, used);
	while ((nid = find_next_best_node(target, &used)) != NUMA_NO_NODE) {
		struct page *p = alloc_pages_node(nid, gfp | __GFP_THISNODE | __GFP_NOWARN, order);

		if (p)
			return p;
	}
	return NULL;
}

/* ---- dump=memory_tiers ---- */

static void memory_tiers_dump_show(void)
{
	int ids[MAX_NUMNODES];
	char buf[NODE_LIST_BUF];

	/* memory_tier* in a glob's order */
	for (unsigned int i = 0; i < nr_tiers; i++)
		ids[i] = tier_id(&tiers[i]);
	glob_sort(ids, nr_tiers);
	for (unsigned int i = 0; i < nr_tiers; i++) {
		for (unsigned int k = 0; k < nr_tiers; k++) {
			if (tier_id(&tiers[k]) != ids[i])
				continue;
			node_list_scnprintf(buf, sizeof(buf), &tiers[k].nodes);
			printk_raw("/sys/devices/virtual/memory_tiering/memory_tier%d/nodelist:%s\n",
				   ids[i], buf);
		}
	}
	print_demotion_targets(true);
}
DEFINE_DUMP(memory_tiers, "memory_tiers", memory_tiers_dump_show,
	    "memory tiers' nodelists (/sys/devices/virtual/memory_tiering) and the demotion targets");

// SPDX-License-Identifier: GPL-2.0-only
/*
 * discovery: what the kernel found out about the machine, checked against
 * what the catalogue says must hold there.
 *
 * A machine file (tests/machines/NAME.machine) states its facts as boot
 * parameters, expect.KEY=VALUE (the syntax is documented in
 * tests/machines/README.md):
 *
 *	expect.nodes=2                       node ids 0..1 (nr_node_ids)
 *	expect.mem=0:4K-0x9efff,1M+1023M;1:1G+1G
 *	                                     memblock memory of each node (the
 *	                                     "Early memory node ranges")
 *	expect.cpus=0,1                      node of logical CPU 0, 1, ...
 *	expect.distance=10,20;20,10          the node distance matrix, by rows
 *	expect.memoryless=none               node ids without memory
 *	expect.cpuless=1                     node ids without CPUs
 *	expect.acpi=NBTT:152,!SLIT           tables present (with length) or absent
 *
 * Contract:
 *  - each key has a __setup handler that parses its value strictly; bad
 *    syntax is logged with the reason ("discovery: expect.mem=...: ...") and
 *    recorded, and the suite then fails (test_expectations_valid), so a typo
 *    in a machine file can never pass silently. An expect.* key that no
 *    handler knows is caught the same way (the core treats dotted names as
 *    module parameters and would not report it);
 *  - with no expect.* parameter at all (make run QEMU_ARGS=...), the suite
 *    skips; a case whose key was not given skips;
 *  - the checks read what discovery left behind: numa_topology(), memblock's
 *    node tags, the MADT CPU list and acpi_get_table(). Nothing is changed.
 *
 * The suite discovery_parse tests the parser itself on good and bad values.
 */
#define pr_fmt(fmt) "discovery: " fmt

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/params.h>
#include <kernel/registry.h>
#include <kernel/printk.h>
#include <lib/parse.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mm/memblock.h>
#include <mm/numa.h>
#include <asm/acpi.h>

#define EXPECT_MAX_RANGES	NR_NODE_MEMBLKS
#define EXPECT_MAX_TABLES	8
#define EXPECT_MAX_ERRORS	8
#define EXPECT_ERROR_LEN	200

/* Bits of struct discovery_expect.given, one per key. */
enum {
	EXP_NODES	= 1 << 0,
	EXP_MEM		= 1 << 1,
	EXP_CPUS	= 1 << 2,
	EXP_DISTANCE	= 1 << 3,
	EXP_MEMORYLESS	= 1 << 4,
	EXP_CPULESS	= 1 << 5,
	EXP_ACPI	= 1 << 6,
};

struct expect_range {
	u64 start, end;			/* [start, end) */
	int nid;
};

struct expect_table {
	char sig[ACPI_NAMESEG_SIZE];
	u32 length;			/* 0: any */
	bool absent;			/* "!SIG": must not be there */
};

/* Everything the expect.* parameters said. Only the keys in @given are valid. */
struct discovery_expect {
	unsigned int given;
	unsigned int nodes;
	unsigned int nr_ranges;		/* sorted by start, adjacent same-node ranges merged */
	struct expect_range ranges[EXPECT_MAX_RANGES];
	unsigned int nr_cpus;
	int cpu_node[NR_CPUS];
	unsigned int dist_n;
	u8 dist[MAX_NUMNODES][MAX_NUMNODES];
	nodemask_t memoryless, cpuless;
	unsigned int nr_tables;
	struct expect_table tables[EXPECT_MAX_TABLES];
	/* Problems found while parsing (bad values, unknown keys). */
	bool any;			/* some expect.* parameter was on the command line */
	unsigned int nr_errors;
	char errors[EXPECT_MAX_ERRORS][EXPECT_ERROR_LEN];
};

static struct discovery_expect boot_expect;

/* ---- parsing ---- */

/* Set @why to "<msg> at "<rest of the value>"" and return -EINVAL. */
static __printf(4, 5) int bad(char *why, size_t len, const char *at, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vscnprintf(why, len, fmt, args);
	va_end(args);
	if (at)
		scnprintf(why + n, len - (size_t)n, *at ? " at \"%s\"" : " at the end", at);
	return -EINVAL;
}

/* A decimal number below @limit at *@p; moves *@p past it. */
static int parse_small(const char **p, unsigned long long limit, unsigned long long *res,
		       const char *what, char *why, size_t len)
{
	const char *s = *p;
	int rc = parse_ull(s, p, 10, res);

	if (rc == -EINVAL)
		return bad(why, len, s, "%s expected", what);
	if (rc || *res >= limit)
		return bad(why, len, s, "%s out of range (0..%llu)", what, limit - 1);
	return 0;
}

static int parse_nodes(struct discovery_expect *e, const char *val, char *why, size_t len)
{
	unsigned long long n;
	const char *p = val;

	if (parse_small(&p, MAX_NUMNODES + 1, &n, "a node count", why, len))
		return -EINVAL;
	if (*p)
		return bad(why, len, p, "junk after the node count");
	if (n == 0)
		return bad(why, len, NULL, "a machine has at least 1 node");
	e->nodes = (unsigned int)n;
	return 0;
}

/* An address or size with memparse's suffixes (K, M, G...; 0x for hex). */
static int parse_addr(const char **p, u64 *res, const char *what, char *why, size_t len)
{
	const char *s = *p;
	unsigned long long v;
	int rc = memparse_checked(s, p, &v);

	if (rc == -EINVAL)
		return bad(why, len, s, "%s expected", what);
	if (rc)
		return bad(why, len, s, "%s too large", what);
	*res = v;
	return 0;
}

static int cmp_range(const struct expect_range *a, const struct expect_range *b)
{
	return a->start < b->start ? -1 : a->start > b->start;
}

/* Sort (insertion: at most a few dozen ranges) and merge adjacent ranges of one node. */
static unsigned int normalise_ranges(struct expect_range *r, unsigned int n)
{
	unsigned int i, j, out = 0;

	for (i = 1; i < n; i++) {
		struct expect_range x = r[i];

		for (j = i; j > 0 && cmp_range(&r[j - 1], &x) > 0; j--)
			r[j] = r[j - 1];
		r[j] = x;
	}
	for (i = 0; i < n; i++) {
		if (out && r[out - 1].nid == r[i].nid && r[out - 1].end == r[i].start)
			r[out - 1].end = r[i].end;
		else
			r[out++] = r[i];
	}
	return out;
}

/*
 * NODE:RANGE[,RANGE...][;NODE:...], RANGE = START-END (END inclusive, as in
 * Linux's "[mem START-END]") or START+SIZE. "NODE:" alone: no memory.
 */
static int parse_mem(struct discovery_expect *e, const char *val, char *why, size_t len)
{
	const char *p = val;
	nodemask_t listed = NODE_MASK_NONE;
	unsigned int n = 0, i;

	if (!*p)
		return bad(why, len, NULL, "empty: give NODE:RANGE,...;NODE:...");
	for (;;) {
		unsigned long long nid;
		const char *node_at = p;

		if (parse_small(&p, MAX_NUMNODES, &nid, "a node id", why, len))
			return -EINVAL;
		if (*p != ':')
			return bad(why, len, p, "':' expected after the node id");
		p++;
		if (node_isset((int)nid, listed))
			return bad(why, len, node_at, "node %llu listed twice", nid);
		node_set((int)nid, listed);
		while (*p && *p != ';') {
			const char *range_at = p;
			u64 start, x;
			char op;

			if (parse_addr(&p, &start, "a start address", why, len))
				return -EINVAL;
			op = *p;
			if (op != '-' && op != '+')
				return bad(why, len, p, "'-END' or '+SIZE' expected after the start");
			p++;
			if (parse_addr(&p, &x, op == '-' ? "an end address" : "a size", why, len))
				return -EINVAL;
			if (*p && *p != ',' && *p != ';')
				return bad(why, len, p, "',' or ';' expected after a range");
			if (n == EXPECT_MAX_RANGES)
				return bad(why, len, range_at, "more than %d ranges", EXPECT_MAX_RANGES);
			if (op == '-' && x < start)
				return bad(why, len, range_at, "the end is below the start");
			if (op == '-' && x == ~0ULL)
				return bad(why, len, range_at, "the range ends at the last byte of the address space");
			if (op == '+' && x == 0)
				return bad(why, len, range_at, "a range of size 0");
			if (op == '+' && start + x < start)
				return bad(why, len, range_at, "the range wraps around");
			e->ranges[n].start = start;
			e->ranges[n].end = op == '-' ? x + 1 : start + x;
			e->ranges[n].nid = (int)nid;
			n++;
			if (*p == ',') {
				p++;
				if (!*p || *p == ';')
					return bad(why, len, p, "a range expected after ','");
			}
		}
		if (!*p)
			break;
		p++;	/* ';' */
	}
	for (i = 0; i < n; i++) {
		/* Overlaps make the expectation ambiguous. */
		for (unsigned int j = 0; j < n; j++) {
			if (i != j && e->ranges[i].start < e->ranges[j].end &&
			    e->ranges[j].start < e->ranges[i].end)
				return bad(why, len, NULL,
					   "ranges [mem %#010llx-%#010llx] (node %d) and [mem %#010llx-%#010llx] (node %d) overlap",
					   (unsigned long long)e->ranges[i].start,
					   (unsigned long long)e->ranges[i].end - 1, e->ranges[i].nid,
					   (unsigned long long)e->ranges[j].start,
					   (unsigned long long)e->ranges[j].end - 1, e->ranges[j].nid);
		}
	}
	e->nr_ranges = normalise_ranges(e->ranges, n);
	return 0;
}

/* N[*COUNT][,N[*COUNT]...]: the node of logical CPU 0, 1, ... in order. */
static int parse_cpus(struct discovery_expect *e, const char *val, char *why, size_t len)
{
	const char *p = val;
	unsigned int n = 0;

	for (;;) {
		unsigned long long nid, count = 1;
		const char *item = p;

		if (parse_small(&p, MAX_NUMNODES, &nid, "a node id", why, len))
			return -EINVAL;
		if (*p == '*') {
			p++;
			if (parse_small(&p, NR_CPUS + 1, &count, "a CPU count", why, len))
				return -EINVAL;
			if (!count)
				return bad(why, len, item, "a count of 0 CPUs");
		}
		if (*p && *p != ',')
			return bad(why, len, p, "',' expected");
		if (count > NR_CPUS - n)
			return bad(why, len, item, "more than %d CPUs", NR_CPUS);
		while (count--)
			e->cpu_node[n++] = (int)nid;
		if (!*p)
			break;
		p++;
	}
	e->nr_cpus = n;
	return 0;
}

/* ROW;ROW;... with ROW = D,D,...: a square matrix, one row per node. */
static int parse_distance(struct discovery_expect *e, const char *val, char *why, size_t len)
{
	const char *p = val;
	unsigned int row = 0, col, cols = 0;

	for (;;) {
		const char *row_at = p;

		if (row == MAX_NUMNODES)
			return bad(why, len, p, "more than %d rows", MAX_NUMNODES);
		for (col = 0;; col++) {
			unsigned long long d;

			if (col == MAX_NUMNODES)
				return bad(why, len, p, "more than %d columns", MAX_NUMNODES);
			if (parse_small(&p, 256, &d, "a distance", why, len))
				return -EINVAL;
			e->dist[row][col] = (u8)d;
			if (*p != ',')
				break;
			p++;
		}
		if (*p && *p != ';')
			return bad(why, len, p, "',' or ';' expected");
		if (row == 0)
			cols = col + 1;
		else if (col + 1 != cols)
			return bad(why, len, row_at, "row %u has %u distances, row 0 has %u",
				   row, col + 1, cols);
		row++;
		if (!*p)
			break;
		p++;
	}
	if (row != cols)
		return bad(why, len, NULL, "%u rows of %u distances: the matrix must be square",
			   row, cols);
	e->dist_n = row;
	return 0;
}

/* "none", or node ids and ranges as numactl prints them: 0,2-3. */
static int parse_nodelist(nodemask_t *mask, const char *val, char *why, size_t len)
{
	const char *p = val;
	nodemask_t m = NODE_MASK_NONE;

	if (!strcmp(val, "none")) {
		nodes_clear(*mask);
		return 0;
	}
	for (;;) {
		unsigned long long a, b;
		const char *item = p;

		if (parse_small(&p, MAX_NUMNODES, &a, "a node id (or 'none')", why, len))
			return -EINVAL;
		b = a;
		if (*p == '-') {
			p++;
			if (parse_small(&p, MAX_NUMNODES, &b, "a node id", why, len))
				return -EINVAL;
			if (b < a)
				return bad(why, len, item, "a decreasing node range");
		}
		if (*p && *p != ',')
			return bad(why, len, p, "',' expected");
		for (; a <= b; a++)
			node_set((int)a, m);
		if (!*p)
			break;
		p++;
	}
	*mask = m;
	return 0;
}

static int parse_memoryless(struct discovery_expect *e, const char *val, char *why, size_t len)
{
	return parse_nodelist(&e->memoryless, val, why, len);
}

static int parse_cpuless(struct discovery_expect *e, const char *val, char *why, size_t len)
{
	return parse_nodelist(&e->cpuless, val, why, len);
}

/* [!]SIG[:LENGTH], comma-separated; SIG is 4 characters A-Z, 0-9 or '_'. */
static int parse_acpi(struct discovery_expect *e, const char *val, char *why, size_t len)
{
	const char *p = val;
	unsigned int n = 0, i;

	for (;;) {
		struct expect_table tb = { .length = 0 };
		const char *item = p;

		if (n == EXPECT_MAX_TABLES)
			return bad(why, len, p, "more than %d tables", EXPECT_MAX_TABLES);
		if (*p == '!') {
			tb.absent = true;
			p++;
		}
		for (i = 0; i < ACPI_NAMESEG_SIZE; i++, p++) {
			char c = *p;

			if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
				return bad(why, len, item, "a 4-character table signature (A-Z, 0-9, _) expected");
			tb.sig[i] = c;
		}
		if (*p == ':') {
			unsigned long long l;
			const char *l_at = ++p;

			if (tb.absent)
				return bad(why, len, item, "a length for a table that must be absent");
			if (parse_ull(l_at, &p, 0, &l) || l < sizeof(struct acpi_table_header) ||
			    l > ACPI_MAX_TABLE_LENGTH)
				return bad(why, len, l_at, "a table length (%u..%u) expected",
					   (unsigned int)sizeof(struct acpi_table_header),
					   ACPI_MAX_TABLE_LENGTH);
			tb.length = (u32)l;
		}
		if (*p && *p != ',')
			return bad(why, len, p, "',' or ':LENGTH' expected");
		e->tables[n++] = tb;
		if (!*p)
			break;
		p++;
	}
	e->nr_tables = n;
	return 0;
}

typedef int (*expect_parser)(struct discovery_expect *e, const char *val, char *why, size_t len);

static const struct {
	const char *key;		/* after "expect." */
	unsigned int bit;
	expect_parser parse;
} expect_keys[] = {
	{ "nodes", EXP_NODES, parse_nodes },
	{ "mem", EXP_MEM, parse_mem },
	{ "cpus", EXP_CPUS, parse_cpus },
	{ "distance", EXP_DISTANCE, parse_distance },
	{ "memoryless", EXP_MEMORYLESS, parse_memoryless },
	{ "cpuless", EXP_CPULESS, parse_cpuless },
	{ "acpi", EXP_ACPI, parse_acpi },
};

static __printf(2, 3) void expect_error(struct discovery_expect *e, const char *fmt, ...)
{
	va_list args;

	if (e->nr_errors < EXPECT_MAX_ERRORS) {
		va_start(args, fmt);
		vscnprintf(e->errors[e->nr_errors], EXPECT_ERROR_LEN, fmt, args);
		va_end(args);
	}
	e->nr_errors++;
}

/*
 * Parse expect.@key=@val into @e. A later value of a key replaces an earlier
 * one (as boot parameters do). Returns 0, or -EINVAL (unknown key, missing
 * or bad value) with the reason recorded in @e's errors; the key is then
 * marked not given.
 */
static int expect_parse(struct discovery_expect *e, const char *key, const char *val)
{
	char why[EXPECT_ERROR_LEN - 64];
	unsigned int i;

	e->any = true;
	for (i = 0; i < ARRAY_SIZE(expect_keys); i++) {
		if (strcmp(key, expect_keys[i].key))
			continue;
		e->given &= ~expect_keys[i].bit;
		if (!val || !*val) {
			expect_error(e, "expect.%s needs a value", key);
			return -EINVAL;
		}
		if (expect_keys[i].parse(e, val, why, sizeof(why))) {
			expect_error(e, "expect.%s=%s: %s", key, val, why);
			return -EINVAL;
		}
		e->given |= expect_keys[i].bit;
		return 0;
	}
	expect_error(e, "unknown expectation expect.%s (known: nodes, mem, cpus, distance, memoryless, cpuless, acpi)",
		     key);
	return -EINVAL;
}

static int expect_param(const char *key, const char *val)
{
	unsigned int before = boot_expect.nr_errors;
	int rc = expect_parse(&boot_expect, key, val);

	if (rc && before < EXPECT_MAX_ERRORS)
		pr_err("%s\n", boot_expect.errors[before]);
	return rc;
}

#define EXPECT_PARAM(name)						\
	static int expect_param_##name(const char *val)			\
	{								\
		return expect_param(#name, val);			\
	}								\
	__setup("expect." #name, expect_param_##name)

EXPECT_PARAM(nodes);
EXPECT_PARAM(mem);
EXPECT_PARAM(cpus);
EXPECT_PARAM(distance);
EXPECT_PARAM(memoryless);
EXPECT_PARAM(cpuless);
EXPECT_PARAM(acpi);

REGISTRY_DECLARE(struct kernel_param, kernel_params);

/* Ours, or an expect.* parameter another suite registered (e.g. expect.fallback). */
static bool known_key(const char *key)
{
	const struct kernel_param *p;

	for (unsigned int i = 0; i < ARRAY_SIZE(expect_keys); i++)
		if (!strcmp(key, expect_keys[i].key))
			return true;
	registry_for_each(p, kernel_params)
		if (str_has_prefix(p->name, "expect.") && !strcmp(p->name + 7, key))
			return true;
	return false;
}

/*
 * Record every expect.* parameter of @cmdline that no handler knows (the
 * handlers have seen the known ones). Parameters after "--" are init's.
 */
static void expect_scan_unknown(struct discovery_expect *e, const char *cmdline)
{
	static char copy[COMMAND_LINE_SIZE];
	char *cursor = copy, *param, *val;

	strscpy(copy, cmdline, sizeof(copy));
	while ((param = next_arg(&cursor, &val)) != NULL) {
		if (!strcmp(param, "--"))
			break;
		if (!str_has_prefix(param, "expect."))
			continue;
		e->any = true;
		if (!known_key(param + 7))
			expect_parse(e, param + 7, val);	/* records the error */
	}
}

/* ---- the checks ---- */

static const char *discovery_skip_if(void)
{
	static bool scanned;

	if (!scanned) {
		scanned = true;
		expect_scan_unknown(&boot_expect, boot_command_line);
	}
	if (!boot_expect.any)
		return "no expect.* parameters (not a catalogue machine)";
	return NULL;
}

#define SKIP_UNLESS_GIVEN(t, bit, key) do {				\
	if (!(boot_expect.given & (bit)))				\
		ktest_skip_case(t, "no valid expect." key);		\
} while (0)

static void test_expectations_valid(struct ktest *t)
{
	unsigned int i, shown = min(boot_expect.nr_errors, (unsigned int)EXPECT_MAX_ERRORS);

	for (i = 0; i < shown; i++)
		KTEST_EXPECT_MSG(t, false, "%s", boot_expect.errors[i]);
	KTEST_EXPECT_MSG(t, boot_expect.nr_errors <= EXPECT_MAX_ERRORS,
			 "%u more bad expect.* parameters", boot_expect.nr_errors - EXPECT_MAX_ERRORS);
}

static void test_node_count(struct ktest *t)
{
	SKIP_UNLESS_GIVEN(t, EXP_NODES, "nodes");
	KTEST_EXPECT_EQ(t, nr_node_ids, boot_expect.nodes);
	KTEST_EXPECT_EQ(t, numa_topology()->nr_nodes, boot_expect.nodes);
}

/*
 * memblock's memory as node ranges: sorted, adjacent same-node regions
 * merged. Returns the count, or -1 if there are more than @max regions.
 */
static int memblock_node_ranges(struct expect_range *r, unsigned int max)
{
	phys_addr_t start, end;
	u64 idx = 0;
	unsigned int n = 0;
	int nid;

	while (memblock_next_mem_range(&idx, NUMA_NO_NODE, &start, &end, &nid)) {
		if (n == max)
			return -1;
		r[n].start = start;
		r[n].end = end;
		r[n].nid = nid;
		n++;
	}
	return (int)normalise_ranges(r, n);
}

static void show_ranges(struct ktest *t, const char *title, const struct expect_range *r,
			unsigned int n)
{
	ktest_info(t, "%s:", title);
	for (unsigned int i = 0; i < n; i++)
		ktest_info(t, "  node %3d: [mem %#018llx-%#018llx]", r[i].nid,
			   (unsigned long long)r[i].start, (unsigned long long)r[i].end - 1);
}

static struct expect_range found_ranges[INIT_MEMBLOCK_REGIONS];

static void test_node_memory(struct ktest *t)
{
	const struct numa_topology *topo = numa_topology();
	unsigned int n, i, k;
	int found;
	bool same;

	SKIP_UNLESS_GIVEN(t, EXP_MEM, "mem");
	found = memblock_node_ranges(found_ranges, ARRAY_SIZE(found_ranges));
	KTEST_ASSERT_MSG(t, found >= 0, "more than %u memblock memory regions",
			 (unsigned int)ARRAY_SIZE(found_ranges));
	n = (unsigned int)found;
	same = n == boot_expect.nr_ranges;
	for (i = 0; same && i < n; i++)
		same = found_ranges[i].start == boot_expect.ranges[i].start &&
		       found_ranges[i].end == boot_expect.ranges[i].end &&
		       found_ranges[i].nid == boot_expect.ranges[i].nid;
	if (!same) {
		show_ranges(t, "expected (expect.mem)", boot_expect.ranges, boot_expect.nr_ranges);
		show_ranges(t, "found (memblock memory by node)", found_ranges, n);
	}
	KTEST_EXPECT_MSG(t, same, "the nodes' memory differs from expect.mem (lists above)");

	/* The topology handed to mm/ must say the same: each region inside a range of its node. */
	for (i = 0; i < n; i++) {
		bool inside = false;

		for (k = 0; k < topo->nr_ranges && !inside; k++)
			inside = topo->ranges[k].nid == found_ranges[i].nid &&
				 topo->ranges[k].start <= found_ranges[i].start &&
				 found_ranges[i].end <= topo->ranges[k].end;
		KTEST_EXPECT_MSG(t, inside,
				 "memblock [mem %#018llx-%#018llx] on node %d is in no NUMA range of that node",
				 (unsigned long long)found_ranges[i].start,
				 (unsigned long long)found_ranges[i].end - 1, found_ranges[i].nid);
	}
}

static void test_cpus(struct ktest *t)
{
	const struct numa_topology *topo = numa_topology();
	const struct acpi_madt_cpus *madt = acpi_madt_cpus();
	unsigned int i;

	SKIP_UNLESS_GIVEN(t, EXP_CPUS, "cpus");
	KTEST_EXPECT_EQ(t, madt->nr_cpus, boot_expect.nr_cpus);
	KTEST_ASSERT_EQ(t, topo->nr_cpus, boot_expect.nr_cpus);
	for (i = 0; i < boot_expect.nr_cpus; i++) {
		KTEST_EXPECT_MSG(t, cpu_to_node(i) == boot_expect.cpu_node[i],
				 "CPU %u is on node %d, expected node %d", i, cpu_to_node(i),
				 boot_expect.cpu_node[i]);
		if (i < madt->nr_cpus)
			KTEST_EXPECT_MSG(t, topo->cpu_apicid[i] == madt->apicid[i],
					 "CPU %u: APIC id %#x in the NUMA topology, %#x in the MADT", i,
					 topo->cpu_apicid[i], madt->apicid[i]);
	}
}

static void test_distances(struct ktest *t)
{
	unsigned int i, j;

	SKIP_UNLESS_GIVEN(t, EXP_DISTANCE, "distance");
	KTEST_ASSERT_EQ(t, nr_node_ids, boot_expect.dist_n);
	for (i = 0; i < boot_expect.dist_n; i++)
		for (j = 0; j < boot_expect.dist_n; j++)
			KTEST_EXPECT_MSG(t, node_distance((int)i, (int)j) == boot_expect.dist[i][j],
					 "distance %u -> %u is %d, expected %u", i, j,
					 node_distance((int)i, (int)j), boot_expect.dist[i][j]);
}

static bool memblock_node_has_memory(int nid)
{
	u64 idx = 0;

	return memblock_next_mem_range(&idx, nid, NULL, NULL, NULL);
}

static bool node_has_cpu(int nid)
{
	for (unsigned int i = 0; i < numa_topology()->nr_cpus; i++)
		if (cpu_to_node(i) == nid)
			return true;
	return false;
}

/* Compare the set of nodes (of all MAX_NUMNODES ids) for which @has is false with @want. */
static void check_node_set(struct ktest *t, const char *what, nodemask_t want, bool (*has)(int))
{
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		bool wanted = node_isset(nid, want);
		bool exists = (unsigned int)nid < nr_node_ids;

		if (wanted && !exists)
			KTEST_EXPECT_MSG(t, false, "node %d should be %s, but there are only %u nodes",
					 nid, what, nr_node_ids);
		else if (exists)
			KTEST_EXPECT_MSG(t, wanted == !has(nid), "node %d is %s%s, expected %s%s", nid,
					 wanted ? "not " : "", what, wanted ? "" : "not ", what);
	}
}

static void test_memoryless_nodes(struct ktest *t)
{
	SKIP_UNLESS_GIVEN(t, EXP_MEMORYLESS, "memoryless");
	check_node_set(t, "memoryless", boot_expect.memoryless, node_has_memory);
	/* mm/'s view and memblock's tags agree. */
	for (int nid = 0; nid < (int)nr_node_ids; nid++)
		KTEST_EXPECT_MSG(t, node_has_memory(nid) == memblock_node_has_memory(nid),
				 "node %d: NUMA topology says %s memory, memblock %s", nid,
				 node_has_memory(nid) ? "has" : "no",
				 memblock_node_has_memory(nid) ? "has some" : "has none");
}

static void test_cpuless_nodes(struct ktest *t)
{
	SKIP_UNLESS_GIVEN(t, EXP_CPULESS, "cpuless");
	check_node_set(t, "CPU-less", boot_expect.cpuless, node_has_cpu);
}

static void test_acpi_tables(struct ktest *t)
{
	SKIP_UNLESS_GIVEN(t, EXP_ACPI, "acpi");
	for (unsigned int i = 0; i < boot_expect.nr_tables; i++) {
		const struct expect_table *tb = &boot_expect.tables[i];
		const struct acpi_table_header *h = acpi_get_table(tb->sig, 0);

		if (tb->absent) {
			KTEST_EXPECT_MSG(t, !h, "ACPI table %.4s is present, expected none", tb->sig);
			acpi_put_table(h);
			continue;
		}
		KTEST_EXPECT_MSG(t, h, "no ACPI table %.4s", tb->sig);
		if (!h)
			continue;
		KTEST_EXPECT_MSG(t, !memcmp(h->signature, tb->sig, ACPI_NAMESEG_SIZE),
				 "acpi_get_table(%.4s) returned a %.4s table", tb->sig, h->signature);
		if (tb->length)
			KTEST_EXPECT_MSG(t, h->length == tb->length,
					 "ACPI table %.4s is %u bytes long, expected %u", tb->sig,
					 h->length, tb->length);
		/* The whole table is mapped and intact (QEMU computes the checksum). */
		KTEST_EXPECT_MSG(t, acpi_checksum(h, h->length) == 0,
				 "ACPI table %.4s: its %u bytes do not sum to 0", tb->sig, h->length);
		acpi_put_table(h);
	}
}

static const struct ktest_case discovery_cases[] = {
	KTEST_CASE(test_expectations_valid),
	KTEST_CASE(test_node_count),
	KTEST_CASE(test_node_memory),
	KTEST_CASE(test_cpus),
	KTEST_CASE(test_distances),
	KTEST_CASE(test_memoryless_nodes),
	KTEST_CASE(test_cpuless_nodes),
	KTEST_CASE(test_acpi_tables),
	{}
};
KTEST_SUITE_FULL(discovery, .cases = discovery_cases, .skip_if = discovery_skip_if);

/* ---- discovery_parse: the expect.* parser on good and bad values ---- */

static struct discovery_expect scratch;

/* Parse into a fresh scratch; true if it was accepted. */
static bool try_parse(const char *key, const char *val)
{
	memset(&scratch, 0, sizeof(scratch));
	return expect_parse(&scratch, key, val) == 0;
}

/* Expect @key=@val to be refused with a message containing @why. */
static void expect_refused(struct ktest *t, int line, const char *key, const char *val,
			   const char *why)
{
	const char *v = val ? val : "(none)";

	if (try_parse(key, val))
		ktest_fail_at(t, __FILE__, line, "expect.%s=%s was accepted", key, v);
	else if (scratch.nr_errors != 1 || !strstr(scratch.errors[0], why))
		ktest_fail_at(t, __FILE__, line,
			      "expect.%s=%s: message \"%s\", expected one with \"%s\"", key, v,
			      scratch.nr_errors ? scratch.errors[0] : "", why);
}
#define EXPECT_REFUSED(t, key, val, why) expect_refused(t, __LINE__, key, val, why)

static void test_parse_nodes(struct ktest *t)
{
	KTEST_ASSERT(t, try_parse("nodes", "4"));
	KTEST_EXPECT_EQ(t, scratch.nodes, 4);
	KTEST_EXPECT_EQ(t, scratch.given, EXP_NODES);
	KTEST_EXPECT(t, scratch.any);
	KTEST_EXPECT(t, try_parse("nodes", "128"));
	EXPECT_REFUSED(t, "nodes", "0", "at least 1 node");
	EXPECT_REFUSED(t, "nodes", "129", "out of range");
	EXPECT_REFUSED(t, "nodes", "two", "a node count expected at \"two\"");
	EXPECT_REFUSED(t, "nodes", "2x", "junk after the node count at \"x\"");
	EXPECT_REFUSED(t, "nodes", "", "needs a value");
	EXPECT_REFUSED(t, "nodes", NULL, "needs a value");
	KTEST_EXPECT_EQ(t, scratch.given, 0);
}

static void test_parse_mem(struct ktest *t)
{
	KTEST_ASSERT(t, try_parse("mem", "1:1G+1G;0:4K-0x9efff,1M+1023M"));
	KTEST_ASSERT_EQ(t, scratch.nr_ranges, 3);
	KTEST_EXPECT_EQ(t, scratch.ranges[0].start, 0x1000);
	KTEST_EXPECT_EQ(t, scratch.ranges[0].end, 0x9f000);
	KTEST_EXPECT_EQ(t, scratch.ranges[0].nid, 0);
	KTEST_EXPECT_EQ(t, scratch.ranges[1].start, 0x100000);
	KTEST_EXPECT_EQ(t, scratch.ranges[1].end, 0x40000000);
	KTEST_EXPECT_EQ(t, scratch.ranges[2].start, 0x40000000);
	KTEST_EXPECT_EQ(t, scratch.ranges[2].end, 0x80000000);
	KTEST_EXPECT_EQ(t, scratch.ranges[2].nid, 1);

	/* Adjacent ranges of one node merge; of two nodes, they do not. */
	KTEST_ASSERT(t, try_parse("mem", "0:0+1M,1M+1M;1:2M+1M;2:"));
	KTEST_ASSERT_EQ(t, scratch.nr_ranges, 2);
	KTEST_EXPECT_EQ(t, scratch.ranges[0].end, 2 << 20);
	KTEST_EXPECT_EQ(t, scratch.ranges[1].nid, 1);
	/* A node with no memory: nothing. */
	KTEST_ASSERT(t, try_parse("mem", "0:;1:1G+1G"));
	KTEST_EXPECT_EQ(t, scratch.nr_ranges, 1);

	EXPECT_REFUSED(t, "mem", "0:1G", "'-END' or '+SIZE' expected after the start at the end");
	EXPECT_REFUSED(t, "mem", "0:1G-", "an end address expected at the end");
	EXPECT_REFUSED(t, "mem", "0:1G+x", "a size expected at \"x\"");
	EXPECT_REFUSED(t, "mem", "0:2G-1G", "the end is below the start at \"2G-1G\"");
	EXPECT_REFUSED(t, "mem", "0:1G+0", "a range of size 0");
	EXPECT_REFUSED(t, "mem", "0:0xffffffffffffffff+2", "wraps around");
	EXPECT_REFUSED(t, "mem", "0:0x1000-0xffffffffffffffff", "the last byte of the address space");
	EXPECT_REFUSED(t, "mem", "x:1G+1G", "a node id expected at \"x:1G+1G\"");
	EXPECT_REFUSED(t, "mem", "128:1G+1G", "a node id out of range (0..127)");
	EXPECT_REFUSED(t, "mem", "0 1G+1G", "':' expected after the node id");
	EXPECT_REFUSED(t, "mem", "0:0+1G;0:2G+1G", "node 0 listed twice at \"0:2G+1G\"");
	EXPECT_REFUSED(t, "mem", "0:0+2G;1:1G+1G", "overlap");
	EXPECT_REFUSED(t, "mem", "0:0+1G,", "a range expected after ','");
	EXPECT_REFUSED(t, "mem", "0:0+1G/1:1G+1G", "',' or ';' expected after a range at \"/1:1G+1G\"");
	EXPECT_REFUSED(t, "mem", "0:0+99999999999999999999", "a size too large");
}

static void test_parse_cpus(struct ktest *t)
{
	KTEST_ASSERT(t, try_parse("cpus", "0,1*3,0"));
	KTEST_ASSERT_EQ(t, scratch.nr_cpus, 5);
	KTEST_EXPECT_EQ(t, scratch.cpu_node[0], 0);
	KTEST_EXPECT_EQ(t, scratch.cpu_node[1], 1);
	KTEST_EXPECT_EQ(t, scratch.cpu_node[3], 1);
	KTEST_EXPECT_EQ(t, scratch.cpu_node[4], 0);
	KTEST_EXPECT(t, try_parse("cpus", "3*" __stringify(NR_CPUS)));
	EXPECT_REFUSED(t, "cpus", "3*" __stringify(NR_CPUS) ",0", "more than " __stringify(NR_CPUS) " CPUs");
	EXPECT_REFUSED(t, "cpus", "0,,1", "a node id expected at \",1\"");
	EXPECT_REFUSED(t, "cpus", "1*0", "a count of 0 CPUs");
	EXPECT_REFUSED(t, "cpus", "0;1", "',' expected at \";1\"");
}

static void test_parse_distance(struct ktest *t)
{
	KTEST_ASSERT(t, try_parse("distance", "10,20,30;25,10,20;35,25,10"));
	KTEST_ASSERT_EQ(t, scratch.dist_n, 3);
	KTEST_EXPECT_EQ(t, scratch.dist[0][2], 30);
	KTEST_EXPECT_EQ(t, scratch.dist[2][0], 35);
	KTEST_EXPECT_EQ(t, scratch.dist[1][1], 10);
	KTEST_EXPECT(t, try_parse("distance", "10"));
	EXPECT_REFUSED(t, "distance", "10,20;20", "row 1 has 1 distances, row 0 has 2");
	EXPECT_REFUSED(t, "distance", "10,20", "1 rows of 2 distances: the matrix must be square");
	EXPECT_REFUSED(t, "distance", "10,256;20,10", "a distance out of range (0..255)");
	EXPECT_REFUSED(t, "distance", "10 20", "',' or ';' expected at \" 20\"");
}

static void test_parse_nodelists(struct ktest *t)
{
	KTEST_ASSERT(t, try_parse("memoryless", "0,2-3,63,127"));
	KTEST_EXPECT_UEQ(t, scratch.memoryless.bits[0], 0x800000000000000dULL);
	KTEST_EXPECT(t, node_isset(127, scratch.memoryless) && !node_isset(126, scratch.memoryless));
	KTEST_ASSERT(t, try_parse("cpuless", "none"));
	KTEST_EXPECT(t, nodes_empty(scratch.cpuless));
	KTEST_EXPECT_EQ(t, scratch.given, EXP_CPULESS);
	EXPECT_REFUSED(t, "cpuless", "3-1", "a decreasing node range");
	EXPECT_REFUSED(t, "cpuless", "nothing", "a node id (or 'none') expected");
	EXPECT_REFUSED(t, "memoryless", "128", "out of range (0..127)");
	EXPECT_REFUSED(t, "memoryless", "1 2", "',' expected");
}

static void test_parse_acpi(struct ktest *t)
{
	KTEST_ASSERT(t, try_parse("acpi", "NBTT:152,!SLIT,APIC:0x90"));
	KTEST_ASSERT_EQ(t, scratch.nr_tables, 3);
	KTEST_EXPECT(t, !memcmp(scratch.tables[0].sig, "NBTT", 4));
	KTEST_EXPECT_EQ(t, scratch.tables[0].length, 152);
	KTEST_EXPECT(t, !scratch.tables[0].absent);
	KTEST_EXPECT(t, scratch.tables[1].absent);
	KTEST_EXPECT_EQ(t, scratch.tables[1].length, 0);
	KTEST_EXPECT_EQ(t, scratch.tables[2].length, 0x90);
	EXPECT_REFUSED(t, "acpi", "NBT", "a 4-character table signature");
	EXPECT_REFUSED(t, "acpi", "NBTTX", "',' or ':LENGTH' expected at \"X\"");
	EXPECT_REFUSED(t, "acpi", "nbtt", "a 4-character table signature");
	EXPECT_REFUSED(t, "acpi", "NBTT:", "a table length (36..16777216) expected at the end");
	EXPECT_REFUSED(t, "acpi", "NBTT:12", "a table length");
	EXPECT_REFUSED(t, "acpi", "!SLIT:44", "a length for a table that must be absent");
	EXPECT_REFUSED(t, "acpi", "A,B,C,D,E,F,G,H,I", "a 4-character table signature");
	EXPECT_REFUSED(t, "acpi", "AAAA,BBBB,CCCC,DDDD,EEEE,FFFF,GGGG,HHHH,IIII", "more than 8 tables");
}

static void test_parse_unknown_keys(struct ktest *t)
{
	memset(&scratch, 0, sizeof(scratch));
	expect_scan_unknown(&scratch, "quiet expect.node=2 expect.nodes=2 \"expect.acpi=X\" -- expect.bogus=1");
	KTEST_EXPECT(t, scratch.any);
	KTEST_ASSERT_EQ(t, scratch.nr_errors, 1);
	KTEST_EXPECT(t, strstr(scratch.errors[0], "unknown expectation expect.node (known: nodes,"));

	/* No expect.* at all: nothing to check, nothing wrong. */
	memset(&scratch, 0, sizeof(scratch));
	expect_scan_unknown(&scratch, "quiet selftest=discovery dump=numa");
	KTEST_EXPECT(t, !scratch.any);
	KTEST_EXPECT_EQ(t, scratch.nr_errors, 0);

	/* A value given twice: the later one counts, and a bad later one unsets the key. */
	memset(&scratch, 0, sizeof(scratch));
	KTEST_EXPECT_EQ(t, expect_parse(&scratch, "nodes", "2"), 0);
	KTEST_EXPECT_EQ(t, expect_parse(&scratch, "nodes", "3"), 0);
	KTEST_EXPECT_EQ(t, scratch.nodes, 3);
	KTEST_EXPECT_EQ(t, expect_parse(&scratch, "nodes", "x"), -EINVAL);
	KTEST_EXPECT_EQ(t, scratch.given & EXP_NODES, 0);
}

static const struct ktest_case discovery_parse_cases[] = {
	KTEST_CASE(test_parse_nodes),
	KTEST_CASE(test_parse_mem),
	KTEST_CASE(test_parse_cpus),
	KTEST_CASE(test_parse_distance),
	KTEST_CASE(test_parse_nodelists),
	KTEST_CASE(test_parse_acpi),
	KTEST_CASE(test_parse_unknown_keys),
	{}
};
KTEST_SUITE(discovery_parse, discovery_parse_cases);

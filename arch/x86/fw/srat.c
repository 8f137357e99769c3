/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SRAT and SLIT, with the rules and lines of Linux's drivers/acpi/numa/srat.c
 * and arch/x86/mm/srat.c:
 *
 *	SRAT: PXM 0 -> APIC 0x00 -> Node 0
 *	ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]
 *	ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff] hotplug
 *	ACPI: SLIT table looks invalid. Not used.
 *
 * PXM -> node: a PXM gets a node id the first time it is seen, the lowest
 * id not yet used, so node ids follow the order of first appearance
 * (processor entries are walked before memory entries, as in Linux).
 * Invariant: pxm_to_node_map and node_to_pxm_map are inverse on the PXMs
 * mapped so far, and nodes_found_map has exactly the node ids handed out.
 */
#define pr_fmt(fmt) "ACPI: " fmt

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <lib/string.h>
#include <asm/acpi.h>
#include <asm/numa.h>

_Static_assert(MAX_NUMNODES <= MAX_PXM_DOMAINS, "every node id needs a possible PXM");

static int pxm_to_node_map[MAX_PXM_DOMAINS];
static int node_to_pxm_map[MAX_NUMNODES];
static nodemask_t nodes_found_map;

/* < 0: SRAT rejected or switched off (numa=noacpi); Linux's acpi_numa. */
static int acpi_numa;
static bool srat_off_by_option;
static u8 acpi_srat_revision;
static int parsed_numa_memblks;

void acpi_numa_reset(void)
{
	unsigned int i;

	for (i = 0; i < MAX_PXM_DOMAINS; i++)
		pxm_to_node_map[i] = NUMA_NO_NODE;
	for (i = 0; i < MAX_NUMNODES; i++)
		node_to_pxm_map[i] = -1;
	nodes_clear(nodes_found_map);
	acpi_numa = srat_off_by_option ? -1 : 0;
	acpi_srat_revision = 0;
	parsed_numa_memblks = 0;
}

void disable_srat(void)
{
	srat_off_by_option = true;
	acpi_numa = -1;
}

void srat_reset_option(void)
{
	srat_off_by_option = false;
	acpi_numa = 0;
}

bool srat_disabled(void)
{
	return acpi_numa < 0;
}

void bad_srat(void)
{
	pr_err("SRAT: SRAT not used.\n");
	acpi_numa = -1;
}

int pxm_to_node(int pxm)
{
	if (pxm < 0 || pxm >= MAX_PXM_DOMAINS)
		return NUMA_NO_NODE;
	return pxm_to_node_map[pxm];
}

int node_to_pxm(int node)
{
	if (node < 0 || node >= MAX_NUMNODES)
		return -1;
	return node_to_pxm_map[node];
}

int acpi_map_pxm_to_node(int pxm)
{
	int node;

	if (pxm < 0 || pxm >= MAX_PXM_DOMAINS || numa_off)
		return NUMA_NO_NODE;
	node = pxm_to_node_map[pxm];
	if (node == NUMA_NO_NODE) {
		node = first_unset_node(nodes_found_map);
		if (node >= MAX_NUMNODES)
			return NUMA_NO_NODE;
		BUG_ON(node >= MAX_NUMNODES || node_to_pxm_map[node] != -1);
		pxm_to_node_map[pxm] = node;
		node_to_pxm_map[node] = pxm;
		node_set(node, nodes_found_map);
	}
	return node;
}

/* A 32-bit PXM as Linux's int: values above INT_MAX are negative, hence unmappable. */
static int map_pxm(u32 pxm)
{
	return pxm > 0x7fffffffu ? NUMA_NO_NODE : acpi_map_pxm_to_node((int)pxm);
}

/* ---- SRAT entries ---- */

/*
 * Whether to use a CPU affinity entry of @len bytes whose structure is
 * @size: not while the SRAT is off, and not if the length is wrong (the
 * processor entry must be exactly its size, as Linux checks, the x2APIC
 * one at least), which is logged and makes the whole SRAT untrusted.
 */
static bool srat_cpu_entry_usable(const char *what, size_t len, size_t size, bool exact)
{
	if (srat_disabled())
		return false;
	if (exact ? len == size : len >= size)
		return true;
	pr_err("SRAT: %s entry of %zu bytes (expected %zu)\n", what, len, size);
	bad_srat();
	return false;
}

static void srat_processor_affinity(const struct acpi_srat_cpu_affinity *pa, size_t len)
{
	u32 pxm;
	int node;

	if (!srat_cpu_entry_usable("processor affinity", len, sizeof(*pa), true) ||
	    !(pa->flags & ACPI_SRAT_CPU_ENABLED))
		return;
	pxm = pa->proximity_domain_lo;
	/* Revision 1 tables only define the low byte; the others are reserved there. */
	if (acpi_srat_revision >= 2)
		pxm |= (u32)pa->proximity_domain_hi[0] << 8 |
		       (u32)pa->proximity_domain_hi[1] << 16 |
		       (u32)pa->proximity_domain_hi[2] << 24;
	node = map_pxm(pxm);
	if (node < 0) {
		printk(KERN_ERR "SRAT: Too many proximity domains %x\n", pxm);
		bad_srat();
		return;
	}
	BUILD_BUG_ON(MAX_LOCAL_APIC < 256);	/* an 8-bit APIC id always fits */
	set_apicid_to_node(pa->apic_id, node);
	node_set(node, numa_nodes_parsed);
	printk(KERN_INFO "SRAT: PXM %u -> APIC 0x%02x -> Node %u\n", pxm, pa->apic_id, node);
}

static void srat_x2apic_affinity(const struct acpi_srat_x2apic_cpu_affinity *pa, size_t len)
{
	u32 pxm, apic_id;
	int node;

	if (!srat_cpu_entry_usable("x2APIC affinity", len, sizeof(*pa), false) ||
	    !(pa->flags & ACPI_SRAT_CPU_ENABLED))
		return;
	pxm = pa->proximity_domain;
	apic_id = pa->apic_id;
	if (apic_id == 0xffffffffu) {
		printk(KERN_INFO "SRAT: PXM %u -> X2APIC 0x%04x ignored\n", pxm, apic_id);
		return;
	}
	node = map_pxm(pxm);
	if (node < 0) {
		printk(KERN_ERR "SRAT: Too many proximity domains %x\n", pxm);
		bad_srat();
		return;
	}
	if (apic_id >= MAX_LOCAL_APIC) {
		printk(KERN_INFO "SRAT: PXM %u -> APIC 0x%04x -> Node %u skipped apicid that is too big\n",
		       pxm, apic_id, node);
		return;
	}
	set_apicid_to_node(apic_id, node);
	node_set(node, numa_nodes_parsed);
	printk(KERN_INFO "SRAT: PXM %u -> APIC 0x%04x -> Node %u\n", pxm, apic_id, node);
}

static int srat_memory_affinity(const struct acpi_srat_mem_affinity *ma, size_t len)
{
	u64 start, end;
	bool hotpluggable;
	u32 pxm;
	int node;

	if (srat_disabled())
		return -EINVAL;
	if (len < sizeof(*ma)) {
		pr_err("SRAT: Unexpected header length: %zu\n", len);
		bad_srat();
		return -EINVAL;
	}
	if (!(ma->flags & ACPI_SRAT_MEM_ENABLED))
		return -EINVAL;
	hotpluggable = ma->flags & ACPI_SRAT_MEM_HOT_PLUGGABLE;

	start = ma->base_address;
	end = start + ma->length;
	pxm = ma->proximity_domain;
	if (acpi_srat_revision <= 1)
		pxm &= 0xff;

	node = map_pxm(pxm);
	if (node == NUMA_NO_NODE) {
		pr_err("SRAT: Too many proximity domains.\n");
		bad_srat();
		return -EINVAL;
	}
	if (numa_add_memblk(node, start, end) < 0) {
		pr_err("SRAT: Failed to add memblk to node %u [mem %#010llx-%#010llx]\n",
		       node, (unsigned long long)start, (unsigned long long)end - 1);
		bad_srat();
		return -EINVAL;
	}
	node_set(node, numa_nodes_parsed);
	pr_info("SRAT: Node %u PXM %u [mem %#010llx-%#010llx]%s%s\n", node, pxm,
		(unsigned long long)start, (unsigned long long)end - 1,
		hotpluggable ? " hotplug" : "",
		(ma->flags & ACPI_SRAT_MEM_NON_VOLATILE) ? " non-volatile" : "");
	if (hotpluggable && start < end)
		numa_note_hotplug(start, end);
	return 0;
}

static int srat_cpu_entry(const struct acpi_subtable_header *e, size_t len, void *ctx)
{
	(void)ctx;
	if (e->type == ACPI_SRAT_TYPE_CPU_AFFINITY)
		srat_processor_affinity((const void *)e, len);
	else if (e->type == ACPI_SRAT_TYPE_X2APIC_CPU_AFFINITY)
		srat_x2apic_affinity((const void *)e, len);
	return 0;
}

static int srat_mem_entry(const struct acpi_subtable_header *e, size_t len, void *ctx)
{
	(void)ctx;
	if (e->type == ACPI_SRAT_TYPE_MEMORY_AFFINITY && !srat_memory_affinity((const void *)e, len))
		parsed_numa_memblks++;
	return 0;
}

/* ---- SLIT ---- */

/* Largest locality count whose matrix fits ACPI_MAX_TABLE_LENGTH; bounds n * n. */
#define SLIT_MAX_LOCALITIES	4096
_Static_assert((u64)SLIT_MAX_LOCALITIES * SLIT_MAX_LOCALITIES >= ACPI_MAX_TABLE_LENGTH,
	       "every SLIT that fits a table must be accepted by the size check");

static bool slit_valid(const struct acpi_table_slit *slit, u64 n)
{
	u64 i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			u8 val = slit->entry[n * i + j];

			if (i == j ? val != LOCAL_DISTANCE : val <= LOCAL_DISTANCE)
				return false;
		}
	}
	return true;
}

static void acpi_parse_slit(const struct acpi_table_slit *slit, size_t len)
{
	u64 n, i, j;
	int node;

	if (len < sizeof(*slit)) {
		pr_err("SLIT: table of %zu bytes has no locality count, not used\n", len);
		return;
	}
	n = slit->locality_count;
	if (n > SLIT_MAX_LOCALITIES || n * n > len - sizeof(*slit)) {
		pr_err("SLIT: %llu localities do not fit the table (%zu bytes), not used\n",
		       (unsigned long long)n, len);
		return;
	}
	if (!slit_valid(slit, n)) {
		pr_info("SLIT table looks invalid. Not used.\n");
		return;
	}
	/* Rows of PXMs that name no node (I/O localities, unused ones) are skipped. */
	for (i = 0; i < n && i < MAX_PXM_DOMAINS; i++) {
		int from = pxm_to_node((int)i);

		if (from == NUMA_NO_NODE)
			continue;
		for (j = 0; j < n && j < MAX_PXM_DOMAINS; j++) {
			int to = pxm_to_node((int)j);

			if (to == NUMA_NO_NODE)
				continue;
			numa_set_distance(from, to, slit->entry[n * i + j]);
		}
	}
	for (node = 0; node < MAX_NUMNODES; node++) {
		if (node_to_pxm_map[node] >= 0 && (u64)node_to_pxm_map[node] >= n)
			pr_warn("SLIT: node %d (PXM %d) is beyond its %llu localities, default distances used\n",
				node, node_to_pxm_map[node], (unsigned long long)n);
	}
}

/* ---- the whole ---- */

int acpi_numa_init(void)
{
	const struct acpi_table_header *t;
	int ret = 0;

	if (acpi_disabled)
		return -EINVAL;

	t = acpi_get_table("SRAT", 0);
	if (t) {
		size_t len = t->length;

		acpi_srat_revision = t->revision;
		/* Reject a malformed chain before any entry is used. */
		if (acpi_walk_subtables(t, len, sizeof(struct acpi_table_srat), NULL, NULL) < 0) {
			bad_srat();
			ret = -EINVAL;
		} else {
			acpi_walk_subtables(t, len, sizeof(struct acpi_table_srat), srat_cpu_entry, NULL);
			acpi_walk_subtables(t, len, sizeof(struct acpi_table_srat), srat_mem_entry, NULL);
		}
		acpi_put_table(t);
	}

	t = acpi_get_table("SLIT", 0);
	if (t) {
		acpi_parse_slit((const struct acpi_table_slit *)t, t->length);
		acpi_put_table(t);
	}

	if (ret < 0)
		return ret;
	if (!parsed_numa_memblks)
		return -ENOENT;
	return 0;
}

int x86_acpi_numa_init(void)
{
	int ret = acpi_numa_init();

	if (ret < 0)
		return ret;
	return srat_disabled() ? -EINVAL : 0;
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ACPI HMAT (Heterogeneous Memory Attribute Table), revisions 1 and 2,
 * with the rules and lines of Linux 6.1's drivers/acpi/numa/hmat.c:
 *
 *	acpi/hmat: Memory Flags:0001 Processor Domain:0 Memory Domain:2
 *	acpi/hmat: Locality: Flags:00 Type:Access Latency Initiator Domains:2 Target Domains:4 Base:10000
 *	acpi/hmat:   Initiator-Target[0-2]:40 nsec
 *	acpi/hmat: Cache: Domain:1 Size:16777216 Attrs:00401111 SMBIOS Handles:0
 *
 * Targets are the SRAT's enabled memory PXMs, initiators the PXMs the
 * locality structures name that map to a node. The structures are parsed
 * type by type (proximity, locality, cache); a structure that fails its
 * checks makes the whole table ignored ("Ignoring: Invalid table"), after
 * the lines already printed, as Linux's acpi_table_parse_entries() does.
 * Then each target on an online node gets, for access class 0 (any
 * initiator) and 1 (initiators with CPUs), its attached initiator or else
 * the initiators with the best figures, and those figures, plus its
 * memory-side caches: include/mm/node.h.
 *
 * Differences from Linux, all on malformed tables where Linux reads out of
 * bounds or overflows: a structure running past the end of the table, and
 * a locality structure whose size overflows 32 bits, are refused (table
 * ignored) with a message; more than HMAT_MAX_TARGETS targets or
 * HMAT_MAX_CACHES caches per target are reported and the rest dropped.
 *
 * Everything found lives in the static arrays below until the next
 * hmat_init(); the locality structures are used only while the table is
 * mapped (inside hmat_init()).
 */
#define pr_fmt(fmt) "acpi/hmat: " fmt

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <lib/string.h>
#include <mm/numa.h>
#include <mm/node.h>
#include <asm/acpi.h>

#define PXM_INVAL		0xffffffffu
#define HMAT_MAX_TARGETS	NR_NODE_MEMBLKS
#define HMAT_MAX_CACHES		NODE_CACHE_LEVELS

struct memory_target {
	u32 memory_pxm;
	u32 processor_pxm;		/* PXM_INVAL: no attached initiator */
	struct access_coordinate coord[ACCESS_COORDINATE_MAX];
	struct node_cache_attrs caches[HMAT_MAX_CACHES];
	unsigned int nr_caches;
	bool registered;
};

struct memory_initiator {
	u32 processor_pxm;
	bool has_cpu;
};

/* Linux's tie-break order when choosing the best initiators. */
enum locality_types { WRITE_LATENCY, READ_LATENCY, WRITE_BANDWIDTH, READ_BANDWIDTH, NR_LOC_TYPES };

static u8 hmat_revision;
static bool hmat_disable;
static struct memory_target targets[HMAT_MAX_TARGETS];
static unsigned int nr_targets;
static struct memory_initiator initiators[MAX_NUMNODES];
static unsigned int nr_initiators;
static const struct acpi_hmat_locality *localities_types[NR_LOC_TYPES];
static bool have_localities;

void disable_hmat(void)
{
	hmat_disable = true;
}

void hmat_reset_option(void)
{
	hmat_disable = false;
}

/* A 32-bit PXM as Linux's int: above INT_MAX it maps to no node. */
static int pxm_node(u32 pxm)
{
	return pxm > 0x7fffffffu ? NUMA_NO_NODE : pxm_to_node((int)pxm);
}

static bool node_has_cpu(int nid)
{
	return nid >= 0 && node_has_cpus(nid);
}

static struct memory_initiator *find_mem_initiator(u32 cpu_pxm)
{
	for (unsigned int i = 0; i < nr_initiators; i++)
		if (initiators[i].processor_pxm == cpu_pxm)
			return &initiators[i];
	return NULL;
}

static struct memory_target *find_mem_target(u32 mem_pxm)
{
	for (unsigned int i = 0; i < nr_targets; i++)
		if (targets[i].memory_pxm == mem_pxm)
			return &targets[i];
	return NULL;
}

static void alloc_memory_initiator(u32 cpu_pxm)
{
	int nid = pxm_node(cpu_pxm);

	if (nid == NUMA_NO_NODE || find_mem_initiator(cpu_pxm))
		return;
	/* Each node has one PXM, so at most MAX_NUMNODES initiators map to nodes. */
	if (WARN_ON(nr_initiators >= ARRAY_SIZE(initiators)))
		return;
	initiators[nr_initiators].processor_pxm = cpu_pxm;
	initiators[nr_initiators].has_cpu = node_has_cpu(nid);
	nr_initiators++;
}

static void alloc_memory_target(u32 mem_pxm)
{
	struct memory_target *t;

	if (find_mem_target(mem_pxm))
		return;
	if (nr_targets >= HMAT_MAX_TARGETS) {
		pr_warn("more than %u memory proximity domains, PXM %u ignored\n",
			HMAT_MAX_TARGETS, mem_pxm);
		return;
	}
	t = &targets[nr_targets++];
	memset(t, 0, sizeof(*t));
	t->memory_pxm = mem_pxm;
	t->processor_pxm = PXM_INVAL;
}

static const char *hmat_data_type(u8 type)
{
	static const char *const names[] = {
		"Access Latency", "Read Latency", "Write Latency",
		"Access Bandwidth", "Read Bandwidth", "Write Bandwidth",
	};

	return type < ARRAY_SIZE(names) ? names[type] : "Reserved";
}

static const char *hmat_data_type_suffix(u8 type)
{
	if (type <= ACPI_HMAT_WRITE_LATENCY)
		return " nsec";
	if (type <= ACPI_HMAT_WRITE_BANDWIDTH)
		return " MB/s";
	return "";
}

/*
 * An entry times the base unit: 0 for "no data" (0 or 0xffff) and for a
 * product above 32 bits; revision 1 divides by 10, revision 2 turns
 * picoseconds into nanoseconds, rounding up in 32 bits as Linux does.
 */
static u32 hmat_normalize(u16 entry, u64 base, u8 type)
{
	u32 value;

	if (entry == 0xffff || !entry)
		return 0;
	if (base > 0xffffffffu / entry)
		return 0;
	value = (u32)(entry * base);
	if (hmat_revision == 1) {
		if (value < 10)
			return 0;
		value = (value + 9u) / 10u;
	} else if (hmat_revision == 2 && type <= ACPI_HMAT_WRITE_LATENCY) {
		value = (value + 999u) / 1000u;
	}
	return value;
}

static void hmat_update_target_access(struct memory_target *t, u8 type, u32 value, int access)
{
	struct access_coordinate *c = &t->coord[access];

	switch (type) {
	case ACPI_HMAT_ACCESS_LATENCY:
		c->read_latency = c->write_latency = value;
		break;
	case ACPI_HMAT_READ_LATENCY:
		c->read_latency = value;
		break;
	case ACPI_HMAT_WRITE_LATENCY:
		c->write_latency = value;
		break;
	case ACPI_HMAT_ACCESS_BANDWIDTH:
		c->read_bandwidth = c->write_bandwidth = value;
		break;
	case ACPI_HMAT_READ_BANDWIDTH:
		c->read_bandwidth = value;
		break;
	case ACPI_HMAT_WRITE_BANDWIDTH:
		c->write_bandwidth = value;
		break;
	default:
		break;
	}
}

static void hmat_add_locality(const struct acpi_hmat_locality *loc)
{
	have_localities = true;
	switch (loc->data_type) {
	case ACPI_HMAT_ACCESS_LATENCY:
		localities_types[READ_LATENCY] = localities_types[WRITE_LATENCY] = loc;
		break;
	case ACPI_HMAT_READ_LATENCY:
		localities_types[READ_LATENCY] = loc;
		break;
	case ACPI_HMAT_WRITE_LATENCY:
		localities_types[WRITE_LATENCY] = loc;
		break;
	case ACPI_HMAT_ACCESS_BANDWIDTH:
		localities_types[READ_BANDWIDTH] = localities_types[WRITE_BANDWIDTH] = loc;
		break;
	case ACPI_HMAT_READ_BANDWIDTH:
		localities_types[READ_BANDWIDTH] = loc;
		break;
	case ACPI_HMAT_WRITE_BANDWIDTH:
		localities_types[WRITE_BANDWIDTH] = loc;
		break;
	default:
		break;
	}
}

/* The initiator, target and entry arrays after a locality structure's header. */
static u32 loc_u32(const struct acpi_hmat_locality *loc, u64 idx)
{
	u32 v;

	memcpy(&v, (const u8 *)(loc + 1) + 4 * idx, sizeof(v));
	return v;
}

static u16 loc_entry(const struct acpi_hmat_locality *loc, u64 idx)
{
	u64 off = 4ull * loc->number_of_initiator_Pds + 4ull * loc->number_of_target_Pds + 2 * idx;
	u16 v;

	memcpy(&v, (const u8 *)(loc + 1) + off, sizeof(v));
	return v;
}

static int hmat_parse_locality(const struct acpi_hmat_locality *loc)
{
	u32 ipds, tpds, init, targ;
	u64 total_size;
	u8 type, mem_hier;

	if (loc->header.length < sizeof(*loc)) {
		pr_notice("Unexpected locality header length: %u\n", loc->header.length);
		return -EINVAL;
	}
	type = loc->data_type;
	mem_hier = loc->flags & ACPI_HMAT_MEMORY_HIERARCHY;
	ipds = loc->number_of_initiator_Pds;
	tpds = loc->number_of_target_Pds;
	total_size = sizeof(*loc) + 2ull * ipds * tpds + 4ull * ipds + 4ull * tpds;
	if (loc->header.length < total_size) {
		pr_notice("Unexpected locality header length:%u, minimum required:%llu\n",
			  loc->header.length, (unsigned long long)total_size);
		return -EINVAL;
	}
	pr_info("Locality: Flags:%02x Type:%s Initiator Domains:%u Target Domains:%u Base:%lld\n",
		loc->flags, hmat_data_type(type), ipds, tpds, (long long)loc->entry_base_unit);
	for (init = 0; init < ipds; init++) {
		u32 ipxm = loc_u32(loc, init);

		alloc_memory_initiator(ipxm);
		for (targ = 0; targ < tpds; targ++) {
			u32 tpxm = loc_u32(loc, (u64)ipds + targ);
			u32 value = hmat_normalize(loc_entry(loc, (u64)init * tpds + targ),
						   loc->entry_base_unit, type);
			struct memory_target *t;

			pr_info("  Initiator-Target[%u-%u]:%u%s\n", ipxm, tpxm, value,
				hmat_data_type_suffix(type));
			if (mem_hier != ACPI_HMAT_MEMORY)
				continue;
			t = find_mem_target(tpxm);
			if (t && t->processor_pxm == ipxm) {
				hmat_update_target_access(t, type, value, ACCESS_COORDINATE_LOCAL);
				if (node_has_cpu(pxm_node(ipxm)))
					hmat_update_target_access(t, type, value, ACCESS_COORDINATE_CPU);
			}
		}
	}
	if (mem_hier == ACPI_HMAT_MEMORY)
		hmat_add_locality(loc);
	return 0;
}

static int hmat_parse_cache(const struct acpi_hmat_cache *cache)
{
	struct memory_target *t;
	struct node_cache_attrs *ca;
	u32 attrs;

	if (cache->header.length < sizeof(*cache)) {
		pr_notice("Unexpected cache header length: %u\n", cache->header.length);
		return -EINVAL;
	}
	attrs = cache->cache_attributes;
	pr_info("Cache: Domain:%u Size:%llu Attrs:%08x SMBIOS Handles:%d\n", cache->memory_PD,
		(unsigned long long)cache->cache_size, attrs, cache->number_of_SMBIOShandles);
	t = find_mem_target(cache->memory_PD);
	if (!t)
		return 0;
	if (t->nr_caches >= HMAT_MAX_CACHES) {
		pr_warn("more than %u caches for PXM %u, this one ignored\n", HMAT_MAX_CACHES,
			cache->memory_PD);
		return 0;
	}
	ca = &t->caches[t->nr_caches++];
	ca->size = cache->cache_size;
	ca->level = (u8)((attrs & ACPI_HMAT_CACHE_LEVEL) >> 4);
	ca->line_size = (u16)((attrs & ACPI_HMAT_CACHE_LINE_SIZE) >> 16);
	switch ((attrs & ACPI_HMAT_CACHE_ASSOCIATIVITY) >> 8) {
	case ACPI_HMAT_CA_DIRECT_MAPPED:
		ca->indexing = NODE_CACHE_DIRECT_MAP;
		break;
	case ACPI_HMAT_CA_COMPLEX_CACHE_INDEXING:
		ca->indexing = NODE_CACHE_INDEXED;
		break;
	default:
		ca->indexing = NODE_CACHE_OTHER;
		break;
	}
	switch ((attrs & ACPI_HMAT_WRITE_POLICY) >> 12) {
	case ACPI_HMAT_CP_WB:
		ca->write_policy = NODE_CACHE_WRITE_BACK;
		break;
	case ACPI_HMAT_CP_WT:
		ca->write_policy = NODE_CACHE_WRITE_THROUGH;
		break;
	default:
		ca->write_policy = NODE_CACHE_WRITE_OTHER;
		break;
	}
	return 0;
}

static int hmat_parse_proximity_domain(const struct acpi_hmat_proximity_domain *p)
{
	struct memory_target *t = NULL;

	if (p->header.length != sizeof(*p)) {
		pr_notice("Unexpected address range header length: %u\n", p->header.length);
		return -EINVAL;
	}
	if (hmat_revision == 1)
		pr_info("Memory (%#llx length %#llx) Flags:%04x Processor Domain:%u Memory Domain:%u\n",
			(unsigned long long)p->reserved3, (unsigned long long)p->reserved4,
			p->flags, p->processor_PD, p->memory_PD);
	else
		pr_info("Memory Flags:%04x Processor Domain:%u Memory Domain:%u\n", p->flags,
			p->processor_PD, p->memory_PD);
	if ((hmat_revision == 1 && (p->flags & ACPI_HMAT_MEMORY_PD_VALID)) || hmat_revision > 1) {
		t = find_mem_target(p->memory_PD);
		if (!t) {
			pr_debug("Memory Domain missing from SRAT\n");
			return -EINVAL;
		}
	}
	if (t && (p->flags & ACPI_HMAT_PROCESSOR_PD_VALID)) {
		if (pxm_node(p->processor_PD) == NUMA_NO_NODE) {
			pr_debug("Invalid Processor Domain\n");
			return -EINVAL;
		}
		t->processor_pxm = p->processor_PD;
	}
	return 0;
}

static int hmat_parse_subtable(const struct acpi_hmat_structure *hdr)
{
	switch (hdr->type) {
	case ACPI_HMAT_TYPE_PROXIMITY:
		return hmat_parse_proximity_domain((const void *)hdr);
	case ACPI_HMAT_TYPE_LOCALITY:
		return hmat_parse_locality((const void *)hdr);
	case ACPI_HMAT_TYPE_CACHE:
		return hmat_parse_cache((const void *)hdr);
	default:
		return -EINVAL;
	}
}

/*
 * Linux's acpi_table_parse_entries() for one HMAT structure @type: the
 * handler runs on each structure of that type until one fails; the walk
 * goes on to the end to check every length. -EINVAL if a handler failed or
 * a length is 0 or runs past the table; else the number handled.
 */
static int hmat_parse_entries(const struct acpi_table_header *tbl, u16 type)
{
	size_t len = tbl->length, off = sizeof(struct acpi_table_hmat);
	int count = 0, errs = 0;

	while (off + sizeof(struct acpi_hmat_structure) < len) {
		const struct acpi_hmat_structure *e = (const void *)((const u8 *)tbl + off);

		if (e->length == 0) {
			pr_err("[HMAT:0x%02x] Invalid zero length\n", type);
			return -EINVAL;
		}
		if (e->length > len - off) {
			pr_err("[HMAT:0x%02x] structure at offset 0x%zx (length %u) runs past the end of the table (0x%zx)\n",
			       e->type, off, e->length, len);
			return -EINVAL;
		}
		if (e->type == type) {
			if (errs || hmat_parse_subtable(e))
				errs++;
			else
				count++;
		}
		off += e->length;
	}
	return errs ? -EINVAL : count;
}

static int srat_mem_target(const struct acpi_subtable_header *e, size_t len, void *ctx)
{
	const struct acpi_srat_mem_affinity *ma = (const void *)e;

	(void)ctx;
	if (e->type == ACPI_SRAT_TYPE_MEMORY_AFFINITY && len >= sizeof(*ma) &&
	    (ma->flags & ACPI_SRAT_MEM_ENABLED))
		alloc_memory_target(ma->proximity_domain);
	return 0;
}

/* ---- choosing the initiators ---- */

/* The normalized entry of @loc for @initiator and @target, 0 if either is not listed. */
static u32 hmat_initiator_perf(const struct memory_target *t, const struct memory_initiator *in,
			       const struct acpi_hmat_locality *loc)
{
	u32 ipds = loc->number_of_initiator_Pds, tpds = loc->number_of_target_Pds, i, idx, tdx;

	for (i = 0; i < ipds && loc_u32(loc, i) != in->processor_pxm; i++)
		;
	if (i == ipds)
		return 0;
	idx = i;
	for (i = 0; i < tpds && loc_u32(loc, (u64)ipds + i) != t->memory_pxm; i++)
		;
	if (i == tpds)
		return 0;
	tdx = i;
	return hmat_normalize(loc_entry(loc, (u64)idx * tpds + tdx), loc->entry_base_unit,
			      loc->data_type);
}

static bool hmat_update_best(u8 type, u32 value, u32 *best)
{
	if (!value)
		return false;
	if (type <= ACPI_HMAT_WRITE_LATENCY ? (!*best || *best > value) :
	    type <= ACPI_HMAT_WRITE_BANDWIDTH ? (!*best || *best < value) : false) {
		*best = value;
		return true;
	}
	return false;
}

/* Initiators sorted by PXM (Linux sorts its list before choosing). */
static void sort_initiators(void)
{
	for (unsigned int i = 1; i < nr_initiators; i++) {
		struct memory_initiator x = initiators[i];
		unsigned int j = i;

		while (j > 0 && initiators[j - 1].processor_pxm > x.processor_pxm) {
			initiators[j] = initiators[j - 1];
			j--;
		}
		initiators[j] = x;
	}
}

/*
 * The best initiators of @t for @access, Linux's candidate bitmap walk:
 * @cand[i] for initiators[i] (sorted by PXM). A better value drops every
 * candidate before it; a different one drops itself. @t's coordinates for
 * @access get each type's best value.
 */
static void hmat_choose_initiators(struct memory_target *t, bool *cand, int access)
{
	for (unsigned int i = 0; i < nr_initiators; i++)
		cand[i] = true;
	for (int k = WRITE_LATENCY; k <= READ_BANDWIDTH; k++) {
		const struct acpi_hmat_locality *loc = localities_types[k];
		u32 best = 0;

		if (!loc)
			continue;
		for (unsigned int i = 0; i < nr_initiators; i++) {
			u32 value;

			if (access == ACCESS_COORDINATE_CPU && !initiators[i].has_cpu) {
				cand[i] = false;
				continue;
			}
			if (!cand[i])
				continue;
			value = hmat_initiator_perf(t, &initiators[i], loc);
			if (hmat_update_best(loc->data_type, value, &best))
				for (unsigned int j = 0; j < i; j++)
					cand[j] = false;
			if (value != best)
				cand[i] = false;
		}
		if (best)
			hmat_update_target_access(t, loc->data_type, best, access);
	}
}

static void register_initiators(unsigned int mem_nid, const bool *cand, int access)
{
	for (unsigned int i = 0; i < nr_initiators; i++)
		if (cand[i])
			register_memory_node_under_compute_node(
				mem_nid, (unsigned int)pxm_node(initiators[i].processor_pxm), access);
}

/* Linux 6.1's hmat_register_target_initiators(). */
static void hmat_register_target_initiators(struct memory_target *t, unsigned int mem_nid)
{
	bool cand[MAX_NUMNODES];
	bool access0done = false;

	if (t->processor_pxm != PXM_INVAL) {
		int cpu_nid = pxm_node(t->processor_pxm);

		register_memory_node_under_compute_node(mem_nid, (unsigned int)cpu_nid,
							ACCESS_COORDINATE_LOCAL);
		access0done = true;
		if (node_has_cpu(cpu_nid)) {
			register_memory_node_under_compute_node(mem_nid, (unsigned int)cpu_nid,
								ACCESS_COORDINATE_CPU);
			return;
		}
	}
	if (!have_localities || !nr_initiators)
		return;
	sort_initiators();
	if (!access0done) {
		hmat_choose_initiators(t, cand, ACCESS_COORDINATE_LOCAL);
		register_initiators(mem_nid, cand, ACCESS_COORDINATE_LOCAL);
	}
	hmat_choose_initiators(t, cand, ACCESS_COORDINATE_CPU);
	register_initiators(mem_nid, cand, ACCESS_COORDINATE_CPU);
}

static void hmat_register_targets(void)
{
	for (unsigned int i = 0; i < nr_targets; i++) {
		struct memory_target *t = &targets[i];
		int nid = pxm_node(t->memory_pxm);

		if (nid == NUMA_NO_NODE || !(node_has_memory(nid) || node_has_cpu(nid)) ||
		    t->registered)
			continue;
		hmat_register_target_initiators(t, (unsigned int)nid);
		for (unsigned int c = 0; c < t->nr_caches; c++)
			node_add_cache((unsigned int)nid, &t->caches[c]);
		node_set_perf_attrs((unsigned int)nid, &t->coord[ACCESS_COORDINATE_LOCAL],
				    ACCESS_COORDINATE_LOCAL);
		node_set_perf_attrs((unsigned int)nid, &t->coord[ACCESS_COORDINATE_CPU],
				    ACCESS_COORDINATE_CPU);
		t->registered = true;
	}
}

static void hmat_reset(void)
{
	hmat_revision = 0;
	nr_targets = 0;
	nr_initiators = 0;
	have_localities = false;
	memset(localities_types, 0, sizeof(localities_types));
	node_hmem_reset();
}

void hmat_init(void)
{
	const struct acpi_table_header *tbl;

	hmat_reset();
	if (acpi_disabled || srat_disabled() || hmat_disable)
		return;
	tbl = acpi_get_table("SRAT", 0);
	if (!tbl)
		return;
	/* srat.c already refused a malformed chain (then srat_disabled()). */
	if (acpi_walk_subtables(tbl, tbl->length, sizeof(struct acpi_table_srat),
				srat_mem_target, NULL) < 0) {
		acpi_put_table(tbl);
		return;
	}
	acpi_put_table(tbl);

	tbl = acpi_get_table("HMAT", 0);
	if (!tbl)
		return;
	hmat_revision = tbl->revision;
	if (hmat_revision != 1 && hmat_revision != 2) {
		pr_notice("Ignoring: Unknown revision:%d\n", hmat_revision);
		goto out;
	}
	if (tbl->length < sizeof(struct acpi_table_hmat)) {
		pr_notice("Ignoring: table of %u bytes has no HMAT header\n", tbl->length);
		goto out;
	}
	for (u16 type = ACPI_HMAT_TYPE_PROXIMITY; type < ACPI_HMAT_TYPE_RESERVED; type++) {
		if (hmat_parse_entries(tbl, type) < 0) {
			pr_notice("Ignoring: Invalid table\n");
			goto out;
		}
	}
	hmat_register_targets();
out:
	acpi_put_table(tbl);
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hosted early_memremap()/early_memunmap() over registered fake physical
 * regions (see fake_phys.h). Hosted-only: uses the C library's allocator.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/types.h>
#include <asm/early_map.h>
#include <asm/acpi.h>
#include <mm/memblock.h>
#include <mm/numa.h>
#include "fake_phys.h"

struct fake_region {
	phys_addr_t phys;
	size_t len;
	const unsigned char *buf;
};

struct fake_mapping {
	void *virt;		/* NULL: free slot */
	size_t size;
};

static struct fake_region regions[FAKE_PHYS_MAX_REGIONS];
static unsigned int nr_regions;
static struct fake_mapping mappings[FAKE_PHYS_MAX_MAPPINGS];
static unsigned long map_count, bad_unmaps;

void fake_phys_reset(void)
{
	unsigned int i, leaked = 0;

	for (i = 0; i < FAKE_PHYS_MAX_MAPPINGS; i++) {
		if (!mappings[i].virt)
			continue;
		free(mappings[i].virt);
		mappings[i].virt = NULL;
		leaked++;
	}
	if (leaked)
		fprintf(stderr, "fake_phys: %u mapping(s) were never unmapped\n", leaked);
	nr_regions = 0;
	map_count = 0;
	bad_unmaps = 0;
}

int fake_phys_add(phys_addr_t phys, const void *buf, size_t len)
{
	unsigned int i;

	if (!len || !buf || nr_regions >= FAKE_PHYS_MAX_REGIONS)
		return -1;
	if (phys + (len - 1) < phys)
		return -1;
	for (i = 0; i < nr_regions; i++) {
		const struct fake_region *r = &regions[i];

		if (phys <= r->phys + (r->len - 1) && r->phys <= phys + (len - 1))
			return -1;
	}
	regions[nr_regions].phys = phys;
	regions[nr_regions].len = len;
	regions[nr_regions].buf = buf;
	nr_regions++;
	return 0;
}

void *early_memremap(phys_addr_t phys, size_t size)
{
	unsigned int i, slot;

	if (!size || phys + (size - 1) < phys)
		return NULL;
	for (slot = 0; slot < FAKE_PHYS_MAX_MAPPINGS; slot++)
		if (!mappings[slot].virt)
			break;
	if (slot == FAKE_PHYS_MAX_MAPPINGS)
		return NULL;

	for (i = 0; i < nr_regions; i++) {
		const struct fake_region *r = &regions[i];
		void *copy;

		if (phys < r->phys || phys - r->phys > r->len || size > r->len - (phys - r->phys))
			continue;
		copy = malloc(size);
		if (!copy)
			return NULL;
		memcpy(copy, r->buf + (phys - r->phys), size);
		mappings[slot].virt = copy;
		mappings[slot].size = size;
		map_count++;
		return copy;
	}
	return NULL;
}

void early_memunmap(void *virt, size_t size)
{
	unsigned int i;

	for (i = 0; i < FAKE_PHYS_MAX_MAPPINGS; i++) {
		if (mappings[i].virt != virt)
			continue;
		if (!virt)
			break;
		if (mappings[i].size != size) {
			fprintf(stderr, "fake_phys: unmap of %p with size %zu, mapped with %zu\n",
				virt, size, mappings[i].size);
			bad_unmaps++;
		}
		free(virt);
		mappings[i].virt = NULL;
		return;
	}
	fprintf(stderr, "fake_phys: unmap of %p, which is not mapped\n", virt);
	bad_unmaps++;
}

unsigned int fake_phys_outstanding(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < FAKE_PHYS_MAX_MAPPINGS; i++)
		n += mappings[i].virt != NULL;
	return n;
}

unsigned long fake_phys_map_count(void)
{
	return map_count;
}

unsigned long fake_phys_bad_unmaps(void)
{
	return bad_unmaps;
}

/* ---- the fake firmware ---- */

static unsigned char fw_low[FAKE_LOW_SIZE];
static unsigned char fw_acpi[FAKE_ACPI_SIZE];
static unsigned int fw_acpi_used;

void fake_fw_reset(void)
{
	fake_phys_reset();
	memset(fw_low, 0, sizeof(fw_low));
	memset(fw_acpi, 0, sizeof(fw_acpi));
	fw_acpi_used = 0;
	fake_phys_add(0, fw_low, sizeof(fw_low));
	fake_phys_add(FAKE_ACPI_BASE, fw_acpi, sizeof(fw_acpi));
}

unsigned char *fake_fw_low(void)
{
	return fw_low;
}

unsigned char *fake_fw_acpi(phys_addr_t phys)
{
	if (phys < FAKE_ACPI_BASE || phys >= FAKE_ACPI_BASE + FAKE_ACPI_SIZE) {
		fprintf(stderr, "fake_fw_acpi: %#llx is outside the ACPI area\n",
			(unsigned long long)phys);
		abort();
	}
	return fw_acpi + (phys - FAKE_ACPI_BASE);
}

static unsigned char fake_sum(const unsigned char *p, size_t n)
{
	unsigned char s = 0;

	while (n--)
		s = (unsigned char)(s + *p++);
	return s;
}

static void put_le(unsigned char *p, unsigned long long v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

void fake_table_put(struct fake_table *t, const void *p, unsigned int n)
{
	if (t->len + n > sizeof(t->b)) {
		fprintf(stderr, "fake_table_put: table overflow\n");
		abort();
	}
	memcpy(t->b + t->len, p, n);
	t->len += n;
}

void fake_table_start(struct fake_table *t, const char *sig, unsigned char rev,
		      unsigned int hdr_size)
{
	struct acpi_table_header h;
	static const unsigned char zero[512];

	memset(t, 0, sizeof(*t));
	memset(&h, 0, sizeof(h));
	memcpy(h.signature, sig, 4);
	h.revision = rev;
	memcpy(h.oem_id, "BOCHS ", 6);
	memcpy(h.oem_table_id, "BXPC    ", 8);
	h.oem_revision = 1;
	memcpy(h.asl_compiler_id, "BXPC", 4);
	h.asl_compiler_revision = 1;
	fake_table_put(t, &h, sizeof(h));
	if (hdr_size > sizeof(h) + sizeof(zero))
		abort();
	if (hdr_size > sizeof(h))
		fake_table_put(t, zero, hdr_size - (unsigned int)sizeof(h));
}

void fake_madt_lapic(struct fake_table *t, unsigned char uid, unsigned char apicid, unsigned int flags)
{
	unsigned char e[8] = { 0, 8, uid, apicid };

	put_le(e + 4, flags, 4);
	fake_table_put(t, e, sizeof(e));
}

void fake_madt_x2apic(struct fake_table *t, unsigned int uid, unsigned int apicid, unsigned int flags)
{
	unsigned char e[16] = { 9, 16 };

	put_le(e + 4, apicid, 4);
	put_le(e + 8, flags, 4);
	put_le(e + 12, uid, 4);
	fake_table_put(t, e, sizeof(e));
}

void fake_srat_cpu(struct fake_table *t, unsigned int pxm, unsigned char apicid, unsigned int flags)
{
	unsigned char e[16] = { 0, 16 };

	e[2] = (unsigned char)pxm;
	e[3] = apicid;
	put_le(e + 4, flags, 4);
	put_le(e + 9, pxm >> 8, 3);
	fake_table_put(t, e, sizeof(e));
}

void fake_srat_x2apic(struct fake_table *t, unsigned int pxm, unsigned int apicid, unsigned int flags)
{
	unsigned char e[24] = { 2, 24 };

	put_le(e + 4, pxm, 4);
	put_le(e + 8, apicid, 4);
	put_le(e + 12, flags, 4);
	fake_table_put(t, e, sizeof(e));
}

void fake_srat_mem(struct fake_table *t, unsigned int pxm, unsigned long long base,
		   unsigned long long len, unsigned int flags)
{
	unsigned char e[40] = { 1, 40 };

	put_le(e + 2, pxm, 4);
	put_le(e + 8, base, 8);
	put_le(e + 16, len, 8);
	put_le(e + 28, flags, 4);
	fake_table_put(t, e, sizeof(e));
}

void fake_hmat_proximity(struct fake_table *t, unsigned int flags, unsigned int proc_pd,
			 unsigned int mem_pd)
{
	unsigned char e[40] = { 0 };

	put_le(e + 4, sizeof(e), 4);
	put_le(e + 8, flags, 2);
	put_le(e + 12, proc_pd, 4);
	put_le(e + 16, mem_pd, 4);
	fake_table_put(t, e, sizeof(e));
}

void fake_hmat_locality(struct fake_table *t, unsigned int flags, unsigned int type,
			unsigned long long base, unsigned int ipds, const unsigned int *inits,
			unsigned int tpds, const unsigned int *targs, const unsigned short *entries)
{
	unsigned char e[32] = { 1 }, v[4];
	unsigned int i;

	put_le(e + 4, 32 + 4 * ipds + 4 * tpds + 2 * ipds * tpds, 4);
	e[8] = (unsigned char)flags;
	e[9] = (unsigned char)type;
	put_le(e + 12, ipds, 4);
	put_le(e + 16, tpds, 4);
	put_le(e + 24, base, 8);
	fake_table_put(t, e, sizeof(e));
	for (i = 0; i < ipds; i++) {
		put_le(v, inits[i], 4);
		fake_table_put(t, v, 4);
	}
	for (i = 0; i < tpds; i++) {
		put_le(v, targs[i], 4);
		fake_table_put(t, v, 4);
	}
	for (i = 0; i < ipds * tpds; i++) {
		put_le(v, entries[i], 2);
		fake_table_put(t, v, 2);
	}
}

void fake_hmat_cache(struct fake_table *t, unsigned int mem_pd, unsigned long long size,
		     unsigned int attrs)
{
	unsigned char e[32] = { 2 };

	put_le(e + 4, sizeof(e), 4);
	put_le(e + 8, mem_pd, 4);
	put_le(e + 16, size, 8);
	put_le(e + 24, attrs, 4);
	fake_table_put(t, e, sizeof(e));
}

void fake_hmat_qemu_cxl(struct fake_table *t)
{
	static const unsigned int inits[] = { 0, 1 }, targs[] = { 0, 1, 2, 3 };
	static const unsigned short lat[] = { 1, 2, 4, 6, 2, 1, 6, 4 };
	static const unsigned short bw[] = { 20, 10, 5, 4, 10, 20, 4, 5 };

	fake_table_start(t, "HMAT", 2, 40);
	for (unsigned int n = 0; n < 4; n++)
		fake_hmat_proximity(t, 1, n & 1, n);
	fake_hmat_locality(t, 0, 0, 10000, 2, inits, 4, targs, lat);
	fake_hmat_locality(t, 0, 3, 1024, 2, inits, 4, targs, bw);
}

void fake_srat_qemu_cxl(struct fake_table *t)
{
	fake_table_start(t, "SRAT", 1, 48);
	fake_srat_cpu(t, 0, 0, 1);
	fake_srat_cpu(t, 1, 1, 1);
	fake_srat_mem(t, 0, 0, 0xa0000, 1);
	fake_srat_mem(t, 0, 0x100000, (256ull << 20) - 0x100000, 1);
	fake_srat_mem(t, 1, 256ull << 20, 256ull << 20, 1);
	fake_srat_mem(t, 2, 512ull << 20, 128ull << 20, 1);
	fake_srat_mem(t, 3, 640ull << 20, 128ull << 20, 1);
}

void fake_slit(struct fake_table *t, unsigned int n, const unsigned char *matrix)
{
	unsigned char cnt[8];

	fake_table_start(t, "SLIT", 1, 36);
	put_le(cnt, n, 8);
	fake_table_put(t, cnt, 8);
	fake_table_put(t, matrix, n * n);
}

unsigned int fake_acpi_used(void)
{
	return fw_acpi_used;
}

phys_addr_t fake_acpi_install_raw(const void *p, size_t len)
{
	phys_addr_t at = FAKE_ACPI_BASE + fw_acpi_used;

	if (len > FAKE_ACPI_SIZE - fw_acpi_used)
		len = FAKE_ACPI_SIZE - fw_acpi_used;
	memcpy(fw_acpi + fw_acpi_used, p, len);
	fw_acpi_used += (unsigned int)len;
	return at;
}

phys_addr_t fake_acpi_install(struct fake_table *t, unsigned int length, bool fix_checksum)
{
	struct acpi_table_header *h = (struct acpi_table_header *)t->b;

	if (t->len > FAKE_ACPI_SIZE - fw_acpi_used) {
		fprintf(stderr, "fake_acpi_install: ACPI area full\n");
		abort();
	}
	h->length = length ? length : t->len;
	if (fix_checksum) {
		h->checksum = 0;
		h->checksum = (unsigned char)(0 - fake_sum(t->b, t->len));
	}
	return fake_acpi_install_raw(t->b, t->len);
}

phys_addr_t fake_acpi_fadt(void)
{
	struct fake_table t;
	unsigned char facs[64] = { 'F', 'A', 'C', 'S', 64 };
	phys_addr_t facs_at, dsdt_at;

	facs_at = fake_acpi_install_raw(facs, sizeof(facs));
	fake_table_start(&t, "DSDT", 1, 36);
	fake_table_put(&t, "\x10\x20\x30\x40", 4);
	dsdt_at = fake_acpi_install(&t, 0, true);

	/* A revision-1 FADT as QEMU's: 116 bytes, no 64-bit addresses. */
	fake_table_start(&t, "FACP", 1, 116);
	put_le(t.b + ACPI_FADT_OFF_FACS, facs_at, 4);
	put_le(t.b + ACPI_FADT_OFF_DSDT, dsdt_at, 4);
	return fake_acpi_install(&t, 0, true);
}

static phys_addr_t fake_root(const char *sig, unsigned int esize, const phys_addr_t *tables,
			     unsigned int n)
{
	struct fake_table t;
	unsigned char e[8];
	unsigned int i;

	fake_table_start(&t, sig, 1, 36);
	for (i = 0; i < n; i++) {
		put_le(e, tables[i], esize);
		fake_table_put(&t, e, esize);
	}
	return fake_acpi_install(&t, 0, true);
}

phys_addr_t fake_acpi_rsdt(const phys_addr_t *tables, unsigned int n)
{
	return fake_root("RSDT", 4, tables, n);
}

phys_addr_t fake_acpi_xsdt(const phys_addr_t *tables, unsigned int n)
{
	return fake_root("XSDT", 8, tables, n);
}

void fake_acpi_rsdp(phys_addr_t at, unsigned char rev, phys_addr_t rsdt, phys_addr_t xsdt)
{
	struct acpi_table_rsdp r;

	memset(&r, 0, sizeof(r));
	memcpy(r.signature, "RSD PTR ", 8);
	memcpy(r.oem_id, "BOCHS ", 6);
	r.revision = rev;
	r.rsdt_physical_address = (unsigned int)rsdt;
	r.length = sizeof(r);
	r.xsdt_physical_address = xsdt;
	r.checksum = (unsigned char)(0 - fake_sum((unsigned char *)&r, 20));
	r.extended_checksum = (unsigned char)(0 - fake_sum((unsigned char *)&r, 36));
	memcpy(fw_low + at, &r, rev >= 2 ? 36 : 20);
}

void fake_acpi_firmware(const phys_addr_t *tables, unsigned int n, enum fake_root root)
{
	phys_addr_t list[64], rsdt = 0, xsdt = 0;
	unsigned int i;

	if (n + 1 > sizeof(list) / sizeof(list[0]))
		abort();
	list[0] = fake_acpi_fadt();
	for (i = 0; i < n; i++)
		list[i + 1] = tables[i];
	if (root != FAKE_XSDT_ONLY)
		rsdt = fake_acpi_rsdt(list, n + 1);
	if (root != FAKE_RSDT_ONLY)
		xsdt = fake_acpi_xsdt(list, n + 1);
	fake_acpi_rsdp(FAKE_RSDP_ADDR, root == FAKE_RSDT_ONLY ? 0 : 2, rsdt, xsdt);
}

phys_addr_t fake_acpi_madt_cpus(unsigned int nr_cpus)
{
	struct fake_table madt;
	unsigned int i;

	fake_table_start(&madt, "APIC", 1, 44);
	for (i = 0; i < nr_cpus; i++)
		fake_madt_lapic(&madt, (unsigned char)i, (unsigned char)i, 1);
	return fake_acpi_install(&madt, 0, true);
}

int fake_acpi_boot(const phys_addr_t *tables, unsigned int n, const struct boot_info *bi)
{
	int tables_rc, madt_rc;

	fake_acpi_firmware(tables, n, FAKE_RSDT_ONLY);
	tables_rc = acpi_boot_table_init(bi);
	madt_rc = acpi_parse_madt(0);
	return tables_rc ? -1 : madt_rc;
}

void fake_fuzz_seed(const char *name, const void *data, size_t len)
{
	const char *dir = getenv("NB_FUZZ_SEED_DIR");
	char path[4096];
	FILE *f;

	if (!dir || !*dir)
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (f) {
		fclose(f);
		return;
	}
	f = fopen(path, "wb");
	if (!f)
		return;
	fwrite(data, 1, len, f);
	fclose(f);
}

void fake_ram_qemu(unsigned int mb)
{
	unsigned long long size = (unsigned long long)mb << 20;
	unsigned long long low = mb >= 3584 ? 3ULL << 30 : size;

	memblock_reset();
	memblock_add(0x1000, 0x9f000 - 0x1000);
	if (low > 0x100000 + 0x20000)
		memblock_add(0x100000, low - 0x20000 - 0x100000);
	if (size > low)
		memblock_add(4ULL << 30, size - low);
}

const char *fake_numa_check(void)
{
	static char why[160];
	const struct numa_topology *t = numa_topology();
	unsigned long i;
	unsigned int k;

	for (i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];
		int want = NUMA_NO_NODE;

		for (k = 0; k < t->nr_ranges; k++) {
			const struct numa_memrange *g = &t->ranges[k];

			if (r->base >= g->end || r->base + r->size <= g->start)
				continue;
			if (r->base < g->start || r->base + r->size > g->end) {
				snprintf(why, sizeof(why), "region [%#llx+%#llx] straddles range %u",
					 (unsigned long long)r->base, (unsigned long long)r->size, k);
				return why;
			}
			want = g->nid;
		}
		if (r->nid != want) {
			snprintf(why, sizeof(why), "region [%#llx+%#llx] is on node %d, expected %d",
				 (unsigned long long)r->base, (unsigned long long)r->size, r->nid, want);
			return why;
		}
	}
	if (nr_node_ids != t->nr_nodes)
		return "nr_node_ids differs from the topology";
	return NULL;
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Early ACPI tables: the RSDP, the RSDT/XSDT walk, the FADT's DSDT and FACS,
 * the table registry and the memblock reservations, with Linux's lines:
 *
 *	ACPI: RSDP 0x00000000000F59D0 000014 (v00 BOCHS )
 *	ACPI: RSDT 0x000000007FFE1C2F 000038 (v01 BOCHS  BXPC     00000001 BXPC 00000001)
 *	ACPI: FACS 0x000000007FFE0000 000040
 *	ACPI: Reserving FACP table memory at [mem 0x7ffe19eb-0x7ffe1a5e]
 *
 * Invariant of the registry: every descriptor in initial_tables[] describes
 * a range [address, address + length) that early_memremap() could map in
 * full when it was registered, whose length is at least a table header
 * (64 bytes for the FACS) and at most ACPI_MAX_TABLE_LENGTH, and that does
 * not wrap around the physical address space.
 */
#define pr_fmt(fmt) "ACPI: " fmt

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <kernel/params.h>
#include <lib/string.h>
#include <mm/memblock.h>
#include <asm/early_map.h>
#include <asm/acpi.h>

#define ACPI_EBDA_PTR_LOCATION	0x40E
#define ACPI_EBDA_WINDOW_SIZE	1024
#define ACPI_HI_RSDP_WINDOW_BASE 0xE0000
#define ACPI_HI_RSDP_WINDOW_SIZE 0x20000
#define ACPI_RSDP_SCAN_STEP	16
#define ACPI_SCAN_CHUNK		4096	/* mapped at a time when a whole window cannot be */
#define ACPI_FACS_MIN_LENGTH	64

bool acpi_disabled;

static struct acpi_table_desc initial_tables[ACPI_MAX_TABLES];
static unsigned int nr_tables;
static bool tables_full_warned;

/* Whole-table mappings handed out by acpi_get_table(), per registry slot. */
static struct {
	const struct acpi_table_header *virt;
	unsigned int refs;
} table_maps[ACPI_MAX_TABLES];

static phys_addr_t rsdp_phys;
static const char *root_sig;

static int acpi_param(const char *val)
{
	if (!val)
		return -EINVAL;
	if (!strcmp(val, "off")) {
		acpi_disabled = true;
		return 0;
	}
	return -EINVAL;
}
early_param("acpi", acpi_param);

u8 acpi_checksum(const void *buf, size_t len)
{
	const u8 *p = buf;
	u8 sum = 0;

	while (len--)
		sum = (u8)(sum + *p++);
	return sum;
}

/* Copy @n bytes of a name field, stopping at a NUL, with '?' for unprintable bytes (as ACPICA). */
static void acpi_fix_string(char *dst, const char *src, size_t n)
{
	size_t i;

	for (i = 0; i < n && src[i]; i++) {
		unsigned char c = (unsigned char)src[i];

		dst[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	dst[i] = '\0';
}

static void acpi_warn_checksum(const char *sig, u8 have, u8 sum)
{
	char name[ACPI_NAMESEG_SIZE + 1];

	acpi_fix_string(name, sig, ACPI_NAMESEG_SIZE);
	printk(KERN_WARNING "ACPI BIOS Warning (bug): Incorrect checksum in table [%s] - 0x%02X, should be 0x%02X\n",
	       name, have, (u8)(have - sum));
}

static void acpi_print_table_header(phys_addr_t addr, const struct acpi_table_header *h)
{
	char sig[5], oem[7], oem_table[9], asl[5];

	acpi_fix_string(sig, h->signature, sizeof(h->signature));
	acpi_fix_string(oem, h->oem_id, sizeof(h->oem_id));
	acpi_fix_string(oem_table, h->oem_table_id, sizeof(h->oem_table_id));
	acpi_fix_string(asl, h->asl_compiler_id, sizeof(h->asl_compiler_id));
	pr_info("%-4.4s 0x%016llX %06X (v%02u %-6.6s %-8.8s %08X %-4.4s %08X)\n",
		sig, (unsigned long long)addr, h->length, h->revision, oem, oem_table,
		h->oem_revision, asl, h->asl_compiler_revision);
}

static void acpi_print_rsdp(phys_addr_t addr, const struct acpi_table_rsdp *rsdp)
{
	char oem[7];

	acpi_fix_string(oem, rsdp->oem_id, sizeof(rsdp->oem_id));
	pr_info("RSDP 0x%016llX %06X (v%02u %-6.6s)\n", (unsigned long long)addr,
		rsdp->revision > 0 ? rsdp->length : ACPI_RSDP_CHECKSUM_LENGTH,
		rsdp->revision, oem);
}

/* ---- the registry ---- */

static void acpi_release_all_maps(void)
{
	unsigned int i;

	for (i = 0; i < ACPI_MAX_TABLES; i++) {
		if (!table_maps[i].virt)
			continue;
		WARN(table_maps[i].refs, "ACPI table %u still in use at reset\n", i);
		early_memunmap((void *)table_maps[i].virt, initial_tables[i].length);
		table_maps[i].virt = NULL;
		table_maps[i].refs = 0;
	}
}

static void acpi_registry_reset(void)
{
	acpi_release_all_maps();
	memset(initial_tables, 0, sizeof(initial_tables));
	nr_tables = 0;
	tables_full_warned = false;
	rsdp_phys = 0;
	root_sig = NULL;
	acpi_madt_reset();
}

unsigned int acpi_table_count(void)
{
	return nr_tables;
}

const struct acpi_table_desc *acpi_table_desc(unsigned int idx)
{
	return idx < nr_tables ? &initial_tables[idx] : NULL;
}

phys_addr_t acpi_rsdp_address(void)
{
	return rsdp_phys;
}

const char *acpi_root_table(void)
{
	return root_sig;
}

const struct acpi_table_header *acpi_get_table(const char sig[ACPI_NAMESEG_SIZE],
					       unsigned int instance)
{
	unsigned int i;

	for (i = 0; i < nr_tables; i++) {
		struct acpi_table_desc *d = &initial_tables[i];

		if (memcmp(d->signature, sig, ACPI_NAMESEG_SIZE))
			continue;
		if (instance--)
			continue;
		if (!table_maps[i].virt) {
			const struct acpi_table_header *h = early_memremap(d->address, d->length);

			if (!h) {
				pr_err("[%.4s] at 0x%llx can no longer be mapped\n",
				       d->signature, (unsigned long long)d->address);
				return NULL;
			}
			/*
			 * Callers size their walks by the header's length: it
			 * must still be the length that was checked and mapped.
			 */
			if (h->length != d->length) {
				pr_err("[%.4s] at 0x%llx changed length since boot (0x%X, was 0x%X)\n",
				       d->signature, (unsigned long long)d->address, h->length,
				       d->length);
				early_memunmap((void *)h, d->length);
				return NULL;
			}
			table_maps[i].virt = h;
		}
		table_maps[i].refs++;
		return table_maps[i].virt;
	}
	return NULL;
}

void acpi_put_table(const struct acpi_table_header *table)
{
	unsigned int i;

	if (!table)
		return;
	for (i = 0; i < nr_tables; i++) {
		if (table_maps[i].virt != table)
			continue;
		if (WARN_ON(!table_maps[i].refs))
			return;
		if (--table_maps[i].refs == 0) {
			early_memunmap((void *)table, initial_tables[i].length);
			table_maps[i].virt = NULL;
		}
		return;
	}
	WARN(1, "acpi_put_table() of a table not handed out\n");
}

static bool acpi_registry_add(phys_addr_t addr, const char sig[ACPI_NAMESEG_SIZE], u32 length,
			      u8 revision, bool checksum_ok)
{
	struct acpi_table_desc *d;

	if (WARN_ON(nr_tables >= ACPI_MAX_TABLES))
		return false;
	BUG_ON(length < (memcmp(sig, "FACS", 4) ? sizeof(struct acpi_table_header) :
			 ACPI_FACS_MIN_LENGTH));
	BUG_ON(length > ACPI_MAX_TABLE_LENGTH || addr + length < addr);
	d = &initial_tables[nr_tables++];
	d->address = addr;
	d->length = length;
	memcpy(d->signature, sig, ACPI_NAMESEG_SIZE);
	d->revision = revision;
	d->checksum_ok = checksum_ok;
	return true;
}

/*
 * Map the header at @addr, print it, check the length and the checksum of
 * the whole table and register it. @expect (or NULL) is the signature the
 * referrer promised. Returns the registry index or -1 if ignored.
 */
static int acpi_install_table(phys_addr_t addr, const char *expect)
{
	struct acpi_table_header hdr;
	const struct acpi_table_header *map;
	char sig[ACPI_NAMESEG_SIZE + 1];
	bool facs;
	u8 sum;

	if (nr_tables >= ACPI_MAX_TABLES) {
		if (!tables_full_warned)
			pr_warn("more than %d tables, the one at 0x%llx and later ones ignored\n",
				ACPI_MAX_TABLES, (unsigned long long)addr);
		tables_full_warned = true;
		return -1;
	}

	map = early_memremap(addr, sizeof(hdr));
	if (!map) {
		pr_err("table header at 0x%llx cannot be mapped, table ignored\n",
		       (unsigned long long)addr);
		return -1;
	}
	memcpy(&hdr, map, sizeof(hdr));
	early_memunmap((void *)map, sizeof(hdr));

	facs = !memcmp(hdr.signature, "FACS", 4);
	acpi_fix_string(sig, hdr.signature, 4);
	if (expect && memcmp(hdr.signature, expect, ACPI_NAMESEG_SIZE)) {
		pr_err("expected [%s] at 0x%llx, found [%s], table ignored\n",
		       expect, (unsigned long long)addr, sig);
		return -1;
	}

	if (facs)
		pr_info("FACS 0x%016llX %06X\n", (unsigned long long)addr, hdr.length);
	else
		acpi_print_table_header(addr, &hdr);

	if (hdr.length < (facs ? ACPI_FACS_MIN_LENGTH : sizeof(hdr)) ||
	    hdr.length > ACPI_MAX_TABLE_LENGTH || addr + hdr.length < addr) {
		pr_err("[%s] at 0x%llx has an invalid length 0x%X, table ignored\n",
		       sig, (unsigned long long)addr, hdr.length);
		return -1;
	}

	map = early_memremap(addr, hdr.length);
	if (!map) {
		pr_err("[%s] [mem %#010llx-%#010llx] cannot be mapped, table ignored\n",
		       sig, (unsigned long long)addr,
		       (unsigned long long)(addr + hdr.length - 1));
		return -1;
	}
	/* As in ACPICA, the FACS and the S3PT carry no checksum. */
	sum = facs || !memcmp(hdr.signature, "S3PT", 4) ? 0 : acpi_checksum(map, hdr.length);
	early_memunmap((void *)map, hdr.length);
	if (sum)
		acpi_warn_checksum(hdr.signature, hdr.checksum, sum);

	if (!acpi_registry_add(addr, hdr.signature, hdr.length, hdr.revision, sum == 0))
		return -1;
	return (int)nr_tables - 1;
}

/* Read a little-endian field of @size bytes at @off if the table is long enough, else 0. */
static u64 acpi_read_field(const void *table, u32 length, u32 off, u32 size)
{
	u64 v = 0;

	if (off + size > length)
		return 0;
	memcpy(&v, (const u8 *)table + off, size);
	return v;
}

/* The FADT names the DSDT and the FACS; install them right after it, as ACPICA does. */
static void acpi_parse_fadt(int idx)
{
	const struct acpi_table_desc *d = &initial_tables[idx];
	const void *fadt;
	u64 dsdt32, dsdt64, facs32, facs64, dsdt, facs;

	fadt = early_memremap(d->address, d->length);
	if (!fadt) {
		pr_err("FACP at 0x%llx can no longer be mapped\n", (unsigned long long)d->address);
		return;
	}
	facs32 = acpi_read_field(fadt, d->length, ACPI_FADT_OFF_FACS, 4);
	dsdt32 = acpi_read_field(fadt, d->length, ACPI_FADT_OFF_DSDT, 4);
	facs64 = acpi_read_field(fadt, d->length, ACPI_FADT_OFF_XFACS, 8);
	dsdt64 = acpi_read_field(fadt, d->length, ACPI_FADT_OFF_XDSDT, 8);
	early_memunmap((void *)fadt, d->length);

	dsdt = dsdt64 ? dsdt64 : dsdt32;
	if (dsdt32 && dsdt64 && dsdt32 != dsdt64)
		printk(KERN_WARNING "ACPI BIOS Warning (bug): 32/64X DSDT address mismatch in FADT: 0x%08llX/0x%016llX, using 64-bit address\n",
		       (unsigned long long)dsdt32, (unsigned long long)dsdt64);
	facs = facs64 ? facs64 : facs32;

	if (dsdt)
		acpi_install_table(dsdt, "DSDT");
	if (facs)
		acpi_install_table(facs, "FACS");
}

/*
 * Map and check the root table at @addr. Returns the mapping (whole
 * table, *@len bytes) or NULL with a message.
 */
static const struct acpi_table_header *acpi_map_root(phys_addr_t addr, const char *sig, u32 *len)
{
	struct acpi_table_header hdr;
	const struct acpi_table_header *map;
	u8 sum;

	map = early_memremap(addr, sizeof(hdr));
	if (!map) {
		pr_err("%s at 0x%llx cannot be mapped\n", sig, (unsigned long long)addr);
		return NULL;
	}
	memcpy(&hdr, map, sizeof(hdr));
	early_memunmap((void *)map, sizeof(hdr));

	acpi_print_table_header(addr, &hdr);
	if (memcmp(hdr.signature, sig, ACPI_NAMESEG_SIZE)) {
		pr_err("%s at 0x%llx has a bad signature\n", sig, (unsigned long long)addr);
		return NULL;
	}
	if (hdr.length < sizeof(hdr) || hdr.length > ACPI_MAX_TABLE_LENGTH ||
	    addr + hdr.length < addr) {
		pr_err("Invalid table length 0x%X in %s\n", hdr.length, sig);
		return NULL;
	}
	map = early_memremap(addr, hdr.length);
	if (!map) {
		pr_err("%s [mem %#010llx-%#010llx] cannot be mapped\n", sig,
		       (unsigned long long)addr, (unsigned long long)(addr + hdr.length - 1));
		return NULL;
	}
	sum = acpi_checksum(map, hdr.length);
	if (sum)
		acpi_warn_checksum(sig, hdr.checksum, sum);
	*len = hdr.length;
	return map;
}

/* Linux's acpi_tb_parse_root_table(): prefer the XSDT, fall back to the RSDT. */
static int acpi_parse_root_table(const struct acpi_table_rsdp *rsdp)
{
	const struct acpi_table_header *root = NULL;
	u32 len = 0, entry_size = 0, i, count;
	bool fadt_done = false;

	if (rsdp->revision >= 2 && rsdp->xsdt_physical_address) {
		root = acpi_map_root(rsdp->xsdt_physical_address, "XSDT", &len);
		if (root) {
			entry_size = 8;
			root_sig = "XSDT";
		} else if (rsdp->rsdt_physical_address) {
			pr_warn("XSDT unusable, using the RSDT\n");
		}
	}
	if (!root) {
		if (!rsdp->rsdt_physical_address) {
			pr_err("RSDP names no usable root table\n");
			return -ENOENT;
		}
		root = acpi_map_root(rsdp->rsdt_physical_address, "RSDT", &len);
		if (!root)
			return -ENOENT;
		entry_size = 4;
		root_sig = "RSDT";
	}

	count = (len - (u32)sizeof(struct acpi_table_header)) / entry_size;
	for (i = 0; i < count; i++) {
		u64 addr = 0;
		int idx;

		memcpy(&addr, (const u8 *)root + sizeof(struct acpi_table_header) + i * entry_size,
		       entry_size);
		if (!addr)
			continue;
		idx = acpi_install_table(addr, NULL);
		if (idx >= 0 && !fadt_done && !memcmp(initial_tables[idx].signature, "FACP", 4)) {
			fadt_done = true;
			acpi_parse_fadt(idx);
		}
	}
	early_memunmap((void *)root, len);
	return 0;
}

/*
 * Check an RSDP candidate: signature, the 20-byte checksum, and for
 * revision >= 2 the 36-byte extended checksum. @avail bytes are readable.
 */
static bool acpi_rsdp_valid(const void *p, size_t avail)
{
	const struct acpi_table_rsdp *r = p;

	if (avail < ACPI_RSDP_CHECKSUM_LENGTH || memcmp(r->signature, ACPI_SIG_RSDP, 8))
		return false;
	if (acpi_checksum(r, ACPI_RSDP_CHECKSUM_LENGTH))
		return false;
	if (r->revision >= 2 &&
	    (avail < ACPI_RSDP_XCHECKSUM_LENGTH || acpi_checksum(r, ACPI_RSDP_XCHECKSUM_LENGTH)))
		return false;
	return true;
}

/* Validate the RSDP at @phys (mapped on its own); copy it to @out if valid. */
static bool acpi_rsdp_check_at(phys_addr_t phys, struct acpi_table_rsdp *out)
{
	const struct acpi_table_rsdp *p;
	bool ok;
	u8 rev;

	p = early_memremap(phys, ACPI_RSDP_CHECKSUM_LENGTH);
	if (!p)
		return false;
	ok = !memcmp(p->signature, ACPI_SIG_RSDP, 8) &&
	     !acpi_checksum(p, ACPI_RSDP_CHECKSUM_LENGTH);
	rev = p->revision;
	if (ok && rev < 2) {
		memset(out, 0, sizeof(*out));
		memcpy(out, p, ACPI_RSDP_CHECKSUM_LENGTH);
	}
	early_memunmap((void *)p, ACPI_RSDP_CHECKSUM_LENGTH);
	if (!ok || rev < 2)
		return ok;

	p = early_memremap(phys, ACPI_RSDP_XCHECKSUM_LENGTH);
	if (!p)
		return false;
	ok = acpi_rsdp_valid(p, ACPI_RSDP_XCHECKSUM_LENGTH);
	if (ok)
		memcpy(out, p, ACPI_RSDP_XCHECKSUM_LENGTH);
	early_memunmap((void *)p, ACPI_RSDP_XCHECKSUM_LENGTH);
	return ok;
}

/*
 * Look for a valid RSDP in @n mapped bytes @p (physical @base) on 16-byte
 * boundaries. With @match, only an RSDP whose first @match_len bytes equal
 * it counts. Candidates are re-mapped on their own, so one that straddles
 * the end of @p is still checked whole.
 */
static phys_addr_t acpi_scan_mapped(phys_addr_t base, const u8 *p, size_t n,
				    struct acpi_table_rsdp *out, const void *match,
				    size_t match_len)
{
	size_t i;

	for (i = 0; i + 8 <= n; i += ACPI_RSDP_SCAN_STEP) {
		if (memcmp(p + i, ACPI_SIG_RSDP, 8))
			continue;
		if (!acpi_rsdp_check_at(base + i, out))
			continue;
		if (match && memcmp(out, match, match_len))
			continue;
		return base + i;
	}
	return 0;
}

/*
 * Scan [base, base + len) for a valid RSDP, as ACPICA's
 * acpi_tb_scan_memory_for_rsdp(). The window is mapped whole if possible,
 * else page by page, skipping pages that cannot be mapped.
 */
static phys_addr_t acpi_scan_for_rsdp(phys_addr_t base, size_t len, struct acpi_table_rsdp *out,
				      const void *match, size_t match_len)
{
	const u8 *p = early_memremap(base, len);
	phys_addr_t found = 0;
	size_t off;

	if (p) {
		found = acpi_scan_mapped(base, p, len, out, match, match_len);
		early_memunmap((void *)p, len);
		return found;
	}
	for (off = 0; off < len && !found; off += ACPI_SCAN_CHUNK) {
		size_t n = min((size_t)ACPI_SCAN_CHUNK, len - off);

		p = early_memremap(base + off, n);
		if (!p)
			continue;
		found = acpi_scan_mapped(base + off, p, n, out, match, match_len);
		early_memunmap((void *)p, n);
	}
	return found;
}

/* The legacy BIOS places: the first KiB of the EBDA, then 0xE0000-0xFFFFF. */
static phys_addr_t acpi_scan_legacy(struct acpi_table_rsdp *out, const void *match,
				    size_t match_len)
{
	const u8 *p = early_memremap(ACPI_EBDA_PTR_LOCATION, 2);
	phys_addr_t found;

	if (p) {
		phys_addr_t ebda = (phys_addr_t)(p[0] | (p[1] << 8)) << 4;

		early_memunmap((void *)p, 2);
		/* A segment below 0x400 or inside the VGA hole is not an EBDA. */
		if (ebda > 0x400 && ebda + ACPI_EBDA_WINDOW_SIZE <= 0xA0000) {
			found = acpi_scan_for_rsdp(ebda, ACPI_EBDA_WINDOW_SIZE, out, match, match_len);
			if (found)
				return found;
		}
	}
	return acpi_scan_for_rsdp(ACPI_HI_RSDP_WINDOW_BASE, ACPI_HI_RSDP_WINDOW_SIZE, out,
				  match, match_len);
}

/*
 * The RSDP the boot loader copied out (multiboot2 tags, EFI): its signature
 * must be right; a bad checksum is only warned about, since the loader
 * copied what the firmware had. Its physical address, for the log line, is
 * bi->rsdp_phys when the RSDP there matches the copy (UEFI configuration
 * table), else it is looked up in the legacy areas (0 if not there).
 */
static bool acpi_rsdp_from_loader(const struct boot_info *bi, struct acpi_table_rsdp *out,
				  phys_addr_t *phys)
{
	struct acpi_table_rsdp copy, found;
	size_t need;
	u8 sum;

	if (!bi || !bi->rsdp_len)
		return false;
	memset(&copy, 0, sizeof(copy));
	memcpy(&copy, bi->rsdp, min((size_t)bi->rsdp_len, sizeof(copy)));
	if (bi->rsdp_len < ACPI_RSDP_CHECKSUM_LENGTH || memcmp(copy.signature, ACPI_SIG_RSDP, 8)) {
		pr_warn("RSDP handed over by the boot loader is invalid, searching for one\n");
		return false;
	}
	need = copy.revision >= 2 ? ACPI_RSDP_XCHECKSUM_LENGTH : ACPI_RSDP_CHECKSUM_LENGTH;
	if (bi->rsdp_len < need) {
		pr_warn("RSDP handed over by the boot loader is truncated (%u of %zu bytes), using its ACPI 1.0 part\n",
			bi->rsdp_len, need);
		copy.revision = 0;
		need = ACPI_RSDP_CHECKSUM_LENGTH;
	}
	sum = acpi_checksum(&copy, ACPI_RSDP_CHECKSUM_LENGTH);
	if (sum)
		acpi_warn_checksum("RSDP", copy.checksum, sum);
	if (need == ACPI_RSDP_XCHECKSUM_LENGTH) {
		sum = acpi_checksum(&copy, ACPI_RSDP_XCHECKSUM_LENGTH);
		if (sum)
			acpi_warn_checksum("RSDP", copy.extended_checksum, sum);
	}
	*out = copy;
	if (bi->rsdp_phys && acpi_rsdp_check_at(bi->rsdp_phys, &found) &&
	    !memcmp(&found, &copy, need))
		*phys = bi->rsdp_phys;
	else
		*phys = acpi_scan_legacy(&found, &copy, need);
	return true;
}

int acpi_boot_table_init(const struct boot_info *bi)
{
	struct acpi_table_rsdp rsdp;
	phys_addr_t phys = 0;
	unsigned int i;
	int ret;

	acpi_registry_reset();
	if (acpi_disabled)
		return -ENOENT;

	if (!acpi_rsdp_from_loader(bi, &rsdp, &phys)) {
		/* No copy handed over: where the UEFI configuration table says, else the BIOS areas. */
		phys = 0;
		if (bi && bi->rsdp_phys && acpi_rsdp_check_at(bi->rsdp_phys, &rsdp))
			phys = bi->rsdp_phys;
		if (!phys)
			phys = acpi_scan_legacy(&rsdp, NULL, 0);
		if (!phys) {
			pr_info("No RSDP found, ACPI not available\n");
			return -ENOENT;
		}
	}
	rsdp_phys = phys;
	acpi_print_rsdp(phys, &rsdp);

	ret = acpi_parse_root_table(&rsdp);
	if (ret)
		return ret;

	for (i = 0; i < nr_tables; i++) {
		const struct acpi_table_desc *d = &initial_tables[i];
		char sig[5];

		acpi_fix_string(sig, d->signature, 4);
		pr_info("Reserving %4.4s table memory at [mem 0x%llx-0x%llx]\n", sig,
			(unsigned long long)d->address,
			(unsigned long long)(d->address + d->length - 1));
		memblock_reserve(d->address, d->length);
	}
	return 0;
}

int acpi_walk_subtables(const struct acpi_table_header *table, size_t table_len,
			size_t hdr_size, acpi_subtable_handler handler, void *ctx)
{
	char sig[ACPI_NAMESEG_SIZE + 1];
	size_t off;
	int count = 0;

	acpi_fix_string(sig, table->signature, ACPI_NAMESEG_SIZE);
	if (table_len < hdr_size) {
		pr_err("[%s] table too short (%zu bytes) for its %zu-byte header, ignored\n",
		       sig, table_len, hdr_size);
		return -EINVAL;
	}
	/*
	 * Pass 1: the whole chain must be well-formed before any entry is
	 * used. As in Linux, a last entry of just a subtable header is not
	 * looked at.
	 */
	for (off = hdr_size; off + sizeof(struct acpi_subtable_header) < table_len;) {
		const struct acpi_subtable_header *e = (const void *)((const u8 *)table + off);

		if (e->length == 0) {
			pr_err("[%s:0x%02x] Invalid zero length\n", sig, e->type);
			return -EINVAL;
		}
		if (e->length > table_len - off) {
			pr_err("[%s:0x%02x] subtable at offset 0x%zx (length %u) runs past the end of the table (0x%zx), table ignored\n",
			       sig, e->type, off, e->length, table_len);
			return -EINVAL;
		}
		off += e->length;
		count++;
	}
	/* Pass 2: every entry lies inside the table. */
	for (off = hdr_size; off + sizeof(struct acpi_subtable_header) < table_len;) {
		const struct acpi_subtable_header *e = (const void *)((const u8 *)table + off);
		int rc;

		BUG_ON(e->length == 0 || e->length > table_len - off);
		if (handler) {
			rc = handler(e, e->length, ctx);
			if (rc)
				return rc;
		}
		off += e->length;
	}
	return count;
}

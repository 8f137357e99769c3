/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fake physical memory for hosted tests and fuzzers: the hosted
 * early_memremap() (asm/early_map.h) maps only what a test registered here.
 *
 * Each successful early_memremap() returns a fresh heap copy of exactly the
 * requested bytes, so a parser that reads past what it mapped is caught by
 * AddressSanitizer, and one that forgets early_memunmap() shows up in
 * fake_phys_outstanding(). A request that is not wholly inside one region
 * fails (NULL), like a range the kernel cannot map.
 */
#ifndef NB_TESTS_FAKE_PHYS_H
#define NB_TESTS_FAKE_PHYS_H

#include <kernel/types.h>

#define FAKE_PHYS_MAX_REGIONS	16
#define FAKE_PHYS_MAX_MAPPINGS	64	/* more simultaneous mappings fail, like exhausted slots */

/* Forget every region (buffers stay the caller's). Outstanding mappings are reported and freed. */
void fake_phys_reset(void);

/*
 * Make [phys, phys + len) readable, backed by @buf (not copied: later
 * changes to @buf show in later mappings). Returns 0, or -1 if the table
 * is full, @len is 0, the range wraps or overlaps a registered region.
 */
int fake_phys_add(phys_addr_t phys, const void *buf, size_t len);

/* Mappings handed out and not yet unmapped. */
unsigned int fake_phys_outstanding(void);
/* Total successful early_memremap() calls since the last reset. */
unsigned long fake_phys_map_count(void);
/* Calls to early_memunmap() with a pointer or size that did not match a mapping. */
unsigned long fake_phys_bad_unmaps(void);

/*
 * A fake PC firmware image on top of fake physical memory: low memory
 * [0, 1 MiB) (BIOS data area, EBDA pointer at 0x40E, the 0xE0000 window)
 * and an ACPI area at FAKE_ACPI_BASE, both zeroed by fake_fw_reset().
 * Tables are placed back to back in the ACPI area without alignment, as
 * QEMU does.
 */
#define FAKE_LOW_SIZE		0x100000u
#define FAKE_ACPI_BASE		0x7FFE0000ULL
#define FAKE_ACPI_SIZE		0x20000u
#define FAKE_RSDP_ADDR		0xF59D0ULL	/* where SeaBIOS puts it */

void fake_fw_reset(void);
unsigned char *fake_fw_low(void);		/* physical 0 */
unsigned char *fake_fw_acpi(phys_addr_t phys);	/* pointer to an address in the ACPI area */

/* A table under construction. */
struct fake_table {
	unsigned char b[16384];	/* an SRAT of NR_NODE_MEMBLKS + 1 memory entries fits */
	unsigned int len;
};

/* Start @t with a header (signature, revision, BOCHS/BXPC ids) and @hdr_size - 36 zero bytes. */
void fake_table_start(struct fake_table *t, const char *sig, unsigned char rev,
		      unsigned int hdr_size);
void fake_table_put(struct fake_table *t, const void *p, unsigned int n);
/* MADT entries */
void fake_madt_lapic(struct fake_table *t, unsigned char uid, unsigned char apicid, unsigned int flags);
void fake_madt_x2apic(struct fake_table *t, unsigned int uid, unsigned int apicid, unsigned int flags);
/* SRAT entries (flags: 1 enabled, 2 hotplug, 4 non-volatile) */
void fake_srat_cpu(struct fake_table *t, unsigned int pxm, unsigned char apicid, unsigned int flags);
void fake_srat_x2apic(struct fake_table *t, unsigned int pxm, unsigned int apicid, unsigned int flags);
void fake_srat_mem(struct fake_table *t, unsigned int pxm, unsigned long long base,
		   unsigned long long len, unsigned int flags);
/* HMAT structures (start the table with fake_table_start(t, "HMAT", rev, 40)) */
void fake_hmat_proximity(struct fake_table *t, unsigned int flags, unsigned int proc_pd,
			 unsigned int mem_pd);
/* @entries: @ipds rows of @tpds */
void fake_hmat_locality(struct fake_table *t, unsigned int flags, unsigned int type,
			unsigned long long base, unsigned int ipds, const unsigned int *inits,
			unsigned int tpds, const unsigned int *targs, const unsigned short *entries);
void fake_hmat_cache(struct fake_table *t, unsigned int mem_pd, unsigned long long size,
		     unsigned int attrs);
/*
 * The tables QEMU 7.2 builds for tests/machines/hmat-cxl.machine (768 MiB:
 * nodes of 256, 256, 128 and 128 MiB, CPUs 0 and 1 on nodes 0 and 1): its
 * SRAT, and its HMAT (revision 2, latencies 10/20/40/60 ns in units of
 * 10000 ps, bandwidths 20/10/5/4 GiB/s in units of 1024 MB/s).
 */
void fake_srat_qemu_cxl(struct fake_table *t);
void fake_hmat_qemu_cxl(struct fake_table *t);
/* A SLIT of @n localities from a row-major matrix. */
void fake_slit(struct fake_table *t, unsigned int n, const unsigned char *matrix);

/*
 * Copy @t into the ACPI area: its header's length is set to t->len unless
 * @length is non-zero (then @length is written as is, for bad lengths),
 * and its checksum is made right if @fix_checksum. Returns its address.
 */
phys_addr_t fake_acpi_install(struct fake_table *t, unsigned int length, bool fix_checksum);
/* Same for raw bytes (fuzzers): copied as they are, at most the room left. */
phys_addr_t fake_acpi_install_raw(const void *p, size_t len);

/* FACS + DSDT + a revision-1 FADT pointing at them; returns the FADT. */
phys_addr_t fake_acpi_fadt(void);
/* Root tables listing @n addresses. */
phys_addr_t fake_acpi_rsdt(const phys_addr_t *tables, unsigned int n);
phys_addr_t fake_acpi_xsdt(const phys_addr_t *tables, unsigned int n);
/* Write an RSDP at @at (in low memory) with correct checksums; rev 0 or 2. */
void fake_acpi_rsdp(phys_addr_t at, unsigned char rev, phys_addr_t rsdt, phys_addr_t xsdt);

/* Bytes of the ACPI area used so far. */
unsigned int fake_acpi_used(void);

enum fake_root { FAKE_RSDT_ONLY, FAKE_XSDT_ONLY, FAKE_RSDT_AND_XSDT };
/*
 * A whole firmware: fake_fw_reset(), FADT/DSDT/FACS, @tables (already
 * installed) listed after the FADT, root table(s) and an RSDP at
 * FAKE_RSDP_ADDR (revision 0 for FAKE_RSDT_ONLY, else 2).
 * Call fake_fw_reset() and install tables first; this does not reset.
 */
void fake_acpi_firmware(const phys_addr_t *tables, unsigned int n, enum fake_root root);

/* Install a MADT (revision 1) of @nr_cpus enabled local APICs, UIDs and APIC ids 0, 1, ...; returns its address. */
phys_addr_t fake_acpi_madt_cpus(unsigned int nr_cpus);

struct boot_info;
/*
 * The ACPI part of a boot up to NUMA discovery: fake_acpi_firmware(@tables,
 * @n, FAKE_RSDT_ONLY), acpi_boot_table_init(@bi), then acpi_parse_madt(0)
 * (no boot CPU to put first) whatever the first found. Returns -1 if
 * acpi_boot_table_init() failed, else what acpi_parse_madt() returned.
 */
int fake_acpi_boot(const phys_addr_t *tables, unsigned int n, const struct boot_info *bi);

/*
 * memblock as Linux has it after the e820 trims on QEMU's i440fx with @mb
 * MiB of RAM: [4 KiB, 636 KiB), [1 MiB, low - 128 KiB) (SeaBIOS keeps the
 * top 128 KiB for ACPI) and the rest from 4 GiB, where low is @mb, or
 * 3 GiB from 3.5 GiB on.
 */
void fake_ram_qemu(unsigned int mb);

/*
 * After x86_numa_init(): NULL if memblock and the registered topology
 * agree (every memory region lies inside one range and carries its node,
 * or inside none and carries NUMA_NO_NODE), else what is wrong.
 */
const char *fake_numa_check(void);

/*
 * Fuzzers: if the environment names a seed directory (NB_FUZZ_SEED_DIR,
 * set by mk/fuzz.mk) and it holds no file called @name yet, write @len
 * bytes there. Lets each fuzzer describe its starting corpus in C, built
 * with the helpers above.
 */
void fake_fuzz_seed(const char *name, const void *data, size_t len);

#endif

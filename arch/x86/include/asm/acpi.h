/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Early ACPI: finding the RSDP, walking the RSDT/XSDT, and the tables the
 * memory layer needs (MADT, SRAT, SLIT), as Linux's early boot does it.
 *
 * Firmware tables are never trusted: every table is reached through
 * early_memremap() (asm/early_map.h), its 36-byte header first, then its
 * whole length, and every subtable is checked against the end of the table
 * before a field of it is read. Bad input is logged and the table (or the
 * affected part) is ignored; nothing here panics on firmware data.
 *
 * Boot-path order (see also asm/numa.h):
 *	acpi_boot_table_init(&boot_info);  tables found, printed, reserved
 *	acpi_parse_madt(boot_apicid);      CPUs (quiet, also done lazily)
 *	x86_numa_init();                   SRAT/SLIT -> NUMA topology
 *	acpi_boot_init();                  Linux's later MADT/smpboot lines
 */
#ifndef NB_ASM_ACPI_H
#define NB_ASM_ACPI_H

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <arch/boot.h>
#include <mm/numa.h>

/* ---- table layouts (ACPI 6.x), little-endian, byte-packed ---- */

#define ACPI_NAMESEG_SIZE	4
#define ACPI_OEM_ID_SIZE	6
#define ACPI_OEM_TABLE_ID_SIZE	8

struct acpi_table_header {
	char signature[ACPI_NAMESEG_SIZE];
	u32 length;			/* of the whole table, header included */
	u8 revision;
	u8 checksum;			/* all bytes of the table sum to 0 */
	char oem_id[ACPI_OEM_ID_SIZE];
	char oem_table_id[ACPI_OEM_TABLE_ID_SIZE];
	u32 oem_revision;
	char asl_compiler_id[ACPI_NAMESEG_SIZE];
	u32 asl_compiler_revision;
} __packed;
_Static_assert(sizeof(struct acpi_table_header) == 36, "ACPI table header is 36 bytes");

#define ACPI_SIG_RSDP		"RSD PTR "
#define ACPI_RSDP_CHECKSUM_LENGTH	20	/* ACPI 1.0 part */
#define ACPI_RSDP_XCHECKSUM_LENGTH	36	/* whole ACPI 2.0+ structure */

struct acpi_table_rsdp {
	char signature[8];
	u8 checksum;			/* over the first 20 bytes */
	char oem_id[ACPI_OEM_ID_SIZE];
	u8 revision;			/* 0: ACPI 1.0 (20 bytes, RSDT only); >= 2: 36 bytes */
	u32 rsdt_physical_address;
	u32 length;			/* revision >= 2 */
	u64 xsdt_physical_address;	/* revision >= 2 */
	u8 extended_checksum;		/* over all 36 bytes */
	u8 reserved[3];
} __packed;
_Static_assert(sizeof(struct acpi_table_rsdp) == 36, "RSDP is 36 bytes");

/* The FACS has no standard header: only these two fields are common. */
struct acpi_table_facs_head {
	char signature[ACPI_NAMESEG_SIZE];
	u32 length;
} __packed;

/* FADT fields used here, as offsets: older (shorter) FADTs lack the later ones. */
#define ACPI_FADT_OFF_FACS	36	/* u32 FIRMWARE_CTRL */
#define ACPI_FADT_OFF_DSDT	40	/* u32 DSDT */
#define ACPI_FADT_OFF_XFACS	132	/* u64 X_FIRMWARE_CTRL */
#define ACPI_FADT_OFF_XDSDT	140	/* u64 X_DSDT */

struct acpi_subtable_header {
	u8 type;
	u8 length;			/* of the whole subtable; 0 is invalid */
} __packed;

/* MADT ("APIC") */
struct acpi_table_madt {
	struct acpi_table_header header;
	u32 address;			/* local APIC physical address */
	u32 flags;
} __packed;
_Static_assert(sizeof(struct acpi_table_madt) == 44, "MADT header is 44 bytes");

enum acpi_madt_type {
	ACPI_MADT_TYPE_LOCAL_APIC = 0,
	ACPI_MADT_TYPE_LOCAL_X2APIC = 9,
};
#define ACPI_MADT_ENABLED		0x1
#define ACPI_MADT_ONLINE_CAPABLE	0x2	/* MADT revision >= 5 */

struct acpi_madt_local_apic {
	struct acpi_subtable_header header;
	u8 processor_id;
	u8 id;
	u32 lapic_flags;
} __packed;
_Static_assert(sizeof(struct acpi_madt_local_apic) == 8, "MADT LAPIC entry is 8 bytes");

struct acpi_madt_local_x2apic {
	struct acpi_subtable_header header;
	u16 reserved;
	u32 local_apic_id;
	u32 lapic_flags;
	u32 uid;
} __packed;
_Static_assert(sizeof(struct acpi_madt_local_x2apic) == 16, "MADT x2APIC entry is 16 bytes");

/* SRAT */
struct acpi_table_srat {
	struct acpi_table_header header;
	u32 table_revision;		/* must be 1 */
	u64 reserved;
} __packed;
_Static_assert(sizeof(struct acpi_table_srat) == 48, "SRAT header is 48 bytes");

enum acpi_srat_type {
	ACPI_SRAT_TYPE_CPU_AFFINITY = 0,
	ACPI_SRAT_TYPE_MEMORY_AFFINITY = 1,
	ACPI_SRAT_TYPE_X2APIC_CPU_AFFINITY = 2,
};
#define ACPI_SRAT_CPU_ENABLED		0x1
#define ACPI_SRAT_MEM_ENABLED		0x1
#define ACPI_SRAT_MEM_HOT_PLUGGABLE	0x2
#define ACPI_SRAT_MEM_NON_VOLATILE	0x4

struct acpi_srat_cpu_affinity {
	struct acpi_subtable_header header;
	u8 proximity_domain_lo;
	u8 apic_id;
	u32 flags;
	u8 local_sapic_eid;
	u8 proximity_domain_hi[3];	/* bits 8..31 of the PXM, SRAT revision >= 2 */
	u32 clock_domain;
} __packed;
_Static_assert(sizeof(struct acpi_srat_cpu_affinity) == 16, "SRAT CPU entry is 16 bytes");

struct acpi_srat_mem_affinity {
	struct acpi_subtable_header header;
	u32 proximity_domain;		/* only the low 8 bits for SRAT revision 1 */
	u16 reserved;
	u64 base_address;
	u64 length;
	u32 reserved1;
	u32 flags;
	u64 reserved2;
} __packed;
_Static_assert(sizeof(struct acpi_srat_mem_affinity) == 40, "SRAT memory entry is 40 bytes");

struct acpi_srat_x2apic_cpu_affinity {
	struct acpi_subtable_header header;
	u16 reserved;
	u32 proximity_domain;
	u32 apic_id;
	u32 flags;
	u32 clock_domain;
	u32 reserved2;
} __packed;
_Static_assert(sizeof(struct acpi_srat_x2apic_cpu_affinity) == 24, "SRAT x2APIC entry is 24 bytes");

/* SLIT */
struct acpi_table_slit {
	struct acpi_table_header header;
	u64 locality_count;
	u8 entry[];			/* locality_count * locality_count bytes */
} __packed;
_Static_assert(sizeof(struct acpi_table_slit) == 44, "SLIT header is 44 bytes");

/* HMAT (ACPI 6.3+: revision 2; ACPI 6.2: revision 1) */
struct acpi_table_hmat {
	struct acpi_table_header header;
	u32 reserved;
} __packed;
_Static_assert(sizeof(struct acpi_table_hmat) == 40, "HMAT header is 40 bytes");

/* Every HMAT structure starts so: a 16-bit type and a 32-bit length. */
struct acpi_hmat_structure {
	u16 type;
	u16 reserved;
	u32 length;			/* of the whole structure; 0 is invalid */
} __packed;

enum acpi_hmat_type {
	ACPI_HMAT_TYPE_PROXIMITY = 0,	/* Memory Proximity Domain Attributes */
	ACPI_HMAT_TYPE_LOCALITY = 1,	/* System Locality Latency and Bandwidth Information */
	ACPI_HMAT_TYPE_CACHE = 2,	/* Memory Side Cache Information */
	ACPI_HMAT_TYPE_RESERVED = 3,
};

struct acpi_hmat_proximity_domain {
	struct acpi_hmat_structure header;
	u16 flags;
	u16 reserved1;
	u32 processor_PD;		/* the attached initiator */
	u32 memory_PD;
	u32 reserved2;
	u64 reserved3;			/* revision 1: the range's base */
	u64 reserved4;			/* revision 1: its length */
} __packed;
_Static_assert(sizeof(struct acpi_hmat_proximity_domain) == 40, "HMAT proximity structure is 40 bytes");
#define ACPI_HMAT_PROCESSOR_PD_VALID	0x1
#define ACPI_HMAT_MEMORY_PD_VALID	0x2	/* revision 1 only */

struct acpi_hmat_locality {
	struct acpi_hmat_structure header;
	u8 flags;			/* bits 0-3: the memory hierarchy */
	u8 data_type;
	u8 min_transfer_size;
	u8 reserved1;
	u32 number_of_initiator_Pds;
	u32 number_of_target_Pds;
	u32 reserved2;
	u64 entry_base_unit;
	/* u32 initiators[ipds], u32 targets[tpds], u16 entries[ipds][tpds] */
} __packed;
_Static_assert(sizeof(struct acpi_hmat_locality) == 32, "HMAT locality structure header is 32 bytes");
#define ACPI_HMAT_MEMORY_HIERARCHY	0x0f
#define ACPI_HMAT_MEMORY		0
enum {
	ACPI_HMAT_ACCESS_LATENCY = 0,
	ACPI_HMAT_READ_LATENCY = 1,
	ACPI_HMAT_WRITE_LATENCY = 2,
	ACPI_HMAT_ACCESS_BANDWIDTH = 3,
	ACPI_HMAT_READ_BANDWIDTH = 4,
	ACPI_HMAT_WRITE_BANDWIDTH = 5,
};

struct acpi_hmat_cache {
	struct acpi_hmat_structure header;
	u32 memory_PD;
	u32 reserved1;
	u64 cache_size;
	u32 cache_attributes;
	u16 address_mode;		/* reserved before ACPI 6.5 */
	u16 number_of_SMBIOShandles;
	/* u16 handles[] */
} __packed;
_Static_assert(sizeof(struct acpi_hmat_cache) == 32, "HMAT cache structure is 32 bytes");
#define ACPI_HMAT_CACHE_LEVEL		0x000000f0
#define ACPI_HMAT_CACHE_ASSOCIATIVITY	0x00000f00
#define ACPI_HMAT_WRITE_POLICY		0x0000f000
#define ACPI_HMAT_CACHE_LINE_SIZE	0xffff0000
#define ACPI_HMAT_CA_DIRECT_MAPPED	1
#define ACPI_HMAT_CA_COMPLEX_CACHE_INDEXING 2
#define ACPI_HMAT_CP_WB			1
#define ACPI_HMAT_CP_WT			2

/* ---- the table registry ---- */

#define ACPI_MAX_TABLES		128
/*
 * Longest table accepted. ACPI allows 4 GiB, but a length beyond this is a
 * corrupt header far more often than a real table, and mapping it early
 * would fail anyway.
 */
#define ACPI_MAX_TABLE_LENGTH	(16u << 20)

struct acpi_table_desc {
	phys_addr_t address;
	u32 length;			/* >= 36, except the FACS (>= 8) */
	char signature[ACPI_NAMESEG_SIZE];
	u8 revision;
	bool checksum_ok;		/* a bad checksum was warned about, the table is kept */
};

/* Set by acpi=off: no table is looked at. */
extern bool acpi_disabled;

/*
 * Find the RSDP (boot_info's copy first, then the EBDA and the BIOS area),
 * walk the XSDT (revision >= 2 with a usable address) or else the RSDT,
 * print Linux's "ACPI: XXXX 0x... (v..)" lines, follow the FADT to the DSDT
 * and FACS, then print "ACPI: Reserving XXXX table memory at [mem ...]"
 * and memblock_reserve() every registered table.
 * Returns 0, or -ENOENT (no usable RSDP/root table; ACPI is then absent).
 * Resets the registry first, so it may be called again (tests).
 */
int acpi_boot_table_init(const struct boot_info *bi);

/*
 * The @instance'th (0-based) registered table with signature @sig, mapped
 * in full, or NULL. Its header's length is the mapped length (a table whose
 * length changed since registration is refused). Each non-NULL result must
 * be released with acpi_put_table().
 */
const struct acpi_table_header *acpi_get_table(const char sig[ACPI_NAMESEG_SIZE],
					       unsigned int instance);
void acpi_put_table(const struct acpi_table_header *table);

/* Registry introspection (tests, dumps). */
unsigned int acpi_table_count(void);
const struct acpi_table_desc *acpi_table_desc(unsigned int idx);
phys_addr_t acpi_rsdp_address(void);	/* 0 if none (or unknown for a loader copy) */
/* Signature of the root table in use: "XSDT", "RSDT", or NULL. */
const char *acpi_root_table(void);

/* Sum of @len bytes modulo 256 (0 for a valid ACPI checksum). */
u8 acpi_checksum(const void *buf, size_t len);

/*
 * Walk the subtables of @table (mapped, @table_len bytes valid) that start
 * @hdr_size bytes in. First validates the whole chain: a subtable with a
 * zero length or one running past the end of the table rejects the table
 * with a message naming @table's signature; then calls @handler for each
 * subtable in order, stopping at the first non-zero return (returned).
 * Returns the number of subtables, or -EINVAL if the table was rejected.
 */
typedef int (*acpi_subtable_handler)(const struct acpi_subtable_header *entry,
				     size_t avail, void *ctx);
int acpi_walk_subtables(const struct acpi_table_header *table, size_t table_len,
			size_t hdr_size, acpi_subtable_handler handler, void *ctx);

/* ---- MADT: the CPUs ---- */

struct acpi_madt_cpus {
	bool from_madt;			/* false: no usable MADT, a single boot CPU assumed */
	unsigned int nr_cpus;		/* present CPUs: logical ids 0 .. nr_cpus - 1 */
	u32 apicid[NR_CPUS];		/* logical CPU -> APIC id; the boot CPU is 0 */
	unsigned int disabled_cpus;	/* usable but not present (hotplug), not listed */
	u32 lapic_address;
};

/*
 * Parse the MADT's local APIC and x2APIC entries in table order, as Linux's
 * acpi_parse_madt_lapic_entries(). Enabled entries become present CPUs (the
 * one whose APIC id is @boot_apicid gets logical id 0; a negative
 * @boot_apicid keeps table order); disabled entries that may be onlined
 * count as hotplug CPUs. Without a usable MADT the result is one CPU with
 * APIC id max(@boot_apicid, 0). Quiet except for errors; the result is kept
 * for acpi_madt_cpus() and acpi_boot_init().
 */
int acpi_parse_madt(int boot_apicid);
/* Forget the parsed CPU list (acpi_boot_table_init() does, tables may differ). */
void acpi_madt_reset(void);
/* The parsed CPU list (parsed on first use with boot APIC id 0). */
const struct acpi_madt_cpus *acpi_madt_cpus(void);
/*
 * Linux's later lines: "ACPI: Using ACPI (MADT) for SMP configuration
 * information" and "smpboot: Allowing %d CPUs, %d hotplug CPUs".
 */
void acpi_boot_init(void);

/* ---- SRAT/SLIT (arch/x86/fw/srat.c), used by x86_numa_init() ---- */

#define MAX_PXM_DOMAINS		256	/* PXMs were 8-bit in ACPI 1.0; node ids go further */

/*
 * Linux's acpi_numa_init(): processor affinity (APIC and x2APIC) first, then
 * memory affinity, into the NUMA meminfo (asm/numa.h); then the SLIT.
 * Returns 0, -ENOENT if no memory affinity was taken, -EINVAL if the SRAT
 * was rejected (srat_disabled() is then also true).
 */
int acpi_numa_init(void);
/* Linux's x86_acpi_numa_init(): acpi_numa_init(), and fails if the SRAT was rejected. */
int x86_acpi_numa_init(void);
bool srat_disabled(void);
/* Mark the SRAT unusable with Linux's "ACPI: SRAT: SRAT not used." */
void bad_srat(void);
/* numa=noacpi, and its undoing (numa_reset_options()) */
void disable_srat(void);
void srat_reset_option(void);
/* PXM -> node as assigned so far (NUMA_NO_NODE if none). */
int pxm_to_node(int pxm);
int node_to_pxm(int node);
/*
 * Linux's acpi_map_pxm_to_node(): a new PXM gets the lowest node id not yet
 * used (so ids follow first appearance); NUMA_NO_NODE when the PXM is out of
 * range or all MAX_NUMNODES ids are taken.
 */
int acpi_map_pxm_to_node(int pxm);
/* Forget PXM mappings and SRAT state (start of x86_numa_init, tests). */
void acpi_numa_reset(void);

/* ---- HMAT (arch/x86/fw/hmat.c) ---- */

/*
 * Linux's hmat_init(): once the NUMA topology is installed, the SRAT's
 * memory ranges become targets, the HMAT's structures are parsed with Linux
 * 6.1's lines and checks ("acpi/hmat: ..."), and every target on an online
 * node gets its access0/access1 attributes, initiators and memory-side
 * caches (include/mm/node.h). A malformed table is reported and ignored as a
 * whole ("acpi/hmat: Ignoring: Invalid table"), as Linux does; the log
 * lines of the structures before the bad one stay. Does nothing without an
 * SRAT in use, with numa=nohmat, or without an HMAT. Resets the node
 * attributes first, so it may be called again (tests).
 */
void hmat_init(void);
/* numa=nohmat, and its undoing (numa_reset_options()) */
void disable_hmat(void);
void hmat_reset_option(void);

#endif

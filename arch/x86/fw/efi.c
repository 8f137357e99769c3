// SPDX-License-Identifier: GPL-2.0-only
/*
 * The UEFI system table and its configuration table, read as Linux's
 * efi_init() / efi_systab_init() / efi_config_parse_tables() read them on
 * x86 (Linux 6.1's messages), for the firmware's identity in the log and
 * for the RSDP's physical address. See asm/efi.h for the contract.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <lib/string.h>
#include <arch/boot.h>
#include <asm/early_map.h>
#include <asm/efi.h>

struct efi_info efi;

struct efi_guid {
	u32 d1;
	u16 d2, d3;
	u8 d4[8];
};
_Static_assert(sizeof(struct efi_guid) == 16, "EFI_GUID is 16 bytes");

static const struct {
	struct efi_guid guid;
	const char *name;		/* as Linux's common_tables names it */
} efi_tables[EFI_NR_TABLE_KINDS] = {
	[EFI_TABLE_ACPI20] = { { 0x8868e871, 0xe4f1, 0x11d3,
		{ 0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81 } }, "ACPI 2.0" },
	[EFI_TABLE_ACPI] = { { 0xeb9d2d30, 0x2d88, 0x11d3,
		{ 0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d } }, "ACPI" },
	[EFI_TABLE_SMBIOS] = { { 0xeb9d2d31, 0x2d88, 0x11d3,
		{ 0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d } }, "SMBIOS" },
	[EFI_TABLE_SMBIOS3] = { { 0xf2fd1544, 0x9794, 0x4a2c,
		{ 0x99, 0x2e, 0xe5, 0xbb, 0xcf, 0x20, 0xe3, 0x94 } }, "SMBIOS 3.0" },
	[EFI_TABLE_ESRT] = { { 0xb122a263, 0x3661, 0x4f68,
		{ 0x99, 0x29, 0x78, 0xf8, 0xb0, 0xd6, 0x21, 0x80 } }, "ESRT" },
	[EFI_TABLE_MEMATTR] = { { 0xdcfa911d, 0x26eb, 0x469f,
		{ 0xa2, 0x20, 0x38, 0xb7, 0xdc, 0x46, 0x12, 0x20 } }, "MEMATTR" },
	[EFI_TABLE_RTPROP] = { { 0xeb66918a, 0x7eef, 0x402a,
		{ 0x84, 0x2e, 0x93, 0x1d, 0x21, 0xc3, 0x8a, 0xe9 } }, "RTPROP" },
	[EFI_TABLE_TPM_FINAL_LOG] = { { 0x1e2ed096, 0x30e2, 0x4254,
		{ 0xbd, 0x89, 0x86, 0x3b, 0xbe, 0xf8, 0x23, 0x25 } }, "TPMFinalLog" },
};

const char *efi_table_name(enum efi_table_kind kind)
{
	return kind < EFI_NR_TABLE_KINDS ? efi_tables[kind].name : "?";
}

/* EFI_SYSTEM_TABLE (64-bit) fields used here, as offsets. */
#define SYSTAB_OFF_SIGNATURE	0
#define SYSTAB_OFF_REVISION	8
#define SYSTAB_OFF_HEADER_SIZE	12
#define SYSTAB_OFF_FW_VENDOR	24
#define SYSTAB_OFF_NR_TABLES	104
#define SYSTAB_OFF_TABLES	112

/*
 * The firmware vendor: UCS-2 at @phys, narrowed as Linux narrows it (at most
 * 99 characters); "unknown" if not even its first character is readable.
 * Mapped a character at a time: the string may end just before unmappable
 * memory.
 */
static void efi_read_vendor(u64 phys, char *out)
{
	size_t i;

	strscpy(out, "unknown", EFI_VENDOR_MAX);
	for (i = 0; phys && i < EFI_VENDOR_MAX - 1; i++) {
		const u16 *c = early_memremap(phys + 2 * i, sizeof(u16));
		u16 ch;

		if (!c)
			break;
		ch = *c;
		early_memunmap((void *)c, sizeof(u16));
		if (!ch)
			break;
		out[i] = (char)ch;
	}
	if (i)
		out[i] = '\0';
}

static int efi_parse_config_tables(u64 phys, u64 count)
{
	const u8 *map;
	size_t len;

	if (!count)
		return 0;
	if (count > EFI_CONFIG_TABLES_MAX) {
		pr_err("efi: %llu configuration tables is not believable; ignoring them\n",
		       (unsigned long long)count);
		return -EINVAL;
	}
	len = (size_t)count * EFI_CONFIG_TABLE_SIZE_64;
	map = phys ? early_memremap(phys, len) : NULL;
	if (!map) {
		pr_err("efi: Could not map Config Table!\n");
		return -ENOMEM;
	}
	pr_info("efi: ");
	for (u64 i = 0; i < count; i++) {
		struct efi_guid guid;
		u64 table;

		memcpy(&guid, map + i * EFI_CONFIG_TABLE_SIZE_64, sizeof(guid));
		memcpy(&table, map + i * EFI_CONFIG_TABLE_SIZE_64 + 16, sizeof(table));
		for (unsigned int k = 0; k < EFI_NR_TABLE_KINDS; k++) {
			if (memcmp(&guid, &efi_tables[k].guid, sizeof(guid)))
				continue;
			/* A GUID listed twice keeps its first entry. */
			if (!efi.table[k]) {
				efi.table[k] = table;
				efi.order[efi.nr_named++] = (u8)k;
				pr_cont("%s=0x%llx ", efi_tables[k].name, (unsigned long long)table);
			}
			break;
		}
	}
	pr_cont("\n");
	early_memunmap((void *)map, len);
	return 0;
}

int efi_init(struct boot_info *bi)
{
	const u8 *st;
	u64 sig, vendor, nr_tables, tables;
	u32 hdr_size;
	int ret;

	memset(&efi, 0, sizeof(efi));
	if (!bi->efi_systab)
		return -ENOENT;
	efi.systab = bi->efi_systab;
	st = early_memremap(bi->efi_systab, EFI_SYSTAB_SIZE_64);
	if (!st) {
		pr_err("efi: Failed to map the EFI system table at 0x%llx\n",
		       (unsigned long long)bi->efi_systab);
		return -EINVAL;
	}
	memcpy(&sig, st + SYSTAB_OFF_SIGNATURE, 8);
	memcpy(&efi.revision, st + SYSTAB_OFF_REVISION, 4);
	memcpy(&hdr_size, st + SYSTAB_OFF_HEADER_SIZE, 4);
	memcpy(&vendor, st + SYSTAB_OFF_FW_VENDOR, 8);
	memcpy(&nr_tables, st + SYSTAB_OFF_NR_TABLES, 8);
	memcpy(&tables, st + SYSTAB_OFF_TABLES, 8);
	early_memunmap((void *)st, EFI_SYSTAB_SIZE_64);

	if (sig != EFI_SYSTEM_TABLE_SIGNATURE) {
		pr_err("efi: System table signature incorrect!\n");
		return -EINVAL;
	}
	if (hdr_size < EFI_SYSTAB_SIZE_64) {
		pr_err("efi: System table header size %u is smaller than a 64-bit system table (%u); ignoring it\n",
		       hdr_size, EFI_SYSTAB_SIZE_64);
		return -EINVAL;
	}
	if ((efi.revision >> 16) < 1)
		pr_err("efi: Warning: System table version %u.%02u, expected 1.00 or greater!\n",
		       efi.revision >> 16, efi.revision & 0xffff);
	efi.present = true;
	efi.nr_tables = nr_tables;
	efi_read_vendor(vendor, efi.vendor);
	pr_info("efi: EFI v%u.%02u by %s\n", efi.revision >> 16, efi.revision & 0xffff,
		efi.vendor);

	ret = efi_parse_config_tables(tables, nr_tables);
	if (ret)
		return ret;
	bi->rsdp_phys = efi.table[EFI_TABLE_ACPI20] ? efi.table[EFI_TABLE_ACPI20] :
			efi.table[EFI_TABLE_ACPI];
	return 0;
}

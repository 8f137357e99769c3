/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The UEFI system table, when the boot path hands one over (multiboot2 tag
 * 12: numabuddy's BOOTX64.EFI, or GRUB on UEFI). After ExitBootServices only
 * its header, the firmware vendor and the configuration table mean
 * anything; those are what Linux's efi_init() reads on x86, and so does
 * efi_init() here:
 *
 *	e820__memory_setup(); ... e820__finish_early_params();
 *	efi_init(&boot_info);	"efi: EFI v2.70 by EDK II", the tables line,
 *				and boot_info.rsdp_phys from the ACPI 2.0
 *				(else 1.0) configuration table entry
 *	acpi_boot_table_init(&boot_info);
 *
 * Everything is read through early_memremap() and checked (signature, a
 * bounded table count, mappable ranges); bad data is reported and ignored.
 * Compiled into the kernel and hosted.
 */
#ifndef NB_ASM_EFI_H
#define NB_ASM_EFI_H

#include <kernel/types.h>
#include <arch/boot.h>

#define EFI_SYSTEM_TABLE_SIGNATURE	0x5453595320494249ULL	/* "IBI SYST" */
#define EFI_SYSTAB_SIZE_64		120	/* the 64-bit EFI_SYSTEM_TABLE */
#define EFI_CONFIG_TABLE_SIZE_64	24	/* GUID + VendorTable pointer */
#define EFI_CONFIG_TABLES_MAX		1024	/* more than this is not a real table */
#define EFI_VENDOR_MAX			100	/* as Linux: 99 characters */

/* The configuration tables Linux names in its "efi:" line (and we know). */
enum efi_table_kind {
	EFI_TABLE_ACPI20,
	EFI_TABLE_ACPI,
	EFI_TABLE_SMBIOS,
	EFI_TABLE_SMBIOS3,
	EFI_TABLE_ESRT,
	EFI_TABLE_MEMATTR,
	EFI_TABLE_RTPROP,
	EFI_TABLE_TPM_FINAL_LOG,
	EFI_NR_TABLE_KINDS
};

struct efi_info {
	bool present;			/* a valid system table was found */
	u64 systab;			/* its physical address */
	u32 revision;			/* major << 16 | minor */
	char vendor[EFI_VENDOR_MAX];
	u64 nr_tables;			/* configuration table entries */
	u64 table[EFI_NR_TABLE_KINDS];	/* physical addresses, 0: absent */
	/* The named entries in configuration-table order, for the log line. */
	u8 order[EFI_NR_TABLE_KINDS];
	unsigned int nr_named;
};

extern struct efi_info efi;

/*
 * Read the system table at bi->efi_systab (nothing if 0), print Linux's
 * lines, and set bi->rsdp_phys to the ACPI 2.0 (else 1.0) RSDP's address.
 * Returns 0, -ENOENT without a system table, -EINVAL if it is unusable.
 */
int efi_init(struct boot_info *bi);

const char *efi_table_name(enum efi_table_kind kind);

#endif

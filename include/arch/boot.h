/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the boot path hands to the kernel, whichever way it booted
 * (multiboot1 from QEMU -kernel, multiboot2 from GRUB, or the EFI loader).
 * The EFI loader (boot/efi/) speaks multiboot2; a multiboot2 boot that
 * hands over a UEFI system table (tag 12) is reported as BOOT_SRC_EFI.
 *
 * The arch entry code copies everything it needs out of the loader's
 * structures into boot_info before anything else runs, so nothing later
 * depends on loader memory staying intact.
 */
#ifndef NB_ARCH_BOOT_H
#define NB_ARCH_BOOT_H

#include <kernel/types.h>

#define BOOT_CMDLINE_MAX	4096
#define BOOT_MMAP_MAX		256	/* firmware map entries kept (more are counted, then dropped) */
#define BOOT_EFI_MMAP_MAX	(32 * 1024)
#define BOOT_MODULES_MAX	8

enum boot_source {
	BOOT_SRC_UNKNOWN,
	BOOT_SRC_MULTIBOOT1,
	BOOT_SRC_MULTIBOOT2,
	BOOT_SRC_EFI,
};

/* One firmware memory-map entry, in e820 terms (types 1..7 as in ACPI). */
struct boot_mmap_entry {
	u64 addr;
	u64 size;
	u32 type;
};

struct boot_module {
	u64 start, end;		/* physical, end exclusive */
	char cmdline[128];
};

struct boot_info {
	enum boot_source source;
	char loader_name[64];
	char cmdline[BOOT_CMDLINE_MAX];
	bool cmdline_truncated;

	/* Memory map as the loader reported it, unsorted and unsanitised. */
	u32 nr_mmap;
	u32 nr_mmap_dropped;		/* entries beyond BOOT_MMAP_MAX */
	struct boot_mmap_entry mmap[BOOT_MMAP_MAX];

	/* multiboot mem_lower/mem_upper, used only when there is no map. */
	bool has_meminfo;
	u32 mem_lower_kb, mem_upper_kb;

	/* ACPI RSDP copied from the loader (mb2 tags 14/15, EFI config table). */
	u32 rsdp_len;			/* 0: none handed over; search for it */
	u8 rsdp[36];
	/*
	 * Where the firmware keeps the RSDP, when the boot path knows it (the
	 * UEFI configuration table, set by efi_init()); 0: unknown, the copy is
	 * looked up in the legacy BIOS areas.
	 */
	u64 rsdp_phys;

	/* UEFI system table, physical (mb2 tag 12); 0: the firmware is not UEFI. */
	u64 efi_systab;

	/* UEFI memory map (mb2 tag 17, or the EFI loader), raw descriptors. */
	u32 efi_mmap_len, efi_desc_size, efi_desc_version;
	u8 efi_mmap[BOOT_EFI_MMAP_MAX];

	/* Where the loader's own information lived (physical, for memblock). */
	u64 info_start, info_end;

	u32 nr_modules;
	struct boot_module modules[BOOT_MODULES_MAX];

	/* The kernel image, physical [start, end) including bss. */
	u64 kernel_start, kernel_end;
};

extern struct boot_info boot_info;

/* The kernel's generic entry point, called by the arch once boot_info is filled. */
__attribute__((__noreturn__)) void start_kernel(void);
/* Called by start_kernel: memory discovery and setup (the arch's setup.c). */
void setup_arch(void);

#endif

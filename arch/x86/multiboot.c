// SPDX-License-Identifier: GPL-2.0-only
/*
 * Multiboot 1 and 2 information -> struct boot_info.
 *
 * The loader's structures are read through the boot identity mapping and
 * never trusted: every length is checked against the structure that holds
 * it, strings are bounded, and anything that does not fit is counted and
 * reported rather than overrunning boot_info.
 */
#include <kernel/types.h>
#include <kernel/printk.h>
#include <lib/string.h>
#include <arch/boot.h>
#include <asm/setup.h>

struct boot_info boot_info;

#define MB1_INFO_MEMORY		(1 << 0)
#define MB1_INFO_CMDLINE	(1 << 2)
#define MB1_INFO_MODS		(1 << 3)
#define MB1_INFO_MEM_MAP	(1 << 6)
#define MB1_INFO_LOADER_NAME	(1 << 9)

struct mb1_info {
	u32 flags;
	u32 mem_lower, mem_upper;
	u32 boot_device;
	u32 cmdline;
	u32 mods_count, mods_addr;
	u32 syms[4];
	u32 mmap_length, mmap_addr;
	u32 drives_length, drives_addr;
	u32 config_table;
	u32 boot_loader_name;
} __attribute__((packed));

struct mb1_mmap_entry {
	u32 size;		/* of the rest of the entry */
	u64 addr, len;
	u32 type;
} __attribute__((packed));

struct mb1_module {
	u32 start, end, cmdline, reserved;
};

#define MB2_TAG_END		0
#define MB2_TAG_CMDLINE		1
#define MB2_TAG_LOADER_NAME	2
#define MB2_TAG_MODULE		3
#define MB2_TAG_MEMINFO		4
#define MB2_TAG_MMAP		6
#define MB2_TAG_EFI64		12
#define MB2_TAG_ACPI_OLD	14
#define MB2_TAG_ACPI_NEW	15
#define MB2_TAG_EFI_MMAP	17
#define MB2_INFO_MAX		(1U << 20)	/* refuse absurd sizes */

struct mb2_tag {
	u32 type, size;
};

/* Copy a NUL-terminated loader string of at most @max bytes at @phys. */
static bool copy_boot_string(char *dst, size_t dst_size, phys_addr_t phys, size_t max)
{
	const char *src = boot_phys_to_virt(phys, 1);
	size_t n = 0;

	if (!src) {
		dst[0] = '\0';
		return false;
	}
	/* The string may run to the end of the identity map; check byte by byte. */
	while (n < max && n + 1 < dst_size && boot_phys_to_virt(phys + n, 1) && src[n])
		n++;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return n + 1 < dst_size || !src[n];
}

static void add_mmap_entry(u64 addr, u64 size, u32 type)
{
	if (boot_info.nr_mmap >= BOOT_MMAP_MAX) {
		boot_info.nr_mmap_dropped++;
		return;
	}
	boot_info.mmap[boot_info.nr_mmap++] = (struct boot_mmap_entry){ addr, size, type };
}

static void add_module(u64 start, u64 end, phys_addr_t cmdline, size_t cmdline_max)
{
	if (boot_info.nr_modules >= BOOT_MODULES_MAX)
		return;
	struct boot_module *m = &boot_info.modules[boot_info.nr_modules++];
	m->start = start;
	m->end = end;
	if (cmdline)
		copy_boot_string(m->cmdline, sizeof(m->cmdline), cmdline, cmdline_max);
}

static void parse_mb1(phys_addr_t info_phys)
{
	const struct mb1_info *mbi = boot_phys_to_virt(info_phys, sizeof(*mbi));

	boot_info.source = BOOT_SRC_MULTIBOOT1;
	if (!mbi)
		return;
	boot_info.info_start = info_phys;
	boot_info.info_end = info_phys + sizeof(*mbi);

	if (mbi->flags & MB1_INFO_CMDLINE) {
		boot_info.cmdline_truncated = !copy_boot_string(boot_info.cmdline,
			sizeof(boot_info.cmdline), mbi->cmdline, BOOT_CMDLINE_MAX);
		/* Multiboot 1 loaders (QEMU, GRUB) put the image's name first: drop it. */
		char *args = strchr(boot_info.cmdline, ' ');
		if (args) {
			while (*args == ' ')
				args++;
			memmove(boot_info.cmdline, args, strlen(args) + 1);
		} else {
			boot_info.cmdline[0] = '\0';
		}
	}
	if (mbi->flags & MB1_INFO_LOADER_NAME)
		copy_boot_string(boot_info.loader_name, sizeof(boot_info.loader_name),
				 mbi->boot_loader_name, 256);
	if (mbi->flags & MB1_INFO_MEMORY) {
		boot_info.has_meminfo = true;
		boot_info.mem_lower_kb = mbi->mem_lower;
		boot_info.mem_upper_kb = mbi->mem_upper;
	}
	if (mbi->flags & MB1_INFO_MEM_MAP) {
		const u8 *p = boot_phys_to_virt(mbi->mmap_addr, mbi->mmap_length);
		u32 off = 0;

		while (p && off + sizeof(struct mb1_mmap_entry) <= mbi->mmap_length) {
			const struct mb1_mmap_entry *e = (const void *)(p + off);
			if (e->size < 20)
				break;		/* malformed: would not advance sanely */
			add_mmap_entry(e->addr, e->len, e->type);
			off += e->size + 4;
		}
	}
	if (mbi->flags & MB1_INFO_MODS) {
		const struct mb1_module *mods =
			boot_phys_to_virt(mbi->mods_addr, mbi->mods_count * sizeof(*mods));
		for (u32 i = 0; mods && i < mbi->mods_count && i < 64; i++)
			add_module(mods[i].start, mods[i].end, mods[i].cmdline, 127);
	}
}

static void parse_mb2(phys_addr_t info_phys)
{
	const u32 *hdr = boot_phys_to_virt(info_phys, 8);

	boot_info.source = BOOT_SRC_MULTIBOOT2;
	if (!hdr)
		return;
	u32 total = hdr[0];
	if (total < 16 || total > MB2_INFO_MAX || !boot_phys_to_virt(info_phys, total)) {
		pr_err("multiboot2: information of %u bytes at %#llx is unusable\n", total,
		       (unsigned long long)info_phys);
		return;
	}
	const u8 *base = boot_phys_to_virt(info_phys, total);
	boot_info.info_start = info_phys;
	boot_info.info_end = info_phys + total;

	for (u32 off = 8; off + sizeof(struct mb2_tag) <= total;) {
		const struct mb2_tag *tag = (const void *)(base + off);
		const u8 *body = (const u8 *)(tag + 1);
		u32 body_len;

		if (tag->type == MB2_TAG_END)
			break;
		if (tag->size < sizeof(*tag) || tag->size > total - off) {
			pr_err("multiboot2: tag %u at offset %u has a bad size %u\n",
			       tag->type, off, tag->size);
			break;
		}
		body_len = tag->size - sizeof(*tag);
		phys_addr_t body_phys = info_phys + off + sizeof(*tag);

		switch (tag->type) {
		case MB2_TAG_CMDLINE:
			boot_info.cmdline_truncated = !copy_boot_string(boot_info.cmdline,
				sizeof(boot_info.cmdline), body_phys, body_len);
			break;
		case MB2_TAG_LOADER_NAME:
			copy_boot_string(boot_info.loader_name, sizeof(boot_info.loader_name),
					 body_phys, body_len);
			break;
		case MB2_TAG_MEMINFO:
			if (body_len >= 8) {
				boot_info.has_meminfo = true;
				boot_info.mem_lower_kb = ((const u32 *)body)[0];
				boot_info.mem_upper_kb = ((const u32 *)body)[1];
			}
			break;
		case MB2_TAG_MODULE:
			if (body_len >= 8)
				add_module(((const u32 *)body)[0], ((const u32 *)body)[1],
					   body_phys + 8, body_len - 8);
			break;
		case MB2_TAG_MMAP: {
			if (body_len < 8)
				break;
			u32 esize = ((const u32 *)body)[0];
			if (esize < 20) {
				pr_err("multiboot2: memory map entry size %u is too small\n", esize);
				break;
			}
			for (u32 e = 8; e + esize <= body_len; e += esize) {
				const u8 *ent = body + e;
				u64 addr, len;
				u32 type;
				memcpy(&addr, ent, 8);
				memcpy(&len, ent + 8, 8);
				memcpy(&type, ent + 16, 4);
				add_mmap_entry(addr, len, type);
			}
			break;
		}
		case MB2_TAG_ACPI_OLD:
		case MB2_TAG_ACPI_NEW: {
			/* Prefer the 2.0 copy when both are present. */
			if (tag->type == MB2_TAG_ACPI_OLD && boot_info.rsdp_len > 20)
				break;
			u32 n = body_len < sizeof(boot_info.rsdp) ? body_len : sizeof(boot_info.rsdp);
			memcpy(boot_info.rsdp, body, n);
			boot_info.rsdp_len = n;
			break;
		}
		case MB2_TAG_EFI64:
			if (body_len >= 8)
				memcpy(&boot_info.efi_systab, body, 8);
			break;
		case MB2_TAG_EFI_MMAP:
			if (body_len >= 8) {
				u32 n = body_len - 8;
				boot_info.efi_desc_size = ((const u32 *)body)[0];
				boot_info.efi_desc_version = ((const u32 *)body)[1];
				if (n > sizeof(boot_info.efi_mmap)) {
					pr_err("multiboot2: EFI memory map of %u bytes truncated\n", n);
					n = sizeof(boot_info.efi_mmap);
				}
				memcpy(boot_info.efi_mmap, body + 8, n);
				boot_info.efi_mmap_len = n;
			}
			break;
		default:
			break;
		}
		off += (tag->size + 7) & ~7U;
	}
	/* A UEFI system table means UEFI firmware: the EFI loader, or GRUB on UEFI. */
	if (boot_info.efi_systab)
		boot_info.source = BOOT_SRC_EFI;
}

bool parse_multiboot(u32 magic, phys_addr_t info)
{
	boot_info.kernel_start = (u64)(uintptr_t)__kernel_phys_start;
	boot_info.kernel_end = (u64)(uintptr_t)__kernel_phys_end;

	if (magic == MULTIBOOT1_BOOTLOADER_MAGIC)
		parse_mb1(info);
	else if (magic == MULTIBOOT2_BOOTLOADER_MAGIC)
		parse_mb2(info);
	else
		return false;
	return true;
}

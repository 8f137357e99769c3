// SPDX-License-Identifier: GPL-2.0-only
/*
 * The multiboot2 boot information the loader hands to the kernel, built in
 * pages below 4 GiB (the kernel's 32-bit entry and its boot page tables
 * reach only that far). Layout, as in the Multiboot2 specification:
 * total_size (u32), reserved (u32), then tags {type, size, body} each
 * starting 8-aligned, ending with an end tag {0, 8}.
 */
#include "loader.h"

#define MB2_INFO_LIMIT	0xffffffffULL	/* last byte of the buffer stays below 4 GiB */

EFI_STATUS mb2_alloc(struct mb2_info *mi, UINT32 cap)
{
	EFI_PHYSICAL_ADDRESS addr = MB2_INFO_LIMIT;
	UINTN pages = (cap + 4095) / 4096;
	EFI_STATUS st;

	st = BS->AllocatePages(AllocateMaxAddress, EfiLoaderData, pages, &addr);
	if (EFI_ERROR(st)) {
		con_error("no memory below 4 GiB for the boot information (%u KiB): %s\n",
			  (unsigned int)(pages * 4), efi_strerror(st));
		return st;
	}
	mi->base = addr;
	mi->pages = pages;
	mi->cap = (UINT32)(pages * 4096);
	mi->len = 8;
	mi->map_tag = 0;
	memset((void *)(UINTN)addr, 0, mi->cap);
	return EFI_SUCCESS;
}

void mb2_free(struct mb2_info *mi)
{
	if (mi->pages)
		BS->FreePages(mi->base, mi->pages);
	mi->pages = 0;
}

void *mb2_add_tag(struct mb2_info *mi, UINT32 type, UINT32 len)
{
	UINT8 *base = (UINT8 *)(UINTN)mi->base;
	UINT32 off = (mi->len + 7) & ~7U;
	UINT32 *tag;

	if (len > mi->cap || off + 8 + len > mi->cap)
		return NULL;
	tag = (UINT32 *)(base + off);
	tag[0] = type;
	tag[1] = 8 + len;
	memset(tag + 2, 0, len);
	mi->len = off + 8 + len;
	return tag + 2;
}

UINT32 mb2_map_room(const struct mb2_info *mi, UINT32 tail)
{
	/* Tag header (8) and descriptor size/version (8) come first; @tail bytes must stay free after. */
	UINT32 off = ((mi->len + 7) & ~7U) + 16;

	return off + tail > mi->cap ? 0 : mi->cap - off - tail;
}

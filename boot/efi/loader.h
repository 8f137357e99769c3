/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * numabuddy's UEFI loader (BOOTX64.EFI): shared declarations.
 *
 * The loader is a separate program from the kernel: a PE32+ EFI application
 * built with gnu-efi (its crt0 and self-relocation only; everything else is
 * here). Firmware calls go through the function pointers of the system
 * table with the Microsoft calling convention (GNU_EFI_USE_MS_ABI); the
 * loader's own functions use the System V convention.
 *
 * What it does, in order (loader.c):
 *   1. find its own directory on the volume it was loaded from;
 *   2. read the command line (load options if they are text, else
 *      cmdline.txt beside the loader);
 *   3. read numabuddy.elf beside the loader, check it and copy its PT_LOAD
 *      segments to their physical addresses (pages allocated there);
 *   4. find the ACPI RSDP in the configuration table (2.0, else 1.0);
 *   5. build a multiboot2 information structure below 4 GiB;
 *   6. take the memory map into it and exit boot services (retrying while
 *      the map key goes stale);
 *   7. leave long mode and enter the kernel's 32-bit entry as a multiboot2
 *      loader would (trampoline.asm).
 * Any failure before step 6 succeeds prints the reason on the console,
 * frees what was allocated and returns an error status to the firmware.
 */
#ifndef NB_EFI_LOADER_H
#define NB_EFI_LOADER_H

#include <efi.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LOADER_NAME		"numabuddy BOOTX64.EFI"
#define KERNEL_FILE_NAME	"numabuddy.elf"
#define CMDLINE_FILE_NAME	"cmdline.txt"
#define MODULE_FILE_NAME	"replay.nbt"	/* optional: a trace for selftest=replay */
#define MODULE_FILE_MAX		(1ULL << 30)
#define LOADER_PATH_MAX		512	/* CHAR16s in a file path on the volume */
#define CMDLINE_MAX		4096	/* bytes, with the NUL (the kernel's BOOT_CMDLINE_MAX) */

extern EFI_SYSTEM_TABLE *ST;
extern EFI_BOOT_SERVICES *BS;

/* ---- console.c: formatted output on ConOut ------------------------------ */

/*
 * printf-style output on the firmware console, the formats of lib/vsprintf.c
 * (include/lib/printf.h; %ls prints a CHAR16 path). '\n' becomes CR LF.
 * Silent once boot services are gone (con_stop()).
 */
void con_init(EFI_SYSTEM_TABLE *st);
void con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "numabuddy-efi: error: ..." */
void con_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void con_stop(void);
/* Bounded formatting into @buf: lib/vsprintf.c's snprintf()/vsnprintf(), shared with the kernel. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* An EFI_STATUS as the UEFI shell names it ("Not Found"), or "status 0x..." (4 rotating buffers). */
const char *efi_strerror(EFI_STATUS status);

/* ---- util.c: freestanding string and memory helpers --------------------- */

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t ucs2_len(const CHAR16 *s);
/* ASCII -> UCS-2 into @dst of @n CHAR16s; false if it did not fit. */
bool ascii_to_ucs2(CHAR16 *dst, size_t n, const char *src);
/* Append @src to the UCS-2 string @dst of @n CHAR16s; false if it did not fit. */
bool ucs2_append(CHAR16 *dst, size_t n, const CHAR16 *src);

/* ---- file.c: the volume the loader came from ---------------------------- */

struct loader_fs {
	EFI_LOADED_IMAGE *image;
	EFI_FILE_HANDLE root;
	CHAR16 dir[LOADER_PATH_MAX];	/* the loader's directory, e.g. \EFI\BOOT */
};

EFI_STATUS fs_open(EFI_HANDLE image_handle, struct loader_fs *fs);
void fs_close(struct loader_fs *fs);
/* @dir\@name as a UCS-2 path into @path (LOADER_PATH_MAX CHAR16s). */
EFI_STATUS fs_path(const struct loader_fs *fs, const char *name, CHAR16 *path);
/*
 * Read the whole file at @path into pool memory (*@buf, *@size; free with
 * BS->FreePool). Files larger than @max are refused. EFI_NOT_FOUND if there
 * is no such file; every failure is printed, naming the file.
 */
EFI_STATUS fs_read(const struct loader_fs *fs, const CHAR16 *path, UINT64 max,
		   void **buf, UINTN *size, bool quiet_if_missing);

/* ---- elf.c: checking and placing the kernel ----------------------------- */

struct kernel_image {
	UINT64 entry;		/* physical address of the 32-bit entry */
	UINT64 start, end;	/* physical [start, end) the segments cover, page-aligned */
	unsigned int nr_load;	/* PT_LOAD segments */
};

/*
 * Check that @buf (@size bytes) is a kernel this loader can start: a
 * little-endian ELF64 x86-64 executable whose PT_LOAD segments lie inside
 * the file and below 4 GiB, whose entry point is in an executable segment,
 * and which carries a valid multiboot2 header (i386 architecture) in its
 * first 32 KiB. Pure: no firmware calls. Returns NULL and fills @img, or
 * the reason it is refused.
 */
const char *elf_check(const void *buf, UINT64 size, struct kernel_image *img);
/*
 * Allocate [img->start, img->end) at that physical address, zero it and
 * copy every PT_LOAD segment's file bytes to its physical address. On
 * failure, prints which range could not be had and what the firmware
 * uses it for.
 */
EFI_STATUS elf_load(const void *buf, const struct kernel_image *img);

/* ---- mb2.c: the multiboot2 information ---------------------------------- */

struct mb2_info {
	EFI_PHYSICAL_ADDRESS base;	/* below 4 GiB, page-aligned */
	UINTN pages;
	UINT32 len;			/* bytes used so far (all tags 8-aligned) */
	UINT32 cap;
	UINT32 map_tag;			/* offset of the EFI memory map tag */
};

EFI_STATUS mb2_alloc(struct mb2_info *mi, UINT32 cap);
void mb2_free(struct mb2_info *mi);
/* Append a tag with @len body bytes; returns the (zeroed) body or NULL if full. */
void *mb2_add_tag(struct mb2_info *mi, UINT32 type, UINT32 len);
/* Room left for the memory map's descriptors after its tag header. */
UINT32 mb2_map_room(const struct mb2_info *mi, UINT32 tail);

#define MB2_BOOTLOADER_MAGIC	0x36d76289
#define MB2_TAG_END		0
#define MB2_TAG_CMDLINE		1
#define MB2_TAG_LOADER_NAME	2
#define MB2_TAG_MODULE		3
#define MB2_TAG_EFI64		12
#define MB2_TAG_ACPI_OLD	14
#define MB2_TAG_ACPI_NEW	15
#define MB2_TAG_EFI_MMAP	17

/* ---- trampoline.asm ----------------------------------------------------- */

/*
 * Position-independent code, copied to a page below 4 GiB and called there
 * (after ExitBootServices) as
 *	void trampoline(UINT32 entry, UINT32 magic, UINT32 info, UINT32 stack_top);
 * It leaves long mode and jumps to @entry in 32-bit protected mode with
 * paging off, flat 4 GiB code and data segments, interrupts off,
 * EAX = @magic, EBX = @info, ESP = @stack_top: the multiboot2 i386 machine
 * state. It never returns. stack_top must be in the copied page.
 */
extern const UINT8 trampoline_start[], trampoline_end[];

#endif

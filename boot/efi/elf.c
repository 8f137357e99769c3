// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel image: an ELF64 executable whose PT_LOAD segments go to their
 * physical addresses (p_paddr), as a multiboot2 loader places them. The
 * x86_64 numabuddy.elf links its 32-bit entry stub at its load address and
 * the rest at KERNEL_VMA + load address, so e_entry is a physical address
 * and every p_paddr is below 4 GiB; elf_check() insists on both, since the
 * entry runs with paging off.
 */
#include "loader.h"

#define EI_NIDENT	16
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define EV_CURRENT	1
#define ET_EXEC		2
#define EM_X86_64	62
#define PT_LOAD		1
#define PF_X		1

#define MB2_HEADER_MAGIC	0xe85250d6
#define MB2_SEARCH		32768	/* the header lies in the image's first 32 KiB */
#define MB2_ARCH_I386		0
#define MB2_HTAG_END		0
#define MB2_HTAG_INFO_REQUEST	1
#define MB2_HTAG_CONSOLE_FLAGS	4
#define MB2_HTAG_MODULE_ALIGN	6
#define MB2_HTAG_OPTIONAL	1

#define PAGE_SIZE	4096UL
#define LIMIT_4G	0x100000000UL
#define MAX_SPAN	(512UL << 20)	/* a kernel larger than this is not ours */

struct elf64_ehdr {
	UINT8 ident[EI_NIDENT];
	UINT16 type, machine;
	UINT32 version;
	UINT64 entry, phoff, shoff;
	UINT32 flags;
	UINT16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	UINT32 type, flags;
	UINT64 offset, vaddr, paddr, filesz, memsz, align;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 program header");

static char why_buf[200];

#define REFUSE(...) do { snprintf(why_buf, sizeof(why_buf), __VA_ARGS__); return why_buf; } while (0)

static UINT32 get32(const UINT8 *p)
{
	return (UINT32)p[0] | (UINT32)p[1] << 8 | (UINT32)p[2] << 16 | (UINT32)p[3] << 24;
}

/* The multiboot2 header: present, for i386, and asking nothing this loader cannot give. */
static const char *mb2_header_check(const UINT8 *file, UINT64 size)
{
	UINT64 limit = size < MB2_SEARCH ? size : MB2_SEARCH;
	bool bad_sum = false;

	for (UINT64 off = 0; off + 16 <= limit; off += 8) {
		const UINT8 *h = file + off;
		UINT32 arch, len;

		if (get32(h) != MB2_HEADER_MAGIC)
			continue;
		arch = get32(h + 4);
		len = get32(h + 8);
		if ((UINT32)(get32(h) + arch + len + get32(h + 12)) != 0 || len < 16 ||
		    len > size - off) {
			bad_sum = true;
			continue;
		}
		if (arch != MB2_ARCH_I386)
			REFUSE("its multiboot2 header asks for architecture %u, not i386 (0)", arch);
		for (UINT32 t = 16; t + 8 <= len;) {
			UINT16 type = (UINT16)(h[t] | h[t + 1] << 8);
			UINT16 flags = (UINT16)(h[t + 2] | h[t + 3] << 8);
			UINT32 tsize = get32(h + t + 4);

			if (type == MB2_HTAG_END)
				break;
			if (tsize < 8 || tsize > len - t)
				REFUSE("its multiboot2 header has a tag %u of bad size %u", type, tsize);
			if (type == MB2_HTAG_INFO_REQUEST && !(flags & MB2_HTAG_OPTIONAL)) {
				for (UINT32 r = 8; r + 4 <= tsize; r += 4) {
					UINT32 want = get32(h + t + r);

					if (want != MB2_TAG_CMDLINE && want != MB2_TAG_LOADER_NAME &&
					    want != MB2_TAG_EFI64 && want != MB2_TAG_ACPI_OLD &&
					    want != MB2_TAG_ACPI_NEW && want != MB2_TAG_EFI_MMAP)
						REFUSE("its multiboot2 header requires information tag %u, "
						       "which this loader does not provide", want);
				}
			} else if (type != MB2_HTAG_INFO_REQUEST && type != MB2_HTAG_CONSOLE_FLAGS &&
				   type != MB2_HTAG_MODULE_ALIGN && !(flags & MB2_HTAG_OPTIONAL)) {
				REFUSE("its multiboot2 header requires header tag %u, "
				       "which this loader does not support", type);
			}
			t += (tsize + 7) & ~7U;
		}
		return NULL;
	}
	if (bad_sum)
		REFUSE("its multiboot2 header has a bad checksum or length");
	REFUSE("it has no multiboot2 header in its first 32 KiB (not a numabuddy kernel?)");
}

const char *elf_check(const void *buf, UINT64 size, struct kernel_image *img)
{
	const UINT8 *file = buf;
	struct elf64_ehdr eh;
	UINT64 start = ~0ULL, end = 0;
	bool entry_ok = false;

	memset(img, 0, sizeof(*img));
	if (size < sizeof(eh))
		REFUSE("the file is %lu bytes, too short for an ELF header", size);
	memcpy(&eh, file, sizeof(eh));
	if (memcmp(eh.ident, "\177ELF", 4))
		REFUSE("it does not start with the ELF magic (not an ELF file)");
	if (eh.ident[4] != ELFCLASS64)
		REFUSE("it is not a 64-bit ELF file (class %u); this loader starts the x86_64 kernel",
		       eh.ident[4]);
	if (eh.ident[5] != ELFDATA2LSB)
		REFUSE("it is not a little-endian ELF file (data encoding %u)", eh.ident[5]);
	if (eh.ident[6] != EV_CURRENT || eh.version != EV_CURRENT)
		REFUSE("unknown ELF version %u", eh.version);
	if (eh.type != ET_EXEC)
		REFUSE("it is not an ELF executable (type %u)", eh.type);
	if (eh.machine != EM_X86_64)
		REFUSE("it is built for ELF machine %u, not x86-64 (62)", eh.machine);
	if (eh.phentsize != sizeof(struct elf64_phdr))
		REFUSE("its program headers are %u bytes, not %u", eh.phentsize,
		       (unsigned int)sizeof(struct elf64_phdr));
	if (!eh.phnum)
		REFUSE("it has no program headers");
	if (eh.phoff > size || (UINT64)eh.phnum * sizeof(struct elf64_phdr) > size - eh.phoff)
		REFUSE("its program header table (%u entries at offset %#lx) runs past the end "
		       "of the file (%lu bytes)", eh.phnum, eh.phoff, size);

	for (unsigned int i = 0; i < eh.phnum; i++) {
		struct elf64_phdr ph;

		memcpy(&ph, file + eh.phoff + i * sizeof(ph), sizeof(ph));
		if (ph.type != PT_LOAD || !ph.memsz)
			continue;
		if (ph.filesz > ph.memsz)
			REFUSE("segment %u holds %#lx bytes of file in %#lx bytes of memory", i,
			       ph.filesz, ph.memsz);
		if (ph.offset > size || ph.filesz > size - ph.offset)
			REFUSE("segment %u (%#lx bytes at offset %#lx) runs past the end of the file "
			       "(%lu bytes)", i, ph.filesz, ph.offset, size);
		if (ph.paddr >= LIMIT_4G || ph.memsz > LIMIT_4G - ph.paddr)
			REFUSE("segment %u at physical %#lx (+%#lx) is not below 4 GiB, where the "
			       "32-bit entry can reach it", i, ph.paddr, ph.memsz);
		if (ph.paddr < start)
			start = ph.paddr;
		if (ph.paddr + ph.memsz > end)
			end = ph.paddr + ph.memsz;
		if ((ph.flags & PF_X) && eh.entry >= ph.vaddr && eh.entry - ph.vaddr < ph.memsz) {
			img->entry = eh.entry - ph.vaddr + ph.paddr;
			entry_ok = true;
		}
		img->nr_load++;
	}
	if (!img->nr_load)
		REFUSE("it has no loadable segment");
	if (!entry_ok)
		REFUSE("its entry point %#lx is not inside an executable loadable segment", eh.entry);
	img->start = start & ~(PAGE_SIZE - 1);
	img->end = (end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	if (img->end - img->start > MAX_SPAN)
		REFUSE("its segments span %lu MiB of physical memory (more than %lu MiB)",
		       (img->end - img->start) >> 20, MAX_SPAN >> 20);
	return mb2_header_check(file, size);
}

static const char *const efi_type_names[] = {
	"reserved", "loader code", "loader data", "boot services code", "boot services data",
	"runtime services code", "runtime services data", "conventional memory", "unusable memory",
	"ACPI reclaim memory", "ACPI NVS", "MMIO", "MMIO port space", "PAL code", "persistent memory",
};

/* Tell the user what occupies [start, end): every descriptor there that is not free RAM. */
static void explain_conflict(UINT64 start, UINT64 end)
{
	UINTN size = 0, key, dsize = 0;
	UINT32 dver;
	UINT8 *map = NULL;
	EFI_STATUS st;

	st = BS->GetMemoryMap(&size, NULL, &key, &dsize, &dver);
	if (st != EFI_BUFFER_TOO_SMALL)
		return;
	size += 4 * dsize;
	if (EFI_ERROR(BS->AllocatePool(EfiLoaderData, size, (void **)&map)))
		return;
	if (!EFI_ERROR(BS->GetMemoryMap(&size, (EFI_MEMORY_DESCRIPTOR *)map, &key, &dsize, &dver))) {
		for (UINTN off = 0; off + dsize <= size; off += dsize) {
			EFI_MEMORY_DESCRIPTOR *d = (EFI_MEMORY_DESCRIPTOR *)(map + off);
			UINT64 ds = d->PhysicalStart, de = ds + (d->NumberOfPages << 12);

			if (de <= start || ds >= end || d->Type == EfiConventionalMemory)
				continue;
			con_printf("  [mem %#010lx-%#010lx] is %s\n", ds, de - 1,
				   d->Type < sizeof(efi_type_names) / sizeof(efi_type_names[0]) ?
				   efi_type_names[d->Type] : "of an unknown type");
		}
	}
	BS->FreePool(map);
}

EFI_STATUS elf_load(const void *buf, const struct kernel_image *img)
{
	const UINT8 *file = buf;
	struct elf64_ehdr eh;
	EFI_PHYSICAL_ADDRESS base = img->start;
	UINTN pages = (img->end - img->start) / PAGE_SIZE;
	EFI_STATUS st;

	st = BS->AllocatePages(AllocateAddress, EfiLoaderData, pages, &base);
	if (EFI_ERROR(st)) {
		con_error("the kernel must be loaded at [mem %#010lx-%#010lx], but the firmware "
			  "cannot give that memory (%s); in use there:\n", img->start, img->end - 1, efi_strerror(st));
		explain_conflict(img->start, img->end);
		return st;
	}
	memset((void *)(UINTN)img->start, 0, img->end - img->start);
	memcpy(&eh, file, sizeof(eh));
	for (unsigned int i = 0; i < eh.phnum; i++) {
		struct elf64_phdr ph;

		memcpy(&ph, file + eh.phoff + i * sizeof(ph), sizeof(ph));
		if (ph.type != PT_LOAD || !ph.memsz)
			continue;
		memcpy((void *)(UINTN)ph.paddr, file + ph.offset, ph.filesz);
	}
	return EFI_SUCCESS;
}

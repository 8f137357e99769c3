// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hosted test of the UEFI loader's kernel check (boot/efi/elf.c:
 * elf_check()), built with ASan/UBSan and run by tests/harness/efi-elf.t:
 * the real x86_64 kernel (argv[1]) is accepted with its entry and range,
 * and a synthetic kernel is accepted, then broken one field at a time,
 * each refused with its own reason.
 * TAP on stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../boot/efi/loader.h"

/* elf.c's firmware calls are not reached by elf_check(). */
EFI_SYSTEM_TABLE *ST;
EFI_BOOT_SERVICES *BS;

static int n, failed;

static void ok(int cond, const char *what, const char *detail)
{
	n++;
	printf("%s %d - %s\n", cond ? "ok" : "not ok", n, what);
	if (!cond) {
		failed = 1;
		if (detail)
			printf("#   got: %s\n", detail);
	}
}

/* elf_check() refuses @img with a reason containing @want. */
static void refused(const unsigned char *img, size_t size, const char *want, const char *what)
{
	struct kernel_image ki;
	const char *why = elf_check(img, size, &ki);

	ok(why && strstr(why, want), what, why ? why : "(accepted)");
}

enum { IMG = 0x10000, SEG_OFF = 0x1000, MB2_OFF = 0x1000 };

static unsigned char img[IMG];

static void put16(size_t off, unsigned v) { img[off] = v; img[off + 1] = v >> 8; }
static void put32(size_t off, unsigned long v) { for (int i = 0; i < 4; i++) img[off + i] = v >> (8 * i); }
static void put64(size_t off, unsigned long long v) { for (int i = 0; i < 8; i++) img[off + i] = v >> (8 * i); }

/* multiboot2 header at MB2_OFF: an info-request tag (@flags) asking for @want, then the end tag. */
static void mb2_header(unsigned arch, unsigned req_flags, unsigned want, int extra_tag)
{
	size_t h = MB2_OFF, t = h + 16;
	unsigned long len;

	put16(t, 1);
	put16(t + 2, req_flags);
	put32(t + 4, 12);
	put32(t + 8, want);
	t += 16;
	if (extra_tag) {		/* a required "address" tag (2) */
		put16(t, 2);
		put16(t + 2, 0);
		put32(t + 4, 24);
		t += 24;
	}
	put16(t, 0);
	put16(t + 2, 0);
	put32(t + 4, 8);
	t += 8;
	len = t - h;
	put32(h, 0xe85250d6);
	put32(h + 4, arch);
	put32(h + 8, len);
	put32(h + 12, (unsigned long)(0x100000000ULL - (0xe85250d6ULL + arch + len)));
}

/* A valid kernel: one R+X segment at 1 MiB (0x800 bytes of file, 0x3000 in memory). */
static void good(void)
{
	memset(img, 0, sizeof(img));
	memcpy(img, "\177ELF", 4);
	img[4] = 2;		/* ELFCLASS64 */
	img[5] = 1;		/* little-endian */
	img[6] = 1;		/* EV_CURRENT */
	put16(16, 2);		/* ET_EXEC */
	put16(18, 62);		/* EM_X86_64 */
	put32(20, 1);
	put64(24, 0x100010);	/* entry */
	put64(32, 64);		/* phoff */
	put16(52, 64);
	put16(54, 56);		/* phentsize */
	put16(56, 1);		/* phnum */
	put32(64, 1);		/* PT_LOAD */
	put32(68, 5);		/* R+X */
	put64(72, SEG_OFF);
	put64(80, 0x100000);	/* vaddr */
	put64(88, 0x100000);	/* paddr */
	put64(96, 0x800);	/* filesz */
	put64(104, 0x3000);	/* memsz */
	mb2_header(0, 1, 6, 0);	/* optional request for a tag the loader lacks: fine */
}

int main(int argc, char **argv)
{
	struct kernel_image ki;
	const char *why;

	/* The real kernel. */
	if (argc > 1) {
		FILE *f = fopen(argv[1], "rb");
		static unsigned char buf[64 << 20];
		size_t size = f ? fread(buf, 1, sizeof(buf), f) : 0;

		if (f)
			fclose(f);
		why = size ? elf_check(buf, size, &ki) : "cannot read it";
		ok(!why, "the x86_64 kernel is accepted", why);
		ok(!why && ki.start == 0x100000 && ki.entry > ki.start && ki.entry < ki.end &&
		   ki.end < 0x100000000ULL && !(ki.end & 0xfff) && ki.nr_load >= 1,
		   "its range starts at 1 MiB, is page-aligned, below 4 GiB, and holds the entry", NULL);
	}

	good();
	why = elf_check(img, sizeof(img), &ki);
	ok(!why && ki.entry == 0x100010 && ki.start == 0x100000 && ki.end == 0x103000 && ki.nr_load == 1,
	   "a minimal kernel is accepted with its entry and page-rounded range", why);

	good();
	refused(img, 40, "too short for an ELF header", "a 40-byte file");
	good(); img[1] = 'X';
	refused(img, sizeof(img), "does not start with the ELF magic", "bad magic");
	good(); img[4] = 1;
	refused(img, sizeof(img), "not a 64-bit ELF file (class 1)", "a 32-bit ELF");
	good(); img[5] = 2;
	refused(img, sizeof(img), "not a little-endian ELF file", "big-endian");
	good(); put16(16, 3);
	refused(img, sizeof(img), "not an ELF executable (type 3)", "a shared object");
	good(); put16(18, 3);
	refused(img, sizeof(img), "ELF machine 3, not x86-64", "an i386 machine");
	good(); put16(54, 32);
	refused(img, sizeof(img), "program headers are 32 bytes", "odd program header size");
	good(); put16(56, 0);
	refused(img, sizeof(img), "no program headers", "no program headers");
	good(); put64(32, IMG - 10);
	refused(img, sizeof(img), "program header table (1 entries at offset 0xfff6) runs past the end",
		"program headers past the end");
	good(); put64(96, 0x4000);
	refused(img, sizeof(img), "holds 0x4000 bytes of file in 0x3000 bytes of memory", "filesz > memsz");
	good(); put64(72, IMG - 0x100);
	refused(img, sizeof(img), "segment 0 (0x800 bytes at offset 0xff00) runs past the end of the file",
		"a segment past the end of the file");
	good(); put64(72, ~0ULL - 4);
	refused(img, sizeof(img), "runs past the end of the file", "a segment offset that wraps");
	good(); put64(88, 0x100000000ULL);
	refused(img, sizeof(img), "is not below 4 GiB", "a segment above 4 GiB");
	good(); put64(88, 0xfffff000ULL);
	refused(img, sizeof(img), "is not below 4 GiB", "a segment crossing 4 GiB");
	good(); put32(64, 4);
	refused(img, sizeof(img), "no loadable segment", "no PT_LOAD");
	good(); put64(24, 0x200000);
	refused(img, sizeof(img), "entry point 0x200000 is not inside an executable", "entry outside");
	good(); put32(68, 6);
	refused(img, sizeof(img), "is not inside an executable loadable segment", "entry in a data segment");
	good(); put64(104, 600ULL << 20);
	refused(img, sizeof(img), "span 600 MiB", "a 600 MiB kernel");
	good(); memset(img + MB2_OFF, 0, 64);
	refused(img, sizeof(img), "no multiboot2 header in its first 32 KiB", "no multiboot2 header");
	good(); img[MB2_OFF + 12] ^= 1;
	refused(img, sizeof(img), "bad checksum or length", "multiboot2 checksum");
	good(); mb2_header(4, 1, 6, 0);
	refused(img, sizeof(img), "architecture 4, not i386", "multiboot2 for MIPS");
	good(); mb2_header(0, 0, 6, 0);
	refused(img, sizeof(img), "requires information tag 6", "a required tag the loader lacks");
	good(); mb2_header(0, 0, 17, 0);
	why = elf_check(img, sizeof(img), &ki);
	ok(!why, "a required tag the loader gives (17) is fine", why);
	good(); mb2_header(0, 1, 6, 1);
	refused(img, sizeof(img), "requires header tag 2", "a required address tag");

	printf("1..%d\n", n);
	return failed;
}

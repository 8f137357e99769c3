// SPDX-License-Identifier: GPL-2.0-only
/*
 * numabuddy's UEFI loader: efi_main and the boot sequence (see loader.h).
 *
 * Hand-over (what the kernel sees): exactly what a multiboot2 loader gives
 * it, so the kernel's multiboot2 path (arch/x86/multiboot.c) needs nothing
 * new: EAX = 0x36d76289, EBX = the physical address of a multiboot2
 * information structure below 4 GiB, 32-bit protected mode, paging off,
 * entry at the ELF entry point (_start32). The structure carries:
 *   1  the command line             2  the loader's name
 *   12 the EFI system table         14/15 copies of the ACPI 1.0/2.0 RSDP
 *   17 the final UEFI memory map (raw descriptors, after ExitBootServices)
 * No e820-style map (tag 6): the kernel converts tag 17 with the rules of
 * Linux's EFI stub (arch/x86/fw/e820.c), one conversion for every EFI boot.
 * The RSDP's physical address reaches the kernel through the EFI system
 * table's configuration table (tag 12), as Linux finds it (efi.acpi20).
 *
 * Test-only switch, taken out of the command line before the kernel sees
 * it: efi_loader.stale_map_key=N passes a wrong map key to the first N
 * ExitBootServices calls, to exercise the retry and its failure path.
 */
#include "loader.h"

EFI_SYSTEM_TABLE *ST;
EFI_BOOT_SERVICES *BS;

#define EBS_MAX_ATTEMPTS	4		/* GetMemoryMap + ExitBootServices rounds */
#define CMDLINE_FILE_MAX	(64 * 1024)
#define KERNEL_FILE_MAX		(256ULL << 20)
#define KERNEL_EFI_MMAP_MAX	(32 * 1024)	/* what boot_info keeps (BOOT_EFI_MMAP_MAX) */
#define LOADER_NAME_TAG_MAX	96		/* body bytes reserved for tag 2 */
#define ACPI_RSDP_V1_LEN	20
#define ACPI_RSDP_MAX_LEN	4096		/* a sanity bound on the 2.0 length field */

static EFI_GUID acpi20_guid = ACPI_20_TABLE_GUID;
static EFI_GUID acpi10_guid = ACPI_TABLE_GUID;

struct boot_plan {
	char cmdline[CMDLINE_MAX];
	char cmdline_from[LOADER_PATH_MAX + 32];
	unsigned int stale_map_keys;	/* test switch */
	bool acpi_off;			/* acpi=off on the command line: ACPI is optional */
	const UINT8 *rsdp20, *rsdp10;	/* validated, or NULL */
	UINT32 rsdp20_len;
	UINT64 module_start, module_end;	/* replay.nbt, below 4 GiB; 0, 0: none */
	UINTN module_pages;
};

/* ---- the command line ---------------------------------------------------- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static bool ends_with_efi(const char *w, size_t n)
{
	static const char ext[] = ".efi";

	if (n < 4)
		return false;
	for (size_t i = 0; i < 4; i++) {
		char c = w[n - 4 + i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != ext[i])
			return false;
	}
	return true;
}

/*
 * The loader's load options as a command line, if they are UCS-2 text
 * (the UEFI shell and efibootmgr -u give text; OVMF's boot manager gives
 * its own binary data). A first word naming an .efi file (the shell puts
 * the command there) is dropped. False if there is no usable text.
 */
static bool cmdline_from_load_options(const EFI_LOADED_IMAGE *li, char *out, size_t n)
{
	const UINT8 *raw = li->LoadOptions;
	UINT32 size = li->LoadOptionsSize, chars, i, o = 0;
	const char *p;

	if (!raw || size < 2)
		return false;
	if (size % 2) {
		con_printf("load options (%u bytes) are not UCS-2 text; ignored\n", size);
		return false;
	}
	chars = size / 2;
	for (i = 0; i < chars; i++) {
		CHAR16 c = (CHAR16)(raw[2 * i] | raw[2 * i + 1] << 8);

		if (!c)
			break;
		if ((c < 0x20 && c != '\t') || c > 0x7e) {
			con_printf("load options (%u bytes) are not text; ignored\n", size);
			return false;
		}
		if (o + 1 >= n) {
			con_error("the command line in the load options is longer than %u bytes\n",
				  (unsigned int)n - 1);
			return false;
		}
		out[o++] = (char)c;
	}
	out[o] = 0;
	p = out;
	while (is_space(*p))
		p++;
	if (*p) {
		const char *w = p;

		while (*p && !is_space(*p))
			p++;
		if (ends_with_efi(w, (size_t)(p - w)))
			while (is_space(*p))
				p++;
		else
			p = w;
	}
	memmove(out, p, strlen(p) + 1);
	return out[0] != 0;
}

/* cmdline.txt: one line of ASCII/UTF-8; line breaks and tabs become spaces. */
static EFI_STATUS cmdline_from_file(const struct loader_fs *fs, struct boot_plan *plan, bool *found)
{
	CHAR16 path[LOADER_PATH_MAX];
	UINT8 *buf;
	UINTN size, i, o = 0;
	EFI_STATUS st;

	*found = false;
	st = fs_path(fs, CMDLINE_FILE_NAME, path);
	if (EFI_ERROR(st))
		return st;
	st = fs_read(fs, path, CMDLINE_FILE_MAX, (void **)&buf, &size, true);
	if (st == EFI_NOT_FOUND)
		return EFI_SUCCESS;
	if (EFI_ERROR(st))
		return st;
	i = (size >= 3 && buf[0] == 0xef && buf[1] == 0xbb && buf[2] == 0xbf) ? 3 : 0;
	for (; i < size; i++) {
		char c = (char)buf[i];

		if (!c) {
			con_error("%ls is not a text file (a NUL byte at offset %lu)\n", path, (UINT64)i);
			BS->FreePool(buf);
			return EFI_LOAD_ERROR;
		}
		if (c == '\r' || c == '\n' || c == '\t')
			c = ' ';
		if (o + 1 >= sizeof(plan->cmdline)) {
			con_error("the command line in %ls is longer than %u bytes\n", path,
				  (unsigned int)sizeof(plan->cmdline) - 1);
			BS->FreePool(buf);
			return EFI_BAD_BUFFER_SIZE;
		}
		plan->cmdline[o++] = c;
	}
	BS->FreePool(buf);
	while (o && plan->cmdline[o - 1] == ' ')
		o--;
	plan->cmdline[o] = 0;
	snprintf(plan->cmdline_from, sizeof(plan->cmdline_from), "%ls", path);
	*found = true;
	return EFI_SUCCESS;
}

/* Parse an unsigned decimal of at most 9 digits filling [p, end); false if it is not one. */
static bool parse_uint(const char *p, const char *end, unsigned int *v)
{
	unsigned int n = 0, digits = 0;

	for (; p < end; p++, digits++) {
		if (*p < '0' || *p > '9' || digits >= 9)
			return false;
		n = n * 10 + (unsigned int)(*p - '0');
	}
	*v = n;
	return digits > 0;
}

/*
 * Take the loader's own switches (efi_loader.*) out of the command line and
 * note acpi=off. Words are split as the kernel splits them: on spaces
 * outside double quotes.
 */
static EFI_STATUS cmdline_take_switches(struct boot_plan *plan)
{
	static const char stale[] = "efi_loader.stale_map_key=";
	char *in = plan->cmdline, out[CMDLINE_MAX];
	size_t o = 0;

	while (*in) {
		char *w;
		size_t n;
		bool quoted = false;

		while (is_space(*in))
			in++;
		if (!*in)
			break;
		w = in;
		while (*in && (quoted || !is_space(*in))) {
			if (*in == '"')
				quoted = !quoted;
			in++;
		}
		n = (size_t)(in - w);
		if (n >= 11 && !memcmp(w, "efi_loader.", 11)) {
			if (n > sizeof(stale) - 1 && !memcmp(w, stale, sizeof(stale) - 1) &&
			    parse_uint(w + sizeof(stale) - 1, w + n, &plan->stale_map_keys)) {
				con_printf("test switch: the first %u ExitBootServices calls get a "
					   "stale map key\n", plan->stale_map_keys);
				continue;
			}
			con_error("unknown or malformed loader switch '%.*s' (the loader knows "
				  "efi_loader.stale_map_key=N)\n", (int)n, w);
			return EFI_INVALID_PARAMETER;
		}
		if (n == 8 && !memcmp(w, "acpi=off", 8))
			plan->acpi_off = true;
		if (o)
			out[o++] = ' ';
		memcpy(out + o, w, n);
		o += n;
	}
	out[o] = 0;
	memcpy(plan->cmdline, out, o + 1);
	return EFI_SUCCESS;
}

static EFI_STATUS get_cmdline(const struct loader_fs *fs, struct boot_plan *plan)
{
	EFI_STATUS st;
	bool found;

	if (cmdline_from_load_options(fs->image, plan->cmdline, sizeof(plan->cmdline))) {
		snprintf(plan->cmdline_from, sizeof(plan->cmdline_from), "load options");
	} else {
		plan->cmdline[0] = 0;
		st = cmdline_from_file(fs, plan, &found);
		if (EFI_ERROR(st))
			return st;
		if (!found)
			snprintf(plan->cmdline_from, sizeof(plan->cmdline_from),
				     "none: no load options, no %ls\\" CMDLINE_FILE_NAME, fs->dir);
	}
	st = cmdline_take_switches(plan);
	if (EFI_ERROR(st))
		return st;
	con_printf("command line (%s): %s\n", plan->cmdline_from, plan->cmdline);
	return EFI_SUCCESS;
}

/* ---- ACPI ------------------------------------------------------------------ */

static UINT8 checksum(const UINT8 *p, UINT32 n)
{
	UINT8 sum = 0;

	while (n--)
		sum = (UINT8)(sum + *p++);
	return sum;
}

/* Why the RSDP at @p is unusable, or NULL. @v2: it was listed as ACPI 2.0. Sets *len. */
static const char *rsdp_check(const UINT8 *p, bool v2, UINT32 *len)
{
	if (memcmp(p, "RSD PTR ", 8))
		return "no 'RSD PTR ' signature";
	if (checksum(p, ACPI_RSDP_V1_LEN))
		return "its ACPI 1.0 checksum is wrong";
	*len = ACPI_RSDP_V1_LEN;
	if (!v2)
		return NULL;
	if (p[15] < 2)
		return "it is listed as ACPI 2.0 but its revision is below 2";
	memcpy(len, p + 20, 4);
	if (*len < 36 || *len > ACPI_RSDP_MAX_LEN)
		return "its length field is not between 36 and 4096";
	if (checksum(p, *len))
		return "its extended checksum is wrong";
	return NULL;
}

/* A valid system description table with signature @sig at @p: length and checksum. */
static bool sdt_valid(const UINT8 *p, const char *sig, UINT32 *len)
{
	if (!p || memcmp(p, sig, 4))
		return false;
	memcpy(len, p + 4, 4);
	return *len >= 36 && *len <= (1U << 20) && !checksum(p, *len);
}

/*
 * The root table the RSDP names (a valid XSDT, else the RSDT: the kernel's
 * choice too), printed with the signatures it lists. The FADT is the one
 * table ACPI makes mandatory: a root table without it means the machine
 * has no real ACPI (OVMF under QEMU's -machine acpi=off still publishes an
 * XSDT holding only its own BGRT). Returns why the tables are unusable, or
 * NULL.
 */
static const char *acpi_root_check(const UINT8 *rsdp, bool v2, char *list, size_t list_size)
{
	const UINT8 *root = NULL;
	const char *name = NULL;
	UINT32 rsdt, len = 0, esize = 0, n, o = 0;
	UINT64 xsdt = 0;
	bool fadt = false;

	memcpy(&rsdt, rsdp + 16, 4);
	if (v2)
		memcpy(&xsdt, rsdp + 24, 8);
	if (xsdt && sdt_valid((const UINT8 *)(UINTN)xsdt, "XSDT", &len)) {
		root = (const UINT8 *)(UINTN)xsdt;
		name = "XSDT";
		esize = 8;
	} else if (rsdt && sdt_valid((const UINT8 *)(UINTN)rsdt, "RSDT", &len)) {
		root = (const UINT8 *)(UINTN)rsdt;
		name = "RSDT";
		esize = 4;
	} else {
		return "it names neither a valid XSDT nor a valid RSDT";
	}
	n = (len - 36) / esize;
	list[0] = 0;
	for (UINT32 i = 0; i < n; i++) {
		UINT64 addr = 0;
		char sig[7] = "(null)";

		memcpy(&addr, root + 36 + i * esize, esize);
		if (addr) {
			sig[4] = 0;
			memcpy(sig, (const void *)(UINTN)addr, 4);
			for (int k = 0; k < 4; k++)
				if (sig[k] < 0x20 || sig[k] > 0x7e)
					sig[k] = '?';
		}
		if (!memcmp(sig, "FACP", 4))
			fadt = true;
		if (o + 8 < list_size)
			o += (UINT32)snprintf(list + o, list_size - o, "%s%s", o ? " " : "", sig);
	}
	con_printf("ACPI %s at %p lists %u table%s: %s\n", name, root, n, n == 1 ? "" : "s",
		   n ? list : "(none)");
	if (!fadt)
		return "its root table lists no FADT (FACP), which every ACPI platform has: "
		       "the machine's ACPI is switched off (QEMU -machine acpi=off?) and only "
		       "the firmware's own leftovers are published";
	return NULL;
}

static EFI_STATUS find_acpi(struct boot_plan *plan)
{
	const UINT8 *t20 = NULL, *t10 = NULL;
	const char *why = NULL;
	char list[200];
	UINT32 len;

	for (UINTN i = 0; i < ST->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *ct = &ST->ConfigurationTable[i];

		if (!memcmp(&ct->VendorGuid, &acpi20_guid, sizeof(EFI_GUID)) && !t20)
			t20 = ct->VendorTable;
		else if (!memcmp(&ct->VendorGuid, &acpi10_guid, sizeof(EFI_GUID)) && !t10)
			t10 = ct->VendorTable;
	}
	if (t20) {
		why = rsdp_check(t20, true, &len);
		if (!why) {
			plan->rsdp20 = t20;
			plan->rsdp20_len = len;
		} else {
			con_printf("warning: the ACPI 2.0 RSDP at %p is unusable: %s\n", t20, why);
		}
	}
	if (t10) {
		why = rsdp_check(t10, false, &len);
		if (!why)
			plan->rsdp10 = t10;
		else
			con_printf("warning: the ACPI 1.0 RSDP at %p is unusable: %s\n", t10, why);
	}
	if (plan->rsdp20 || plan->rsdp10) {
		const UINT8 *r = plan->rsdp20 ? plan->rsdp20 : plan->rsdp10;

		con_printf("ACPI %s RSDP at %p (revision %u, OEM %.6s)\n",
			   plan->rsdp20 ? "2.0" : "1.0", r, r[15], (const char *)r + 9);
		why = acpi_root_check(r, plan->rsdp20 != NULL, list, sizeof(list));
		if (!why)
			return EFI_SUCCESS;
	} else if (!t20 && !t10) {
		why = "the firmware offers none (no ACPI 2.0 or 1.0 RSDP in the UEFI configuration table)";
	} else {
		why = "the firmware's RSDP is unusable (see above)";
	}
	if (plan->acpi_off) {
		con_printf("no usable ACPI tables: %s; going on without ACPI (acpi=off)\n", why);
		return EFI_SUCCESS;
	}
	con_error("no usable ACPI tables: %s. numabuddy takes its CPUs and NUMA topology from "
		  "ACPI; add acpi=off to the command line to boot without it.\n", why);
	return EFI_NOT_FOUND;
}

/*
 * replay.nbt beside the loader, if there is one: copied into pages below
 * 4 GiB (multiboot2's module addresses are 32-bit) and handed over as a
 * module; the kernel reserves it.
 */
static EFI_STATUS load_module(const struct loader_fs *fs, struct boot_plan *plan)
{
	CHAR16 path[LOADER_PATH_MAX];
	EFI_PHYSICAL_ADDRESS addr = 0xffffffffULL;
	void *buf;
	UINTN size;
	EFI_STATUS st;

	st = fs_path(fs, MODULE_FILE_NAME, path);
	if (EFI_ERROR(st))
		return st;
	st = fs_read(fs, path, MODULE_FILE_MAX, &buf, &size, true);
	if (st == EFI_NOT_FOUND)
		return EFI_SUCCESS;
	if (EFI_ERROR(st))
		return st;
	plan->module_pages = (size + 4095) / 4096;
	st = BS->AllocatePages(AllocateMaxAddress, EfiLoaderData, plan->module_pages, &addr);
	if (EFI_ERROR(st)) {
		con_error("no memory below 4 GiB for %ls (%lu bytes): %s\n", path, (UINT64)size,
			  efi_strerror(st));
		plan->module_pages = 0;
		BS->FreePool(buf);
		return st;
	}
	memcpy((void *)(UINTN)addr, buf, size);
	BS->FreePool(buf);
	plan->module_start = addr;
	plan->module_end = addr + size;
	con_printf("module %ls: %lu bytes at [mem %#010lx-%#010lx]\n", path, (UINT64)size,
		   plan->module_start, plan->module_end - 1);
	return EFI_SUCCESS;
}

/* ---- the boot information and the hand-over -------------------------------- */

/* Every tag that precedes the memory map. False if the buffer is too small. */
static bool add_fixed_tags(struct mb2_info *mi, const struct boot_plan *plan)
{
	UINT32 n = (UINT32)strlen(plan->cmdline) + 1;
	void *body;

	body = mb2_add_tag(mi, MB2_TAG_CMDLINE, n);
	if (!body)
		return false;
	memcpy(body, plan->cmdline, n);
	if (plan->rsdp10) {
		body = mb2_add_tag(mi, MB2_TAG_ACPI_OLD, ACPI_RSDP_V1_LEN);
		if (!body)
			return false;
		memcpy(body, plan->rsdp10, ACPI_RSDP_V1_LEN);
	}
	if (plan->rsdp20) {
		body = mb2_add_tag(mi, MB2_TAG_ACPI_NEW, plan->rsdp20_len);
		if (!body)
			return false;
		memcpy(body, plan->rsdp20, plan->rsdp20_len);
	}
	if (plan->module_end) {
		static const char name[] = MODULE_FILE_NAME;
		UINT32 *mod = mb2_add_tag(mi, MB2_TAG_MODULE, 8 + sizeof(name));

		if (!mod)
			return false;
		mod[0] = (UINT32)plan->module_start;
		mod[1] = (UINT32)plan->module_end;
		memcpy(mod + 2, name, sizeof(name));
	}
	body = mb2_add_tag(mi, MB2_TAG_EFI64, 8);
	if (!body)
		return false;
	*(UINT64 *)body = (UINT64)(UINTN)ST;
	return true;
}

/* Bytes needed after the map: the loader-name tag and the end tag. */
#define MB2_TAIL	(8 + LOADER_NAME_TAG_MAX + 8 + 8)

static EFI_STATUS alloc_info(struct mb2_info *mi, const struct boot_plan *plan, UINTN map_bytes)
{
	UINT32 fixed = 8 + 8 * 8 + (UINT32)strlen(plan->cmdline) + 1 + ACPI_RSDP_V1_LEN +
		       plan->rsdp20_len + 8 + 8 + 8 + sizeof(MODULE_FILE_NAME);
	EFI_STATUS st;

	st = mb2_alloc(mi, fixed + 16 + (UINT32)map_bytes + MB2_TAIL);
	if (EFI_ERROR(st))
		return st;
	if (!add_fixed_tags(mi, plan)) {
		con_error("the boot information does not fit in %u bytes\n", mi->cap);
		mb2_free(mi);
		return EFI_BUFFER_TOO_SMALL;
	}
	return EFI_SUCCESS;
}

/*
 * Take the final memory map into the information structure and exit boot
 * services. The map key goes stale whenever the firmware changes the map
 * between GetMemoryMap and ExitBootServices (EFI_INVALID_PARAMETER); then
 * the map is taken again and the exit retried. After a failed
 * ExitBootServices the specification allows only memory allocation
 * services, so nothing else (not even output) happens inside the loop.
 * Returns the number of attempts in *attempts; on success the memory map
 * descriptors are at the map tag's body + 8 and *map_size long.
 */
static EFI_STATUS exit_boot_services(EFI_HANDLE image, struct mb2_info *mi,
				     const struct boot_plan *plan, UINTN *map_size,
				     UINTN *desc_size, UINT32 *desc_version, unsigned int *attempts)
{
	EFI_STATUS st = EFI_SUCCESS;
	unsigned int grows = 0;

	*attempts = 0;
	while (*attempts < EBS_MAX_ATTEMPTS) {
		UINT32 room = mb2_map_room(mi, MB2_TAIL);
		UINT8 *tag = (UINT8 *)(UINTN)mi->base + ((mi->len + 7) & ~7U);
		UINTN key, use_key;

		*map_size = room;
		st = BS->GetMemoryMap(map_size, (EFI_MEMORY_DESCRIPTOR *)(tag + 16), &key,
				      desc_size, desc_version);
		if (st == EFI_BUFFER_TOO_SMALL && grows++ < 4) {
			/* The map grew past the room left: a bigger buffer, then again. */
			UINTN need = *map_size + 8 * *desc_size;

			mb2_free(mi);
			st = alloc_info(mi, plan, need);
			if (EFI_ERROR(st))
				return st;
			continue;
		}
		if (EFI_ERROR(st))
			return st;

		++*attempts;
		use_key = *attempts <= plan->stale_map_keys ? ~key : key;
		st = BS->ExitBootServices(image, use_key);
		if (!EFI_ERROR(st)) {
			mi->map_tag = (UINT32)(tag - (UINT8 *)(UINTN)mi->base);
			return EFI_SUCCESS;
		}
		if (st != EFI_INVALID_PARAMETER)
			return st;
	}
	return st;
}

/* Close the information structure: map tag, loader name, end tag, total size. */
static void finish_info(struct mb2_info *mi, UINTN map_size, UINTN desc_size,
			UINT32 desc_version, unsigned int attempts)
{
	UINT8 *base = (UINT8 *)(UINTN)mi->base;
	UINT32 *tag = (UINT32 *)(base + mi->map_tag);
	char *name;

	tag[0] = MB2_TAG_EFI_MMAP;
	tag[1] = (UINT32)(16 + map_size);
	tag[2] = (UINT32)desc_size;
	tag[3] = desc_version;
	mi->len = mi->map_tag + tag[1];

	name = mb2_add_tag(mi, MB2_TAG_LOADER_NAME, LOADER_NAME_TAG_MAX);
	if (attempts > 1)
		snprintf(name, LOADER_NAME_TAG_MAX, "%s (ExitBootServices attempts: %u)",
			     LOADER_NAME, attempts);
	else
		snprintf(name, LOADER_NAME_TAG_MAX, "%s", LOADER_NAME);
	mb2_add_tag(mi, MB2_TAG_END, 0);
	((UINT32 *)base)[0] = mi->len;
	((UINT32 *)base)[1] = 0;
}

static EFI_STATUS boot(EFI_HANDLE image)
{
	static struct boot_plan plan;
	struct loader_fs fs;
	struct kernel_image kimg;
	struct mb2_info mi = { 0 };
	CHAR16 kpath[LOADER_PATH_MAX];
	EFI_PHYSICAL_ADDRESS tramp = 0xffffffffULL;
	void *kbuf = NULL;
	UINTN ksize, map_size = 0, desc_size = 0, key;
	UINT32 desc_version = 0;
	unsigned int attempts;
	const char *why;
	bool kernel_placed = false;
	EFI_STATUS st;

	st = fs_open(image, &fs);
	if (EFI_ERROR(st))
		return st;
	con_printf("%s, loading from %ls\n", LOADER_NAME, fs.dir[0] ? fs.dir : L"\\");

	st = get_cmdline(&fs, &plan);
	if (EFI_ERROR(st))
		goto out;

	st = fs_path(&fs, KERNEL_FILE_NAME, kpath);
	if (EFI_ERROR(st))
		goto out;
	st = fs_read(&fs, kpath, KERNEL_FILE_MAX, &kbuf, &ksize, false);
	if (EFI_ERROR(st)) {
		if (st == EFI_NOT_FOUND)
			con_error("no kernel: put the x86_64 numabuddy.elf beside the loader as %ls\n",
				  kpath);
		goto out;
	}
	why = elf_check(kbuf, ksize, &kimg);
	if (why) {
		con_error("%ls is not a kernel this loader can start: %s\n", kpath, why);
		st = EFI_LOAD_ERROR;
		goto out;
	}
	st = elf_load(kbuf, &kimg);
	if (EFI_ERROR(st))
		goto out;
	kernel_placed = true;
	con_printf("kernel %ls: %u segments at [mem %#010lx-%#010lx], entry %#lx\n", kpath,
		   kimg.nr_load, kimg.start, kimg.end - 1, kimg.entry);
	BS->FreePool(kbuf);
	kbuf = NULL;

	st = load_module(&fs, &plan);
	if (EFI_ERROR(st))
		goto out;

	st = find_acpi(&plan);
	if (EFI_ERROR(st))
		goto out;

	st = BS->AllocatePages(AllocateMaxAddress, EfiLoaderCode, 1, &tramp);
	if (EFI_ERROR(st)) {
		con_error("no page below 4 GiB for the mode-switch code: %s\n", efi_strerror(st));
		tramp = 0;
		goto out;
	}

	/* Size the information for today's map plus room for the allocations still to come. */
	map_size = 0;
	st = BS->GetMemoryMap(&map_size, NULL, &key, &desc_size, &desc_version);
	if (st != EFI_BUFFER_TOO_SMALL) {
		con_error("GetMemoryMap did not report the map's size: %s\n", efi_strerror(st));
		if (!EFI_ERROR(st))
			st = EFI_DEVICE_ERROR;
		goto out;
	}
	if (map_size > KERNEL_EFI_MMAP_MAX)
		con_printf("warning: the UEFI memory map is %lu bytes; the kernel keeps only the "
			   "first %u\n", (UINT64)map_size, KERNEL_EFI_MMAP_MAX);
	st = alloc_info(&mi, &plan, map_size + 16 * desc_size);
	if (EFI_ERROR(st))
		goto out;

	con_printf("boot information at %#lx; exiting boot services and starting the kernel\n",
		   mi.base);
	fs_close(&fs);
	st = exit_boot_services(image, &mi, &plan, &map_size, &desc_size, &desc_version,
				&attempts);
	if (EFI_ERROR(st)) {
		/* Boot services are still there; the console works on OVMF (best effort elsewhere). */
		con_error("ExitBootServices failed after %u attempt%s (%s)%s\n", attempts,
			  attempts == 1 ? "" : "s", efi_strerror(st),
			  st == EFI_INVALID_PARAMETER ?
			  ": the memory map key was stale every time" : "");
		goto out;
	}

	/* Boot services are gone: no firmware calls, no output from here on. */
	con_stop();
	finish_info(&mi, map_size, desc_size, desc_version, attempts);
	memcpy((void *)(UINTN)tramp, trampoline_start,
	       (UINTN)(trampoline_end - trampoline_start));
	((void (*)(UINT32, UINT32, UINT32, UINT32))(UINTN)tramp)(
		(UINT32)kimg.entry, MB2_BOOTLOADER_MAGIC, (UINT32)mi.base, (UINT32)tramp + 4096);
	__builtin_unreachable();

out:
	if (plan.module_pages)
		BS->FreePages(plan.module_start, plan.module_pages);
	plan.module_pages = 0;
	mb2_free(&mi);
	if (tramp)
		BS->FreePages(tramp, 1);
	if (kernel_placed)
		BS->FreePages(kimg.start, (kimg.end - kimg.start) / 4096);
	if (kbuf)
		BS->FreePool(kbuf);
	fs_close(&fs);
	return st;
}

/* Called by gnu-efi's crt0 (System V ABI) after it has relocated the image. */
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab);

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_STATUS st;

	ST = systab;
	BS = systab->BootServices;
	con_init(systab);
	st = boot(image);
	con_error("boot failed (%s); returning to the firmware\n", efi_strerror(st));
	return st;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * x86 start-up in C: the console, descriptor tables, the boot information
 * and the clock, then the generic start_kernel(). setup_arch() is where
 * firmware discovery and memory setup run, called back from start_kernel().
 */
#include <kernel/types.h>
#include <kernel/printk.h>
#include <kernel/params.h>
#include <kernel/panic.h>
#include <kernel/bench.h>
#include <lib/string.h>
#include <arch/boot.h>
#include <arch/cpu.h>
#include <asm/setup.h>
#include <asm/e820.h>
#include <asm/early_map.h>
#include <asm/pgtable.h>
#include <mm/memblock.h>
#include <mm/mmzone.h>
#include <mm/mm_init.h>
#include <mm/memory_model.h>
#include <mm/page_alloc.h>
#include <arch/memory.h>
#include <asm/acpi.h>
#include <asm/efi.h>
#include <asm/numa.h>
#include <asm/acpi.h>
#include <mm/memory_tiers.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/gdbstub.h>

void *boot_phys_to_virt(phys_addr_t phys, size_t size)
{
	if (phys >= BOOT_IDENT_LIMIT || size > BOOT_IDENT_LIMIT - phys)
		return NULL;
#ifdef __x86_64__
	return (void *)(uintptr_t)(PAGE_OFFSET + phys);
#else
	return (void *)(uintptr_t)phys;
#endif
}

static const char *const boot_source_names[] = {
	[BOOT_SRC_UNKNOWN] = "unknown",
	[BOOT_SRC_MULTIBOOT1] = "multiboot1",
	[BOOT_SRC_MULTIBOOT2] = "multiboot2",
	[BOOT_SRC_EFI] = "EFI",
};

void x86_start_kernel(void)
{
	x86_cpu_init();		/* first: the per-CPU segment (smp_processor_id()) */
	serial_init();
	console_register(serial_write);

	bool known = parse_multiboot(boot_multiboot_magic, boot_multiboot_info);
	strscpy(boot_command_line, boot_info.cmdline, COMMAND_LINE_SIZE);

	tsc_init();
	if (!known)
		pr_err("boot: unknown loader magic %#x: no boot information, continuing without it\n",
		       boot_multiboot_magic);
	else
		pr_info("boot: %s from %s\n", boot_source_names[boot_info.source],
			boot_info.loader_name[0] ? boot_info.loader_name : "an unnamed loader");
	if (boot_info.cmdline_truncated)
		pr_warn("boot: command line truncated to %d bytes\n", BOOT_CMDLINE_MAX - 1);
	gdbstub_early_init();	/* gdbstub=, kgdbwait */
	start_kernel();
}

u64 max_pfn, max_low_pfn;

unsigned long arch_kernel_image_bytes(void)
{
	return (unsigned long)(boot_info.kernel_end - boot_info.kernel_start);
}

/* Memory in use before the allocator knows anything: never hand it out. */
static void reserve_boot_memory(void)
{
	memblock_reserve(boot_info.kernel_start, boot_info.kernel_end - boot_info.kernel_start);
	if (boot_info.info_end > boot_info.info_start)
		memblock_reserve(boot_info.info_start, boot_info.info_end - boot_info.info_start);
	for (u32 i = 0; i < boot_info.nr_modules; i++)
		if (boot_info.modules[i].end > boot_info.modules[i].start)
			memblock_reserve(boot_info.modules[i].start,
					 boot_info.modules[i].end - boot_info.modules[i].start);
	/* The AP trampoline: free RAM below 1 MiB, picked before all of it is reserved. */
	trampoline_reserve();
	/* Linux keeps the first 1 MiB away from the page allocator (BIOS data, real mode). */
	memblock_reserve(0, 1ULL << 20);
}

/*
 * Every node 0 .. nr_node_ids - 1 gets a pglist_data: the one
 * x86_numa_init() placed on the node (and logged as Linux does), or, for a
 * node Linux leaves offline (no memory, or NODE_DATA could not be placed),
 * one from anywhere.
 */
static void setup_node_data(void)
{
	const size_t size = ALIGN(sizeof(pg_data_t), PAGE_SIZE);

	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		phys_addr_t pa = numa_node_data_phys(nid);

		if (NODE_DATA(nid))
			continue;	/* placed by numa_kva_setup() */
		if (!pa) {
			/* Linux's arch_alloc_nodedata() for an offline node: anywhere. */
			pa = memblock_phys_alloc_try_nid(size, PAGE_SIZE, NUMA_NO_NODE);
			if (!pa)
				panic("Cannot allocate pglist_data for node %d", nid);
			if (node_has_memory(nid))
				node_set(nid, free_area_init_offline_nodes);
		}
		NODE_DATA(nid) = __va(pa);
		memset(NODE_DATA(nid), 0, sizeof(pg_data_t));
	}
}

/*
 * RAM past what the architecture maps (max_pfn is clamped to max_arch_pfn,
 * e.g. memmap=100T@4G) leaves memblock here, so that no node range, NODE_DATA
 * or memmap is ever placed or sized beyond it.
 */
static void clamp_ram_to_max_pfn(void)
{
	phys_addr_t limit, end = memblock_end_of_DRAM();
	u32 a, b, c, d, bits = 36;

	/* The CPU's physical address width: a page table cannot name more. */
	cpuid(0x80000000, 0, &a, &b, &c, &d);
	if (a >= 0x80000008) {
		cpuid(0x80000008, 0, &a, &b, &c, &d);
		bits = a & 0xff;
	}
	if (bits >= 12 && bits < 64 && max_pfn > (1ULL << (bits - PAGE_SHIFT))) {
		pr_warn("e820: the CPU addresses %u physical bits: last_pfn = 0x%llx\n", bits,
			1ULL << (bits - PAGE_SHIFT));
		max_pfn = 1ULL << (bits - PAGE_SHIFT);
		max_low_pfn = min(max_pfn, max_low_pfn);
	}
	limit = (phys_addr_t)max_pfn << PAGE_SHIFT;
	if (end <= limit)
		return;
	pr_warn("e820: RAM [mem %#018llx-%#018llx] is beyond max_pfn and is ignored\n",
		(unsigned long long)limit, (unsigned long long)end - 1);
	memblock_remove(limit, end - limit);
	e820__range_remove(limit, end - limit, E820_TYPE_RAM, true);
	e820__update_table(&e820_table);
}

/*
 * RAM that only mem=/memmap= declares (the firmware's map lists nothing
 * there, e.g. memmap=10G@4G on a 2 GiB machine) may not exist: reads of it
 * return junk and writes vanish, so the first pglist_data or memmap placed
 * there would take the kernel down without a word. Linux trusts the user;
 * numabuddy probes such RAM once, one word pair every RAM_PROBE_STRIDE
 * from its start, and removes it from the first probe that gets no answer
 * to the end of the unlisted range (firmware RAM is not probed: the
 * firmware saw it). Memory memblock has reserved (the kernel image, the
 * page tables) is in use, hence there, and is not written.
 */
#define RAM_PROBE_STRIDE	(2ULL << 20)
#define RAM_PROBE_PATTERN	0x5aa5c33c96695aa5ULL

static bool ram_answers(phys_addr_t pa)
{
	volatile u64 *p;
	u64 old0, old1;
	bool ok;

	if (memblock_is_reserved(pa) || memblock_is_reserved(pa + 8))
		return true;
#ifdef CONFIG_X86_64
	p = arch_phys_to_virt(pa);	/* the kernel's direct map covers memblock.memory */
#else
	p = early_memremap(pa, 16);
	if (!p)
		return true;		/* cannot look: trust the map, as Linux does */
#endif
	old0 = p[0];
	old1 = p[1];
	/* Two cells with opposite patterns, twice: a floating bus cannot echo both. */
	p[0] = RAM_PROBE_PATTERN;
	p[1] = ~RAM_PROBE_PATTERN;
	ok = p[0] == RAM_PROBE_PATTERN && p[1] == ~RAM_PROBE_PATTERN;
	p[0] = ~RAM_PROBE_PATTERN;
	p[1] = RAM_PROBE_PATTERN;
	ok = ok && p[0] == ~RAM_PROBE_PATTERN && p[1] == RAM_PROBE_PATTERN;
	p[0] = old0;
	p[1] = old1;
#ifndef CONFIG_X86_64
	early_memunmap((void *)p, 16);
#endif
	return ok;
}

/* Probe [start, end) (unlisted by the firmware); returns where RAM stops answering, or @end. */
static phys_addr_t probe_unlisted_ram(phys_addr_t start, phys_addr_t end)
{
	phys_addr_t pa = start;

	/* Less than a whole page holds no page the kernel could use: nothing to probe. */
	if (ALIGN(start, PAGE_SIZE) + PAGE_SIZE > end)
		return end;
	while (pa < end) {
		if (!ram_answers(ALIGN_DOWN(min(pa, end - 16), 8)))
			return ALIGN_DOWN(pa, PAGE_SIZE);
		pa = ALIGN(pa + 1, RAM_PROBE_STRIDE);
	}
	return ram_answers(ALIGN_DOWN(end - 16, 8)) ? end : ALIGN_DOWN(end - 1, PAGE_SIZE);
}

static void remove_unanswering_user_ram(void)
{
	phys_addr_t start, end, removed = 0;
	u64 idx = 0, gs, ge;
	int nid;

	while (memblock_next_mem_range(&idx, NUMA_NO_NODE, &start, &end, &nid)) {
		while (start < end && e820__firmware_unlisted(start, end, &gs, &ge)) {
			phys_addr_t stop = probe_unlisted_ram(gs, ge);

			start = ge;
			if (stop >= ge)
				continue;
			pr_err("e820: no RAM answers at [mem %#018llx-%#018llx], which only mem=/memmap= declares; not using it\n",
			       (unsigned long long)stop, (unsigned long long)ge - 1);
			e820__range_remove(stop, ge - stop, E820_TYPE_RAM, true);
			memblock_remove(stop, ge - stop);
			removed += ge - stop;
			idx = 0;	/* memblock.memory changed: walk it again */
			break;
		}
	}
	if (!removed)
		return;
	e820__update_table(&e820_table);
	e820__print_table("probed");
	max_pfn = min(max_pfn, (u64)PFN_UP(memblock_end_of_DRAM()));
	max_low_pfn = min(max_pfn, max_low_pfn);
}

/*
 * The smallest machine numabuddy boots and passes its self-tests on: QEMU's
 * -m 12M leaves 11768 KiB of RAM once the BIOS and the ISA hole are out, in
 * every configuration (measured; -m 8M boots but some self-tests fail for
 * want of memory, and with less the early tables do not fit: the i386 KVA
 * window, aligned down to a MAX_ORDER block, would leave no ZONE_NORMAL).
 */
#define MIN_RAM_MB	11

/* One clear line and a failure exit, before anything is sized by the RAM. */
static void check_min_ram(void)
{
	u64 mb = memblock_phys_mem_size() >> 20;

	if (mb >= MIN_RAM_MB)
		return;
	pr_emerg("numabuddy needs at least %d MiB of RAM, found %llu\n", MIN_RAM_MB,
		 (unsigned long long)mb);
	arch_exit(ARCH_EXIT_FAILURE);
}

/* Linux's zone_sizes_init(): where each zone's possible range ends. */
static void zone_sizes_init(void)
{
	unsigned long max_zone_pfn[MAX_NR_ZONES] = { 0 };

	max_zone_pfn[ZONE_DMA] = min(MAX_DMA_PFN, (unsigned long)max_low_pfn);
#ifdef CONFIG_ZONE_DMA32
	max_zone_pfn[ZONE_DMA32] = min(MAX_DMA32_PFN, (unsigned long)max_low_pfn);
#endif
	max_zone_pfn[ZONE_NORMAL] = max_low_pfn;
#ifdef CONFIG_HIGHMEM
	max_zone_pfn[ZONE_HIGHMEM] = max_pfn;
#endif
	free_area_init(max_zone_pfn);
}

static u32 boot_cpu_apicid(void)
{
	u32 a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	return b >> 24;
}

/*
 * Linux's setup_arch() order: the firmware map, early parameters and the
 * user's map, the early trims, the RAM limits, memblock, the kernel's page
 * tables, then firmware tables and NUMA.
 */
void setup_arch(void)
{
	pr_info("Command line: %s\n", boot_command_line);
	e820__memory_setup(&boot_info);
	parse_early_param();
	e820__finish_early_params();
	efi_init(&boot_info);		/* Linux's place for it; finds the RSDP's address */
	e820__add_kernel_range(boot_info.kernel_start, boot_info.kernel_end);
	e820__trim_early();

	max_pfn = e820__end_of_ram_pfn();
	if (max_pfn > (1ULL << (32 - PAGE_SHIFT_4K)))
		e820__end_of_low_ram_pfn();	/* Linux prints it; x86_64 has no lowmem limit */
	max_low_pfn = min(max_pfn, (u64)ARCH_MAX_LOW_PFN);

	e820__memblock_setup();
	clamp_ram_to_max_pfn();
	check_min_ram();
	/* Until the kernel's own tables exist, allocate only what the boot tables map. */
	memblock_set_current_limit(ARCH_EARLY_ALLOC_LIMIT);
	reserve_boot_memory();

	init_mem_mapping();
	remove_unanswering_user_ram();

	acpi_boot_table_init(&boot_info);
	acpi_parse_madt((int)boot_cpu_apicid());
#if defined(CONFIG_X86_32) && defined(CONFIG_MEMMODEL_DISCONTIG)
	/*
	 * The KVA window takes the end of lowmem and holds other nodes'
	 * pglist_data: allocate the remaining ones only once it exists, so
	 * that none lands where the window goes.
	 */
	numa_node_data_size = 0;
	x86_numa_init();
	numa_kva_setup();
	numa_node_data_size = ALIGN(sizeof(pg_data_t), PAGE_SIZE);
	numa_alloc_node_data();
#else
	numa_node_data_size = ALIGN(sizeof(pg_data_t), PAGE_SIZE);
	x86_numa_init();
#endif
	setup_node_data();
	zone_sizes_init();
	memory_model_init();
	bench_memmap_init_begin();	/* memmap_init_per_page (kernel/bench.c) */
	memmap_init();
	bench_memmap_init_end();
	acpi_boot_init();
	setup_per_cpu_areas();	/* node-local, from memblock: before the buddy takes over */
	mem_init();
	/* Linux's subsys_initcalls hmat_init() and memory_tier_init(): node states are known. */
	hmat_init();
	memory_tier_init();
}

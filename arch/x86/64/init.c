// SPDX-License-Identifier: GPL-2.0-only
/*
 * x86_64 kernel page tables, built once memblock knows the RAM:
 *
 *   PAGE_OFFSET + [0, 4 GiB)        everything below 4 GiB (RAM, firmware
 *                                   tables, MMIO; 3-4 GiB uncached), so that
 *                                   early_memremap of firmware tables works
 *   PAGE_OFFSET + RAM above 4 GiB   every memblock.memory range
 *   KERNEL_VMA + image              text read-only and executable, rodata
 *                                   read-only, data and bss writable; the
 *                                   last two not executable
 *
 * Large pages (1 GiB where the CPU has them, else 2 MiB) wherever the range
 * allows. Page-table pages come from memblock below 4 GiB, written through
 * the boot tables' alias, which the new tables keep at the same address.
 */
#include <kernel/types.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <kernel/errno.h>
#include <arch/memory.h>
#include <mm/page_alloc.h>
#include <lib/string.h>
#include <mm/memblock.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/pgtable.h>

static u64 *kernel_pml4;
static bool have_gbpages, have_nx;
static unsigned long nr_table_pages;

static u64 *alloc_table(void)
{
	phys_addr_t pa = memblock_phys_alloc_range(PAGE_SIZE_4K, PAGE_SIZE_4K, 0, BOOT_IDENT_LIMIT);

	if (!pa)
		panic("init_mem_mapping: out of memory for page tables");
	u64 *t = (u64 *)(PAGE_OFFSET + pa);
	memset(t, 0, PAGE_SIZE_4K);
	nr_table_pages++;
	return t;
}

static u64 *next_level(u64 *entry)
{
	if (!(*entry & _PAGE_PRESENT)) {
		u64 *t = alloc_table();
		*entry = ((u64)t - PAGE_OFFSET) | _PAGE_PRESENT | _PAGE_RW;
	}
	BUG_ON(*entry & _PAGE_PSE);	/* never split a large page here */
	return (u64 *)(PAGE_OFFSET + (*entry & PTE_PFN_MASK));
}

/*
 * debug_pagealloc=on: the direct map uses 4 KiB pages only, so that each
 * free page can be unmapped on its own (arch_set_direct_map()).
 */
static bool direct_map_4k;

/* Map [va, va + size) to [pa, ...) with @prot, using the largest pages that fit. */
static void map_range(unsigned long va, phys_addr_t pa, u64 size, u64 prot)
{
	bool large = !(direct_map_4k && va >= PAGE_OFFSET && va < KERNEL_VMA);

	if (!have_nx)
		prot &= ~_PAGE_NX;
	while (size) {
		u64 *pml4e = &kernel_pml4[(va >> 39) & 511];
		u64 *pdpt = next_level(pml4e);
		u64 *pdpte = &pdpt[(va >> 30) & 511];

		if (large && have_gbpages && IS_ALIGNED(va | pa, 1UL << 30) && size >= (1UL << 30)) {
			*pdpte = pa | prot | _PAGE_PSE;
			va += 1UL << 30; pa += 1UL << 30; size -= 1UL << 30;
			continue;
		}
		u64 *pd = next_level(pdpte);
		u64 *pde = &pd[(va >> 21) & 511];
		if (large && IS_ALIGNED(va | pa, 1UL << 21) && size >= (1UL << 21)) {
			*pde = pa | prot | _PAGE_PSE;
			va += 1UL << 21; pa += 1UL << 21; size -= 1UL << 21;
			continue;
		}
		u64 *pt = next_level(pde);
		pt[(va >> 12) & 511] = pa | prot;
		va += PAGE_SIZE_4K; pa += PAGE_SIZE_4K; size -= PAGE_SIZE_4K;
	}
}

extern char _rodata[], _erodata[], _data[];

void init_mem_mapping(void)
{
	u32 a, b, c, d;

	cpuid(0x80000001, 0, &a, &b, &c, &d);
	have_gbpages = d & (1U << 26);
	have_nx = rdmsr(MSR_EFER) & EFER_NX;

	kernel_pml4 = alloc_table();
	direct_map_4k = debug_pagealloc_enabled;

	/* Low 4 GiB: RAM and firmware write-back; the 3-4 GiB MMIO window uncached. */
	map_range(PAGE_OFFSET, 0, 3UL << 30, PAGE_KERNEL);
	map_range(PAGE_OFFSET + (3UL << 30), 3UL << 30, 1UL << 30, PAGE_KERNEL_NOCACHE);

	u64 idx = 0;
	phys_addr_t start, end;
	int nid;
	while (memblock_next_mem_range(&idx, NUMA_NO_NODE, &start, &end, &nid)) {
		if (end <= BOOT_IDENT_LIMIT)
			continue;
		start = max(start, (phys_addr_t)BOOT_IDENT_LIMIT);
		start = ALIGN_DOWN(start, PAGE_SIZE_4K);
		end = ALIGN(end, PAGE_SIZE_4K);
		map_range(PAGE_OFFSET + start, start, end - start, PAGE_KERNEL);
	}

	/* The kernel image, by section. */
	unsigned long text = (unsigned long)_text, etext = ALIGN((unsigned long)_etext, PAGE_SIZE_4K);
	unsigned long ro = (unsigned long)_rodata, ero = ALIGN((unsigned long)_erodata, PAGE_SIZE_4K);
	unsigned long data = (unsigned long)_data, end_img = ALIGN((unsigned long)_end, PAGE_SIZE_4K);
	map_range(text, text - KERNEL_VMA, etext - text, PAGE_KERNEL_EXEC_RO);
	map_range(ro, ro - KERNEL_VMA, ero - ro, PAGE_KERNEL_RO);
	map_range(data, data - KERNEL_VMA, end_img - data, PAGE_KERNEL);

	write_cr3((u64)kernel_pml4 - PAGE_OFFSET);
	memblock_set_current_limit(MEMBLOCK_ALLOC_ANYWHERE);
	pr_info("x86/mm: direct map of %llu MiB of RAM above 4 GiB plus the low 4 GiB, %lu page-table pages%s\n",
		(unsigned long long)((memblock_end_of_DRAM() > BOOT_IDENT_LIMIT ?
				      memblock_end_of_DRAM() - BOOT_IDENT_LIMIT : 0) >> 20),
		nr_table_pages, direct_map_4k ? ", 4 KiB pages (debug_pagealloc)" :
		have_gbpages ? ", 1 GiB pages" : "");
}

bool arch_debug_pagealloc_supported(void)
{
	return true;
}

/* Present or not, each 4 KiB direct-map page of [pfn, pfn + nr) (debug_pagealloc). */
void arch_set_direct_map(unsigned long pfn, unsigned long nr, bool present)
{
	BUG_ON(!direct_map_4k);
	for (unsigned long i = 0; i < nr; i++) {
		unsigned long va = PAGE_OFFSET + ((pfn + i) << PAGE_SHIFT_4K);
		u64 *e = (u64 *)(PAGE_OFFSET + (read_cr3() & PTE_PFN_MASK));

		for (int shift = 39; shift > 12; shift -= 9) {
			u64 entry = e[(va >> shift) & 511];
			BUG_ON(!(entry & _PAGE_PRESENT) || (entry & _PAGE_PSE));
			e = (u64 *)(PAGE_OFFSET + (entry & PTE_PFN_MASK));
		}
		u64 *pte = &e[(va >> 12) & 511];
		*pte = present ? (*pte | _PAGE_PRESENT) : (*pte & ~_PAGE_PRESENT);
		__asm__ __volatile__("invlpg (%0)" :: "r"(va) : "memory");
	}
}

/* Back [start, end) of the virtual memmap with zeroed pages of node @nid (4 KiB pages). */
int vmemmap_populate(unsigned long start, unsigned long end, int nid)
{
	BUG_ON(!kernel_pml4);
	for (unsigned long va = ALIGN_DOWN(start, PAGE_SIZE_4K); va < end; va += PAGE_SIZE_4K) {
		if (slow_virt_to_phys((void *)va) != ~(phys_addr_t)0)
			continue;	/* shared with the previous section's slice */
		phys_addr_t pa = memblock_phys_alloc_try_nid(PAGE_SIZE_4K, PAGE_SIZE_4K, nid);
		if (!pa)
			return -ENOMEM;
		map_range(va, pa, PAGE_SIZE_4K, PAGE_KERNEL);
		memset((void *)va, 0, PAGE_SIZE_4K);
	}
	return 0;
}

phys_addr_t slow_virt_to_phys(const void *va)
{
	unsigned long v = (unsigned long)va;
	u64 e = (u64)(PAGE_OFFSET + (read_cr3() & PTE_PFN_MASK));
	static const int shifts[] = { 39, 30, 21, 12 };

	for (int level = 0; level < 4; level++) {
		u64 entry = ((u64 *)e)[(v >> shifts[level]) & 511];

		if (!(entry & _PAGE_PRESENT))
			return ~(phys_addr_t)0;
		if (level == 3 || (level > 0 && (entry & _PAGE_PSE))) {
			u64 mask = (1ULL << shifts[level]) - 1;
			return (entry & PTE_PFN_MASK & ~mask) | (v & mask);
		}
		e = PAGE_OFFSET + (entry & PTE_PFN_MASK);
	}
	return ~(phys_addr_t)0;
}

void *arch_phys_to_virt(phys_addr_t pa)
{
	return __va(pa);
}

phys_addr_t arch_virt_to_phys(const void *va)
{
	return __pa(va);
}

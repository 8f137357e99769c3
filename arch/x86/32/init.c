// SPDX-License-Identifier: GPL-2.0-only
/*
 * i386 PAE kernel page tables, built once memblock knows the RAM. The
 * virtual layout, with its addresses, is documented in asm/pgtable_32.h.
 *
 * init_mem_mapping() replaces the boot tables (boot/head_32.asm: identity
 * 0-3 GiB and 1020 MiB at PAGE_OFFSET) by:
 *   - a PDPT whose first three entries are not present: no identity map,
 *     nothing below PAGE_OFFSET;
 *   - lowmem [0, max_low_pfn) at PAGE_OFFSET, 2 MiB pages where a whole
 *     block is lowmem and holds no part of the kernel image, 4 KiB pages
 *     elsewhere (the image gets its own protections: text read-only and
 *     executable, rodata read-only, everything else writable and, when the
 *     CPU has NX, not executable); with debug_pagealloc=on, 4 KiB pages
 *     everywhere (see "debug_pagealloc" below);
 *   - the PKMAP page table and the fixmap page tables, empty, with the top
 *     page (FIX_HOLE, 0xfffff000) never mapped.
 *
 * Invariants once kernel_pgtables_live is set:
 *   - CR3 holds swapper_pg_dir; only PDPT entry 3 is present;
 *   - PDE 508 points at pkmap_pte, PDEs 509-511 at fixmap_pte, and nobody
 *     replaces them (set_pmd_large()/clear_pmd() refuse those addresses);
 *   - page-table pages are in lowmem, so below 4 GiB (CR3 and the PDPT
 *     entries need that); they are static, except debug_pagealloc's, which
 *     come from memblock and are never inside a block set_pmd_large() or
 *     clear_pmd() replace (both BUG first).
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <kernel/report.h>
#include <lib/string.h>
#include <mm/memblock.h>
#include <mm/mmzone.h>
#include <mm/page_alloc.h>
#include <arch/memory.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/pgtable.h>
#include <asm/pgtable_32.h>
#ifdef CONFIG_MEMMODEL_DISCONTIG
#include <asm/kva.h>
#endif

/* 4 KiB page tables inside lowmem: the image's 2 MiB blocks and a partial last block. */
#define PT_POOL_PAGES	16

static u64 swapper_pg_dir[PTRS_PER_PGD] __aligned(32);
static u64 kernel_pmd[PTRS_PER_PMD] __aligned(4096);
static u64 pkmap_pte[PTRS_PER_PTE] __aligned(4096);
static u64 fixmap_pte[FIXMAP_PMDS * PTRS_PER_PTE] __aligned(4096);
static u64 pt_pool[PT_POOL_PAGES][PTRS_PER_PTE] __aligned(4096);
static unsigned int pt_pool_used;

bool kernel_pgtables_live;
bool pgtable_have_nx;

_Static_assert(PAGE_OFFSET == 0xC0000000UL && KERNEL_VMA == PAGE_OFFSET,
	       "the kernel image is inside the direct map: one PDPT entry, one PD");

/* The kernel's PD covers [PAGE_OFFSET, 4 GiB): index of a kernel address. */
static unsigned int pmd_index(unsigned long vaddr)
{
	BUG_ON(vaddr < PAGE_OFFSET);
	return (vaddr - PAGE_OFFSET) >> PMD_SHIFT;
}

#define PKMAP_PMD	((PKMAP_BASE - PAGE_OFFSET) >> PMD_SHIFT)
#define FIXMAP_PMD	((FIXMAP_PMD_BASE - PAGE_OFFSET) >> PMD_SHIFT)
_Static_assert(PKMAP_PMD == 508 && FIXMAP_PMD == 509 && FIXMAP_PMD + FIXMAP_PMDS == 512,
	       "PKMAP is PDE 508, the fixmap PDEs 509-511");

u64 pgprot_fixup(u64 prot)
{
	return pgtable_have_nx ? prot : prot & ~_PAGE_NX;
}

/*
 * debug_pagealloc=on: every lowmem page has a PTE of its own, so that
 * arch_set_direct_map() can unmap a free page alone. One page table per
 * 2 MiB of lowmem (444 pages, 1.7 MiB, for the largest lowmem) is more than
 * the static pool holds: they come from memblock, as one run
 * [dm_pt_base, dm_pt_base + dm_pt_pages pages) taken bottom-up from the
 * first free memory above the kernel image. Not from the top of lowmem,
 * where memblock would put them: on DISCONTIG the KVA window is carved
 * from there later (numa_kva_setup()), and set_pmd_large()/clear_pmd()
 * refuse a block holding the run. The run is in lowmem, and written before
 * the switch through the boot tables' PAGE_OFFSET alias, which covers all
 * of it (below).
 */
static bool direct_map_4k;
static phys_addr_t dm_pt_base;
static unsigned long dm_pt_pages, dm_pt_used;

_Static_assert((ARCH_MAX_LOW_PFN << PAGE_SHIFT_4K) <= (1020UL << 20),
	       "boot/head_32.asm maps 1020 MiB at PAGE_OFFSET: all of lowmem, so __va() works "
	       "on lowmem page tables before init_mem_mapping() switches CR3");

/*
 * Reserve @size bytes (whole pages) of lowmem at the lowest free address
 * at or above @floor; 0 if no free range holds them. memblock itself only
 * allocates top-down: this finds the lowest range that fits and asks for
 * exactly that.
 */
static phys_addr_t alloc_low_run(phys_addr_t size, phys_addr_t floor)
{
	const phys_addr_t limit = PFN_PHYS(max_low_pfn);
	phys_addr_t start, end, pa;
	u64 idx = 0;

	BUG_ON(size & (PAGE_SIZE_4K - 1));
	while (memblock_next_free_range(&idx, NUMA_NO_NODE, &start, &end, NULL)) {
		start = max(ALIGN(start, PAGE_SIZE_4K), floor);
		end = min(end, limit);
		if (start >= end || end - start < size)
			continue;
		pa = memblock_phys_alloc_range(size, PAGE_SIZE_4K, start, start + size);
		BUG_ON(pa && pa != start);
		return pa;
	}
	return 0;
}

/* Set up the run for a 4 KiB lowmem map; false (and a message) if memblock has no room. */
static bool dm_pt_alloc(void)
{
	phys_addr_t floor = ALIGN((phys_addr_t)(uintptr_t)__kernel_phys_end, PAGE_SIZE_4K);

	dm_pt_pages = DIV_ROUND_UP((unsigned long)max_low_pfn, PTRS_PER_PTE);
	dm_pt_base = alloc_low_run(PFN_PHYS(dm_pt_pages), floor);
	if (!dm_pt_base) {
		pr_warn("debug_pagealloc: no free %lu KiB of lowmem above the kernel image for 4 KiB page tables: lowmem keeps its 2 MiB pages\n",
			dm_pt_pages << (PAGE_SHIFT_4K - 10));
		dm_pt_pages = 0;
		return false;
	}
	return true;
}

/* Is @pa one of the run's page tables in use? */
static bool dm_pt_owns(phys_addr_t pa)
{
	return pa >= dm_pt_base && pa < dm_pt_base + PFN_PHYS(dm_pt_used);
}

static u64 *alloc_pt(void)
{
	if (direct_map_4k) {
		BUG_ON(dm_pt_used >= dm_pt_pages);
		return __va(dm_pt_base + PFN_PHYS(dm_pt_used++));
	}
	if (pt_pool_used >= PT_POOL_PAGES)
		panic("init_mem_mapping: more than %d page tables needed inside lowmem", PT_POOL_PAGES);
	return pt_pool[pt_pool_used++];
}

u64 *kmap_pte_of(unsigned long vaddr)
{
	if (vaddr >= PKMAP_BASE && vaddr < PKMAP_ADDR(LAST_PKMAP))
		return &pkmap_pte[PKMAP_NR(vaddr)];
	BUG_ON(vaddr < FIXMAP_PMD_BASE);
	return &fixmap_pte[(vaddr - FIXMAP_PMD_BASE) >> PAGE_SHIFT_4K];
}

void flush_tlb_all(void)
{
	unsigned long cr4 = read_cr4();

	if (cr4 & X86_CR4_PGE) {
		write_cr4(cr4 & ~X86_CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
	}
}

/*
 * The lowmem PDE of the 2 MiB block at @vaddr, about to be replaced (the
 * PKMAP and fixmap tables stay where they are). The block must not hold
 * debug_pagealloc's page tables: they would go with it. A 4 KiB table of
 * theirs the PDE pointed at goes back to memblock, which still owns free
 * memory (these are setup_arch()'s: the KVA window and the lowmem trim).
 */
static u64 *lowmem_pmd_replace(unsigned long vaddr)
{
	phys_addr_t block = (phys_addr_t)(vaddr - PAGE_OFFSET);
	u64 *pmd;

	BUG_ON(vaddr & ~PMD_MASK);
	BUG_ON(vaddr < PAGE_OFFSET || vaddr >= PAGE_OFFSET + MAXMEM);
	BUG_ON(dm_pt_used && block < dm_pt_base + PFN_PHYS(dm_pt_used) &&
	       block + PMD_SIZE > dm_pt_base);
	pmd = &kernel_pmd[pmd_index(vaddr)];
	if ((*pmd & _PAGE_PRESENT) && !(*pmd & _PAGE_PSE) && dm_pt_owns(*pmd & PTE_PFN_MASK)) {
		BUG_ON(totalram_pages);		/* the buddy allocator has not started */
		memblock_phys_free(*pmd & PTE_PFN_MASK, PAGE_SIZE_4K);
	}
	return pmd;
}

void set_pmd_large(unsigned long vaddr, phys_addr_t pa, u64 prot)
{
	BUG_ON(pa & (PMD_SIZE - 1));
	BUG_ON(pa >> MAX_PHYSMEM_BITS);
	*lowmem_pmd_replace(vaddr) = pa | pgprot_fixup(prot) | _PAGE_PSE;
	if (kernel_pgtables_live)
		flush_tlb_one_kernel(vaddr);
}

void clear_pmd(unsigned long vaddr)
{
	*lowmem_pmd_replace(vaddr) = 0;
	if (kernel_pgtables_live)
		flush_tlb_one_kernel(vaddr);
}

extern char _rodata[], _erodata[], _data[], _edata[], __bss_start[];

/* Protection of the lowmem page at physical @pa: the image's sections get their own. */
static u64 lowmem_prot(phys_addr_t pa)
{
	unsigned long va = PAGE_OFFSET + (unsigned long)pa;

	if (va >= (unsigned long)_text && va < (unsigned long)_etext)
		return PAGE_KERNEL_EXEC_RO;
	if (va >= (unsigned long)_rodata && va < (unsigned long)_erodata)
		return PAGE_KERNEL_RO;
	return PAGE_KERNEL;
}

/* Does the 2 MiB block at physical @pa hold any part of the kernel image? */
static bool block_has_image(phys_addr_t pa)
{
	phys_addr_t start = (phys_addr_t)(uintptr_t)__kernel_phys_start;
	phys_addr_t end = (phys_addr_t)(uintptr_t)__kernel_phys_end;

	return pa < end && pa + PMD_SIZE > start;
}

static void map_lowmem(void)
{
	phys_addr_t end = PFN_PHYS(max_low_pfn);

	for (phys_addr_t pa = 0; pa < end; pa += PMD_SIZE) {
		unsigned int i = pmd_index(PAGE_OFFSET + (unsigned long)pa);

		if (!direct_map_4k && pa + PMD_SIZE <= end && !block_has_image(pa)) {
			kernel_pmd[i] = pa | pgprot_fixup(PAGE_KERNEL_LARGE);
			continue;
		}
		u64 *pt = alloc_pt();
		for (unsigned int j = 0; j < PTRS_PER_PTE; j++) {
			phys_addr_t p = pa + ((phys_addr_t)j << PAGE_SHIFT_4K);

			pt[j] = p < end ? p | pgprot_fixup(lowmem_prot(p)) : 0;
		}
		kernel_pmd[i] = __pa(pt) | _KERNPG_TABLE;
	}
}

static bool cpu_has_nx(void)
{
	u32 a, b, c, d;

	cpuid(0x80000000, 0, &a, &b, &c, &d);
	if (a < 0x80000001)
		return false;
	cpuid(0x80000001, 0, &a, &b, &c, &d);
	/* head_32.asm set EFER.NXE when this bit is there. */
	return d & (1U << 20);
}

void init_mem_mapping(void)
{
	BUG_ON(kernel_pgtables_live);
	BUG_ON(max_low_pfn > ARCH_MAX_LOW_PFN);
	pgtable_have_nx = cpu_has_nx();
	direct_map_4k = debug_pagealloc_enabled && dm_pt_alloc();

	map_lowmem();
	BUG_ON(dm_pt_used != dm_pt_pages);
	kernel_pmd[PKMAP_PMD] = __pa(pkmap_pte) | _KERNPG_TABLE;
	for (unsigned int i = 0; i < FIXMAP_PMDS; i++)
		kernel_pmd[FIXMAP_PMD + i] = __pa(&fixmap_pte[i * PTRS_PER_PTE]) | _KERNPG_TABLE;
	/* PAE PDPT entries: present bit and address only (RW/US/NX are reserved there). */
	swapper_pg_dir[3] = __pa(kernel_pmd) | _PAGE_PRESENT;
	BUG_ON(__pa(swapper_pg_dir) >> 32);

	/* The boot tables' entries are not global: loading CR3 drops them all. */
	write_cr3((unsigned long)__pa(swapper_pg_dir));
	kernel_pgtables_live = true;
	memblock_set_current_limit(PFN_PHYS(max_low_pfn));

	pr_info("NX (Execute Disable) protection: %s\n",
		pgtable_have_nx ? "active" : "cannot be enabled: the CPU has no NX");
	pr_info("x86/mm: lowmem [mem %#010llx-%#010llx] mapped at %#010lx, %lu page tables for 4k pages, no identity map\n",
		0ULL, (unsigned long long)PFN_PHYS(max_low_pfn) - 1, PAGE_OFFSET,
		pt_pool_used + dm_pt_used);
	if (direct_map_4k)
		pr_info("x86/mm: 4 KiB pages only (debug_pagealloc), page tables at [mem %#010llx-%#010llx]\n",
			(unsigned long long)dm_pt_base,
			(unsigned long long)(dm_pt_base + PFN_PHYS(dm_pt_pages) - 1));
}

/*
 * The leaf entry for @vaddr in the kernel's tables, present or not (Linux's
 * lookup_address()): the PDE of a large page (*page_size 2 MiB) or the PTE
 * (4 KiB); NULL where no page table is reached.
 */
u64 *lookup_address(unsigned long vaddr, unsigned long *page_size)
{
	u64 *pmd, *pt;

	if (!kernel_pgtables_live || vaddr < PAGE_OFFSET)
		return NULL;
	pmd = &kernel_pmd[pmd_index(vaddr)];
	if (!(*pmd & _PAGE_PRESENT))
		return NULL;
	if (*pmd & _PAGE_PSE) {
		*page_size = PMD_SIZE;
		return pmd;
	}
	pt = __va(*pmd & PTE_PFN_MASK);
	*page_size = PAGE_SIZE_4K;
	return &pt[(vaddr >> PAGE_SHIFT_4K) & (PTRS_PER_PTE - 1)];
}

bool arch_debug_pagealloc_supported(void)
{
	return direct_map_4k;
}

/* Beyond this many pages one full flush is cheaper than an invlpg each. */
#define DM_FLUSH_ALL_PAGES	32

/*
 * Present or not, each 4 KiB direct-map page of [pfn, pfn + nr), all
 * lowmem (debug_pagealloc). Only the PRESENT bit changes: the frame and the
 * protection stay, so every translation a TLB can hold for these addresses
 * is still the right frame. Hence:
 *   - mapping needs no flush (x86 caches no not-present translation);
 *   - unmapping flushes this CPU's TLB (invlpg, or everything for a large
 *     block), so that an access from here faults at once. Other CPUs are
 *     not interrupted, as on x86_64 and as Linux's debug_pagealloc does: a
 *     waited-for flush IPI from the free path can deadlock against a CPU
 *     spinning with interrupts off, and one per free would cost more than
 *     the debugging is worth. A stale entry there only lets a stray access
 *     from that CPU go unnoticed until its next flush; it never reaches a
 *     different frame.
 */
void arch_set_direct_map(unsigned long pfn, unsigned long nr, bool present)
{
	BUG_ON(!direct_map_4k);
	BUG_ON(pfn + nr > max_low_pfn || pfn + nr < pfn);
	for (unsigned long i = 0; i < nr; i++) {
		unsigned long va = PAGE_OFFSET + (unsigned long)PFN_PHYS(pfn + i), size;
		u64 *pte = lookup_address(va, &size);

		BUG_ON(!pte || size != PAGE_SIZE_4K);
		BUG_ON((*pte & PTE_PFN_MASK) != PFN_PHYS(pfn + i));
		if (present) {
			*pte |= _PAGE_PRESENT;
		} else {
			*pte &= ~_PAGE_PRESENT;
			if (nr <= DM_FLUSH_ALL_PAGES)
				flush_tlb_one_kernel(va);
		}
	}
	if (!present && nr > DM_FLUSH_ALL_PAGES)
		flush_tlb_all();
}

bool pt_walk(unsigned long vaddr, struct pt_walk *w)
{
	const u64 *pdpt = (const u64 *)(uintptr_t)(PAGE_OFFSET + (read_cr3() & ~0x1fUL));
	u64 pdpte = pdpt[vaddr >> PGDIR_SHIFT];

	/* Only the kernel's own tables can be walked here (they are in lowmem). */
	if (!kernel_pgtables_live || !(pdpte & _PAGE_PRESENT))
		return false;
	const u64 *pd = __va(pdpte & PTE_PFN_MASK);
	u64 pde = pd[(vaddr >> PMD_SHIFT) & (PTRS_PER_PMD - 1)];

	if (!(pde & _PAGE_PRESENT))
		return false;
	if (pde & _PAGE_PSE) {
		w->entry = pde;
		w->page_size = PMD_SIZE;
		w->phys = (pde & PTE_PFN_MASK & ~(u64)(PMD_SIZE - 1)) | (vaddr & ~PMD_MASK);
		return true;
	}
	const u64 *pt = __va(pde & PTE_PFN_MASK);
	u64 pte = pt[(vaddr >> PAGE_SHIFT_4K) & (PTRS_PER_PTE - 1)];

	if (!(pte & _PAGE_PRESENT))
		return false;
	w->entry = pte;
	w->page_size = PAGE_SIZE_4K;
	w->phys = (pte & PTE_PFN_MASK) | (vaddr & (PAGE_SIZE_4K - 1));
	return true;
}

static void layout_line(const char *name, unsigned long start, unsigned long end)
{
	unsigned long kb = (end - start) >> 10;

	if (kb >= 10 * 1024)
		printk_raw("    %-7s : %#010lx - %#010lx   (%4lu MB)\n", name, start, end, kb >> 10);
	else
		printk_raw("    %-7s : %#010lx - %#010lx   (%4lu kB)\n", name, start, end, kb);
}

void print_vm_layout(void)
{
	printk_raw("virtual kernel memory layout:\n");
	layout_line("fixmap", FIXADDR_START, FIXADDR_TOP);
	layout_line("pkmap", PKMAP_BASE, PKMAP_ADDR(LAST_PKMAP));
	layout_line("vmalloc", PAGE_OFFSET + (unsigned long)MAXMEM, VMALLOC_END);
#ifdef CONFIG_MEMMODEL_DISCONTIG
	if (kva_layout.done && kva_layout.kva_pages)
		layout_line("kva", PAGE_OFFSET + (unsigned long)PFN_PHYS(kva_layout.start_pfn),
			    PAGE_OFFSET + (unsigned long)PFN_PHYS(kva_layout.start_pfn + kva_layout.kva_pages));
#endif
	layout_line("lowmem", PAGE_OFFSET, PAGE_OFFSET + (unsigned long)PFN_PHYS(max_low_pfn));
	layout_line(".bss", (unsigned long)__bss_start, (unsigned long)_end);
	layout_line(".data", (unsigned long)_data, (unsigned long)_edata);
	layout_line(".rodata", (unsigned long)_rodata, (unsigned long)_erodata);
	layout_line(".text", (unsigned long)_text, (unsigned long)_etext);
}
DEFINE_DUMP(vmlayout, "vmlayout", print_vm_layout,
	    "i386: the kernel's virtual memory layout (fixmap, pkmap, vmalloc reserve, lowmem, image)");

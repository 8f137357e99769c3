/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * i386 PAE kernel page tables and virtual layout (arch/x86/32/init.c).
 *
 * Linux's i386 PAE layout (3G/1G split, the default 128 MiB vmalloc
 * reserve), with numabuddy's fixmap contents:
 *
 *   0x00000000 - 0xbfffffff  user space: nothing (PDPT entries 0-2 are not
 *                            present, so NULL and stale identity pointers fault)
 *   0xc0000000 - lowmem end  direct map of physical [0, max_low_pfn): 2 MiB
 *                            pages, 4 KiB pages over the kernel image (text
 *                            RO+X, rodata RO+NX, data/bss RW+NX) and a
 *                            partial last 2 MiB; all else RW+NX;
 *                            debug_pagealloc=on: 4 KiB pages throughout,
 *                            free pages' PTEs not present
 *                DISCONTIG:  then the KVA remap window at
 *                            PAGE_OFFSET + kva_start_pfn * 4 KiB (other
 *                            nodes' pglist_data + memmap, 2 MiB pages), its
 *                            alignment waste (unmapped), see asm/kva.h
 *   0xf77fe000               MAXMEM: the highest possible lowmem end
 *                            (max_low_pfn <= ARCH_MAX_LOW_PFN = 0x377fe)
 *   0xf77fe000 - 0xff7fdfff  vmalloc reserve (128 MiB, VMALLOC_OFFSET gap
 *                            included): unmapped, there is no vmalloc yet
 *   0xff7fe000 - 0xff7fffff  VMALLOC_END: two guard pages
 *   0xff800000 - 0xff9fffff  PKMAP_BASE: LAST_PKMAP = 512 kmap() slots,
 *                            one page table
 *   0xffa00000 - 0xffafdfff  unused (fixmap page tables cover it)
 *   0xffafe000 - 0xffffefff  fixmap, FIXADDR_START .. FIXADDR_TOP, index
 *                            i at FIXADDR_TOP - i * 4 KiB:
 *      0xffffe000 - 0xffbff000  FIX_KMAP_BEGIN..END: KM_MAX_IDX (16)
 *                               kmap_atomic slots per CPU x NR_CPUS (64)
 *      0xffbfe000 - 0xffaff000  FIX_BTMAP_END..BEGIN: FIX_BTMAPS_SLOTS (8)
 *                               early_memremap slots of NR_FIX_BTMAPS (32)
 *      0xffafe000               FIX_APIC_BASE: the local APIC (xAPIC MMIO), uncached
 *                               pages each
 *   0xfffff000 - 0xffffffff  FIX_HOLE (FIXADDR_TOP): never mapped
 *
 * Page-table pages are static (.bss, like Linux's brk allocations): the
 * PDPT, one page directory for 3-4 GiB, one PKMAP page table, the fixmap
 * page tables, and a small pool for 4 KiB mappings inside lowmem. None is
 * taken from memblock, so nothing lands at the top of lowmem before the
 * DISCONTIG KVA window is placed there. The exception is debug_pagealloc=on,
 * where all of lowmem is mapped with 4 KiB pages: those page tables (one per
 * 2 MiB) come from memblock bottom-up, just above the kernel image.
 */
#ifndef NB_ASM_PGTABLE_32_H
#define NB_ASM_PGTABLE_32_H

#include <kernel/types.h>
#include <mm/numa.h>
#include <asm/pgtable.h>
#include <asm/setup.h>

#ifdef __x86_64__
#error "asm/pgtable_32.h is i386-only"
#endif

#define PTRS_PER_PTE		512
#define PTRS_PER_PMD		512
#define PTRS_PER_PGD		4
#define PMD_SHIFT		21
#define PMD_SIZE		(1UL << PMD_SHIFT)
#define PMD_MASK		(~(PMD_SIZE - 1))
#define PGDIR_SHIFT		30

/* Linux's constants, in Linux's order. */
#define VMALLOC_RESERVE		(128UL << 20)
#define LAST_PKMAP		PTRS_PER_PTE		/* PAE: one page table of kmap slots */
#define PKMAP_BASE		0xff800000UL
#define PKMAP_ADDR(nr)		(PKMAP_BASE + ((unsigned long)(nr) << PAGE_SHIFT_4K))
#define PKMAP_NR(addr)		(((addr) - PKMAP_BASE) >> PAGE_SHIFT_4K)
#define VMALLOC_END		(PKMAP_BASE - 2 * PAGE_SIZE_4K)
#define MAXMEM			(VMALLOC_END - PAGE_OFFSET - VMALLOC_RESERVE)
#define FIXADDR_TOP		0xfffff000UL

_Static_assert(VMALLOC_END == 0xff7fe000UL, "Linux's i386 PAE VMALLOC_END");
_Static_assert((MAXMEM >> PAGE_SHIFT_4K) == ARCH_MAX_LOW_PFN,
	       "the lowmem limit is what the vmalloc reserve leaves below VMALLOC_END");
_Static_assert((PKMAP_BASE & ~PMD_MASK) == 0, "the PKMAP area is one whole page table");
_Static_assert(FIXADDR_TOP == ARCH_UNMAPPED_TEST_ADDR, "the top page is the unmapped FIX_HOLE");

/* kmap_atomic() nesting depth per CPU (Linux's KM_MAX_IDX). */
#define KM_MAX_IDX		16
/* early_memremap(): slots, and pages per slot (so at most 128 KiB per mapping). */
#define FIX_BTMAPS_SLOTS	8
#define NR_FIX_BTMAPS		32
#define TOTAL_FIX_BTMAPS	(FIX_BTMAPS_SLOTS * NR_FIX_BTMAPS)

enum fixed_addresses {
	FIX_HOLE,				/* FIXADDR_TOP itself: never mapped */
	FIX_KMAP_BEGIN,				/* CPU c, depth d: FIX_KMAP_BEGIN + d + KM_MAX_IDX * c */
	FIX_KMAP_END = FIX_KMAP_BEGIN + KM_MAX_IDX * NR_CPUS - 1,
	FIX_BTMAP_END,				/* early_memremap slot s, page k: FIX_BTMAP_BEGIN - s * NR_FIX_BTMAPS - k */
	FIX_BTMAP_BEGIN = FIX_BTMAP_END + TOTAL_FIX_BTMAPS - 1,
	FIX_APIC_BASE,				/* the local APIC's page, uncached (0xffafe000) */
	__end_of_fixed_addresses
};

#define __fix_to_virt(x)	(FIXADDR_TOP - ((unsigned long)(x) << PAGE_SHIFT_4K))
#define __virt_to_fix(v)	((FIXADDR_TOP - ((v) & ~(PAGE_SIZE_4K - 1))) >> PAGE_SHIFT_4K)
#define FIXADDR_SIZE		((unsigned long)__end_of_fixed_addresses << PAGE_SHIFT_4K)
#define FIXADDR_START		(FIXADDR_TOP - FIXADDR_SIZE)

_Static_assert(FIXADDR_START >= PKMAP_ADDR(LAST_PKMAP), "the fixmap must not reach into the PKMAP area");

/* Page tables covering the fixmap: from FIXADDR_START's 2 MiB block to 4 GiB. */
#define FIXMAP_PMD_BASE		(FIXADDR_START & PMD_MASK)
#define FIXMAP_PMDS		((unsigned long)(0UL - FIXMAP_PMD_BASE) >> PMD_SHIFT)

/* Large-page kernel mappings (PDE with PSE). */
#define PAGE_KERNEL_LARGE	(PAGE_KERNEL | _PAGE_PSE)
/* A page directory entry pointing at a page table (Linux's _KERNPG_TABLE). */
#define _KERNPG_TABLE		(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

/* True once init_mem_mapping() has switched CR3 to the kernel's own tables. */
extern bool kernel_pgtables_live;
/* The CPU executes the NX bit (CPUID and EFER.NXE); otherwise NX is never set. */
extern bool pgtable_have_nx;

/*
 * The PTE for a PKMAP or fixmap address (the static page tables; never NULL
 * for an address in [PKMAP_BASE, 4 GiB), BUG otherwise).
 */
u64 *kmap_pte_of(unsigned long vaddr);

/* Strip NX if the CPU does not execute it (a set NX bit would then be reserved). */
u64 pgprot_fixup(u64 prot);

/*
 * Map the 2 MiB block at @vaddr (PMD-aligned, inside [PAGE_OFFSET,
 * PKMAP_BASE)) to @pa (2 MiB aligned, below 64 GiB) with one large PDE, or
 * clear it. The TLB is flushed for the block.
 */
void set_pmd_large(unsigned long vaddr, phys_addr_t pa, u64 prot);
void clear_pmd(unsigned long vaddr);

/*
 * The leaf entry for kernel address @vaddr, present or not: a large PDE
 * (*page_size = 2 MiB) or a PTE (4 KiB); NULL if no page table is reached
 * (tables not live yet, or the PDPT entry or the PDE not present).
 */
u64 *lookup_address(unsigned long vaddr, unsigned long *page_size);

/* The result of walking the live tables for one virtual address. */
struct pt_walk {
	phys_addr_t phys;	/* the byte @vaddr reaches */
	u64 entry;		/* the leaf entry (PDE with PSE, or PTE) */
	unsigned long page_size;	/* 2 MiB or 4 KiB */
};
/* Translate @vaddr through the current tables (CR3); false if not mapped. */
bool pt_walk(unsigned long vaddr, struct pt_walk *w);

/* TLB maintenance. */
static inline void flush_tlb_one_kernel(unsigned long vaddr)
{
	__asm__ __volatile__("invlpg (%0)" :: "r"(vaddr) : "memory");
}

/* Flush everything, global entries included (toggle CR4.PGE). */
void flush_tlb_all(void);

/* early_memremap() slots mapped right now (tests: every mapping must be released). */
unsigned int early_memremap_slots_in_use(void);

/* "virtual kernel memory layout:" lines, as older Linux printed them. */
void print_vm_layout(void);

#endif

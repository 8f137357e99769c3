/* SPDX-License-Identifier: GPL-2.0-only */
/* Page-table entry bits, for both PAE (i386) and 4-level (x86_64) tables. */
#ifndef NB_ASM_PGTABLE_H
#define NB_ASM_PGTABLE_H

#include <kernel/types.h>

#define PAGE_SIZE_4K		0x1000UL

#define _PAGE_PRESENT		(1ULL << 0)
#define _PAGE_RW		(1ULL << 1)
#define _PAGE_USER		(1ULL << 2)
#define _PAGE_PWT		(1ULL << 3)
#define _PAGE_PCD		(1ULL << 4)
#define _PAGE_ACCESSED		(1ULL << 5)
#define _PAGE_DIRTY		(1ULL << 6)
#define _PAGE_PSE		(1ULL << 7)
#define _PAGE_GLOBAL		(1ULL << 8)
#define _PAGE_NX		(1ULL << 63)

#define PTE_PFN_MASK		0x000ffffffffff000ULL
#define EFER_NX			(1ULL << 11)

#define PAGE_KERNEL		(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_NOCACHE	(PAGE_KERNEL | _PAGE_PCD | _PAGE_PWT)
#define PAGE_KERNEL_RO		(_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_EXEC_RO	(_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL)

/* Build the kernel's own page tables once memblock knows the RAM (arch/x86/{32,64}/init.c). */
void init_mem_mapping(void);

#endif

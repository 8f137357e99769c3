/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x86 tunables mm/ is built with: one place, each with its reason.
 * mm/ includes this through include/mm/mmzone.h and never tests the
 * architecture itself. Hosted builds get the i386 values with -m32 and the
 * x86_64 values with -m64, so the host tests cover both layouts.
 */
#ifndef NB_ASM_MMCONFIG_H
#define NB_ASM_MMCONFIG_H

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)

/*
 * NR_CPUS, the logical CPUs the kernel can bring up (issue 13: QEMU's full
 * size). x86_64: 256 (QEMU's -smp with 128 NUMA nodes and more; x2APIC ids
 * beyond 255 work). i386: 64. Each CPU costs a 16 KiB boot stack, its
 * per-cpu area and a per-cpu page list in every zone of every node, all
 * from lowmem (896 MiB, less the DISCONTIG KVA window that 128 nodes
 * widen): 64 CPUs keep that a few MiB, and an i386 machine is 8 CPUs at
 * most in practice (xAPIC ids only, MAX_LOCAL_APIC 256).
 */
#ifndef NR_CPUS
#ifdef __x86_64__
#define NR_CPUS			256
#else
#define NR_CPUS			64
#endif
#endif

#ifdef __x86_64__
/* ZONE_DMA32 for devices limited to 32-bit addresses; no highmem with a 64-bit direct map. */
#define CONFIG_ZONE_DMA32	1
/* Linux's x86_64 (Debian) has ZONE_DEVICE: keep the same zone list in zoneinfo. */
#define CONFIG_ZONE_DEVICE	1
/* 128 MiB sections, 46 physical address bits: Linux's x86_64 SPARSEMEM values. */
#define SECTION_SIZE_BITS	27
#define MAX_PHYSMEM_BITS	46
/* SPARSEMEM_VMEMMAP: the virtual memmap's base, Linux's x86_64 address. */
#define VMEMMAP_START		0xffffea0000000000UL
#else
/* 32-bit kernel: lowmem is direct-mapped, the rest is ZONE_HIGHMEM. */
#define CONFIG_HIGHMEM		1
/* PAE: 512 MiB sections over 36 physical address bits, as Linux's i386 PAE. */
#define SECTION_SIZE_BITS	29
#define MAX_PHYSMEM_BITS	36
#endif

/* DMA zone: the ISA DMA limit, 16 MiB. */
#define MAX_DMA_PFN		((16UL << 20) >> PAGE_SHIFT)
/* DMA32 zone: the 4 GiB limit. */
#define MAX_DMA32_PFN		(1UL << (32 - PAGE_SHIFT))

/* Buddy blocks up to order 10 (4 MiB) by default, Linux's MAX_ORDER - 1 of 6.1. */
#ifndef CONFIG_MAX_PAGE_ORDER
#define CONFIG_MAX_PAGE_ORDER	10
#endif

/* Pageblocks are the MAX_PAGE_ORDER block without hugetlb: Linux x86 uses order 9 (2 MiB). */
#define pageblock_order		9

/*
 * Huge page sizes hugepagesz= accepts, as orders, in the order Linux x86
 * registers them when no hugepagesz= names them (mm/hugetlb.c); the default
 * size (default_hugepagesz=, hugepages= before any hugepagesz=) is 2 MiB.
 */
#define HUGETLB_DEFAULT_ORDER	9
#ifdef __x86_64__
/* Linux x86_64: 1 GiB (a PUD mapping, CPUs with GBPAGES) and 2 MiB (a PMD). */
#define HUGETLB_PAGE_ORDERS	{ 18, 9 }
#else
/*
 * i386 PAE: 2 MiB (a PMD) is Linux's only size. Two sizes above
 * MAX_PAGE_ORDER are added as allocator objects (no page table maps them):
 *  8 MiB (order 11) - the smallest gigantic order (two MAX_ORDER blocks); it
 *    fits ZONE_NORMAL (lowmem) of every machine, so it can be cleared and
 *    copied through the direct map before highmem kmap exists;
 *  1 GiB (order 18) - the smallest size that crosses a 512 MiB SPARSEMEM
 *    section boundary, which seed 003 needs; it only fits in highmem.
 */
#define HUGETLB_PAGE_ORDERS	{ 18, 11, 9 }
#endif

#endif

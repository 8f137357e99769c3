/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86 per-CPU areas, reached through a segment base (the contract is
 * include/arch/smp.h, which includes this file in kernel builds).
 *
 * The template is the section .data..percpu of the image, between
 * __per_cpu_start and __per_cpu_end (linker.ld; page-aligned). Each CPU's
 * area is a page-aligned copy of it, allocated by setup_per_cpu_areas()
 * (arch/x86/setup_percpu.c) from memblock on the CPU's node:
 *
 *   area + 0      struct percpu_hdr (section .data..percpu..first, linked
 *                 first, so that it sits at the segment base):
 *                   this_cpu_off  area - template = __per_cpu_offset[cpu]
 *                   cpu_number    smp_processor_id()
 *                   numa_node     the node the topology puts the CPU on
 *                   apicid        its APIC id
 *   area + n      every DEFINE_PER_CPU variable, at its template offset:
 *                 the CPU's GDT and TSS (arch/x86/{32,64}/desc.c), on
 *                 x86_64 its double-fault and NMI stacks, its cross-call
 *                 queue (kernel/smp.c), ...
 *   area + static the dynamic part, PERCPU_DYNAMIC_SIZE bytes, which
 *   (page-       alloc_percpu() hands out (the same offsets in every area:
 *   aligned)      a dynamic "variable" is at __per_cpu_start + its offset
 *                 in the template's address space, past the template's end)
 *
 * The segment base is the area's start:
 *   x86_64  GS base, written through MSR_GS_BASE (GS's selector is 0);
 *   i386    GS holds GDT_PERCPU, a flat data segment of this CPU's own GDT
 *           whose base is the area (limit 4 GiB, so any offset works).
 * Nothing else loads GS: interrupt entry does not touch it on x86_64 and
 * saves and restores it on i386, so %gs:0 is this CPU's this_cpu_off
 * everywhere once x86_cpu_init() has run (the first thing the boot CPU
 * does in C; an AP does it first in start_secondary()).
 *
 * this_cpu_ptr() is two instructions (load this_cpu_off, add); the
 * this_cpu_add() family is one read-modify-write instruction on the
 * variable, so an interrupt on this CPU cannot split it (not atomic against
 * other CPUs, which never write another CPU's variables through it).
 */
#ifndef NB_ASM_PERCPU_H
#define NB_ASM_PERCPU_H

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <arch/cpu.h>

struct percpu_hdr {
	unsigned long this_cpu_off;
	unsigned int cpu_number;
	int numa_node;
	u32 apicid;
};

/*
 * Bytes of each area for alloc_percpu(): room for per-zone per-CPU page
 * lists and counter deltas on the largest machines the catalogue has
 * (Linux's first chunk keeps about 28 KiB dynamic on the reference machines).
 */
#define PERCPU_DYNAMIC_SIZE	(64 * 1024)

#define DEFINE_PER_CPU_FIRST(type, name) \
	__section(".data..percpu..first") __aligned(64) __typeof__(type) name
extern struct percpu_hdr pcpu_hdr;	/* the template's; use the accessors */

extern char __per_cpu_start[], __per_cpu_end[];

#define PERCPU_HDR_OFF(field)	__builtin_offsetof(struct percpu_hdr, field)

static __always_inline unsigned long __my_cpu_offset(void)
{
	unsigned long off;

	__asm__ __volatile__("mov %%gs:%c1, %0" : "=r"(off) : "i"(PERCPU_HDR_OFF(this_cpu_off)));
	return off;
}

static __always_inline unsigned int raw_smp_processor_id(void)
{
	unsigned int cpu;

	__asm__ __volatile__("movl %%gs:%c1, %0" : "=r"(cpu) : "i"(PERCPU_HDR_OFF(cpu_number)));
	return cpu;
}

/* The node of this CPU (Linux's numa_node_id()). */
static __always_inline int numa_node_id(void)
{
	int nid;

	__asm__ __volatile__("movl %%gs:%c1, %0" : "=r"(nid) : "i"(PERCPU_HDR_OFF(numa_node)));
	return nid;
}

#define this_cpu_ptr(ptr)	((__typeof__(ptr))((char *)(ptr) + __my_cpu_offset()))

#ifdef __x86_64__
#define __pcp_add8(p, val) \
	__asm__ __volatile__("addq %1, %0" : "+m"(*(u64 *)(p)) : "er"((u64)(val)))
#else
#define __pcp_add8(p, val) do {						\
	unsigned long __f8 = arch_irq_save();				\
	*(p) += (val);							\
	arch_irq_restore(__f8);						\
} while (0)
#endif

/* One instruction for 1, 2, 4 (and on x86_64 8) bytes; i386 masks interrupts for 8. */
#define this_cpu_add(var, val) do {						\
	__typeof__(var) *__pcp = this_cpu_ptr(&(var));				\
	BUILD_BUG_ON(sizeof(var) != 1 && sizeof(var) != 2 &&			\
		     sizeof(var) != 4 && sizeof(var) != 8);			\
	switch (sizeof(var)) {							\
	case 1:									\
		__asm__ __volatile__("addb %1, %0" : "+m"(*(u8 *)__pcp)	\
				     : "qi"((u8)(val)));			\
		break;								\
	case 2:									\
		__asm__ __volatile__("addw %1, %0" : "+m"(*(u16 *)__pcp)	\
				     : "ri"((u16)(val)));			\
		break;								\
	case 4:									\
		__asm__ __volatile__("addl %1, %0" : "+m"(*(u32 *)__pcp)	\
				     : "ri"((u32)(val)));			\
		break;								\
	default:								\
		__pcp_add8(__pcp, val);						\
		break;								\
	}									\
} while (0)

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86 SMP internals: descriptor-table selectors, per-CPU bring-up, the
 * real-mode trampoline's interface, delays, and what the smp self-tests
 * look at. The generic contract is include/arch/smp.h.
 *
 * Bring-up (arch/x86/smpboot.c), in the order it happens:
 *   setup_arch():
 *     reserve_boot_memory()     trampoline_reserve(): TRAMPOLINE_SIZE bytes
 *                               of RAM below 1 MiB, taken from memblock
 *                               before the first 1 MiB is reserved
 *     setup_per_cpu_areas()     each CPU's per-CPU area and stack, from
 *                               memblock on its node; the boot CPU moves to
 *                               its own area (before mem_init(): the buddy
 *                               takes over what memblock has left)
 *   start_kernel() -> smp_init():
 *     lapic_init()              map the local APIC (xAPIC MMIO, uncached)
 *                               or switch to x2APIC; mask the 8259 PICs;
 *                               set this CPU's APIC up; the IPI vectors
 *     for each other CPU        trampoline page tables, INIT-SIPI-SIPI,
 *                               wait for it to come online
 *   an AP: trampoline (real mode -> protected mode -> long mode / PAE
 *     paging on temporary tables: low identity + the kernel's half) ->
 *     secondary_startup (kernel CR3, own stack) -> start_secondary():
 *     cpu_load_tables(), lapic_setup_cpu(), online, then the idle loop
 *     (sti; hlt), where cross-call IPIs find it.
 */
#ifndef NB_ASM_SMP_H
#define NB_ASM_SMP_H

#include <kernel/types.h>
#include <mm/numa.h>

/* GDT selectors, the same on every CPU (arch/x86/{32,64}/desc.c). */
#define GDT_KERNEL_CS	0x08
#define GDT_KERNEL_DS	0x10
#define GDT_TSS		0x18
#ifndef __x86_64__
#define GDT_PERCPU	0x20	/* GS: this CPU's per-CPU area */
#endif

#define MSR_GS_BASE	0xC0000101

/* Load @cpu's GDT, TSS, the IDT and its per-CPU segment base (on @cpu itself). */
void cpu_load_tables(unsigned int cpu);

/* ---- per-CPU areas (arch/x86/setup_percpu.c) ---- */

/* Allocate every possible CPU's area and stack; move the boot CPU to its own area. */
void setup_per_cpu_areas(void);

/* Kernel stacks of the APs (the boot CPU keeps boot_stack). */
#define THREAD_SIZE	16384

struct percpu_placement {
	phys_addr_t area_phys;		/* the area (unit bytes) */
	phys_addr_t stack_phys;		/* the AP's stack (THREAD_SIZE bytes; 0 for CPU 0) */
	int want_nid;			/* the CPU's node */
	int area_nid;			/* the node the area ended up on (memblock's) */
};
extern struct percpu_placement percpu_placement[NR_CPUS];
extern size_t percpu_unit_size;		/* bytes per area (template page-rounded + dynamic) */
size_t percpu_dynamic_used(void);	/* bytes alloc_percpu() has handed out */
extern bool percpu_areas_ready;

/* ---- the trampoline (arch/x86/{32,64}/trampoline.asm, arch/x86/smpboot.c) ---- */

/* Below 1 MiB, 4 KiB aligned: code and data page, then three page-table pages. */
#define TRAMPOLINE_PAGES	4
#define TRAMPOLINE_SIZE		(TRAMPOLINE_PAGES * 4096)

/* Reserve the trampoline's pages (setup_arch, before the first 1 MiB is reserved). */
void trampoline_reserve(void);
extern phys_addr_t trampoline_phys;	/* 0 if no RAM below 1 MiB was free */

/*
 * The parameter block at trampoline_params, written by the boot CPU before
 * each INIT-SIPI-SIPI and read by the AP (offsets and size shared with
 * arch/x86/trampoline.inc: keep them in step).
 */
struct trampoline_params {
	u32 cr0;		/*  0: loaded with paging on (the boot CPU's) */
	u32 cr3;		/*  4: the trampoline's own page tables */
	u32 cr4;		/*  8: the boot CPU's (PAE, PGE) */
	u32 efer;		/* 12: low half of EFER to load, 0: leave EFER alone */
	u64 target;		/* 16: secondary_startup (kernel virtual) */
	u64 kernel_cr3;		/* 24: the kernel's page tables */
	u64 stack;		/* 32: the AP's initial stack pointer */
	u32 cpu;		/* 40: its logical CPU number */
	u32 pad;
};
_Static_assert(__builtin_offsetof(struct trampoline_params, target) == 16, "trampoline.inc");
_Static_assert(__builtin_offsetof(struct trampoline_params, cpu) == 40, "trampoline.inc");
_Static_assert(sizeof(struct trampoline_params) == 48, "trampoline.inc: P_SIZE");

extern const char trampoline_start[], trampoline_end[];
extern const char trampoline_gdt_ptr[];	/* lgdt operand: u16 limit, u32 base (patched) */
extern const char trampoline_gdt[];
extern const char trampoline_params[];
void secondary_startup(void);
__attribute__((__noreturn__)) void start_secondary(unsigned int cpu);

/* From the NMI entry: true never returns (smp_send_stop() asked this CPU to halt). */
bool smp_nmi_stop(void);

/* ---- delays (TSC; a calibrated-less fallback loop) ---- */
void udelay(unsigned long usecs);
void mdelay(unsigned long msecs);

/* ---- what the smp suite checks ---- */
struct smpboot_stats {
	unsigned int booted;		/* APs that came online */
	unsigned int failed;		/* APs that did not answer INIT-SIPI-SIPI */
	unsigned int skipped;		/* not started: maxcpus=, nosmp, APIC id too large */
};
extern struct smpboot_stats smpboot_stats;
/* The limit maxcpus= / nosmp set (nr_cpu_ids if none). */
extern unsigned int setup_max_cpus;

#endif

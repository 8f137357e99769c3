/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The local APIC (arch/x86/apic.c), in one of two modes chosen once on the
 * boot CPU and then used by every CPU:
 *
 *   xAPIC   registers in a 4 KiB MMIO page at the MADT's address (the
 *           IA32_APIC_BASE MSR's when there is no MADT), mapped uncached
 *           (apic_mmio_map(), arch/x86/{32,64}/apic_map.c). 8-bit APIC ids.
 *   x2APIC  registers as MSRs 0x800 + (offset >> 4), 32-bit APIC ids; used
 *           when CPUID.1:ECX.x2APIC is set (unless nox2apic), and always
 *           when firmware already switched the boot CPU to it.
 *
 * Vectors (Linux's): spurious 0xff, error 0xfe, cross-call 0xfb; the smp
 * self-test uses 0xf0. smp_send_stop() sends NMIs, which arrive even with
 * interrupts off. Interrupt handlers for them end with
 * apic_eoi() (not the spurious one). The 8259 PICs are remapped to 0x20-0x2f
 * and masked, and LINT0 is masked, so interrupts may be enabled safely: the
 * only interrupts are IPIs.
 */
#ifndef NB_ASM_APIC_H
#define NB_ASM_APIC_H

#include <kernel/types.h>

/* Register offsets (xAPIC MMIO). */
#define APIC_ID		0x020
#define APIC_LVR	0x030
#define APIC_TASKPRI	0x080
#define APIC_EOI	0x0B0
#define APIC_LDR	0x0D0
#define APIC_DFR	0x0E0
#define APIC_SPIV	0x0F0
#define APIC_ESR	0x280
#define APIC_ICR	0x300
#define APIC_ICR2	0x310
#define APIC_LVTT	0x320
#define APIC_LVTTHMR	0x330
#define APIC_LVTPC	0x340
#define APIC_LVT0	0x350
#define APIC_LVT1	0x360
#define APIC_LVTERR	0x370

#define APIC_SPIV_APIC_ENABLED	(1u << 8)
#define APIC_LVT_MASKED		(1u << 16)
#define APIC_DM_FIXED		0x00000u
#define APIC_DM_NMI		0x00400u
#define APIC_DM_INIT		0x00500u
#define APIC_DM_STARTUP		0x00600u
#define APIC_DM_EXTINT		0x00700u
#define APIC_ICR_BUSY		0x01000u
#define APIC_INT_ASSERT		0x04000u
#define APIC_INT_LEVELTRIG	0x08000u
#define APIC_DEST_SELF		0x40000u
#define APIC_DEST_ALLINC	0x80000u
#define APIC_DEST_ALLBUT	0xC0000u

#define MSR_IA32_APICBASE		0x1B
#define MSR_IA32_APICBASE_BSP		(1ULL << 8)
#define MSR_IA32_APICBASE_EXTD		(1ULL << 10)
#define MSR_IA32_APICBASE_ENABLE	(1ULL << 11)
#define MSR_IA32_APICBASE_BASE		0xFFFFFF000ULL
#define APIC_BASE_MSR			0x800	/* x2APIC register MSRs */

#define SPURIOUS_APIC_VECTOR		0xff
#define ERROR_APIC_VECTOR		0xfe
#define CALL_FUNCTION_VECTOR		0xfb
#define IPI_TEST_VECTOR			0xf0

extern bool x2apic_mode;
/* Physical address of the xAPIC page (0 in x2APIC mode before it is known). */
extern phys_addr_t lapic_phys;

/* Boot CPU: pick the mode, map the registers, set this CPU up. false: no usable APIC. */
bool lapic_init(void);
/* This CPU (an AP): the mode the boot CPU chose, enabled, LVTs masked, TPR 0. */
void lapic_setup_cpu(void);
u32 read_apic_id(void);
u32 apic_read(u32 reg);
void apic_write(u32 reg, u32 val);
void apic_eoi(void);

/*
 * Send an IPI: @low is the ICR's low word (vector, delivery mode, level,
 * shorthand), @dest the destination APIC id (ignored with a shorthand).
 * Waits until an xAPIC has accepted the previous one.
 */
void apic_icr_write(u32 low, u32 dest);
/* Wait for the xAPIC to accept the last IPI; false on timeout. */
bool apic_wait_icr_idle(void);

/* A fixed IPI with @vector to one CPU (logical number), to all others, to this one. */
void apic_send_ipi(unsigned int cpu, unsigned int vector);
void apic_send_ipi_allbutself(unsigned int vector);
void apic_send_ipi_self(unsigned int vector);
/* Any ICR low word (e.g. APIC_DM_NMI) to every other online CPU. */
void apic_send_allbutself(u32 low);

/*
 * Map the xAPIC page at @phys uncached for every CPU; NULL if it cannot be
 * (x86_64: the low-4G direct-map alias, uncached from 3 GiB up; i386: see
 * arch/x86/32/apic_map.c).
 */
void *apic_mmio_map(phys_addr_t phys);

#endif

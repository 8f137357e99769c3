/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The contract between generic code and the architecture for the CPU:
 * interrupt masking, the clock, and stopping the machine. arch/x86
 * implements it for the kernel; tests/host implements it for hosted builds.
 */
#ifndef NB_ARCH_CPU_H
#define NB_ARCH_CPU_H

#include <kernel/types.h>
#include <kernel/compiler.h>

/* Nanoseconds since boot (0 until the clock is calibrated). */
u64 local_clock(void);

/* Raw cycle counter (the TSC on x86); under QEMU -icount it counts instructions. */
u64 arch_cycles(void);

/*
 * Mask interrupts on this CPU, returning the previous state for
 * arch_irq_restore(). Inline in the kernel (asm/irqflags.h); functions in
 * hosted builds (tests/host/stubs.c).
 */
#ifdef NB_HOSTED
unsigned long arch_irq_save(void);
void arch_irq_restore(unsigned long flags);
#else
#include <asm/irqflags.h>
#endif

void cpu_relax(void);

/*
 * Stop the machine. Under QEMU with isa-debug-exit this ends QEMU with exit
 * status (code << 1) | 1: see ARCH_EXIT_* below. On real hardware it halts.
 */
__noreturn void arch_exit(int code);

#define ARCH_EXIT_SUCCESS	0x10	/* QEMU exit status 33: every selected test passed */
#define ARCH_EXIT_FAILURE	0x11	/* QEMU exit status 35: a test failed or the kernel panicked */

/*
 * Print a backtrace of the caller's stack (frame pointers) through printk.
 * Used by panic() and WARN().
 */
void dump_stack(void);

/* Copy from kernel memory that may not be mapped: 0, or -EFAULT if it faulted. */
long copy_from_kernel_nofault(void *dst, const void *src, size_t size);
long copy_to_kernel_nofault(void *dst, const void *src, size_t size);

#endif

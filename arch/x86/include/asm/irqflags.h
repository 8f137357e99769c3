/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's arch_irq_save()/arch_irq_restore() (the include/arch/cpu.h
 * contract), inline: every spin_lock_irqsave() of the page allocator's
 * fast path goes through them, and a call each way cost more than the
 * three instructions they are. Self-contained on purpose: include/arch/cpu.h
 * reaches every file, so nothing else of the architecture comes with it.
 */
#ifndef NB_ASM_IRQFLAGS_H
#define NB_ASM_IRQFLAGS_H

#include <kernel/compiler.h>

static __always_inline unsigned long arch_irq_save(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushf; pop %0; cli" : "=rm"(flags) : : "memory");
	return flags;
}

static __always_inline void arch_irq_restore(unsigned long flags)
{
	if (flags & 0x200)		/* X86_EFLAGS_IF */
		__asm__ __volatile__("sti" : : : "memory");
}

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The register frame the interrupt entry code (arch/x86/{32,64}/entry.asm)
 * builds: its layout must match the push order there exactly.
 */
#ifndef NB_ASM_PTRACE_H
#define NB_ASM_PTRACE_H

#include <kernel/types.h>

#ifdef __x86_64__
struct pt_regs {
	unsigned long r15, r14, r13, r12, r11, r10, r9, r8;
	unsigned long bp, di, si, dx, cx, bx, ax;
	unsigned long vector, error_code;
	/* pushed by the CPU */
	unsigned long ip, cs, flags, sp, ss;
};
_Static_assert(sizeof(struct pt_regs) == 22 * 8, "pt_regs must match entry.asm");
#else
struct pt_regs {
	unsigned long gs, fs, es, ds;
	unsigned long di, si, bp, sp_unused, bx, dx, cx, ax;	/* pushad order */
	unsigned long vector, error_code;
	/* pushed by the CPU; sp/ss only on a privilege change, never in the kernel */
	unsigned long ip, cs, flags;
};
_Static_assert(sizeof(struct pt_regs) == 17 * 4, "pt_regs must match entry.asm");
#endif

/* The stack pointer of the interrupted kernel code. */
static inline unsigned long kernel_stack_pointer(const struct pt_regs *regs)
{
#ifdef __x86_64__
	return regs->sp;
#else
	return (unsigned long)&regs->flags + sizeof(regs->flags);
#endif
}

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Frame-pointer backtraces (the kernel is built with -fno-omit-frame-pointer
 * and the entry code sets EBP/RBP = 0 as the outermost frame). Every read
 * goes through copy_from_kernel_nofault, so a corrupt chain ends the trace
 * instead of faulting again. Each frame prints as " [<address>] func+0x1c/0x40"
 * (the link-time symbol table, include/kernel/kallsyms.h).
 */
#include <kernel/types.h>
#include <kernel/printk.h>
#include <kernel/kallsyms.h>
#include <arch/cpu.h>
#include <asm/setup.h>

#define MAX_FRAMES 32

void show_stack_from(unsigned long bp)
{
	for (int i = 0; i < MAX_FRAMES && bp; i++) {
		unsigned long frame[2];		/* saved bp, return address */
		char sym[KSYM_SYMBOL_LEN];

		if (bp & (sizeof(long) - 1) ||
		    copy_from_kernel_nofault(frame, (const void *)bp, sizeof(frame)))
			break;
		if (frame[1] < (unsigned long)_text || frame[1] >= (unsigned long)_etext)
			break;
		sprint_backtrace(sym, sizeof(sym), frame[1]);
		pr_emerg(" [<%0*lx>] %s\n", (int)(2 * sizeof(long)), frame[1], sym);
		if (frame[0] <= bp)
			break;		/* stacks grow down: callers are above */
		bp = frame[0];
	}
}

void dump_stack(void)
{
	pr_emerg("Call Trace:\n");
	show_stack_from((unsigned long)__builtin_frame_address(0));
}

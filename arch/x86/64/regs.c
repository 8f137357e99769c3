// SPDX-License-Identifier: GPL-2.0-only
/* Register dump in the layout Linux uses for x86_64 oopses. */
#include <kernel/printk.h>
#include <kernel/kallsyms.h>
#include <asm/processor.h>
#include <asm/setup.h>

void show_regs(const struct pt_regs *regs)
{
	char sym[KSYM_SYMBOL_LEN];

	sprint_symbol(sym, sizeof(sym), regs->ip);
	pr_emerg("RIP: %04lx:%s (%#018lx)\n", regs->cs & 0xffff, sym, regs->ip);
	pr_emerg("RSP: %04lx:%016lx EFLAGS: %08lx\n", regs->ss & 0xffff, regs->sp, regs->flags);
	pr_emerg("RAX: %016lx RBX: %016lx RCX: %016lx\n", regs->ax, regs->bx, regs->cx);
	pr_emerg("RDX: %016lx RSI: %016lx RDI: %016lx\n", regs->dx, regs->si, regs->di);
	pr_emerg("RBP: %016lx R08: %016lx R09: %016lx\n", regs->bp, regs->r8, regs->r9);
	pr_emerg("R10: %016lx R11: %016lx R12: %016lx\n", regs->r10, regs->r11, regs->r12);
	pr_emerg("R13: %016lx R14: %016lx R15: %016lx\n", regs->r13, regs->r14, regs->r15);
	pr_emerg("CR0: %016lx CR2: %016lx CR3: %016lx CR4: %016lx\n",
		 read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

// SPDX-License-Identifier: GPL-2.0-only
/* Register dump in the layout Linux uses for i386 oopses. */
#include <kernel/printk.h>
#include <kernel/kallsyms.h>
#include <asm/processor.h>
#include <asm/setup.h>

void show_regs(const struct pt_regs *regs)
{
	char sym[KSYM_SYMBOL_LEN];

	sprint_symbol(sym, sizeof(sym), regs->ip);
	pr_emerg("EIP: %04lx:%s (%#010lx)\n", regs->cs & 0xffff, sym, regs->ip);
	pr_emerg("EAX: %08lx EBX: %08lx ECX: %08lx EDX: %08lx\n", regs->ax, regs->bx, regs->cx, regs->dx);
	pr_emerg("ESI: %08lx EDI: %08lx EBP: %08lx ESP: %08lx\n", regs->si, regs->di, regs->bp,
		 kernel_stack_pointer(regs));
	pr_emerg("DS: %04lx ES: %04lx FS: %04lx GS: %04lx EFLAGS: %08lx\n", regs->ds & 0xffff,
		 regs->es & 0xffff, regs->fs & 0xffff, regs->gs & 0xffff, regs->flags);
	pr_emerg("CR0: %08lx CR2: %08lx CR3: %08lx CR4: %08lx\n",
		 read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

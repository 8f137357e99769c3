// SPDX-License-Identifier: GPL-2.0-only
/*
 * Interrupt and exception dispatch. An exception raised by an instruction
 * listed in the exception table resumes at its fixup; with the gdb stub
 * enabled, #DB and #BP go to it; any other exception prints Linux-style oops
 * lines, the vector, the error code and every register (CR2 included), then
 * stops in the gdb stub if it is enabled (gdb may resume the kernel), else
 * panics.
 */
#include <kernel/types.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <kernel/registry.h>
#include <arch/smp.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/smp.h>
#include <asm/gdbstub.h>

unsigned long trap_fixup_count[32];
static irq_handler_t irq_handlers[256];
static unsigned long spurious_count;
static unsigned int oops_count;

extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

const struct exception_table_entry *search_exception_tables(unsigned long ip)
{
	for (const struct exception_table_entry *e = __start___ex_table; e < __stop___ex_table; e++)
		if (e->insn == ip)
			return e;
	return NULL;
}

void set_irq_handler(unsigned int vector, irq_handler_t handler)
{
	BUG_ON(vector < 32 || vector > 255);
	irq_handlers[vector] = handler;
}

static const char *const exception_names[32] = {
	[0] = "divide error", [1] = "debug", [2] = "nmi", [3] = "int3",
	[4] = "overflow", [5] = "bounds", [6] = "invalid opcode",
	[7] = "device not available", [8] = "double fault",
	[9] = "coprocessor segment overrun", [10] = "invalid TSS",
	[11] = "segment not present", [12] = "stack segment",
	[13] = "general protection fault", [14] = "page fault",
	[16] = "coprocessor error", [17] = "alignment check",
	[18] = "machine check", [19] = "SIMD exception",
	[20] = "virtualization exception", [21] = "control protection",
};
static const char *const exception_mnemonics[32] = {
	[0] = "#DE", [1] = "#DB", [2] = "NMI", [3] = "#BP", [4] = "#OF", [5] = "#BR",
	[6] = "#UD", [7] = "#NM", [8] = "#DF", [10] = "#TS", [11] = "#NP",
	[12] = "#SS", [13] = "#GP", [14] = "#PF", [16] = "#MF", [17] = "#AC",
	[18] = "#MC", [19] = "#XM", [20] = "#VE", [21] = "#CP",
};

static void report_page_fault(const struct pt_regs *regs, unsigned long addr)
{
	unsigned long ec = regs->error_code;

	if (!(ec & 1) && addr < 4096)
		pr_alert("BUG: kernel NULL pointer dereference, address: %0*lx\n",
			 (int)(2 * sizeof(long)), addr);
	else
		pr_alert("BUG: unable to handle page fault for address: %0*lx\n",
			 (int)(2 * sizeof(long)), addr);
	pr_alert("#PF: supervisor %s access in %s mode\n",
		 (ec & 16) ? "instruction fetch" : (ec & 2) ? "write" : "read",
		 (ec & 4) ? "user" : "kernel");
	pr_alert("#PF: error_code(0x%04lx) - %s\n", ec,
		 !(ec & 1) ? "not-present page" :
		 (ec & 8) ? "reserved bit violation" : "permissions violation");
}

/* Returns only if gdb resumed the kernel (at @regs, which it may have changed). */
static void die(struct pt_regs *regs)
{
	unsigned long vec = regs->vector;
	const char *name = exception_names[vec] ? exception_names[vec] : "reserved exception";
	const char *mn = exception_mnemonics[vec] ? exception_mnemonics[vec] : "#??";

	if (vec == 14)
		report_page_fault(regs, read_cr2());
	pr_emerg("%s: %04lx [#%u]\n", vec == 14 ? "Oops" : name, regs->error_code & 0xffff,
		 ++oops_count);
	pr_emerg("trap: vector %lu (%s, %s), error code %#lx\n", vec, mn, name,
		 regs->error_code);
	pr_emerg("CPU: %u PID: 0 Comm: swapper/%u\n", smp_processor_id(), smp_processor_id());
	show_regs(regs);
	pr_emerg("Call Trace:\n");
	show_stack_from(regs->bp);
	if (gdbstub_fatal_trap(regs))
		return;
	panic("Fatal exception");
}

void do_interrupt(struct pt_regs *regs)
{
	unsigned long vec = regs->vector;

	if (vec >= 32) {
		irq_handler_t h = irq_handlers[vec];
		if (h)
			h(regs);
		else if (spurious_count++ < 10)
			pr_warn("spurious interrupt on vector %lu\n", vec);
		return;
	}

	if (vec == 2) {
		smp_nmi_stop();		/* returns only if no stop was asked for */
		if (gdbstub_nmi(regs))
			return;		/* the gdb stub's round-up */
	}
	const struct exception_table_entry *fix = search_exception_tables(regs->ip);
	if (fix && vec != 8 && vec != 2 && vec != 18) {
		trap_fixup_count[vec]++;
		regs->ip = fix->fixup;
		return;
	}
	if ((vec == 1 || vec == 3) && gdbstub_debug_trap(regs))
		return;
	die(regs);
}

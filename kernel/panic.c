// SPDX-License-Identifier: GPL-2.0-only
/* panic() for the kernel (hosted builds have their own in tests/host; WARN() is kernel/warn.c). */
#include <kernel/types.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <kernel/gdbstub.h>
#include <lib/printf.h>
#include <arch/cpu.h>
#include <arch/smp.h>

volatile int panic_in_progress;

void panic(const char *fmt, ...)
{
	static char buf[256];
	va_list ap;

	arch_irq_save();
	if (__atomic_fetch_add(&panic_in_progress, 1, __ATOMIC_SEQ_CST)) {
		/* Panicking inside panic: say as little as possible and stop. */
		printk_raw("\nKernel panic while panicking\n");
		arch_exit(ARCH_EXIT_FAILURE);
	}
	va_start(ap, fmt);
	vscnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_emerg("Kernel panic - not syncing: %s\n", buf);
	dump_stack();
	smp_send_stop();
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", buf);
	gdbstub_panic();	/* with the gdb stub enabled, stop there first */
	arch_exit(ARCH_EXIT_FAILURE);
}

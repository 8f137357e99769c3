// SPDX-License-Identifier: GPL-2.0-only
/*
 * WARN()'s report, Linux's lines: "cut here", the place, the message, the
 * stack, the end of the trace. Shared by the kernel and the hosted builds
 * (mk/objs.mk), where dump_stack() prints nothing.
 */
#include <kernel/types.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <lib/printf.h>
#include <arch/cpu.h>

void __warn(const char *file, int line, const char *func, const char *fmt, ...)
{
	char buf[160];
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_warn("------------[ cut here ]------------\n");
	pr_warn("WARNING: at %s:%d %s()\n", file, line, func);
	if (buf[0])
		pr_warn("%s\n", buf);
	dump_stack();
	pr_warn("---[ end trace ]---\n");
}

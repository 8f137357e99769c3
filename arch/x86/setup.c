// SPDX-License-Identifier: GPL-2.0-only
/*
 * x86 start-up in C: the console, descriptor tables, the boot information
 * and the clock, then the generic start_kernel(). setup_arch() is where
 * firmware discovery and memory setup run, called back from start_kernel().
 */
#include <kernel/types.h>
#include <kernel/printk.h>
#include <kernel/params.h>
#include <kernel/panic.h>
#include <lib/string.h>
#include <arch/boot.h>
#include <arch/cpu.h>
#include <asm/setup.h>

void *boot_phys_to_virt(phys_addr_t phys, size_t size)
{
	if (phys >= BOOT_IDENT_LIMIT || size > BOOT_IDENT_LIMIT - phys)
		return NULL;
#ifdef __x86_64__
	return (void *)(uintptr_t)(PAGE_OFFSET + phys);
#else
	return (void *)(uintptr_t)phys;
#endif
}

static const char *const boot_source_names[] = {
	[BOOT_SRC_UNKNOWN] = "unknown",
	[BOOT_SRC_MULTIBOOT1] = "multiboot1",
	[BOOT_SRC_MULTIBOOT2] = "multiboot2",
	[BOOT_SRC_EFI] = "EFI",
};

void x86_start_kernel(void)
{
	serial_init();
	console_register(serial_write);
	x86_cpu_init();

	bool known = parse_multiboot(boot_multiboot_magic, boot_multiboot_info);
	strscpy(boot_command_line, boot_info.cmdline, COMMAND_LINE_SIZE);

	tsc_init();
	if (!known)
		pr_err("boot: unknown loader magic %#x: no boot information, continuing without it\n",
		       boot_multiboot_magic);
	else
		pr_info("boot: %s from %s\n", boot_source_names[boot_info.source],
			boot_info.loader_name[0] ? boot_info.loader_name : "an unnamed loader");
	if (boot_info.cmdline_truncated)
		pr_warn("boot: command line truncated to %d bytes\n", BOOT_CMDLINE_MAX - 1);
	start_kernel();
}

void setup_arch(void)
{
	pr_info("Command line: %s\n", boot_command_line);
	parse_early_param();
}

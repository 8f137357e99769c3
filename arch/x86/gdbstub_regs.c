// SPDX-License-Identifier: GPL-2.0-only
/*
 * gdb's general-register layouts of the two x86 architectures, in 'g'
 * packet order (arch/x86/gdbstub.c fills them from a trap frame). Pure
 * data: the hosted protocol tests and the fuzzer link it too.
 */
#include <kernel/types.h>
#include <asm/gdbstub.h>

const struct gdb_reg_layout gdb_layout_i386 = {
	.name = "i386",
	.nr_regs = 16,
	.size = { 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4 },
	/*
	 * esp: a kernel-mode trap frame on i386 has no saved esp (the CPU
	 * pushes none), so it cannot be moved; cs..gs: a bad selector would
	 * fault on the way out of the trap.
	 */
	.readonly = (1u << 4) | (0x3fu << 10),
	.pc_regno = 8,
	.bytes = 64,
};

const struct gdb_reg_layout gdb_layout_amd64 = {
	.name = "i386:x86-64",
	.nr_regs = 24,
	.size = { 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
		  4, 4, 4, 4, 4, 4, 4 },
	.readonly = 0x3fu << 18,	/* cs ss ds es fs gs */
	.pc_regno = 16,
	.bytes = 164,
};

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x86 side of the gdb stub (arch/x86/gdbstub.c), as the trap code and
 * the boot path call it. The protocol is in include/kernel/gdbstub.h.
 */
#ifndef NB_ASM_GDBSTUB_H
#define NB_ASM_GDBSTUB_H

#include <kernel/types.h>
#include <kernel/gdbstub.h>
#include <asm/ptrace.h>

/* gdb's register layouts (arch/x86/gdbstub_regs.c). */
/* i386: eax ecx edx ebx esp ebp esi edi eip eflags cs ss ds es fs gs (4 bytes each). */
extern const struct gdb_reg_layout gdb_layout_i386;
/* amd64: rax rbx rcx rdx rsi rdi rbp rsp r8-r15 rip (8 bytes), eflags cs ss ds es fs gs (4). */
extern const struct gdb_reg_layout gdb_layout_amd64;

/*
 * The hooks the rest of the kernel calls. Without the stub (GDBSTUB=0, no
 * CONFIG_GDBSTUB) they are the no-ops below: nothing is handled, nothing
 * waits.
 */
#ifdef CONFIG_GDBSTUB
/*
 * Read gdbstub= and kgdbwait from the command line, set up the port and,
 * with kgdbwait, stop and wait for gdb. Called once the console and the
 * trap handlers work, before setup_arch().
 */
void gdbstub_early_init(void);

/*
 * #DB (vector 1) or #BP (vector 3) with the stub enabled: serve gdb, then
 * resume at @regs (possibly changed). Returns false if the stub is not
 * enabled (or is itself running), and the trap is then not handled.
 */
bool gdbstub_debug_trap(struct pt_regs *regs);

/*
 * An unexpected exception, after the oops was printed: stop in the stub.
 * Returns true if gdb resumed the kernel (continue or step: return to
 * @regs, which gdb may have changed; an unchanged faulting instruction
 * faults again), false if the kernel should go on to panic (stub not
 * enabled, or gdb detached).
 */
bool gdbstub_fatal_trap(struct pt_regs *regs);

/*
 * An NMI: true if it was the stub's round-up NMI (this CPU parked until
 * gdb resumed the kernel, or the round was already over), false if it is
 * someone else's.
 */
bool gdbstub_nmi(struct pt_regs *regs);

/* After smp_init(): route the UART's receive interrupt (Ctrl-C) to a CPU. */
void gdbstub_smp_init(void);

/* A CPU coming online: load gdb's hardware breakpoints. */
void gdbstub_cpu_init(void);
#else
static inline void gdbstub_early_init(void) { }
static inline bool gdbstub_debug_trap(struct pt_regs *regs) { (void)regs; return false; }
static inline bool gdbstub_fatal_trap(struct pt_regs *regs) { (void)regs; return false; }
static inline bool gdbstub_nmi(struct pt_regs *regs) { (void)regs; return false; }
static inline void gdbstub_smp_init(void) { }
static inline void gdbstub_cpu_init(void) { }
#endif

/* Ctrl-C entries into the stub so far. */
extern unsigned long gdbstub_break_ins;

/* 0 if the debug registers can do a GDB_HW_* of @len bytes at @addr, else an E code. */
int gdbstub_arch_hw_check(void *ctx, unsigned int type, u64 addr, unsigned int len);

/* The arch memory accessors of the stub (never fault), for tests. */
size_t gdbstub_arch_read_mem(void *ctx, u64 addr, void *buf, size_t len);
size_t gdbstub_arch_write_mem(void *ctx, u64 addr, const void *buf, size_t len);
bool gdbstub_arch_bp_allowed(void *ctx, u64 addr);
/* pt_regs <-> gdb register image (gdb_layout_i386 or gdb_layout_amd64). */
extern const struct gdb_reg_layout *const gdbstub_arch_layout;
void gdbstub_regs_to_image(const struct pt_regs *regs, u8 *img);
void gdbstub_image_to_regs(const u8 *img, struct pt_regs *regs);

#endif

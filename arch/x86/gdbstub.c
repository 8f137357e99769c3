// SPDX-License-Identifier: GPL-2.0-only
/*
 * The gdb stub's machine half (the protocol is kernel/gdbstub_proto.c):
 *
 *  - Off by default. gdbstub=ttyS1 (or ttyS2, ttyS3; optionally ",BAUD")
 *    puts it on that 16550 UART, polled, 8N1; ttyS0 is the console and is
 *    refused. kgdbwait also stops right after the console and the trap
 *    handlers are up, before setup_arch(), and waits for gdb.
 *  - Ways in: int3 (gdb's breakpoints, kgdbwait, panic), #DB after a single
 *    step (EFLAGS.TF), an unexpected exception (after the oops is printed),
 *    panic() (after its message and backtrace).
 *  - While the stub runs, interrupts stay off (the trap gates clear IF) and
 *    no breakpoint is in memory. Only this CPU stops.
 *  - Ways out: continue / step resume at the (possibly changed) registers;
 *    detach resumes without breakpoints, except that a fatal stop then goes
 *    on to panic (without stopping again); kill ends the machine with
 *    ARCH_EXIT_FAILURE ("make run" fails: the run did not finish).
 *  - When the kernel ends (arch_exit) while gdb waits for it, gdb is told
 *    the exit status: 0 for ARCH_EXIT_SUCCESS, 1 otherwise.
 *
 * Code that runs between a trap and the moment breakpoints leave memory, or
 * between their return and the iret, must never meet an int3: breakpoints
 * there are refused (gdbstub_arch_bp_allowed), which is why the functions
 * of this file are all named gdb*.
 */
#define pr_fmt(fmt) "gdbstub: " fmt

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/params.h>
#include <kernel/kallsyms.h>
#include <kernel/gdbstub.h>
#include <lib/parse.h>
#include <lib/string.h>
#include <arch/cpu.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/gdbstub.h>

#define UART_RBR	0
#define UART_THR	0
#define UART_IER	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_SCR	7
#define UART_LSR_DR	0x01
#define UART_LSR_THRE	0x20
#define UART_DLL	0
#define UART_DLM	1

#define X86_EFLAGS_TF	0x100
#define X86_CR0_WP	(1UL << 16)

static const u16 gdb_uart_ports[] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };

struct gdb_uart {
	u16 base;
	int line;		/* N of ttySN */
};

static struct gdb_uart gdb_uart;
static struct gdbstub gdb_state;
static bool gdb_on;
static volatile bool gdb_in_stub;	/* the stub is running: traps bypass it */
static bool gdb_stepping;		/* we set TF for a step */
static bool gdb_skip_panic;		/* gdb detached from a fatal stop: let it panic */
static int gdb_pending_signal;		/* reason of the int3 we raise ourselves */

#ifdef __x86_64__
const struct gdb_reg_layout *const gdbstub_arch_layout = &gdb_layout_amd64;
#else
const struct gdb_reg_layout *const gdbstub_arch_layout = &gdb_layout_i386;
#endif

bool gdbstub_enabled(void)
{
	return gdb_on;
}

/* ---- the UART ---- */

static int gdb_uart_getc(void *ctx, u32 timeout_ms)
{
	const struct gdb_uart *u = ctx;
	u64 deadline = local_clock() + (u64)timeout_ms * 1000000ULL;
	unsigned long spins = 0;

	while (!(inb(u->base + UART_LSR) & UART_LSR_DR)) {
		if (timeout_ms) {
			/* Without a calibrated clock, count spins (roughly 1 us each). */
			if (local_clock() ? local_clock() >= deadline : ++spins > timeout_ms * 1000UL)
				return -1;
		}
		cpu_relax();
	}
	return inb(u->base + UART_RBR);
}

static void gdb_uart_write(void *ctx, const char *buf, size_t len)
{
	const struct gdb_uart *u = ctx;

	for (size_t i = 0; i < len; i++) {
		unsigned int spins = 0;

		while (!(inb(u->base + UART_LSR) & UART_LSR_THRE) && ++spins < 1000000)
			cpu_relax();
		outb(u->base + UART_THR, (u8)buf[i]);
	}
}

/* Program 8N1 at @baud with FIFOs, no interrupts. False if no UART answers. */
static bool gdb_uart_init(u16 base, unsigned long baud)
{
	u16 div = (u16)(115200 / baud);

	outb(base + UART_SCR, 0x5a);
	if (inb(base + UART_SCR) != 0x5a)
		return false;
	outb(base + UART_SCR, 0xa5);
	if (inb(base + UART_SCR) != 0xa5)
		return false;
	outb(base + UART_IER, 0x00);
	outb(base + UART_LCR, 0x80);
	outb(base + UART_DLL, div & 0xff);
	outb(base + UART_DLM, div >> 8);
	outb(base + UART_LCR, 0x03);
	outb(base + UART_FCR, 0xc7);
	outb(base + UART_MCR, 0x03);		/* DTR, RTS; OUT2 off: no interrupts */
	while (inb(base + UART_LSR) & UART_LSR_DR)
		inb(base + UART_RBR);		/* drop what came before */
	return true;
}

/* ---- memory ---- */

static bool gdb_addr_ok(u64 addr)
{
	return addr <= (u64)(unsigned long)-1;
}

size_t gdbstub_arch_read_mem(void *ctx, u64 addr, void *buf, size_t len)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < len; i++) {
		u64 a = addr + i;

		if (a < addr || !gdb_addr_ok(a) ||
		    copy_from_kernel_nofault((u8 *)buf + i, (const void *)(unsigned long)a, 1))
			break;
	}
	return i;
}

static inline void gdb_write_cr0(unsigned long v)
{
	__asm__ __volatile__("mov %0, %%cr0" :: "r"(v) : "memory");
}

/* The kernel image's text and rodata are mapped read-only: write them with CR0.WP off. */
static long gdb_poke(u8 *dst, u8 v)
{
	unsigned long cr0;
	long r;

	if (!copy_to_kernel_nofault(dst, &v, 1))
		return 0;
	if ((unsigned long)dst < (unsigned long)_text || (unsigned long)dst >= (unsigned long)_end)
		return -EFAULT;
	cr0 = read_cr0();
	gdb_write_cr0(cr0 & ~X86_CR0_WP);
	r = copy_to_kernel_nofault(dst, &v, 1);
	gdb_write_cr0(cr0);
	return r;
}

size_t gdbstub_arch_write_mem(void *ctx, u64 addr, const void *buf, size_t len)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < len; i++) {
		u64 a = addr + i;

		if (a < addr || !gdb_addr_ok(a) ||
		    gdb_poke((u8 *)(unsigned long)a, ((const u8 *)buf)[i]))
			break;
	}
	return i;
}

/*
 * Code on the way into the stub (before breakpoints leave memory) and on
 * the way out (after they return): an int3 there would trap forever.
 */
static const char *const gdb_no_break[] = {
	"do_interrupt", "search_exception_tables", "isr_common",
	"copy_from_kernel_nofault", "copy_to_kernel_nofault",
	"read_byte_nofault", "write_byte_nofault",
	"memcpy", "memset", "memmove", "memcmp",
};

bool gdbstub_arch_bp_allowed(void *ctx, u64 addr)
{
	const char *name;

	(void)ctx;
	if (!gdb_addr_ok(addr))
		return false;
	if (!kallsyms_lookup((unsigned long)addr, &name, NULL, NULL))
		return true;
	if (str_has_prefix(name, "gdb") || str_has_prefix(name, "isr_stub_"))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(gdb_no_break); i++)
		if (!strcmp(name, gdb_no_break[i]))
			return false;
	return true;
}

static const struct gdb_ops gdb_x86_ops = {
	.getc = gdb_uart_getc,
	.write = gdb_uart_write,
	.read_mem = gdbstub_arch_read_mem,
	.write_mem = gdbstub_arch_write_mem,
	.bp_allowed = gdbstub_arch_bp_allowed,
};

/* ---- registers ---- */

#define gdb_read_seg(seg) ({						\
	unsigned long __v = 0;						\
	__asm__ __volatile__("mov %%" #seg ", %k0" : "=r"(__v));	\
	(u32)(__v & 0xffff);						\
})

static void gdb_put32(u8 *p, u32 v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (u8)(v >> (8 * i));
}

static u32 gdb_get32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

#ifdef __x86_64__
static void gdb_put64(u8 *p, u64 v)
{
	gdb_put32(p, (u32)v);
	gdb_put32(p + 4, (u32)(v >> 32));
}

static u64 gdb_get64(const u8 *p)
{
	return gdb_get32(p) | (u64)gdb_get32(p + 4) << 32;
}

/* rax rbx rcx rdx rsi rdi rbp rsp r8..r15 rip | eflags cs ss ds es fs gs */
void gdbstub_regs_to_image(const struct pt_regs *r, u8 *img)
{
	const unsigned long q[17] = {
		r->ax, r->bx, r->cx, r->dx, r->si, r->di, r->bp, r->sp,
		r->r8, r->r9, r->r10, r->r11, r->r12, r->r13, r->r14, r->r15, r->ip,
	};
	const u32 d[7] = {
		(u32)r->flags, (u32)r->cs, (u32)r->ss,
		gdb_read_seg(ds), gdb_read_seg(es), gdb_read_seg(fs), gdb_read_seg(gs),
	};

	for (int i = 0; i < 17; i++)
		gdb_put64(img + 8 * i, q[i]);
	for (int i = 0; i < 7; i++)
		gdb_put32(img + 136 + 4 * i, d[i]);
}

/* The read-only registers (segments) are not written back. */
void gdbstub_image_to_regs(const u8 *img, struct pt_regs *r)
{
	unsigned long *const q[17] = {
		&r->ax, &r->bx, &r->cx, &r->dx, &r->si, &r->di, &r->bp, &r->sp,
		&r->r8, &r->r9, &r->r10, &r->r11, &r->r12, &r->r13, &r->r14, &r->r15, &r->ip,
	};

	for (int i = 0; i < 17; i++)
		*q[i] = gdb_get64(img + 8 * i);
	r->flags = gdb_get32(img + 136);
}
#else
/* eax ecx edx ebx esp ebp esi edi eip eflags cs ss ds es fs gs */
void gdbstub_regs_to_image(const struct pt_regs *r, u8 *img)
{
	const u32 d[16] = {
		(u32)r->ax, (u32)r->cx, (u32)r->dx, (u32)r->bx,
		(u32)kernel_stack_pointer(r), (u32)r->bp, (u32)r->si, (u32)r->di,
		(u32)r->ip, (u32)r->flags, (u32)r->cs, gdb_read_seg(ss),
		(u32)r->ds & 0xffff, (u32)r->es & 0xffff, (u32)r->fs & 0xffff, (u32)r->gs & 0xffff,
	};

	for (int i = 0; i < 16; i++)
		gdb_put32(img + 4 * i, d[i]);
}

/* esp and the segments are read-only (see gdb_layout_i386) and not written back. */
void gdbstub_image_to_regs(const u8 *img, struct pt_regs *r)
{
	r->ax = gdb_get32(img + 0);
	r->cx = gdb_get32(img + 4);
	r->dx = gdb_get32(img + 8);
	r->bx = gdb_get32(img + 12);
	r->bp = gdb_get32(img + 20);
	r->si = gdb_get32(img + 24);
	r->di = gdb_get32(img + 28);
	r->ip = gdb_get32(img + 32);
	r->flags = gdb_get32(img + 36);
}
#endif

/* ---- stops ---- */

static int gdb_signal_of(unsigned long vector)
{
	switch (vector) {
	case 0: case 16: case 19:
		return GDB_SIGFPE;
	case 1: case 3:
		return GDB_SIGTRAP;
	case 2:
		return GDB_SIGINT;
	case 6:
		return GDB_SIGILL;
	case 11: case 12: case 17: case 18:
		return GDB_SIGBUS;
	default:
		return GDB_SIGSEGV;
	}
}

/* Serve gdb for one stop of @regs. The caller has checked gdb_on && !gdb_in_stub. */
static enum gdb_action gdb_enter(struct pt_regs *regs, int signal, bool swbreak, const char *why)
{
	struct gdbstub *gs = &gdb_state;
	enum gdb_action action;

	gdb_in_stub = true;
	if (gdb_stepping) {
		regs->flags &= ~X86_EFLAGS_TF;
		gdb_stepping = false;
	}
	gdbstub_regs_to_image(regs, gs->regs);
	gs->regs_changed = false;
	gs->signal = signal;
	gs->swbreak = swbreak;
	if (!gs->attached && !gs->waiting)
		pr_notice("stopped (%s), waiting for gdb on ttyS%d\n", why, gdb_uart.line);

	action = gdbstub_session(gs);

	if (gs->regs_changed)
		gdbstub_image_to_regs(gs->regs, regs);
	switch (action) {
	case GDB_ACT_STEP:
		regs->flags |= X86_EFLAGS_TF;
		gdb_stepping = true;
		break;
	case GDB_ACT_KILL:
		pr_emerg("killed by gdb\n");
		arch_exit(ARCH_EXIT_FAILURE);
	case GDB_ACT_DETACH:
		pr_notice("gdb detached\n");
		break;
	default:
		break;
	}
	gdb_in_stub = false;
	return action;
}

bool gdbstub_debug_trap(struct pt_regs *regs)
{
	int signal = GDB_SIGTRAP;
	bool swbreak = false;
	const char *why = "breakpoint";

	if (!gdb_on || gdb_in_stub)
		return false;
	if (regs->vector == 3) {
		if (gdb_bp_active_at(&gdb_state, regs->ip - 1)) {
			regs->ip--;	/* gdb sees the breakpoint's address (swbreak) */
			swbreak = true;
		} else if (gdb_pending_signal) {
			signal = gdb_pending_signal;
			why = signal == GDB_SIGABRT ? "panic" : "kgdbwait";
		}
		gdb_pending_signal = 0;
	} else {
		why = gdb_stepping ? "single step" : "debug exception";
	}
	gdb_enter(regs, signal, swbreak, why);
	return true;
}

bool gdbstub_fatal_trap(struct pt_regs *regs)
{
	if (!gdb_on || gdb_in_stub)
		return false;
	if (gdb_enter(regs, gdb_signal_of(regs->vector), false, "fatal exception") ==
	    GDB_ACT_DETACH) {
		gdb_skip_panic = true;
		return false;
	}
	/* A double fault cannot be resumed. */
	return regs->vector != 8;
}

/* Stop here through int3, with @signal as the reason gdb is told. */
static __noinline void gdb_breakpoint(int signal)
{
	gdb_pending_signal = signal;
	__asm__ __volatile__("int3" ::: "memory");
}

void gdbstub_panic(void)
{
	if (!gdb_on || gdb_in_stub)
		return;
	if (gdb_skip_panic) {
		gdb_skip_panic = false;
		return;
	}
	gdb_breakpoint(GDB_SIGABRT);
}

void gdbstub_exit(int code)
{
	if (!gdb_on || gdb_in_stub)
		return;
	gdb_in_stub = true;
	gdb_bp_remove_all(&gdb_state);	/* nothing on the way out may trap */
	gdbstub_report_exit(&gdb_state, code == ARCH_EXIT_SUCCESS ? 0 : 1, 2000);
	gdb_in_stub = false;
}

/* ---- boot parameters ---- */

/* "ttyS1[,BAUD]": the UART number (1-3) and a baud rate that divides 115200. */
static int gdb_parse_port(const char *val, int *line, unsigned long *baud)
{
	unsigned long long b = 115200;
	const char *end;

	if (!val || strncmp(val, "ttyS", 4) || val[4] < '1' || val[4] > '3')
		return -EINVAL;
	*line = val[4] - '0';
	end = val + 5;
	if (*end == ',') {
		if (parse_ull(end + 1, &end, 10, &b) || !b || b > 115200 || 115200 % b)
			return -EINVAL;
	}
	if (*end)
		return -EINVAL;
	*baud = (unsigned long)b;
	return 0;
}

/* The real work is in gdbstub_early_init(), which runs before early parameters are parsed. */
static int gdbstub_param(const char *val)
{
	int line;
	unsigned long baud;

	if (val && !strcmp(val, "ttyS0")) {
		pr_err("ttyS0 is the console; use ttyS1\n");
		return -EINVAL;
	}
	return gdb_parse_port(val, &line, &baud);
}
early_param("gdbstub", gdbstub_param);

static int gdb_kgdbwait_param(const char *val)
{
	return val ? -EINVAL : 0;
}
early_param("kgdbwait", gdb_kgdbwait_param);

void gdbstub_early_init(void)
{
	static char cmdline[COMMAND_LINE_SIZE];
	char *cursor = cmdline, *param, *val;
	const char *port = NULL;
	bool wait = false;
	unsigned long baud = 115200;
	int line = 0;

	strscpy(cmdline, boot_command_line, sizeof(cmdline));
	while ((param = next_arg(&cursor, &val)) != NULL) {
		if (!strcmp(param, "gdbstub"))
			port = val;
		else if (!strcmp(param, "kgdbwait") && !val)
			wait = true;
	}
	if (!port || gdb_parse_port(port, &line, &baud)) {
		if (wait)
			pr_warn("kgdbwait ignored: no gdbstub=ttySN port\n");
		return;		/* a malformed value is reported with the early parameters */
	}
	if (!gdb_uart_init(gdb_uart_ports[line], baud)) {
		pr_err("no UART at ttyS%d (port %#x): the stub stays off\n", line,
		       gdb_uart_ports[line]);
		return;
	}
	gdb_uart.base = gdb_uart_ports[line];
	gdb_uart.line = line;
	gdbstub_init(&gdb_state, gdbstub_arch_layout, &gdb_x86_ops, &gdb_uart);
	gdb_on = true;
	pr_info("gdb remote protocol on ttyS%d (port %#x, %lu 8N1), %s\n", line,
		gdb_uart.base, baud, gdbstub_arch_layout->name);
	if (wait)
		gdb_breakpoint(GDB_SIGTRAP);
}

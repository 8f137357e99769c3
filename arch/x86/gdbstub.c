// SPDX-License-Identifier: GPL-2.0-only
/*
 * The gdb stub's machine half (the protocol is kernel/gdbstub_proto.c):
 *
 *  - Off by default. gdbstub=ttyS1 (or ttyS2, ttyS3; optionally ",BAUD")
 *    puts it on that 16550 UART, 8N1; ttyS0 is the console and is refused.
 *    kgdbwait also stops right after the console and the trap handlers are
 *    up, before setup_arch(), and waits for gdb.
 *  - Ways in: int3 (gdb's breakpoints, kgdbwait, panic), #DB after a single
 *    step (EFLAGS.TF) or a hardware breakpoint/watchpoint (DR0-DR3), an
 *    unexpected exception (after the oops is printed), panic() (after its
 *    message and backtrace), and Ctrl-C: the UART's receive interrupt
 *    (8259 IRQ 3/4 through LINT0 in ExtINT mode of one CPU, the last one
 *    online, which idles with interrupts on) sees 0x03 or a packet's '$'.
 *    The line is polled only while stopped.
 *  - All CPUs stop together (kgdb's scheme). The CPU that enters becomes
 *    the master (gdb_master, taken by compare-and-swap); it rounds up every
 *    other online CPU with an NMI, which interrupts-off code cannot hold
 *    off. They park (gdb_park(): trap frame saved, DR7 off, spinning) until
 *    released. A CPU that enters while another is master parks the same
 *    way, then tries again once released: a software breakpoint is simply
 *    executed again (its pc was moved back to the int3), other events
 *    (a watchpoint, a fault) are reported by it as the next master.
 *  - CPUs are gdb's threads (thread N = CPU N-1); gdb reads and writes any
 *    parked CPU's registers in its trap frame.
 *  - While the stub runs, interrupts stay off (the trap gates clear IF),
 *    no breakpoint is in memory and DR7 is 0 on every stopped CPU.
 *  - Ways out: continue resumes every CPU; step resumes only the master,
 *    the others stay parked until the next continue (kgdb's rule); detach
 *    resumes without breakpoints, except that a fatal stop then goes on to
 *    panic (without stopping again); kill ends the machine with
 *    ARCH_EXIT_FAILURE ("make run" fails: the run did not finish).
 *  - Hardware breakpoints: gs->hw[i] is DR i on every CPU; each CPU loads
 *    the table when it leaves the stub or its park (gdb_hw_load(), one
 *    piece of DR7 code for i386 and x86_64).
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
#include <lib/printf.h>
#include <lib/string.h>
#include <arch/cpu.h>
#include <arch/smp.h>
#include <mm/numa.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/gdbstub.h>
#include <asm/smp.h>

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

#define UART_IER_RDI	0x01
#define UART_MCR_OUT2	0x08

#define X86_EFLAGS_TF	0x100
#define X86_EFLAGS_RF	0x10000
#define DR6_BS		(1UL << 14)
#define DR6_RESET	0xffff0ff0UL
#define DR7_LE_GE	(3UL << 8)
#define X86_CR0_WP	(1UL << 16)

static const u16 gdb_uart_ports[] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };

struct gdb_uart {
	u16 base;
	int line;		/* N of ttySN */
};

static struct gdb_uart gdb_uart;
static struct gdbstub gdb_state;
static bool gdb_on;
static volatile bool gdb_in_stub;	/* the master serves gdb: its own traps bypass the stub */
static bool gdb_stepping;		/* the master set TF for a step */
static bool gdb_skip_panic;		/* gdb detached from a fatal stop: let it panic */

/* ---- every CPU's side ---- */

enum gdb_cpu_state {
	GDB_CPU_RUNNING,
	GDB_CPU_PARKED,			/* spinning in gdb_park(), regs valid */
	GDB_CPU_RELEASED,		/* told to go; it says RUNNING once it went */
	GDB_CPU_MASTER,			/* serving gdb, regs valid */
};

struct gdb_cpu {
	struct pt_regs *regs;		/* its trap frame while PARKED or MASTER */
	int state;			/* enum gdb_cpu_state; atomic */
	bool nmi_pending;		/* the master sent it a round-up NMI; atomic */
	int pending_signal;		/* reason of the int3 it raises itself */
	const char *why;		/* how it came to stop */
	unsigned long stops;		/* times it entered the stub as master */
};

static struct gdb_cpu gdb_cpus[NR_CPUS];
static int gdb_master = -1;		/* the CPU serving gdb, or -1; atomic */
static bool gdb_holding;		/* the master holds the others parked; atomic */
static unsigned int gdb_irq_cpu;	/* the CPU that takes the UART interrupt */
static bool gdb_irq_on;
/* Ctrl-C (0x03 or a packet's '$') entries into the stub, for the self-test. */
unsigned long gdbstub_break_ins;

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

/*
 * Ctrl-C: the UART interrupts on receive while the kernel runs. Its 8259
 * line (remapped at 0x20, everything else masked) reaches the CPUs through
 * LINT0 in ExtINT mode, unmasked on gdb_irq_cpu only (an AP idles with
 * interrupts on; the boot CPU runs the kernel with them mostly off).
 */
static unsigned int gdb_uart_irq(void)
{
	return gdb_uart.line == 2 ? 4 : 3;	/* COM2/COM4: IRQ 3, COM3: IRQ 4 */
}

static void gdb_uart_irq_enable(bool on)
{
	outb(gdb_uart.base + UART_IER, on ? UART_IER_RDI : 0);
}

static void gdb_lint0_extint(void *info)
{
	(void)info;
	apic_write(APIC_LVT0, APIC_DM_EXTINT);
}

static void gdb_uart_interrupt(struct pt_regs *regs);

/* After smp_init(): route the UART's interrupt to the last online CPU. */
void gdbstub_smp_init(void)
{
	unsigned int cpu, irq;

	if (!gdb_on)
		return;
	gdb_irq_cpu = 0;
	for_each_online_cpu(cpu)
		gdb_irq_cpu = cpu;
	irq = gdb_uart_irq();
	set_irq_handler(0x20 + irq, gdb_uart_interrupt);
	if (smp_call_function_single(gdb_irq_cpu, gdb_lint0_extint, NULL, true)) {
		pr_err("cannot route the UART interrupt to CPU%u: no Ctrl-C\n", gdb_irq_cpu);
		return;
	}
	outb(0x21, inb(0x21) & (u8)~(1u << irq));	/* unmask it on the master 8259 */
	outb(gdb_uart.base + UART_MCR, 0x03 | UART_MCR_OUT2);
	gdb_uart_irq_enable(true);
	gdb_irq_on = true;
	pr_info("Ctrl-C: ttyS%d's receive interrupt (IRQ %u) on CPU%u\n", gdb_uart.line, irq,
		gdb_irq_cpu);
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

/* ---- debug registers: one piece of code for i386 and x86_64 ---- */

#define gdb_set_dr(n, v) __asm__ __volatile__("mov %0, %%db" #n :: "r"((unsigned long)(v)))
#define gdb_get_dr(n) ({ unsigned long __v;				\
	__asm__ __volatile__("mov %%db" #n ", %0" : "=r"(__v)); __v; })

/* DR7's R/W and LEN fields of a GDB_HW_* breakpoint of @len bytes. */
static unsigned long gdb_dr7_bits(unsigned int slot, unsigned int type, unsigned int len)
{
	unsigned long rw = type == GDB_HW_EXEC ? 0 : type == GDB_HW_WRITE ? 1 : 3;
	unsigned long ln = type == GDB_HW_EXEC || len == 1 ? 0 : len == 2 ? 1 : len == 8 ? 2 : 3;

	return (1UL << (2 * slot)) | (rw << (16 + 4 * slot)) | (ln << (18 + 4 * slot));
}

int gdbstub_arch_hw_check(void *ctx, unsigned int type, u64 addr, unsigned int len)
{
	(void)ctx;
	if (!gdb_addr_ok(addr))
		return 0x16;
	if (type == GDB_HW_EXEC)
		return len == 1 ? 0 : 0x16;	/* gdb's kind for x86 is 1 */
	if (len != 1 && len != 2 && len != 4 && !(len == 8 && sizeof(long) == 8))
		return 0x16;			/* 8 bytes only on x86_64 */
	return addr % len ? 0x16 : 0;		/* the hardware wants it aligned */
}

/* This CPU's DR0-DR3/DR7 from gdb_state.hw (all off if gdb has none). */
static void gdb_hw_load(void)
{
	const struct gdb_hw_bp *hw = gdb_state.hw;
	unsigned long dr7 = 0;

	if (hw[0].type)
		gdb_set_dr(0, hw[0].addr);
	if (hw[1].type)
		gdb_set_dr(1, hw[1].addr);
	if (hw[2].type)
		gdb_set_dr(2, hw[2].addr);
	if (hw[3].type)
		gdb_set_dr(3, hw[3].addr);
	for (unsigned int i = 0; i < GDB_MAX_HW_BP; i++)
		if (hw[i].type)
			dr7 |= gdb_dr7_bits(i, hw[i].type, hw[i].len);
	gdb_set_dr(7, dr7 ? dr7 | DR7_LE_GE : 0);
}

/* Which slot of gs->hw fired (DR6 B0-B3 of an enabled slot), or -1; DR6 is reset. */
static int gdb_hw_hit(void)
{
	unsigned long dr6 = gdb_get_dr(6), dr7 = gdb_get_dr(7);
	int hit = -1;

	for (int i = 0; i < GDB_MAX_HW_BP; i++)
		if ((dr6 & (1UL << i)) && (dr7 & (3UL << (2 * i))))
			hit = i;
	gdb_set_dr(6, DR6_RESET);
	return hit;
}

void gdbstub_cpu_init(void)
{
	if (gdb_on)
		gdb_hw_load();
}

/* ---- threads: CPU n is thread n + 1 ---- */

static int gdb_thread_next(void *ctx, int tid)
{
	(void)ctx;
	for (unsigned int cpu = (unsigned int)tid; cpu < nr_cpu_ids && cpu < NR_CPUS; cpu++)
		if (cpu_online(cpu))
			return (int)cpu + 1;
	return 0;
}

/* A stopped CPU's trap frame, or NULL (running: it did not answer the round-up). */
static struct pt_regs *gdb_cpu_regs(int tid)
{
	struct gdb_cpu *c;
	int st;

	if (tid <= 0 || tid > (int)NR_CPUS)
		return NULL;
	c = &gdb_cpus[tid - 1];
	st = __atomic_load_n(&c->state, __ATOMIC_ACQUIRE);
	return st == GDB_CPU_PARKED || st == GDB_CPU_MASTER ? c->regs : NULL;
}

static bool gdb_get_regs(void *ctx, int tid, u8 *img)
{
	struct pt_regs *r = gdb_cpu_regs(tid);

	(void)ctx;
	if (!r)
		return false;
	gdbstub_regs_to_image(r, img);
	return true;
}

static bool gdb_set_regs(void *ctx, int tid, const u8 *img)
{
	struct pt_regs *r = gdb_cpu_regs(tid);

	(void)ctx;
	if (!r)
		return false;
	gdbstub_image_to_regs(img, r);
	return true;
}

static void gdb_thread_info(void *ctx, int tid, char *buf, size_t size)
{
	unsigned int cpu = (unsigned int)tid - 1;
	const struct gdb_cpu *c = &gdb_cpus[cpu];

	(void)ctx;
	snprintf(buf, size, "CPU %u node %d%s%s", cpu, cpu_to_node(cpu),
		 gdb_cpu_regs(tid) ? ", " : ", not stopped (no answer to the NMI)",
		 gdb_cpu_regs(tid) ? c->why : "");
}

static const struct gdb_ops gdb_x86_ops = {
	.getc = gdb_uart_getc,
	.write = gdb_uart_write,
	.read_mem = gdbstub_arch_read_mem,
	.write_mem = gdbstub_arch_write_mem,
	.bp_allowed = gdbstub_arch_bp_allowed,
	.thread_next = gdb_thread_next,
	.get_regs = gdb_get_regs,
	.set_regs = gdb_set_regs,
	.thread_info = gdb_thread_info,
	.hw_check = gdbstub_arch_hw_check,
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

static unsigned int gdb_this_cpu(void)
{
	unsigned int cpu = smp_processor_id();

	return cpu < NR_CPUS ? cpu : 0;
}

/*
 * Park this CPU with @regs until the master lets it go (or at once if no
 * master holds the CPUs any more). Its debug registers are off meanwhile
 * and reloaded from gdb's table on the way out.
 */
static void gdb_park(struct pt_regs *regs, const char *why)
{
	struct gdb_cpu *c = &gdb_cpus[gdb_this_cpu()];
	int st = GDB_CPU_PARKED;

	gdb_set_dr(7, 0);
	c->regs = regs;
	c->why = why;
	__atomic_store_n(&c->state, GDB_CPU_PARKED, __ATOMIC_SEQ_CST);
	/*
	 * The master clears gdb_holding, then releases every PARKED CPU: a CPU
	 * that parked too late to be seen unparks itself (one of the two
	 * compare-and-swaps wins).
	 */
	if (!__atomic_load_n(&gdb_holding, __ATOMIC_SEQ_CST) &&
	    __atomic_compare_exchange_n(&c->state, &st, GDB_CPU_RUNNING, false, __ATOMIC_SEQ_CST,
					__ATOMIC_SEQ_CST)) {
		gdb_hw_load();
		return;
	}
	while (__atomic_load_n(&c->state, __ATOMIC_ACQUIRE) == GDB_CPU_PARKED)
		cpu_relax();
	gdb_hw_load();
	c->regs = NULL;
	__atomic_store_n(&c->state, GDB_CPU_RUNNING, __ATOMIC_RELEASE);
}

/* Stop every other online CPU (NMI); wait for them to park (a hang detector bounds it). */
static void gdb_roundup(unsigned int me)
{
	unsigned int cpu;
	u64 deadline;
	unsigned long spins = 0;
	bool all;

	__atomic_store_n(&gdb_holding, true, __ATOMIC_SEQ_CST);
	for_each_online_cpu(cpu) {
		if (cpu == me || cpu >= NR_CPUS)
			continue;
		__atomic_store_n(&gdb_cpus[cpu].nmi_pending, true, __ATOMIC_RELEASE);
		apic_icr_write(APIC_DM_NMI, numa_topology()->cpu_apicid[cpu]);
	}
	deadline = local_clock() + 2000000000ULL;
	do {
		all = true;
		for_each_online_cpu(cpu)
			if (cpu != me && cpu < NR_CPUS &&
			    __atomic_load_n(&gdb_cpus[cpu].state, __ATOMIC_ACQUIRE) != GDB_CPU_PARKED)
				all = false;
		cpu_relax();
	} while (!all && (local_clock() ? local_clock() < deadline : ++spins < 2000000000UL));
	if (!all)
		pr_warn("CPUs did not answer the round-up NMI: they keep running\n");
}

/* Let every parked CPU go; return once they have all left their park. */
static void gdb_release(unsigned int me)
{
	unsigned int cpu;

	__atomic_store_n(&gdb_holding, false, __ATOMIC_SEQ_CST);
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		int st = GDB_CPU_PARKED;

		if (cpu != me)
			__atomic_compare_exchange_n(&gdb_cpus[cpu].state, &st, GDB_CPU_RELEASED, false,
						    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	}
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		while (__atomic_load_n(&gdb_cpus[cpu].state, __ATOMIC_ACQUIRE) == GDB_CPU_RELEASED)
			cpu_relax();
}

/*
 * Become the master: false if this CPU was parked by another master
 * meanwhile and @reexecute says its event happens again by itself (a
 * software breakpoint whose pc was moved back onto the int3).
 */
static bool gdb_acquire(struct pt_regs *regs, const char *why, bool reexecute, unsigned int me)
{
	for (;;) {
		int none = -1;

		if (__atomic_load_n(&gdb_master, __ATOMIC_ACQUIRE) == (int)me)
			return true;	/* a step ended: the others are still parked */
		if (__atomic_compare_exchange_n(&gdb_master, &none, (int)me, false,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			gdb_roundup(me);
			return true;
		}
		if (__atomic_load_n(&gdb_holding, __ATOMIC_ACQUIRE)) {
			gdb_park(regs, why);
			if (reexecute)
				return false;
		}
		cpu_relax();
	}
}

/* Serve gdb for one stop of @regs on this CPU. The caller has checked gdb_on. */
static enum gdb_action gdb_enter(struct pt_regs *regs, int signal, bool swbreak, int hw_hit,
				 const char *why)
{
	struct gdbstub *gs = &gdb_state;
	unsigned int me = gdb_this_cpu();
	struct gdb_cpu *c = &gdb_cpus[me];
	enum gdb_action action;

	gdb_set_dr(7, 0);
	if (!gdb_acquire(regs, why, swbreak, me))
		return GDB_ACT_CONTINUE;
	gdb_in_stub = true;
	c->regs = regs;
	c->why = why;
	c->stops++;
	__atomic_store_n(&c->state, GDB_CPU_MASTER, __ATOMIC_RELEASE);
	if (gdb_irq_on)
		gdb_uart_irq_enable(false);
	if (gdb_stepping) {
		regs->flags &= ~X86_EFLAGS_TF;
		gdb_stepping = false;
	}
	gdbstub_regs_to_image(regs, gs->regs);
	gs->regs_changed = false;
	gs->signal = signal;
	gs->swbreak = swbreak;
	gs->hw_hit = hw_hit;
	gs->thread = (int)me + 1;
	if (!gs->attached && !gs->waiting)
		pr_notice("stopped (%s), waiting for gdb on ttyS%d (CPU%u)\n", why, gdb_uart.line,
			  me);

	action = gdbstub_session(gs);

	if (gs->regs_changed)
		gdbstub_image_to_regs(gs->regs, regs);
	if (hw_hit >= 0 && gs->hw[hw_hit].type == GDB_HW_EXEC)
		regs->flags |= X86_EFLAGS_RF;	/* do not hit the same breakpoint again at once */
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
	c->regs = NULL;
	__atomic_store_n(&c->state, GDB_CPU_RUNNING, __ATOMIC_RELEASE);
	gdb_hw_load();
	gdb_in_stub = false;
	if (gdb_irq_on)
		gdb_uart_irq_enable(true);
	if (action != GDB_ACT_STEP) {
		gdb_release(me);
		__atomic_store_n(&gdb_master, -1, __ATOMIC_RELEASE);
	}
	return action;
}

/* The stub runs on this CPU (a trap inside it must not re-enter). */
static bool gdb_nested(void)
{
	return gdb_in_stub && __atomic_load_n(&gdb_master, __ATOMIC_ACQUIRE) == (int)gdb_this_cpu();
}

bool gdbstub_debug_trap(struct pt_regs *regs)
{
	struct gdb_cpu *c = &gdb_cpus[gdb_this_cpu()];
	int signal = GDB_SIGTRAP, hw_hit = -1;
	bool swbreak = false;
	const char *why = "breakpoint";

	if (!gdb_on || gdb_nested())
		return false;
	if (regs->vector == 3) {
		u8 insn = 0;

		/*
		 * Ours if gdb set a breakpoint there, or if the byte is no longer
		 * an int3 (gdb took it out while this CPU was on its way here).
		 */
		gdbstub_arch_read_mem(NULL, regs->ip - 1, &insn, 1);
		if (!c->pending_signal &&
		    (gdb_bp_active_at(&gdb_state, regs->ip - 1) || insn != GDB_BREAK_INSN)) {
			regs->ip--;	/* gdb sees the breakpoint's address (swbreak) */
			swbreak = true;
		} else if (c->pending_signal) {
			signal = c->pending_signal;
			why = signal == GDB_SIGABRT ? "panic" : "kgdbwait";
		}
		c->pending_signal = 0;
	} else {
		hw_hit = gdb_hw_hit();
		why = hw_hit >= 0 ? (gdb_state.hw[hw_hit].type == GDB_HW_EXEC ?
				     "hardware breakpoint" : "watchpoint") :
		      gdb_stepping ? "single step" : "debug exception";
	}
	gdb_enter(regs, signal, swbreak, hw_hit, why);
	return true;
}

bool gdbstub_fatal_trap(struct pt_regs *regs)
{
	if (!gdb_on || gdb_nested())
		return false;
	if (gdb_enter(regs, gdb_signal_of(regs->vector), false, -1, "fatal exception") ==
	    GDB_ACT_DETACH) {
		gdb_skip_panic = true;
		return false;
	}
	/* A double fault cannot be resumed. */
	return regs->vector != 8;
}

bool gdbstub_nmi(struct pt_regs *regs)
{
	struct gdb_cpu *c;

	if (!gdb_on)
		return false;
	c = &gdb_cpus[gdb_this_cpu()];
	if (!__atomic_exchange_n(&c->nmi_pending, false, __ATOMIC_ACQ_REL))
		return false;	/* not ours */
	/* Already stopped (it entered the stub itself), or the round is over: nothing to do. */
	if (__atomic_load_n(&c->state, __ATOMIC_ACQUIRE) == GDB_CPU_RUNNING &&
	    __atomic_load_n(&gdb_holding, __ATOMIC_ACQUIRE) &&
	    __atomic_load_n(&gdb_master, __ATOMIC_ACQUIRE) != (int)gdb_this_cpu())
		gdb_park(regs, "parked by NMI");
	return true;
}

static void gdb_uart_interrupt(struct pt_regs *regs)
{
	bool enter = false;

	while (inb(gdb_uart.base + UART_LSR) & UART_LSR_DR) {
		int ch = inb(gdb_uart.base + UART_RBR);

		if (ch == 0x03) {
			enter = true;
		} else if (ch == '$') {
			gdb_state.pushback = ch;	/* the session reads the packet's rest */
			enter = true;
			break;
		}
	}
	outb(0x20, 0x20);	/* end of interrupt at the 8259 (ExtINT: none at the APIC) */
	if (!enter || gdb_nested())
		return;
	__atomic_add_fetch(&gdbstub_break_ins, 1, __ATOMIC_RELAXED);
	gdb_enter(regs, GDB_SIGINT, false, -1, "Ctrl-C");
}

/* Stop here through int3, with @signal as the reason gdb is told. */
static __noinline void gdb_breakpoint(int signal)
{
	gdb_cpus[gdb_this_cpu()].pending_signal = signal;
	__asm__ __volatile__("int3" ::: "memory");
}

void gdbstub_panic(void)
{
	if (!gdb_on || gdb_nested())
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
	if (gdb_irq_on)
		gdb_uart_irq_enable(false);
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

// SPDX-License-Identifier: GPL-2.0-only
/*
 * gdbstub_arch: the x86 half of the gdb stub without a debugger: its memory
 * accessors on unmapped and read-only (kernel text) memory, the breakpoints
 * it refuses, the pt_regs <-> register image conversion, and a scripted
 * session that plants and removes a breakpoint in real kernel text.
 * kallsyms: the link-time symbol table.
 * gdbstub_panic (explicit): panics on purpose, for tests/harness/gdb.t.
 * gdbstub_smp (explicit): where gdb.t stops every CPU (below).
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/ktest.h>
#include <kernel/panic.h>
#include <kernel/kallsyms.h>
#include <kernel/gdbstub.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <arch/cpu.h>
#include <asm/setup.h>
#include <asm/gdbstub.h>
#include <arch/smp.h>
#include <kernel/printk.h>
#include <mm/gfp.h>
#include <mm/memory_model.h>

void start_kernel(void);

/* Never called while a test has patched it. */
static __noinline int kstub_victim(int x)
{
	return x * 3 + 1;
}
static int (*volatile victim_ptr)(int) = kstub_victim;

static void test_read_mem(struct ktest *t)
{
	static const char text[] = "numabuddy";
	char buf[16];

	KTEST_EXPECT_EQ(t, gdbstub_arch_read_mem(NULL, (unsigned long)text, buf, sizeof(text)),
			sizeof(text));
	KTEST_EXPECT_STREQ(t, buf, text);
	KTEST_EXPECT_EQ(t, gdbstub_arch_read_mem(NULL, ARCH_UNMAPPED_TEST_ADDR, buf, 4), 0);
	/* Beyond what a pointer holds (i386), or wrapping around. */
	KTEST_EXPECT_EQ(t, gdbstub_arch_read_mem(NULL, ~0ULL, buf, 2), 0);
	if (sizeof(long) == 4)
		KTEST_EXPECT_EQ(t, gdbstub_arch_read_mem(NULL, 1ULL << 32, buf, 1), 0);
}

static void test_write_text(struct ktest *t)
{
	u8 *p = (u8 *)(unsigned long)victim_ptr;
	u8 orig = *p, v = 0xcc, back = 0;

	/* Kernel text is mapped read-only (x86_64): the stub still patches it. */
	KTEST_EXPECT_EQ(t, gdbstub_arch_write_mem(NULL, (unsigned long)p, &v, 1), 1);
	KTEST_EXPECT_EQ(t, gdbstub_arch_read_mem(NULL, (unsigned long)p, &back, 1), 1);
	KTEST_EXPECT_EQ(t, back, 0xcc);
	KTEST_EXPECT_EQ(t, gdbstub_arch_write_mem(NULL, (unsigned long)p, &orig, 1), 1);
	KTEST_EXPECT_EQ(t, *p, orig);
	KTEST_EXPECT_EQ(t, victim_ptr(2), 7);
	KTEST_EXPECT_EQ(t, gdbstub_arch_write_mem(NULL, ARCH_UNMAPPED_TEST_ADDR, &v, 1), 0);
}

static void test_bp_allowed(struct ktest *t)
{
	KTEST_EXPECT_TRUE(t, gdbstub_arch_bp_allowed(NULL, (unsigned long)start_kernel));
	KTEST_EXPECT_TRUE(t, gdbstub_arch_bp_allowed(NULL, (unsigned long)victim_ptr));
	/* The trap path and the stub's own code. */
	KTEST_EXPECT_FALSE(t, gdbstub_arch_bp_allowed(NULL, (unsigned long)do_interrupt));
	KTEST_EXPECT_FALSE(t, gdbstub_arch_bp_allowed(NULL, (unsigned long)copy_to_kernel_nofault));
	KTEST_EXPECT_FALSE(t, gdbstub_arch_bp_allowed(NULL, (unsigned long)gdbstub_arch_read_mem));
	KTEST_EXPECT_FALSE(t, gdbstub_arch_bp_allowed(NULL, (unsigned long)gdbstub_session));
	KTEST_EXPECT_FALSE(t, gdbstub_arch_bp_allowed(NULL, (unsigned long)memcpy));
}

static void test_regs_image(struct ktest *t)
{
	const struct gdb_reg_layout *l = gdbstub_arch_layout;
	struct pt_regs r, back;
	u8 img[GDB_MAX_REG_BYTES];
	unsigned long v = 0x11;

	for (unsigned long *p = (unsigned long *)&r; p < (unsigned long *)(&r + 1); p++)
		*p = v++ * 0x01010101UL;
	gdbstub_regs_to_image(&r, img);
	KTEST_EXPECT_EQ(t, l->bytes, sizeof(long) == 8 ? 164 : 64);
	/* gdb's order: ax first, the instruction pointer at pc_regno. */
	KTEST_EXPECT_EQ(t, memcmp(img, &r.ax, sizeof(long)), 0);
	KTEST_EXPECT_EQ(t, memcmp(img + l->pc_regno * sizeof(long), &r.ip, sizeof(long)), 0);
#ifdef __x86_64__
	KTEST_EXPECT_EQ(t, memcmp(img + 8, &r.bx, 8), 0);	/* rbx second */
	KTEST_EXPECT_EQ(t, memcmp(img + 7 * 8, &r.sp, 8), 0);
	KTEST_EXPECT_EQ(t, memcmp(img + 15 * 8, &r.r15, 8), 0);
#else
	KTEST_EXPECT_EQ(t, memcmp(img + 4, &r.cx, 4), 0);	/* ecx second */
	{
		u32 sp = (u32)kernel_stack_pointer(&r);

		KTEST_EXPECT_EQ(t, memcmp(img + 16, &sp, 4), 0);
	}
#endif
	back = r;
	memset(img, 0x5a, sizeof(long));				/* ax */
	gdbstub_image_to_regs(img, &back);
	KTEST_EXPECT_UEQ(t, back.ax, (unsigned long)0x5a5a5a5a5a5a5a5aULL);
	KTEST_EXPECT_UEQ(t, back.ip, r.ip);
	KTEST_EXPECT_UEQ(t, back.cs, r.cs);				/* read-only */
}

/* A scripted line for a session over the real memory accessors. */
static struct {
	char in[256];
	size_t len, pos;
	char out[512];
	size_t out_len;
} line;

static int line_getc(void *ctx, u32 timeout_ms)
{
	(void)ctx;
	(void)timeout_ms;
	return line.pos < line.len ? (u8)line.in[line.pos++] : -1;
}

static void line_write(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	for (size_t i = 0; i < len && line.out_len + 1 < sizeof(line.out); i++)
		line.out[line.out_len++] = buf[i];
	line.out[line.out_len] = '\0';
}

static void line_packet(const char *payload)
{
	line.len += (size_t)scnprintf(line.in + line.len, sizeof(line.in) - line.len, "$%s#%02x",
				      payload, gdb_checksum(payload, strlen(payload)));
}

static const struct gdb_ops arch_mem_ops = {
	.getc = line_getc,
	.write = line_write,
	.read_mem = gdbstub_arch_read_mem,
	.write_mem = gdbstub_arch_write_mem,
	.bp_allowed = gdbstub_arch_bp_allowed,
};

static void test_session_on_kernel_memory(struct ktest *t)
{
	static struct gdbstub gs;
	unsigned long victim = (unsigned long)victim_ptr;
	u8 orig = *(u8 *)victim;
	char pkt[64];

	memset(&line, 0, sizeof(line));
	gdbstub_init(&gs, gdbstub_arch_layout, &arch_mem_ops, NULL);
	snprintf(pkt, sizeof(pkt), "m%lx,4", (unsigned long)ARCH_UNMAPPED_TEST_ADDR);
	line_packet(pkt);
	snprintf(pkt, sizeof(pkt), "Z0,%lx,1", (unsigned long)do_interrupt);
	line_packet(pkt);
	snprintf(pkt, sizeof(pkt), "Z0,%lx,1", victim);
	line_packet(pkt);
	line_packet("c");
	KTEST_ASSERT_EQ(t, gdbstub_session(&gs), GDB_ACT_CONTINUE);
	KTEST_EXPECT_NOT_NULL(t, strstr(line.out, "$E0e#"));	/* unmapped */
	KTEST_EXPECT_NOT_NULL(t, strstr(line.out, "$E03#"));	/* do_interrupt refused */
	KTEST_EXPECT_NOT_NULL(t, strstr(line.out, "$OK#"));
	/* "Running": int3 is in the text; the stub would recognise the trap. */
	KTEST_EXPECT_EQ(t, *(u8 *)victim, GDB_BREAK_INSN);
	KTEST_EXPECT_TRUE(t, gdb_bp_active_at(&gs, victim));
	/* Stopped again, then gdb goes: the original byte is back. */
	line_packet("D");
	line.in[line.len++] = '+';
	KTEST_EXPECT_EQ(t, gdbstub_session(&gs), GDB_ACT_DETACH);
	KTEST_EXPECT_EQ(t, *(u8 *)victim, orig);
	KTEST_EXPECT_EQ(t, victim_ptr(3), 10);
}

static const struct ktest_case gdbstub_arch_cases[] = {
	KTEST_CASE(test_read_mem),
	KTEST_CASE(test_write_text),
	KTEST_CASE(test_bp_allowed),
	KTEST_CASE(test_regs_image),
	KTEST_CASE(test_session_on_kernel_memory),
	{}
};
KTEST_SUITE(gdbstub_arch, gdbstub_arch_cases);

static void test_lookup(struct ktest *t)
{
	unsigned long addr = (unsigned long)start_kernel, off = 99, size = 0;
	const char *name = NULL;
	char buf[KSYM_SYMBOL_LEN];

	KTEST_ASSERT_GT(t, kallsyms_count(), 100);
	KTEST_ASSERT_TRUE(t, kallsyms_lookup(addr + 3, &name, &off, &size));
	KTEST_EXPECT_STREQ(t, name, "start_kernel");
	KTEST_EXPECT_EQ(t, off, 3);
	KTEST_EXPECT_GT(t, size, 3);
	KTEST_EXPECT_EQ(t, kallsyms_lookup_name("start_kernel"), addr);
	KTEST_EXPECT_EQ(t, kallsyms_lookup_name("no_such_symbol"), 0);
	/* Outside the kernel's text. */
	KTEST_EXPECT_FALSE(t, kallsyms_lookup((unsigned long)&off, &name, &off, &size));
	sprint_symbol(buf, sizeof(buf), addr + 0x10);
	KTEST_EXPECT_TRUE(t, str_has_prefix(buf, "start_kernel+0x10/0x"));
	/* A return address right after a call at the end of a function names that function. */
	sprint_backtrace(buf, sizeof(buf), addr + size);
	KTEST_EXPECT_TRUE(t, str_has_prefix(buf, "start_kernel+"));
	sprint_symbol(buf, sizeof(buf), 0x10);
	KTEST_EXPECT_STREQ(t, buf, "0x10");
}

static void test_sorted(struct ktest *t)
{
	const char *name;
	unsigned long off, size, prev_end = 0;

	/* Walking symbol by symbol covers the text without gaps or overlaps. */
	for (unsigned long a = (unsigned long)_text; a < (unsigned long)_etext; a += size) {
		if (!kallsyms_lookup(a, &name, &off, &size)) {
			KTEST_EXPECT_MSG(t, false, "no symbol at %#lx", a);
			return;
		}
		KTEST_EXPECT_EQ(t, off, 0);
		KTEST_ASSERT_GT(t, size, 0);
		size -= off;
		if (prev_end)
			KTEST_EXPECT_UEQ(t, a, prev_end);	/* next symbol right after */
		prev_end = a + size;
	}
}

static const struct ktest_case kallsyms_cases[] = {
	KTEST_CASE(test_lookup),
	KTEST_CASE(test_sorted),
	{}
};
KTEST_SUITE(kallsyms, kallsyms_cases);

static void test_panic(struct ktest *t)
{
	(void)t;
	panic("deliberate panic for the gdb stub test");
}
static const struct ktest_case panic_cases[] = { KTEST_CASE(test_panic), {} };
KTEST_SUITE_FULL(gdbstub_panic, .cases = panic_cases, .flags = KTEST_EXPLICIT);

/*
 * gdbstub_smp (explicit): places for tests/harness/gdb.t to stop at, on a
 * machine of 4 CPUs, with the stub on (gdbstub=ttyS1). Each case waits on
 * events, never on time; a hang detector of a minute fails the case.
 *  - all_stop: CPU 2 calls kstub_cpu2_stop() (gdb breaks there) while
 *    CPUs 0, 1 and 3 wait in kstub_spin() (where gdb finds them parked);
 *    then CPU 1 writes kstub_cell (a watchpoint set while stopped fires
 *    on CPU 1).
 *  - two_cpus_break: CPUs 1 and 3 reach kstub_both_stop() together: gdb
 *    must see two stops there, one on each (a CPU that enters while the
 *    other is master parks, then traps again).
 *  - watch_page: an order-1 compound page is chosen (kstub_page; gdb
 *    breaks at kstub_page_chosen() and watches its flags), freed, and
 *    allocated again: the allocation sets PG_head in its flags.
 *  - ctrl_c: CPU 0 spins, interrupts off, until gdb's Ctrl-C has entered
 *    the stub (gdbstub_break_ins moves).
 */
#define KSTUB_HANG_NS	(60ULL * 1000000000ULL)

static unsigned int kstub_spinning, kstub_done;
static int kstub_go;
unsigned long kstub_cell;
struct page *kstub_page;

static bool kstub_hung(u64 start)
{
	return local_clock() - start > KSTUB_HANG_NS;
}

/* CPUs 0, 1 and 3 wait here while CPU 2 is stopped. */
static __noinline void kstub_spin(void *arg)
{
	u64 start = local_clock();

	(void)arg;
	__atomic_add_fetch(&kstub_spinning, 1, __ATOMIC_ACQ_REL);
	while (!__atomic_load_n(&kstub_go, __ATOMIC_ACQUIRE) && !kstub_hung(start))
		cpu_relax();
	if (smp_processor_id() == 1)
		WRITE_ONCE(kstub_cell, 0x1234);	/* the watched write, on CPU 1 */
	__atomic_add_fetch(&kstub_done, 1, __ATOMIC_ACQ_REL);
}

/* gdb's breakpoint: reached on CPU 2 once the three others spin. */
__noinline void kstub_cpu2_stop(void)
{
	__asm__ __volatile__("" ::: "memory");
}

static void kstub_cpu2(void *arg)
{
	u64 start = local_clock();

	(void)arg;
	while (__atomic_load_n(&kstub_spinning, __ATOMIC_ACQUIRE) < 3 && !kstub_hung(start))
		cpu_relax();
	kstub_cpu2_stop();
	__atomic_store_n(&kstub_go, 1, __ATOMIC_RELEASE);
	__atomic_add_fetch(&kstub_done, 1, __ATOMIC_ACQ_REL);
}

static void test_all_stop(struct ktest *t)
{
	u64 start;

	if (!gdbstub_enabled())
		ktest_skip_case(t, "the gdb stub is off (gdbstub=ttyS1)");
	if (num_online_cpus() != 4)
		ktest_skip_case(t, "needs 4 CPUs online, %u are", num_online_cpus());
	smp_call_function_single(1, kstub_spin, NULL, false);
	smp_call_function_single(3, kstub_spin, NULL, false);
	smp_call_function_single(2, kstub_cpu2, NULL, false);
	kstub_spin(NULL);
	start = local_clock();
	while (__atomic_load_n(&kstub_done, __ATOMIC_ACQUIRE) < 4 && !kstub_hung(start))
		cpu_relax();
	KTEST_EXPECT_EQ(t, __atomic_load_n(&kstub_done, __ATOMIC_ACQUIRE), 4);
	KTEST_EXPECT_UEQ(t, READ_ONCE(kstub_cell), 0x1234UL);
}

/* gdb's breakpoint, hit by CPUs 1 and 3 at about the same time. */
__noinline void kstub_both_stop(void)
{
	__asm__ __volatile__("" ::: "memory");
}

static unsigned int kstub_both_ready, kstub_both_done;

static void kstub_both(void *arg)
{
	u64 start = local_clock();

	(void)arg;
	__atomic_add_fetch(&kstub_both_ready, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&kstub_both_ready, __ATOMIC_ACQUIRE) < 2 && !kstub_hung(start))
		cpu_relax();
	kstub_both_stop();
	__atomic_add_fetch(&kstub_both_done, 1, __ATOMIC_ACQ_REL);
}

/*
 * Two CPUs reach one breakpoint together: whichever traps second either
 * was parked by the first one's NMI before reaching it, or trapped while
 * the first was master and parked; either way gdb sees two stops there,
 * one per CPU.
 */
static void test_two_cpus_break(struct ktest *t)
{
	u64 start;

	if (!gdbstub_enabled())
		ktest_skip_case(t, "the gdb stub is off (gdbstub=ttyS1)");
	if (num_online_cpus() != 4)
		ktest_skip_case(t, "needs 4 CPUs online, %u are", num_online_cpus());
	smp_call_function_single(1, kstub_both, NULL, false);
	smp_call_function_single(3, kstub_both, NULL, false);
	start = local_clock();
	while (__atomic_load_n(&kstub_both_done, __ATOMIC_ACQUIRE) < 2 && !kstub_hung(start))
		cpu_relax();
	KTEST_EXPECT_EQ(t, __atomic_load_n(&kstub_both_done, __ATOMIC_ACQUIRE), 2);
}

/* gdb's breakpoint: the page whose flags it watches is chosen. */
__noinline void kstub_page_chosen(struct page *page)
{
	__asm__ __volatile__("" :: "r"(page) : "memory");
}

static void test_watch_page(struct ktest *t)
{
	const gfp_t gfp = GFP_KERNEL | __GFP_COMP;
	struct page *again;

	kstub_page = alloc_pages(gfp, 1);
	KTEST_ASSERT_TRUE(t, kstub_page != NULL);
	__free_pages(kstub_page, 1);		/* onto this CPU's order-1 list, first */
	kstub_page_chosen(kstub_page);
	again = alloc_pages(gfp, 1);		/* the same page: PG_head is set again */
	KTEST_ASSERT_TRUE(t, again != NULL);
	KTEST_EXPECT_MSG(t, again == kstub_page, "got pfn %#lx back, not %#lx",
			 page_to_pfn(again), page_to_pfn(kstub_page));
	__free_pages(again, 1);
}

/* CPU 0 waits here, interrupts off, for gdb's Ctrl-C. */
static __noinline bool kstub_wait_ctrlc(unsigned long before)
{
	u64 start = local_clock();

	while (__atomic_load_n(&gdbstub_break_ins, __ATOMIC_ACQUIRE) == before)
		if (kstub_hung(start))
			return false;
	return true;
}

static void test_ctrl_c(struct ktest *t)
{
	unsigned long before = __atomic_load_n(&gdbstub_break_ins, __ATOMIC_ACQUIRE);
	unsigned long flags;
	bool seen;

	if (!gdbstub_enabled())
		ktest_skip_case(t, "the gdb stub is off (gdbstub=ttyS1)");
	pr_info("gdbstub_smp: spinning until gdb interrupts\n");
	flags = arch_irq_save();
	seen = kstub_wait_ctrlc(before);
	arch_irq_restore(flags);
	KTEST_EXPECT_MSG(t, seen, "no Ctrl-C from gdb within a minute");
}

static const struct ktest_case smp_cases[] = {
	KTEST_CASE(test_all_stop),
	KTEST_CASE(test_two_cpus_break),
	KTEST_CASE(test_watch_page),
	KTEST_CASE(test_ctrl_c),
	{}
};
KTEST_SUITE_FULL(gdbstub_smp, .cases = smp_cases, .flags = KTEST_EXPLICIT);

// SPDX-License-Identifier: GPL-2.0-only
/*
 * gdbstub_arch: the x86 half of the gdb stub without a debugger: its memory
 * accessors on unmapped and read-only (kernel text) memory, the breakpoints
 * it refuses, the pt_regs <-> register image conversion, and a scripted
 * session that plants and removes a breakpoint in real kernel text.
 * kallsyms: the link-time symbol table.
 * gdbstub_panic (explicit): panics on purpose, for tests/harness/gdb.t.
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

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target for the gdb stub's protocol (kernel/gdbstub_proto.c):
 * the input is what gdb sends over the line (its first byte picks the
 * register layout), served stop after stop until it runs out, against a
 * fake target with 256 bytes of memory at 0x1000. Checked besides the
 * sanitizers:
 *  - everything the stub sends is acks or well-framed packets with correct
 *    checksums and no raw '$' or '#' inside;
 *  - while the target runs, every active breakpoint has int3 in memory, and
 *    after a detach, kill or a dead line none is left in memory;
 *  - threads (1, 2 and 3; thread 3 has no registers) and hardware
 *    breakpoints: the table only ever holds what hw_check() accepted, and
 *    register writes reach only existing threads.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/gdbstub.h>
#include <asm/gdbstub.h>
#include <kernel/printk.h>
#include <lib/string.h>
#include <lib/printf.h>
#include "../host/fake_phys.h"
#include "fuzz.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

#define MEM_BASE 0x1000
#define MEM_SIZE 256

static struct {
	const u8 *in;
	size_t len, pos;
	u8 mem[MEM_SIZE];
	/* The output checker's state. */
	enum { OUT_IDLE, OUT_DATA, OUT_SUM1, OUT_SUM2 } state;
	u8 sum;
	int sum_hi;
	size_t data_len;
} f;

static struct gdbstub gs;

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;	/* the stub sends lower case only */
}

static int fz_getc(void *ctx, u32 timeout_ms)
{
	(void)ctx;
	(void)timeout_ms;
	return f.pos < f.len ? f.in[f.pos++] : -1;
}

static void fz_write(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	for (size_t i = 0; i < len; i++) {
		u8 c = (u8)buf[i];

		switch (f.state) {
		case OUT_IDLE:
			CHECK(c == '+' || c == '-' || c == '$');
			if (c == '$') {
				f.state = OUT_DATA;
				f.sum = 0;
				f.data_len = 0;
			}
			break;
		case OUT_DATA:
			CHECK(c != '$');
			if (c == '#') {
				f.state = OUT_SUM1;
				break;
			}
			f.sum = (u8)(f.sum + c);
			/* Escaping at most doubles a payload of GDB_PACKET_MAX. */
			CHECK(++f.data_len <= 2 * GDB_PACKET_MAX);
			break;
		case OUT_SUM1:
			f.sum_hi = hexval(c);
			CHECK(f.sum_hi >= 0);
			f.state = OUT_SUM2;
			break;
		case OUT_SUM2:
			CHECK(hexval(c) >= 0 && ((f.sum_hi << 4) | hexval(c)) == f.sum);
			f.state = OUT_IDLE;
			break;
		}
	}
}

static bool in_window(u64 a)
{
	return a >= MEM_BASE && a < MEM_BASE + MEM_SIZE;
}

static size_t fz_read_mem(void *ctx, u64 addr, void *buf, size_t len)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < len && addr + i >= addr && in_window(addr + i); i++)
		((u8 *)buf)[i] = f.mem[addr + i - MEM_BASE];
	return i;
}

static size_t fz_write_mem(void *ctx, u64 addr, const void *buf, size_t len)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < len && addr + i >= addr && in_window(addr + i); i++)
		f.mem[addr + i - MEM_BASE] = ((const u8 *)buf)[i];
	return i;
}

static bool fz_bp_allowed(void *ctx, u64 addr)
{
	(void)ctx;
	return addr != MEM_BASE + 0x80;	/* one refused address */
}

static u8 fz_thread_regs[3][GDB_MAX_REG_BYTES];

static int fz_thread_next(void *ctx, int tid)
{
	(void)ctx;
	return tid < 3 ? (tid < 0 ? 1 : tid + 1) : 0;
}

static bool fz_get_regs(void *ctx, int tid, u8 *img)
{
	(void)ctx;
	CHECK(tid >= 1 && tid <= 3);
	if (tid == 3)
		return false;
	memcpy(img, fz_thread_regs[tid], GDB_MAX_REG_BYTES);
	return true;
}

static bool fz_set_regs(void *ctx, int tid, const u8 *img)
{
	(void)ctx;
	CHECK(tid >= 1 && tid <= 3);
	if (tid == 3)
		return false;
	memcpy(fz_thread_regs[tid], img, GDB_MAX_REG_BYTES);
	return true;
}

static void fz_thread_info(void *ctx, int tid, char *buf, size_t size)
{
	(void)ctx;
	CHECK(tid >= 1 && tid <= 3);
	snprintf(buf, size, "CPU %d node 0", tid - 1);
}

static bool fz_hw_ok(unsigned int type, u64 addr, unsigned int len)
{
	if (type == GDB_HW_EXEC)
		return len == 1;
	return (len == 1 || len == 2 || len == 4 || len == 8) && !(addr % len);
}

static int fz_hw_check(void *ctx, unsigned int type, u64 addr, unsigned int len)
{
	(void)ctx;
	CHECK(type == GDB_HW_EXEC || type == GDB_HW_WRITE || type == GDB_HW_ACCESS);
	return fz_hw_ok(type, addr, len) ? 0 : 0x16;
}

static const struct gdb_ops fz_ops = {
	.getc = fz_getc,
	.write = fz_write,
	.read_mem = fz_read_mem,
	.write_mem = fz_write_mem,
	.bp_allowed = fz_bp_allowed,
	.thread_next = fz_thread_next,
	.get_regs = fz_get_regs,
	.set_regs = fz_set_regs,
	.thread_info = fz_thread_info,
	.hw_check = fz_hw_check,
};

static void check_hw(void)
{
	for (unsigned int i = 0; i < GDB_MAX_HW_BP; i++) {
		const struct gdb_hw_bp *hw = &gs.hw[i];

		if (hw->type)
			CHECK(fz_hw_ok(hw->type, hw->addr, hw->len) && hw->type != GDB_HW_READ);
	}
}

static void check_breakpoints(bool running)
{
	for (unsigned int i = 0; i < GDB_MAX_BREAKPOINTS; i++) {
		const struct gdb_breakpoint *bp = &gs.bp[i];

		CHECK(bp->state <= GDB_BP_ACTIVE);
		if (bp->state == GDB_BP_ACTIVE) {
			CHECK(running);
			CHECK(in_window(bp->addr) && f.mem[bp->addr - MEM_BASE] == GDB_BREAK_INSN);
			CHECK(gdb_bp_active_at(&gs, bp->addr));
		}
	}
}

/* Append "$payload#cs" to @buf. */
static size_t frame(char *buf, size_t at, size_t size, const char *payload)
{
	return at + (size_t)snprintf(buf + at, size - at, "$%s#%02x", payload,
				     gdb_checksum(payload, strlen(payload)));
}

/* A session as gdb runs it, for a corpus to start from. */
static void write_seeds(void)
{
	static const char *const session[] = {
		"qSupported:multiprocess+;swbreak+;hwbreak+", "QStartNoAckMode", "Hg0", "?",
		"qAttached", "g", "p10", "m1000,10", "M1000,2:abcd", "X1004,2:}]a",
		"Z0,1010,1", "c", "z0,1010,1", "P0=0102030405060708", "s", "Z0,1080,1",
		"G0011", "vCont?", "qfThreadInfo", "qsThreadInfo", "qC", "Hg2", "g", "P0=01000000",
		"Hg3", "g", "T3", "T9", "qThreadExtraInfo,2", "Hc2", "s", "Hc0", "Z2,1000,4",
		"Z4,1008,8", "Z1,1010,1", "Z3,1000,4", "Z2,1001,2", "Z2,1020,1", "Z2,1021,1", "c",
		"z2,1000,4", "z1,1010,1", "D",
	};
	char buf[2048];
	size_t n = 1;

	buf[0] = 0;		/* amd64 */
	for (size_t i = 0; i < ARRAY_SIZE(session); i++) {
		n = frame(buf, n, sizeof(buf), session[i]);
		if (i < 1)
			buf[n++] = '+';
	}
	fake_fuzz_seed("seed-session-amd64", buf, n);
	buf[0] = 1;		/* the same on i386 */
	fake_fuzz_seed("seed-session-i386", buf, n);
	n = frame(buf, 1, sizeof(buf), "m1000,4");
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "$m1000,4#00-$m1000$?#3f");
	fake_fuzz_seed("seed-bad-checksums", buf, n);
}

static void setup(void)
{
	fuzz_quiet();
	write_seeds();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return fuzz_init(argc, argv, setup);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	const struct gdb_reg_layout *layout;

	if (!size)
		return 0;
	layout = (data[0] & 1) ? &gdb_layout_i386 : &gdb_layout_amd64;
	memset(&f, 0, sizeof(f));
	memset(fz_thread_regs, 0, sizeof(fz_thread_regs));
	f.in = data + 1;
	f.len = size - 1;
	for (int i = 0; i < MEM_SIZE; i++)
		f.mem[i] = (u8)(i * 7);
	gdbstub_init(&gs, layout, &fz_ops, NULL);
	gs.thread = 1;

	/* Every session consumes input or ends, so this terminates; the cap is a backstop. */
	for (size_t stops = 0; stops <= size + 1; stops++) {
		enum gdb_action a = gdbstub_session(&gs);

		CHECK(f.state == OUT_IDLE);
		CHECK(gs.out_len <= GDB_PACKET_MAX && gs.in_len <= GDB_PACKET_MAX);
		CHECK(gs.out[gs.out_len] == '\0');
		check_hw();
		if (a == GDB_ACT_CONTINUE || a == GDB_ACT_STEP) {
			check_breakpoints(true);
			/* The next stop: at a breakpoint if one is active, as the trap handler does. */
			gs.swbreak = gdb_bp_count(&gs) && (stops & 1);
			gs.signal = (int)(stops % 32);
			gs.thread = 1 + (int)(stops % 3);	/* CPUs take turns stopping */
			gs.hw_hit = (int)(stops % 6) - 1;	/* none, or one of the slots */
			continue;
		}
		check_breakpoints(false);
		if (a == GDB_ACT_LINK_DOWN)
			break;
		CHECK(a == GDB_ACT_DETACH || a == GDB_ACT_KILL);
		CHECK(!gdb_bp_count(&gs) && !gs.attached);
		for (unsigned int i = 0; i < GDB_MAX_HW_BP; i++)
			CHECK(!gs.hw[i].type);
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * gdbstub_proto: the gdb remote protocol (kernel/gdbstub_proto.c) against a
 * scripted line and a fake target: 64 bytes of memory at 0x1000, nothing
 * else mapped. Good packets get the replies gdb expects; bad checksums,
 * cut and overlong packets, malformed requests, unmapped addresses and
 * read-only registers get '-' or E.. replies, and never touch memory
 * outside the window (ASan watches the hosted run).
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/ktest.h>
#include <kernel/gdbstub.h>
#include <asm/gdbstub.h>
#include <lib/printf.h>
#include <lib/string.h>

#define MEM_BASE	0x1000
#define MEM_SIZE	128

struct fake {
	char in[8192];
	size_t in_len, in_pos;
	char out[16384];
	size_t out_len;
	u8 mem[MEM_SIZE];
	u64 deny_bp;		/* bp_allowed() refuses this address */
};

static struct fake fk;
static struct gdbstub gs;

static int fake_getc(void *ctx, u32 timeout_ms)
{
	struct fake *f = ctx;

	(void)timeout_ms;
	return f->in_pos < f->in_len ? (u8)f->in[f->in_pos++] : -1;
}

static void fake_write(void *ctx, const char *buf, size_t len)
{
	struct fake *f = ctx;

	for (size_t i = 0; i < len && f->out_len + 1 < sizeof(f->out); i++)
		f->out[f->out_len++] = buf[i];
	f->out[f->out_len] = '\0';
}

static bool in_window(u64 a)
{
	return a >= MEM_BASE && a < MEM_BASE + MEM_SIZE;
}

static size_t fake_read(void *ctx, u64 addr, void *buf, size_t len)
{
	struct fake *f = ctx;
	size_t i;

	for (i = 0; i < len && addr + i >= addr && in_window(addr + i); i++)
		((u8 *)buf)[i] = f->mem[addr + i - MEM_BASE];
	return i;
}

static size_t fake_write_mem(void *ctx, u64 addr, const void *buf, size_t len)
{
	struct fake *f = ctx;
	size_t i;

	for (i = 0; i < len && addr + i >= addr && in_window(addr + i); i++)
		f->mem[addr + i - MEM_BASE] = ((const u8 *)buf)[i];
	return i;
}

static bool fake_bp_allowed(void *ctx, u64 addr)
{
	return addr != ((struct fake *)ctx)->deny_bp;
}

static const struct gdb_ops fake_ops = {
	.getc = fake_getc,
	.write = fake_write,
	.read_mem = fake_read,
	.write_mem = fake_write_mem,
	.bp_allowed = fake_bp_allowed,
};

/* A fresh target with @layout; memory holds 0x00, 0x01, ... */
static void setup(const struct gdb_reg_layout *layout)
{
	memset(&fk, 0, sizeof(fk));
	for (int i = 0; i < MEM_SIZE; i++)
		fk.mem[i] = (u8)i;
	fk.deny_bp = ~0ULL;
	gdbstub_init(&gs, layout, &fake_ops, &fk);
	for (unsigned int i = 0; i < layout->bytes; i++)
		gs.regs[i] = (u8)(0x10 + i);
}

/* Append raw bytes to the line. */
static void line(const char *s)
{
	size_t n = strlen(s);

	if (fk.in_len + n < sizeof(fk.in)) {
		memcpy(fk.in + fk.in_len, s, n);
		fk.in_len += n;
	}
}

/* Append "$payload#cs" with a correct checksum (computed here, not by the stub). */
static void packet(const char *payload)
{
	char tail[4];
	unsigned int sum = 0;

	for (const char *p = payload; *p; p++)
		sum += (u8)*p;
	line("$");
	line(payload);
	snprintf(tail, sizeof(tail), "#%02x", sum & 0xff);
	line(tail);
}

/* True if the stub sent "$payload#cs" with the right checksum. */
static bool sent(const char *payload)
{
	char framed[GDB_PACKET_MAX + 8];
	unsigned int sum = 0;

	for (const char *p = payload; *p; p++)
		sum += (u8)*p;
	snprintf(framed, sizeof(framed), "$%s#%02x", payload, sum & 0xff);
	return strstr(fk.out, framed) != NULL;
}

/* How many times the stub sent "$payload#cs". */
static unsigned int count_sent(const char *payload)
{
	char framed[64];
	unsigned int sum = 0, n = 0;

	for (const char *p = payload; *p; p++)
		sum += (u8)*p;
	snprintf(framed, sizeof(framed), "$%s#%02x", payload, sum & 0xff);
	for (const char *p = fk.out; (p = strstr(p, framed)) != NULL; p++)
		n++;
	return n;
}

/* Serve the scripted line until the stub resumes or the script ends. */
static enum gdb_action serve(void)
{
	return gdbstub_session(&gs);
}

#define EXPECT_SENT(t, payload) \
	KTEST_EXPECT_MSG(t, sent(payload), "expected the reply \"%s\" in \"%s\"", payload, fk.out)

static void test_checksum(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, gdb_checksum("", 0), 0);
	KTEST_EXPECT_EQ(t, gdb_checksum("?", 1), 0x3f);
	KTEST_EXPECT_EQ(t, gdb_checksum("OK", 2), 0x9a);
	/* Modulo 256: 0xff * 3 = 0x2fd. */
	KTEST_EXPECT_EQ(t, gdb_checksum("\xff\xff\xff", 3), 0xfd);
}

static void test_good_packet_acked_and_answered(struct ktest *t)
{
	setup(&gdb_layout_amd64);
	packet("?");
	KTEST_EXPECT_EQ(t, serve(), GDB_ACT_LINK_DOWN);
	KTEST_EXPECT_STREQ(t, fk.out, "+$T05#b9");
	KTEST_EXPECT_EQ(t, gs.stats.packets, 1);
	KTEST_EXPECT_TRUE(t, gs.attached);
}

static void test_bad_checksum_nak_then_retransmit(struct ktest *t)
{
	setup(&gdb_layout_amd64);
	line("$?#00");		/* wrong sum */
	line("$?#zz");		/* not hex */
	line("$?#3");		/* cut short by the next packet */
	packet("?");
	KTEST_EXPECT_EQ(t, serve(), GDB_ACT_LINK_DOWN);
	KTEST_EXPECT_STREQ(t, fk.out, "---+$T05#b9");
	KTEST_EXPECT_EQ(t, gs.stats.bad_checksums, 3);
	KTEST_EXPECT_EQ(t, gs.stats.packets, 1);
}

static void test_noise_and_restart(struct ktest *t)
{
	setup(&gdb_layout_amd64);
	line("+-\x03garbage");	/* between packets: ignored */
	line("$m1000,4$");	/* cut: a new '$' starts over */
	packet("m1000,2");
	KTEST_EXPECT_EQ(t, serve(), GDB_ACT_LINK_DOWN);
	KTEST_EXPECT_STREQ(t, fk.out, "+$0001#c1");
}

static void test_overlong_packet(struct ktest *t)
{
	char big[GDB_PACKET_MAX + 101];

	setup(&gdb_layout_amd64);
	memset(big, 'm', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	packet(big);
	packet("?");
	KTEST_EXPECT_EQ(t, serve(), GDB_ACT_LINK_DOWN);
	/* Acknowledged (so gdb does not resend it), refused, and the next one served. */
	KTEST_EXPECT_STREQ(t, fk.out, "+$E02#a7+$T05#b9");
	KTEST_EXPECT_EQ(t, gs.stats.overlong, 1);
}

static void test_packet_of_max_length(struct ktest *t)
{
	char max[GDB_PACKET_MAX + 1];

	setup(&gdb_layout_amd64);
	memset(max, 'q', GDB_PACKET_MAX);
	max[GDB_PACKET_MAX] = '\0';
	packet(max);
	KTEST_EXPECT_EQ(t, serve(), GDB_ACT_LINK_DOWN);
	KTEST_EXPECT_STREQ(t, fk.out, "+$#00");	/* fits: unknown query, empty reply */
	KTEST_EXPECT_EQ(t, gs.stats.overlong, 0);
}

static void test_link_down_mid_packet(struct ktest *t)
{
	setup(&gdb_layout_amd64);
	line("$m1000,");
	KTEST_EXPECT_EQ(t, serve(), GDB_ACT_LINK_DOWN);
	KTEST_EXPECT_STREQ(t, fk.out, "");
	setup(&gdb_layout_amd64);
	line("$?#3");
	KTEST_EXPECT_EQ(t, serve(), GDB_ACT_LINK_DOWN);
	KTEST_EXPECT_STREQ(t, fk.out, "");
}

static void test_read_memory(struct ktest *t)
{
	setup(&gdb_layout_amd64);
	packet("m1000,4");
	packet("m107e,8");		/* runs off the window: the readable part */
	packet("m2000,4");		/* unmapped */
	packet("m0fff,2");		/* first byte unmapped */
	packet("mffffffffffffffff,4");	/* wraps */
	serve();
	EXPECT_SENT(t, "00010203");
	EXPECT_SENT(t, "7e7f");
	KTEST_EXPECT_EQ(t, gs.stats.errors, 3);
	EXPECT_SENT(t, "E0e");
}

static void test_read_memory_malformed(struct ktest *t)
{
	static const char *const bad[] = {
		"m", "m1000", "m1000,", "m,4", "mzz,4", "m1000,4x", "m1000,0",
		"m1000;4", "m 1000,4", "m10000000000000000,1", "m1000,10000000000000000",
	};

	setup(&gdb_layout_amd64);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		packet(bad[i]);
	serve();
	KTEST_EXPECT_EQ(t, count_sent("E01"), ARRAY_SIZE(bad));
	KTEST_EXPECT_EQ(t, gs.stats.packets, ARRAY_SIZE(bad));
	KTEST_EXPECT_NULL(t, strstr(fk.out, "$0"));	/* no data reply at all */
}

static void test_big_read_is_clamped(struct ktest *t)
{
	setup(&gdb_layout_amd64);
	packet("m1000,ffffffff");
	serve();
	/* 64 readable bytes, then the window ends: a partial reply. */
	KTEST_EXPECT_EQ(t, gs.out_len, 2 * MEM_SIZE);
}

static void test_write_memory_hex(struct ktest *t)
{
	setup(&gdb_layout_amd64);
	packet("M1004,2:abcd");
	packet("M1004,2:abc");		/* too few digits */
	packet("M1004,1:zz");		/* not hex */
	packet("M1004,2abcd");		/* no ':' */
	packet("M2000,1:00");		/* unmapped */
	packet("M107f,2:1122");		/* half outside */
	packet("M1000,ffffffff:00");	/* longer than any packet */
	serve();
	KTEST_EXPECT_EQ(t, fk.mem[4], 0xab);
	KTEST_EXPECT_EQ(t, fk.mem[5], 0xcd);
	KTEST_EXPECT_EQ(t, fk.mem[6], 6);
	KTEST_EXPECT_EQ(t, gs.stats.errors, 6);
	EXPECT_SENT(t, "OK");
	EXPECT_SENT(t, "E01");
	EXPECT_SENT(t, "E0e");
	EXPECT_SENT(t, "E02");
}

static void test_write_memory_binary(struct ktest *t)
{
	setup(&gdb_layout_amd64);
	packet("X1000,0:");		/* gdb's probe */
	/* 0x7d '}' escapes: "}]" is 0x7d, "}\x03" is '#' (0x23), "}\x04" is '$'. */
	packet("X1008,4:a}]}\x03}\x04");
	packet("X1010,2:abc");		/* more data than announced */
	packet("X1010,3:ab");		/* less */
	packet("X1010,1:}");		/* escape with nothing after it */
	packet("X2000,1:a");		/* unmapped */
	serve();
	KTEST_EXPECT_EQ(t, fk.mem[8], 'a');
	KTEST_EXPECT_EQ(t, fk.mem[9], 0x7d);
	KTEST_EXPECT_EQ(t, fk.mem[10], '#');
	KTEST_EXPECT_EQ(t, fk.mem[11], '$');
	KTEST_EXPECT_EQ(t, fk.mem[16], 16);
	KTEST_EXPECT_EQ(t, gs.stats.errors, 4);
}

static void test_registers_amd64(struct ktest *t)
{
	char img[2 * GDB_MAX_REG_BYTES + 1];

	setup(&gdb_layout_amd64);
	packet("g");
	serve();
	KTEST_EXPECT_EQ(t, gs.out_len, 2 * 164);
	KTEST_EXPECT_EQ(t, strncmp(gs.out, "1011121314151617", 16), 0);	/* rax */

	setup(&gdb_layout_amd64);
	packet("p10");			/* rip: bytes 128..135 */
	packet("p11");			/* eflags: 4 bytes at 136 */
	packet("p18");			/* beyond the image: unavailable */
	packet("pzz");
	packet("p");
	packet("gx");
	serve();
	EXPECT_SENT(t, "9091929394959697");
	EXPECT_SENT(t, "98999a9b");
	EXPECT_SENT(t, "xx");
	KTEST_EXPECT_EQ(t, gs.stats.errors, 3);

	/* G: whole image; read-only cs..gs keep their value. */
	setup(&gdb_layout_amd64);
	for (int i = 0; i < 164; i++)
		snprintf(img + 2 * i, 3, "%02x", 0xa0 ^ i);
	{
		char pkt[2 * GDB_MAX_REG_BYTES + 2] = "G";

		strscpy(pkt + 1, img, sizeof(pkt) - 1);
		packet(pkt);
	}
	packet("G1234");		/* wrong length */
	serve();
	KTEST_EXPECT_TRUE(t, gs.regs_changed);
	KTEST_EXPECT_EQ(t, gs.regs[0], 0xa0);
	KTEST_EXPECT_EQ(t, gs.regs[139], 0xa0 ^ 139);		/* eflags, writable */
	KTEST_EXPECT_EQ(t, gs.regs[140], 0x10 + 140);		/* cs, read-only */
	KTEST_EXPECT_EQ(t, gs.regs[163], 0x10 + 163);		/* gs, read-only */
	KTEST_EXPECT_EQ(t, gs.stats.errors, 1);
}

static void test_register_write_amd64(struct ktest *t)
{
	setup(&gdb_layout_amd64);
	packet("P0=efcdab8967452301");	/* rax */
	packet("P12=11111111");		/* cs: another value is refused */
	packet("P12=9c9d9e9f");		/* cs: the same value is accepted */
	packet("P0=1234");		/* wrong size */
	packet("P18=00000000");		/* no such register */
	packet("P0");
	packet("P=00");
	serve();
	KTEST_EXPECT_EQ(t, gs.regs[0], 0xef);
	KTEST_EXPECT_EQ(t, gs.regs[7], 0x01);
	KTEST_EXPECT_EQ(t, gs.regs[140], 0x9c);
	KTEST_EXPECT_EQ(t, gs.stats.errors, 5);
	EXPECT_SENT(t, "E03");
}

static void test_registers_i386(struct ktest *t)
{
	setup(&gdb_layout_i386);
	packet("g");
	packet("p8");			/* eip */
	packet("P4=00000000");		/* esp is read-only on i386 */
	packet("P0=78563412");		/* eax */
	serve();
	KTEST_EXPECT_EQ(t, strlen(gs.out), 2);	/* last reply: OK */
	EXPECT_SENT(t, "30313233");
	EXPECT_SENT(t, "E03");
	KTEST_EXPECT_EQ(t, gs.regs[0], 0x78);
	KTEST_EXPECT_EQ(t, gs.regs[16], 0x10 + 16);
	KTEST_EXPECT_EQ(t, gs.layout->bytes, 64);
}

static void test_resume(struct ktest *t)
{
	setup(&gdb_layout_amd64);
	packet("c");
	KTEST_EXPECT_EQ(t, serve(), GDB_ACT_CONTINUE);
	KTEST_EXPECT_STREQ(t, fk.out, "+");	/* no reply until the next stop */
	KTEST_EXPECT_TRUE(t, gs.waiting);
	KTEST_EXPECT_FALSE(t, gs.regs_changed);

	/* The next stop is reported first. */
	gs.signal = GDB_SIGSEGV;
	packet("s1020");
	KTEST_EXPECT_EQ(t, serve(), GDB_ACT_STEP);
	KTEST_EXPECT_STREQ(t, fk.out, "+$T0b#e6+");
	KTEST_EXPECT_TRUE(t, gs.regs_changed);
	KTEST_EXPECT_EQ(t, gs.regs[128], 0x20);	/* rip = 0x1020 */
	KTEST_EXPECT_EQ(t, gs.regs[129], 0x10);
	KTEST_EXPECT_EQ(t, gs.regs[130], 0);

	/* Signals passed back by gdb are dropped; an address may follow. */
	setup(&gdb_layout_amd64);
	packet("C0b;1030");
	KTEST_EXPECT_EQ(t, serve(), GDB_ACT_CONTINUE);
	KTEST_EXPECT_EQ(t, gs.regs[128], 0x30);
	packet("S05");
	KTEST_EXPECT_EQ(t, serve(), GDB_ACT_STEP);

	/* Malformed: error, keep serving. */
	setup(&gdb_layout_i386);
	packet("cxyz");
	packet("c100000000");		/* does not fit eip */
	packet("C");
	packet("C123");
	packet("C05:1");
	KTEST_EXPECT_EQ(t, serve(), GDB_ACT_LINK_DOWN);
	KTEST_EXPECT_EQ(t, gs.stats.errors, 5);
	KTEST_EXPECT_FALSE(t, gs.regs_changed);
}

static void test_breakpoints(struct ktest *t)
{
	setup(&gdb_layout_amd64);
	packet("Z0,1010,1");
	packet("Z0,1010,1");		/* again: fine */
	packet("m1010,1");		/* stopped: the original byte shows */
	packet("c");
	KTEST_EXPECT_EQ(t, serve(), GDB_ACT_CONTINUE);
	KTEST_EXPECT_EQ(t, gdb_bp_count(&gs), 1);
	EXPECT_SENT(t, "10");
	/* Running: int3 is in memory, and the trap handler can recognise it. */
	KTEST_EXPECT_EQ(t, fk.mem[0x10], GDB_BREAK_INSN);
	KTEST_EXPECT_TRUE(t, gdb_bp_active_at(&gs, 0x1010));
	KTEST_EXPECT_FALSE(t, gdb_bp_active_at(&gs, 0x1011));

	gs.swbreak = true;
	packet("z0,1010,1");
	packet("z0,1010,1");		/* not there any more */
	KTEST_EXPECT_EQ(t, serve(), GDB_ACT_LINK_DOWN);
	KTEST_EXPECT_TRUE(t, sent("T05swbreak:;"));
	KTEST_EXPECT_EQ(t, fk.mem[0x10], 0x10);
	KTEST_EXPECT_EQ(t, gdb_bp_count(&gs), 0);
	KTEST_EXPECT_EQ(t, gs.stats.errors, 1);
}

static void test_breakpoints_refused(struct ktest *t)
{
	char z[32];

	setup(&gdb_layout_amd64);
	fk.deny_bp = 0x1020;
	packet("Z0,2000,1");		/* unmapped */
	packet("Z0,1020,1");		/* not allowed */
	packet("Z0,1020,2");		/* x86 breakpoints are 1 byte */
	packet("Z0,1020");
	packet("Z0;1020,1");
	packet("Z0,1021,1;X1,0");	/* conditions are not supported */
	packet("Z1,1020,1");		/* hardware breakpoint: unsupported, empty reply */
	serve();
	KTEST_EXPECT_EQ(t, gs.stats.errors, 6);
	KTEST_EXPECT_EQ(t, gdb_bp_count(&gs), 0);
	KTEST_EXPECT_TRUE(t, sent(""));
	for (int i = 0; i < MEM_SIZE; i++)
		KTEST_EXPECT_EQ(t, fk.mem[i], i);

	/* The table fills up. */
	setup(&gdb_layout_amd64);
	for (int i = 0; i < GDB_MAX_BREAKPOINTS + 1 && i < MEM_SIZE; i++) {
		snprintf(z, sizeof(z), "Z0,%x,1", MEM_BASE + i);
		packet(z);
	}
	serve();
	KTEST_EXPECT_EQ(t, gdb_bp_count(&gs), GDB_MAX_BREAKPOINTS < MEM_SIZE ?
			GDB_MAX_BREAKPOINTS : MEM_SIZE);
	if (GDB_MAX_BREAKPOINTS < MEM_SIZE)
		EXPECT_SENT(t, "E1c");
}

static void test_detach_and_kill(struct ktest *t)
{
	setup(&gdb_layout_amd64);
	packet("Z0,1030,1");
	packet("c");
	KTEST_EXPECT_EQ(t, serve(), GDB_ACT_CONTINUE);
	KTEST_EXPECT_EQ(t, fk.mem[0x30], GDB_BREAK_INSN);
	packet("D");
	line("+");
	KTEST_EXPECT_EQ(t, serve(), GDB_ACT_DETACH);
	EXPECT_SENT(t, "OK");
	KTEST_EXPECT_EQ(t, fk.mem[0x30], 0x30);
	KTEST_EXPECT_EQ(t, gdb_bp_count(&gs), 0);
	KTEST_EXPECT_FALSE(t, gs.attached);

	setup(&gdb_layout_amd64);
	packet("D;1");
	line("+");
	KTEST_EXPECT_EQ(t, serve(), GDB_ACT_DETACH);

	setup(&gdb_layout_amd64);
	packet("Dx");			/* not a detach: unknown, empty reply */
	packet("k");
	KTEST_EXPECT_EQ(t, serve(), GDB_ACT_KILL);
	KTEST_EXPECT_STREQ(t, fk.out, "+$#00+");

	setup(&gdb_layout_amd64);
	packet("vKill;1");
	line("+");
	KTEST_EXPECT_EQ(t, serve(), GDB_ACT_KILL);
	EXPECT_SENT(t, "OK");
}

static void test_queries(struct ktest *t)
{
	setup(&gdb_layout_amd64);
	packet("qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+");
	packet("qAttached");
	packet("qC");
	packet("Hg0");
	packet("vMustReplyEmpty");
	packet("vCont?");
	packet("qSupportedX");		/* not qSupported */
	packet("");			/* empty packet */
	serve();
	EXPECT_SENT(t, "PacketSize=1000;swbreak+;QStartNoAckMode+");
	EXPECT_SENT(t, "1");
	EXPECT_SENT(t, "OK");
	KTEST_EXPECT_EQ(t, gs.stats.errors, 0);
	KTEST_EXPECT_EQ(t, gs.stats.packets, 8);
}

static void test_no_ack_mode(struct ktest *t)
{
	setup(&gdb_layout_amd64);
	packet("QStartNoAckMode");
	line("+");			/* gdb's last ack */
	packet("?");
	line("$?#00");			/* bad checksum: dropped silently */
	packet("qSupported");		/* a new gdb: acks again */
	serve();
	KTEST_EXPECT_STREQ(t, fk.out,
			   "+$OK#9a$T05#b9+$PacketSize=1000;swbreak+;QStartNoAckMode+#5c");
	KTEST_EXPECT_EQ(t, gs.stats.bad_checksums, 1);
	KTEST_EXPECT_FALSE(t, gs.no_ack);
}

static void test_gdb_nak_retransmits(struct ktest *t)
{
	setup(&gdb_layout_amd64);
	packet("c");
	serve();
	fk.out_len = 0;
	fk.out[0] = '\0';
	line("--+");		/* the stop reply arrives damaged twice */
	packet("D");
	line("+");
	KTEST_EXPECT_EQ(t, serve(), GDB_ACT_DETACH);
	KTEST_EXPECT_STREQ(t, fk.out, "$T05#b9$T05#b9$T05#b9+$OK#9a");
	KTEST_EXPECT_EQ(t, gs.stats.retransmits, 2);
}

static void test_escaped_reply(struct ktest *t)
{
	setup(&gdb_layout_amd64);
	gdb_put_packet(&gs, "a$b#c}d*", 8, 0);
	/* '$' '#' '}' '*' go as '}' and the character xor 0x20; the sum covers what is sent. */
	KTEST_EXPECT_STREQ(t, fk.out, "$a}\x04" "b}\x03" "c}]d}\x0a#ec");
}

static void test_exit_report(struct ktest *t)
{
	setup(&gdb_layout_amd64);
	gdbstub_report_exit(&gs, 0, 100);	/* gdb not waiting: nothing */
	KTEST_EXPECT_STREQ(t, fk.out, "");
	packet("c");
	serve();
	line("+");
	gdbstub_report_exit(&gs, 1, 100);
	KTEST_EXPECT_STREQ(t, fk.out, "+$W01#b8");
	KTEST_EXPECT_FALSE(t, gs.waiting);
}

/* ---- threads and hardware breakpoints: threads 1, 2 and 4 exist ---- */

static u8 thread_regs[5][GDB_MAX_REG_BYTES];

static int fake_thread_next(void *ctx, int tid)
{
	(void)ctx;
	return tid < 1 ? 1 : tid < 2 ? 2 : tid < 4 ? 4 : 0;
}

static bool fake_get_regs(void *ctx, int tid, u8 *img)
{
	(void)ctx;
	if (tid == 4 || tid == 1) {
		memcpy(img, thread_regs[tid], GDB_MAX_REG_BYTES);
		return true;
	}
	return false;		/* thread 2: no registers (did not stop) */
}

static bool fake_set_regs(void *ctx, int tid, const u8 *img)
{
	(void)ctx;
	if (tid != 4 && tid != 1)
		return false;
	memcpy(thread_regs[tid], img, GDB_MAX_REG_BYTES);
	return true;
}

static void fake_thread_info(void *ctx, int tid, char *buf, size_t size)
{
	(void)ctx;
	snprintf(buf, size, "CPU %d", tid - 1);
}

static int fake_hw_check(void *ctx, unsigned int type, u64 addr, unsigned int len)
{
	(void)ctx;
	if (type == GDB_HW_EXEC)
		return len == 1 ? 0 : 0x16;
	if (len != 1 && len != 2 && len != 4 && len != 8)
		return 0x16;
	return addr % len ? 0x16 : 0;
}

static const struct gdb_ops fake_thread_ops = {
	.getc = fake_getc,
	.write = fake_write,
	.read_mem = fake_read,
	.write_mem = fake_write_mem,
	.bp_allowed = fake_bp_allowed,
	.thread_next = fake_thread_next,
	.get_regs = fake_get_regs,
	.set_regs = fake_set_regs,
	.thread_info = fake_thread_info,
	.hw_check = fake_hw_check,
};

/* As setup(), with threads and debug registers; thread 1 is the stopped one. */
static void setup_threads(void)
{
	setup(&gdb_layout_i386);
	gdbstub_init(&gs, &gdb_layout_i386, &fake_thread_ops, &fk);
	for (unsigned int i = 0; i < gdb_layout_i386.bytes; i++)
		gs.regs[i] = (u8)(0x10 + i);
	memset(thread_regs, 0, sizeof(thread_regs));
	thread_regs[4][0] = 0x44;
	gs.thread = 1;
}

static void test_thread_queries(struct ktest *t)
{
	setup_threads();
	packet("qSupported:swbreak+;hwbreak+");
	packet("qfThreadInfo");
	packet("qsThreadInfo");
	packet("qC");
	packet("T4");
	packet("T3");			/* E03: no such thread */
	packet("Tx");			/* E01 */
	packet("qThreadExtraInfo,2");
	packet("qThreadExtraInfo,3");	/* E03 */
	packet("?");
	serve();
	EXPECT_SENT(t, "PacketSize=1000;swbreak+;QStartNoAckMode+;hwbreak+");
	EXPECT_SENT(t, "m1,2,4");
	EXPECT_SENT(t, "l");
	EXPECT_SENT(t, "QC1");
	EXPECT_SENT(t, "OK");
	EXPECT_SENT(t, "E03");
	EXPECT_SENT(t, "E01");
	EXPECT_SENT(t, "4350552031");	/* "CPU 1" */
	EXPECT_SENT(t, "T05thread:1;");
	KTEST_EXPECT_EQ(t, gs.stats.errors, 3);
}

static void test_thread_registers(struct ktest *t)
{
	setup_threads();
	packet("Hg4");
	packet("p0");			/* thread 4's eax */
	packet("P0=55000000");		/* written into thread 4 */
	packet("Hg2");
	packet("g");			/* thread 2 has no registers: E03 */
	packet("Hg3");			/* no thread 3: E03 */
	packet("Hgq");			/* E01 */
	packet("Hg0");
	packet("p0");			/* the stopped thread's again */
	serve();
	EXPECT_SENT(t, "44000000");
	EXPECT_SENT(t, "10111213");
	KTEST_EXPECT_EQ(t, thread_regs[4][0], 0x55);
	KTEST_EXPECT_EQ(t, gs.regs[0], 0x10);
	KTEST_EXPECT_FALSE(t, gs.regs_changed);
	KTEST_EXPECT_EQ(t, gs.stats.errors, 3);
}

static void test_thread_step(struct ktest *t)
{
	setup_threads();
	packet("Hc4");
	packet("s");			/* only the stopped thread steps: E03 */
	packet("Hc-1");
	packet("s");
	KTEST_EXPECT_EQ(t, serve(), GDB_ACT_STEP);
	EXPECT_SENT(t, "E03");
	KTEST_EXPECT_EQ(t, gs.stats.errors, 1);
	/* A new stop selects the stopped thread again. */
	gs.thread = 4;
	packet("g");
	KTEST_EXPECT_EQ(t, serve(), GDB_ACT_LINK_DOWN);
	EXPECT_SENT(t, "T05thread:4;");
}

static void test_hw_breakpoints(struct ktest *t)
{
	setup_threads();
	fk.deny_bp = 0x1040;
	packet("Z2,1000,4");
	packet("Z2,1000,4");		/* again: OK */
	packet("Z2,1002,4");		/* unaligned: E16 */
	packet("Z2,1000,3");		/* no such length: E16 */
	packet("Z3,1000,4");		/* read-only: not supported (empty) */
	packet("Z1,1010,2");		/* execute, kind 2: E16 */
	packet("Z1,1040,1");		/* refused address: E03 */
	packet("Z1,1010,1");
	packet("Z4,1008,8");
	packet("Z2,1020,1");
	packet("Z2,1021,1");		/* a fifth: E1c */
	packet("z2,1030,4");		/* not set: E03 */
	packet("z2,1020,1");
	packet("Z5,1000,1");		/* unknown type: empty */
	serve();
	EXPECT_SENT(t, "E16");
	EXPECT_SENT(t, "E03");
	EXPECT_SENT(t, "E1c");
	KTEST_EXPECT_EQ(t, count_sent(""), 2);
	KTEST_EXPECT_EQ(t, gs.stats.errors, 6);
	KTEST_EXPECT_EQ(t, gs.hw[0].type, GDB_HW_WRITE);
	KTEST_EXPECT_EQ(t, gs.hw[1].type, GDB_HW_EXEC);
	KTEST_EXPECT_EQ(t, gs.hw[2].type, GDB_HW_ACCESS);
	KTEST_EXPECT_EQ(t, gs.hw[3].type, 0);
	KTEST_EXPECT_EQ(t, gs.hw[2].len, 8);

	/* Stop replies name the hit. */
	memset(fk.out, 0, sizeof(fk.out));
	fk.out_len = 0;
	gs.waiting = true;
	gs.hw_hit = 0;
	packet("c");
	serve();
	EXPECT_SENT(t, "T05thread:1;watch:1000;");
	gs.hw_hit = 2;
	packet("c");
	serve();
	EXPECT_SENT(t, "T05thread:1;awatch:1008;");
	gs.hw_hit = 1;
	packet("D");
	line("+");			/* gdb acknowledges the OK */
	KTEST_EXPECT_MSG(t, serve() == GDB_ACT_DETACH, "out: %s", fk.out);
	EXPECT_SENT(t, "T05thread:1;hwbreak:;");
	for (int i = 0; i < GDB_MAX_HW_BP; i++)
		KTEST_EXPECT_EQ(t, gs.hw[i].type, 0);	/* detach removes them */
}

static const struct ktest_case gdbstub_proto_cases[] = {
	KTEST_CASE(test_checksum),
	KTEST_CASE(test_good_packet_acked_and_answered),
	KTEST_CASE(test_bad_checksum_nak_then_retransmit),
	KTEST_CASE(test_noise_and_restart),
	KTEST_CASE(test_overlong_packet),
	KTEST_CASE(test_packet_of_max_length),
	KTEST_CASE(test_link_down_mid_packet),
	KTEST_CASE(test_read_memory),
	KTEST_CASE(test_read_memory_malformed),
	KTEST_CASE(test_big_read_is_clamped),
	KTEST_CASE(test_write_memory_hex),
	KTEST_CASE(test_write_memory_binary),
	KTEST_CASE(test_registers_amd64),
	KTEST_CASE(test_register_write_amd64),
	KTEST_CASE(test_registers_i386),
	KTEST_CASE(test_resume),
	KTEST_CASE(test_breakpoints),
	KTEST_CASE(test_breakpoints_refused),
	KTEST_CASE(test_detach_and_kill),
	KTEST_CASE(test_queries),
	KTEST_CASE(test_no_ack_mode),
	KTEST_CASE(test_gdb_nak_retransmits),
	KTEST_CASE(test_escaped_reply),
	KTEST_CASE(test_exit_report),
	KTEST_CASE(test_thread_queries),
	KTEST_CASE(test_thread_registers),
	KTEST_CASE(test_thread_step),
	KTEST_CASE(test_hw_breakpoints),
	{}
};
KTEST_SUITE(gdbstub_proto, gdbstub_proto_cases);

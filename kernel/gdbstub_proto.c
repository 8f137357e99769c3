// SPDX-License-Identifier: GPL-2.0-only
/*
 * gdb's remote serial protocol, target side, arch-free (include/kernel/gdbstub.h
 * has the contract). Compiled into the kernel and hosted (unit tests and a
 * libFuzzer target), so everything here treats the line as hostile: every
 * length is checked against the buffers, every number against overflow, and
 * target memory is reached only through gdb_ops, which never fault.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/gdbstub.h>
#include <lib/string.h>

#define E_MALFORMED	0x01
#define E_TOO_LONG	0x02
#define E_REFUSED	0x03
#define E_FAULT		0x0e
#define E_INVAL		0x16
#define E_NOSPACE	0x1c

static const char hexchars[] = "0123456789abcdef";

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

u8 gdb_checksum(const char *data, size_t len)
{
	u8 sum = 0;

	for (size_t i = 0; i < len; i++)
		sum = (u8)(sum + (u8)data[i]);
	return sum;
}

void gdbstub_init(struct gdbstub *gs, const struct gdb_reg_layout *layout,
		  const struct gdb_ops *ops, void *ctx)
{
	memset(gs, 0, sizeof(*gs));
	gs->layout = layout;
	gs->ops = ops;
	gs->ctx = ctx;
	gs->signal = GDB_SIGTRAP;
	gs->pushback = -1;
	gs->hw_hit = -1;
}

/* ---- the line ---- */

static int next_byte(struct gdbstub *gs, u32 timeout_ms)
{
	int c = gs->pushback;

	if (c >= 0) {
		gs->pushback = -1;
		return c;
	}
	c = gs->ops->getc(gs->ctx, timeout_ms);
	return c < 0 ? -1 : (c & 0xff);
}

static void send(struct gdbstub *gs, const char *s, size_t n)
{
	gs->ops->write(gs->ctx, s, n);
}

int gdb_get_packet(struct gdbstub *gs)
{
	for (;;) {
		size_t len = 0;
		bool overflow = false;
		u8 sum = 0;
		int c, h1, h2;

		do {
			c = next_byte(gs, 0);
			if (c < 0)
				return GDB_PKT_LINK_DOWN;
		} while (c != '$');	/* acks, ^C and noise between packets */
restart:
		len = 0;
		overflow = false;
		sum = 0;
		for (;;) {
			c = next_byte(gs, 0);
			if (c < 0)
				return GDB_PKT_LINK_DOWN;
			if (c == '$')
				goto restart;	/* a new packet: the one before was cut */
			if (c == '#')
				break;
			sum = (u8)(sum + c);
			if (len < GDB_PACKET_MAX)
				gs->in[len++] = (char)c;
			else
				overflow = true;
		}
		gs->in[len] = '\0';
		gs->in_len = len;
		c = next_byte(gs, 0);
		if (c < 0)
			return GDB_PKT_LINK_DOWN;
		h1 = hexval(c);
		if (c == '$')
			gs->pushback = c;
		if (h1 >= 0) {
			c = next_byte(gs, 0);
			if (c < 0)
				return GDB_PKT_LINK_DOWN;
			if (c == '$')
				gs->pushback = c;
		}
		h2 = hexval(c);
		if (h1 < 0 || h2 < 0 || ((h1 << 4) | h2) != sum) {
			gs->stats.bad_checksums++;
			if (!gs->no_ack)
				send(gs, "-", 1);
			continue;
		}
		/* qSupported opens every connection: a new gdb starts with acknowledgments. */
		if (gs->no_ack && len >= 10 && !memcmp(gs->in, "qSupported", 10))
			gs->no_ack = false;
		if (!gs->no_ack)
			send(gs, "+", 1);
		if (overflow) {
			gs->stats.overlong++;
			return GDB_PKT_OVERLONG;
		}
		gs->stats.packets++;
		return (int)len;
	}
}

int gdb_put_packet(struct gdbstub *gs, const char *data, size_t len, u32 ack_timeout_ms)
{
	for (unsigned int tries = 0;; tries++) {
		char buf[64];
		size_t n = 0;
		u8 sum = 0;

		buf[n++] = '$';
		for (size_t i = 0; i < len; i++) {
			char c = data[i];

			if (n + 2 > sizeof(buf)) {
				send(gs, buf, n);
				n = 0;
			}
			if (c == '$' || c == '#' || c == '}' || c == '*') {
				buf[n++] = '}';
				sum = (u8)(sum + '}');
				c ^= 0x20;
			}
			buf[n++] = c;
			sum = (u8)(sum + (u8)c);
		}
		if (n + 3 > sizeof(buf)) {
			send(gs, buf, n);
			n = 0;
		}
		buf[n++] = '#';
		buf[n++] = hexchars[sum >> 4];
		buf[n++] = hexchars[sum & 15];
		send(gs, buf, n);
		if (gs->no_ack)
			return 0;
		for (;;) {
			int c = next_byte(gs, ack_timeout_ms);

			if (c < 0)
				return GDB_PKT_LINK_DOWN;
			if (c == '+')
				return 0;
			if (c == '-')
				break;
			if (c == '$') {
				/* gdb went on to its next packet: take that as the ack. */
				gs->pushback = c;
				return 0;
			}
		}
		if (tries + 1 >= GDB_MAX_RETRANSMIT)
			return 0;	/* give up on this reply; gdb will ask again */
		gs->stats.retransmits++;
	}
}

/* ---- replies ---- */

static void out_reset(struct gdbstub *gs)
{
	gs->out_len = 0;
	gs->out[0] = '\0';
}

static void out_char(struct gdbstub *gs, char c)
{
	if (gs->out_len < GDB_PACKET_MAX) {
		gs->out[gs->out_len++] = c;
		gs->out[gs->out_len] = '\0';
	}
}

static void out_str(struct gdbstub *gs, const char *s)
{
	while (*s)
		out_char(gs, *s++);
}

static void out_hex8(struct gdbstub *gs, u8 v)
{
	out_char(gs, hexchars[v >> 4]);
	out_char(gs, hexchars[v & 15]);
}

static void out_hex_num(struct gdbstub *gs, u64 v)
{
	char tmp[17];
	int n = 0;

	do {
		tmp[n++] = hexchars[v & 15];
		v >>= 4;
	} while (v);
	while (n)
		out_char(gs, tmp[--n]);
}

static void out_hex_bytes(struct gdbstub *gs, const u8 *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out_hex8(gs, b[i]);
}

static void reply_error(struct gdbstub *gs, u8 code)
{
	out_reset(gs);
	out_char(gs, 'E');
	out_hex8(gs, code);
	gs->stats.errors++;
}

static void reply_ok(struct gdbstub *gs)
{
	out_reset(gs);
	out_str(gs, "OK");
}

static void reply_stop(struct gdbstub *gs)
{
	out_reset(gs);
	out_char(gs, 'T');
	out_hex8(gs, (u8)gs->signal);
	if (gs->thread > 0) {
		out_str(gs, "thread:");
		out_hex_num(gs, (u64)gs->thread);
		out_char(gs, ';');
	}
	if (gs->swbreak)
		out_str(gs, "swbreak:;");
	if (gs->hw_hit >= 0 && gs->hw_hit < GDB_MAX_HW_BP && gs->hw[gs->hw_hit].type) {
		const struct gdb_hw_bp *hw = &gs->hw[gs->hw_hit];

		if (hw->type == GDB_HW_EXEC) {
			out_str(gs, "hwbreak:;");
		} else {
			out_str(gs, hw->type == GDB_HW_WRITE ? "watch:" : "awatch:");
			out_hex_num(gs, hw->addr);
			out_char(gs, ';');
		}
	}
}

/* ---- parsing: a cursor over [p, end) ---- */

struct cursor {
	const char *p, *end;
};

/* One or more hex digits, at most 64 bits of value (leading zeros are fine). */
static bool parse_hex(struct cursor *c, u64 *val)
{
	u64 v = 0;
	bool any = false;

	while (c->p < c->end) {
		int h = hexval(*c->p);

		if (h < 0)
			break;
		if (v >> 60)
			return false;	/* overflow */
		v = (v << 4) | (u64)h;
		c->p++;
		any = true;
	}
	*val = v;
	return any;
}

static bool expect(struct cursor *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return true;
	}
	return false;
}

static bool at_end(const struct cursor *c)
{
	return c->p == c->end;
}

/* Exactly 2 * @n hex digits up to the end, into @buf. */
static bool parse_hex_bytes(struct cursor *c, u8 *buf, size_t n)
{
	if ((size_t)(c->end - c->p) != 2 * n)
		return false;
	for (size_t i = 0; i < n; i++) {
		int hi = hexval(c->p[2 * i]), lo = hexval(c->p[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		buf[i] = (u8)(hi << 4 | lo);
	}
	c->p = c->end;
	return true;
}

/* "addr,len" */
static bool parse_addr_len(struct cursor *c, u64 *addr, u64 *len)
{
	return parse_hex(c, addr) && expect(c, ',') && parse_hex(c, len);
}

static bool starts_with(const struct gdbstub *gs, const char *s)
{
	size_t n = strlen(s);

	return gs->in_len >= n && !memcmp(gs->in, s, n);
}

/* The packet is exactly @s, or @s followed by one of @seps. */
static bool is_cmd(const struct gdbstub *gs, const char *s, const char *seps)
{
	size_t n = strlen(s);

	if (!starts_with(gs, s))
		return false;
	return gs->in_len == n || (seps && strchr(seps, gs->in[n]));
}

/* ---- registers ---- */

static size_t reg_offset(const struct gdb_reg_layout *l, unsigned int regno)
{
	size_t off = 0;

	for (unsigned int i = 0; i < regno; i++)
		off += l->size[i];
	return off;
}

/* Put @val into register @regno of the image (little-endian). */
static void set_reg(struct gdbstub *gs, unsigned int regno, u64 val)
{
	size_t off = reg_offset(gs->layout, regno);

	for (unsigned int i = 0; i < gs->layout->size[regno]; i++)
		gs->regs[off + i] = (u8)(val >> (8 * i));
	gs->regs_changed = true;
}

static bool fits_reg(const struct gdbstub *gs, unsigned int regno, u64 val)
{
	unsigned int bits = 8 * gs->layout->size[regno];

	return bits >= 64 || (val >> bits) == 0;
}

/* Is @tid the stopped thread (or a "whichever" id: 0, -1)? */
static bool is_stopped_thread(const struct gdbstub *gs, int tid)
{
	return tid <= 0 || tid == gs->thread;
}

/*
 * The image g/G/p/P act on: gs->regs for the stopped thread, else the Hg
 * thread's, read into @buf. NULL if that thread has no registers.
 */
static u8 *regs_of(struct gdbstub *gs, u8 *buf)
{
	if (is_stopped_thread(gs, gs->g_thread) || !gs->ops->get_regs)
		return gs->regs;
	if (!gs->ops->get_regs(gs->ctx, gs->g_thread, buf))
		return NULL;
	return buf;
}

/* @img (from regs_of()) was changed: keep it. False if the thread refused it. */
static bool regs_store(struct gdbstub *gs, const u8 *img)
{
	if (img == gs->regs) {
		gs->regs_changed = true;
		return true;
	}
	return gs->ops->set_regs && gs->ops->set_regs(gs->ctx, gs->g_thread, img);
}

static void cmd_read_regs(struct gdbstub *gs)
{
	u8 buf[GDB_MAX_REG_BYTES];
	const u8 *img = regs_of(gs, buf);

	if (!img) {
		reply_error(gs, E_REFUSED);
		return;
	}
	out_reset(gs);
	out_hex_bytes(gs, img, gs->layout->bytes);
}

static void cmd_write_regs(struct gdbstub *gs, struct cursor *c)
{
	const struct gdb_reg_layout *l = gs->layout;
	u8 img[GDB_MAX_REG_BYTES], buf[GDB_MAX_REG_BYTES];
	u8 *regs;
	size_t off = 0;

	if (!parse_hex_bytes(c, img, l->bytes)) {
		reply_error(gs, E_MALFORMED);
		return;
	}
	regs = regs_of(gs, buf);
	if (!regs) {
		reply_error(gs, E_REFUSED);
		return;
	}
	/* gdb writes back the whole image: read-only registers keep their value. */
	for (unsigned int r = 0; r < l->nr_regs; off += l->size[r], r++)
		if (!(l->readonly & (1u << r)))
			memcpy(regs + off, img + off, l->size[r]);
	if (!regs_store(gs, regs)) {
		reply_error(gs, E_REFUSED);
		return;
	}
	reply_ok(gs);
}

static void cmd_read_reg(struct gdbstub *gs, struct cursor *c)
{
	const struct gdb_reg_layout *l = gs->layout;
	u8 buf[GDB_MAX_REG_BYTES];
	const u8 *img;
	u64 regno;

	if (!parse_hex(c, &regno) || !at_end(c)) {
		reply_error(gs, E_MALFORMED);
		return;
	}
	out_reset(gs);
	if (regno >= l->nr_regs) {
		out_str(gs, "xx");	/* not in our image: gdb marks it unavailable */
		return;
	}
	img = regs_of(gs, buf);
	if (!img) {
		reply_error(gs, E_REFUSED);
		return;
	}
	out_hex_bytes(gs, img + reg_offset(l, (unsigned int)regno), l->size[regno]);
}

static void cmd_write_reg(struct gdbstub *gs, struct cursor *c)
{
	const struct gdb_reg_layout *l = gs->layout;
	u8 val[8], buf[GDB_MAX_REG_BYTES];
	u8 *img;
	u64 regno;
	size_t off;

	if (!parse_hex(c, &regno) || !expect(c, '=')) {
		reply_error(gs, E_MALFORMED);
		return;
	}
	if (regno >= l->nr_regs) {
		reply_error(gs, E_REFUSED);
		return;
	}
	if (!parse_hex_bytes(c, val, l->size[regno])) {
		reply_error(gs, E_MALFORMED);
		return;
	}
	img = regs_of(gs, buf);
	if (!img) {
		reply_error(gs, E_REFUSED);
		return;
	}
	off = reg_offset(l, (unsigned int)regno);
	if (l->readonly & (1u << regno)) {
		/* Writing the same value is harmless; another one is refused. */
		if (memcmp(img + off, val, l->size[regno])) {
			reply_error(gs, E_REFUSED);
			return;
		}
	} else {
		memcpy(img + off, val, l->size[regno]);
		if (!regs_store(gs, img)) {
			reply_error(gs, E_REFUSED);
			return;
		}
	}
	reply_ok(gs);
}

/* ---- threads ---- */

static bool have_threads(const struct gdbstub *gs)
{
	return gs->ops->thread_next != NULL;
}

/* The thread after @tid (0: the first), or 0; the ops' answer checked to move on. */
static int thread_next(struct gdbstub *gs, int tid)
{
	int n = gs->ops->thread_next(gs->ctx, tid);

	return n > tid && n <= GDB_MAX_THREADS ? n : 0;
}

static bool thread_alive(struct gdbstub *gs, int tid)
{
	if (!have_threads(gs))
		return true;		/* one thread: every id means it */
	if (tid <= 0 || tid > GDB_MAX_THREADS)
		return false;
	return thread_next(gs, tid - 1) == tid;
}

/* A thread id as gdb writes it: "-1" (all), "0" (any) or hex. */
static bool parse_thread_id(struct cursor *c, int *tid)
{
	u64 v;

	if (expect(c, '-')) {
		if (!expect(c, '1') || !at_end(c))
			return false;
		*tid = -1;
		return true;
	}
	if (!parse_hex(c, &v) || !at_end(c) || v > GDB_MAX_THREADS)
		return false;
	*tid = (int)v;
	return true;
}

/* "Hg<id>", "Hc<id>" */
static void cmd_set_thread(struct gdbstub *gs, struct cursor *c)
{
	char op;
	int tid;

	if (at_end(c)) {
		reply_error(gs, E_MALFORMED);
		return;
	}
	op = *c->p++;
	if ((op != 'g' && op != 'c') || !parse_thread_id(c, &tid)) {
		reply_error(gs, E_MALFORMED);
		return;
	}
	if (tid > 0 && !thread_alive(gs, tid)) {
		reply_error(gs, E_REFUSED);
		return;
	}
	if (op == 'g')
		gs->g_thread = tid;
	else
		gs->c_thread = tid;
	reply_ok(gs);
}

/* "T<id>": is it alive? */
static void cmd_thread_alive(struct gdbstub *gs, struct cursor *c)
{
	int tid;

	if (!parse_thread_id(c, &tid) || tid <= 0) {
		reply_error(gs, E_MALFORMED);
		return;
	}
	if (!thread_alive(gs, tid)) {
		reply_error(gs, E_REFUSED);
		return;
	}
	reply_ok(gs);
}

/* qfThreadInfo (@first) / qsThreadInfo: "m1,2,..." in pieces that fit, then "l". */
static void cmd_thread_list(struct gdbstub *gs, bool first)
{
	int tid = first ? 0 : gs->list_cursor;
	bool any = false;

	out_reset(gs);
	if (!first && !tid) {
		out_char(gs, 'l');
		return;
	}
	out_char(gs, 'm');
	for (tid = thread_next(gs, tid); tid; tid = thread_next(gs, tid)) {
		if (gs->out_len + 8 > GDB_PACKET_MAX)
			break;		/* the rest in the next qsThreadInfo */
		if (any)
			out_char(gs, ',');
		out_hex_num(gs, (u64)tid);
		any = true;
		gs->list_cursor = tid;
	}
	if (!tid)
		gs->list_cursor = 0;
	if (!any) {
		out_reset(gs);
		out_char(gs, 'l');
	}
}

/* "qThreadExtraInfo,<id>": the thread's description, hex-encoded. */
static void cmd_thread_extra(struct gdbstub *gs, struct cursor *c)
{
	char text[128];
	int tid;

	if (!expect(c, ',') || !parse_thread_id(c, &tid) || tid <= 0) {
		reply_error(gs, E_MALFORMED);
		return;
	}
	if (!thread_alive(gs, tid)) {
		reply_error(gs, E_REFUSED);
		return;
	}
	text[0] = '\0';
	if (gs->ops->thread_info)
		gs->ops->thread_info(gs->ctx, tid, text, sizeof(text));
	text[sizeof(text) - 1] = '\0';
	out_reset(gs);
	out_hex_bytes(gs, (const u8 *)text, strlen(text));
}

/* ---- memory ---- */

static void cmd_read_mem(struct gdbstub *gs, struct cursor *c)
{
	u8 *buf = gs->scratch;
	u64 addr, len;
	size_t n;

	if (!parse_addr_len(c, &addr, &len) || !at_end(c) || !len) {
		reply_error(gs, E_MALFORMED);
		return;
	}
	/* A shorter reply than asked is allowed: gdb asks again for the rest. */
	if (len > GDB_PACKET_MAX / 2)
		len = GDB_PACKET_MAX / 2;
	n = gs->ops->read_mem(gs->ctx, addr, buf, (size_t)len);
	if (!n) {
		reply_error(gs, E_FAULT);
		return;
	}
	out_reset(gs);
	out_hex_bytes(gs, buf, n);
}

static void write_mem_reply(struct gdbstub *gs, u64 addr, const u8 *buf, size_t len)
{
	if (len && gs->ops->write_mem(gs->ctx, addr, buf, len) != len) {
		reply_error(gs, E_FAULT);
		return;
	}
	reply_ok(gs);
}

static void cmd_write_mem_hex(struct gdbstub *gs, struct cursor *c)
{
	u8 *buf = gs->scratch;
	u64 addr, len;

	if (!parse_addr_len(c, &addr, &len) || !expect(c, ':')) {
		reply_error(gs, E_MALFORMED);
		return;
	}
	if (len > GDB_PACKET_MAX / 2) {
		reply_error(gs, E_TOO_LONG);
		return;
	}
	if (!parse_hex_bytes(c, buf, (size_t)len)) {
		reply_error(gs, E_MALFORMED);
		return;
	}
	write_mem_reply(gs, addr, buf, (size_t)len);
}

static void cmd_write_mem_bin(struct gdbstub *gs, struct cursor *c)
{
	u8 *buf = gs->scratch;
	u64 addr, len;
	size_t n = 0;

	if (!parse_addr_len(c, &addr, &len) || !expect(c, ':')) {
		reply_error(gs, E_MALFORMED);
		return;
	}
	if (len > sizeof(gs->scratch)) {
		reply_error(gs, E_TOO_LONG);
		return;
	}
	while (c->p < c->end) {
		u8 b = (u8)*c->p++;

		if (b == '}') {
			if (c->p == c->end) {
				reply_error(gs, E_MALFORMED);	/* escape with nothing after it */
				return;
			}
			b = (u8)(*c->p++ ^ 0x20);
		}
		if (n == len) {
			reply_error(gs, E_MALFORMED);	/* more data than announced */
			return;
		}
		buf[n++] = b;
	}
	if (n != len) {
		reply_error(gs, E_MALFORMED);
		return;
	}
	write_mem_reply(gs, addr, buf, n);	/* "X addr,0:" probes support: OK */
}

/* ---- breakpoints ---- */

static struct gdb_breakpoint *bp_find(struct gdbstub *gs, u64 addr)
{
	for (unsigned int i = 0; i < GDB_MAX_BREAKPOINTS; i++)
		if (gs->bp[i].state != GDB_BP_FREE && gs->bp[i].addr == addr)
			return &gs->bp[i];
	return NULL;
}

bool gdb_bp_active_at(const struct gdbstub *gs, u64 addr)
{
	for (unsigned int i = 0; i < GDB_MAX_BREAKPOINTS; i++)
		if (gs->bp[i].state == GDB_BP_ACTIVE && gs->bp[i].addr == addr)
			return true;
	return false;
}

unsigned int gdb_bp_count(const struct gdbstub *gs)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < GDB_MAX_BREAKPOINTS; i++)
		n += gs->bp[i].state != GDB_BP_FREE;
	return n;
}

void gdb_bp_activate(struct gdbstub *gs)
{
	const u8 insn = GDB_BREAK_INSN;

	for (unsigned int i = 0; i < GDB_MAX_BREAKPOINTS; i++) {
		struct gdb_breakpoint *bp = &gs->bp[i];
		u8 orig;

		if (bp->state != GDB_BP_SET)
			continue;
		if (gs->ops->read_mem(gs->ctx, bp->addr, &orig, 1) != 1)
			continue;	/* unmapped since it was set: leave it out */
		if (gs->ops->write_mem(gs->ctx, bp->addr, &insn, 1) != 1)
			continue;
		bp->saved = orig;
		bp->state = GDB_BP_ACTIVE;
	}
}

void gdb_bp_deactivate(struct gdbstub *gs)
{
	for (unsigned int i = 0; i < GDB_MAX_BREAKPOINTS; i++) {
		struct gdb_breakpoint *bp = &gs->bp[i];

		if (bp->state != GDB_BP_ACTIVE)
			continue;
		gs->ops->write_mem(gs->ctx, bp->addr, &bp->saved, 1);
		bp->state = GDB_BP_SET;
	}
}

void gdb_bp_remove_all(struct gdbstub *gs)
{
	gdb_bp_deactivate(gs);
	for (unsigned int i = 0; i < GDB_MAX_BREAKPOINTS; i++)
		gs->bp[i].state = GDB_BP_FREE;
	for (unsigned int i = 0; i < GDB_MAX_HW_BP; i++)
		gs->hw[i].type = 0;
}

/* Z1..Z4 / z1..z4: "Z2,addr,len". */
static void cmd_hw_breakpoint(struct gdbstub *gs, u64 type, u64 addr, u64 len, bool insert)
{
	struct gdb_hw_bp *found = NULL, *free = NULL;
	int err;

	if (!gs->ops->hw_check || type == GDB_HW_READ || type > GDB_HW_ACCESS) {
		out_reset(gs);		/* not supported (gdb turns rwatch into awatch) */
		return;
	}
	for (unsigned int i = 0; i < GDB_MAX_HW_BP; i++) {
		struct gdb_hw_bp *hw = &gs->hw[i];

		if (!hw->type) {
			if (!free)
				free = hw;
		} else if (hw->type == type && hw->addr == addr && hw->len == len) {
			found = hw;
		}
	}
	if (!insert) {
		if (!found) {
			reply_error(gs, E_REFUSED);
			return;
		}
		found->type = 0;
		reply_ok(gs);
		return;
	}
	if (found) {
		reply_ok(gs);		/* already there */
		return;
	}
	if (type == GDB_HW_EXEC && gs->ops->bp_allowed && !gs->ops->bp_allowed(gs->ctx, addr)) {
		reply_error(gs, E_REFUSED);
		return;
	}
	err = len > 0xff ? E_INVAL : gs->ops->hw_check(gs->ctx, (unsigned int)type, addr,
						       (unsigned int)len);
	if (err) {
		reply_error(gs, (u8)err);
		return;
	}
	if (!free) {
		reply_error(gs, E_NOSPACE);
		return;
	}
	free->addr = addr;
	free->len = (u8)len;
	free->type = (u8)type;
	reply_ok(gs);
}

/* Z0/z0: "Z0,addr,kind", kind 1 (the length of int3). */
static void cmd_breakpoint(struct gdbstub *gs, struct cursor *c, bool insert)
{
	const u8 insn = GDB_BREAK_INSN;
	struct gdb_breakpoint *bp;
	u64 type, addr, kind;
	u8 orig, check;

	if (!parse_hex(c, &type) || !expect(c, ',') || !parse_addr_len(c, &addr, &kind) ||
	    !at_end(c)) {
		reply_error(gs, E_MALFORMED);
		return;
	}
	if (type != 0) {
		cmd_hw_breakpoint(gs, type, addr, kind, insert);
		return;
	}
	if (kind != 1) {
		reply_error(gs, E_MALFORMED);
		return;
	}
	bp = bp_find(gs, addr);
	if (!insert) {
		if (!bp) {
			reply_error(gs, E_REFUSED);
			return;
		}
		if (bp->state == GDB_BP_ACTIVE)
			gs->ops->write_mem(gs->ctx, addr, &bp->saved, 1);
		bp->state = GDB_BP_FREE;
		reply_ok(gs);
		return;
	}
	if (bp) {
		reply_ok(gs);		/* already there */
		return;
	}
	bp = NULL;
	if (gs->ops->bp_allowed && !gs->ops->bp_allowed(gs->ctx, addr)) {
		reply_error(gs, E_REFUSED);
		return;
	}
	for (unsigned int i = 0; i < GDB_MAX_BREAKPOINTS && !bp; i++)
		if (gs->bp[i].state == GDB_BP_FREE)
			bp = &gs->bp[i];
	if (!bp) {
		reply_error(gs, E_NOSPACE);
		return;
	}
	/* Prove now that the byte can be read, patched and restored. */
	if (gs->ops->read_mem(gs->ctx, addr, &orig, 1) != 1 ||
	    gs->ops->write_mem(gs->ctx, addr, &insn, 1) != 1) {
		reply_error(gs, E_FAULT);
		return;
	}
	if (gs->ops->read_mem(gs->ctx, addr, &check, 1) != 1 ||
	    gs->ops->write_mem(gs->ctx, addr, &orig, 1) != 1 || check != insn) {
		gs->ops->write_mem(gs->ctx, addr, &orig, 1);
		reply_error(gs, E_FAULT);
		return;
	}
	bp->addr = addr;
	bp->saved = orig;
	bp->state = GDB_BP_SET;
	reply_ok(gs);
}

/* ---- resuming ---- */

/* "c[addr]", "s[addr]", "Csig[;addr]", "Ssig[;addr]": the signal is dropped. */
static bool parse_resume(struct gdbstub *gs, struct cursor *c, bool with_signal)
{
	u64 v;

	if (with_signal) {
		if (!parse_hex(c, &v) || v > 0xff)
			return false;
		if (at_end(c))
			return true;
		if (!expect(c, ';'))
			return false;
	}
	if (at_end(c))
		return true;
	if (!parse_hex(c, &v) || !at_end(c) || !fits_reg(gs, gs->layout->pc_regno, v))
		return false;
	set_reg(gs, gs->layout->pc_regno, v);
	return true;
}

/* ---- the dispatcher ---- */

int gdb_handle_packet(struct gdbstub *gs, bool *reply)
{
	struct cursor c = { gs->in + 1, gs->in + gs->in_len };
	int action = -1;

	*reply = true;
	out_reset(gs);
	if (!gs->in_len)
		return -1;	/* empty packet: empty reply */

	switch (gs->in[0]) {
	case '?':
		reply_stop(gs);
		break;
	case 'g':
		if (at_end(&c))
			cmd_read_regs(gs);
		else
			reply_error(gs, E_MALFORMED);
		break;
	case 'G':
		cmd_write_regs(gs, &c);
		break;
	case 'p':
		cmd_read_reg(gs, &c);
		break;
	case 'P':
		cmd_write_reg(gs, &c);
		break;
	case 'm':
		cmd_read_mem(gs, &c);
		break;
	case 'M':
		cmd_write_mem_hex(gs, &c);
		break;
	case 'X':
		cmd_write_mem_bin(gs, &c);
		break;
	case 'Z':
	case 'z':
		cmd_breakpoint(gs, &c, gs->in[0] == 'Z');
		break;
	case 'c':
	case 'C':
	case 's':
	case 'S':
		if (!parse_resume(gs, &c, gs->in[0] == 'C' || gs->in[0] == 'S')) {
			reply_error(gs, E_MALFORMED);
			break;
		}
		/* Only the stopped thread steps (the others stay parked, as with kgdb). */
		if ((gs->in[0] == 's' || gs->in[0] == 'S') && have_threads(gs) &&
		    !is_stopped_thread(gs, gs->c_thread)) {
			reply_error(gs, E_REFUSED);
			break;
		}
		*reply = false;		/* the stop reply comes when we stop again */
		action = (gs->in[0] == 'c' || gs->in[0] == 'C') ? GDB_ACT_CONTINUE : GDB_ACT_STEP;
		break;
	case 'D':
		if (gs->in_len == 1 || gs->in[1] == ';') {
			reply_ok(gs);
			action = GDB_ACT_DETACH;
		}
		break;
	case 'k':
		*reply = false;
		action = GDB_ACT_KILL;
		break;
	case 'H':
		cmd_set_thread(gs, &c);
		break;
	case 'T':
		cmd_thread_alive(gs, &c);
		break;
	case 'q':
		if (is_cmd(gs, "qSupported", ":")) {
			out_str(gs, "PacketSize=");
			out_hex_num(gs, GDB_PACKET_MAX);
			out_str(gs, ";swbreak+;QStartNoAckMode+");
			if (gs->ops->hw_check)
				out_str(gs, ";hwbreak+");
		} else if (is_cmd(gs, "qAttached", ":")) {
			out_str(gs, "1");	/* gdb detaches rather than kills on quit */
		} else if (have_threads(gs) && is_cmd(gs, "qfThreadInfo", NULL)) {
			cmd_thread_list(gs, true);
		} else if (have_threads(gs) && is_cmd(gs, "qsThreadInfo", NULL)) {
			cmd_thread_list(gs, false);
		} else if (have_threads(gs) && is_cmd(gs, "qC", NULL)) {
			out_str(gs, "QC");
			out_hex_num(gs, (u64)(gs->thread > 0 ? gs->thread : 1));
		} else if (have_threads(gs) && is_cmd(gs, "qThreadExtraInfo", ",")) {
			c.p = gs->in + strlen("qThreadExtraInfo");
			cmd_thread_extra(gs, &c);
		}
		break;
	case 'Q':
		if (is_cmd(gs, "QStartNoAckMode", NULL))
			reply_ok(gs);	/* acks stop after this reply: see gdbstub_session() */
		break;
	case 'v':
		if (is_cmd(gs, "vKill", ";")) {
			reply_ok(gs);
			action = GDB_ACT_KILL;
		}
		break;
	default:
		break;			/* unknown: the empty reply */
	}
	return action;
}

enum gdb_action gdbstub_session(struct gdbstub *gs)
{
	gdb_bp_deactivate(gs);
	gs->g_thread = 0;
	gs->c_thread = 0;
	if (gs->waiting) {
		gs->waiting = false;
		reply_stop(gs);
		if (gdb_put_packet(gs, gs->out, gs->out_len, 0) == GDB_PKT_LINK_DOWN)
			return GDB_ACT_LINK_DOWN;
	}
	for (;;) {
		int n = gdb_get_packet(gs);
		bool reply, no_ack_after;
		int action;

		if (n == GDB_PKT_LINK_DOWN)
			return GDB_ACT_LINK_DOWN;
		gs->attached = true;
		if (n == GDB_PKT_OVERLONG) {
			reply_error(gs, E_TOO_LONG);
			if (gdb_put_packet(gs, gs->out, gs->out_len, 0) == GDB_PKT_LINK_DOWN)
				return GDB_ACT_LINK_DOWN;
			continue;
		}
		no_ack_after = is_cmd(gs, "QStartNoAckMode", NULL);
		action = gdb_handle_packet(gs, &reply);
		if (reply && gdb_put_packet(gs, gs->out, gs->out_len, 0) == GDB_PKT_LINK_DOWN)
			return GDB_ACT_LINK_DOWN;
		if (no_ack_after)
			gs->no_ack = true;
		switch (action) {
		case GDB_ACT_CONTINUE:
		case GDB_ACT_STEP:
			gs->waiting = true;
			gdb_bp_activate(gs);
			return (enum gdb_action)action;
		case GDB_ACT_DETACH:
		case GDB_ACT_KILL:
			gdb_bp_remove_all(gs);
			gs->attached = false;
			gs->no_ack = false;
			return (enum gdb_action)action;
		default:
			break;
		}
	}
}

void gdbstub_report_exit(struct gdbstub *gs, unsigned int status, u32 timeout_ms)
{
	char pkt[3];

	if (!gs->waiting)
		return;
	gs->waiting = false;
	pkt[0] = 'W';
	pkt[1] = hexchars[(status >> 4) & 15];
	pkt[2] = hexchars[status & 15];
	gdb_put_packet(gs, pkt, sizeof(pkt), timeout_ms);
	gs->attached = false;
}

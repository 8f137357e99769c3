/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The in-kernel gdb stub: gdb's remote serial protocol on a serial port.
 *
 * Two halves:
 *  - kernel/gdbstub_proto.c, the protocol: framing, acknowledgments,
 *    packets, register images, software breakpoints. It is arch-free and
 *    compiles hosted (tests/unit/gdbstub_proto.c, tests/fuzz/fuzz_gdbstub.c);
 *    it reaches the machine only through struct gdb_ops.
 *  - arch/x86/gdbstub.c, the machine: the UART, struct pt_regs <-> register
 *    images, int3 / #DB / EFLAGS.TF, and the ways in (kgdbwait, breakpoints,
 *    single steps, unexpected exceptions, panic).
 *
 * Contract of the protocol half:
 *  - Nothing the line sends can make it read or write outside its buffers,
 *    or touch target memory other than through gdb_ops (which never fault).
 *  - A packet with a bad checksum is answered '-' (gdb retransmits); one
 *    longer than GDB_PACKET_MAX is acknowledged, discarded and answered
 *    "E02"; a malformed one is answered "E01"; an unknown one gets the empty
 *    reply, which tells gdb "not supported".
 *  - Error replies: E01 malformed request, E02 packet or request too long,
 *    E03 register unknown or read-only, breakpoint not allowed/absent, or
 *    thread unknown (or not the stopped one, for a step), E0e (EFAULT)
 *    memory not mapped, E16 (EINVAL) a hardware breakpoint the debug
 *    registers cannot express (length, alignment), E1c (ENOSPC) breakpoint
 *    table full (64 software, 4 hardware).
 *  - Threads: qfThreadInfo/qsThreadInfo, qC, Hg/Hc, T, qThreadExtraInfo;
 *    'g'/'G'/'p'/'P' act on the Hg thread. A step ('s') moves only the
 *    stopped thread. Stop replies name the thread ("thread:N;") and a
 *    hardware hit ("hwbreak:;" or "watch:ADDR;" / "awatch:ADDR;").
 *  - Read-only watchpoints (Z3) are answered "not supported": x86 has
 *    none, and gdb then sets an access watchpoint and checks the value.
 *  - Software breakpoints (Z0/z0) are recorded when gdb asks and written to
 *    memory (int3, 0xcc) only while the target runs: between
 *    gdb_bp_activate() and gdb_bp_deactivate(). While stopped, memory reads
 *    show the original bytes, and the stub's own code never meets an int3.
 *
 * Register images are in gdb's 'g' packet order and target byte order
 * (little-endian), general registers only; gdb treats the rest (x87, SSE)
 * as unavailable.
 */
#ifndef NB_KERNEL_GDBSTUB_H
#define NB_KERNEL_GDBSTUB_H

#include <kernel/types.h>

/* Payload bytes of one packet, either way (reported as qSupported PacketSize). */
#define GDB_PACKET_MAX		4096
#define GDB_MAX_BREAKPOINTS	64
#define GDB_MAX_REGS		24
#define GDB_MAX_REG_BYTES	(17 * 8 + 7 * 4)	/* amd64: 17 8-byte + 7 4-byte */
/* How often a reply is sent again after gdb answers '-' before giving up on it. */
#define GDB_MAX_RETRANSMIT	16
#define GDB_BREAK_INSN		0xcc	/* int3 */

/* gdb's target-independent signal numbers (as in stop replies). */
#define GDB_SIGINT	2
#define GDB_SIGILL	4
#define GDB_SIGTRAP	5
#define GDB_SIGABRT	6
#define GDB_SIGBUS	7
#define GDB_SIGFPE	8
#define GDB_SIGSEGV	11

struct gdb_reg_layout {
	const char *name;		/* gdb's architecture name */
	unsigned int nr_regs;
	u8 size[GDB_MAX_REGS];		/* bytes of each register in the image */
	u32 readonly;			/* bit n: register n cannot be changed */
	unsigned int pc_regno;
	unsigned int bytes;		/* image size: sum of size[] */
};

struct gdb_ops {
	/*
	 * The next byte from gdb, or -1 if none came within @timeout_ms
	 * (0: wait as long as it takes) or the line is gone (hosted tests: the
	 * end of the scripted input).
	 */
	int (*getc)(void *ctx, u32 timeout_ms);
	void (*write)(void *ctx, const char *buf, size_t len);
	/*
	 * Copy target memory; never fault. Return how many bytes were copied
	 * before the first one that could not be (0 .. len).
	 */
	size_t (*read_mem)(void *ctx, u64 addr, void *buf, size_t len);
	size_t (*write_mem)(void *ctx, u64 addr, const void *buf, size_t len);
	/* Optional: false refuses a breakpoint at @addr (code the stub itself runs). */
	bool (*bp_allowed)(void *ctx, u64 addr);

	/*
	 * Optional: threads (the kernel's CPUs). Without thread_next there is
	 * one thread and no thread packets beyond the trivial ones. Thread ids
	 * are 1 .. GDB_MAX_THREADS (CPU n is thread n + 1).
	 *  - thread_next: the first thread id above @tid (0: the first), or 0;
	 *  - get_regs / set_regs: the register image of thread @tid other than
	 *    the stopped one (which is gs->regs); false if it has none (a CPU
	 *    that did not answer the round-up);
	 *  - thread_info: qThreadExtraInfo's text, NUL-terminated in @buf.
	 */
	int (*thread_next)(void *ctx, int tid);
	bool (*get_regs)(void *ctx, int tid, u8 *img);
	bool (*set_regs)(void *ctx, int tid, const u8 *img);
	void (*thread_info)(void *ctx, int tid, char *buf, size_t size);

	/*
	 * Optional: hardware breakpoints and watchpoints (Z1..Z4). Without it
	 * they are answered "not supported". 0 if a GDB_HW_* of @len bytes at
	 * @addr can be done, else the E code to refuse it with. The protocol
	 * keeps the table (gs->hw); the target applies it when it resumes.
	 */
	int (*hw_check)(void *ctx, unsigned int type, u64 addr, unsigned int len);
};

/* Hardware breakpoint types: the Z packet's number. */
#define GDB_HW_EXEC		1
#define GDB_HW_WRITE		2
#define GDB_HW_READ		3
#define GDB_HW_ACCESS		4
#define GDB_MAX_HW_BP		4	/* DR0..DR3 */
#define GDB_MAX_THREADS		4095

struct gdb_hw_bp {
	u64 addr;
	u8 type;			/* GDB_HW_*, 0: slot free */
	u8 len;
};

enum gdb_bp_state { GDB_BP_FREE, GDB_BP_SET, GDB_BP_ACTIVE };

struct gdb_breakpoint {
	u64 addr;
	u8 saved;			/* the original byte while ACTIVE */
	u8 state;			/* enum gdb_bp_state */
};

/* What the target does once gdbstub_session() returns. */
enum gdb_action {
	GDB_ACT_CONTINUE,		/* resume (registers may have changed) */
	GDB_ACT_STEP,			/* resume for one instruction */
	GDB_ACT_DETACH,			/* gdb left: resume, breakpoints removed */
	GDB_ACT_KILL,			/* gdb asked to end the target */
	GDB_ACT_LINK_DOWN,		/* the line failed (getc returned -1) */
};

struct gdb_stats {
	unsigned long packets;		/* good packets received */
	unsigned long bad_checksums;	/* answered '-' */
	unsigned long overlong;		/* answered E02 */
	unsigned long errors;		/* E.. replies sent */
	unsigned long retransmits;	/* replies sent again after a '-' */
};

struct gdbstub {
	const struct gdb_reg_layout *layout;
	const struct gdb_ops *ops;
	void *ctx;

	/* The current stop, filled by the caller before gdbstub_session(). */
	u8 regs[GDB_MAX_REG_BYTES];
	bool regs_changed;		/* set when gdb changed regs[]: write them back */
	int signal;			/* GDB_SIG* of the stop */
	bool swbreak;			/* stopped by one of our breakpoints (PC already at it) */
	int hw_hit;			/* slot of gs->hw that stopped us, or -1 */
	int thread;			/* the stopped thread (0: no threads) */

	/* Thread selection, reset to the stopped thread at each stop. */
	int g_thread;			/* Hg: whose registers g/G/p/P see */
	int c_thread;			/* Hc: who steps (0/-1: the stopped one) */
	int list_cursor;		/* qsThreadInfo goes on after this id (0: done) */

	/* Link state. */
	bool attached;			/* gdb has talked to us since the start or its last D/k */
	bool waiting;			/* gdb resumed us and awaits a stop reply */
	bool no_ack;			/* QStartNoAckMode accepted */

	struct gdb_breakpoint bp[GDB_MAX_BREAKPOINTS];
	struct gdb_hw_bp hw[GDB_MAX_HW_BP];
	struct gdb_stats stats;

	int pushback;			/* a byte read ahead, or -1 */
	size_t in_len, out_len;
	char in[GDB_PACKET_MAX + 1];	/* the last packet's payload, NUL-terminated */
	char out[GDB_PACKET_MAX + 1];	/* the reply being built, NUL-terminated */
	u8 scratch[GDB_PACKET_MAX];	/* memory contents in transit */
};

void gdbstub_init(struct gdbstub *gs, const struct gdb_reg_layout *layout,
		  const struct gdb_ops *ops, void *ctx);

/*
 * Serve one stop. Breakpoints are taken out of memory first. If gdb is
 * waiting for a stop reply, it gets one (gs->signal, gs->swbreak); then
 * packets are served until gdb resumes, detaches or kills. On CONTINUE
 * and STEP the breakpoints are back in memory when this returns; on DETACH
 * and KILL they are all removed. On LINK_DOWN they stay out of memory.
 */
enum gdb_action gdbstub_session(struct gdbstub *gs);

/*
 * The target is ending with @status: tell a waiting gdb ("W" packet),
 * waiting at most @timeout_ms for its acknowledgment.
 */
void gdbstub_report_exit(struct gdbstub *gs, unsigned int status, u32 timeout_ms);

/* Pieces of the session, for tests. */
#define GDB_PKT_LINK_DOWN	(-1)
#define GDB_PKT_OVERLONG	(-2)
/* Read one packet into gs->in: its length, GDB_PKT_LINK_DOWN or GDB_PKT_OVERLONG. */
int gdb_get_packet(struct gdbstub *gs);
/* Frame and send @len bytes (escaping $ # } *); wait for '+' unless no-ack. 0 or -1. */
int gdb_put_packet(struct gdbstub *gs, const char *data, size_t len, u32 ack_timeout_ms);
/*
 * Handle the packet in gs->in (gs->in_len bytes). Sets *@reply and puts
 * the reply in gs->out when one is due; returns the action, or -1 to keep
 * serving.
 */
int gdb_handle_packet(struct gdbstub *gs, bool *reply);

/* True if an active breakpoint sits at @addr (the trap handler's question). */
bool gdb_bp_active_at(const struct gdbstub *gs, u64 addr);
/* Write int3 at every recorded breakpoint / restore every original byte. */
void gdb_bp_activate(struct gdbstub *gs);
void gdb_bp_deactivate(struct gdbstub *gs);
/* Restore and forget every breakpoint, software and hardware. */
void gdb_bp_remove_all(struct gdbstub *gs);
unsigned int gdb_bp_count(const struct gdbstub *gs);

/* The modulo-256 sum gdb's packets carry. */
u8 gdb_checksum(const char *data, size_t len);

/*
 * The kernel's stub (arch/x86/gdbstub.c). All are no-ops unless the stub
 * was enabled with gdbstub=ttySN, or when it is not built in (GDBSTUB=0).
 */
#ifdef CONFIG_GDBSTUB
bool gdbstub_enabled(void);
/* panic() stops in the stub (after printing), unless gdb just left a fatal stop. */
void gdbstub_panic(void);
/* arch_exit(): tell a waiting gdb the exit status. */
void gdbstub_exit(int code);
#else
static inline bool gdbstub_enabled(void) { return false; }
static inline void gdbstub_panic(void) { }
static inline void gdbstub_exit(int code) { (void)code; }
#endif

#endif

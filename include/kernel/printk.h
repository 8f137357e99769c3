/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * printk and the kernel log buffer.
 *
 * Messages carry Linux's level prefixes (KERN_ERR is "\0013" ...). Each line
 * is stored in the log buffer and written to the console as
 * "[    0.123456] text", the timestamp coming from local_clock().
 * printk_raw() writes text without level or timestamp: it is for streams that
 * machines read (KTAP, dumps), which must reach the console byte for byte.
 *
 * The log buffer is a plain byte ring (log_buf, log_buf_len, log_next) so that
 * a debugger can read it: the text of byte position p (a count of all bytes
 * ever logged) is at log_buf[p % log_buf_len], and the bytes in
 * [max(0, log_next - log_buf_len), log_next) are still present.
 */
#ifndef NB_KERNEL_PRINTK_H
#define NB_KERNEL_PRINTK_H

#include <kernel/types.h>
#include <kernel/compiler.h>

#define KERN_SOH	"\001"
#define KERN_EMERG	KERN_SOH "0"
#define KERN_ALERT	KERN_SOH "1"
#define KERN_CRIT	KERN_SOH "2"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"
#define KERN_CONT	KERN_SOH "c"

#define LOGLEVEL_DEFAULT	6	/* level of a message without a prefix */
#define CONSOLE_LOGLEVEL_DEFAULT 7	/* console shows levels below this */

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list args);
void printk_raw(const char *fmt, ...) __printf(1, 2);
void vprintk_raw(const char *fmt, va_list args);

#define pr_emerg(fmt, ...)	printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...)	printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...)	printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)	printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)	printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)	printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...)	printk(KERN_CONT fmt, ##__VA_ARGS__)

/* Console: one sink at a time (the serial port in the kernel). */
typedef void (*console_write_fn)(const char *s, size_t len);
/* Both return the writer they replace (NULL if none), so tests can restore it. */
console_write_fn console_register(console_write_fn write);
/*
 * Optional separate sink for printk_raw() text (KTAP, dumps). Without one,
 * raw text goes to the console like everything else. The hosted test runner
 * uses it to keep KTAP on stdout while log lines go to stderr.
 */
console_write_fn console_register_raw(console_write_fn write);

/* Messages with a level numerically below console_loglevel reach the console. */
extern int console_loglevel;
/* ignore_loglevel: every level reaches the console. */
extern bool ignore_loglevel;

/*
 * While console_suppress is non-zero nothing reaches the console, but the
 * log buffer still records everything. Self-tests that feed bad input to a
 * parser on purpose use it so that the boot log stays readable.
 */
extern int console_suppress;

/* The ring, for debuggers and for tests that look for a message. */
extern char log_buf[];
extern const u32 log_buf_len;
extern u64 log_next;

/* A position in the log; pass it to printk_log_contains() later. */
u64 printk_log_mark(void);
/* True if @needle was logged at or after @mark (and is still in the ring). */
bool printk_log_contains(u64 mark, const char *needle);
/* How many times @needle was logged at or after @mark. */
unsigned int printk_log_count(u64 mark, const char *needle);

#endif

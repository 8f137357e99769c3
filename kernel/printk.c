/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * printk: the kernel log ring and the console.
 *
 * Every byte that reaches a console is first appended to log_buf, exactly as
 * the console shows it ("[    0.123456] text\n" for printk lines, verbatim
 * for printk_raw), whatever the console level: the ring is the complete
 * record and the console a filtered view of it.
 *
 * Line state: a printk message that does not end in '\n' leaves its line
 * open, and only KERN_CONT text may continue it. Anything else first ends the
 * open line with '\n', so printk lines and raw text (KTAP) never share a line.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <kernel/params.h>
#include <kernel/spinlock.h>
#include <arch/cpu.h>
#include <lib/printf.h>
#include <lib/parse.h>
#include <lib/string.h>

#define LOG_BUF_SHIFT		19	/* 512 KiB */
#define CONSOLE_LOGLEVEL_QUIET	4
#define CONSOLE_LOGLEVEL_DEBUG	10
#define CONSOLE_LOGLEVEL_MAX	15

char log_buf[1u << LOG_BUF_SHIFT] __aligned(64);
const u32 log_buf_len = sizeof(log_buf);
u64 log_next;

/* Positions map to ring slots with a mask instead of a 64-bit modulo. */
_Static_assert((sizeof(log_buf) & (sizeof(log_buf) - 1)) == 0,
	       "log_buf size must be a power of two");
#define LOG_MASK ((u64)sizeof(log_buf) - 1)

int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;
int console_suppress;
bool ignore_loglevel;

static console_write_fn console_fn;
static console_write_fn raw_console_fn;

/* Guards log_buf, log_next, the line state, textbuf and console output. */
static DEFINE_SPINLOCK(logbuf_lock);

enum line_state {
	LINE_NONE,	/* the last byte logged ended a line (or nothing was logged) */
	LINE_PRINTK,	/* a printk line is open: only KERN_CONT may continue it */
	LINE_RAW,	/* printk_raw text without a final '\n' */
};
static enum line_state line_state;
static int line_level;		/* level of the open printk line */
static bool line_on_console;	/* whether the open line's start reached a console */

/* One formatted message; longer messages are truncated. */
static char textbuf[2048];

/*
 * Take logbuf_lock with interrupts masked. Once panic() has started, the
 * holder may be this very CPU (a fault inside printk) or a CPU that will
 * never run again, so only try for a while, then go on without the lock:
 * a garbled line is better than a silent hang. Returns whether it is held.
 */
static bool printk_lock(unsigned long *flags)
{
	*flags = arch_irq_save();
	if (likely(!READ_ONCE(panic_in_progress))) {
		spin_lock(&logbuf_lock);
		return true;
	}
	for (int i = 0; i < 100000; i++) {
		if (spin_trylock(&logbuf_lock))
			return true;
		cpu_relax();
	}
	return false;
}

static void printk_unlock(bool locked, unsigned long flags)
{
	if (locked)
		spin_unlock(&logbuf_lock);
	arch_irq_restore(flags);
}

/* Swapped under the lock so that no message is half on the old console. */
static console_write_fn swap_console(console_write_fn *slot, console_write_fn write)
{
	unsigned long flags;
	bool locked = printk_lock(&flags);
	console_write_fn old = *slot;

	*slot = write;
	printk_unlock(locked, flags);
	return old;
}

console_write_fn console_register(console_write_fn write)
{
	return swap_console(&console_fn, write);
}

console_write_fn console_register_raw(console_write_fn write)
{
	return swap_console(&raw_console_fn, write);
}

static void log_store(const char *s, size_t n)
{
	u64 pos = log_next;

	while (n) {
		size_t off = (size_t)(pos & LOG_MASK);
		size_t chunk = sizeof(log_buf) - off;

		if (chunk > n)
			chunk = n;
		memcpy(log_buf + off, s, chunk);
		s += chunk;
		n -= chunk;
		pos += chunk;
	}
	log_next = pos;
}

static void console_out(bool raw, const char *s, size_t n)
{
	console_write_fn fn = raw && raw_console_fn ? raw_console_fn : console_fn;

	if (fn && n)
		fn(s, n);
}

/* End the open line, if any, on the sink that showed its start. */
static void close_line(void)
{
	if (line_state == LINE_NONE)
		return;
	log_store("\n", 1);
	if (line_on_console)
		console_out(line_state == LINE_RAW, "\n", 1);
	line_state = LINE_NONE;
}

static bool level_visible(int level)
{
	return !console_suppress && (ignore_loglevel || level < console_loglevel);
}

/* Strip "\001N" level prefixes; sets *level (-1 if none) and *cont. */
static const char *parse_prefix(const char *text, int *level, bool *cont)
{
	*level = -1;
	*cont = false;
	while (text[0] == KERN_SOH[0] && text[1]) {
		char c = text[1];

		if (c >= '0' && c <= '7')
			*level = c - '0';
		else if (c == 'c')
			*cont = true;
		else if (c == 'd')
			*level = LOGLEVEL_DEFAULT;
		else
			break;
		text += 2;
	}
	return text;
}

/* "[%5lu.%06lu] " as Linux prints it: seconds and microseconds since boot. */
static size_t format_timestamp(char *buf, size_t size)
{
	u64 ns = local_clock();

	return (size_t)scnprintf(buf, size, "[%5llu.%06llu] ",
				 (unsigned long long)(ns / 1000000000ULL),
				 (unsigned long long)(ns % 1000000000ULL / 1000ULL));
}

static void start_line(int level, const char *hdr, size_t hlen)
{
	close_line();
	line_level = level;
	line_on_console = level_visible(level);
	line_state = LINE_PRINTK;
	log_store(hdr, hlen);
	if (line_on_console)
		console_out(false, hdr, hlen);
}

int vprintk(const char *fmt, va_list args)
{
	unsigned long flags;
	bool locked = printk_lock(&flags);
	const char *text, *end;
	char hdr[32];
	size_t hlen = 0;
	int level, ret;
	bool cont;

	end = textbuf + vscnprintf(textbuf, sizeof(textbuf), fmt, args);
	text = parse_prefix(textbuf, &level, &cont);
	ret = (int)(end - text);

	if (text < end && !(cont && line_state == LINE_PRINTK)) {
		/* A new message; KERN_CONT with no line to continue is one too. */
		close_line();
		line_level = level < 0 ? LOGLEVEL_DEFAULT : level;
	}

	/* Every line of a multi-line message gets the same timestamp. */
	while (text < end) {
		const char *nl = memchr(text, '\n', (size_t)(end - text));
		size_t n = nl ? (size_t)(nl - text) + 1 : (size_t)(end - text);

		if (line_state == LINE_NONE) {
			if (!hlen)
				hlen = format_timestamp(hdr, sizeof(hdr));
			start_line(line_level, hdr, hlen);
		}
		log_store(text, n);
		if (line_on_console && !console_suppress)
			console_out(false, text, n);
		if (nl)
			line_state = LINE_NONE;
		text += n;
	}
	printk_unlock(locked, flags);
	return ret;
}

int printk(const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vprintk(fmt, args);
	va_end(args);
	return n;
}

void vprintk_raw(const char *fmt, va_list args)
{
	unsigned long flags;
	bool locked = printk_lock(&flags);
	size_t n = (size_t)vscnprintf(textbuf, sizeof(textbuf), fmt, args);

	if (!n)
		goto out;
	if (line_state == LINE_PRINTK)
		close_line();
	if (line_state == LINE_NONE)
		line_on_console = !console_suppress;
	log_store(textbuf, n);
	if (line_on_console && !console_suppress)
		console_out(true, textbuf, n);
	line_state = textbuf[n - 1] == '\n' ? LINE_NONE : LINE_RAW;
out:
	printk_unlock(locked, flags);
}

void printk_raw(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vprintk_raw(fmt, args);
	va_end(args);
}

u64 printk_log_mark(void)
{
	unsigned long flags;
	bool locked = printk_lock(&flags);
	/* Under the lock: a u64 is two loads on i386. */
	u64 mark = log_next;

	printk_unlock(locked, flags);
	return mark;
}

/*
 * Visit every occurrence of @needle that starts at or after @mark and is
 * still entirely in the ring. Occurrences do not overlap. If @stop_at_first,
 * stop after one. Returns the number found.
 */
static unsigned int log_search(u64 mark, const char *needle, bool stop_at_first)
{
	unsigned long flags;
	bool locked = printk_lock(&flags);
	size_t nl = strlen(needle);
	u64 end = log_next, start = mark, p;
	unsigned int found = 0;

	/* Bytes before end - len have been overwritten; search what remains. */
	if (end > sizeof(log_buf) && start < end - sizeof(log_buf))
		start = end - sizeof(log_buf);
	if (!nl) {
		found = start <= end;
		goto out;
	}
	for (p = start; p + nl <= end;) {
		size_t i = 0;

		while (i < nl && log_buf[(p + i) & LOG_MASK] == needle[i])
			i++;
		if (i < nl) {
			p++;
			continue;
		}
		found++;
		if (stop_at_first)
			break;
		p += nl;
	}
out:
	printk_unlock(locked, flags);
	return found;
}

bool printk_log_contains(u64 mark, const char *needle)
{
	return log_search(mark, needle, true) != 0;
}

unsigned int printk_log_count(u64 mark, const char *needle)
{
	return log_search(mark, needle, false);
}

/* Boot parameters, applied as early as possible so early messages obey them. */

static int loglevel_setup(const char *val)
{
	int level;
	int rc;

	if (!val)
		return -EINVAL;
	rc = kstrtoint(val, 10, &level);
	if (rc)
		return rc;
	if (level < 0 || level > CONSOLE_LOGLEVEL_MAX)
		return -ERANGE;
	console_loglevel = level;
	return 0;
}
early_param("loglevel", loglevel_setup);

static int quiet_setup(const char *val)
{
	(void)val;
	console_loglevel = CONSOLE_LOGLEVEL_QUIET;
	return 0;
}
early_param("quiet", quiet_setup);

static int debug_setup(const char *val)
{
	(void)val;
	console_loglevel = CONSOLE_LOGLEVEL_DEBUG;
	return 0;
}
early_param("debug", debug_setup);

static int ignore_loglevel_setup(const char *val)
{
	(void)val;
	ignore_loglevel = true;
	pr_info("debug: ignoring loglevel setting.\n");
	return 0;
}
early_param("ignore_loglevel", ignore_loglevel_setup);

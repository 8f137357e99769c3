/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * printk: line format, levels, continuation, raw text, console filtering,
 * the log ring and its search, and the loglevel boot parameters.
 * spinlock: the lock primitives printk is built on, on one CPU.
 *
 * Cases that replace the console restore it before checking anything, so a
 * failure report always reaches the real console.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <lib/string.h>

static char cap[1024];
static size_t cap_len;

static void cap_write(const char *s, size_t len)
{
	while (len-- && cap_len + 1 < sizeof(cap))
		cap[cap_len++] = *s++;
	cap[cap_len] = '\0';
}

static console_write_fn cap_start(void)
{
	cap_len = 0;
	cap[0] = '\0';
	return console_register(cap_write);
}

static void test_printk_line_format(struct ktest *t)
{
	char buf[256];
	u64 mark;
	size_t ts;
	int n;

	console_suppress++;
	mark = printk_log_mark();
	n = pr_info("ktest-printk: value %d\n", 42);
	console_suppress--;

	/* The return value counts the text without its level prefix. */
	KTEST_EXPECT_EQ(t, n, (int)strlen("ktest-printk: value 42\n"));
	ktest_log_since(mark, buf, sizeof(buf));
	ts = ktest_log_timestamp_len(buf);
	KTEST_ASSERT_MSG(t, ts > 0, "no timestamp at the start of \"%s\"", buf);
	KTEST_EXPECT_STREQ(t, buf + ts, "ktest-printk: value 42\n");
	/* The level prefix never reaches the log. */
	KTEST_EXPECT_NULL(t, strchr(buf, '\001'));
}

static void test_printk_multiline_shares_timestamp(struct ktest *t)
{
	char buf[256];
	const char *second;
	size_t ts1, ts2;
	u64 mark;

	console_suppress++;
	mark = printk_log_mark();
	pr_info("ktest-ml first\nktest-ml second\n");
	console_suppress--;

	ktest_log_since(mark, buf, sizeof(buf));
	ts1 = ktest_log_timestamp_len(buf);
	KTEST_ASSERT_GT(t, ts1, 0);
	KTEST_ASSERT(t, str_has_prefix(buf + ts1, "ktest-ml first\n"));
	second = buf + ts1 + strlen("ktest-ml first\n");
	ts2 = ktest_log_timestamp_len(second);
	KTEST_ASSERT_GT(t, ts2, 0);
	KTEST_EXPECT_STREQ(t, second + ts2, "ktest-ml second\n");
	KTEST_EXPECT_EQ(t, ts1, ts2);
	KTEST_EXPECT_EQ(t, strncmp(buf, second, ts1), 0);
}

static void test_printk_continuation(struct ktest *t)
{
	char buf[256];
	size_t ts;
	u64 mark;

	console_suppress++;
	mark = printk_log_mark();
	pr_info("ktest-cont a");
	pr_cont("b");
	pr_cont("c %d\n", 1);
	console_suppress--;

	ktest_log_since(mark, buf, sizeof(buf));
	ts = ktest_log_timestamp_len(buf);
	KTEST_ASSERT_GT(t, ts, 0);
	KTEST_EXPECT_STREQ(t, buf + ts, "ktest-cont abc 1\n");
}

static void test_printk_new_message_ends_open_line(struct ktest *t)
{
	char buf[256];
	const char *next;
	size_t ts;
	u64 mark;

	console_suppress++;
	mark = printk_log_mark();
	pr_info("ktest-open x");
	pr_info("ktest-open y\n");
	console_suppress--;

	ktest_log_since(mark, buf, sizeof(buf));
	ts = ktest_log_timestamp_len(buf);
	KTEST_ASSERT_GT(t, ts, 0);
	KTEST_ASSERT(t, str_has_prefix(buf + ts, "ktest-open x\n"));
	next = buf + ts + strlen("ktest-open x\n");
	ts = ktest_log_timestamp_len(next);
	KTEST_ASSERT_GT(t, ts, 0);
	KTEST_EXPECT_STREQ(t, next + ts, "ktest-open y\n");
}

static void test_printk_cont_without_open_line(struct ktest *t)
{
	char buf[256];
	size_t ts;
	u64 mark;

	console_suppress++;
	mark = printk_log_mark();
	pr_cont("ktest-orphan-cont\n");
	console_suppress--;

	/* Nothing to continue: it becomes a line of its own, with a timestamp. */
	ktest_log_since(mark, buf, sizeof(buf));
	ts = ktest_log_timestamp_len(buf);
	KTEST_ASSERT_GT(t, ts, 0);
	KTEST_EXPECT_STREQ(t, buf + ts, "ktest-orphan-cont\n");
}

static void test_printk_raw(struct ktest *t)
{
	char buf[256];
	size_t ts;
	u64 mark;

	console_suppress++;
	mark = printk_log_mark();
	printk_raw("ktest-raw %d\n", 7);
	printk_raw("ktest-raw-");
	printk_raw("joined\n");
	console_suppress--;

	/* Raw text is logged byte for byte: no timestamp, no level handling. */
	ktest_log_since(mark, buf, sizeof(buf));
	KTEST_EXPECT_STREQ(t, buf, "ktest-raw 7\nktest-raw-joined\n");

	/* An open printk line is ended before raw text... */
	console_suppress++;
	mark = printk_log_mark();
	pr_info("ktest-before-raw");
	printk_raw("ktest-R\n");
	console_suppress--;
	ktest_log_since(mark, buf, sizeof(buf));
	ts = ktest_log_timestamp_len(buf);
	KTEST_ASSERT_GT(t, ts, 0);
	KTEST_EXPECT_STREQ(t, buf + ts, "ktest-before-raw\nktest-R\n");

	/* ...and open raw text before a printk line. */
	console_suppress++;
	mark = printk_log_mark();
	printk_raw("ktest-partial");
	pr_info("ktest-after\n");
	console_suppress--;
	ktest_log_since(mark, buf, sizeof(buf));
	KTEST_ASSERT(t, str_has_prefix(buf, "ktest-partial\n"));
	ts = ktest_log_timestamp_len(buf + strlen("ktest-partial\n"));
	KTEST_ASSERT_GT(t, ts, 0);
	KTEST_EXPECT_STREQ(t, buf + strlen("ktest-partial\n") + ts, "ktest-after\n");
}

static void test_printk_console_levels(struct ktest *t)
{
	int saved_level = console_loglevel;
	int saved_suppress = console_suppress;
	console_write_fn old;
	char seen[sizeof(cap)];
	u64 mark;

	bool saved_ignore = ignore_loglevel;

	console_suppress = 0;
	ignore_loglevel = false;
	console_loglevel = 5;	/* show levels 0..4 */
	mark = printk_log_mark();
	old = cap_start();
	pr_err("ktest-lvl err\n");
	pr_warn("ktest-lvl warn\n");
	pr_notice("ktest-lvl notice\n");
	pr_info("ktest-lvl info\n");
	pr_debug("ktest-lvl debug\n");
	printk("ktest-lvl default\n");
	pr_warn("ktest-lvl shown-");
	pr_cont("cont\n");
	pr_info("ktest-lvl hidden-");
	pr_cont("cont\n");
	console_register(old);
	console_loglevel = saved_level;
	console_suppress = saved_suppress;
	ignore_loglevel = saved_ignore;
	memcpy(seen, cap, sizeof(seen));

	KTEST_EXPECT(t, strstr(seen, "] ktest-lvl err\n") != NULL);
	KTEST_EXPECT(t, strstr(seen, "] ktest-lvl warn\n") != NULL);
	KTEST_EXPECT(t, strstr(seen, "] ktest-lvl shown-cont\n") != NULL);
	KTEST_EXPECT_NULL(t, strstr(seen, "notice"));
	KTEST_EXPECT_NULL(t, strstr(seen, "info"));
	KTEST_EXPECT_NULL(t, strstr(seen, "debug"));
	KTEST_EXPECT_NULL(t, strstr(seen, "default"));
	KTEST_EXPECT_NULL(t, strstr(seen, "hidden"));
	/* The ring has every level regardless. */
	KTEST_EXPECT_LOG(t, mark, "] ktest-lvl notice\n");
	KTEST_EXPECT_LOG(t, mark, "] ktest-lvl debug\n");
	KTEST_EXPECT_LOG(t, mark, "] ktest-lvl default\n");
	KTEST_EXPECT_LOG(t, mark, "] ktest-lvl hidden-cont\n");
}

static void test_printk_console_suppress(struct ktest *t)
{
	int saved_suppress = console_suppress;
	console_write_fn old;
	char seen[sizeof(cap)];
	u64 mark;

	mark = printk_log_mark();
	old = cap_start();
	console_suppress = 1;
	pr_emerg("ktest-suppressed emerg\n");
	console_suppress = saved_suppress;
	console_register(old);
	memcpy(seen, cap, sizeof(seen));

	KTEST_EXPECT_STREQ(t, seen, "");
	KTEST_EXPECT_LOG(t, mark, "ktest-suppressed emerg\n");
}

static void test_printk_log_search(struct ktest *t)
{
	u64 mark, later;

	console_suppress++;
	mark = printk_log_mark();
	pr_info("ktest-token-A\n");
	pr_info("ktest-token-A ktest-token-A\n");
	later = printk_log_mark();
	pr_info("ktest-token-B\n");
	console_suppress--;

	KTEST_EXPECT_EQ(t, printk_log_count(mark, "ktest-token-A"), 3);
	KTEST_EXPECT_EQ(t, printk_log_count(later, "ktest-token-A"), 0);
	KTEST_EXPECT_EQ(t, printk_log_count(later, "ktest-token-B"), 1);
	KTEST_EXPECT_TRUE(t, printk_log_contains(mark, "ktest-token-B\n"));
	KTEST_EXPECT_FALSE(t, printk_log_contains(later, "ktest-token-A"));
	KTEST_EXPECT_FALSE(t, printk_log_contains(mark, "ktest-token-C"));
	/* Occurrences do not overlap. */
	console_suppress++;
	mark = printk_log_mark();
	printk_raw("aaaa\n");
	console_suppress--;
	KTEST_EXPECT_EQ(t, printk_log_count(mark, "aa"), 2);
	/* A mark in the future finds nothing. */
	KTEST_EXPECT_FALSE(t, printk_log_contains(printk_log_mark() + 100, ""));
}

static void test_printk_ring_wrap(struct ktest *t)
{
	static const char filler[] = "................................................"
				     "..............................................\n";
	const char *needle = "ktest-WRAP-needle";
	const u64 len = log_buf_len;
	u64 old_mark, start, pos, needle_at;

#ifndef NB_HOSTED
	/* Wrapping the ring would overwrite the boot log a debugger may want. */
	ktest_skip_case(t, "would overwrite the kernel log; runs hosted");
#endif
	console_suppress++;
	old_mark = printk_log_mark();
	printk_raw("ktest-wrap-old\n");

	/*
	 * Place the needle 5 bytes before the end of log_buf, more than a whole
	 * ring after the old message, so that the old message is overwritten.
	 */
	start = printk_log_mark();
	needle_at = (start / len + 2) * len - 5;
	for (pos = start; pos + sizeof(filler) - 1 <= needle_at; pos += sizeof(filler) - 1)
		printk_raw("%s", filler);
	for (; pos < needle_at; pos++)
		printk_raw(".");
	printk_raw("%s\n", needle);
	console_suppress--;

	KTEST_ASSERT_UEQ(t, printk_log_mark(), needle_at + strlen(needle) + 1);
	KTEST_EXPECT_EQ(t, memcmp(&log_buf[len - 5], needle, 5), 0);
	KTEST_EXPECT_EQ(t, memcmp(&log_buf[0], needle + 5, strlen(needle) - 5), 0);
	/* The needle crosses the end of log_buf and is still found, once. */
	KTEST_EXPECT_TRUE(t, printk_log_contains(needle_at, needle));
	KTEST_EXPECT_EQ(t, printk_log_count(old_mark, needle), 1);
	/* What was overwritten is gone, even from an old mark. */
	KTEST_EXPECT_FALSE(t, printk_log_contains(old_mark, "ktest-wrap-old"));
}

static void test_printk_loglevel_params(struct ktest *t)
{
	int saved = console_loglevel;
	u64 mark;

	console_suppress++;
	mark = printk_log_mark();
	parse_params("loglevel=3", true, false);
	KTEST_EXPECT_EQ(t, console_loglevel, 3);
	parse_params("loglevel=16", true, false);
	KTEST_EXPECT_EQ(t, console_loglevel, 3);
	parse_params("loglevel=high", true, false);
	KTEST_EXPECT_EQ(t, console_loglevel, 3);
	parse_params("loglevel", true, false);
	KTEST_EXPECT_EQ(t, console_loglevel, 3);
	parse_params("quiet", true, false);
	KTEST_EXPECT_EQ(t, console_loglevel, 4);
	parse_params("debug", true, false);
	KTEST_EXPECT_EQ(t, console_loglevel, 10);
	/* Command-line order decides. */
	parse_params("debug loglevel=0 quiet", true, false);
	KTEST_EXPECT_EQ(t, console_loglevel, 4);
	/* The late pass leaves early parameters alone. */
	parse_params("loglevel=9", false, false);
	KTEST_EXPECT_EQ(t, console_loglevel, 4);
	console_loglevel = saved;
	console_suppress--;

	KTEST_EXPECT_LOG(t, mark,
		"Malformed value for boot parameter 'loglevel': '16' (out of range), using the default");
	KTEST_EXPECT_LOG(t, mark,
		"Malformed value for boot parameter 'loglevel': 'high' (invalid), using the default");
	KTEST_EXPECT_LOG(t, mark,
		"Malformed value for boot parameter 'loglevel': '(none)' (invalid), using the default");
}

static const struct ktest_case printk_cases[] = {
	KTEST_CASE(test_printk_line_format),
	KTEST_CASE(test_printk_multiline_shares_timestamp),
	KTEST_CASE(test_printk_continuation),
	KTEST_CASE(test_printk_new_message_ends_open_line),
	KTEST_CASE(test_printk_cont_without_open_line),
	KTEST_CASE(test_printk_raw),
	KTEST_CASE(test_printk_console_levels),
	KTEST_CASE(test_printk_console_suppress),
	KTEST_CASE(test_printk_log_search),
	KTEST_CASE(test_printk_ring_wrap),
	KTEST_CASE(test_printk_loglevel_params),
	{}
};
KTEST_SUITE(printk, printk_cases);

static void test_spinlock_basic(struct ktest *t)
{
	DEFINE_SPINLOCK(lock);

	KTEST_EXPECT_FALSE(t, spin_is_locked(&lock));
	spin_lock(&lock);
	KTEST_EXPECT_TRUE(t, spin_is_locked(&lock));
	KTEST_EXPECT_FALSE(t, spin_trylock(&lock));
	spin_unlock(&lock);
	KTEST_EXPECT_FALSE(t, spin_is_locked(&lock));
	KTEST_EXPECT_TRUE(t, spin_trylock(&lock));
	KTEST_EXPECT_TRUE(t, spin_is_locked(&lock));
	spin_unlock(&lock);
}

static void test_spinlock_ticket_wraparound(struct ktest *t)
{
	spinlock_t lock;

	/* 16-bit tickets wrap; the lock must keep working across the wrap. */
	spin_lock_init(&lock);
	for (unsigned int i = 0; i < 70000; i++) {
		spin_lock(&lock);
		spin_unlock(&lock);
	}
	KTEST_EXPECT_FALSE(t, spin_is_locked(&lock));
	KTEST_EXPECT_TRUE(t, spin_trylock(&lock));
	KTEST_EXPECT_FALSE(t, spin_trylock(&lock));
	spin_unlock(&lock);
	KTEST_EXPECT_FALSE(t, spin_is_locked(&lock));
}

static void test_spinlock_irqsave_nests(struct ktest *t)
{
	DEFINE_SPINLOCK(a);
	DEFINE_SPINLOCK(b);
	unsigned long fa, fb, outer, inner;

	/* Masking nests: the inner restore must not unmask for the outer holder. */
	outer = arch_irq_save();
	arch_irq_restore(outer);
	spin_lock_irqsave(&a, fa);
	spin_lock_irqsave(&b, fb);
	inner = arch_irq_save();
	arch_irq_restore(inner);
	spin_unlock_irqrestore(&b, fb);
	spin_unlock_irqrestore(&a, fa);
#ifdef NB_HOSTED
	/*
	 * The hosted stub's flags are just "masked or not" (the kernel's are
	 * the whole EFLAGS): b was taken with interrupts already masked, and
	 * a's restore returns to the state before it.
	 */
	KTEST_EXPECT_UEQ(t, fb, inner);
	KTEST_EXPECT_UEQ(t, fa, outer);
#else
	(void)inner;
	(void)outer;
#endif
	KTEST_EXPECT_FALSE(t, spin_is_locked(&a));
	KTEST_EXPECT_FALSE(t, spin_is_locked(&b));
	KTEST_EXPECT_TRUE(t, spin_trylock_irqsave(&a, fa));
	spin_unlock_irqrestore(&a, fa);
}

static const struct ktest_case spinlock_cases[] = {
	KTEST_CASE(test_spinlock_basic),
	KTEST_CASE(test_spinlock_ticket_wraparound),
	KTEST_CASE(test_spinlock_irqsave_nests),
	{}
};
KTEST_SUITE(spinlock, spinlock_cases);

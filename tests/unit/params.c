/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * params: parse_params() on crafted command lines, with test-only handlers
 * (all named "ktest.*", so a real command line never reaches them by
 * accident) that record what they were given.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <lib/parse.h>
#include <lib/string.h>

/* What a recording handler saw: how often, and the last value ("<null>" for none). */
struct seen {
	unsigned int calls;
	char val[64];
};

static struct seen seen_early, seen_late, seen_dup_a, seen_dup_b;
static int ktest_int_value;

static void record(struct seen *s, const char *val)
{
	s->calls++;
	strscpy(s->val, val ? val : "<null>", sizeof(s->val));
}

static void reset_seen(void)
{
	memset(&seen_early, 0, sizeof(seen_early));
	memset(&seen_late, 0, sizeof(seen_late));
	memset(&seen_dup_a, 0, sizeof(seen_dup_a));
	memset(&seen_dup_b, 0, sizeof(seen_dup_b));
	ktest_int_value = -1;
}

static int ktest_early_setup(const char *val)
{
	record(&seen_early, val);
	return 0;
}
early_param("ktest.early", ktest_early_setup);

static int ktest_late_setup(const char *val)
{
	record(&seen_late, val);
	return 0;
}
__setup("ktest.late", ktest_late_setup);

/* An integer in 0..100, leaving ktest_int_value alone on error. */
static int ktest_int_setup(const char *val)
{
	int v, rc;

	if (!val)
		return -EINVAL;
	rc = kstrtoint(val, 0, &v);
	if (rc)
		return rc;
	if (v < 0 || v > 100)
		return -ERANGE;
	ktest_int_value = v;
	return 0;
}
__setup("ktest.int", ktest_int_setup);

/* Fails with the errno given as its value, to exercise the reason texts. */
static int ktest_err_setup(const char *val)
{
	int e;

	if (!val || kstrtoint(val, 10, &e))
		return -EINVAL;
	return -e;
}
__setup("ktest.err", ktest_err_setup);

/* Two owners of one name: both must be called. */
static int ktest_dup_a_setup(const char *val)
{
	record(&seen_dup_a, val);
	return 0;
}
__setup("ktest.dup", ktest_dup_a_setup);

static int ktest_dup_b_setup(const char *val)
{
	record(&seen_dup_b, val);
	return 0;
}
__setup("ktest.dup", ktest_dup_b_setup);

static void test_params_early_and_late_passes(struct ktest *t)
{
	reset_seen();
	KTEST_EXPECT_EQ(t, parse_params("ktest.early=1 ktest.late=2", true, false), 0);
	KTEST_EXPECT_EQ(t, seen_early.calls, 1);
	KTEST_EXPECT_STREQ(t, seen_early.val, "1");
	KTEST_EXPECT_EQ(t, seen_late.calls, 0);

	KTEST_EXPECT_EQ(t, parse_params("ktest.early=1 ktest.late=2", false, false), 0);
	KTEST_EXPECT_EQ(t, seen_early.calls, 1);
	KTEST_EXPECT_EQ(t, seen_late.calls, 1);
	KTEST_EXPECT_STREQ(t, seen_late.val, "2");
}

static void test_params_values_and_quotes(struct ktest *t)
{
	reset_seen();
	parse_params("ktest.late", false, false);
	KTEST_EXPECT_STREQ(t, seen_late.val, "<null>");
	parse_params("ktest.late=", false, false);
	KTEST_EXPECT_STREQ(t, seen_late.val, "");
	parse_params("ktest.late=a=b", false, false);
	KTEST_EXPECT_STREQ(t, seen_late.val, "a=b");
	parse_params("ktest.late=\"x y  z\"", false, false);
	KTEST_EXPECT_STREQ(t, seen_late.val, "x y  z");
	parse_params("\"ktest.late=p q\"", false, false);
	KTEST_EXPECT_STREQ(t, seen_late.val, "p q");
	parse_params("   ktest.late=spaced   ", false, false);
	KTEST_EXPECT_STREQ(t, seen_late.val, "spaced");
	KTEST_EXPECT_EQ(t, seen_late.calls, 6);

	/* Every occurrence is handed over, in order. */
	reset_seen();
	parse_params("ktest.late=1 ktest.late=2 ktest.late=3", false, false);
	KTEST_EXPECT_EQ(t, seen_late.calls, 3);
	KTEST_EXPECT_STREQ(t, seen_late.val, "3");
}

static void test_params_malformed_values(struct ktest *t)
{
	u64 mark;

	reset_seen();
	console_suppress++;
	mark = printk_log_mark();
	parse_params("ktest.int=42", false, false);
	KTEST_EXPECT_EQ(t, ktest_int_value, 42);
	parse_params("ktest.int=abc ktest.int=500 ktest.int ktest.int=0x", false, false);
	KTEST_EXPECT_EQ(t, ktest_int_value, 42);	/* the value stays as it was */
	parse_params("ktest.err=28 ktest.err=7 ktest.err=99", false, false);
	console_suppress--;

	KTEST_EXPECT_LOG(t, mark,
		"Malformed value for boot parameter 'ktest.int': 'abc' (invalid), using the default\n");
	KTEST_EXPECT_LOG(t, mark,
		"Malformed value for boot parameter 'ktest.int': '500' (out of range), using the default\n");
	KTEST_EXPECT_LOG(t, mark,
		"Malformed value for boot parameter 'ktest.int': '(none)' (invalid), using the default\n");
	KTEST_EXPECT_LOG(t, mark,
		"Malformed value for boot parameter 'ktest.int': '0x' (invalid), using the default\n");
	KTEST_EXPECT_LOG(t, mark, "'ktest.err': '28' (too many)");
	KTEST_EXPECT_LOG(t, mark, "'ktest.err': '7' (too long)");
	KTEST_EXPECT_LOG(t, mark, "'ktest.err': '99' (error)");
	KTEST_EXPECT_EQ(t, printk_log_count(mark, "Malformed value"), 7);
	/* A good value logs nothing. */
	KTEST_EXPECT_NO_LOG(t, mark, "'ktest.int': '42'");
}

static void test_params_unknown_reported(struct ktest *t)
{
	u64 mark;
	unsigned int n;

	reset_seen();
	console_suppress++;
	mark = printk_log_mark();
	n = parse_params("ktestunknown1 ktest.late=3 ktestunknown2=1 ktestunknown3=\"x y\"",
			 false, true);
	console_suppress--;

	KTEST_EXPECT_EQ(t, n, 3);
	KTEST_EXPECT_EQ(t, seen_late.calls, 1);
	KTEST_EXPECT_LOG(t, mark,
		"Unknown kernel command line parameters \"ktestunknown1 ktestunknown2=1 ktestunknown3=x y\", will be passed to user space.\n");
	KTEST_EXPECT_EQ(t, printk_log_count(mark, "Unknown kernel command line"), 1);
}

static void test_params_unknown_not_reported(struct ktest *t)
{
	u64 mark;

	console_suppress++;
	mark = printk_log_mark();
	/* Counted but not reported when report_unknown is false. */
	KTEST_EXPECT_EQ(t, parse_params("ktestunknown1 ktestunknown2", false, false), 2);
	/* A late parameter is not unknown during the early pass, and vice versa. */
	KTEST_EXPECT_EQ(t, parse_params("ktest.late=1", true, true), 0);
	KTEST_EXPECT_EQ(t, parse_params("ktest.early=1", false, true), 0);
	/* console= belongs to the console driver; "a.b" is a module parameter. */
	KTEST_EXPECT_EQ(t, parse_params("console=ttyS0,115200 ktestmod.opt=1", false, true), 0);
	/* Nothing at all. */
	KTEST_EXPECT_EQ(t, parse_params("", false, true), 0);
	KTEST_EXPECT_EQ(t, parse_params("   ", false, true), 0);
	console_suppress--;
	KTEST_EXPECT_NO_LOG(t, mark, "Unknown kernel command line");
}

static void test_params_double_dash_ends_kernel_args(struct ktest *t)
{
	u64 mark;

	reset_seen();
	console_suppress++;
	mark = printk_log_mark();
	KTEST_EXPECT_EQ(t, parse_params("ktest.late=1 -- ktest.late=2 ktestunknown9", false, true), 0);
	console_suppress--;
	KTEST_EXPECT_EQ(t, seen_late.calls, 1);
	KTEST_EXPECT_STREQ(t, seen_late.val, "1");
	KTEST_EXPECT_NO_LOG(t, mark, "ktestunknown9");
}

static void test_params_same_name_two_owners(struct ktest *t)
{
	reset_seen();
	KTEST_EXPECT_EQ(t, parse_params("ktest.dup=v", false, false), 0);
	KTEST_EXPECT_EQ(t, seen_dup_a.calls, 1);
	KTEST_EXPECT_EQ(t, seen_dup_b.calls, 1);
	KTEST_EXPECT_STREQ(t, seen_dup_a.val, "v");
	KTEST_EXPECT_STREQ(t, seen_dup_b.val, "v");
}

static void test_params_overlong_command_line(struct ktest *t)
{
	static const char first[] = "ktest.late=first ", rep[] = "ktest.dup=x ";
	static char line[COMMAND_LINE_SIZE + 600];
	const size_t fl = sizeof(first) - 1, rl = sizeof(rep) - 1;
	/* What survives truncation to COMMAND_LINE_SIZE - 1 bytes. */
	const size_t whole = (COMMAND_LINE_SIZE - 1 - fl) / rl;
	const size_t tail = (COMMAND_LINE_SIZE - 1 - fl) % rl;
	size_t n;
	u64 mark;

	memcpy(line, first, fl);
	for (n = fl; n + rl < sizeof(line); n += rl)
		memcpy(line + n, rep, rl);
	line[n] = '\0';

	reset_seen();
	console_suppress++;
	mark = printk_log_mark();
	parse_params(line, false, true);
	console_suppress--;

	KTEST_EXPECT_LOG(t, mark, "Kernel command line longer than 4095 bytes, truncated");
	KTEST_EXPECT_STREQ(t, seen_late.val, "first");
	/* Exactly what fitted was parsed; the cut piece is "ktest.dup=" here. */
	KTEST_ASSERT_EQ(t, tail, strlen("ktest.dup="));
	KTEST_EXPECT_EQ(t, seen_dup_a.calls, whole + 1);
	KTEST_EXPECT_STREQ(t, seen_dup_a.val, "");
}

static void test_param_list_contains(struct ktest *t)
{
	KTEST_EXPECT_TRUE(t, param_list_contains("e820,numa", "numa"));
	KTEST_EXPECT_TRUE(t, param_list_contains("e820,numa", "e820"));
	KTEST_EXPECT_TRUE(t, param_list_contains("numa", "numa"));
	KTEST_EXPECT_TRUE(t, param_list_contains("a,,b", "b"));
	KTEST_EXPECT_FALSE(t, param_list_contains("e820,numa", "num"));
	KTEST_EXPECT_FALSE(t, param_list_contains("e820,numa", "numa2"));
	KTEST_EXPECT_FALSE(t, param_list_contains("e820,numa", "e82"));
	KTEST_EXPECT_FALSE(t, param_list_contains("", "numa"));
	KTEST_EXPECT_FALSE(t, param_list_contains(NULL, "numa"));
	KTEST_EXPECT_FALSE(t, param_list_contains("numa", NULL));
}

/* The value helpers: a keyword of two, a positive number, a whole string; bad values change nothing. */
static void test_param_value_helpers(struct ktest *t)
{
	bool second = false;
	u64 n = 7;
	char buf[4] = "old";

	KTEST_EXPECT_EQ(t, param_either("pfn", "cpu", "pfn", &second), 0);
	KTEST_EXPECT_TRUE(t, second);
	KTEST_EXPECT_EQ(t, param_either("cpu", "cpu", "pfn", &second), 0);
	KTEST_EXPECT_FALSE(t, second);
	second = true;
	KTEST_EXPECT_EQ(t, param_either("pf", "cpu", "pfn", &second), -EINVAL);
	KTEST_EXPECT_EQ(t, param_either(NULL, "cpu", "pfn", &second), -EINVAL);
	KTEST_EXPECT_TRUE(t, second);

	KTEST_EXPECT_EQ(t, param_positive("0x10", &n), 0);
	KTEST_EXPECT_UEQ(t, n, 16);
	KTEST_EXPECT_EQ(t, param_positive("0", &n), -EINVAL);
	KTEST_EXPECT_EQ(t, param_positive("12x", &n), -EINVAL);
	KTEST_EXPECT_EQ(t, param_positive(NULL, &n), -EINVAL);
	KTEST_EXPECT_UEQ(t, n, 16);

	KTEST_EXPECT_EQ(t, param_copy_string("abc", buf, sizeof(buf)), 0);
	KTEST_EXPECT_STREQ(t, buf, "abc");
	KTEST_EXPECT_EQ(t, param_copy_string(NULL, buf, sizeof(buf)), -EINVAL);
	KTEST_EXPECT_STREQ(t, buf, "abc");
	KTEST_EXPECT_EQ(t, param_copy_string("abcd", buf, sizeof(buf)), -EINVAL);
}

static const struct ktest_case params_cases[] = {
	KTEST_CASE(test_params_early_and_late_passes),
	KTEST_CASE(test_params_values_and_quotes),
	KTEST_CASE(test_params_malformed_values),
	KTEST_CASE(test_params_unknown_reported),
	KTEST_CASE(test_params_unknown_not_reported),
	KTEST_CASE(test_params_double_dash_ends_kernel_args),
	KTEST_CASE(test_params_same_name_two_owners),
	KTEST_CASE(test_params_overlong_command_line),
	KTEST_CASE(test_param_list_contains),
	KTEST_CASE(test_param_value_helpers),
	{}
};
KTEST_SUITE(params, params_cases);

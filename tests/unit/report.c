/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * report: dump= framing and accumulation, nofix= and the "fixes" report,
 * through a test-only dump and fix. The dump= list is saved before and put
 * back after every case that changes it, so the user's dump= still runs.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/ktest.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/report.h>
#include <lib/string.h>

DEFINE_FIX(ktest_report_fix, "seed_selftest", "nothing: a self-test of nofix= itself");

static unsigned int ktest_dump_calls;

static void ktest_dump_show(void)
{
	ktest_dump_calls++;
	printk_raw("ktest dump line 1\n");
	printk_raw("ktest dump line %d\n", 2);
}
DEFINE_DUMP(ktest_report, "ktest_report", ktest_dump_show, "a fixed two-line report for the self-tests");

static void test_dump_framing(struct ktest *t)
{
	bool ok;
	u64 mark;

	ktest_dump_calls = 0;
	ok = ktest_dump_quiet("ktest_report", &mark);

	KTEST_EXPECT_TRUE(t, ok);
	KTEST_EXPECT_EQ(t, ktest_dump_calls, 1);
	/* The frames and the report, byte for byte, with nothing in between. */
	KTEST_EXPECT_LOG(t, mark,
		"----- BEGIN ktest_report -----\n"
		"ktest dump line 1\n"
		"ktest dump line 2\n"
		"----- END ktest_report -----\n");
	KTEST_EXPECT_NO_LOG(t, mark, "] ktest dump");
}

static void test_dump_unknown_name(struct ktest *t)
{
	bool ok;
	u64 mark;

	ok = ktest_dump_quiet("ktest_no_such_report", &mark);

	KTEST_EXPECT_FALSE(t, ok);
	KTEST_EXPECT_LOG(t, mark, "dump: unknown report 'ktest_no_such_report' ignored; valid reports: ");
	/* The message lists the valid names. */
	KTEST_EXPECT_LOG(t, mark, "ktest_report");
	KTEST_EXPECT_LOG(t, mark, "fixes");
	KTEST_EXPECT_NO_LOG(t, mark, "BEGIN ktest_no_such_report");
}

static void test_dump_param_accumulates(struct ktest *t)
{
	char saved[512];
	bool ok;
	u64 mark;

	KTEST_ASSERT(t, strscpy(saved, dump_requests(), sizeof(saved)) >= 0);
	KTEST_ASSERT(t, dump_requests_set(""));

	ktest_dump_calls = 0;
	console_suppress++;
	mark = printk_log_mark();
	/* dump= may be given several times; names accumulate in order. */
	parse_params("dump=ktest_report dump=ktest_bogus,ktest_report dump", false, false);
	KTEST_EXPECT_STREQ(t, dump_requests(), "ktest_report,ktest_bogus,ktest_report");
	ok = run_requested_dumps();
	console_suppress--;
	dump_requests_set(saved);

	/* The unknown name is reported once, at parse time, and skipped. */
	KTEST_EXPECT_FALSE(t, ok);
	KTEST_EXPECT_EQ(t, ktest_dump_calls, 2);
	KTEST_EXPECT_EQ(t, printk_log_count(mark, "----- BEGIN ktest_report -----\n"), 2);
	KTEST_EXPECT_EQ(t, printk_log_count(mark, "----- END ktest_report -----\n"), 2);
	KTEST_EXPECT_EQ(t, printk_log_count(mark, "unknown report 'ktest_bogus'"), 1);
	/* A bare "dump" has no value: a malformed parameter. */
	KTEST_EXPECT_LOG(t, mark, "Malformed value for boot parameter 'dump': '(none)' (invalid)");
	KTEST_EXPECT_STREQ(t, dump_requests(), saved);
}

static void test_dump_run_all_known(struct ktest *t)
{
	char saved[512];
	bool ok;

	KTEST_ASSERT(t, strscpy(saved, dump_requests(), sizeof(saved)) >= 0);
	KTEST_ASSERT(t, dump_requests_set("ktest_report"));
	ktest_dump_calls = 0;
	console_suppress++;
	ok = run_requested_dumps();
	console_suppress--;
	/* An empty list prints nothing and succeeds. */
	KTEST_EXPECT(t, dump_requests_set(""));
	KTEST_EXPECT_TRUE(t, run_requested_dumps());
	dump_requests_set(saved);

	KTEST_EXPECT_TRUE(t, ok);
	KTEST_EXPECT_EQ(t, ktest_dump_calls, 1);
}

static void test_dump_list_overflow(struct ktest *t)
{
	char saved[512], big[600];
	u64 mark;

	KTEST_ASSERT(t, strscpy(saved, dump_requests(), sizeof(saved)) >= 0);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	KTEST_EXPECT_FALSE(t, dump_requests_set(big));
	KTEST_EXPECT_STREQ(t, dump_requests(), "");

	/* A dump= that does not fit is refused whole, never cut in the middle. */
	KTEST_ASSERT(t, dump_requests_set("ktest_report"));
	memcpy(big, "dump=", 5);
	console_suppress++;
	mark = printk_log_mark();
	parse_params(big, false, false);
	console_suppress--;
	KTEST_EXPECT_STREQ(t, dump_requests(), "ktest_report");
	KTEST_EXPECT_LOG(t, mark, "Malformed value for boot parameter 'dump'");
	KTEST_EXPECT_LOG(t, mark, "(too long)");
	dump_requests_set(saved);
}

static void test_nofix(struct ktest *t)
{
	unsigned int unknown;
	u64 mark;

	fix_ktest_report_fix_enabled = true;
	console_suppress++;
	mark = printk_log_mark();
	unknown = apply_nofix("ktest_report_fix");
	console_suppress--;
	KTEST_EXPECT_EQ(t, unknown, 0);
	KTEST_EXPECT_FALSE(t, fix_enabled(ktest_report_fix));
	KTEST_EXPECT_LOG(t, mark, "nofix: fix 'ktest_report_fix' for seed_selftest switched off");

	fix_ktest_report_fix_enabled = true;
	console_suppress++;
	mark = printk_log_mark();
	unknown = apply_nofix("ktest_bogus_fix,,ktest_report_fix,ktest_bogus2");
	console_suppress--;
	KTEST_EXPECT_EQ(t, unknown, 2);
	KTEST_EXPECT_FALSE(t, fix_enabled(ktest_report_fix));
	KTEST_EXPECT_LOG(t, mark, "nofix: unknown fix 'ktest_bogus_fix' ignored; valid fixes: ");
	KTEST_EXPECT_LOG(t, mark, "nofix: unknown fix 'ktest_bogus2' ignored");

	/* Through the boot parameter (early pass). */
	fix_ktest_report_fix_enabled = true;
	console_suppress++;
	parse_params("nofix=ktest_report_fix", true, false);
	console_suppress--;
	KTEST_EXPECT_FALSE(t, fix_enabled(ktest_report_fix));

	/* Nothing else switches it. */
	fix_ktest_report_fix_enabled = true;
	console_suppress++;
	KTEST_EXPECT_EQ(t, apply_nofix(""), 0);
	parse_params("nofix=ktest_report_fix", false, false);
	console_suppress--;
	KTEST_EXPECT_TRUE(t, fix_enabled(ktest_report_fix));
}

/* Column of @word in the line starting at @line, or -1. */
static int column_of(const char *line, const char *word)
{
	size_t len = strcspn(line, "\n");
	const char *w = strstr(line, word);

	return w && (size_t)(w - line) < len ? (int)(w - line) : -1;
}

static void test_fixes_report(struct ktest *t)
{
	static char text[8192];
	const char *hdr, *row;
	u64 mark;

	fix_ktest_report_fix_enabled = false;
	ktest_dump_quiet("fixes", &mark);
	fix_ktest_report_fix_enabled = true;
	ktest_log_since(mark, text, sizeof(text));

	KTEST_ASSERT(t, str_has_prefix(text, "----- BEGIN fixes -----\nNAME "));
	KTEST_EXPECT(t, strstr(text, "----- END fixes -----\n") != NULL);
	hdr = text + strlen("----- BEGIN fixes -----\n");
	row = strstr(text, "\nktest_report_fix ");
	KTEST_ASSERT_NOT_NULL(t, row);
	row++;
	/* One aligned row: NAME  SEED  on|off  GUARDS, columns under the header's. */
	KTEST_EXPECT_GT(t, column_of(hdr, "SEED"), 0);
	KTEST_EXPECT_EQ(t, column_of(row, "seed_selftest "), column_of(hdr, "SEED"));
	KTEST_EXPECT_EQ(t, column_of(row, " off ") + 1, column_of(hdr, "STATE"));
	KTEST_EXPECT_EQ(t, column_of(row, "nothing: a self-test"), column_of(hdr, "GUARDS"));
	KTEST_EXPECT(t, str_has_prefix(row + column_of(row, "nothing"),
				       "nothing: a self-test of nofix= itself\n"));

	ktest_dump_quiet("fixes", &mark);
	ktest_log_since(mark, text, sizeof(text));
	row = strstr(text, "\nktest_report_fix ");
	KTEST_ASSERT_NOT_NULL(t, row);
	row++;
	KTEST_EXPECT_GT(t, column_of(row, " on "), 0);
	KTEST_EXPECT_EQ(t, column_of(row, " off "), -1);
}

static const struct ktest_case report_cases[] = {
	KTEST_CASE(test_dump_framing),
	KTEST_CASE(test_dump_unknown_name),
	KTEST_CASE(test_dump_param_accumulates),
	KTEST_CASE(test_dump_run_all_known),
	KTEST_CASE(test_dump_list_overflow),
	KTEST_CASE(test_nofix),
	KTEST_CASE(test_fixes_report),
	{}
};
KTEST_SUITE(report, report_cases);

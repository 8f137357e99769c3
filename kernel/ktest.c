/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ktest runner: walks the "ktest_suites" registry and reports in KTAP v1
 * exactly as KUnit does, through printk_raw() so that the stream reaches the
 * console byte for byte (and a TAP consumer such as prove can read it).
 *
 * Verdicts: a case fails if any expectation failed, even if it later asked
 * to be skipped; it is skipped if it asked to be and nothing failed; else it
 * passed. A suite fails if its init failed or any case failed; it is skipped
 * if skip_if() gave a reason or every case was skipped; else it passed.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <kernel/registry.h>
#include <kernel/report.h>
#include <kernel/params.h>
#include <kernel/errno.h>
#include <lib/parse.h>
#include <lib/printf.h>
#include <lib/string.h>

REGISTRY_DECLARE(struct ktest_suite, ktest_suites);

#define KTAP_INDENT	"    "

struct ktest_counts {
	unsigned int pass, fail, skip;
};

size_t ktest_suite_count(void)
{
	return registry_count(ktest_suites);
}

static u64 ktest_seed_value = KTEST_DEFAULT_SEED;
bool ktest_hooks_enabled = true;

static int parse_ktest_seed(const char *val)
{
	/* 0 would stall a xorshift generator: refused, the default stays. */
	return param_positive(val, &ktest_seed_value);
}
__setup("ktest.seed", parse_ktest_seed);

static int parse_ktest_hooks(const char *val)
{
	return val ? kstrtobool(val, &ktest_hooks_enabled) : -EINVAL;
}
__setup("ktest.hooks", parse_ktest_hooks);

u64 ktest_seed(struct ktest *t)
{
	ktest_info(t, "seed: ktest.seed=%#llx", (unsigned long long)ktest_seed_value);
	return ktest_seed_value;
}

/* Print @text as diagnostic lines, each line behind @prefix. */
static void print_diag(const char *prefix, const char *text)
{
	while (*text) {
		size_t n = strcspn(text, "\n");

		printk_raw("%s%.*s\n", prefix, (int)n, text);
		text += n;
		if (*text == '\n')
			text++;
	}
}

void ktest_fail_at(struct ktest *t, const char *file, int line, const char *fmt, ...)
{
	char msg[512];
	va_list args;

	t->failures++;
	t->status = KTEST_FAIL;
	printk_raw(KTAP_INDENT "# %s: EXPECTATION FAILED at %s:%d\n", t->name, file, line);
	va_start(args, fmt);
	vscnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	print_diag(KTAP_INDENT "#     ", msg);
}

void ktest_info(struct ktest *t, const char *fmt, ...)
{
	char msg[512];
	va_list args;

	(void)t;
	va_start(args, fmt);
	vscnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	print_diag(KTAP_INDENT "# ", msg);
}

void ktest_mark_skip(struct ktest *t, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vscnprintf(t->skip_reason, sizeof(t->skip_reason), fmt, args);
	va_end(args);
	/* A failure already recorded wins: the case stays failed. */
	if (!t->failures)
		t->status = KTEST_SKIP;
}

bool __ktest_streq(struct ktest *t, const char *file, int line,
		   const char *an, const char *a, const char *bn, const char *b)
{
	bool eq = (!a && !b) || (a && b && !strcmp(a, b));

	if (!eq) {
		/* NULL prints without quotes so it cannot be mistaken for "(null)". */
		ktest_fail_at(t, file, line,
			      "expected %s == %s, but\n    %s == %s%s%s\n    %s == %s%s%s",
			      an, bn,
			      an, a ? "\"" : "", a ? a : "NULL", a ? "\"" : "",
			      bn, b ? "\"" : "", b ? b : "NULL", b ? "\"" : "");
	}
	return eq;
}

bool ktest_dump_quiet(const char *name, u64 *mark)
{
	bool found;

	console_suppress++;
	if (mark)
		*mark = printk_log_mark();
	found = dump_by_name(name);
	console_suppress--;
	return found;
}

size_t ktest_log_since(u64 mark, char *buf, size_t size)
{
	u64 end = printk_log_mark();
	size_t n = 0;

	if (end > log_buf_len && mark < end - log_buf_len)
		mark = end - log_buf_len;
	for (u64 p = mark; p < end && n + 1 < size; p++)
		buf[n++] = log_buf[p % log_buf_len];
	buf[n] = '\0';
	return n;
}

size_t ktest_log_timestamp_len(const char *s)
{
	size_t i = 1, digits = 0;

	if (s[0] != '[')
		return 0;
	while (s[i] == ' ')
		i++;
	while (s[i] >= '0' && s[i] <= '9') {
		i++;
		digits++;
	}
	if (!digits || i - 1 < 5 || s[i++] != '.')
		return 0;
	for (int k = 0; k < 6; k++, i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	if (s[i] != ']' || s[i + 1] != ' ')
		return 0;
	return i + 2;
}

static unsigned int suite_case_count(const struct ktest_suite *s)
{
	unsigned int n = 0;

	if (s->cases) {
		while (s->cases[n].run)
			n++;
	}
	return n;
}

/*
 * Does pattern @pat select suite @s? An explicit suite only answers to its
 * exact name; "all" stands for every other suite.
 */
static bool pattern_selects(const char *pat, const struct ktest_suite *s)
{
	if (s->flags & KTEST_EXPLICIT)
		return !strcmp(pat, s->name);
	return !strcmp(pat, "all") || glob_match(pat, s->name);
}

static bool suite_selected(const char *globs, const struct ktest_suite *s)
{
	char pat[128];
	const char *p = globs;

	if (!globs)
		return !(s->flags & KTEST_EXPLICIT);
	while ((p = next_list_item(p, pat, sizeof(pat))) != NULL) {
		if (pattern_selects(pat, s))
			return true;
	}
	return false;
}

/* Report patterns that select nothing; returns false if there was one. */
static bool check_patterns(const char *globs)
{
	char pat[128];
	const char *p = globs;
	bool ok = true;

	while ((p = next_list_item(p, pat, sizeof(pat))) != NULL) {
		const struct ktest_suite *s;
		bool hit = false;

		registry_for_each(s, ktest_suites) {
			if (pattern_selects(pat, s)) {
				hit = true;
				break;
			}
		}
		if (!hit) {
			printk_raw("# selftest: pattern '%s' matched no suite\n", pat);
			ok = false;
		}
	}
	return ok;
}

/* Run one case and print its result line; @first_skip keeps the suite's first skip reason. */
static void run_case(const struct ktest_case *c, unsigned int num, struct ktest_counts *cnt,
		     char *first_skip, size_t first_skip_size)
{
	struct ktest t = { .name = c->name, .status = KTEST_PASS, .failures = 0 };

	c->run(&t);

	if (t.failures) {
		printk_raw(KTAP_INDENT "not ok %u %s\n", num, c->name);
		cnt->fail++;
	} else if (t.status == KTEST_SKIP) {
		printk_raw(KTAP_INDENT "ok %u %s # SKIP %s\n", num, c->name, t.skip_reason);
		if (!cnt->skip)
			strscpy(first_skip, t.skip_reason, first_skip_size);
		cnt->skip++;
	} else {
		printk_raw(KTAP_INDENT "ok %u %s\n", num, c->name);
		cnt->pass++;
	}
}

/* Run one suite as subtest @num; adds its cases to @totals; returns false if it failed. */
static bool run_suite(const struct ktest_suite *s, unsigned int num, struct ktest_counts *totals)
{
	unsigned int ncases = suite_case_count(s);
	struct ktest_counts cnt = { 0, 0, 0 };
	const char *skip_reason = s->skip_if ? s->skip_if() : NULL;
	char first_skip[sizeof(((struct ktest *)0)->skip_reason)] = "";
	int rc = 0;
	unsigned int i;

	printk_raw(KTAP_INDENT "KTAP version 1\n");
	printk_raw(KTAP_INDENT "# Subtest: %s\n", s->name);
	printk_raw(KTAP_INDENT "1..%u\n", ncases);

	if (skip_reason) {
		/* Skipped suites still list their cases, so totals count every case. */
		for (i = 0; i < ncases; i++)
			printk_raw(KTAP_INDENT "ok %u %s # SKIP %s\n", i + 1,
				   s->cases[i].name, skip_reason);
		cnt.skip = ncases;
	} else {
		if (s->init)
			rc = s->init();
		if (rc) {
			printk_raw(KTAP_INDENT "# %s: suite init failed: %d\n", s->name, rc);
			for (i = 0; i < ncases; i++)
				printk_raw(KTAP_INDENT "not ok %u %s # suite init failed\n", i + 1,
					   s->cases[i].name);
			cnt.fail = ncases;
		} else {
			for (i = 0; i < ncases; i++)
				run_case(&s->cases[i], i + 1, &cnt, first_skip, sizeof(first_skip));
			/* exit() pairs with a successful init() only. */
			if (s->exit)
				s->exit();
		}
	}
	BUG_ON(cnt.pass + cnt.fail + cnt.skip != ncases);

	printk_raw("# %s: pass:%u fail:%u skip:%u total:%u\n", s->name,
		   cnt.pass, cnt.fail, cnt.skip, ncases);
	totals->pass += cnt.pass;
	totals->fail += cnt.fail;
	totals->skip += cnt.skip;

	if (rc || cnt.fail) {
		printk_raw("not ok %u %s\n", num, s->name);
		return false;
	}
	if (skip_reason)
		printk_raw("ok %u %s # SKIP %s\n", num, s->name, skip_reason);
	else if (ncases && cnt.skip == ncases)
		printk_raw("ok %u %s # SKIP %s\n", num, s->name, first_skip);
	else
		printk_raw("ok %u %s\n", num, s->name);
	return true;
}

bool ktest_run(const char *globs)
{
	struct ktest_counts totals = { 0, 0, 0 };
	const struct ktest_suite *s;
	unsigned int nsel = 0, num = 0;
	bool ok = true;

	if (globs && (!*globs || !strcmp(globs, "all")))
		globs = NULL;

	printk_raw("KTAP version 1\n");
	if (globs && !strcmp(globs, "none")) {
		printk_raw("1..0\n");
		return true;
	}
	if (globs)
		ok = check_patterns(globs);

	registry_for_each(s, ktest_suites) {
		if (suite_selected(globs, s))
			nsel++;
	}
	printk_raw("1..%u\n", nsel);

	registry_for_each(s, ktest_suites) {
		if (!suite_selected(globs, s))
			continue;
		if (!run_suite(s, ++num, &totals))
			ok = false;
	}
	BUG_ON(num != nsel);

	printk_raw("# Totals: pass:%u fail:%u skip:%u total:%u\n", totals.pass,
		   totals.fail, totals.skip, totals.pass + totals.fail + totals.skip);
	return ok;
}

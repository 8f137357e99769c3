/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hosted test runner: the same ktest suites as the kernel, as a program.
 *
 *	ktest-host [GLOB[,GLOB...]]
 *
 * KTAP goes to stdout (printk_raw's sink). Log lines go to stderr only with
 * NB_LOG=1; either way they are in the log ring, where tests look for them.
 * Exit status 0 iff every selected suite passed.
 *
 * Also home of the hosted-only spinlock_smp suite, which needs threads.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void stdout_write(const char *s, size_t len)
{
	fwrite(s, 1, len, stdout);
	fflush(stdout);
}

static void stderr_write(const char *s, size_t len)
{
	fwrite(s, 1, len, stderr);
}

static void null_write(const char *s, size_t len)
{
	(void)s;
	(void)len;
}

int main(int argc, char **argv)
{
	const char *log = getenv("NB_LOG");

	console_register(log && !strcmp(log, "1") ? stderr_write : null_write);
	console_register_raw(stdout_write);
	return ktest_run(argc > 1 ? argv[1] : NULL) ? 0 : 1;
}

/* spinlock_smp: the ticket lock under real contention from threads. */

#define SMP_THREADS	2
#define SMP_ITERS	50000

static DEFINE_SPINLOCK(smp_lock);
static unsigned long smp_counter;	/* written only under smp_lock */
static unsigned int smp_in_section;	/* threads inside the critical section */
static unsigned int smp_overlaps;

static void *smp_worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < SMP_ITERS; i++) {
		unsigned long flags;

		spin_lock_irqsave(&smp_lock, flags);
		if (__atomic_add_fetch(&smp_in_section, 1, __ATOMIC_RELAXED) != 1)
			__atomic_add_fetch(&smp_overlaps, 1, __ATOMIC_RELAXED);
		smp_counter++;
		__atomic_sub_fetch(&smp_in_section, 1, __ATOMIC_RELAXED);
		spin_unlock_irqrestore(&smp_lock, flags);
	}
	return NULL;
}

static void test_spinlock_mutual_exclusion(struct ktest *t)
{
	pthread_t th[SMP_THREADS];
	int started = 0;

	smp_counter = 0;
	smp_overlaps = 0;
	for (int i = 0; i < SMP_THREADS; i++) {
		if (pthread_create(&th[i], NULL, smp_worker, NULL) == 0)
			started++;
	}
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	KTEST_ASSERT_EQ(t, started, SMP_THREADS);
	KTEST_EXPECT_EQ(t, smp_overlaps, 0);
	KTEST_EXPECT_EQ(t, smp_counter, (unsigned long)SMP_THREADS * SMP_ITERS);
	KTEST_EXPECT_FALSE(t, spin_is_locked(&smp_lock));
}

static void *trylock_worker(void *arg)
{
	return (void *)(uintptr_t)spin_trylock((spinlock_t *)arg);
}

static void test_spinlock_trylock_other_thread(struct ktest *t)
{
	DEFINE_SPINLOCK(lock);
	pthread_t th;
	void *got;

	spin_lock(&lock);
	KTEST_ASSERT_EQ(t, pthread_create(&th, NULL, trylock_worker, &lock), 0);
	pthread_join(th, &got);
	KTEST_EXPECT_EQ(t, (uintptr_t)got, 0);
	spin_unlock(&lock);

	KTEST_ASSERT_EQ(t, pthread_create(&th, NULL, trylock_worker, &lock), 0);
	pthread_join(th, &got);
	KTEST_EXPECT_EQ(t, (uintptr_t)got, 1);
	KTEST_EXPECT_TRUE(t, spin_is_locked(&lock));
}

static const struct ktest_case spinlock_smp_cases[] = {
	KTEST_CASE(test_spinlock_mutual_exclusion),
	KTEST_CASE(test_spinlock_trylock_other_thread),
	{}
};
KTEST_SUITE(spinlock_smp, spinlock_smp_cases);

/*
 * ktest_runner: ktest_run() itself, on fixture suites that are KTEST_EXPLICIT
 * (so no normal run selects them) and run here with the console suppressed,
 * checking the KTAP they leave in the log ring.
 */

static bool fx_assert_continued;

static void fx_pass(struct ktest *t)
{
	ktest_info(t, "note %d", 5);
	KTEST_EXPECT_EQ(t, 1, 1);
}

static void fx_fail(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, 1, 2);
}

static void fx_skip(struct ktest *t)
{
	ktest_skip_case(t, "not %s", "today");
}

static void fx_fail_then_skip(struct ktest *t)
{
	KTEST_EXPECT_STREQ(t, "x", NULL);
	ktest_skip_case(t, "too late");
}

static void fx_assert_returns(struct ktest *t)
{
	KTEST_ASSERT_TRUE(t, 0);
	fx_assert_continued = true;
}

static const struct ktest_case fx_mixed_cases[] = {
	KTEST_CASE(fx_pass),
	KTEST_CASE(fx_fail),
	KTEST_CASE(fx_skip),
	KTEST_CASE(fx_fail_then_skip),
	KTEST_CASE(fx_assert_returns),
	{}
};
KTEST_SUITE_FULL(ktest_fixture_mixed, .cases = fx_mixed_cases, .flags = KTEST_EXPLICIT);

static const struct ktest_case fx_pass_cases[] = { KTEST_CASE(fx_pass), {} };
KTEST_SUITE_FULL(ktest_fixture_pass, .cases = fx_pass_cases, .flags = KTEST_EXPLICIT);

static const struct ktest_case fx_skip_cases[] = { KTEST_CASE(fx_skip), KTEST_CASE(fx_skip), {} };
KTEST_SUITE_FULL(ktest_fixture_allskip, .cases = fx_skip_cases, .flags = KTEST_EXPLICIT);

static const char *fx_no_numa(void)
{
	return "no NUMA here";
}
KTEST_SUITE_FULL(ktest_fixture_skipif, .cases = fx_mixed_cases, .skip_if = fx_no_numa,
		 .flags = KTEST_EXPLICIT);

static unsigned int fx_exit_calls;

static int fx_init_fails(void)
{
	return -22;
}

static void fx_exit(void)
{
	fx_exit_calls++;
}
KTEST_SUITE_FULL(ktest_fixture_initfail, .cases = fx_pass_cases, .init = fx_init_fails,
		 .exit = fx_exit, .flags = KTEST_EXPLICIT);

/* Run ktest_run(@globs) silently; returns its result, *@mark where its output starts. */
static bool quiet_run(const char *globs, u64 *mark)
{
	bool ok;

	console_suppress++;
	*mark = printk_log_mark();
	ok = ktest_run(globs);
	console_suppress--;
	return ok;
}

static void test_runner_mixed_suite(struct ktest *t)
{
	u64 mark;
	bool ok;

	fx_assert_continued = false;
	ok = quiet_run("ktest_fixture_mixed", &mark);
	KTEST_EXPECT_FALSE(t, ok);
	KTEST_EXPECT_FALSE(t, fx_assert_continued);
	KTEST_EXPECT_LOG(t, mark,
		"KTAP version 1\n"
		"1..1\n"
		"    KTAP version 1\n"
		"    # Subtest: ktest_fixture_mixed\n"
		"    1..5\n"
		"    # note 5\n"
		"    ok 1 fx_pass\n"
		"    # fx_fail: EXPECTATION FAILED at tests/host/main.c:");
	KTEST_EXPECT_LOG(t, mark,
		"    #     expected 1 == 2, but 1 == 1 (0x1), 2 == 2 (0x2)\n"
		"    not ok 2 fx_fail\n"
		"    ok 3 fx_skip # SKIP not today\n"
		"    # fx_fail_then_skip: EXPECTATION FAILED at tests/host/main.c:");
	KTEST_EXPECT_LOG(t, mark,
		"    #     expected \"x\" == NULL, but\n"
		"    #         \"x\" == \"x\"\n"
		"    #         NULL == NULL\n"
		"    not ok 4 fx_fail_then_skip\n"
		"    # fx_assert_returns: EXPECTATION FAILED at tests/host/main.c:");
	KTEST_EXPECT_LOG(t, mark,
		"    #     expected 0\n"
		"    not ok 5 fx_assert_returns\n"
		"# ktest_fixture_mixed: pass:1 fail:3 skip:1 total:5\n"
		"not ok 1 ktest_fixture_mixed\n"
		"# Totals: pass:1 fail:3 skip:1 total:5\n");
}

static void test_runner_skips(struct ktest *t)
{
	u64 mark;

	/* Skipped suites pass; every case of a skip_if suite is listed as skipped. */
	KTEST_EXPECT_TRUE(t, quiet_run("ktest_fixture_skipif,ktest_fixture_allskip", &mark));
	KTEST_EXPECT_LOG(t, mark,
		"KTAP version 1\n1..2\n");
	KTEST_EXPECT_LOG(t, mark,
		"    1..5\n"
		"    ok 1 fx_pass # SKIP no NUMA here\n"
		"    ok 2 fx_fail # SKIP no NUMA here\n");
	KTEST_EXPECT_LOG(t, mark,
		"# ktest_fixture_skipif: pass:0 fail:0 skip:5 total:5\n"
		"ok 1 ktest_fixture_skipif # SKIP no NUMA here\n");
	KTEST_EXPECT_LOG(t, mark,
		"# ktest_fixture_allskip: pass:0 fail:0 skip:2 total:2\n"
		"ok 2 ktest_fixture_allskip # SKIP not today\n"
		"# Totals: pass:0 fail:0 skip:7 total:7\n");
	/* skip_if suites never run their cases. */
	KTEST_EXPECT_NO_LOG(t, mark, "EXPECTATION FAILED");
}

static void test_runner_init_failure(struct ktest *t)
{
	u64 mark;

	fx_exit_calls = 0;
	KTEST_EXPECT_FALSE(t, quiet_run("ktest_fixture_initfail", &mark));
	KTEST_EXPECT_LOG(t, mark, "    # ktest_fixture_initfail: suite init failed: -22\n"
				  "    not ok 1 fx_pass # suite init failed\n");
	KTEST_EXPECT_LOG(t, mark, "not ok 1 ktest_fixture_initfail\n");
	KTEST_EXPECT_NO_LOG(t, mark, "# note 5");
	KTEST_EXPECT_EQ(t, fx_exit_calls, 0);
}

static void test_runner_selection(struct ktest *t)
{
	u64 mark;

	/* Explicit suites answer to their exact name only, never to a glob. */
	KTEST_EXPECT_FALSE(t, quiet_run("ktest_fixture_*", &mark));
	KTEST_EXPECT_LOG(t, mark, "KTAP version 1\n# selftest: pattern 'ktest_fixture_*' matched no suite\n1..0\n");

	/* An unmatched pattern fails the run, but the other suites still run. */
	KTEST_EXPECT_FALSE(t, quiet_run("ktest_fixture_pass,ktest_nonexistent", &mark));
	KTEST_EXPECT_LOG(t, mark, "# selftest: pattern 'ktest_nonexistent' matched no suite\n1..1\n");
	KTEST_EXPECT_LOG(t, mark, "ok 1 ktest_fixture_pass\n# Totals: pass:1 fail:0 skip:0 total:1\n");

	/* Suites run in registry order and are numbered in selection order. */
	KTEST_EXPECT_TRUE(t, quiet_run("ktest_fixture_pass,ktest_fixture_allskip", &mark));
	KTEST_EXPECT_LOG(t, mark, "1..2\n");
	KTEST_EXPECT_EQ(t, printk_log_count(mark, "\nok 1 ktest_fixture_"), 1);
	KTEST_EXPECT_EQ(t, printk_log_count(mark, "\nok 2 ktest_fixture_"), 1);

	/* "none" runs nothing and passes. */
	KTEST_EXPECT_TRUE(t, quiet_run("none", &mark));
	KTEST_EXPECT_LOG(t, mark, "KTAP version 1\n1..0\n");
	KTEST_EXPECT_NO_LOG(t, mark, "Totals");

	/* Plain globs select non-explicit suites. */
	KTEST_EXPECT_TRUE(t, quiet_run("lib_so?t", &mark));
	KTEST_EXPECT_LOG(t, mark, "KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: lib_sort\n");
	KTEST_EXPECT_LOG(t, mark, "ok 1 lib_sort\n");
}

static void test_runner_counts_suites(struct ktest *t)
{
	/* The fixtures alone are 5; the lib_ and core suites are there too. */
	KTEST_EXPECT_GE(t, ktest_suite_count(), 5 + 7);
}

static const struct ktest_case ktest_runner_cases[] = {
	KTEST_CASE(test_runner_mixed_suite),
	KTEST_CASE(test_runner_skips),
	KTEST_CASE(test_runner_init_failure),
	KTEST_CASE(test_runner_selection),
	KTEST_CASE(test_runner_counts_suites),
	{}
};
KTEST_SUITE(ktest_runner, ktest_runner_cases);

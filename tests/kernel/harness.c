// SPDX-License-Identifier: GPL-2.0-only
/*
 * Suites that fail on purpose, for the test harness's own tests
 * (tests/harness/failures.t): each proves that one way of going wrong makes
 * `make test` fail. They are KTEST_EXPLICIT: only selftest=<exact name>
 * runs them, never the default selection.
 */
#include <kernel/ktest.h>
#include <arch/cpu.h>
#include <asm/processor.h>
#include <asm/setup.h>

static void test_expectation_fails(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, 1 + 1, 3);
}
static const struct ktest_case fail_cases[] = { KTEST_CASE(test_expectation_fails), {} };
KTEST_SUITE_FULL(harness_fail, .cases = fail_cases, .flags = KTEST_EXPLICIT);

static void test_hang(struct ktest *t)
{
	(void)t;
	arch_irq_save();
	for (;;)
		native_halt();
}
static const struct ktest_case hang_cases[] = { KTEST_CASE(test_hang), {} };
KTEST_SUITE_FULL(harness_hang, .cases = hang_cases, .flags = KTEST_EXPLICIT);

static void test_page_fault(struct ktest *t)
{
	volatile unsigned long *p = (volatile unsigned long *)ARCH_UNMAPPED_TEST_ADDR;

	KTEST_EXPECT_EQ(t, *p, 0);	/* not reached: the fault panics */
}
static const struct ktest_case pf_cases[] = { KTEST_CASE(test_page_fault), {} };
KTEST_SUITE_FULL(harness_page_fault, .cases = pf_cases, .flags = KTEST_EXPLICIT);

static void test_triple_fault(struct ktest *t)
{
	struct __attribute__((packed)) { u16 limit; unsigned long base; } empty = { 0, 0 };

	(void)t;
	/* No IDT: the breakpoint cannot be delivered, nor the #DF: the CPU resets. */
	__asm__ __volatile__("lidt %0\n\tint3" :: "m"(empty) : "memory");
}
static const struct ktest_case tf_cases[] = { KTEST_CASE(test_triple_fault), {} };
KTEST_SUITE_FULL(harness_triple_fault, .cases = tf_cases, .flags = KTEST_EXPLICIT);

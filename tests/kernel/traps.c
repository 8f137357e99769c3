// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exceptions raised on purpose and recovered through the exception table.
 * Each case checks the per-vector fixup counter, so a test that "passes"
 * without the exception really being taken would fail.
 */
#include <kernel/ktest.h>
#include <kernel/errno.h>
#include <arch/cpu.h>
#include <asm/setup.h>

static void test_page_fault_fixup(struct ktest *t)
{
	unsigned long before = trap_fixup_count[14];
	unsigned long v = 0x5a5a;

	long r = copy_from_kernel_nofault(&v, (const void *)ARCH_UNMAPPED_TEST_ADDR, sizeof(v));
	KTEST_EXPECT_EQ(t, r, -EFAULT);
	KTEST_EXPECT_EQ(t, v & 0xffff, 0x5a5a & 0xffff);
	KTEST_EXPECT_EQ(t, trap_fixup_count[14], before + 1);
}

static void test_nofault_mapped(struct ktest *t)
{
	static unsigned long src = 0x1234abcdUL, dst;
	unsigned long before = trap_fixup_count[14];

	KTEST_EXPECT_EQ(t, copy_from_kernel_nofault(&dst, &src, sizeof(src)), 0);
	KTEST_EXPECT_EQ(t, dst, src);
	KTEST_EXPECT_EQ(t, copy_to_kernel_nofault(&dst, &before, sizeof(before)), 0);
	KTEST_EXPECT_EQ(t, dst, before);
	KTEST_EXPECT_EQ(t, trap_fixup_count[14], before);
}

static void test_write_fault_fixup(struct ktest *t)
{
	unsigned long before = trap_fixup_count[14];
	unsigned long v = 1;

	KTEST_EXPECT_EQ(t, copy_to_kernel_nofault((void *)ARCH_UNMAPPED_TEST_ADDR, &v, 1), -EFAULT);
	KTEST_EXPECT_EQ(t, trap_fixup_count[14], before + 1);
}

static void test_invalid_opcode_fixup(struct ktest *t)
{
	unsigned long before = trap_fixup_count[6];
	int reached = 0;

	__asm__ __volatile__(
		"1: ud2\n"
		" movl $1, %0\n"	/* skipped: the fixup resumes at 2 */
		"2:\n"
		_ASM_EXTABLE(1b, 2b)
		: "+r"(reached) :: "memory");
	KTEST_EXPECT_EQ(t, reached, 0);
	KTEST_EXPECT_EQ(t, trap_fixup_count[6], before + 1);
}

static void test_divide_error_fixup(struct ktest *t)
{
	unsigned long before = trap_fixup_count[0];
	unsigned long a = 7, d = 0, zero = 0;

	__asm__ __volatile__(
		"1: div %2\n"
		"2:\n"
		_ASM_EXTABLE(1b, 2b)
		: "+a"(a), "+d"(d)
		: "r"(zero) : "memory");
	KTEST_EXPECT_EQ(t, trap_fixup_count[0], before + 1);
}

static void test_general_protection_fixup(struct ktest *t)
{
	unsigned long before = trap_fixup_count[13];

	/* Loading a selector beyond the GDT limit raises #GP. */
	__asm__ __volatile__(
		"1: movl %0, %%fs\n"
		"2:\n"
		_ASM_EXTABLE(1b, 2b)
		:: "r"(0xfff8) : "memory");
	KTEST_EXPECT_EQ(t, trap_fixup_count[13], before + 1);
}

static const struct ktest_case trap_cases[] = {
	KTEST_CASE(test_page_fault_fixup),
	KTEST_CASE(test_nofault_mapped),
	KTEST_CASE(test_write_fault_fixup),
	KTEST_CASE(test_invalid_opcode_fixup),
	KTEST_CASE(test_divide_error_fixup),
	KTEST_CASE(test_general_protection_fixup),
	{}
};
KTEST_SUITE(traps, trap_cases);

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ktest: the self-test API, one API for two runners.
 *
 * In the kernel, the runner walks every suite registered in the "ktest_suites"
 * section and prints KTAP v1 on the console (selected with selftest=GLOB,...).
 * Hosted, the same suites are linked into ordinary programs that run them
 * under ASan/UBSan and print the same KTAP on stdout.
 *
 *	static void test_thing(struct ktest *t)
 *	{
 *		KTEST_EXPECT_EQ(t, add(1, 1), 2);	// records, carries on
 *		KTEST_ASSERT_NOT_NULL(t, p);		// records, returns
 *	}
 *	static const struct ktest_case thing_cases[] = {
 *		KTEST_CASE(test_thing),
 *		{}
 *	};
 *	KTEST_SUITE(thing, thing_cases);
 *
 * Contract: KTEST_ASSERT_* and ktest_skip_case() return from the *calling*
 * function, which must therefore return void (use them in the case function
 * itself, or check a helper's result there).
 */
#ifndef NB_KERNEL_KTEST_H
#define NB_KERNEL_KTEST_H

#include <kernel/types.h>
#include <kernel/compiler.h>

enum ktest_status { KTEST_PASS, KTEST_FAIL, KTEST_SKIP };

struct ktest {
	const char *name;		/* the running case */
	enum ktest_status status;
	unsigned int failures;		/* failed expectations so far */
	char skip_reason[256];
};

struct ktest_case {
	const char *name;
	void (*run)(struct ktest *t);
};

/* Suite flags. */
#define KTEST_EXPLICIT	0x1	/* runs only when a selftest= pattern names it exactly */

struct ktest_suite {
	const char *name;
	const struct ktest_case *cases;	/* terminated by an entry with run == NULL */
	/* Optional: a non-NULL string return skips the whole suite with that reason. */
	const char *(*skip_if)(void);
	int (*init)(void);		/* optional; non-zero fails the suite */
	void (*exit)(void);		/* optional */
	unsigned int flags;
};

/* Register a suite. @sym must be a unique identifier: it becomes the suite name. */
#define KTEST_SUITE_FULL(sym, ...)					\
	static const struct ktest_suite __ktest_suite_##sym = {		\
		.name = #sym, __VA_ARGS__ };				\
	static const struct ktest_suite *const __ktest_ptr_##sym	\
		__section("ktest_suites") __used = &__ktest_suite_##sym
#define KTEST_SUITE(sym, case_array) KTEST_SUITE_FULL(sym, .cases = (case_array))

#define KTEST_CASE(fn) { #fn, fn }

/* Reporting primitives used by the macros below. */
void ktest_fail_at(struct ktest *t, const char *file, int line, const char *fmt, ...)
	__printf(4, 5);
void ktest_info(struct ktest *t, const char *fmt, ...) __printf(2, 3);
void ktest_mark_skip(struct ktest *t, const char *fmt, ...) __printf(2, 3);

#define ktest_skip_case(t, fmt, ...) do {				\
	ktest_mark_skip(t, fmt, ##__VA_ARGS__);				\
	return;								\
} while (0)

#define KTEST_EXPECT_MSG(t, cond, fmt, ...) ({				\
	bool __ok = !!(cond);						\
	if (!__ok)							\
		ktest_fail_at(t, __FILE__, __LINE__, fmt, ##__VA_ARGS__); \
	__ok;								\
})

#define KTEST_EXPECT(t, cond)						\
	KTEST_EXPECT_MSG(t, cond, "expected %s", #cond)

#define __KTEST_CMP(t, a, op, b) ({					\
	long long __a = (long long)(a), __b = (long long)(b);		\
	KTEST_EXPECT_MSG(t, __a op __b,					\
		"expected %s %s %s, but %s == %lld (%#llx), %s == %lld (%#llx)", \
		#a, #op, #b, #a, __a, (unsigned long long)__a,		\
		#b, __b, (unsigned long long)__b);			\
})
/* Unsigned comparison, for values that may not fit a signed long long. */
#define __KTEST_UCMP(t, a, op, b) ({					\
	unsigned long long __a = (unsigned long long)(a);		\
	unsigned long long __b = (unsigned long long)(b);		\
	KTEST_EXPECT_MSG(t, __a op __b,					\
		"expected %s %s %s, but %s == %llu (%#llx), %s == %llu (%#llx)", \
		#a, #op, #b, #a, __a, __a, #b, __b, __b);		\
})

#define KTEST_EXPECT_EQ(t, a, b)	__KTEST_CMP(t, a, ==, b)
#define KTEST_EXPECT_NE(t, a, b)	__KTEST_CMP(t, a, !=, b)
#define KTEST_EXPECT_LT(t, a, b)	__KTEST_CMP(t, a, <, b)
#define KTEST_EXPECT_LE(t, a, b)	__KTEST_CMP(t, a, <=, b)
#define KTEST_EXPECT_GT(t, a, b)	__KTEST_CMP(t, a, >, b)
#define KTEST_EXPECT_GE(t, a, b)	__KTEST_CMP(t, a, >=, b)
#define KTEST_EXPECT_UEQ(t, a, b)	__KTEST_UCMP(t, a, ==, b)
#define KTEST_EXPECT_ULE(t, a, b)	__KTEST_UCMP(t, a, <=, b)
#define KTEST_EXPECT_ULT(t, a, b)	__KTEST_UCMP(t, a, <, b)
#define KTEST_EXPECT_TRUE(t, c)		KTEST_EXPECT(t, c)
#define KTEST_EXPECT_FALSE(t, c)	KTEST_EXPECT_MSG(t, !(c), "expected !(%s)", #c)
#define KTEST_EXPECT_NULL(t, p)		KTEST_EXPECT_MSG(t, (p) == NULL, "expected %s == NULL", #p)
#define KTEST_EXPECT_NOT_NULL(t, p)	KTEST_EXPECT_MSG(t, (p) != NULL, "expected %s != NULL", #p)

bool __ktest_streq(struct ktest *t, const char *file, int line,
		   const char *an, const char *a, const char *bn, const char *b);
#define KTEST_EXPECT_STREQ(t, a, b) \
	__ktest_streq(t, __FILE__, __LINE__, #a, (a), #b, (b))

/* Look in the kernel log for a message logged since @mark (printk_log_mark()). */
#define KTEST_EXPECT_LOG(t, mark, needle)				\
	KTEST_EXPECT_MSG(t, printk_log_contains(mark, needle),		\
			 "expected the log to contain \"%s\"", needle)
#define KTEST_EXPECT_NO_LOG(t, mark, needle)				\
	KTEST_EXPECT_MSG(t, !printk_log_contains(mark, needle),		\
			 "expected the log not to contain \"%s\"", needle)

/*
 * The log since @mark as text, for checks on whole lines: at most
 * @size - 1 bytes into @buf, NUL-terminated (what the ring has overwritten
 * since @mark is skipped). Returns the length.
 */
size_t ktest_log_since(u64 mark, char *buf, size_t size);
/*
 * dump=@name's report into the log only: on the console it would mix with
 * the KTAP stream. *@mark (if not NULL) is the log mark before it, for
 * KTEST_EXPECT_LOG(). Returns whether the report exists (dump_by_name()).
 */
bool ktest_dump_quiet(const char *name, u64 *mark);
/*
 * Length of the timestamp at @s if it is one as printk starts lines,
 * "[%5llu.%06llu] " (the seconds at least 5 wide), else 0. Parsed here, not
 * by printk, so that tests check printk's format.
 */
size_t ktest_log_timestamp_len(const char *s);

/* The ASSERT forms return from the calling (void) function on failure. */
#define __KTEST_ASSERT(expect) do { if (!(expect)) return; } while (0)
#define KTEST_ASSERT(t, c)		__KTEST_ASSERT(KTEST_EXPECT(t, c))
#define KTEST_ASSERT_MSG(t, c, ...)	__KTEST_ASSERT(KTEST_EXPECT_MSG(t, c, __VA_ARGS__))
#define KTEST_ASSERT_EQ(t, a, b)	__KTEST_ASSERT(KTEST_EXPECT_EQ(t, a, b))
#define KTEST_ASSERT_NE(t, a, b)	__KTEST_ASSERT(KTEST_EXPECT_NE(t, a, b))
#define KTEST_ASSERT_LT(t, a, b)	__KTEST_ASSERT(KTEST_EXPECT_LT(t, a, b))
#define KTEST_ASSERT_LE(t, a, b)	__KTEST_ASSERT(KTEST_EXPECT_LE(t, a, b))
#define KTEST_ASSERT_GT(t, a, b)	__KTEST_ASSERT(KTEST_EXPECT_GT(t, a, b))
#define KTEST_ASSERT_GE(t, a, b)	__KTEST_ASSERT(KTEST_EXPECT_GE(t, a, b))
#define KTEST_ASSERT_UEQ(t, a, b)	__KTEST_ASSERT(KTEST_EXPECT_UEQ(t, a, b))
#define KTEST_ASSERT_ULE(t, a, b)	__KTEST_ASSERT(KTEST_EXPECT_ULE(t, a, b))
#define KTEST_ASSERT_ULT(t, a, b)	__KTEST_ASSERT(KTEST_EXPECT_ULT(t, a, b))
#define KTEST_ASSERT_TRUE(t, c)		__KTEST_ASSERT(KTEST_EXPECT_TRUE(t, c))
#define KTEST_ASSERT_NULL(t, p)		__KTEST_ASSERT(KTEST_EXPECT_NULL(t, p))
#define KTEST_ASSERT_NOT_NULL(t, p)	__KTEST_ASSERT(KTEST_EXPECT_NOT_NULL(t, p))
#define KTEST_ASSERT_STREQ(t, a, b)	__KTEST_ASSERT(KTEST_EXPECT_STREQ(t, a, b))

/*
 * Run the suites selected by @globs ("pattern[,pattern...]", "all" or
 * "none"; NULL means all). Prints KTAP. Returns true if every selected
 * suite passed (skips count as passing) and every pattern matched a suite.
 */
bool ktest_run(const char *globs);

/* Number of suites registered. */
size_t ktest_suite_count(void);

/*
 * ktest.seed=N: the seed of every randomised self-test (default
 * KTEST_DEFAULT_SEED), so that a failing run can be replayed exactly.
 * ktest_seed() returns it and logs it once in @t's output, as
 * "# seed: ktest.seed=0x...". Randomised tests assert only what holds
 * under every schedule of the CPUs; the seed picks their operations.
 */
#define KTEST_DEFAULT_SEED	0x2545f4914f6cdd1dULL
u64 ktest_seed(struct ktest *t);

/*
 * ktest.hooks=off: self-tests may not install the allocator's test hooks
 * (include/mm/page_alloc.h: mm_test_hook), which park a CPU inside a race
 * window. A test that needs one must then report that it could not enter
 * the window: the negative check that the interleaving is forced, not hoped
 * for.
 */
extern bool ktest_hooks_enabled;

#endif

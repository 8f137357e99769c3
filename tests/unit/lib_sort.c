/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lib_sort: sort() must order any input, keep the multiset of elements, work
 * for any element size and alignment, and stay O(n log n) in comparisons.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/ktest.h>
#include <lib/sort.h>
#include <lib/string.h>

#define N 1000

static unsigned int ncmp;

static int cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	ncmp++;
	return x < y ? -1 : x > y;
}

static u32 rng_state;

static u32 rng(void)
{
	/* xorshift32: deterministic, so a failure reproduces. */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* Order-independent fingerprint: the sum and xor of all elements. */
static void fingerprint(const u32 *a, size_t n, u64 *sum, u32 *x)
{
	*sum = 0;
	*x = 0;
	for (size_t i = 0; i < n; i++) {
		*sum += a[i];
		*x ^= a[i] * 2654435761u;
	}
}

static bool is_sorted_u32(const u32 *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		if (a[i - 1] > a[i])
			return false;
	}
	return true;
}

static u32 arr[N];

static void check_sort(struct ktest *t, size_t n, const char *what)
{
	u64 s0, s1;
	u32 x0, x1;

	fingerprint(arr, n, &s0, &x0);
	sort(arr, n, sizeof(arr[0]), cmp_u32);
	fingerprint(arr, n, &s1, &x1);
	KTEST_EXPECT_MSG(t, is_sorted_u32(arr, n), "%s (n=%zu): not sorted", what, n);
	KTEST_EXPECT_MSG(t, s0 == s1 && x0 == x1, "%s (n=%zu): elements changed", what, n);
}

static void test_sort_shapes(struct ktest *t)
{
	static const size_t sizes[] = { 0, 1, 2, 3, 7, 64, 999, N };

	for (size_t k = 0; k < ARRAY_SIZE(sizes); k++) {
		size_t n = sizes[k];

		rng_state = 0x12345678u + (u32)n;
		for (size_t i = 0; i < n; i++)
			arr[i] = rng();
		check_sort(t, n, "random");
		for (size_t i = 0; i < n; i++)
			arr[i] = (u32)i;
		check_sort(t, n, "sorted");
		for (size_t i = 0; i < n; i++)
			arr[i] = (u32)(n - i);
		check_sort(t, n, "reversed");
		for (size_t i = 0; i < n; i++)
			arr[i] = rng() % 4;
		check_sort(t, n, "few distinct");
		for (size_t i = 0; i < n; i++)
			arr[i] = 7;
		check_sort(t, n, "all equal");
		for (size_t i = 0; i < n; i++)
			arr[i] = i % 2 ? UINT32_MAX : 0;
		check_sort(t, n, "extremes");
	}
}

static void test_sort_comparison_bound(struct ktest *t)
{
	/* Heapsort needs at most about 2 n log2 n comparisons; allow 3. */
	const unsigned int bound = 3 * N * 10;

	rng_state = 42;
	for (size_t i = 0; i < N; i++)
		arr[i] = rng();
	ncmp = 0;
	sort(arr, N, sizeof(arr[0]), cmp_u32);
	KTEST_EXPECT_LE(t, ncmp, bound);

	/* Sorted input is no worse (a naive quicksort would be quadratic). */
	ncmp = 0;
	sort(arr, N, sizeof(arr[0]), cmp_u32);
	KTEST_EXPECT_LE(t, ncmp, bound);
	KTEST_EXPECT(t, is_sorted_u32(arr, N));
}

/* An e820-like record: 20 bytes, not a multiple of 8. */
struct rec {
	u64 addr;
	u64 size;
	u32 type;
} __packed;

static int cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->type < y->type ? -1 : x->type > y->type;
}

static void test_sort_odd_records(struct ktest *t)
{
	struct rec r[33];

	_Static_assert(sizeof(struct rec) == 20, "struct rec must be packed");
	rng_state = 7;
	for (size_t i = 0; i < ARRAY_SIZE(r); i++) {
		r[i].addr = (u64)(rng() % 16) << 20;
		r[i].type = rng() % 5;
		/* The payload records where the element came from. */
		r[i].size = r[i].addr ^ r[i].type ^ 0xabcdef;
	}
	sort(r, ARRAY_SIZE(r), sizeof(r[0]), cmp_rec);
	for (size_t i = 0; i < ARRAY_SIZE(r); i++) {
		KTEST_EXPECT_MSG(t, r[i].size == (r[i].addr ^ r[i].type ^ 0xabcdef),
				 "record %zu was torn apart", i);
		if (i)
			KTEST_EXPECT_MSG(t, cmp_rec(&r[i - 1], &r[i]) <= 0,
					 "records %zu and %zu out of order", i - 1, i);
	}
}

static int cmp_byte(const void *a, const void *b)
{
	return (int)*(const u8 *)a - (int)*(const u8 *)b;
}

static void test_sort_bytes_unaligned(struct ktest *t)
{
	u8 buf[40];
	u8 *p = buf + 1;	/* deliberately misaligned base */
	unsigned int hist[256] = { 0 }, after[256] = { 0 };

	rng_state = 99;
	for (size_t i = 0; i < 37; i++) {
		p[i] = (u8)rng();
		hist[p[i]]++;
	}
	sort(p, 37, 1, cmp_byte);
	for (size_t i = 0; i < 37; i++) {
		after[p[i]]++;
		if (i)
			KTEST_EXPECT(t, p[i - 1] <= p[i]);
	}
	KTEST_EXPECT_EQ(t, memcmp(hist, after, sizeof(hist)), 0);
}

static const struct ktest_case lib_sort_cases[] = {
	KTEST_CASE(test_sort_shapes),
	KTEST_CASE(test_sort_comparison_bound),
	KTEST_CASE(test_sort_odd_records),
	KTEST_CASE(test_sort_bytes_unaligned),
	{}
};
KTEST_SUITE(lib_sort, lib_sort_cases);

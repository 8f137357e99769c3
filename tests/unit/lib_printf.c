/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lib_printf: vsnprintf and friends, against literal expected strings (not
 * against another printf), including the forms Linux's log lines use.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/ktest.h>
#include <lib/printf.h>
#include <lib/string.h>

/*
 * snprintf called through a pointer, which carries no format attribute (and,
 * volatile, cannot be resolved back to snprintf): the compiler does not check
 * the forms it warns about on purpose.
 */
static int (*volatile unchecked_snprintf)(char *buf, size_t size, const char *fmt, ...) = snprintf;

/* Format with @printf_fn; expect exactly @want and the C99 return value. */
#define CHECK_WITH(t, printf_fn, want, fmt, ...) do {			\
	char __buf[160];						\
	int __n = printf_fn(__buf, sizeof(__buf), fmt, ##__VA_ARGS__);	\
	KTEST_EXPECT_STREQ(t, __buf, want);				\
	KTEST_EXPECT_EQ(t, __n, (int)strlen(want));			\
} while (0)
#define CHECK(t, want, fmt, ...)	CHECK_WITH(t, snprintf, want, fmt, ##__VA_ARGS__)
#define CHECK_UNCHECKED(t, want, fmt, ...) \
	CHECK_WITH(t, unchecked_snprintf, want, fmt, ##__VA_ARGS__)

static void test_printf_decimal(struct ktest *t)
{
	CHECK(t, "0", "%d", 0);
	CHECK(t, "-1", "%d", -1);
	CHECK(t, "2147483647", "%d", INT32_MAX);
	CHECK(t, "-2147483648", "%d", INT32_MIN);
	CHECK(t, "-2147483648", "%i", INT32_MIN);
	CHECK(t, "4294967295", "%u", UINT32_MAX);
	CHECK(t, "-9223372036854775808", "%lld", (long long)INT64_MIN);
	CHECK(t, "9223372036854775807", "%lld", (long long)INT64_MAX);
	CHECK(t, "18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	CHECK(t, "-9223372036854775808", "%jd", (intmax_t)INT64_MIN);
	CHECK(t, "12345678901", "%Lu", 12345678901ULL);
}

static void test_printf_length_modifiers(struct ktest *t)
{
	CHECK(t, "1", "%hhu", (unsigned char)257u);
	CHECK(t, "-1", "%hhd", (signed char)-1);
	CHECK(t, "-1", "%hd", (short)-1);
	CHECK(t, "65535", "%hu", (unsigned short)65535);
	CHECK(t, "123", "%zu", (size_t)123);
	CHECK(t, "-5", "%zd", (ptrdiff_t)-5);
	CHECK(t, "ff", "%zx", (size_t)255);
	CHECK(t, "-7", "%td", (ptrdiff_t)-7);
	if (sizeof(long) == 8)
		CHECK(t, "ffffffffffffffff", "%lx", (unsigned long)-1);
	else
		CHECK(t, "ffffffff", "%lx", (unsigned long)-1);
	CHECK(t, "-3", "%ld", -3L);
}

static void test_printf_hex_octal(struct ktest *t)
{
	CHECK(t, "deadbeef", "%x", 0xdeadbeefu);
	CHECK(t, "DEADBEEF", "%X", 0xdeadbeefu);
	CHECK(t, "0xdeadbeef", "%#x", 0xdeadbeefu);
	CHECK(t, "0XDEADBEEF", "%#X", 0xdeadbeefu);
	CHECK(t, "10", "%o", 8u);
	CHECK(t, "010", "%#o", 8u);
	CHECK(t, "0", "%#o", 0u);
	CHECK(t, "1777777777777777777777", "%llo", (unsigned long long)UINT64_MAX);
	CHECK(t, "ffffffffffffffff", "%llx", (unsigned long long)UINT64_MAX);
	/* Linux, unlike C, keeps the prefix for zero: "[mem 0x00000000-...]". */
	CHECK(t, "0x0", "%#x", 0u);
	CHECK(t, "0x00000000", "%#010Lx", 0ULL);
	CHECK(t, "0x0009fbff", "%#010Lx", 0x9fbffULL);
	CHECK(t, "0x100000000", "%#010Lx", 0x100000000ULL);
}

static void test_printf_linux_log_formats(struct ktest *t)
{
	CHECK(t, "BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved",
	      "BIOS-e820: [mem %#018Lx-%#018Lx] %s", 0x9fc00ULL, 0x9ffffULL, "reserved");
	CHECK(t, "[mem 0x0000000000100000-0x000000007ffdffff]",
	      "[mem 0x%016llx-0x%016llx]", 0x100000ULL, 0x7ffdffffULL);
	CHECK(t, "SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff]",
	      "SRAT: Node %u PXM %u [mem %#010Lx-%#010Lx]", 1u, 1u, 0x40000000ULL, 0x7fffffffULL);
	CHECK(t, "[    3.123991] ", "[%5llu.%06llu] ", 3ULL, 123991ULL);
	CHECK(t, "[12345.000001] ", "[%5llu.%06llu] ", 12345ULL, 1ULL);
	CHECK(t, "Node 0, zone      DMA", "Node %d, zone %8s", 0, "DMA");
	CHECK(t, "      4", "%7lu", 4UL);
}

static void test_printf_width_precision_flags(struct ktest *t)
{
	CHECK(t, "   42", "%5lu", 42UL);
	CHECK(t, "42   |", "%-5d|", 42);
	CHECK(t, "00042", "%05d", 42);
	CHECK(t, "-0042", "%05d", -42);
	CHECK_UNCHECKED(t, "-42  |", "%-05d|", -42);		/* '-' beats '0' */
	CHECK(t, "+5", "%+d", 5);
	CHECK(t, "-5", "%+d", -5);
	CHECK(t, " 5", "% d", 5);
	CHECK(t, "+0", "%+d", 0);
	CHECK(t, "007", "%.3d", 7);
	CHECK(t, "  007", "%5.3d", 7);
	CHECK_UNCHECKED(t, "  007", "%05.3d", 7);		/* a precision turns '0' off */
	CHECK(t, "", "%.0d", 0);
	CHECK(t, "   ", "%3.0d", 0);
	CHECK(t, "0x0000ff", "%#08x", 0xffu);
	CHECK(t, "  0xff", "%#6x", 0xffu);
	CHECK(t, "0x00ff", "%#.4x", 0xffu);
	/* '*' takes the width and precision from the arguments. */
	CHECK(t, "   42", "%*d", 5, 42);
	CHECK(t, "42   |", "%*d|", -5, 42);	/* negative width means '-' */
	CHECK(t, "abc", "%.*s", 3, "abcdef");
	CHECK(t, "abcdef", "%.*s", -1, "abcdef");	/* negative precision: none */
	CHECK(t, "  007", "%*.*d", 5, 3, 7);
}

static void test_printf_strings_chars(struct ktest *t)
{
	CHECK(t, "ab      |", "%-8s|", "ab");
	CHECK(t, "      ab", "%8s", "ab");
	CHECK(t, "    a", "%5.1s", "abc");
	CHECK(t, "", "%s", "");
	CHECK_UNCHECKED(t, "(null)", "%s", (const char *)NULL);
	CHECK(t, "x", "%c", 'x');
	CHECK(t, "  x", "%3c", 'x');
	CHECK(t, "x  |", "%-3c|", 'x');
	CHECK(t, "100%", "%d%%", 100);
	CHECK(t, "a%b", "a%%b");

	/* A precision bounds the read: the array has no terminator. */
	{
		const char raw[4] = { 'n', 'u', 'm', 'a' };

		CHECK(t, "numa", "%.4s", raw);
		CHECK(t, "nu", "%.2s", raw);
	}
}

static void test_printf_pointer(struct ktest *t)
{
	CHECK(t, "0x1234", "%p", (void *)(uintptr_t)0x1234);
	CHECK(t, "0x0", "%p", NULL);
	CHECK(t, "  0x1234", "%8p", (void *)(uintptr_t)0x1234);
	CHECK(t, "0x1234  |", "%-8p|", (void *)(uintptr_t)0x1234);
	if (sizeof(void *) == 8)
		CHECK(t, "0xffff888000000000", "%p", (void *)(uintptr_t)0xffff888000000000ULL);
}

static void test_printf_truncation(struct ktest *t)
{
	char buf[8];

	/* C99: the return value is the length the full output would have. */
	memset(buf, 'x', sizeof(buf));
	KTEST_EXPECT_EQ(t, snprintf(buf, 5, "%s", "abcdefgh"), 8);
	KTEST_EXPECT_STREQ(t, buf, "abcd");
	KTEST_EXPECT_EQ(t, buf[5], 'x');		/* nothing written past size */

	KTEST_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "%d", -1234567), 8);
	KTEST_EXPECT_STREQ(t, buf, "-123456");

	/* Size 0: nothing is written, buf may be NULL. */
	KTEST_EXPECT_EQ(t, snprintf(NULL, 0, "%#010Lx", 1ULL), 10);
	buf[0] = 'q';
	KTEST_EXPECT_EQ(t, snprintf(buf, 0, "abc"), 3);
	KTEST_EXPECT_EQ(t, buf[0], 'q');

	KTEST_EXPECT_EQ(t, snprintf(buf, 1, "abc"), 3);
	KTEST_EXPECT_EQ(t, buf[0], '\0');

	/* Padding is cut at the boundary too. */
	KTEST_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "%20d", 5), 20);
	KTEST_EXPECT_STREQ(t, buf, "       ");
}

static void test_scnprintf(struct ktest *t)
{
	char buf[8];

	/* scnprintf returns what it actually wrote, never more than size - 1. */
	KTEST_EXPECT_EQ(t, scnprintf(buf, sizeof(buf), "%s", "abc"), 3);
	KTEST_EXPECT_EQ(t, scnprintf(buf, sizeof(buf), "%s", "abcdefghij"), 7);
	KTEST_EXPECT_STREQ(t, buf, "abcdefg");
	KTEST_EXPECT_EQ(t, scnprintf(buf, 0, "%s", "abc"), 0);
	KTEST_EXPECT_EQ(t, scnprintf(buf, 1, "%s", "abc"), 0);
	KTEST_EXPECT_STREQ(t, buf, "");

	/* Appending with scnprintf never overruns. */
	{
		size_t n = 0;

		for (int i = 0; i < 10; i++)
			n += (size_t)scnprintf(buf + n, sizeof(buf) - n, "%d,", i);
		KTEST_EXPECT_EQ(t, n, 7);
		KTEST_EXPECT_STREQ(t, buf, "0,1,2,3");
	}
}

static void test_printf_unknown_conversions(struct ktest *t)
{
	char buf[32];

	/* Unknown conversions are shown as written, arguments untouched. */
	KTEST_EXPECT_EQ(t, unchecked_snprintf(buf, sizeof(buf), "a%yb%d", 7), 5);
	KTEST_EXPECT_STREQ(t, buf, "a%yb7");
	KTEST_EXPECT_EQ(t, unchecked_snprintf(buf, sizeof(buf), "%-5y"), 4);
	KTEST_EXPECT_STREQ(t, buf, "%-5y");
	/* A lone '%' at the end. */
	KTEST_EXPECT_EQ(t, unchecked_snprintf(buf, sizeof(buf), "50%"), 3);
	KTEST_EXPECT_STREQ(t, buf, "50%");
	/* 'L' is 'll' for integers, as in Linux's %Lx. */
	KTEST_EXPECT_EQ(t, unchecked_snprintf(buf, sizeof(buf), "%Ld", -5LL), 2);
	KTEST_EXPECT_STREQ(t, buf, "-5");
}

static void test_printf_many_args(struct ktest *t)
{
	/* Mixed 32- and 64-bit arguments keep their va_list alignment on i386. */
	CHECK(t, "1 2 3 4 5 6 7 8 x y", "%d %llu %d %llx %u %lld %zu %c %s %c",
	      1, 2ULL, 3, 4ULL, 5u, 6LL, (size_t)7, '8', "x", 'y');
}

/* %ls: a UCS-2 string (the UEFI loader's CHAR16 paths), '?' outside ASCII. */
static void test_printf_ucs2(struct ktest *t)
{
	static const u16 path[] = { '\\', 'E', 'F', 'I', 0xe9, 0 };

	CHECK_UNCHECKED(t, "\\EFI?", "%ls", path);
	CHECK_UNCHECKED(t, "[  \\EF]", "[%5.3ls]", path);
	CHECK_UNCHECKED(t, "[\\E  ]", "[%-4.2ls]", path);
	CHECK_UNCHECKED(t, "(null)", "%ls", (const u16 *)NULL);
}

static const struct ktest_case lib_printf_cases[] = {
	KTEST_CASE(test_printf_decimal),
	KTEST_CASE(test_printf_length_modifiers),
	KTEST_CASE(test_printf_hex_octal),
	KTEST_CASE(test_printf_linux_log_formats),
	KTEST_CASE(test_printf_width_precision_flags),
	KTEST_CASE(test_printf_strings_chars),
	KTEST_CASE(test_printf_pointer),
	KTEST_CASE(test_printf_truncation),
	KTEST_CASE(test_scnprintf),
	KTEST_CASE(test_printf_unknown_conversions),
	KTEST_CASE(test_printf_many_args),
	KTEST_CASE(test_printf_ucs2),
	{}
};
KTEST_SUITE(lib_printf, lib_printf_cases);

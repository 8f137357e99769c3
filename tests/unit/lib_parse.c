/* SPDX-License-Identifier: GPL-2.0-only */
/* lib_parse: number, size, glob and command-line parsing, good and bad input. */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <lib/parse.h>
#include <lib/string.h>

static void test_kstrtoull_bases(struct ktest *t)
{
	unsigned long long v = 0;

	KTEST_EXPECT_EQ(t, kstrtoull("0", 0, &v), 0);
	KTEST_EXPECT_UEQ(t, v, 0);
	KTEST_EXPECT_EQ(t, kstrtoull("1234", 10, &v), 0);
	KTEST_EXPECT_UEQ(t, v, 1234);
	KTEST_EXPECT_EQ(t, kstrtoull("0x1F", 0, &v), 0);
	KTEST_EXPECT_UEQ(t, v, 0x1f);
	KTEST_EXPECT_EQ(t, kstrtoull("0X1f", 16, &v), 0);
	KTEST_EXPECT_UEQ(t, v, 0x1f);
	KTEST_EXPECT_EQ(t, kstrtoull("ff", 16, &v), 0);
	KTEST_EXPECT_UEQ(t, v, 0xff);
	KTEST_EXPECT_EQ(t, kstrtoull("017", 0, &v), 0);
	KTEST_EXPECT_UEQ(t, v, 017);
	KTEST_EXPECT_EQ(t, kstrtoull("017", 10, &v), 0);
	KTEST_EXPECT_UEQ(t, v, 17);
	KTEST_EXPECT_EQ(t, kstrtoull("+42", 10, &v), 0);
	KTEST_EXPECT_UEQ(t, v, 42);
	/* One trailing newline is allowed (sysfs-style input). */
	KTEST_EXPECT_EQ(t, kstrtoull("42\n", 10, &v), 0);
	KTEST_EXPECT_UEQ(t, v, 42);
	KTEST_EXPECT_EQ(t, kstrtoull("18446744073709551615", 10, &v), 0);
	KTEST_EXPECT_UEQ(t, v, UINT64_MAX);
	KTEST_EXPECT_EQ(t, kstrtoull("0xffffffffffffffff", 0, &v), 0);
	KTEST_EXPECT_UEQ(t, v, UINT64_MAX);
}

static void test_kstrtoull_rejects(struct ktest *t)
{
	unsigned long long v = 77;

	KTEST_EXPECT_EQ(t, kstrtoull("", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("+", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("-1", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull(" 1", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("1 ", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("12a", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("0x", 0, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("0x", 16, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("08", 0, &v), -EINVAL);	/* octal */
	KTEST_EXPECT_EQ(t, kstrtoull("1\n\n", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("1", 1, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("1", 17, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("18446744073709551616", 10, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoull("0x10000000000000000", 0, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoull("99999999999999999999999", 10, &v), -ERANGE);
	/* Failures leave the result alone. */
	KTEST_EXPECT_UEQ(t, v, 77);
}

static void test_kstrto_narrow(struct ktest *t)
{
	unsigned int u = 5;
	unsigned long ul = 5;
	int i = 5;

	KTEST_EXPECT_EQ(t, kstrtouint("4294967295", 10, &u), 0);
	KTEST_EXPECT_UEQ(t, u, UINT32_MAX);
	KTEST_EXPECT_EQ(t, kstrtouint("4294967296", 10, &u), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtouint("-1", 10, &u), -EINVAL);
	KTEST_EXPECT_UEQ(t, u, UINT32_MAX);

	KTEST_EXPECT_EQ(t, kstrtoint("-2147483648", 10, &i), 0);
	KTEST_EXPECT_EQ(t, i, INT32_MIN);
	KTEST_EXPECT_EQ(t, kstrtoint("2147483647", 10, &i), 0);
	KTEST_EXPECT_EQ(t, i, INT32_MAX);
	KTEST_EXPECT_EQ(t, kstrtoint("2147483648", 10, &i), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoint("-2147483649", 10, &i), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoint("-0x10", 0, &i), 0);
	KTEST_EXPECT_EQ(t, i, -16);
	KTEST_EXPECT_EQ(t, kstrtoint("-", 10, &i), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoint("-+1", 10, &i), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoint("--1", 10, &i), -EINVAL);
	KTEST_EXPECT_EQ(t, i, -16);

	KTEST_EXPECT_EQ(t, kstrtoul("4294967295", 10, &ul), 0);
	KTEST_EXPECT_UEQ(t, ul, 4294967295UL);
	if (sizeof(long) == 4)
		KTEST_EXPECT_EQ(t, kstrtoul("4294967296", 10, &ul), -ERANGE);
	else
		KTEST_EXPECT_EQ(t, kstrtoul("4294967296", 10, &ul), 0);
}

static void test_kstrtobool(struct ktest *t)
{
	static const struct { const char *s; int rc; bool v; } cases[] = {
		{ "y", 0, true }, { "Y", 0, true }, { "1", 0, true }, { "yes", 0, true },
		{ "on", 0, true }, { "ON", 0, true },
		{ "n", 0, false }, { "N", 0, false }, { "0", 0, false }, { "no", 0, false },
		{ "off", 0, false }, { "oFf", 0, false },
		{ "", -EINVAL, false }, { "o", -EINVAL, false }, { "x", -EINVAL, false },
		{ "2", -EINVAL, false }, { "true", -EINVAL, false },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		bool v = !cases[i].v;
		int rc = kstrtobool(cases[i].s, &v);

		KTEST_EXPECT_MSG(t, rc == cases[i].rc, "kstrtobool(\"%s\") = %d, want %d",
				 cases[i].s, rc, cases[i].rc);
		if (!cases[i].rc)
			KTEST_EXPECT_MSG(t, v == cases[i].v, "kstrtobool(\"%s\") gave %d",
					 cases[i].s, v);
	}
	KTEST_EXPECT_EQ(t, kstrtobool(NULL, &(bool){ false }), -EINVAL);
}

static void test_parse_ull_prefix(struct ktest *t)
{
	unsigned long long v = 0;
	const char *end = NULL;
	const char *s;

	s = "123abc";
	KTEST_EXPECT_EQ(t, parse_ull(s, &end, 10, &v), 0);
	KTEST_EXPECT_UEQ(t, v, 123);
	KTEST_EXPECT(t, end == s + 3);

	s = "0x1fG";
	KTEST_EXPECT_EQ(t, parse_ull(s, &end, 0, &v), 0);
	KTEST_EXPECT_UEQ(t, v, 0x1f);
	KTEST_EXPECT(t, end == s + 4);

	/* "0x" with no hex digit after it: just the 0, as Linux does. */
	s = "0xg";
	KTEST_EXPECT_EQ(t, parse_ull(s, &end, 0, &v), 0);
	KTEST_EXPECT_UEQ(t, v, 0);
	KTEST_EXPECT(t, end == s + 1);

	s = "abc";
	KTEST_EXPECT_EQ(t, parse_ull(s, &end, 10, &v), -EINVAL);
	KTEST_EXPECT(t, end == s);

	s = "99999999999999999999@1";
	KTEST_EXPECT_EQ(t, parse_ull(s, &end, 10, &v), -ERANGE);
	KTEST_EXPECT(t, end == s + 20);	/* past the digits even on overflow */

	KTEST_EXPECT_EQ(t, parse_ull("7", NULL, 10, &v), 0);
	KTEST_EXPECT_UEQ(t, v, 7);
}

static void test_memparse(struct ktest *t)
{
	static const struct { const char *s; unsigned long long v; size_t used; } ok[] = {
		{ "4096", 4096, 4 },
		{ "4k", 4096, 2 },
		{ "4K", 4096, 2 },
		{ "512M", 512ULL << 20, 4 },
		{ "2G", 2ULL << 30, 2 },
		{ "1T", 1ULL << 40, 2 },
		{ "1P", 1ULL << 50, 2 },
		{ "1E", 1ULL << 60, 2 },
		{ "0x1000M", 0x1000ULL << 20, 7 },
		{ "64M@16M", 64ULL << 20, 3 },
		{ "15E", 15ULL << 60, 3 },
		{ "7x", 7, 1 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		unsigned long long v = 0;
		const char *end = NULL;
		int rc = memparse_checked(ok[i].s, &end, &v);

		KTEST_EXPECT_MSG(t, rc == 0 && v == ok[i].v && end == ok[i].s + ok[i].used,
				 "memparse(\"%s\") = %d, %llu, used %d; want %llu, used %zu",
				 ok[i].s, rc, v, end ? (int)(end - ok[i].s) : -1,
				 ok[i].v, ok[i].used);
	}
	{
		unsigned long long v = 99;
		const char *end;

		KTEST_EXPECT_EQ(t, memparse_checked("M", &end, &v), -EINVAL);
		KTEST_EXPECT_EQ(t, memparse_checked("", &end, &v), -EINVAL);
		KTEST_EXPECT_EQ(t, memparse_checked("16E", &end, &v), -ERANGE);
		KTEST_EXPECT_EQ(t, memparse_checked("17179869184G", &end, &v), -ERANGE);
		KTEST_EXPECT_EQ(t, memparse_checked("99999999999999999999", &end, &v), -ERANGE);
		KTEST_EXPECT_UEQ(t, v, 99);
	}
}

static void test_glob_match(struct ktest *t)
{
	static const struct { const char *pat, *str; bool match; } cases[] = {
		{ "lib_*", "lib_string", true },
		{ "lib_*", "lib_", true },
		{ "lib_*", "li", false },
		{ "*", "", true },
		{ "*", "anything", true },
		{ "", "", true },
		{ "", "a", false },
		{ "a", "", false },
		{ "numa", "numa", true },
		{ "numa", "numa2", false },
		{ "*_smp", "spinlock_smp", true },
		{ "*_smp", "spinlock_sm", false },
		{ "a*b*c", "aXbYc", true },
		{ "a*b*c", "abcbc", true },
		{ "a*b*c", "aXbY", false },
		{ "a**b", "aXXb", true },
		{ "?", "x", true },
		{ "?", "", false },
		{ "n?ma", "numa", true },
		{ "[abc]x", "bx", true },
		{ "[abc]x", "dx", false },
		{ "[a-c]x", "cx", true },
		{ "[a-c]x", "dx", false },
		{ "[!a-c]x", "dx", true },
		{ "[!a-c]x", "ax", false },
		{ "[^a]", "b", true },
		{ "[]]", "]", true },
		{ "[a-]", "-", true },
		{ "[abc", "[abc", true },	/* unterminated class: literal '[' */
		{ "[abc", "a", false },
		{ "*[0-9]", "node12", true },
		{ "*[0-9]", "node", false },
		{ "*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		bool got = glob_match(cases[i].pat, cases[i].str);

		KTEST_EXPECT_MSG(t, got == cases[i].match, "glob_match(\"%s\", \"%s\") = %d",
				 cases[i].pat, cases[i].str, got);
	}
}

/* Split @line with next_arg; join "param|val" pairs with ';' ("param" alone if no value). */
static void split_args(const char *line, char *out, size_t size)
{
	char copy[128], *cursor = copy, *param, *val;
	size_t n = 0;

	strscpy(copy, line, sizeof(copy));
	out[0] = '\0';
	while ((param = next_arg(&cursor, &val)) != NULL && n + 1 < size) {
		size_t room = size - n;
		long w;

		w = strscpy(out + n, param, room);
		n = w < 0 ? size - 1 : n + (size_t)w;
		if (val && n + 1 < size) {
			out[n++] = '|';
			out[n] = '\0';
			w = strscpy(out + n, val, size - n);
			n = w < 0 ? size - 1 : n + (size_t)w;
		}
		if (n + 1 < size) {
			out[n++] = ';';
			out[n] = '\0';
		}
	}
}

static void test_next_arg(struct ktest *t)
{
	static const struct { const char *line, *want; } cases[] = {
		{ "", "" },
		{ "   ", "" },
		{ "quiet", "quiet;" },
		{ "a=1 b c=", "a|1;b;c|;" },
		{ "  a=1   b  ", "a|1;b;" },
		{ "a==1", "a|=1;" },
		{ "a=b=c", "a|b=c;" },
		{ "=x", "=x;" },			/* a leading '=' does not split */
		{ "x=\"a b\" y", "x|a b;y;" },		/* quoted value */
		{ "\"x=a b\" y", "x|a b;y;" },		/* quoted parameter */
		{ "x=\"\" y", "x|;y;" },
		{ "x=\"", "x|;" },			/* a lone quote, no crash */
		{ "\"", ";" },
		{ "a\tb\nc", "a;b;c;" },
		{ "x=a\"b c\" d", "x|a\"b c\";d;" },	/* inner quotes are kept */
		{ "-- init=1", "--;init|1;" },
	};
	char out[160];

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		split_args(cases[i].line, out, sizeof(out));
		KTEST_EXPECT_MSG(t, !strcmp(out, cases[i].want),
				 "next_arg over \"%s\": \"%s\", want \"%s\"",
				 cases[i].line, out, cases[i].want);
	}
}

static void test_next_list_item(struct ktest *t)
{
	char buf[8];
	const char *p;

	p = next_list_item("e820,numa", buf, sizeof(buf));
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_STREQ(t, buf, "e820");
	p = next_list_item(p, buf, sizeof(buf));
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_STREQ(t, buf, "numa");
	KTEST_EXPECT_NULL(t, next_list_item(p, buf, sizeof(buf)));

	/* Empty items are skipped. */
	p = next_list_item(",,a,,", buf, sizeof(buf));
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_STREQ(t, buf, "a");
	KTEST_EXPECT_NULL(t, next_list_item(p, buf, sizeof(buf)));

	KTEST_EXPECT_NULL(t, next_list_item("", buf, sizeof(buf)));
	KTEST_EXPECT_NULL(t, next_list_item(",", buf, sizeof(buf)));
	KTEST_EXPECT_NULL(t, next_list_item(NULL, buf, sizeof(buf)));

	/* A long item is truncated in buf but skipped whole. */
	p = next_list_item("memblock_debug,x", buf, sizeof(buf));
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_STREQ(t, buf, "membloc");
	p = next_list_item(p, buf, sizeof(buf));
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_STREQ(t, buf, "x");
}

static const struct ktest_case lib_parse_cases[] = {
	KTEST_CASE(test_kstrtoull_bases),
	KTEST_CASE(test_kstrtoull_rejects),
	KTEST_CASE(test_kstrto_narrow),
	KTEST_CASE(test_kstrtobool),
	KTEST_CASE(test_parse_ull_prefix),
	KTEST_CASE(test_memparse),
	KTEST_CASE(test_glob_match),
	KTEST_CASE(test_next_arg),
	KTEST_CASE(test_next_list_item),
	{}
};
KTEST_SUITE(lib_parse, lib_parse_cases);

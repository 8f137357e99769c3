/* SPDX-License-Identifier: GPL-2.0-only */
/* lib_string: lib/string.c against hand-computed results. */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <lib/string.h>

static void fill_pattern(u8 *p, size_t n, u8 seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (u8)(seed + i * 7);
}

static void test_memset_all_alignments(struct ktest *t)
{
	u8 buf[96];

	/* Every start offset and length around the word-sized fast path. */
	for (size_t off = 0; off < 9; off++) {
		for (size_t len = 0; len < 40; len++) {
			fill_pattern(buf, sizeof(buf), 1);
			KTEST_ASSERT(t, memset(buf + off, 0xa5, len) == buf + off);
			for (size_t i = 0; i < sizeof(buf); i++) {
				u8 want = (i >= off && i < off + len) ? 0xa5 : (u8)(1 + i * 7);

				if (buf[i] != want) {
					KTEST_EXPECT_MSG(t, false, "off %zu len %zu: buf[%zu] = %#x, want %#x",
							 off, len, i, buf[i], want);
					return;
				}
			}
		}
	}
	/* Only the low byte of c is used. */
	memset(buf, 0x1ff, 4);
	KTEST_EXPECT_EQ(t, buf[0], 0xff);
	KTEST_EXPECT_EQ(t, buf[3], 0xff);
}

static void test_memcpy_all_alignments(struct ktest *t)
{
	u8 src[64], dst[80];

	fill_pattern(src, sizeof(src), 3);
	for (size_t soff = 0; soff < 8; soff++) {
		for (size_t doff = 0; doff < 8; doff++) {
			for (size_t len = 0; len < 40; len += 3) {
				memset(dst, 0xee, sizeof(dst));
				KTEST_ASSERT(t, memcpy(dst + doff, src + soff, len) == dst + doff);
				for (size_t i = 0; i < sizeof(dst); i++) {
					u8 want = (i >= doff && i < doff + len) ?
						  src[soff + i - doff] : 0xee;

					if (dst[i] != want) {
						KTEST_EXPECT_MSG(t, false,
							"soff %zu doff %zu len %zu: dst[%zu] = %#x, want %#x",
							soff, doff, len, i, dst[i], want);
						return;
					}
				}
			}
		}
	}
}

static void test_memmove_overlap(struct ktest *t)
{
	u8 buf[64], ref[64];

	/* Shift a window both ways by every distance; compare with a slow copy. */
	for (int shift = -9; shift <= 9; shift++) {
		for (size_t len = 0; len < 30; len++) {
			size_t src = 16, dst = (size_t)(16 + shift);
			u8 tmp[64];

			fill_pattern(buf, sizeof(buf), 5);
			fill_pattern(ref, sizeof(ref), 5);
			for (size_t i = 0; i < len; i++)
				tmp[i] = ref[src + i];
			for (size_t i = 0; i < len; i++)
				ref[dst + i] = tmp[i];
			KTEST_ASSERT(t, memmove(buf + dst, buf + src, len) == buf + dst);
			if (memcmp(buf, ref, sizeof(buf))) {
				KTEST_EXPECT_MSG(t, false, "shift %d len %zu differs", shift, len);
				return;
			}
		}
	}
}

static void test_memcmp_memchr(struct ktest *t)
{
	const u8 a[] = { 1, 2, 3, 0x80 }, b[] = { 1, 2, 3, 0x7f };

	KTEST_EXPECT_EQ(t, memcmp(a, a, 4), 0);
	KTEST_EXPECT_EQ(t, memcmp(a, b, 3), 0);
	/* Bytes compare as unsigned: 0x80 > 0x7f. */
	KTEST_EXPECT_GT(t, memcmp(a, b, 4), 0);
	KTEST_EXPECT_LT(t, memcmp(b, a, 4), 0);
	KTEST_EXPECT_EQ(t, memcmp(a, b, 0), 0);

	KTEST_EXPECT(t, memchr(a, 3, 4) == a + 2);
	KTEST_EXPECT(t, memchr(a, 0x80, 4) == a + 3);
	KTEST_EXPECT(t, memchr(a, 0x180, 4) == a + 3);	/* compared as unsigned char */
	KTEST_EXPECT_NULL(t, memchr(a, 3, 2));
	KTEST_EXPECT_NULL(t, memchr(a, 9, 4));
}

static void test_strlen_strnlen(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, strlen(""), 0);
	KTEST_EXPECT_EQ(t, strlen("numa"), 4);
	KTEST_EXPECT_EQ(t, strnlen("numa", 2), 2);
	KTEST_EXPECT_EQ(t, strnlen("numa", 10), 4);
	KTEST_EXPECT_EQ(t, strnlen("numa", 0), 0);

	/* strnlen must not look past max: no terminator within the array. */
	{
		const char unterminated[3] = { 'a', 'b', 'c' };

		KTEST_EXPECT_EQ(t, strnlen(unterminated, sizeof(unterminated)), 3);
	}
}

static void test_strcmp_strncmp(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, strcmp("abc", "abc"), 0);
	KTEST_EXPECT_LT(t, strcmp("abc", "abd"), 0);
	KTEST_EXPECT_GT(t, strcmp("abd", "abc"), 0);
	KTEST_EXPECT_LT(t, strcmp("ab", "abc"), 0);
	KTEST_EXPECT_GT(t, strcmp("abc", "ab"), 0);
	KTEST_EXPECT_EQ(t, strcmp("", ""), 0);
	/* High-bit characters compare as unsigned char, as in C. */
	KTEST_EXPECT_GT(t, strcmp("\x80", "a"), 0);

	KTEST_EXPECT_EQ(t, strncmp("abcX", "abcY", 3), 0);
	KTEST_EXPECT_LT(t, strncmp("abcX", "abcY", 4), 0);
	KTEST_EXPECT_EQ(t, strncmp("a", "b", 0), 0);
	KTEST_EXPECT_EQ(t, strncmp("ab", "ab", 100), 0);
	KTEST_EXPECT_LT(t, strncmp("ab", "abc", 100), 0);
}

static void test_strchr_strrchr(struct ktest *t)
{
	const char *s = "a/b/c";

	KTEST_EXPECT(t, strchr(s, '/') == s + 1);
	KTEST_EXPECT(t, strrchr(s, '/') == s + 3);
	KTEST_EXPECT(t, strchr(s, 'a') == s);
	KTEST_EXPECT_NULL(t, strchr(s, 'x'));
	KTEST_EXPECT_NULL(t, strrchr(s, 'x'));
	/* The terminator is part of the string. */
	KTEST_EXPECT(t, strchr(s, '\0') == s + 5);
	KTEST_EXPECT(t, strrchr(s, '\0') == s + 5);
}

static void test_strstr(struct ktest *t)
{
	const char *h = "Zone ranges: DMA DMA32 Normal";

	KTEST_EXPECT(t, strstr(h, "DMA32") == h + 17);
	KTEST_EXPECT(t, strstr(h, "DMA") == h + 13);
	KTEST_EXPECT(t, strstr(h, "") == h);
	KTEST_EXPECT(t, strstr(h, "Normal") == h + 23);
	KTEST_EXPECT_NULL(t, strstr(h, "Normalx"));
	KTEST_EXPECT_NULL(t, strstr("", "a"));
	KTEST_EXPECT(t, strstr("aaab", "aab") != NULL);
}

static void test_strspn_strcspn(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, strspn("  \tx", " \t"), 3);
	KTEST_EXPECT_EQ(t, strspn("abc", ""), 0);
	KTEST_EXPECT_EQ(t, strspn("", "abc"), 0);
	KTEST_EXPECT_EQ(t, strcspn("name=value", "="), 4);
	KTEST_EXPECT_EQ(t, strcspn("name", "="), 4);
	KTEST_EXPECT_EQ(t, strcspn("a,b", ",;"), 1);
}

static void test_strscpy(struct ktest *t)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	KTEST_EXPECT_EQ(t, strscpy(buf, "node", sizeof(buf)), 4);
	KTEST_EXPECT_STREQ(t, buf, "node");

	/* Exactly fills: 7 characters and the NUL. */
	KTEST_EXPECT_EQ(t, strscpy(buf, "1234567", sizeof(buf)), 7);
	KTEST_EXPECT_STREQ(t, buf, "1234567");

	/* One too many: truncated, terminated, -E2BIG. */
	KTEST_EXPECT_EQ(t, strscpy(buf, "12345678", sizeof(buf)), -E2BIG);
	KTEST_EXPECT_STREQ(t, buf, "1234567");

	KTEST_EXPECT_EQ(t, strscpy(buf, "", sizeof(buf)), 0);
	KTEST_EXPECT_STREQ(t, buf, "");

	/* Size 0 writes nothing. */
	buf[0] = 'q';
	KTEST_EXPECT_EQ(t, strscpy(buf, "a", 0), -E2BIG);
	KTEST_EXPECT_EQ(t, buf[0], 'q');
	KTEST_EXPECT_EQ(t, strscpy(buf, "a", 1), -E2BIG);
	KTEST_EXPECT_EQ(t, buf[0], '\0');
}

static void test_str_has_prefix(struct ktest *t)
{
	KTEST_EXPECT_TRUE(t, str_has_prefix("numa=fake=4", "numa="));
	KTEST_EXPECT_TRUE(t, str_has_prefix("numa", ""));
	KTEST_EXPECT_TRUE(t, str_has_prefix("numa", "numa"));
	KTEST_EXPECT_FALSE(t, str_has_prefix("num", "numa"));
	KTEST_EXPECT_FALSE(t, str_has_prefix("", "n"));
}

static const struct ktest_case lib_string_cases[] = {
	KTEST_CASE(test_memset_all_alignments),
	KTEST_CASE(test_memcpy_all_alignments),
	KTEST_CASE(test_memmove_overlap),
	KTEST_CASE(test_memcmp_memchr),
	KTEST_CASE(test_strlen_strnlen),
	KTEST_CASE(test_strcmp_strncmp),
	KTEST_CASE(test_strchr_strrchr),
	KTEST_CASE(test_strstr),
	KTEST_CASE(test_strspn_strcspn),
	KTEST_CASE(test_strscpy),
	KTEST_CASE(test_str_has_prefix),
	{}
};
KTEST_SUITE(lib_string, lib_string_cases);

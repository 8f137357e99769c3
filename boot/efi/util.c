// SPDX-License-Identifier: GPL-2.0-only
/*
 * Freestanding helpers for the UEFI loader. memset/memcpy/memmove/memcmp are
 * the symbols GCC may emit calls to on its own, so they keep their C names.
 */
#include "loader.h"

void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;

	while (n--)
		*p++ = (unsigned char)c;
	return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || !n)
		return dst;
	if (d < s) {
		while (n--)
			*d++ = *s++;
	} else {
		while (n--)
			d[n] = s[n];
	}
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t ucs2_len(const CHAR16 *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

bool ascii_to_ucs2(CHAR16 *dst, size_t n, const char *src)
{
	size_t i;

	if (!n)
		return false;
	for (i = 0; src[i]; i++) {
		if (i + 1 >= n) {
			dst[i] = 0;
			return false;
		}
		dst[i] = (CHAR16)(unsigned char)src[i];
	}
	dst[i] = 0;
	return true;
}

bool ucs2_append(CHAR16 *dst, size_t n, const CHAR16 *src)
{
	size_t len = ucs2_len(dst), i;

	for (i = 0; src[i]; i++) {
		if (len + i + 1 >= n) {
			dst[len + i] = 0;
			return false;
		}
		dst[len + i] = src[i];
	}
	dst[len + i] = 0;
	return true;
}

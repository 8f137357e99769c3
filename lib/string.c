/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory and string functions for the freestanding kernel (and, renamed to
 * nb_*, for the hosted tests; see include/lib/string.h).
 *
 * The compiler may turn a byte loop into a call to memset/memcpy. Inside
 * those very functions that would recurse forever, so the loop-idiom pass is
 * switched off for the file's memory primitives.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <lib/string.h>

#if defined(__GNUC__) && !defined(__clang__)
#define __no_loop_idiom __attribute__((__optimize__("no-tree-loop-distribute-patterns")))
#else
#define __no_loop_idiom
#endif

typedef unsigned long __attribute__((__may_alias__)) word_t;
#define WORD_SIZE sizeof(word_t)

__no_loop_idiom void *memcpy(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	/* Word copies only when both pointers can be word aligned together. */
	if ((((uintptr_t)d ^ (uintptr_t)s) & (WORD_SIZE - 1)) == 0) {
		while (n && ((uintptr_t)d & (WORD_SIZE - 1))) {
			*d++ = *s++;
			n--;
		}
		while (n >= WORD_SIZE) {
			*(word_t *)d = *(const word_t *)s;
			d += WORD_SIZE;
			s += WORD_SIZE;
			n -= WORD_SIZE;
		}
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

__no_loop_idiom void *memmove(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	/* Forward copy is safe unless dst starts inside [src, src + n). */
	if (d <= s || (uintptr_t)d - (uintptr_t)s >= n)
		return memcpy(dst, src, n);
	d += n;
	s += n;
	while (n--)
		*--d = *--s;
	return dst;
}

__no_loop_idiom void *memset(void *p, int c, size_t n)
{
	u8 *d = p;
	u8 byte = (u8)c;

	if (n >= 2 * WORD_SIZE) {
		word_t w = (word_t)byte * (word_t)(~0UL / 0xff);

		while ((uintptr_t)d & (WORD_SIZE - 1)) {
			*d++ = byte;
			n--;
		}
		while (n >= WORD_SIZE) {
			*(word_t *)d = w;
			d += WORD_SIZE;
			n -= WORD_SIZE;
		}
	}
	while (n--)
		*d++ = byte;
	return p;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
	}
	return 0;
}

void *memchr(const void *p, int c, size_t n)
{
	const u8 *s = p;

	for (; n; n--, s++) {
		if (*s == (u8)c)
			return (void *)s;
	}
	return NULL;
}

size_t strlen(const char *s)
{
	const char *e = s;

	while (*e)
		e++;
	return (size_t)(e - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/* Comparisons are on unsigned char, as in the C library. */
int strcmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;

		if (x != y)
			return x < y ? -1 : 1;
		if (!x)
			return 0;
	}
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;

		if (x != y)
			return x < y ? -1 : 1;
		if (!x)
			return 0;
	}
	return 0;
}

/* As in C, the terminating NUL counts as part of the string. */
char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *haystack, const char *needle)
{
	size_t nl = strlen(needle);

	if (!nl)
		return (char *)haystack;
	for (; *haystack; haystack++) {
		if (*haystack == *needle && !strncmp(haystack, needle, nl))
			return (char *)haystack;
	}
	return NULL;
}

size_t strspn(const char *s, const char *accept)
{
	size_t n = 0;

	while (s[n] && strchr(accept, s[n]))
		n++;
	return n;
}

size_t strcspn(const char *s, const char *reject)
{
	size_t n = 0;

	while (s[n] && !strchr(reject, s[n]))
		n++;
	return n;
}

long strscpy(char *dst, const char *src, size_t size)
{
	size_t i;

	if (!size)
		return -E2BIG;
	for (i = 0; i < size; i++) {
		dst[i] = src[i];
		if (!src[i])
			return (long)i;
	}
	/* @src did not fit: keep what fits and terminate it. */
	dst[size - 1] = '\0';
	return -E2BIG;
}

bool str_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

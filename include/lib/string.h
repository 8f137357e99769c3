/* SPDX-License-Identifier: GPL-2.0-only */
/* Memory and string functions (lib/string.c). */
#ifndef NB_LIB_STRING_H
#define NB_LIB_STRING_H

#include <kernel/types.h>

#ifdef NB_HOSTED
/*
 * Hosted builds also link the C library: give ours their own symbols so the
 * tests exercise this code and libc (and the sanitizers' interceptors) keep
 * theirs.
 */
#define memcpy		nb_memcpy
#define memmove		nb_memmove
#define memset		nb_memset
#define memcmp		nb_memcmp
#define memchr		nb_memchr
#define strlen		nb_strlen
#define strnlen		nb_strnlen
#define strcmp		nb_strcmp
#define strncmp		nb_strncmp
#define strchr		nb_strchr
#define strrchr		nb_strrchr
#define strstr		nb_strstr
#define strscpy		nb_strscpy
#define strspn		nb_strspn
#define strcspn		nb_strcspn
#endif

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
/*
 * Copy a NUL-terminated string into a buffer of @size bytes, always
 * terminating it (if @size > 0). Returns the length copied, or -E2BIG if
 * @src did not fit (the buffer then holds a truncated copy).
 */
long strscpy(char *dst, const char *src, size_t size);

/* True if @s starts with @prefix. */
bool str_has_prefix(const char *s, const char *prefix);

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Freestanding UCS-2 helpers for the UEFI loader. The memory and string
 * functions (memset/memcpy, which GCC may call on its own, strlen, ...) are the
 * kernel's lib/string.c, linked in by mk/efi.mk.
 */
#include "loader.h"

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

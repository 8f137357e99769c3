/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Formatted output (lib/vsprintf.c).
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %% with flags '-', '0', '+', ' ',
 * '#', a width and a precision (numbers or '*'), and length modifiers hh, h,
 * l, ll, z, t, j. %p prints the pointer as 0x-prefixed hex; %ls a NUL-terminated
 * u16 (UCS-2) string, '?' for each character outside ASCII. This is what the
 * kernel's log formats need (Linux's %#010Lx-style forms: 'L' is taken as ll).
 */
#ifndef NB_LIB_PRINTF_H
#define NB_LIB_PRINTF_H

#include <kernel/types.h>
#include <kernel/compiler.h>

#ifdef NB_HOSTED
#define vsnprintf	nb_vsnprintf
#define snprintf	nb_snprintf
#define vscnprintf	nb_vscnprintf
#define scnprintf	nb_scnprintf
#endif

/* C99 semantics: returns the length the full output would have. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
/* Returns the number of characters actually written (excluding the NUL). */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args);
int scnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif

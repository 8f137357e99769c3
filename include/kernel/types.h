/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixed-width types shared by every layer. Only the compiler's freestanding
 * headers are used, so this works both in the kernel and in hosted builds.
 */
#ifndef NB_KERNEL_TYPES_H
#define NB_KERNEL_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

/* Physical addresses are 64-bit on both architectures (i386 runs with PAE). */
typedef u64 phys_addr_t;

#define BITS_PER_LONG		(8 * (int)sizeof(long))

#endif

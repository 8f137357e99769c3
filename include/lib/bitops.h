/* SPDX-License-Identifier: GPL-2.0-only */
/* Bit arithmetic on unsigned long, with Linux's names (linux/bitops.h, linux/log2.h). */
#ifndef NB_LIB_BITOPS_H
#define NB_LIB_BITOPS_H

#define BITS_PER_UL	((int)(sizeof(unsigned long) * 8))

/* The 1-based position of the highest set bit; 0 for 0. */
static inline int fls_long(unsigned long x)
{
	return x ? BITS_PER_UL - __builtin_clzl(x) : 0;
}

/* The largest power of two <= @x; @x must not be 0. */
static inline unsigned long rounddown_pow_of_two(unsigned long x)
{
	return 1UL << (fls_long(x) - 1);
}

#endif

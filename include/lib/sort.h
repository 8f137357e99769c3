/* SPDX-License-Identifier: GPL-2.0-only */
/* In-place heapsort (lib/sort.c): O(n log n), no allocation, not stable. */
#ifndef NB_LIB_SORT_H
#define NB_LIB_SORT_H

#include <kernel/types.h>

void sort(void *base, size_t num, size_t size,
	  int (*cmp)(const void *a, const void *b));

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Heapsort: O(n log n) comparisons in the worst case, O(1) extra space, no
 * recursion, so it is safe on early boot stacks and with firmware tables of
 * any order.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <lib/sort.h>

static void swap_elems(void *a, void *b, size_t size)
{
	/* Word-sized swaps when the element layout allows them. */
	if (size % sizeof(unsigned long) == 0 &&
	    ((uintptr_t)a | (uintptr_t)b) % sizeof(unsigned long) == 0) {
		unsigned long *x = a, *y = b;

		for (size_t n = size / sizeof(unsigned long); n; n--, x++, y++) {
			unsigned long t = *x;

			*x = *y;
			*y = t;
		}
		return;
	}
	for (u8 *x = a, *y = b; size; size--, x++, y++) {
		u8 t = *x;

		*x = *y;
		*y = t;
	}
}

/*
 * Restore the max-heap property below @root in the heap of @n elements:
 * every parent compares >= its children.
 */
static void sift_down(u8 *base, size_t root, size_t n, size_t size,
		      int (*cmp)(const void *, const void *))
{
	for (;;) {
		size_t child = 2 * root + 1;

		if (child >= n)
			return;
		if (child + 1 < n && cmp(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (cmp(base + root * size, base + child * size) >= 0)
			return;
		swap_elems(base + root * size, base + child * size, size);
		root = child;
	}
}

void sort(void *base, size_t num, size_t size,
	  int (*cmp)(const void *a, const void *b))
{
	u8 *b = base;

	if (num < 2 || !size)
		return;
	for (size_t i = num / 2; i-- > 0;)
		sift_down(b, i, num, size, cmp);
	/* Move the maximum behind the shrinking heap, one element at a time. */
	for (size_t n = num - 1; n > 0; n--) {
		swap_elems(b, b + n * size, size);
		sift_down(b, 0, n, size, cmp);
	}
}

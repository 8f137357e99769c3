/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Run-time contract checks, Linux's include/linux/mmdebug.h and
 * lockdep_assert_held(), built with CONFIG_DEBUG_VM (make DEBUG_VM=1, the
 * default of every build: the tests' and `make bench`'s).
 *
 * VM_BUG_ON(cond)            a contract the code relies on: BUG if broken
 * VM_BUG_ON_PAGE(cond, page) the same, with the page's state printed first
 * VM_WARN_ON_ONCE(cond)      worth one warning, not a stop
 * lockdep_assert_held(lock)  the comment says "under lock": the spinlock is
 *                            held (by someone: spin_is_locked(), no owner)
 * pcp_assert_held(pcp)       the same for a per-cpu list's lock
 * Without DEBUG_VM each still type-checks its argument and emits no code.
 */
#ifndef NB_MM_MMDEBUG_H
#define NB_MM_MMDEBUG_H

#include <kernel/panic.h>
#include <kernel/spinlock.h>

struct page;
/* Print @page's struct page fields and why (mm/validate.c). */
void dump_page(const struct page *page, const char *reason);

#ifdef CONFIG_DEBUG_VM
#define VM_BUG_ON(cond)		BUG_ON(cond)
#define VM_BUG_ON_PAGE(cond, page) do {						\
	if (unlikely(cond)) {							\
		dump_page(page, "VM_BUG_ON_PAGE(" #cond ")");			\
		BUG();								\
	}									\
} while (0)
#define VM_WARN_ON_ONCE(cond)	WARN_ON_ONCE(cond)
#else
#define VM_BUG_ON(cond)		((void)sizeof(!(cond)))
#define VM_BUG_ON_PAGE(cond, page) ((void)sizeof(!(cond)), (void)sizeof(page))
#define VM_WARN_ON_ONCE(cond)	((void)sizeof(!(cond)))
#endif

#define lockdep_assert_held(lock)	VM_BUG_ON(!spin_is_locked(lock))
#define pcp_assert_held(pcp)		VM_BUG_ON(!__atomic_load_n(&(pcp)->lock, __ATOMIC_RELAXED))

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * panic(), BUG() and WARN(). panic() never returns: it prints the message and
 * a backtrace, then stops the machine with a failure status (under QEMU,
 * through isa-debug-exit).
 */
#ifndef NB_KERNEL_PANIC_H
#define NB_KERNEL_PANIC_H

#include <kernel/types.h>
#include <kernel/compiler.h>

__noreturn void panic(const char *fmt, ...) __printf(1, 2);

/* Prints "WARNING: at file:line func" (and the message); returns nothing. */
void __warn(const char *file, int line, const char *func, const char *fmt, ...) __printf(4, 5);

#define BUG() panic("kernel BUG at %s:%d!", __FILE__, __LINE__)
#define BUG_ON(cond) do { if (unlikely(cond)) BUG(); } while (0)

#define WARN(cond, fmt, ...) ({						\
	bool __w = !!(cond);						\
	if (unlikely(__w))						\
		__warn(__FILE__, __LINE__, __func__, fmt, ##__VA_ARGS__);	\
	unlikely(__w);							\
})
#define WARN_ON(cond) WARN(cond, "%s", "")
#define WARN_ON_ONCE(cond) ({						\
	static bool __warned;						\
	bool __w = !!(cond);						\
	if (unlikely(__w) && !__warned) {				\
		__warned = true;					\
		__warn(__FILE__, __LINE__, __func__, "%s", "");		\
	}								\
	unlikely(__w);							\
})

/* Set once panic() has started; other code (tests, consoles) may look at it. */
extern volatile int panic_in_progress;

#endif

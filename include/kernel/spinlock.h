/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spinlocks: FIFO ticket locks, correct on SMP.
 *
 * A CPU takes the next ticket with one atomic add and spins until "owner"
 * reaches it; unlock hands the lock to the next ticket. Acquire ordering on
 * lock and release ordering on unlock make everything written inside a
 * critical section visible to the next holder.
 *
 * The _irqsave forms also mask interrupts on this CPU, so code that an
 * interrupt handler may re-enter (printk) cannot deadlock on its own lock.
 * Spinlocks are not recursive.
 */
#ifndef NB_KERNEL_SPINLOCK_H
#define NB_KERNEL_SPINLOCK_H

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <arch/cpu.h>

typedef struct {
	union {
		u32 val;		/* both halves, for trylock's compare-and-swap */
		struct {
			u16 owner;	/* ticket now allowed in */
			u16 next;	/* next ticket to hand out */
		};
	};
} spinlock_t;

_Static_assert(sizeof(spinlock_t) == sizeof(u32), "spinlock_t must be one 32-bit word");

#define __SPIN_LOCK_UNLOCKED	{ { .val = 0 } }
#define DEFINE_SPINLOCK(x)	spinlock_t x = __SPIN_LOCK_UNLOCKED

/* Word layout of val on little-endian x86: owner in bits 0-15, next in 16-31. */
#define __SPIN_TICKET_SHIFT	16

static inline void spin_lock_init(spinlock_t *lock)
{
	__atomic_store_n(&lock->val, 0, __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(spinlock_t *lock)
{
	u32 v = __atomic_load_n(&lock->val, __ATOMIC_RELAXED);

	return (u16)v != (u16)(v >> __SPIN_TICKET_SHIFT);
}

static inline void spin_lock(spinlock_t *lock)
{
	u16 ticket = __atomic_fetch_add(&lock->next, 1, __ATOMIC_ACQUIRE);

	while (__atomic_load_n(&lock->owner, __ATOMIC_ACQUIRE) != ticket)
		cpu_relax();
}

/* Take the lock only if nobody holds or waits for it; true on success. */
static inline bool spin_trylock(spinlock_t *lock)
{
	u32 old = __atomic_load_n(&lock->val, __ATOMIC_RELAXED);
	u16 owner = (u16)old, next = (u16)(old >> __SPIN_TICKET_SHIFT);
	u32 want;

	if (owner != next)
		return false;
	want = ((u32)(u16)(next + 1) << __SPIN_TICKET_SHIFT) | owner;
	return __atomic_compare_exchange_n(&lock->val, &old, want, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *lock)
{
	/* Only the holder writes owner, so a plain read-increment is race-free. */
	u16 owner = __atomic_load_n(&lock->owner, __ATOMIC_RELAXED);

	__atomic_store_n(&lock->owner, (u16)(owner + 1), __ATOMIC_RELEASE);
}

#define spin_lock_irqsave(lock, flags) do {				\
	(flags) = arch_irq_save();					\
	spin_lock(lock);						\
} while (0)

#define spin_trylock_irqsave(lock, flags) ({				\
	bool __got;							\
	(flags) = arch_irq_save();					\
	__got = spin_trylock(lock);					\
	if (!__got)							\
		arch_irq_restore(flags);				\
	__got;								\
})

static inline void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	spin_unlock(lock);
	arch_irq_restore(flags);
}

#endif

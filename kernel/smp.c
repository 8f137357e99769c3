// SPDX-License-Identifier: GPL-2.0-only
/*
 * Cross-CPU function calls (the interface is in include/arch/smp.h) and the
 * generic CPU state: nr_cpu_ids, the online mask, the per-CPU offsets.
 *
 * Each CPU has a call queue, a lock-free list of call slots pushed by any
 * CPU (compare-and-swap) and taken whole by its owner (exchange) in the
 * cross-call interrupt. A caller uses its own slot for each target CPU
 * (call_slots, a per-CPU array indexed by target), so callers never contend
 * for a slot. The IPI is sent only when the caller's push found the queue
 * empty: a non-empty queue already has an interrupt on the way, and the
 * owner takes everything on it at once.
 *
 * A slot's CSD_FLAG_LOCK is set by its owner (the caller) when it fills
 * the slot and cleared by the target: after the function returned for a
 * waited-for call (CSD_FLAG_SYNC), before calling it otherwise. The owner
 * reuses a slot only once it is clear. Waiting callers run their own
 * CPU's queue while they spin, so CPUs calling each other with interrupts
 * off still make progress.
 *
 * Memory ordering: filling a slot happens-before the target reads it (the
 * release push, the acquire exchange); what the function wrote
 * happens-before the waiting caller returns (release unlock, acquire wait).
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/spinlock.h>
#include <arch/cpu.h>
#include <arch/smp.h>

unsigned int nr_cpu_ids = 1;
unsigned long __cpu_online_mask[CPU_MASK_LONGS] = { 1 };	/* the boot CPU */
unsigned long __per_cpu_offset[NR_CPUS];

#define CSD_FLAG_LOCK	0x1
#define CSD_FLAG_SYNC	0x2

struct call_single_data {
	struct call_single_data *next;
	smp_call_func_t func;
	void *info;
	unsigned int flags;
};

static DEFINE_PER_CPU(struct call_single_data *, call_queue);
static DEFINE_PER_CPU(struct call_single_data[NR_CPUS], call_slots);

void generic_smp_call_function_interrupt(void)
{
	struct call_single_data *list, *fifo = NULL;

	list = __atomic_exchange_n(this_cpu_ptr(&call_queue), NULL, __ATOMIC_ACQUIRE);
	/* Pushed last-first: run them in the order they were queued. */
	while (list) {
		struct call_single_data *next = list->next;

		list->next = fifo;
		fifo = list;
		list = next;
	}
	while (fifo) {
		struct call_single_data *csd = fifo;
		smp_call_func_t func = csd->func;
		void *info = csd->info;

		fifo = csd->next;	/* read before the slot can be reused */
		if (csd->flags & CSD_FLAG_SYNC) {
			func(info);
			__atomic_store_n(&csd->flags, 0, __ATOMIC_RELEASE);
		} else {
			__atomic_store_n(&csd->flags, 0, __ATOMIC_RELEASE);
			func(info);
		}
	}
}

static void csd_wait(struct call_single_data *csd)
{
	while (__atomic_load_n(&csd->flags, __ATOMIC_ACQUIRE) & CSD_FLAG_LOCK) {
		generic_smp_call_function_interrupt();
		cpu_relax();
	}
}

/* Queue @func on @cpu (online, not this one) through this CPU's slot for it. Interrupts off. */
static struct call_single_data *queue_call(unsigned int cpu, smp_call_func_t func, void *info,
					   bool wait)
{
	struct call_single_data *csd = &(*this_cpu_ptr(&call_slots))[cpu];
	struct call_single_data **head = per_cpu_ptr(&call_queue, cpu);
	struct call_single_data *old;

	csd_wait(csd);
	csd->func = func;
	csd->info = info;
	csd->flags = CSD_FLAG_LOCK | (wait ? CSD_FLAG_SYNC : 0);
	old = __atomic_load_n(head, __ATOMIC_RELAXED);
	do {
		csd->next = old;
	} while (!__atomic_compare_exchange_n(head, &old, csd, true, __ATOMIC_RELEASE,
					      __ATOMIC_RELAXED));
	if (!old)
		arch_send_call_function_ipi(cpu);
	return csd;
}

int smp_call_function_single(unsigned int cpu, smp_call_func_t func, void *info, bool wait)
{
	unsigned long flags;

	if (!cpu_online(cpu))
		return -ENXIO;
	flags = arch_irq_save();
	if (cpu == smp_processor_id()) {
		func(info);
	} else {
		struct call_single_data *csd = queue_call(cpu, func, info, wait);

		if (wait)
			csd_wait(csd);
	}
	arch_irq_restore(flags);
	return 0;
}

/* Queue on every other online CPU; interrupts off. */
static void call_others(smp_call_func_t func, void *info, bool wait)
{
	unsigned int cpu, me = smp_processor_id();

	for_each_online_cpu(cpu)
		if (cpu != me)
			queue_call(cpu, func, info, wait);
}

static void wait_others(void)
{
	unsigned int cpu, me = smp_processor_id();

	for_each_online_cpu(cpu)
		if (cpu != me)
			csd_wait(&(*this_cpu_ptr(&call_slots))[cpu]);
}

void smp_call_function(smp_call_func_t func, void *info, bool wait)
{
	unsigned long flags = arch_irq_save();

	call_others(func, info, wait);
	if (wait)
		wait_others();
	arch_irq_restore(flags);
}

void on_each_cpu(smp_call_func_t func, void *info, bool wait)
{
	unsigned long flags = arch_irq_save();

	call_others(func, info, wait);
	func(info);
	if (wait)
		wait_others();
	arch_irq_restore(flags);
}

/* ---- smp_call_all ---- */

struct call_all {
	smp_call_func_t func;
	void *info;
	unsigned int nr;		/* CPUs taking part */
	unsigned int arrived;		/* at the barrier */
	unsigned int done;		/* returned from func */
};

static void call_all_entry(void *p)
{
	struct call_all *c = p;

	__atomic_add_fetch(&c->arrived, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&c->arrived, __ATOMIC_ACQUIRE) < c->nr)
		cpu_relax();
	c->func(c->info);
	__atomic_add_fetch(&c->done, 1, __ATOMIC_RELEASE);
}

/* One smp_call_all() at a time: two would each hold CPUs the other's barrier waits for. */
static DEFINE_SPINLOCK(call_all_lock);

void smp_call_all(smp_call_func_t func, void *info)
{
	struct call_all c = { .func = func, .info = info };
	unsigned long flags = arch_irq_save();

	while (!spin_trylock(&call_all_lock)) {
		generic_smp_call_function_interrupt();
		cpu_relax();
	}
	c.nr = num_online_cpus();
	/* Not waited for: the slots are free once the others have started; c.done says when they end. */
	call_others(call_all_entry, &c, false);
	call_all_entry(&c);
	while (__atomic_load_n(&c.done, __ATOMIC_ACQUIRE) < c.nr) {
		generic_smp_call_function_interrupt();
		cpu_relax();
	}
	spin_unlock(&call_all_lock);
	arch_irq_restore(flags);
}

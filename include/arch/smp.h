/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The contract between generic code (mm/, kernel/, tests) and the
 * architecture for CPUs: which CPUs exist and run, which one runs this code,
 * per-CPU variables, and running functions on other CPUs.
 *
 * CPU numbers are logical and dense: 0 .. nr_cpu_ids - 1, CPU 0 is the boot
 * CPU. They are the CPUs of numa_topology() (include/mm/numa.h): CPU n's
 * APIC id is cpu_apicid[n] and its node cpu_to_node(n). nr_cpu_ids is fixed
 * once the topology is registered; there is no CPU hotplug.
 *
 * A CPU is online from the moment it runs kernel C code with its own
 * per-CPU area until the machine stops; before smp_init() only CPU 0 is.
 *
 * Per-CPU variables (Linux's scheme, without the zero-based linking):
 *
 *	DEFINE_PER_CPU(struct foo, foo);	// one instance per CPU
 *	struct foo *f = this_cpu_ptr(&foo);	// this CPU's
 *	struct foo *g = per_cpu_ptr(&foo, cpu);	// any CPU's
 *	this_cpu_add(counter, 1);		// one instruction: safe against
 *						// this CPU's interrupts
 *
 * The variables are linked into a template section; every possible CPU
 * gets a copy of it (its per-CPU area, allocated on the CPU's node when
 * that node has memory the kernel maps) and per_cpu_ptr(&var, cpu) is
 * &var + __per_cpu_offset[cpu]. &var itself names the template: use it
 * only through these accessors. Before the areas exist (early boot), CPU 0
 * runs on the template itself (offset 0); the areas are set up before the
 * page allocator takes over from memblock, and the template's contents at
 * that moment are what every area starts with. A pointer from
 * this_cpu_ptr() taken before that switch keeps pointing at the template.
 *
 * There is no preemption and no migration: code runs on one CPU from start
 * to end, so this_cpu_ptr() stays valid for as long as the caller runs.
 * What can interleave on the same CPU is an interrupt handler: data shared
 * with one needs arch_irq_save() or a single-instruction this_cpu_*() op.
 *
 * Cross-CPU calls (kernel/smp.c): the function runs on the target CPU in
 * interrupt context with interrupts off, and must not sleep-wait for
 * anything the caller holds. Waiting callers keep running the calls queued
 * for their own CPU, so two CPUs calling each other do not deadlock even
 * with interrupts off. Callers must not hold a spinlock that the function
 * takes.
 */
#ifndef NB_ARCH_SMP_H
#define NB_ARCH_SMP_H

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/config.h>	/* NR_CPUS */

#define CPU_MASK_LONGS		((NR_CPUS + BITS_PER_LONG - 1) / BITS_PER_LONG)

/* Possible CPUs: 0 .. nr_cpu_ids - 1 (the topology's CPUs; 1 until it is registered). */
extern unsigned int nr_cpu_ids;
/*
 * Bit n: CPU n is online. Changed only with set_cpu_online() (atomic
 * read-modify-write of one word), by the CPU concerned.
 */
extern unsigned long __cpu_online_mask[CPU_MASK_LONGS];

static inline bool cpu_possible(unsigned int cpu)
{
	return cpu < nr_cpu_ids;
}

static inline bool cpu_online(unsigned int cpu)
{
	return cpu < NR_CPUS &&
	       ((__atomic_load_n(&__cpu_online_mask[cpu / BITS_PER_LONG], __ATOMIC_ACQUIRE) >>
		 (cpu % BITS_PER_LONG)) & 1);
}

static inline unsigned int num_online_cpus(void)
{
	unsigned int n = 0;

	for (int i = 0; i < CPU_MASK_LONGS; i++)
		n += (unsigned int)__builtin_popcountl(__atomic_load_n(&__cpu_online_mask[i],
								       __ATOMIC_ACQUIRE));
	return n;
}

static inline void set_cpu_online(unsigned int cpu, bool online)
{
	unsigned long bit = 1UL << (cpu % BITS_PER_LONG);

	if (online)
		__atomic_fetch_or(&__cpu_online_mask[cpu / BITS_PER_LONG], bit, __ATOMIC_RELEASE);
	else
		__atomic_fetch_and(&__cpu_online_mask[cpu / BITS_PER_LONG], ~bit, __ATOMIC_RELEASE);
}

#define for_each_possible_cpu(cpu) \
	for ((cpu) = 0; (cpu) < nr_cpu_ids; (cpu)++)
#define for_each_online_cpu(cpu) \
	for ((cpu) = 0; (cpu) < nr_cpu_ids; (cpu)++) if (!cpu_online(cpu)) {} else

/* ---- per-CPU variables ---- */

/* Template layout is the architecture's (see asm/percpu.h); the offsets are generic. */
extern unsigned long __per_cpu_offset[NR_CPUS];

#ifdef NB_HOSTED
#define __PER_CPU_SECTION	"nb_percpu"
#else
#define __PER_CPU_SECTION	".data..percpu"
#endif

#define DECLARE_PER_CPU(type, name)	extern __typeof__(type) name
#define DEFINE_PER_CPU(type, name)	__section(__PER_CPU_SECTION) __typeof__(type) name
/* Starts on its own cache line (and ends before the next variable's line). */
#define DEFINE_PER_CPU_ALIGNED(type, name) \
	__section(__PER_CPU_SECTION) __aligned(64) __typeof__(type) name

#define per_cpu_ptr(ptr, cpu) \
	((__typeof__(ptr))((char *)(ptr) + __per_cpu_offset[(cpu)]))
#define per_cpu(var, cpu)	(*per_cpu_ptr(&(var), (cpu)))

#ifdef NB_HOSTED
/*
 * Hosted (tests/host/stubs.c): each thread is one CPU, CPU 0 unless it
 * said otherwise; every CPU below nr_cpu_ids counts as online. Its node is
 * the topology's cpu_to_node() (the kernel keeps it per CPU, asm/percpu.h).
 */
#include <mm/numa.h>
extern _Thread_local unsigned int __hosted_cpu;
static inline unsigned long __my_cpu_offset(void) { return __per_cpu_offset[__hosted_cpu]; }
static inline unsigned int raw_smp_processor_id(void) { return __hosted_cpu; }
static inline int numa_node_id(void) { return cpu_to_node(__hosted_cpu); }
#define this_cpu_ptr(ptr)	((__typeof__(ptr))((char *)(ptr) + __my_cpu_offset()))
#define this_cpu_add(var, val)	((void)(*this_cpu_ptr(&(var)) += (val)))
#else
/* The kernel: a segment base points at this CPU's area (asm/percpu.h). */
#include <asm/percpu.h>
#endif

/*
 * Dynamic per-CPU memory (Linux's alloc_percpu()), for per-CPU data whose
 * number is known only at run time (per-zone page lists, per-zone counter
 * deltas): @size zeroed bytes in every CPU's area, reached with
 * per_cpu_ptr()/this_cpu_ptr() like a DEFINE_PER_CPU variable, never
 * dereferenced directly. Every CPU's copy is in its per-CPU area, so on its
 * node. Allocations are never freed; NULL when the areas' dynamic part is
 * used up, or before the areas exist (kernel: setup_per_cpu_areas(), in
 * setup_arch() before mem_init()). Safe from any CPU.
 */
void *alloc_percpu_bytes(size_t size, size_t align);
#define alloc_percpu(type) \
	((__typeof__(type) *)alloc_percpu_bytes(sizeof(type), __alignof__(type)))

/*
 * smp_processor_id(): this CPU's number. numa_node_id(): its node (Linux's;
 * cpu_to_node(smp_processor_id()) read from the per-CPU area).
 */
#define smp_processor_id()	raw_smp_processor_id()
#define this_cpu_read(var)	(*this_cpu_ptr(&(var)))
#define this_cpu_write(var, v)	((void)(*this_cpu_ptr(&(var)) = (v)))
#define this_cpu_inc(var)	this_cpu_add(var, 1)
#define this_cpu_dec(var)	this_cpu_add(var, -1)
#define this_cpu_sub(var, v)	this_cpu_add(var, -(v))

/* ---- running functions on other CPUs (kernel/smp.c) ---- */

typedef void (*smp_call_func_t)(void *info);

/*
 * Run @func(@info) on @cpu (on this CPU directly, with interrupts off).
 * With @wait, return once it has returned. 0, or -ENXIO if @cpu is offline.
 */
int smp_call_function_single(unsigned int cpu, smp_call_func_t func, void *info, bool wait);
/* On every other online CPU. */
void smp_call_function(smp_call_func_t func, void *info, bool wait);
/* On every online CPU, this one included (here with interrupts off). */
void on_each_cpu(smp_call_func_t func, void *info, bool wait);
/*
 * For self-tests: every online CPU first meets the others at a barrier,
 * then runs @func(@info), all at the same time; returns when every one has
 * returned. One smp_call_all() at a time (concurrent callers take turns).
 */
void smp_call_all(smp_call_func_t func, void *info);

/* ---- bring-up and shutdown (the architecture) ---- */

/* Start every possible CPU (start_kernel, after setup_arch). Prints Linux's smp: lines. */
void smp_init(void);
/* Stop every other CPU (panic): they halt with interrupts off. */
void smp_send_stop(void);

/* Between kernel/smp.c and the architecture. */
/* Interrupt @cpu so that it runs generic_smp_call_function_interrupt(). */
void arch_send_call_function_ipi(unsigned int cpu);
/* Run the calls queued for this CPU (from the IPI handler, interrupts off). */
void generic_smp_call_function_interrupt(void);

#endif

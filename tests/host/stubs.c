/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hosted implementations of the architecture contract (include/arch/cpu.h)
 * and of panic()/__warn(), so that lib/, kernel/ and mm/ run as ordinary
 * programs. This file may use the C library; it includes no project header
 * that renames libc symbols.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <arch/cpu.h>
#include <arch/memmap.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

volatile int panic_in_progress;

static u64 clock_base_ns;

static u64 monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

/* Time since the first call, like a kernel's time since boot. */
u64 local_clock(void)
{
	u64 now = monotonic_ns();

	if (!clock_base_ns)
		clock_base_ns = now;
	return now - clock_base_ns;
}

u64 arch_cycles(void)
{
	return __builtin_ia32_rdtsc();
}

/*
 * There are no interrupts to mask hosted; keep a per-thread "masked" state
 * so save/restore pairs still nest the way they do in the kernel.
 */
static _Thread_local unsigned long irq_masked;

unsigned long arch_irq_save(void)
{
	unsigned long old = irq_masked;

	irq_masked = 1;
	return old;
}

void arch_irq_restore(unsigned long flags)
{
	irq_masked = flags;
}

void cpu_relax(void)
{
	__builtin_ia32_pause();
}

__noreturn void arch_exit(int code)
{
	exit(code == ARCH_EXIT_SUCCESS ? 0 : 1);
}

void dump_stack(void)
{
}

long copy_from_kernel_nofault(void *dst, const void *src, size_t size)
{
	memcpy(dst, src, size);
	return 0;
}

long copy_to_kernel_nofault(void *dst, const void *src, size_t size)
{
	memcpy(dst, src, size);
	return 0;
}

/* include/arch/memmap.h: hosted memory has no architecture-made gaps in its memmap. */
bool arch_memmap_skip_range(unsigned long *start_pfn, unsigned long *end_pfn)
{
	(void)start_pfn;
	(void)end_pfn;
	return false;
}

/* A hosted panic is a test-program crash: say why on stderr and abort. */
__noreturn void panic(const char *fmt, ...)
{
	va_list args;

	panic_in_progress = 1;
	fputs("Kernel panic - not syncing: ", stderr);
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fputc('\n', stderr);
	fflush(NULL);
	abort();
}

/*
 * The include/arch/smp.h contract, hosted: one CPU per thread (CPU 0 unless
 * a test sets __hosted_cpu), all per-CPU variables in their template (every
 * offset 0), and every CPU number counting as online, so that reports list
 * a topology's CPUs as the kernel does once they are all up.
 */
#include <arch/smp.h>

unsigned int nr_cpu_ids = 1;
unsigned long __cpu_online_mask[CPU_MASK_LONGS] = { [0 ... CPU_MASK_LONGS - 1] = ~0UL };
unsigned long __per_cpu_offset[NR_CPUS];
_Thread_local unsigned int __hosted_cpu;

/* Every CPU's per-CPU data is the template: running @func once runs it "on each". */
void on_each_cpu(smp_call_func_t func, void *info, bool wait)
{
	(void)wait;
	func(info);
}

/*
 * Every offset is 0, so one zeroed block serves as every CPU's copy. The
 * blocks come from a static arena, reset with each simulated machine
 * (hosted_percpu_reset()), as the kernel's per-CPU areas are made anew at
 * each boot.
 */
static _Alignas(64) unsigned char percpu_arena[1 << 20];
static size_t percpu_used;

void hosted_percpu_reset(void)
{
	memset(percpu_arena, 0, percpu_used);
	percpu_used = 0;
}

void *alloc_percpu_bytes(size_t size, size_t align)
{
	size_t at;

	if (!align || (align & (align - 1)) || align > 64)
		return NULL;
	at = (percpu_used + align - 1) & ~(align - 1);
	if (at + size > sizeof(percpu_arena))
		return NULL;
	percpu_used = at + size;
	return percpu_arena + at;
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * How a benchmark knows the TSC counts instructions (QEMU TCG with -icount):
 * shared by arch/x86/bench.c and the Linux module tools/bench-linux/nb_bench.c
 * (`make bench-linux` copies this file next to it), so that both sides decide
 * the same way. No #include: the includer supplies u64, bool and rdtsc().
 */
#ifndef NB_ASM_BENCH_ICOUNT_H
#define NB_ASM_BENCH_ICOUNT_H

/* TSC ticks over @n rounds of a two-instruction loop (dec, jnz). */
static __attribute__((__noinline__, __unused__)) u64 nb_ticks_over_loop(unsigned long n)
{
	u64 t0, t1;

	t0 = rdtsc();
	__asm__ __volatile__("1: dec %0\n\tjnz 1b" : "+r"(n) : : "cc");
	t1 = rdtsc();
	return t1 - t0;
}

/*
 * Under -icount shift=N the TSC advances 2^N per guest instruction: 1000
 * more rounds (2000 instructions) are exactly 2000 << N ticks, every time.
 * A clock-driven TSC (TCG without -icount, KVM, hardware) never gives the
 * same exact power-of-two multiple three times running.
 */
static inline bool nb_tsc_counts_instructions(unsigned int *shift)
{
	for (unsigned int s = 0; s <= 10; s++) {
		bool exact = true;

		for (int i = 0; i < 3 && exact; i++)
			exact = nb_ticks_over_loop(2000) - nb_ticks_over_loop(1000) == (2000ULL << s);
		if (exact) {
			*shift = s;
			return true;
		}
	}
	return false;
}

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The in-kernel benchmark runner (kernel/bench.c), selected with
 *
 *	bench=all | bench=NAME[,NAME...]	which benchmarks (default: none)
 *	bench.mode=icount|kvm|tcg		what the harness believes the
 *						machine is (checked, see below)
 *
 * The benchmarks run after the self-tests and before the dumps, with
 * interrupts off, and print one line each on the console (no timestamp):
 *
 *	bench: test=<name> ops=<count> insns_per_op=<n> [cycles_per_op=<n>] [key=value...]
 *
 * See the top of kernel/bench.c for what each figure means and how it is
 * taken, and README.md ("Benchmarks") for `make bench`.
 */
#ifndef NB_KERNEL_BENCH_H
#define NB_KERNEL_BENCH_H

#include <kernel/types.h>

/*
 * Run the benchmarks bench= selected (nothing if none). False if one of
 * them could not run as it should (an allocation failed, pages were lost,
 * the free lists are inconsistent afterwards, or a name is unknown).
 */
bool bench_run(void);

/*
 * The hook around memmap_init() in setup_arch(): the cost of initialising
 * the memmap is measured on every boot (two counter reads) and reported as
 * memmap_init_per_page when bench= asks for it.
 */
void bench_memmap_init_begin(void);
void bench_memmap_init_end(void);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The architecture's side of the benchmark runner (kernel/bench.c): how
 * the machine counts, and an instruction counter where one exists.
 *
 *  BENCH_MODE_ICOUNT  QEMU TCG with -icount shift=N: the TSC advances by
 *                     2^N per guest instruction, so TSC deltas >> N are
 *                     exact instruction counts (deterministic figures).
 *  BENCH_MODE_KVM     a hardware-virtualised CPU (KVM's CPUID signature):
 *                     the TSC counts cycles; instructions come from the
 *                     PMU when the vCPU has one (-cpu host).
 *  BENCH_MODE_TCG     TCG without -icount: the TSC follows the host's
 *                     clock, and the figures are noise.
 */
#ifndef NB_ARCH_BENCH_H
#define NB_ARCH_BENCH_H

#include <kernel/types.h>

enum bench_mode { BENCH_MODE_UNKNOWN, BENCH_MODE_ICOUNT, BENCH_MODE_KVM, BENCH_MODE_TCG };

/*
 * Find out how this machine counts: the hypervisor's CPUID signature, then,
 * on TCG, whether the TSC advances by exactly 2^shift per instruction over
 * a loop of known length (sets *shift). Interrupts must be off.
 */
enum bench_mode arch_bench_detect(unsigned int *shift);

/* The hypervisor's CPUID signature ("KVMKVMKVM", "TCGTCGTCGTCG", ... or ""). */
const char *arch_hypervisor_name(void);

/*
 * A retired-instruction counter (the PMU's), started on first use.
 * arch_insn_counter_start() returns false when there is none; then
 * arch_insns() returns 0.
 */
bool arch_insn_counter_start(void);
u64 arch_insns(void);

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Busy-wait delays on the TSC (calibrated by tsc_init()). Without a
 * calibration they fall back to a loop of PAUSEs assumed to take at least
 * a nanosecond each, which errs on the long side.
 */
#include <kernel/types.h>
#include <arch/cpu.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/smp.h>

void udelay(unsigned long usecs)
{
	if (!tsc_khz) {
		for (u64 i = 0; i < (u64)usecs * 1000; i++)
			cpu_relax();
		return;
	}
	u64 start = rdtsc(), cycles = (u64)usecs * tsc_khz / 1000;

	while (rdtsc() - start < cycles)
		cpu_relax();
}

void mdelay(unsigned long msecs)
{
	while (msecs--)
		udelay(1000);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The include/arch/cpu.h contract for x86: the TSC clock (calibrated
 * against the PIT) and stopping the machine. Interrupt masking is inline,
 * in asm/irqflags.h.
 */
#include <kernel/types.h>
#include <kernel/printk.h>
#include <arch/cpu.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <kernel/gdbstub.h>

u64 tsc_khz;
static u64 tsc_at_boot;
/* ns = cycles * tsc_mult >> TSC_SHIFT, computed in two halves to avoid overflow. */
#define TSC_SHIFT 22
static u64 tsc_mult;

u64 arch_cycles(void)
{
	return rdtsc();
}

u64 local_clock(void)
{
	if (!tsc_mult)
		return 0;
	u64 c = rdtsc() - tsc_at_boot;
	u64 hi = c >> TSC_SHIFT, lo = c & ((1ULL << TSC_SHIFT) - 1);
	return hi * tsc_mult + ((lo * tsc_mult) >> TSC_SHIFT);
}

/*
 * Count TSC cycles over 10 ms of PIT channel 2 (mode 0, gate on, speaker
 * off): the output bit in port 0x61 rises when the count reaches zero.
 */
#define PIT_HZ		1193182
#define CAL_MS		10
static u64 pit_calibrate_tsc(void)
{
	u16 latch = PIT_HZ / (1000 / CAL_MS);
	u64 t0, t1;
	unsigned long spins = 0;

	outb(0x61, (inb(0x61) & ~0x02) | 0x01);
	outb(0x43, 0xB0);		/* channel 2, lobyte/hibyte, mode 0 */
	outb(0x42, latch & 0xff);
	outb(0x42, latch >> 8);
	t0 = rdtsc();
	while (!(inb(0x61) & 0x20)) {
		if (++spins > 100000000UL)
			return 0;
	}
	t1 = rdtsc();
	return (t1 - t0) / CAL_MS;
}

void tsc_init(void)
{
	u64 khz = pit_calibrate_tsc();

	if (!khz) {
		pr_warn("tsc: PIT calibration failed, timestamps stay at zero\n");
		return;
	}
	tsc_khz = khz;
	tsc_mult = (1000000ULL << TSC_SHIFT) / khz;
	tsc_at_boot = rdtsc();
	pr_info("tsc: Detected %llu.%03llu MHz processor\n",
		(unsigned long long)(khz / 1000), (unsigned long long)(khz % 1000));
}

void cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

/* QEMU's isa-debug-exit device at this port ends QEMU with status (code << 1) | 1. */
#define DEBUG_EXIT_PORT 0xf4

void arch_exit(int code)
{
	local_irq_disable();
	gdbstub_exit(code);	/* a gdb waiting on the stub learns the status */
	outl(DEBUG_EXIT_PORT, (u32)code);
	/* Still here: real hardware, or QEMU without the device. */
	pr_emerg("System halted (exit code %#x).\n", code);
	for (;;)
		native_halt();
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The local APIC in xAPIC (MMIO) or x2APIC (MSR) mode, the 8259 PICs
 * masked, and fixed-vector IPIs (see asm/apic.h for the interface).
 *
 * The mode is chosen once, on the boot CPU, before any AP starts; every AP
 * follows it in lapic_setup_cpu(). In xAPIC mode an IPI takes two register
 * writes (ICR2 then ICR), so apic_icr_write() masks this CPU's interrupts
 * around them: an interrupt handler sending an IPI in between would send
 * the outer one to the wrong CPU. Different CPUs have different ICRs.
 */
#define pr_fmt(fmt) fmt

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <kernel/params.h>
#include <arch/cpu.h>
#include <arch/smp.h>
#include <mm/numa.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/smp.h>

bool x2apic_mode;
phys_addr_t lapic_phys;
static volatile u8 *lapic_mmio;
static bool nox2apic;
static unsigned long spurious_apic_count;

static int parse_nox2apic(const char *val)
{
	(void)val;
	nox2apic = true;
	return 0;
}
early_param("nox2apic", parse_nox2apic);

u32 apic_read(u32 reg)
{
	if (x2apic_mode)
		return (u32)rdmsr(APIC_BASE_MSR + (reg >> 4));
	return *(volatile u32 *)(lapic_mmio + reg);
}

void apic_write(u32 reg, u32 val)
{
	if (x2apic_mode)
		wrmsr(APIC_BASE_MSR + (reg >> 4), val);
	else
		*(volatile u32 *)(lapic_mmio + reg) = val;
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

u32 read_apic_id(void)
{
	u32 id = apic_read(APIC_ID);

	return x2apic_mode ? id : id >> 24;
}

bool apic_wait_icr_idle(void)
{
	if (x2apic_mode)
		return true;	/* x2APIC has no delivery status: a write is accepted at once */
	for (unsigned long i = 0; i < 10000000UL; i++) {
		if (!(apic_read(APIC_ICR) & APIC_ICR_BUSY))
			return true;
		cpu_relax();
	}
	return false;
}

void apic_icr_write(u32 low, u32 dest)
{
	unsigned long flags = arch_irq_save();

	if (x2apic_mode) {
		/*
		 * WRMSR to the x2APIC registers does not order earlier stores:
		 * fence them, so the target sees what the IPI announces.
		 */
		__asm__ __volatile__("mfence; lfence" ::: "memory");
		wrmsr(APIC_BASE_MSR + (APIC_ICR >> 4), ((u64)dest << 32) | low);
	} else {
		if (!apic_wait_icr_idle())
			pr_err("APIC: CPU%u: the previous IPI was never accepted\n", smp_processor_id());
		apic_write(APIC_ICR2, dest << 24);
		apic_write(APIC_ICR, low);
	}
	arch_irq_restore(flags);
}

static u32 cpu_apicid(unsigned int cpu)
{
	return numa_topology()->cpu_apicid[cpu];
}

void apic_send_ipi(unsigned int cpu, unsigned int vector)
{
	apic_icr_write(APIC_DM_FIXED | vector, cpu_apicid(cpu));
}

void apic_send_allbutself(u32 low)
{
	unsigned int cpu, me;
	unsigned long flags;

	/*
	 * The shorthand would also reach CPUs that never came online (sitting
	 * in wait-for-SIPI, or not started because of maxcpus=): use it only
	 * when every possible CPU is online, as Linux does.
	 */
	if (num_online_cpus() == nr_cpu_ids) {
		apic_icr_write(APIC_DEST_ALLBUT | low, 0);
		return;
	}
	flags = arch_irq_save();
	me = smp_processor_id();
	for_each_online_cpu(cpu)
		if (cpu != me)
			apic_icr_write(low, cpu_apicid(cpu));
	arch_irq_restore(flags);
}

void apic_send_ipi_allbutself(unsigned int vector)
{
	apic_send_allbutself(APIC_DM_FIXED | vector);
}

void apic_send_ipi_self(unsigned int vector)
{
	apic_icr_write(APIC_DEST_SELF | APIC_DM_FIXED | vector, 0);
}

/* ---- interrupt handlers ---- */

static void spurious_interrupt(struct pt_regs *regs)
{
	(void)regs;
	/* No EOI: a spurious vector sets no in-service bit. */
	if (!spurious_apic_count++)
		pr_info("spurious APIC interrupt through vector %02x on CPU#%u, should never happen.\n",
			SPURIOUS_APIC_VECTOR, smp_processor_id());
}

static void error_interrupt(struct pt_regs *regs)
{
	u32 esr;

	(void)regs;
	apic_write(APIC_ESR, 0);
	esr = apic_read(APIC_ESR);
	apic_eoi();
	pr_err("APIC error on CPU%u: %02x\n", smp_processor_id(), esr);
}

static void call_function_interrupt(struct pt_regs *regs)
{
	(void)regs;
	/* EOI first: a call queued while these run raises a new interrupt. */
	apic_eoi();
	generic_smp_call_function_interrupt();
}

/* ---- set-up ---- */

/*
 * Remap the 8259 PICs to vectors 0x20-0x2f (away from the exceptions the
 * BIOS leaves them on) and mask every line: interrupts come only from the
 * local APIC from here on.
 */
static void mask_8259a(void)
{
	outb(0x20, 0x11);	/* ICW1: edge, cascade, ICW4 follows */
	outb(0xA0, 0x11);
	outb(0x21, 0x20);	/* ICW2: master at 0x20 */
	outb(0xA1, 0x28);	/* slave at 0x28 */
	outb(0x21, 0x04);	/* ICW3: slave on IRQ2 */
	outb(0xA1, 0x02);
	outb(0x21, 0x01);	/* ICW4: 8086 mode */
	outb(0xA1, 0x01);
	outb(0x21, 0xff);	/* OCW1: everything masked */
	outb(0xA1, 0xff);
}

/* Switch this CPU's APIC to the chosen mode (xAPIC: enabled; x2APIC: enabled + EXTD). */
static void lapic_enable_mode(void)
{
	u64 base = rdmsr(MSR_IA32_APICBASE);

	/* disabled -> xAPIC -> x2APIC: the only legal order. */
	if (!(base & MSR_IA32_APICBASE_ENABLE)) {
		base |= MSR_IA32_APICBASE_ENABLE;
		wrmsr(MSR_IA32_APICBASE, base);
	}
	if (x2apic_mode && !(base & MSR_IA32_APICBASE_EXTD))
		wrmsr(MSR_IA32_APICBASE, base | MSR_IA32_APICBASE_EXTD);
}

void lapic_setup_cpu(void)
{
	bool bsp = rdmsr(MSR_IA32_APICBASE) & MSR_IA32_APICBASE_BSP;
	unsigned int maxlvt;

	lapic_enable_mode();
	maxlvt = (apic_read(APIC_LVR) >> 16) & 0xff;
	if (!x2apic_mode)
		apic_write(APIC_DFR, 0xffffffffu);	/* flat model; IPIs use physical ids */
	apic_write(APIC_TASKPRI, 0);			/* accept every vector */
	apic_write(APIC_LVTT, APIC_LVT_MASKED);
	if (maxlvt >= 4)
		apic_write(APIC_LVTPC, APIC_LVT_MASKED);
	if (maxlvt >= 5)
		apic_write(APIC_LVTTHMR, APIC_LVT_MASKED);
	apic_write(APIC_LVT0, APIC_LVT_MASKED | APIC_DM_EXTINT);	/* the PICs are masked */
	/* Only the boot CPU takes the LINT1 NMI (Linux's rule). */
	apic_write(APIC_LVT1, bsp ? APIC_DM_NMI : (APIC_LVT_MASKED | APIC_DM_NMI));
	apic_write(APIC_LVTERR, ERROR_APIC_VECTOR);
	apic_write(APIC_ESR, 0);
	apic_write(APIC_ESR, 0);
	apic_write(APIC_SPIV, APIC_SPIV_APIC_ENABLED | SPURIOUS_APIC_VECTOR);

	/* Firmware may have left interrupts in service: acknowledge them. */
	for (int i = 0; i < 256; i++) {
		bool any = false;

		for (u32 r = 0x100; r < 0x180; r += 0x10)
			any |= apic_read(r) != 0;
		if (!any)
			break;
		apic_eoi();
	}
}

bool lapic_init(void)
{
	const struct acpi_madt_cpus *madt = acpi_madt_cpus();
	u32 a, b, c, d;
	u64 base;

	cpuid(1, 0, &a, &b, &c, &d);
	if (!(d & (1u << 9))) {
		pr_warn("APIC: this CPU has no local APIC: one CPU only\n");
		return false;
	}
	base = rdmsr(MSR_IA32_APICBASE);
	if (base & MSR_IA32_APICBASE_EXTD) {
		x2apic_mode = true;
		pr_info("x2apic: enabled by BIOS, switching to x2apic ops\n");
	} else if ((c & (1u << 21)) && !nox2apic) {
		x2apic_mode = true;
		pr_info("x2apic enabled\n");
	}

	if (x2apic_mode) {
		lapic_phys = base & MSR_IA32_APICBASE_BASE;
		pr_info("APIC: Switched APIC routing to physical x2apic.\n");
	} else {
		lapic_phys = madt->from_madt && madt->lapic_address ? madt->lapic_address :
			     (base & MSR_IA32_APICBASE_BASE);
		lapic_mmio = apic_mmio_map(lapic_phys);
		if (!lapic_mmio) {
			pr_err("APIC: cannot map the local APIC at %#llx: one CPU only\n",
			       (unsigned long long)lapic_phys);
			return false;
		}
		pr_info("APIC: local APIC (xAPIC mode) at [mem %#010llx-%#010llx], mapped uncached\n",
			(unsigned long long)lapic_phys, (unsigned long long)lapic_phys + 0xfff);
	}

	mask_8259a();
	set_irq_handler(SPURIOUS_APIC_VECTOR, spurious_interrupt);
	set_irq_handler(ERROR_APIC_VECTOR, error_interrupt);
	set_irq_handler(CALL_FUNCTION_VECTOR, call_function_interrupt);
	lapic_setup_cpu();

	u32 id = read_apic_id();
	if (id != numa_topology()->cpu_apicid[0])
		pr_warn("APIC: boot CPU's APIC id is %#x, the MADT puts %#x first\n", id,
			numa_topology()->cpu_apicid[0]);
	return true;
}

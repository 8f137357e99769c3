// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bringing the application processors up (the sequence is described in
 * asm/smp.h): the real-mode trampoline below 1 MiB, INIT-SIPI-SIPI as the
 * Intel SDM's MP initialisation protocol and Linux's
 * wakeup_secondary_cpu_via_init() do it, each AP's entry into C, and
 * Linux's log lines:
 *
 *	smpboot: CPU0: <model> (family: 0x.., model: 0x.., stepping: 0x..)
 *	smp: Bringing up secondary CPUs ...
 *	x86: Booting SMP configuration:
 *	.... node  #0, CPUs:      #1
 *	.... node  #1, CPUs:   #2 #3
 *	smp: Brought up 2 nodes, 4 CPUs
 *	smpboot: Total of 4 processors activated (15999.88 BogoMIPS)
 *
 * APs start one at a time, in logical CPU order; the boot CPU waits (10 s
 * at most) for each to mark itself online before it starts the next, so
 * the trampoline's parameter block and stack are used by one AP at a time.
 * An AP that does not answer gets an INIT (back to wait-for-SIPI) and stays
 * offline, as does one beyond maxcpus= (nosmp: maxcpus=0).
 *
 * Online APs wait in cpu_idle() with interrupts enabled, halted between
 * interrupts; cross-calls (kernel/smp.c) reach them by IPI.
 */
#define pr_fmt(fmt) fmt

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <kernel/params.h>
#include <kernel/report.h>
#include <lib/parse.h>
#include <lib/string.h>
#include <arch/cpu.h>
#include <arch/smp.h>
#include <mm/memblock.h>
#include <mm/numa.h>
#include <asm/apic.h>
#include <asm/numa.h>
#include <asm/percpu.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/smp.h>
#include <asm/gdbstub.h>

#define CALLIN_TIMEOUT_MS	10000

phys_addr_t trampoline_phys;
unsigned int setup_max_cpus = NR_CPUS;
struct smpboot_stats smpboot_stats;
/* Written by the boot CPU in smp_init() only (smpboot_stats too). */
static bool lapic_ready;
/* Set by the AP once it is online (release), read by the boot CPU (acquire). */
static u32 cpu_callin[NR_CPUS];

/* ---- boot parameters ---- */

/* kstrtouint() leaves setup_max_cpus alone unless the whole value parses. */
static int parse_maxcpus(const char *val)
{
	return val ? kstrtouint(val, 0, &setup_max_cpus) : -EINVAL;
}
early_param("maxcpus", parse_maxcpus);

static int parse_nosmp(const char *val)
{
	(void)val;
	setup_max_cpus = 0;
	return 0;
}
early_param("nosmp", parse_nosmp);

/* ---- the trampoline ---- */

/*
 * Linux's reserve_real_mode(): pages below 1 MiB for the trampoline, taken
 * from memblock before setup_arch() reserves the whole first 1 MiB (the
 * trampoline stays reserved either way; this only picks free RAM for it).
 * Not page 0: the real-mode IVT and the BIOS data area are there.
 */
void trampoline_reserve(void)
{
	phys_addr_t pa = memblock_phys_alloc_range(TRAMPOLINE_SIZE, PAGE_SIZE_4K, PAGE_SIZE_4K,
						   1ULL << 20);

	if (!pa) {
		pr_warn("smpboot: no free RAM below 1 MiB for the AP trampoline: one CPU only\n");
		return;
	}
	trampoline_phys = pa;
	pr_info("smpboot: AP trampoline at [mem %#010llx-%#010llx]\n", (unsigned long long)pa,
		(unsigned long long)(pa + TRAMPOLINE_SIZE - 1));
}

static struct trampoline_params *tramp_params(void)
{
	return (struct trampoline_params *)((char *)__va(trampoline_phys) +
					    (trampoline_params - trampoline_start));
}

/* Copy the code, patch its GDT pointer, build its page tables (asm files' headers). */
static void trampoline_setup(void)
{
	size_t len = (size_t)(trampoline_end - trampoline_start);
	char *t = __va(trampoline_phys);

	BUG_ON(len > 2048);	/* the real-mode stack grows down from 0x1000 */
	memset(t, 0, TRAMPOLINE_SIZE);
	memcpy(t, trampoline_start, len);
	/* lgdt operand: u16 limit, then the u32 base. */
	u32 gdt_linear = (u32)trampoline_phys + (u32)(trampoline_gdt - trampoline_start);
	memcpy(t + (trampoline_gdt_ptr - trampoline_start) + 2, &gdt_linear, 4);

	u64 *tables = (u64 *)(t + 0x1000);	/* three pages */
#ifdef __x86_64__
	u64 *pml4 = tables, *pdpt = tables + 512, *pd = tables + 1024;
	const u64 *kpml4 = __va(read_cr3() & PTE_PFN_MASK);

	for (int i = 256; i < 512; i++)
		pml4[i] = kpml4[i];
	pml4[0] = (trampoline_phys + 0x2000) | _PAGE_PRESENT | _PAGE_RW;
	pdpt[0] = (trampoline_phys + 0x3000) | _PAGE_PRESENT | _PAGE_RW;
	pd[0] = 0 | _PAGE_PRESENT | _PAGE_RW | _PAGE_PSE;
#else
	u64 *pdpt = tables, *pd = tables + 512;
	const u64 *kpdpt = __va(read_cr3() & ~0x1fUL);

	/* PAE PDPT entries take only the present and cache bits. */
	pdpt[0] = (trampoline_phys + 0x2000) | _PAGE_PRESENT;
	pdpt[3] = kpdpt[3];
	pd[0] = 0 | _PAGE_PRESENT | _PAGE_RW | _PAGE_PSE;
#endif
}

/* The boot CPU's control registers, for the AP to load. */
static void trampoline_fill_params(unsigned int cpu)
{
	struct trampoline_params *p = tramp_params();
	u32 a, b, c, d;
	bool have_efer;

	cpuid(0x80000000, 0, &a, &b, &c, &d);
	have_efer = false;
	if (a >= 0x80000001) {
		cpuid(0x80000001, 0, &a, &b, &c, &d);
		have_efer = d & ((1u << 20) | (1u << 29));	/* NX or LM */
	}
	p->cr0 = (u32)read_cr0();
	p->cr3 = (u32)trampoline_phys + 0x1000;
	p->cr4 = (u32)read_cr4();
	p->efer = have_efer ? (u32)rdmsr(MSR_EFER) & ~(1u << 10) : 0;	/* LMA is read-only */
	p->target = (uintptr_t)secondary_startup;
	p->kernel_cr3 = read_cr3();
	p->stack = (uintptr_t)__va(percpu_placement[cpu].stack_phys) + THREAD_SIZE;
	p->cpu = cpu;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* ---- INIT-SIPI-SIPI ---- */

/* 0 if the IPIs were accepted, else the APIC's error status (xAPIC) or -1. */
static int wakeup_cpu_via_init(u32 apicid, phys_addr_t start)
{
	u32 accept = 0;

	if (!x2apic_mode) {
		apic_write(APIC_ESR, 0);
		(void)apic_read(APIC_ESR);
	}
	/* INIT, asserted (level), then de-asserted as the old protocol wants (xAPIC only). */
	apic_icr_write(APIC_INT_LEVELTRIG | APIC_INT_ASSERT | APIC_DM_INIT, apicid);
	if (!apic_wait_icr_idle())
		return -1;
	mdelay(10);
	if (!x2apic_mode) {
		apic_icr_write(APIC_INT_LEVELTRIG | APIC_DM_INIT, apicid);
		if (!apic_wait_icr_idle())
			return -1;
	}

	/* Two STARTUPs: the vector is the trampoline's page number. */
	for (int j = 0; j < 2; j++) {
		if (!x2apic_mode)
			apic_write(APIC_ESR, 0);
		apic_icr_write(APIC_DM_STARTUP | (u32)(start >> 12), apicid);
		udelay(j ? 200 : 300);
		if (!apic_wait_icr_idle())
			return -1;
		if (!x2apic_mode) {
			apic_write(APIC_ESR, 0);
			accept = apic_read(APIC_ESR) & 0xEF;
			if (accept)
				break;
		}
	}
	return (int)accept;
}

static int num_digits(unsigned int x)
{
	int d = 1;

	while (x >= 10) {
		x /= 10;
		d++;
	}
	return d;
}

/* Linux's announce_cpu(): one line per node, the CPUs of the node after it. */
static void announce_cpu(unsigned int cpu)
{
	static int width, node_width, current_node = NUMA_NO_NODE;
	static bool first = true;
	int node = cpu_to_node(cpu);

	if (!width)
		width = num_digits(nr_cpu_ids) + 1;
	if (!node_width)
		node_width = num_digits(nr_node_ids) + 1;
	if (first)
		pr_info("x86: Booting SMP configuration:\n");
	if (node != current_node) {
		if (current_node > NUMA_NO_NODE)
			pr_cont("\n");
		current_node = node;
		printk(KERN_INFO ".... node %*s#%d, CPUs:  ", node_width - num_digits((unsigned int)node),
		       " ", node);
	}
	if (first)
		pr_cont("%*s", width + 1, " ");	/* where the boot CPU would be */
	first = false;
	pr_cont("%*s#%u", width - num_digits(cpu), " ", cpu);
}

static void do_boot_cpu(unsigned int cpu)
{
	u32 apicid = numa_topology()->cpu_apicid[cpu];
	int err;

	if (!x2apic_mode && apicid > 0xfe) {
		pr_warn("smpboot: CPU %u has APIC id %#x, which needs x2APIC: not started\n", cpu, apicid);
		smpboot_stats.skipped++;
		return;
	}
	announce_cpu(cpu);
	trampoline_fill_params(cpu);
	__atomic_store_n(&cpu_callin[cpu], 0, __ATOMIC_RELEASE);

	err = wakeup_cpu_via_init(apicid, trampoline_phys);
	for (unsigned long us = 0; !err && us < CALLIN_TIMEOUT_MS * 1000UL &&
	     !__atomic_load_n(&cpu_callin[cpu], __ATOMIC_ACQUIRE); us += 10)
		udelay(10);
	if (!err && __atomic_load_n(&cpu_callin[cpu], __ATOMIC_ACQUIRE)) {
		smpboot_stats.booted++;
		return;
	}
	pr_cont("\n");
	pr_err("smpboot: do_boot_cpu failed(%d) to wakeup CPU#%u\n", err ? err : -1, cpu);
	/* Park it in wait-for-SIPI again, so that it cannot run on later CPUs' parameters. */
	apic_icr_write(APIC_INT_LEVELTRIG | APIC_INT_ASSERT | APIC_DM_INIT, apicid);
	apic_wait_icr_idle();
	smpboot_stats.failed++;
}

/* ---- the AP's side ---- */

static __noreturn void cpu_idle(void)
{
	for (;;)
		__asm__ __volatile__("sti; hlt; cli" ::: "memory");
}

void start_secondary(unsigned int cpu)
{
	cpu_load_tables(cpu);		/* first: nothing per-CPU works before it */
	lapic_setup_cpu();

	u32 id = read_apic_id();
	if (id != numa_topology()->cpu_apicid[cpu] || smp_processor_id() != cpu)
		pr_warn("smpboot: CPU%u came up as CPU%u with APIC id %#x (the MADT says %#x)\n", cpu,
			smp_processor_id(), id, numa_topology()->cpu_apicid[cpu]);

	gdbstub_cpu_init();		/* gdb's hardware breakpoints, set while it was down */
	set_cpu_online(cpu, true);
	__atomic_store_n(&cpu_callin[cpu], 1, __ATOMIC_RELEASE);
	cpu_idle();
}

/* ---- the boot CPU's side ---- */

static void print_cpu_info(void)
{
	u32 a, b, c, d, sig;
	char vendor[13], brand[49];
	const char *v = NULL, *name;

	cpuid(0, 0, &a, &b, &c, &d);
	memcpy(vendor, &b, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	vendor[12] = 0;
	if (!strcmp(vendor, "GenuineIntel"))
		v = "Intel";
	else if (!strcmp(vendor, "AuthenticAMD"))
		v = "AMD";

	cpuid(1, 0, &sig, &b, &c, &d);
	unsigned int family = (sig >> 8) & 0xf, model = (sig >> 4) & 0xf;
	if (family == 0xf)
		family += (sig >> 20) & 0xff;
	if (family >= 6)
		model += ((sig >> 16) & 0xf) << 4;

	brand[0] = 0;
	cpuid(0x80000000, 0, &a, &b, &c, &d);
	if (a >= 0x80000004) {
		for (u32 leaf = 0; leaf < 3; leaf++) {
			cpuid(0x80000002 + leaf, 0, &a, &b, &c, &d);
			memcpy(brand + leaf * 16, &a, 4);
			memcpy(brand + leaf * 16 + 4, &b, 4);
			memcpy(brand + leaf * 16 + 8, &c, 4);
			memcpy(brand + leaf * 16 + 12, &d, 4);
		}
		brand[48] = 0;
	}
	name = brand;
	while (*name == ' ')
		name++;
	if (!*name)
		name = vendor;
	if (v && strncmp(name, v, strlen(v)))
		pr_info("smpboot: CPU0: %s %s (family: %#x, model: %#x, stepping: %#x)\n", v, name,
			family, model, sig & 0xf);
	else
		pr_info("smpboot: CPU0: %s (family: %#x, model: %#x, stepping: %#x)\n", name, family,
			model, sig & 0xf);
}

/* Linux's num_online_nodes() at this point: nodes with NODE_DATA or an online CPU. */
static unsigned int count_online_nodes(void)
{
	unsigned int n = 0, cpu;

	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		bool online = numa_node_data_phys(nid) != 0;

		for_each_online_cpu(cpu)
			online |= cpu_to_node(cpu) == nid;
		n += online;
	}
	return n ? n : 1;
}

void arch_send_call_function_ipi(unsigned int cpu)
{
	apic_send_ipi(cpu, CALL_FUNCTION_VECTOR);
}

void smp_init(void)
{
	unsigned int cpu, nodes, cpus;

	print_cpu_info();
	lapic_ready = lapic_init();
	pr_info("smp: Bringing up secondary CPUs ...\n");
	if (nr_cpu_ids > 1 && setup_max_cpus > 1 && lapic_ready && trampoline_phys &&
	    percpu_areas_ready) {
		trampoline_setup();
		for (cpu = 1; cpu < nr_cpu_ids; cpu++) {
			if (cpu >= setup_max_cpus) {
				smpboot_stats.skipped++;
				continue;
			}
			do_boot_cpu(cpu);
		}
		if (smpboot_stats.booted + smpboot_stats.failed)
			pr_cont("\n");
	} else if (nr_cpu_ids > 1) {
		smpboot_stats.skipped = nr_cpu_ids - 1;
	}

	nodes = count_online_nodes();
	cpus = num_online_cpus();
	pr_info("smp: Brought up %u node%s, %u CPU%s\n", nodes, nodes > 1 ? "s" : "", cpus,
		cpus > 1 ? "s" : "");
	/* Linux's BogoMIPS from the TSC: loops_per_jiffy = tsc_khz * 1000 / HZ. */
	u64 bogo100 = (u64)cpus * tsc_khz / 5;	/* BogoMIPS * 100 */
	pr_info("smpboot: Total of %u processors activated (%llu.%02llu BogoMIPS)\n", cpus,
		(unsigned long long)(bogo100 / 100), (unsigned long long)(bogo100 % 100));
	if (lapic_ready)
		gdbstub_smp_init();	/* Ctrl-C: the UART's interrupt to a CPU that idles */
}

/* dump=cpus: every possible CPU, where it runs and where its memory is. */
static void cpus_dump_show(void)
{
	const struct numa_topology *topo = numa_topology();
	unsigned int cpu;

	printk_raw("CPUs: %u possible, %u online, local APIC in %s mode\n", nr_cpu_ids,
		   num_online_cpus(), x2apic_mode ? "x2APIC" : "xAPIC");
	for_each_possible_cpu(cpu) {
		const struct percpu_placement *pl = &percpu_placement[cpu];

		printk_raw("CPU%u: APIC id %#x node %d %s", cpu, topo->cpu_apicid[cpu],
			   cpu_to_node(cpu), cpu_online(cpu) ? "online" : "offline");
		if (percpu_areas_ready)
			printk_raw(", per-CPU area [mem %#010llx-%#010llx] on node %d",
				   (unsigned long long)pl->area_phys,
				   (unsigned long long)(pl->area_phys + percpu_unit_size - 1),
				   pl->area_nid);
		if (percpu_areas_ready && cpu)
			printk_raw(", stack [mem %#010llx-%#010llx]",
				   (unsigned long long)pl->stack_phys,
				   (unsigned long long)(pl->stack_phys + THREAD_SIZE - 1));
		printk_raw("\n");
	}
}
DEFINE_DUMP(cpus, "cpus", cpus_dump_show,
	    "every CPU: APIC id, node, online, and where its per-CPU area and stack are");

/*
 * Stop every other CPU by NMI (which interrupts-off code cannot hold off):
 * smp_nmi_stop(), called from the NMI entry, takes it offline and halts it.
 */
static bool smp_stopping;

bool smp_nmi_stop(void)
{
	if (!__atomic_load_n(&smp_stopping, __ATOMIC_ACQUIRE))
		return false;
	set_cpu_online(smp_processor_id(), false);
	for (;;)
		__asm__ __volatile__("cli; hlt" ::: "memory");	/* NMIs stay blocked: no iret */
}

void smp_send_stop(void)
{
	if (!lapic_ready || num_online_cpus() <= 1)
		return;
	__atomic_store_n(&smp_stopping, true, __ATOMIC_RELEASE);
	apic_send_allbutself(APIC_DM_NMI);
	for (int i = 0; i < 1000 && num_online_cpus() > 1; i++)
		udelay(100);
}

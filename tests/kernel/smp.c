// SPDX-License-Identifier: GPL-2.0-only
/*
 * The smp suite: every CPU the firmware lists is online, on its SRAT node,
 * with a per-CPU area of its own on that node's memory; IPIs reach every
 * CPU exactly once; cross-CPU calls run where and when they should;
 * smp_call_all() really runs its function on all CPUs at the same time; a
 * spinlock keeps a counter exact under contention from every CPU; and the
 * page allocator survives all CPUs allocating and freeing at once (also
 * freeing each other's pages) with its free lists valid and its counts
 * exact afterwards.
 *
 * What a machine promises is passed by its catalogue entry:
 *	expect.online_cpus=N		N CPUs must come online
 *	expect.cpu_nodes=a,b,c,...	CPU 0 on node a, CPU 1 on node b, ...
 *					(QEMU's -numa node,cpus= assignment)
 *
 * Functions that run on other CPUs never call ktest: they record into
 * per-CPU slots or atomics, and the boot CPU checks afterwards.
 */
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/params.h>
#include <kernel/spinlock.h>
#include <kernel/errno.h>
#include <lib/string.h>
#include <lib/parse.h>
#include <lib/printf.h>
#include <arch/cpu.h>
#include <arch/smp.h>
#include <arch/memory.h>
#include <mm/gfp.h>
#include <mm/memory_model.h>
#include <mm/page_alloc.h>
#include <mm/vmstat.h>
#include <mm/numa.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/numa.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/smp.h>
#include "test_alloc.h"

/*
 * A hang detector, not a schedule bound: how long a wait for another CPU
 * may take before the case fails saying what never happened. Far beyond
 * any host scheduling delay (a vCPU descheduled for a few time slices), so
 * that no verdict depends on the host's load; below the harness's boot
 * timeout, so that a real hang is reported by the case that saw it.
 */
#define HANG_NS		(30ULL * 1000 * 1000 * 1000)

static unsigned int expected_cpus;
static char expected_cpu_nodes[256];

static int __maybe_unused parse_expect_cpus(const char *val)
{
	return val ? kstrtouint(val, 0, &expected_cpus) : -EINVAL;
}
__setup("expect.online_cpus", parse_expect_cpus);

static int __maybe_unused parse_expect_cpu_nodes(const char *val)
{
	return param_copy_string(val, expected_cpu_nodes, sizeof(expected_cpu_nodes));
}
__setup("expect.cpu_nodes", parse_expect_cpu_nodes);

/* How many CPUs must be online: all the MADT's, unless maxcpus=/nosmp said fewer. */
static unsigned int cpus_wanted(void)
{
	unsigned int n = nr_cpu_ids;

	if (setup_max_cpus < n)
		n = setup_max_cpus ? setup_max_cpus : 1;
	return n;
}

/* Spin until *@p >= @want (or HANG_NS passed: a hang); the value seen last. */
static unsigned long wait_for(const unsigned long *p, unsigned long want)
{
	u64 end = local_clock() + HANG_NS;
	unsigned long v;

	while ((v = __atomic_load_n(p, __ATOMIC_ACQUIRE)) < want && local_clock() < end)
		cpu_relax();
	return v;
}

/* ---- who is where ---- */

struct cpu_identity {
	unsigned long hits;
	unsigned int cpu;		/* smp_processor_id() there */
	u32 apicid;			/* read from its local APIC */
	int node;			/* numa_node_id() there */
	unsigned long gs_offset;	/* %gs:0 there */
	void *slot;			/* this_cpu_ptr(&pcpu_test_slot) there */
};
static struct cpu_identity identity[NR_CPUS];
static DEFINE_PER_CPU(unsigned long, pcpu_test_slot);

static void record_identity(void *info)
{
	unsigned int cpu = smp_processor_id();
	struct cpu_identity *id = &identity[cpu];

	(void)info;
	id->cpu = cpu;
	id->apicid = read_apic_id();
	id->node = numa_node_id();
	id->gs_offset = __my_cpu_offset();
	id->slot = this_cpu_ptr(&pcpu_test_slot);
	this_cpu_write(pcpu_test_slot, 0x5eed0000UL + cpu);
	__atomic_add_fetch(&id->hits, 1, __ATOMIC_RELEASE);
}

static void gather_identities(void)
{
	memset(identity, 0, sizeof(identity));
	on_each_cpu(record_identity, NULL, true);
}

static void test_cpus_online(struct ktest *t)
{
	const struct acpi_madt_cpus *madt = acpi_madt_cpus();
	const struct numa_topology *topo = numa_topology();
	unsigned int cpu, want = cpus_wanted();

	KTEST_EXPECT_EQ(t, nr_cpu_ids, topo->nr_cpus);
	KTEST_EXPECT_EQ(t, nr_cpu_ids, madt->nr_cpus);
	if (expected_cpus)
		KTEST_EXPECT_EQ(t, nr_cpu_ids, expected_cpus);
	KTEST_EXPECT_EQ(t, num_online_cpus(), want);
	KTEST_EXPECT_EQ(t, smpboot_stats.failed, 0);
	KTEST_EXPECT_EQ(t, smpboot_stats.booted, want - 1);
	for (cpu = 0; cpu < want; cpu++)
		KTEST_EXPECT_MSG(t, cpu_online(cpu), "CPU %u is not online", cpu);
	KTEST_EXPECT(t, !cpu_online(nr_cpu_ids));

	gather_identities();
	for_each_online_cpu(cpu) {
		struct cpu_identity *id = &identity[cpu];

		KTEST_EXPECT_MSG(t, id->hits == 1, "CPU %u ran on_each_cpu()'s function %lu times",
				 cpu, id->hits);
		KTEST_EXPECT_EQ(t, id->cpu, cpu);
		KTEST_EXPECT_MSG(t, id->apicid == topo->cpu_apicid[cpu],
				 "CPU %u has APIC id %#x, the MADT says %#x", cpu, id->apicid,
				 topo->cpu_apicid[cpu]);
	}
	ktest_info(t, "%u of %u CPUs online, %s mode", num_online_cpus(), nr_cpu_ids,
		   x2apic_mode ? "x2APIC" : "xAPIC");
}

static void test_cpus_on_srat_nodes(struct ktest *t)
{
	const struct numa_topology *topo = numa_topology();
	unsigned int cpu;

	gather_identities();
	for_each_online_cpu(cpu) {
		struct cpu_identity *id = &identity[cpu];
		int srat = apicid_to_node(id->apicid);

		KTEST_EXPECT_EQ(t, cpu_to_node(cpu), topo->cpu_to_node[cpu]);
		KTEST_EXPECT_MSG(t, id->node == cpu_to_node(cpu),
				 "CPU %u says it is on node %d, the topology says %d", cpu, id->node,
				 cpu_to_node(cpu));
		/* The SRAT's own answer for the APIC id the CPU reports (none without an SRAT). */
		if (srat != NUMA_NO_NODE)
			KTEST_EXPECT_MSG(t, srat == id->node,
					 "CPU %u (APIC id %#x): the SRAT says node %d, it runs on %d",
					 cpu, id->apicid, srat, id->node);
	}

	/* What the machine file says QEMU was told. */
	const char *p = expected_cpu_nodes;
	for (cpu = 0; *p; cpu++) {
		unsigned long long nid;
		const char *end;

		KTEST_ASSERT_EQ(t, parse_ull(p, &end, 10, &nid), 0);
		KTEST_ASSERT_LT(t, cpu, nr_cpu_ids);
		KTEST_EXPECT_MSG(t, cpu_to_node(cpu) == (int)nid,
				 "CPU %u is on node %d, the machine puts it on node %llu", cpu,
				 cpu_to_node(cpu), nid);
		p = *end == ',' ? end + 1 : end;
	}
	if (expected_cpu_nodes[0])
		KTEST_EXPECT_EQ(t, cpu, nr_cpu_ids);
}

/* ---- per-CPU areas ---- */

/* The topology node holding @pa, or NUMA_NO_NODE. */
static int node_of_phys(phys_addr_t pa)
{
	const struct numa_topology *topo = numa_topology();

	for (unsigned int i = 0; i < topo->nr_ranges; i++)
		if (pa >= topo->ranges[i].start && pa < topo->ranges[i].end)
			return topo->ranges[i].nid;
	return NUMA_NO_NODE;
}

/* Does @nid have RAM the kernel maps permanently (all of it on x86_64, lowmem on i386)? */
/*
 * Has @nid room the kernel maps for its CPUs' areas, whatever the early
 * allocations (NODE_DATA, the memmap) took first? At least a MAX_ORDER
 * block of lowmem above the first MiB (which setup_arch() keeps for the
 * BIOS). A 1 MiB node next to a 1 GiB node has not: its CPUs' areas go
 * elsewhere, with the fallback line, which the test then asks for.
 */
static bool node_has_mapped_memory(int nid)
{
	const struct numa_topology *topo = numa_topology();
	phys_addr_t limit = (phys_addr_t)max_low_pfn << PAGE_SHIFT, bytes = 0;

	for (unsigned int i = 0; i < topo->nr_ranges; i++) {
		phys_addr_t s = max(topo->ranges[i].start, (phys_addr_t)1 << 20);
		phys_addr_t e = min(topo->ranges[i].end, limit);

		if (topo->ranges[i].nid == nid && s < e)
			bytes += e - s;
	}
	return bytes >= ((phys_addr_t)MAX_ORDER_NR_PAGES << PAGE_SHIFT);
}

static void test_percpu_areas(struct ktest *t)
{
	unsigned int cpu, other;
	char line[80];

	KTEST_ASSERT(t, percpu_areas_ready);
	KTEST_EXPECT_EQ(t, percpu_unit_size % PAGE_SIZE, 0);
	KTEST_EXPECT_GE(t, percpu_unit_size, (size_t)(__per_cpu_end - __per_cpu_start));

	for_each_possible_cpu(cpu) {
		const struct percpu_placement *pl = &percpu_placement[cpu];
		char *area = __per_cpu_start + __per_cpu_offset[cpu];
		int nid = cpu_to_node(cpu);

		/* The area is where setup_per_cpu_areas() says, whole, and no one else's. */
		KTEST_EXPECT_EQ(t, slow_virt_to_phys(area), pl->area_phys);
		KTEST_EXPECT_EQ(t, slow_virt_to_phys(area + percpu_unit_size - 1),
				pl->area_phys + percpu_unit_size - 1);
		KTEST_EXPECT_EQ(t, (uintptr_t)per_cpu_ptr(&pcpu_hdr, cpu), (uintptr_t)area);
		KTEST_EXPECT_EQ(t, per_cpu(pcpu_hdr, cpu).cpu_number, cpu);
		KTEST_EXPECT_EQ(t, per_cpu(pcpu_hdr, cpu).this_cpu_off, __per_cpu_offset[cpu]);
		for (other = 0; other < cpu; other++) {
			phys_addr_t a = pl->area_phys, b = percpu_placement[other].area_phys;

			KTEST_EXPECT_MSG(t, a + percpu_unit_size <= b || b + percpu_unit_size <= a,
					 "the per-CPU areas of CPUs %u and %u overlap", other, cpu);
		}

		/* On the CPU's node when that node has memory the kernel maps. */
		KTEST_EXPECT_EQ(t, node_of_phys(pl->area_phys), pl->area_nid);
		if (node_has_mapped_memory(nid)) {
			KTEST_EXPECT_MSG(t, pl->area_nid == nid,
					 "CPU %u's per-CPU area is on node %d, not on its node %d",
					 cpu, pl->area_nid, nid);
			if (cpu)
				KTEST_EXPECT_MSG(t, node_of_phys(pl->stack_phys) == nid,
						 "CPU %u's stack is on node %d, not on its node %d",
						 cpu, node_of_phys(pl->stack_phys), nid);
		} else if (pl->area_nid != nid) {
			snprintf(line, sizeof(line), "percpu: cpu %u has no node %d or node-local memory\n",
				 cpu, nid);
			KTEST_EXPECT_LOG(t, 0, line);
			ktest_info(t, "CPU %u: node %d has no room it maps, its area is on node %d",
				   cpu, nid, pl->area_nid);
		}
	}

	/* Each CPU's this_cpu_ptr() reaches the area per_cpu_ptr() names for it. */
	gather_identities();
	for_each_online_cpu(cpu) {
		KTEST_EXPECT_EQ(t, identity[cpu].gs_offset, __per_cpu_offset[cpu]);
		KTEST_EXPECT_EQ(t, (uintptr_t)identity[cpu].slot, (uintptr_t)per_cpu_ptr(&pcpu_test_slot, cpu));
		KTEST_EXPECT_EQ(t, per_cpu(pcpu_test_slot, cpu), 0x5eed0000UL + cpu);
	}
	/* The template itself is nobody's area. */
	for_each_possible_cpu(cpu)
		KTEST_EXPECT_NE(t, __per_cpu_offset[cpu], 0);
}

/* this_cpu_add() and friends hit this CPU's copy only. */
static DEFINE_PER_CPU(u8, pcpu_u8);
static DEFINE_PER_CPU(u16, pcpu_u16);
static DEFINE_PER_CPU(u32, pcpu_u32);
static DEFINE_PER_CPU(u64, pcpu_u64);
static DEFINE_PER_CPU(long, pcpu_long);

static void percpu_ops(void *info)
{
	unsigned int cpu = smp_processor_id();

	(void)info;
	for (unsigned int i = 0; i <= cpu; i++) {
		this_cpu_inc(pcpu_u8);
		this_cpu_add(pcpu_u16, 300);
		this_cpu_add(pcpu_u32, 70000);
		this_cpu_add(pcpu_u64, 5000000000ULL);
		this_cpu_dec(pcpu_long);
	}
}

static void test_this_cpu_ops(struct ktest *t)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		per_cpu(pcpu_u8, cpu) = 0;
		per_cpu(pcpu_u16, cpu) = 0;
		per_cpu(pcpu_u32, cpu) = 0;
		per_cpu(pcpu_u64, cpu) = 0;
		per_cpu(pcpu_long, cpu) = 0;
	}
	on_each_cpu(percpu_ops, NULL, true);
	for_each_online_cpu(cpu) {
		unsigned long long n = cpu + 1;

		KTEST_EXPECT_EQ(t, per_cpu(pcpu_u8, cpu), n);
		KTEST_EXPECT_EQ(t, per_cpu(pcpu_u16, cpu), 300 * n);
		KTEST_EXPECT_EQ(t, per_cpu(pcpu_u32, cpu), 70000 * n);
		KTEST_EXPECT_UEQ(t, per_cpu(pcpu_u64, cpu), 5000000000ULL * n);
		KTEST_EXPECT_EQ(t, per_cpu(pcpu_long, cpu), -(long long)n);
	}
}

/* alloc_percpu(): a copy in every CPU's area, zeroed, aligned, reached like a static one. */
struct dyn_test {
	unsigned long cpu;
	unsigned long counter;
	u8 pad[40];
};
static struct dyn_test *dyn_a;
static u64 *dyn_b;

static void touch_dynamic(void *info)
{
	(void)info;
	this_cpu_ptr(dyn_a)->cpu = smp_processor_id();
	this_cpu_ptr(dyn_a)->counter += 3;
	*this_cpu_ptr(dyn_b) = 0xd00d0000ULL + smp_processor_id();
}

static void test_alloc_percpu(struct ktest *t)
{
	size_t used = percpu_dynamic_used();
	unsigned int cpu;

	dyn_a = alloc_percpu(struct dyn_test);
	KTEST_ASSERT_NOT_NULL(t, dyn_a);
	dyn_b = alloc_percpu_bytes(sizeof(u64), 64);
	KTEST_ASSERT_NOT_NULL(t, dyn_b);
	KTEST_EXPECT_EQ(t, (uintptr_t)dyn_b % 64, 0);
	KTEST_EXPECT_GE(t, percpu_dynamic_used(), used + sizeof(struct dyn_test) + sizeof(u64));
	KTEST_EXPECT_NULL(t, alloc_percpu_bytes(8, 3));			/* not a power of two */
	KTEST_EXPECT_NULL(t, alloc_percpu_bytes(PERCPU_DYNAMIC_SIZE + 1, 8));	/* never fits */

	for_each_possible_cpu(cpu) {
		struct dyn_test *d = per_cpu_ptr(dyn_a, cpu);
		phys_addr_t area = percpu_placement[cpu].area_phys;
		phys_addr_t pa = slow_virt_to_phys(d);

		/* Zeroed, and inside this CPU's own area (so on its node). */
		KTEST_EXPECT_EQ(t, d->cpu, 0);
		KTEST_EXPECT_EQ(t, d->counter, 0);
		KTEST_EXPECT_MSG(t, pa >= area && pa + sizeof(*d) <= area + percpu_unit_size,
				 "CPU %u's copy is outside its per-CPU area", cpu);
	}
	on_each_cpu(touch_dynamic, NULL, true);
	on_each_cpu(touch_dynamic, NULL, true);
	for_each_online_cpu(cpu) {
		KTEST_EXPECT_EQ(t, per_cpu_ptr(dyn_a, cpu)->cpu, cpu);
		KTEST_EXPECT_EQ(t, per_cpu_ptr(dyn_a, cpu)->counter, 6);
		KTEST_EXPECT_UEQ(t, *per_cpu_ptr(dyn_b, cpu), 0xd00d0000ULL + cpu);
	}
}

/* ---- IPIs ---- */

static DEFINE_PER_CPU(unsigned long, ipi_hits);

static void ipi_test_interrupt(struct pt_regs *regs)
{
	(void)regs;
	this_cpu_inc(ipi_hits);
	apic_eoi();
}

static void test_ipi_every_cpu(struct ktest *t)
{
	unsigned int cpu, me = smp_processor_id();
	unsigned long flags;

	set_irq_handler(IPI_TEST_VECTOR, ipi_test_interrupt);
	for_each_possible_cpu(cpu)
		per_cpu(ipi_hits, cpu) = 0;

	/* One at a time. */
	for_each_online_cpu(cpu) {
		if (cpu == me)
			continue;
		apic_send_ipi(cpu, IPI_TEST_VECTOR);
		KTEST_EXPECT_MSG(t, wait_for(per_cpu_ptr(&ipi_hits, cpu), 1) == 1,
				 "CPU %u: no IPI to it alone arrived", cpu);
	}
	/* All but this one, at once. */
	apic_send_ipi_allbutself(IPI_TEST_VECTOR);
	for_each_online_cpu(cpu) {
		if (cpu == me)
			continue;
		KTEST_EXPECT_MSG(t, wait_for(per_cpu_ptr(&ipi_hits, cpu), 2) == 2,
				 "CPU %u: the all-but-self IPI did not arrive", cpu);
	}
	/* This one: pending while interrupts are off, taken once they are on. */
	flags = arch_irq_save();
	apic_send_ipi_self(IPI_TEST_VECTOR);
	udelay(100);
	KTEST_EXPECT_EQ(t, this_cpu_read(ipi_hits), 0);
	local_irq_enable();
	wait_for(this_cpu_ptr(&ipi_hits), 1);
	local_irq_disable();
	arch_irq_restore(flags);
	KTEST_EXPECT_EQ(t, this_cpu_read(ipi_hits), 1);

	/* Exactly: nothing doubled, nothing went to the wrong CPU. */
	udelay(1000);
	for_each_online_cpu(cpu)
		KTEST_EXPECT_MSG(t, per_cpu(ipi_hits, cpu) == (cpu == me ? 1UL : 2UL),
				 "CPU %u took %lu test IPIs", cpu, per_cpu(ipi_hits, cpu));
	set_irq_handler(IPI_TEST_VECTOR, NULL);
}

/* ---- cross-CPU calls ---- */

static unsigned long call_count;
static DEFINE_PER_CPU(unsigned long, call_hits);

static void count_call(void *info)
{
	(void)info;
	this_cpu_inc(call_hits);
	__atomic_add_fetch(&call_count, 1, __ATOMIC_RELEASE);
}

/* From inside a call, call the next CPU and wait: every CPU does it at once. */
static void call_next_cpu(void *info)
{
	unsigned int me = smp_processor_id(), next = me;
	int *errors = info;

	do
		next = (next + 1) % nr_cpu_ids;
	while (!cpu_online(next));
	if (smp_call_function_single(next, count_call, NULL, true))
		__atomic_add_fetch(errors, 1, __ATOMIC_RELAXED);
}

static void reset_calls(void)
{
	unsigned int cpu;

	call_count = 0;
	for_each_possible_cpu(cpu)
		per_cpu(call_hits, cpu) = 0;
}

static void test_cross_calls(struct ktest *t)
{
	unsigned int cpu, n = num_online_cpus();
	int errors = 0;

	/* on_each_cpu(): everyone once, this CPU included, done on return. */
	reset_calls();
	on_each_cpu(count_call, NULL, true);
	KTEST_EXPECT_EQ(t, __atomic_load_n(&call_count, __ATOMIC_ACQUIRE), n);
	for_each_online_cpu(cpu)
		KTEST_EXPECT_EQ(t, per_cpu(call_hits, cpu), 1);

	/* smp_call_function_single(), waited for, to each CPU in turn. */
	reset_calls();
	for_each_online_cpu(cpu) {
		KTEST_EXPECT_EQ(t, smp_call_function_single(cpu, count_call, NULL, true), 0);
		KTEST_EXPECT_EQ(t, per_cpu(call_hits, cpu), 1);
	}
	KTEST_EXPECT_EQ(t, smp_call_function_single(nr_cpu_ids, count_call, NULL, true), -ENXIO);

	/* Not waited for: they all arrive anyway, on the others only. */
	reset_calls();
	smp_call_function(count_call, NULL, false);
	KTEST_EXPECT_EQ(t, wait_for(&call_count, n - 1), n - 1);
	KTEST_EXPECT_EQ(t, this_cpu_read(call_hits), 0);

	/* Many queued on one CPU before it looks: all run, in order of arrival. */
	reset_calls();
	for (int i = 0; i < 20; i++)
		for_each_online_cpu(cpu)
			if (cpu != smp_processor_id())
				smp_call_function_single(cpu, count_call, NULL, false);
	KTEST_EXPECT_EQ(t, wait_for(&call_count, 20 * (n - 1)), 20 * (n - 1));

	/* Every CPU calls the next and waits, all at once, interrupts off: no deadlock. */
	reset_calls();
	on_each_cpu(call_next_cpu, &errors, true);
	KTEST_EXPECT_EQ(t, wait_for(&call_count, n), n);
	KTEST_EXPECT_EQ(t, errors, 0);
	for_each_online_cpu(cpu)
		KTEST_EXPECT_EQ(t, per_cpu(call_hits, cpu), 1);
}

/* ---- smp_call_all(): together ---- */

struct together {
	unsigned int n;
	unsigned long entered, finished;
	bool timed_out[NR_CPUS];
	unsigned long ran[NR_CPUS];
};

static void meet_everyone(void *info)
{
	struct together *g = info;
	unsigned int cpu = smp_processor_id();
	u64 end = local_clock() + HANG_NS;

	__atomic_add_fetch(&g->entered, 1, __ATOMIC_ACQ_REL);
	/* Only possible if every CPU is inside this function at once. */
	while (__atomic_load_n(&g->entered, __ATOMIC_ACQUIRE) < g->n) {
		if (local_clock() > end) {
			g->timed_out[cpu] = true;
			break;
		}
		cpu_relax();
	}
	g->ran[cpu]++;
	if (cpu == g->n - 1)
		udelay(2000);	/* the caller must still wait for the slowest */
	__atomic_add_fetch(&g->finished, 1, __ATOMIC_RELEASE);
}

static void test_call_all_concurrent(struct ktest *t)
{
	static struct together g;
	unsigned int cpu;

	memset(&g, 0, sizeof(g));
	g.n = num_online_cpus();
	smp_call_all(meet_everyone, &g);
	KTEST_EXPECT_EQ(t, __atomic_load_n(&g.finished, __ATOMIC_ACQUIRE), g.n);
	KTEST_EXPECT_EQ(t, g.entered, g.n);
	for_each_online_cpu(cpu) {
		KTEST_EXPECT_MSG(t, !g.timed_out[cpu],
				 "CPU %u waited in vain for the others: they did not run at the same time",
				 cpu);
		KTEST_EXPECT_EQ(t, g.ran[cpu], 1);
	}
}

/* ---- a spinlock under contention ---- */

/*
 * A fixed count per CPU, never a time bound (the verdict must not depend on
 * the host): under TCG with more vCPUs than host cores, a ticket lock's
 * next owner is often a vCPU the host is not running, and a handoff can
 * take a host time slice, so the count is kept small.
 */
#define LOCK_ITERATIONS	100

static DEFINE_SPINLOCK(contended_lock);
static unsigned long contended_counter;
static unsigned long contended_waits;
static unsigned long lock_increments[NR_CPUS];

static void hammer_lock(void *info)
{
	unsigned long flags, mine = 0;

	(void)info;
	while (mine < LOCK_ITERATIONS) {
		if (spin_is_locked(&contended_lock))
			__atomic_add_fetch(&contended_waits, 1, __ATOMIC_RELAXED);
		spin_lock_irqsave(&contended_lock, flags);
		/* A read-modify-write with a gap: any overlap would lose updates. */
		unsigned long v = READ_ONCE(contended_counter);
		for (int k = 0; k < 20; k++)
			cpu_relax();
		WRITE_ONCE(contended_counter, v + 1);
		spin_unlock_irqrestore(&contended_lock, flags);
		mine++;
	}
	lock_increments[smp_processor_id()] = mine;
}

static void test_spinlock_contention(struct ktest *t)
{
	unsigned int cpu, n = num_online_cpus();
	unsigned long total = 0;

	contended_counter = 0;
	contended_waits = 0;
	memset(lock_increments, 0, sizeof(lock_increments));
	smp_call_all(hammer_lock, NULL);
	for_each_online_cpu(cpu) {
		KTEST_EXPECT_EQ(t, lock_increments[cpu], LOCK_ITERATIONS);
		total += lock_increments[cpu];
	}
	KTEST_EXPECT_EQ(t, total, (unsigned long)n * LOCK_ITERATIONS);
	KTEST_EXPECT_EQ(t, contended_counter, total);
	KTEST_EXPECT(t, !spin_is_locked(&contended_lock));
	KTEST_EXPECT_EQ(t, contended_lock.owner, contended_lock.next);
	ktest_info(t, "%u CPUs, %lu increments (%d each); the lock was found held %lu times",
		   n, total, LOCK_ITERATIONS, contended_waits);
}

/* ---- the page allocator from every CPU at once ---- */

/* Operations per CPU: a fixed count (see LOCK_ITERATIONS), picked by ktest.seed=. */
#define STRESS_SLOTS	24
#define STRESS_OPS	1500
#define INBOX_SLOTS	16
#define STRESS_PHASES	3	/* with a quiesce point after each but the last */

struct held_block {
	struct page *page;
	unsigned int order;
};

struct stress_cpu {
	struct held_block held[STRESS_SLOTS];
	u64 rng;
	unsigned long allocs, frees, sent, received, failures, stamp_errors, wrong_node;
};
static DEFINE_PER_CPU(struct stress_cpu, stress_state);

/* Blocks handed to a CPU for it to free (frees on a CPU other than the allocating one). */
static struct {
	spinlock_t lock;
	unsigned int n;
	struct held_block b[INBOX_SLOTS];
} inbox[NR_CPUS];

static struct {
	unsigned int n;
	unsigned long stopped;		/* CPUs that no longer send */
	int nodes[MAX_NUMNODES];	/* nodes with memory */
	int nr_nodes;
} stress_run;

/* A mark in the block's first and last page (lowmem only): another owner would overwrite it. */
static u64 stamp_of(struct page *page, unsigned int order)
{
	return 0xa110c000000000ULL ^ ((u64)page_to_pfn(page) << 4) ^ order;
}

static void stamp(struct page *page, unsigned int order)
{
	u64 *first = page_address(page), *last = page_address(page + (1UL << order) - 1);

	if (first)
		*first = stamp_of(page, order);
	if (last)
		last[PAGE_SIZE / sizeof(u64) - 1] = stamp_of(page, order);
}

static void check_and_free(struct stress_cpu *s, struct held_block *b)
{
	u64 *first = page_address(b->page), *last = page_address(b->page + (1UL << b->order) - 1);

	if ((first && *first != stamp_of(b->page, b->order)) ||
	    (last && last[PAGE_SIZE / sizeof(u64) - 1] != stamp_of(b->page, b->order)))
		s->stamp_errors++;
	if (page_count(b->page) != 1)
		s->stamp_errors++;
	__free_pages(b->page, b->order);
	s->frees++;
	b->page = NULL;
}

static void drain_inbox(struct stress_cpu *s, unsigned int cpu)
{
	struct held_block local[INBOX_SLOTS];
	unsigned long flags;
	unsigned int n;

	spin_lock_irqsave(&inbox[cpu].lock, flags);
	n = inbox[cpu].n;
	memcpy(local, inbox[cpu].b, n * sizeof(local[0]));
	inbox[cpu].n = 0;
	spin_unlock_irqrestore(&inbox[cpu].lock, flags);
	for (unsigned int i = 0; i < n; i++) {
		check_and_free(s, &local[i]);
		s->received++;
	}
}

static bool send_block(unsigned int to, struct held_block *b)
{
	unsigned long flags;
	bool ok = false;

	spin_lock_irqsave(&inbox[to].lock, flags);
	if (inbox[to].n < INBOX_SLOTS) {
		inbox[to].b[inbox[to].n++] = *b;
		ok = true;
	}
	spin_unlock_irqrestore(&inbox[to].lock, flags);
	return ok;
}

static unsigned int random_order(u64 r)
{
	unsigned int pick = (unsigned int)(r % 100);

	if (pick < 70)
		return (unsigned int)((r >> 8) % 3);			/* 0-2 */
	if (pick < 96)
		return 3 + (unsigned int)((r >> 8) % 4);		/* 3-6 */
	return 7 + (unsigned int)((r >> 8) % (MAX_PAGE_ORDER - 6));	/* 7-MAX */
}

/* @info non-NULL: the last phase (give everything back); else keep what is held. */
static void stress_allocator(void *info)
{
	unsigned int cpu = smp_processor_id();
	struct stress_cpu *s = this_cpu_ptr(&stress_state);

	for (unsigned int op = 0; op < STRESS_OPS / STRESS_PHASES; op++) {
		u64 r = nb_xorshift64(&s->rng);
		struct held_block *b = &s->held[r % STRESS_SLOTS];

		if (!(op & 15))
			drain_inbox(s, cpu);
		r = nb_xorshift64(&s->rng);
		if (!b->page) {
			unsigned int order = random_order(r);
			int nid = stress_run.nodes[(r >> 20) % stress_run.nr_nodes];
			gfp_t gfp = ((r >> 28) & 1) ? GFP_HIGHUSER : GFP_KERNEL;
			bool thisnode = ((r >> 29) & 3) == 0;

			if (thisnode)
				gfp |= __GFP_THISNODE;
			if (((r >> 31) & 7) == 0)
				nid = NUMA_NO_NODE;	/* the local node */
			b->page = alloc_pages_node(nid, gfp | __GFP_NOWARN, order);
			if (!b->page) {
				s->failures++;
				continue;
			}
			b->order = order;
			s->allocs++;
			if (thisnode && nid != NUMA_NO_NODE && page_to_nid(b->page) != nid)
				s->wrong_node++;
			stamp(b->page, order);
		} else if ((r & 3) == 0 && stress_run.n > 1) {
			/* Let another CPU free it. */
			unsigned int to = (cpu + 1 + (unsigned int)((r >> 8) % (stress_run.n - 1))) %
					  stress_run.n;

			if (send_block(to, b)) {
				b->page = NULL;
				s->sent++;
			}
		} else {
			check_and_free(s, b);
		}
	}
	/* Give back what is held; keep freeing what others send until they all stopped. */
	for (unsigned int i = 0; i < STRESS_SLOTS && info; i++)
		if (s->held[i].page)
			check_and_free(s, &s->held[i]);
	__atomic_add_fetch(&stress_run.stopped, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&stress_run.stopped, __ATOMIC_ACQUIRE) < stress_run.n) {
		drain_inbox(s, cpu);
		cpu_relax();
	}
	drain_inbox(s, cpu);
}

static void test_alloc_stress(struct ktest *t)
{
	unsigned long free_before, bad_before = bad_page_count;
	unsigned long allocs = 0, frees = 0, sent = 0, received = 0, failures = 0;
	u64 seed = ktest_seed(t);
	struct zone *zone;
	unsigned int cpu;

	KTEST_ASSERT_EQ(t, validate_free_lists(10), 0);
	free_before = total_free_pages();

	memset(&stress_run, 0, sizeof(stress_run));
	stress_run.n = num_online_cpus();
	for (int nid = 0; nid < (int)nr_node_ids; nid++)
		if (NODE_DATA(nid) && node_has_memory(nid))
			stress_run.nodes[stress_run.nr_nodes++] = nid;
	KTEST_ASSERT_GT(t, stress_run.nr_nodes, 0);
	for_each_possible_cpu(cpu) {
		struct stress_cpu *s = per_cpu_ptr(&stress_state, cpu);

		memset(s, 0, sizeof(*s));
		s->rng = seed ^ (0x9e3779b97f4a7c15ULL * (cpu + 1));
		if (!s->rng)
			s->rng = 1;
		spin_lock_init(&inbox[cpu].lock);
		inbox[cpu].n = 0;
	}

	u64 t0 = local_clock();
	for (int phase = 1; phase <= STRESS_PHASES; phase++) {
		unsigned long held = 0;

		stress_run.stopped = 0;
		smp_call_all(stress_allocator, phase == STRESS_PHASES ? &stress_run : NULL);
		if (phase == STRESS_PHASES)
			break;
		/*
		 * Quiesce point: every CPU stopped, holding blocks. Drain the
		 * per-cpu lists and fold the counters: no page lost (free plus
		 * held equals what was free before), the lists valid, the
		 * counters exact.
		 */
		drain_all_pages(NULL);
		vm_stats_fold_all();
		for_each_online_cpu(cpu) {
			struct stress_cpu *s = per_cpu_ptr(&stress_state, cpu);

			KTEST_EXPECT_EQ(t, inbox[cpu].n, 0);
			for (unsigned int i = 0; i < STRESS_SLOTS; i++)
				if (s->held[i].page)
					held += 1UL << s->held[i].order;
		}
		KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
		KTEST_EXPECT_EQ(t, total_free_pages() + held, free_before);
		for_each_zone(zone) {
			KTEST_EXPECT_EQ(t, zone_pcp_pages(zone), 0);
			KTEST_EXPECT_EQ(t, zone_page_state(zone, NR_FREE_PAGES),
					zone_free_list_pages(zone));
		}
		ktest_info(t, "quiesce point %d: %lu pages held, free lists valid, counters exact",
			   phase, held);
	}
	u64 ms = (local_clock() - t0) / 1000000;

	for_each_online_cpu(cpu) {
		struct stress_cpu *s = per_cpu_ptr(&stress_state, cpu);

		KTEST_EXPECT_MSG(t, s->allocs > 0, "CPU %u allocated nothing", cpu);
		KTEST_EXPECT_MSG(t, s->stamp_errors == 0,
				 "CPU %u: %lu blocks changed hands while it held them", cpu,
				 s->stamp_errors);
		KTEST_EXPECT_EQ(t, s->wrong_node, 0);
		for (unsigned int i = 0; i < STRESS_SLOTS; i++)
			KTEST_EXPECT_NULL(t, s->held[i].page);
		KTEST_EXPECT_EQ(t, inbox[cpu].n, 0);
		allocs += s->allocs;
		frees += s->frees;
		sent += s->sent;
		received += s->received;
		failures += s->failures;
	}
	KTEST_EXPECT_EQ(t, allocs, frees);
	KTEST_EXPECT_EQ(t, sent, received);
	if (stress_run.n > 1)
		KTEST_EXPECT_GT(t, sent, 0);

	/* The allocator afterwards: valid lists, exact counts, no bad pages. */
	KTEST_EXPECT_EQ(t, validate_free_lists(10), 0);
	KTEST_EXPECT_EQ(t, total_free_pages(), free_before);
	KTEST_EXPECT_EQ(t, bad_page_count, bad_before);
	for_each_zone(zone) {
		KTEST_EXPECT_EQ(t, zone_free_list_pages(zone),
				zone_page_state_snapshot(zone, NR_FREE_PAGES));
		KTEST_EXPECT(t, !spin_is_locked(&zone->lock));
	}
	ktest_info(t, "%u CPUs, %u nodes, %llu ms: %lu allocations (%lu failed), %lu freed by another CPU",
		   stress_run.n, stress_run.nr_nodes, (unsigned long long)ms, allocs, failures,
		   received);
}

static const struct ktest_case smp_cases[] = {
	KTEST_CASE(test_cpus_online),
	KTEST_CASE(test_cpus_on_srat_nodes),
	KTEST_CASE(test_percpu_areas),
	KTEST_CASE(test_this_cpu_ops),
	KTEST_CASE(test_alloc_percpu),
	KTEST_CASE(test_ipi_every_cpu),
	KTEST_CASE(test_cross_calls),
	KTEST_CASE(test_call_all_concurrent),
	KTEST_CASE(test_spinlock_contention),
	KTEST_CASE(test_alloc_stress),
	{}
};
KTEST_SUITE(smp, smp_cases);

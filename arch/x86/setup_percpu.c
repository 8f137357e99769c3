// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-CPU areas (layout in asm/percpu.h): one page-aligned copy of the
 * template plus the dynamic part for alloc_percpu() for every possible
 * CPU, and a kernel stack for every AP, both
 * from memblock on the CPU's node, as Linux's setup_per_cpu_areas()
 * embeds its first chunk node by node. Runs in setup_arch() once the NUMA
 * topology is known and before mem_init() hands memblock's free memory to
 * the buddy allocator.
 *
 * A node without memory the kernel can map (memoryless, or on i386 a node
 * whose memory is all highmem) cannot hold its CPUs' areas:
 * memblock_phys_alloc_try_nid() then takes the nearest node that can, and
 * the log says so with Linux's line. percpu_placement[] records where each
 * area went, for the smp self-test.
 */
#define pr_fmt(fmt) fmt

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <kernel/spinlock.h>
#include <lib/string.h>
#include <arch/smp.h>
#include <mm/memblock.h>
#include <mm/numa.h>
#include <asm/percpu.h>
#include <asm/pgtable.h>
#include <asm/setup.h>
#include <asm/smp.h>

DEFINE_PER_CPU_FIRST(struct percpu_hdr, pcpu_hdr);

struct percpu_placement percpu_placement[NR_CPUS];
size_t percpu_unit_size;
bool percpu_areas_ready;

/*
 * The dynamic part: [dyn_start, dyn_start + PERCPU_DYNAMIC_SIZE) from each
 * area's start, handed out bottom-up. dyn_lock protects dyn_used (dyn_start
 * is set once, before percpu_areas_ready).
 */
static size_t dyn_start, dyn_used;
static DEFINE_SPINLOCK(dyn_lock);

void *alloc_percpu_bytes(size_t size, size_t align)
{
	unsigned long flags;
	void *p = NULL;

	if (!align || (align & (align - 1)))
		return NULL;
	spin_lock_irqsave(&dyn_lock, flags);
	if (percpu_areas_ready) {
		size_t off = ALIGN(dyn_used, align);

		if (off <= PERCPU_DYNAMIC_SIZE && size <= PERCPU_DYNAMIC_SIZE - off) {
			/* Zero in every area already: the areas start zeroed and nothing is freed. */
			p = __per_cpu_start + dyn_start + off;
			dyn_used = off + size;
		}
	}
	spin_unlock_irqrestore(&dyn_lock, flags);
	return p;
}

size_t percpu_dynamic_used(void)
{
	return dyn_used;
}

/* The node memblock puts @pa on (NUMA_NO_NODE if none). */
static int memblock_node_of(phys_addr_t pa)
{
	phys_addr_t start, end;
	u64 idx = 0;
	int nid;

	while (memblock_next_mem_range(&idx, NUMA_NO_NODE, &start, &end, &nid))
		if (pa >= start && pa < end)
			return nid;
	return NUMA_NO_NODE;
}

static phys_addr_t alloc_on_node(size_t size, size_t align, unsigned int cpu, int nid,
				 const char *what)
{
	phys_addr_t pa = memblock_phys_alloc_try_nid(size, align, nid);

	if (!pa)
		panic("Failed to allocate %s for CPU %u (%zu bytes)", what, cpu, size);
	return pa;
}

/* Fill @cpu's area from the template and give it its header. */
static void init_area(unsigned int cpu, const struct numa_topology *topo)
{
	struct percpu_placement *pl = &percpu_placement[cpu];
	size_t static_size = (size_t)(__per_cpu_end - __per_cpu_start);
	char *va = __va(pl->area_phys);
	struct percpu_hdr *hdr;

	memcpy(va, __per_cpu_start, static_size);
	memset(va + static_size, 0, percpu_unit_size - static_size);
	__per_cpu_offset[cpu] = (unsigned long)(va - __per_cpu_start);
	hdr = per_cpu_ptr(&pcpu_hdr, cpu);
	hdr->this_cpu_off = __per_cpu_offset[cpu];
	hdr->cpu_number = cpu;
	hdr->numa_node = pl->want_nid;
	hdr->apicid = topo->cpu_apicid[cpu];
}

void setup_per_cpu_areas(void)
{
	const struct numa_topology *topo = numa_topology();
	size_t static_size = (size_t)(__per_cpu_end - __per_cpu_start);
	unsigned int cpu, group = 0;

	uintptr_t hdr = (uintptr_t)&pcpu_hdr;

	/* Hidden from the optimiser, which takes two symbols for two distinct objects. */
	__asm__("" : "+r"(hdr));
	BUG_ON(hdr != (uintptr_t)__per_cpu_start);
	BUG_ON(!IS_ALIGNED((unsigned long)__per_cpu_start, PAGE_SIZE_4K));
	BUG_ON(percpu_areas_ready);
	nr_cpu_ids = topo->nr_cpus;
	dyn_start = ALIGN(static_size, PAGE_SIZE_4K);
	percpu_unit_size = dyn_start + PERCPU_DYNAMIC_SIZE;

	printk(KERN_INFO "setup_percpu: NR_CPUS:%d nr_cpumask_bits:%u nr_cpu_ids:%u nr_node_ids:%u\n",
	       NR_CPUS, nr_cpu_ids, nr_cpu_ids, nr_node_ids);

	for_each_possible_cpu(cpu) {
		struct percpu_placement *pl = &percpu_placement[cpu];
		int nid = cpu_to_node(cpu);

		pl->want_nid = nid;
		pl->area_phys = alloc_on_node(percpu_unit_size, PAGE_SIZE_4K, cpu, nid, "per-CPU area");
		pl->area_nid = memblock_node_of(pl->area_phys);
		if (pl->area_nid != nid)
			printk(KERN_INFO "percpu: cpu %u has no node %d or node-local memory\n", cpu, nid);
		if (cpu)
			pl->stack_phys = alloc_on_node(THREAD_SIZE, THREAD_SIZE, cpu, nid, "stack");
	}

	printk(KERN_INFO "percpu: Embedded %zu pages/cpu s%zu r0 d%zu u%zu\n",
	       percpu_unit_size / (size_t)PAGE_SIZE_4K, static_size,
	       percpu_unit_size - static_size, percpu_unit_size);
	printk(KERN_INFO "pcpu-alloc: s%zu r0 d%zu u%zu alloc=1*%zu\n", static_size,
	       percpu_unit_size - static_size, percpu_unit_size, percpu_unit_size);
	/* Linux's groups: the CPUs of one node, in node order. */
	printk(KERN_INFO "pcpu-alloc: ");
	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		bool any = false;

		for_each_possible_cpu(cpu) {
			if (cpu_to_node(cpu) != nid)
				continue;
			if (!any)
				pr_cont("[%u] ", group++);
			any = true;
			pr_cont("%u ", cpu);
		}
	}
	pr_cont("\n");

	/*
	 * The APs' areas first, the boot CPU's last: it runs on the template
	 * until cpu_load_tables(0) moves its segment base, so its copy must
	 * be taken right before that, with nothing per-CPU written between.
	 */
	for (cpu = 1; cpu < nr_cpu_ids; cpu++)
		init_area(cpu, topo);
	init_area(0, topo);
	cpu_load_tables(0);
	percpu_areas_ready = true;
	BUG_ON(smp_processor_id() != 0 || __my_cpu_offset() != __per_cpu_offset[0]);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * i386 highmem access: the include/arch/highmem.h contract.
 *
 * Lowmem frames (pfn < max_low_pfn) are reached through the direct map, by
 * every call here, without using a slot. Highmem frames that are RAM (in
 * memblock.memory, below 64 GiB) are mapped on demand:
 *
 * kmap_pfn()/kunmap_pfn(): the PKMAP area, LAST_PKMAP slots at PKMAP_BASE,
 * as Linux's kmap_high(). pkmap_count[i] is
 *	0	free: the PTE is clear and no TLB holds it;
 *	1	mapped to pkmap_pfn[i] but unused: may be reused for the same pfn
 *		at once, or recycled after a flush;
 *	n > 1	mapped and in use by n - 1 kmap_pfn() callers.
 * A pfn is mapped in at most one slot. New slots are taken round-robin;
 * when the search wraps, every count-1 slot is cleared and the TLB is
 * flushed once for the whole area (flush_all_zero_pkmaps()), so a recycled
 * slot never has a stale translation. There is no scheduler to wait on:
 * running out of slots (LAST_PKMAP frames mapped at once) is a BUG.
 *
 * kmap_atomic_pfn()/kunmap_atomic(): per-CPU fixmap slots, KM_MAX_IDX deep,
 * used as a stack: the n-th nested mapping of CPU c is fixmap index
 * FIX_KMAP_BEGIN + n + KM_MAX_IDX * c. Mapping needs no TLB flush (the PTE
 * was not present); unmapping clears the PTE and invalidates the page
 * (invlpg), so a stale pointer faults. Unmapping anything but the innermost
 * mapping is a BUG. Until SMP exists every caller is CPU 0.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/panic.h>
#include <kernel/spinlock.h>
#include <arch/cpu.h>
#include <arch/highmem.h>
#include <arch/smp.h>
#include <mm/memblock.h>
#include <mm/mmzone.h>
#include <asm/setup.h>
#include <asm/pgtable_32.h>
#include <asm/highmem_32.h>

#define LAST_PKMAP_MASK		(LAST_PKMAP - 1)
_Static_assert((LAST_PKMAP & LAST_PKMAP_MASK) == 0, "LAST_PKMAP is a power of two");

static DEFINE_SPINLOCK(kmap_lock);
static int pkmap_count[LAST_PKMAP];
static unsigned long pkmap_pfn[LAST_PKMAP];
static unsigned int last_pkmap_nr;
static unsigned long pkmap_flushes;

/* The PKMAP page table: LAST_PKMAP consecutive PTEs. */
#define pkmap_pte		(kmap_pte_of(PKMAP_BASE))

/* kmap_atomic() depth per CPU. */
static unsigned int kmap_atomic_idx[NR_CPUS];

/* kmap_atomic() slots are per CPU: never shared, so no locking. */
static unsigned int kmap_cpu(void)
{
	return smp_processor_id();
}

bool pfn_is_lowmem(unsigned long pfn)
{
	return pfn < max_low_pfn;
}

void *lowmem_pfn_to_virt(unsigned long pfn)
{
	BUG_ON(!pfn_is_lowmem(pfn));
	return __va((phys_addr_t)pfn << PAGE_SHIFT);
}

/* A highmem frame the kernel may map: RAM it knows about, below the PAE limit. */
static bool highmem_pfn_is_ram(unsigned long pfn)
{
	if (pfn >> (MAX_PHYSMEM_BITS - PAGE_SHIFT))
		return false;
	return memblock_is_memory(PFN_PHYS(pfn));
}

static u64 kmap_prot(unsigned long pfn)
{
	return PFN_PHYS(pfn) | pgprot_fixup(PAGE_KERNEL);
}

/* Linux's flush_all_zero_pkmaps(): recycle every mapped-but-unused slot. */
static void flush_all_zero_pkmaps(void)
{
	bool need_flush = false;

	for (unsigned int i = 0; i < LAST_PKMAP; i++) {
		if (pkmap_count[i] != 1)
			continue;
		pkmap_count[i] = 0;
		BUG_ON(!(pkmap_pte[i] & _PAGE_PRESENT));
		pkmap_pte[i] = 0;
		need_flush = true;
	}
	if (need_flush) {
		/* One invlpg per page of the area costs more than a full flush. */
		flush_tlb_all();
		pkmap_flushes++;
	}
}

/* The slot holding @pfn (count >= 1), or -1. */
static int pkmap_find(unsigned long pfn)
{
	for (unsigned int i = 0; i < LAST_PKMAP; i++)
		if (pkmap_count[i] && pkmap_pfn[i] == pfn)
			return (int)i;
	return -1;
}

static unsigned int map_new_virtual(unsigned long pfn)
{
	unsigned int count = LAST_PKMAP;

	for (;;) {
		last_pkmap_nr = (last_pkmap_nr + 1) & LAST_PKMAP_MASK;
		if (!last_pkmap_nr) {
			flush_all_zero_pkmaps();
			count = LAST_PKMAP;
		}
		if (!pkmap_count[last_pkmap_nr])
			break;
		if (--count == 0)
			panic("kmap: all %d PKMAP slots are in use (nothing to wait for)", LAST_PKMAP);
	}
	BUG_ON(pkmap_pte[last_pkmap_nr] & _PAGE_PRESENT);
	pkmap_pte[last_pkmap_nr] = kmap_prot(pfn);
	pkmap_pfn[last_pkmap_nr] = pfn;
	pkmap_count[last_pkmap_nr] = 1;
	return last_pkmap_nr;
}

void *kmap_pfn(unsigned long pfn)
{
	unsigned long flags;
	int nr;

	if (pfn_is_lowmem(pfn))
		return lowmem_pfn_to_virt(pfn);
	if (!highmem_pfn_is_ram(pfn))
		return NULL;
	BUG_ON(!kernel_pgtables_live);
	spin_lock_irqsave(&kmap_lock, flags);
	nr = pkmap_find(pfn);
	if (nr < 0)
		nr = (int)map_new_virtual(pfn);
	pkmap_count[nr]++;
	BUG_ON(pkmap_count[nr] < 2);
	spin_unlock_irqrestore(&kmap_lock, flags);
	return (void *)PKMAP_ADDR(nr);
}

void kunmap_pfn(unsigned long pfn)
{
	unsigned long flags;
	int nr;

	if (pfn_is_lowmem(pfn))
		return;
	spin_lock_irqsave(&kmap_lock, flags);
	nr = pkmap_find(pfn);
	/* Unmapping a frame nobody kmapped would free someone else's slot. */
	BUG_ON(nr < 0 || pkmap_count[nr] < 2);
	pkmap_count[nr]--;
	spin_unlock_irqrestore(&kmap_lock, flags);
}

void *kmap_atomic_pfn(unsigned long pfn)
{
	unsigned int cpu = kmap_cpu(), idx;
	unsigned long vaddr, flags;
	u64 *pte;

	if (pfn_is_lowmem(pfn))
		return lowmem_pfn_to_virt(pfn);
	if (!highmem_pfn_is_ram(pfn))
		return NULL;
	BUG_ON(!kernel_pgtables_live);
	/* Interrupts off around the push, so a nested user in an interrupt keeps LIFO order. */
	flags = arch_irq_save();
	idx = kmap_atomic_idx[cpu]++;
	if (idx >= KM_MAX_IDX)
		panic("kmap_atomic: more than %d nested mappings on CPU %u", KM_MAX_IDX, cpu);
	vaddr = __fix_to_virt(FIX_KMAP_BEGIN + idx + KM_MAX_IDX * cpu);
	pte = kmap_pte_of(vaddr);
	BUG_ON(*pte & _PAGE_PRESENT);
	*pte = kmap_prot(pfn);
	arch_irq_restore(flags);
	return (void *)vaddr;
}

void kunmap_atomic(void *addr)
{
	unsigned int cpu = kmap_cpu(), idx;
	unsigned long vaddr = (unsigned long)addr & ~(PAGE_SIZE - 1), flags;

	if (vaddr < __fix_to_virt(FIX_KMAP_END) || vaddr > __fix_to_virt(FIX_KMAP_BEGIN)) {
		/* A lowmem frame's direct-map address: there was no slot. */
		BUG_ON(vaddr < PAGE_OFFSET || vaddr >= PAGE_OFFSET + (unsigned long)PFN_PHYS(max_low_pfn));
		return;
	}
	flags = arch_irq_save();
	BUG_ON(kmap_atomic_idx[cpu] == 0);
	idx = kmap_atomic_idx[cpu] - 1;
	/* Strict LIFO: only the innermost mapping of this CPU may go. */
	BUG_ON(vaddr != __fix_to_virt(FIX_KMAP_BEGIN + idx + KM_MAX_IDX * cpu));
	*kmap_pte_of(vaddr) = 0;
	flush_tlb_one_kernel(vaddr);
	kmap_atomic_idx[cpu] = idx;
	arch_irq_restore(flags);
}

/* ---- for tests (asm/highmem_32.h) ---- */

int pkmap_refcount(unsigned long pfn)
{
	unsigned long flags;
	int nr, count;

	spin_lock_irqsave(&kmap_lock, flags);
	nr = pkmap_find(pfn);
	count = nr < 0 ? 0 : pkmap_count[nr];
	spin_unlock_irqrestore(&kmap_lock, flags);
	return count;
}

unsigned long pkmap_flush_count(void)
{
	return pkmap_flushes;
}

unsigned int kmap_atomic_depth(void)
{
	return kmap_atomic_idx[kmap_cpu()];
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * i386 early_memremap(): temporary mappings of firmware tables anywhere
 * below 64 GiB (the PAE physical limit), through the fixmap's FIX_BTMAP
 * slots (asm/pgtable_32.h). Each of the FIX_BTMAPS_SLOTS slots maps one
 * range of up to NR_FIX_BTMAPS pages at consecutive virtual addresses; a
 * range that does not fit one slot, or a call when every slot is taken,
 * gets NULL and a message, so that parsers fall back instead of faulting.
 *
 * Before init_mem_mapping() has switched to the kernel's tables there is no
 * fixmap yet: the boot tables' identity window (0-3 GiB) serves instead,
 * and such a pointer must be unmapped before the switch (afterwards it no
 * longer maps anything).
 *
 * Invariants: a slot is in use iff its pages' PTEs are present; unmapping
 * clears them and flushes each page from the TLB, so a stale pointer faults.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <kernel/spinlock.h>
#include <mm/mmzone.h>
#include <asm/early_map.h>
#include <asm/setup.h>
#include <asm/pgtable_32.h>

struct btmap_slot {
	unsigned long virt;		/* first page of the slot (0: free) */
	unsigned int pages;		/* pages mapped */
};

static struct btmap_slot slots[FIX_BTMAPS_SLOTS];
static DEFINE_SPINLOCK(btmap_lock);

/* Virtual address of page @k of slot @s: the slot's pages rise with k. */
static unsigned long slot_page(unsigned int s, unsigned int k)
{
	return __fix_to_virt(FIX_BTMAP_BEGIN - s * NR_FIX_BTMAPS - k);
}

static void report_range(const char *why, phys_addr_t phys, size_t size)
{
	pr_warn("early_memremap: [mem %#010llx-%#010llx] %s\n", (unsigned long long)phys,
		(unsigned long long)(phys + size - 1), why);
}

void *early_memremap(phys_addr_t phys, size_t size)
{
	const phys_addr_t limit = 1ULL << MAX_PHYSMEM_BITS;
	unsigned long flags, offset = phys & (PAGE_SIZE - 1);
	unsigned int pages, s;

	if (!size || phys >= limit || size > limit - phys) {
		report_range(size ? "is beyond the 64 GiB PAE limit" : "is empty", phys, size ? size : 1);
		return NULL;
	}
	if (!kernel_pgtables_live) {
		void *p = boot_phys_to_virt(phys, size);

		if (!p)
			report_range("is outside the boot mapping", phys, size);
		return p;
	}
	if (size > NR_FIX_BTMAPS * PAGE_SIZE - offset) {
		report_range("is larger than an early_memremap slot (128 KiB)", phys, size);
		return NULL;
	}
	pages = (unsigned int)DIV_ROUND_UP(offset + size, PAGE_SIZE);

	spin_lock_irqsave(&btmap_lock, flags);
	for (s = 0; s < FIX_BTMAPS_SLOTS && slots[s].virt; s++)
		;
	if (s == FIX_BTMAPS_SLOTS) {
		spin_unlock_irqrestore(&btmap_lock, flags);
		report_range("cannot be mapped: every early_memremap slot is in use", phys, size);
		return NULL;
	}
	slots[s].virt = slot_page(s, 0);
	slots[s].pages = pages;
	for (unsigned int k = 0; k < pages; k++) {
		u64 *pte = kmap_pte_of(slot_page(s, k));

		BUG_ON(*pte & _PAGE_PRESENT);	/* a free slot has no mapping */
		*pte = ((phys & ~(phys_addr_t)(PAGE_SIZE - 1)) + ((phys_addr_t)k << PAGE_SHIFT)) |
		       pgprot_fixup(PAGE_KERNEL);
	}
	spin_unlock_irqrestore(&btmap_lock, flags);
	/* The PTEs were not present, so the TLB holds nothing for them: no flush. */
	return (void *)(slots[s].virt + offset);
}

void early_memunmap(void *virt, size_t size)
{
	unsigned long addr = (unsigned long)virt, flags;
	unsigned int s;

	if (!virt)
		return;
	if (addr < PAGE_OFFSET) {
		/* An identity pointer from before the switch: nothing to undo, unless it is stale. */
		WARN(kernel_pgtables_live, "early_memunmap(%p): mapped before the kernel's page tables\n",
		     virt);
		return;
	}
	spin_lock_irqsave(&btmap_lock, flags);
	for (s = 0; s < FIX_BTMAPS_SLOTS; s++) {
		unsigned long base = slots[s].virt;

		if (base && addr >= base && addr < base + ((unsigned long)slots[s].pages << PAGE_SHIFT))
			break;
	}
	if (s == FIX_BTMAPS_SLOTS) {
		spin_unlock_irqrestore(&btmap_lock, flags);
		WARN(1, "early_memunmap(%p, %zu): not an early_memremap() mapping\n", virt, size);
		return;
	}
	WARN(DIV_ROUND_UP((addr & (PAGE_SIZE - 1)) + size, PAGE_SIZE) != slots[s].pages,
	     "early_memunmap(%p, %zu): the mapping has %u pages\n", virt, size, slots[s].pages);
	for (unsigned int k = 0; k < slots[s].pages; k++) {
		*kmap_pte_of(slot_page(s, k)) = 0;
		flush_tlb_one_kernel(slot_page(s, k));
	}
	slots[s].virt = 0;
	slots[s].pages = 0;
	spin_unlock_irqrestore(&btmap_lock, flags);
}

unsigned int early_memremap_slots_in_use(void)
{
	unsigned int n = 0;

	for (unsigned int s = 0; s < FIX_BTMAPS_SLOTS; s++)
		n += slots[s].virt != 0;
	return n;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * i386 descriptor tables. Each CPU has its own GDT, a per-CPU variable in
 * its per-CPU area: flat kernel code and data, its TSS, and GDT_PERCPU, the
 * data segment GS holds, whose base is the CPU's per-CPU area (asm/percpu.h).
 * The TSS is loaded but unused (there is no ring 3 and no task gate, so a
 * double fault on a blown stack still ends in a triple fault, which the
 * test harness reports). The IDT is one table shared by every CPU, as in
 * Linux.
 *
 * The boot CPU loads its tables twice: from the per-CPU template first
 * (x86_cpu_init(), before anything else in C), then from its own area once
 * setup_per_cpu_areas() has made it (cpu_load_tables(0)). An AP loads its
 * own in start_secondary().
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <arch/smp.h>
#include <asm/setup.h>
#include <asm/smp.h>

struct idt_gate32 {
	u16 offset_low;
	u16 selector;
	u8 zero;
	u8 type_attr;
	u16 offset_high;
} __packed;
_Static_assert(sizeof(struct idt_gate32) == 8, "hardware gate layout");

struct tss32 {
	u16 link, reserved0;
	u32 esp0;
	u16 ss0, reserved1;
	u32 esp1;
	u16 ss1, reserved2;
	u32 esp2;
	u16 ss2, reserved3;
	u32 cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
	u16 es, reserved4, cs, reserved5, ss, reserved6, ds, reserved7;
	u16 fs, reserved8, gs, reserved9, ldt, reserved10;
	u16 trap, iomap_base;
} __packed;
_Static_assert(sizeof(struct tss32) == 104, "hardware TSS layout");

struct desc_ptr {
	u16 limit;
	u32 base;
} __packed;

#define GDT_ENTRIES	5	/* null, code, data, TSS, per-CPU */

static DEFINE_PER_CPU_ALIGNED(u64[GDT_ENTRIES], cpu_gdt);
static DEFINE_PER_CPU_ALIGNED(struct tss32, cpu_tss);

static struct idt_gate32 idt[256] __aligned(16);

extern const u32 isr_stub_table[256];

/* A segment descriptor: base, limit in 4 KiB units (G=1), access byte, flags nibble. */
static u64 seg_desc(u32 base, u32 limit_pages, u8 access, u8 flags)
{
	return (limit_pages & 0xffff) | ((u64)(base & 0xffffff) << 16) | ((u64)access << 40) |
	       ((u64)((limit_pages >> 16) & 0xf) << 48) | ((u64)(flags & 0xf) << 52) |
	       ((u64)(base >> 24) << 56);
}

void cpu_load_tables(unsigned int cpu)
{
	u64 *gdt = *per_cpu_ptr(&cpu_gdt, cpu);
	struct tss32 *tss = per_cpu_ptr(&cpu_tss, cpu);
	u32 area = (u32)(__per_cpu_start + __per_cpu_offset[cpu]);

	gdt[0] = 0;
	gdt[1] = 0x00CF9A000000FFFFULL;		/* 32-bit code, 4 GiB */
	gdt[2] = 0x00CF92000000FFFFULL;		/* data, 4 GiB */
	/* available 32-bit TSS, byte granular (ltr marks it busy) */
	gdt[3] = seg_desc((u32)tss, sizeof(*tss) - 1, 0x89, 0x0);
	/* this CPU's per-CPU area: data, 4 GiB from the area (offsets wrap) */
	gdt[4] = seg_desc(area, 0xfffff, 0x92, 0xC);

	*tss = (struct tss32){ .ss0 = GDT_KERNEL_DS, .iomap_base = sizeof(*tss) };

	struct desc_ptr gp = { GDT_ENTRIES * 8 - 1, (u32)gdt };
	struct desc_ptr ip = { sizeof(idt) - 1, (u32)idt };
	__asm__ __volatile__(
		"lgdt %0\n\t"
		"ljmp %2, $1f\n"
		"1:\n\t"
		"movl %3, %%eax\n\t"
		"movl %%eax, %%ds\n\t"
		"movl %%eax, %%es\n\t"
		"movl %%eax, %%ss\n\t"
		"xorl %%eax, %%eax\n\t"
		"movl %%eax, %%fs\n\t"
		"movl %4, %%eax\n\t"
		"movl %%eax, %%gs\n\t"
		"movl %5, %%eax\n\t"
		"ltr %%ax\n\t"
		"lidt %1\n\t"
		:: "m"(gp), "m"(ip), "i"(GDT_KERNEL_CS), "i"(GDT_KERNEL_DS), "i"(GDT_PERCPU),
		   "i"(GDT_TSS)
		: "eax", "memory");
}

void x86_cpu_init(void)
{
	for (unsigned int v = 0; v < 256; v++) {
		u32 h = isr_stub_table[v];
		idt[v] = (struct idt_gate32){
			.offset_low = h & 0xffff,
			.selector = GDT_KERNEL_CS,
			.type_attr = 0x8E,
			.offset_high = h >> 16,
		};
	}
	cpu_load_tables(0);
}

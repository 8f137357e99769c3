// SPDX-License-Identifier: GPL-2.0-only
/*
 * x86_64 descriptor tables. Each CPU has its own GDT (kernel code/data and
 * its TSS) and its own TSS, whose IST stacks for double faults and NMIs are
 * the CPU's own too (so that a blown kernel stack still gets a report on
 * any CPU); all of them are per-CPU variables, in the CPU's per-CPU area.
 * The IDT is one table shared by every CPU, as in Linux: it only names
 * the entry stubs, which are the same everywhere.
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
#include <asm/processor.h>
#include <asm/smp.h>

struct tss64 {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;
_Static_assert(sizeof(struct tss64) == 104, "hardware TSS layout");

struct idt_gate64 {
	u16 offset_low;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
} __packed;
_Static_assert(sizeof(struct idt_gate64) == 16, "hardware gate layout");

struct desc_ptr {
	u16 limit;
	u64 base;
} __packed;

#define GDT_ENTRIES	6	/* null, code, data, TSS (two slots), spare */
#define IST_STACK_SIZE	8192

struct cpu_ist_stacks {
	u8 df[IST_STACK_SIZE];
	u8 nmi[IST_STACK_SIZE];
};

static DEFINE_PER_CPU_ALIGNED(u64[GDT_ENTRIES], cpu_gdt);
static DEFINE_PER_CPU_ALIGNED(struct tss64, cpu_tss);
static DEFINE_PER_CPU_ALIGNED(struct cpu_ist_stacks, cpu_ist);

static struct idt_gate64 idt[256] __aligned(16);

extern const u64 isr_stub_table[256];

static void set_gate(unsigned int vec, u64 handler, u8 ist)
{
	idt[vec] = (struct idt_gate64){
		.offset_low = handler & 0xffff,
		.selector = GDT_KERNEL_CS,
		.ist = ist,
		.type_attr = 0x8E,		/* present, DPL 0, interrupt gate */
		.offset_mid = (handler >> 16) & 0xffff,
		.offset_high = handler >> 32,
	};
}

void cpu_load_tables(unsigned int cpu)
{
	u64 *gdt = *per_cpu_ptr(&cpu_gdt, cpu);
	struct tss64 *tss = per_cpu_ptr(&cpu_tss, cpu);
	struct cpu_ist_stacks *ist = per_cpu_ptr(&cpu_ist, cpu);
	u64 base = (u64)tss;
	u64 limit = sizeof(*tss) - 1;

	gdt[0] = 0;
	gdt[1] = 0x00AF9A000000FFFFULL;		/* 64-bit code */
	gdt[2] = 0x00CF92000000FFFFULL;		/* data */
	/* 16-byte available 64-bit TSS descriptor (ltr marks it busy) */
	gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
		 (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[4] = base >> 32;
	gdt[5] = 0;

	*tss = (struct tss64){ .iomap_base = sizeof(*tss) };
	tss->ist[0] = (u64)(ist->df + sizeof(ist->df));
	tss->ist[1] = (u64)(ist->nmi + sizeof(ist->nmi));

	struct desc_ptr gp = { GDT_ENTRIES * 8 - 1, (u64)gdt };
	struct desc_ptr ip = { sizeof(idt) - 1, (u64)idt };
	__asm__ __volatile__(
		"lgdt %0\n\t"
		"pushq %2\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"movl %3, %%eax\n\t"
		"movl %%eax, %%ds\n\t"
		"movl %%eax, %%es\n\t"
		"movl %%eax, %%ss\n\t"
		"ltr %w4\n\t"
		"lidt %1\n\t"
		:: "m"(gp), "m"(ip), "i"(GDT_KERNEL_CS), "i"(GDT_KERNEL_DS), "r"(GDT_TSS)
		: "rax", "memory");

	/* The per-CPU segment base: this CPU's area (GS's selector stays 0). */
	wrmsr(MSR_GS_BASE, (u64)(__per_cpu_start + __per_cpu_offset[cpu]));
}

void x86_cpu_init(void)
{
	for (unsigned int v = 0; v < 256; v++)
		set_gate(v, isr_stub_table[v], v == 8 ? 1 : v == 2 ? 2 : 0);
	cpu_load_tables(0);
}

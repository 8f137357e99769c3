// SPDX-License-Identifier: GPL-2.0-only
/*
 * x86_64 descriptor tables: the GDT (kernel code/data and the TSS), the TSS
 * with separate IST stacks for double faults and NMIs (so that a blown
 * kernel stack still gets a report), and the IDT pointing at entry.asm.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <asm/setup.h>

#define GDT_KERNEL_CS	0x08
#define GDT_KERNEL_DS	0x10
#define GDT_TSS		0x18

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

static u64 gdt[5] __aligned(16);
static struct tss64 tss __aligned(16);
static struct idt_gate64 idt[256] __aligned(16);
static u8 df_stack[8192] __aligned(16);
static u8 nmi_stack[8192] __aligned(16);

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

void x86_cpu_init(void)
{
	u64 base = (u64)&tss;
	u64 limit = sizeof(tss) - 1;

	gdt[0] = 0;
	gdt[1] = 0x00AF9A000000FFFFULL;		/* 64-bit code */
	gdt[2] = 0x00CF92000000FFFFULL;		/* data */
	/* 16-byte available 64-bit TSS descriptor */
	gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
		 (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[4] = base >> 32;

	tss.ist[0] = (u64)(df_stack + sizeof(df_stack));
	tss.ist[1] = (u64)(nmi_stack + sizeof(nmi_stack));
	tss.iomap_base = sizeof(tss);

	struct desc_ptr gp = { sizeof(gdt) - 1, (u64)gdt };
	__asm__ __volatile__(
		"lgdt %0\n\t"
		"pushq %1\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"movl %2, %%eax\n\t"
		"movl %%eax, %%ds\n\t"
		"movl %%eax, %%es\n\t"
		"movl %%eax, %%ss\n\t"
		"ltr %w3\n\t"
		:: "m"(gp), "i"(GDT_KERNEL_CS), "i"(GDT_KERNEL_DS), "r"(GDT_TSS)
		: "rax", "memory");

	for (unsigned int v = 0; v < 256; v++)
		set_gate(v, isr_stub_table[v], v == 8 ? 1 : v == 2 ? 2 : 0);
	struct desc_ptr ip = { sizeof(idt) - 1, (u64)idt };
	__asm__ __volatile__("lidt %0" :: "m"(ip) : "memory");
}

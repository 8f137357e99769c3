// SPDX-License-Identifier: GPL-2.0-only
/*
 * i386 descriptor tables: a flat GDT (kernel code and data) and the IDT
 * pointing at entry.asm. There is no ring 3, so no TSS is needed yet; a
 * double fault on a blown stack ends in a triple fault, which the test
 * harness reports as a failure.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <asm/setup.h>

#define GDT_KERNEL_CS	0x08
#define GDT_KERNEL_DS	0x10

struct idt_gate32 {
	u16 offset_low;
	u16 selector;
	u8 zero;
	u8 type_attr;
	u16 offset_high;
} __packed;
_Static_assert(sizeof(struct idt_gate32) == 8, "hardware gate layout");

struct desc_ptr {
	u16 limit;
	u32 base;
} __packed;

static u64 gdt[3] __aligned(16);
static struct idt_gate32 idt[256] __aligned(16);

extern const u32 isr_stub_table[256];

void x86_cpu_init(void)
{
	gdt[0] = 0;
	gdt[1] = 0x00CF9A000000FFFFULL;		/* 32-bit code, 4 GiB */
	gdt[2] = 0x00CF92000000FFFFULL;		/* data, 4 GiB */

	struct desc_ptr gp = { sizeof(gdt) - 1, (u32)gdt };
	__asm__ __volatile__(
		"lgdt %0\n\t"
		"ljmp %1, $1f\n"
		"1:\n\t"
		"movl %2, %%eax\n\t"
		"movl %%eax, %%ds\n\t"
		"movl %%eax, %%es\n\t"
		"movl %%eax, %%ss\n\t"
		"xorl %%eax, %%eax\n\t"
		"movl %%eax, %%fs\n\t"
		"movl %%eax, %%gs\n\t"
		:: "m"(gp), "i"(GDT_KERNEL_CS), "i"(GDT_KERNEL_DS) : "eax", "memory");

	for (unsigned int v = 0; v < 256; v++) {
		u32 h = isr_stub_table[v];
		idt[v] = (struct idt_gate32){
			.offset_low = h & 0xffff,
			.selector = GDT_KERNEL_CS,
			.type_attr = 0x8E,
			.offset_high = h >> 16,
		};
	}
	struct desc_ptr ip = { sizeof(idt) - 1, (u32)idt };
	__asm__ __volatile__("lidt %0" :: "m"(ip) : "memory");
}

/* SPDX-License-Identifier: GPL-2.0-only */
/* Arch-internal declarations shared by the x86 boot path. */
#ifndef NB_ASM_SETUP_H
#define NB_ASM_SETUP_H

#include <kernel/types.h>
#include <asm/ptrace.h>

#define PAGE_SHIFT_4K	12

#ifdef __x86_64__
#define KERNEL_VMA	0xffffffff80000000UL
#define PAGE_OFFSET	0xffff888000000000UL	/* direct map base */
#define BOOT_IDENT_LIMIT 0x100000000ULL		/* boot tables map 0..4 GiB */
/* Never mapped (Linux's guard hole): tests use it to fault on purpose. */
#define ARCH_UNMAPPED_TEST_ADDR 0xffff800000000000UL
/* memblock allocations before init_mem_mapping(): inside the boot tables' reach. */
#define ARCH_EARLY_ALLOC_LIMIT	BOOT_IDENT_LIMIT
/* Everything is direct-mapped: no lowmem limit. */
#define ARCH_MAX_LOW_PFN	(~0ULL)
#else
#define KERNEL_VMA	0xC0000000UL
#define PAGE_OFFSET	0xC0000000UL
#define BOOT_IDENT_LIMIT 0xC0000000ULL		/* boot tables identity-map 0..3 GiB */
/* The top of the address space stays unmapped (guard above the fixmap). */
#define ARCH_UNMAPPED_TEST_ADDR 0xFFFFF000UL
/*
 * Lowmem ends where Linux's i386 PAE ends it with the default 128 MiB
 * vmalloc reserve: 896 MiB - 8 KiB (VMALLOC_END 0xff7fe000, the kmap and
 * fixmap areas above). memblock allocations must stay in lowmem, which the
 * boot tables map at PAGE_OFFSET.
 */
#define ARCH_MAX_LOW_PFN	0x377feULL
#define ARCH_EARLY_ALLOC_LIMIT	(ARCH_MAX_LOW_PFN << PAGE_SHIFT_4K)
#endif

/* Direct-mapped memory (all RAM on x86_64, lowmem on i386). */
#define __va(pa)	((void *)(uintptr_t)((phys_addr_t)(pa) + PAGE_OFFSET))
#define __pa(va)	((phys_addr_t)((uintptr_t)(va) - PAGE_OFFSET))

#define MULTIBOOT1_BOOTLOADER_MAGIC	0x2BADB002
#define MULTIBOOT2_BOOTLOADER_MAGIC	0x36D76289


/* Page frame just past the highest RAM, and the same below 4 GiB. */
extern u64 max_pfn, max_low_pfn;

extern u32 boot_multiboot_magic, boot_multiboot_info;
extern char __kernel_phys_start[], __kernel_phys_end[];
extern char _text[], _etext[], _end[];

/* Pointer to physical memory through the boot page tables, or NULL if out of their reach. */
void *boot_phys_to_virt(phys_addr_t phys, size_t size);

void serial_init(void);
void serial_write(const char *s, size_t len);

void x86_cpu_init(void);	/* GDT, TSS, IDT */
void tsc_init(void);
extern u64 tsc_khz;

/* Copy the loader's information into boot_info. Returns false if the magic is unknown. */
bool parse_multiboot(u32 magic, phys_addr_t info);

/* Common C entry for both modes, once the CPU runs at the kernel's address. */
__attribute__((__noreturn__)) void x86_start_kernel(void);


/*
 * i386 DISCONTIG only (arch/x86/32/discontig.c): after x86_numa_init() and
 * before any pglist_data is allocated, with the kernel's page tables live:
 * place the pglist_data and memmap of every node other than 0 in its own
 * memory, map them into the KVA remap window at the end of lowmem, lower
 * max_low_pfn (and the direct map, and memblock's limit) to the window's
 * start, and set NODE_DATA(nid) for the nodes it places. setup_arch()
 * gives every node still without NODE_DATA one afterwards. See asm/kva.h.
 */
void numa_kva_setup(void);

/* Interrupts and exceptions. */
void do_interrupt(struct pt_regs *regs);
typedef void (*irq_handler_t)(struct pt_regs *regs);
void set_irq_handler(unsigned int vector, irq_handler_t handler);
/* How many times an exception of each vector was recovered through the exception table. */
extern unsigned long trap_fixup_count[32];
void show_regs(const struct pt_regs *regs);
void show_stack_from(unsigned long bp);

/* Exception table: an instruction that may fault, and where to resume. */
struct exception_table_entry {
	unsigned long insn, fixup;
};
const struct exception_table_entry *search_exception_tables(unsigned long ip);

#ifdef __x86_64__
#define _ASM_PTR " .quad "
#define _ASM_ALIGN " .balign 8 "
#else
#define _ASM_PTR " .long "
#define _ASM_ALIGN " .balign 4 "
#endif
#define _ASM_EXTABLE(from, to)						\
	" .pushsection __ex_table, \"a\"\n"				\
	_ASM_ALIGN "\n"							\
	_ASM_PTR #from ", " #to "\n"					\
	" .popsection\n"

/*
 * Ends an inline asm whose instruction at local label 1 may fault: a fault
 * there resumes right after it with the asm's [err] operand (read-write,
 * 0 before) set to its [efault] operand ("i"(-EFAULT)), through .fixup.
 */
#define _ASM_EFAULT_FIXUP						\
	"2:\n"								\
	" .pushsection .fixup, \"ax\"\n"					\
	"3: mov %[efault], %[err]\n"					\
	" jmp 2b\n"							\
	" .popsection\n"						\
	_ASM_EXTABLE(1b, 3b)

#endif

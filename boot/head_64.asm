; SPDX-License-Identifier: GPL-2.0-only
;
; x86_64 entry: from a multiboot loader (32-bit protected mode, paging off,
; EAX = loader magic, EBX = physical address of its information) into long
; mode, running at the higher-half kernel address, then x86_start_kernel().
;
; The boot page tables map, with 2 MiB pages:
;   0 .. 4 GiB                      identity (the boot stub runs here; loader
;                                   data and ACPI tables are read through it)
;   PAGE_OFFSET .. + 4 GiB          the same memory, at the direct-map base
;   KERNEL_VMA .. + 2 GiB           physical 0 .. 2 GiB (the kernel image)
; They are replaced by the kernel's own tables once memory is discovered.

KERNEL_VMA	equ 0xffffffff80000000
PML4_DIRECT	equ 273			; 0xffff888000000000 >> 39 & 511
PML4_KERNEL	equ 511
PDPT_KERNEL	equ 510			; 0xffffffff80000000 >> 30 & 511

PTE_P		equ 1 << 0
PTE_RW		equ 1 << 1
PTE_PS		equ 1 << 7

%include "head.inc"

global boot_pml4

BOOT_ENTRY

	; Long mode is required: CPUID 0x80000001 EDX bit 29.
	mov	eax, 0x80000000
	cpuid
	cmp	eax, 0x80000001
	jb	.no_long_mode
	mov	eax, 0x80000001
	cpuid
	bt	edx, 29
	jnc	.no_long_mode
	mov	ebx, edx			; keep extended features (NX: bit 20)

	; 2048 PD entries: physical 0 .. 4 GiB in 2 MiB pages.
	mov	edi, boot_pd - KERNEL_VMA
	mov	eax, PTE_P | PTE_RW | PTE_PS
	xor	edx, edx
	mov	ecx, 2048
.fill_pd:
	mov	[edi], eax
	mov	[edi + 4], edx
	add	eax, 0x200000
	adc	edx, 0
	add	edi, 8
	dec	ecx
	jnz	.fill_pd

	; Identity PDPT: four PDs.
	mov	edi, boot_pdpt_ident - KERNEL_VMA
	mov	eax, (boot_pd - KERNEL_VMA) + (PTE_P | PTE_RW)
	mov	ecx, 4
.fill_pdpt:
	mov	[edi], eax
	add	eax, 4096
	add	edi, 8
	dec	ecx
	jnz	.fill_pdpt

	; Kernel PDPT: -2 GiB -> physical 0 (first two PDs).
	mov	edi, boot_pdpt_kernel - KERNEL_VMA
	mov	dword [edi + PDPT_KERNEL * 8], (boot_pd - KERNEL_VMA) + (PTE_P | PTE_RW)
	mov	dword [edi + (PDPT_KERNEL + 1) * 8], (boot_pd - KERNEL_VMA + 4096) + (PTE_P | PTE_RW)

	mov	edi, boot_pml4 - KERNEL_VMA
	mov	dword [edi], (boot_pdpt_ident - KERNEL_VMA) + (PTE_P | PTE_RW)
	mov	dword [edi + PML4_DIRECT * 8], (boot_pdpt_ident - KERNEL_VMA) + (PTE_P | PTE_RW)
	mov	dword [edi + PML4_KERNEL * 8], (boot_pdpt_kernel - KERNEL_VMA) + (PTE_P | PTE_RW)

	; PAE + PGE, page tables, EFER.LME (+ NXE when the CPU has NX), paging + WP.
	mov	eax, cr4
	or	eax, (1 << 5) | (1 << 7)
	mov	cr4, eax
	mov	eax, boot_pml4 - KERNEL_VMA
	mov	cr3, eax
	mov	ecx, 0xC0000080
	rdmsr
	or	eax, 1 << 8
	bt	ebx, 20
	jnc	.no_nx
	or	eax, 1 << 11
.no_nx:
	wrmsr
	mov	eax, cr0
	or	eax, (1 << 31) | (1 << 16)
	mov	cr0, eax

	lgdt	[boot_gdt_ptr]
	jmp	0x08:long_mode_entry

.no_long_mode:
	mov	esi, no_long_mode_msg
	call	early_serial_puts
.halt:
	hlt
	jmp	.halt

; Print the NUL-terminated string at ESI on COM1 (polling; no init needed
; under QEMU or after a BIOS has set the port up).
early_serial_puts:
	mov	dx, 0x3FD
.wait:
	in	al, dx
	test	al, 0x20
	jz	.wait
	mov	dx, 0x3F8
	lodsb
	test	al, al
	jz	.done
	out	dx, al
	mov	dx, 0x3FD
	jmp	.wait
.done:
	ret

bits 64
long_mode_entry:
	mov	ax, 0x10
	mov	ds, ax
	mov	es, ax
	mov	ss, ax
	xor	eax, eax
	mov	fs, ax
	mov	gs, ax
	mov	rax, higher_half
	jmp	rax

section .boot.rodata progbits alloc noexec nowrite align=16
no_long_mode_msg:
	db "numabuddy: this CPU has no long mode; boot the i386 kernel (ARCH=i386)", 13, 10, 0
align 16
boot_gdt:
	dq 0
	dq 0x00AF9A000000FFFF			; 0x08: 64-bit code
	dq 0x00CF92000000FFFF			; 0x10: data
boot_gdt_end:
boot_gdt_ptr:
	dw boot_gdt_end - boot_gdt - 1
	dd boot_gdt

bits 64
BOOT_HIGHER_HALF

section .bss nobits alloc write align=4096
boot_pml4:		resb 4096
boot_pdpt_ident:	resb 4096
boot_pdpt_kernel:	resb 4096
boot_pd:		resb 4 * 4096
BOOT_STACK_AND_LOADER_INFO

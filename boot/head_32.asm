; SPDX-License-Identifier: GPL-2.0-only
;
; i386 entry: from a multiboot loader (protected mode, paging off, EAX = loader
; magic, EBX = physical address of its information) to PAE paging with the
; kernel at 3 GiB, then x86_start_kernel().
;
; Boot page tables (PAE, 2 MiB pages):
;   0 .. 3 GiB                 identity (boot stub, loader data, ACPI tables)
;   0xC0000000 .. 0xFFBFFFFF   physical 0 .. 1020 MiB (the kernel, lowmem)
;   0xFFC00000 .. 4 GiB        unmapped (the last two PD slots)
; They are replaced by the kernel's own tables once memory is discovered.

KERNEL_VMA	equ 0xC0000000

PTE_P		equ 1 << 0
PTE_RW		equ 1 << 1
PTE_PS		equ 1 << 7

%include "head.inc"

global boot_pdpt

; FILL_PD pd, n, .label: PD entries 0 .. n-1 at pd (a kernel-virtual .bss
; address, written through its physical one) map physical 0 .. n * 2 MiB,
; 2 MiB pages, writable; .label names the loop. Clobbers EAX, ECX, EDI.
%macro FILL_PD 3
	mov	edi, %1 - KERNEL_VMA
	mov	eax, PTE_P | PTE_RW | PTE_PS
	mov	ecx, %2
%3:
	mov	[edi], eax
	mov	dword [edi + 4], 0
	add	eax, 0x200000
	add	edi, 8
	dec	ecx
	jnz	%3
%endmacro

BOOT_ENTRY

	; PAE is required: CPUID 1 EDX bit 6.
	mov	eax, 1
	cpuid
	bt	edx, 6
	jnc	.no_pae
	; NX (CPUID 0x80000001 EDX bit 20) is optional.
	xor	ebx, ebx
	mov	eax, 0x80000000
	cpuid
	cmp	eax, 0x80000001
	jb	.ext_done
	mov	eax, 0x80000001
	cpuid
	mov	ebx, edx
.ext_done:

	; Identity PDs: 1536 entries, physical 0 .. 3 GiB.
	FILL_PD	boot_pd_ident, 1536, .fill_ident

	; Kernel PD: 510 entries, physical 0 .. 1020 MiB at 3 GiB.
	FILL_PD	boot_pd_kernel, 510, .fill_kernel

	; PDPT entries have only the present bit in PAE mode.
	mov	edi, boot_pdpt - KERNEL_VMA
	mov	dword [edi + 0], (boot_pd_ident - KERNEL_VMA) + PTE_P
	mov	dword [edi + 8], (boot_pd_ident - KERNEL_VMA + 4096) + PTE_P
	mov	dword [edi + 16], (boot_pd_ident - KERNEL_VMA + 8192) + PTE_P
	mov	dword [edi + 24], (boot_pd_kernel - KERNEL_VMA) + PTE_P

	mov	eax, cr4
	or	eax, (1 << 5) | (1 << 7)	; PAE, PGE
	mov	cr4, eax
	mov	eax, boot_pdpt - KERNEL_VMA
	mov	cr3, eax
	bt	ebx, 20
	jnc	.no_nx
	mov	ecx, 0xC0000080
	rdmsr
	or	eax, 1 << 11
	wrmsr
.no_nx:
	mov	eax, cr0
	or	eax, (1 << 31) | (1 << 16)	; PG, WP
	mov	cr0, eax

	mov	eax, higher_half
	jmp	eax

.no_pae:
	mov	esi, no_pae_msg
	mov	dx, 0x3F8
.putc:
	lodsb
	test	al, al
	jz	.halt
	out	dx, al
	jmp	.putc
.halt:
	hlt
	jmp	.halt

section .boot.rodata progbits alloc noexec nowrite align=16
no_pae_msg:
	db "numabuddy: this CPU has no PAE; numabuddy needs PAE", 13, 10, 0

BOOT_HIGHER_HALF

section .bss nobits alloc write align=4096
boot_pdpt:		resb 4096		; only 32 bytes used; PDPT needs 32-byte alignment
boot_pd_ident:		resb 3 * 4096
boot_pd_kernel:		resb 4096
BOOT_STACK_AND_LOADER_INFO

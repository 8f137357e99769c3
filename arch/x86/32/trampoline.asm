; SPDX-License-Identifier: GPL-2.0-only
;
; The AP trampoline, i386 (PAE). An AP woken by INIT-SIPI-SIPI starts here
; in real mode, at CS = page << 8, IP = 0, with paging and caches off.
;
; [trampoline_start, trampoline_end) is position-independent data for the
; kernel: smpboot.c copies it to trampoline_phys (below 1 MiB, 4 KiB
; aligned), patches trampoline_gdt_ptr's base, fills trampoline_params
; (struct trampoline_params, asm/smp.h) and builds the temporary page tables
; in the pages after it:
;   +0x1000 PDPT: entry 0 -> +0x2000, entry 3 = the kernel's (3-4 GiB)
;   +0x2000 PD:   entry 0 = physical 0-2 MiB (the identity map the code
;                 below runs on once paging is on)
; The kernel's own tables are never changed: they need no identity map.
;
; real mode    DS = SS = CS, a small stack at the top of the first page;
;              EBX = the trampoline's linear address, kept to the end
; 32-bit       flat segments from trampoline_gdt; CR4 (PAE, PGE), CR3 (the
;              temporary PDPT), EFER (NXE, when the CPU has NX), CR0 (PG,
;              and the boot CPU's cache bits: an AP leaves INIT with caches
;              off), then jump to params.target, secondary_startup
; kernel       secondary_startup reads the stack and CPU number, loads the
;              kernel's CR3 and calls start_secondary(cpu), which never
;              returns.
;
; APs start one at a time: the boot CPU waits for each to come online
; before it rewrites the parameters for the next, so one stack and one
; parameter block serve them all.

P_CR0		equ 0
P_CR3		equ 4
P_CR4		equ 8
P_EFER		equ 12
P_TARGET	equ 16
P_KERNEL_CR3	equ 24
P_STACK		equ 32
P_CPU		equ 40

TR_CS32		equ 0x08
TR_DS		equ 0x10

%define OFF(x)	((x) - trampoline_start)
%define PARAM(p)	(OFF(trampoline_params) + (p))

extern start_secondary

global trampoline_start
global trampoline_end
global trampoline_gdt
global trampoline_gdt_ptr
global trampoline_params
global secondary_startup

section .rodata
align 16
bits 16
trampoline_start:
	cli
	cld
	mov	ax, cs
	mov	ds, ax
	mov	es, ax
	mov	ss, ax
	mov	sp, 0x1000
	xor	ebx, ebx
	mov	bx, ax
	shl	ebx, 4
	o32 lgdt [OFF(trampoline_gdt_ptr)]
	mov	eax, cr0
	or	eax, 1				; PE
	mov	cr0, eax
	lea	eax, [ebx + OFF(tr_protected)]
	push	dword TR_CS32
	push	eax
	o32 retf

bits 32
tr_protected:
	mov	ax, TR_DS
	mov	ds, ax
	mov	es, ax
	mov	ss, ax
	lea	esp, [ebx + 0x1000]
	mov	eax, [ebx + PARAM(P_CR4)]
	mov	cr4, eax
	mov	eax, [ebx + PARAM(P_CR3)]
	mov	cr3, eax
	mov	eax, [ebx + PARAM(P_EFER)]
	test	eax, eax
	jz	.no_efer
	xor	edx, edx
	mov	ecx, 0xC0000080
	wrmsr
.no_efer:
	mov	eax, [ebx + PARAM(P_CR0)]
	mov	cr0, eax			; paging on, still on the identity page
	jmp	[ebx + PARAM(P_TARGET)]

align 16
trampoline_gdt:
	dq	0
	dq	0x00CF9A000000FFFF		; 0x08: 32-bit code
	dq	0x00CF92000000FFFF		; 0x10: data
trampoline_gdt_end:
	dw	0				; pad: the base below is then 4-byte aligned
trampoline_gdt_ptr:
	dw	trampoline_gdt_end - trampoline_gdt - 1
	dd	0				; linear address of trampoline_gdt (patched)
align 16
trampoline_params:
	times 48 db 0
trampoline_end:

section .text
bits 32
; On the trampoline's page tables, EBX = the trampoline (identity-mapped).
secondary_startup:
	mov	esp, [ebx + PARAM(P_STACK)]
	mov	eax, [ebx + PARAM(P_CPU)]
	mov	ecx, [ebx + PARAM(P_KERNEL_CR3)]
	mov	cr3, ecx
	xor	ebp, ebp			; terminates frame-pointer backtraces
	sub	esp, 12				; 16-byte aligned at the call
	push	eax
	call	start_secondary
.hang:
	cli
	hlt
	jmp	.hang

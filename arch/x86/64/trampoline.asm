; SPDX-License-Identifier: GPL-2.0-only
;
; The AP trampoline, x86_64. An AP woken by INIT-SIPI-SIPI starts here in
; real mode, at CS = page << 8, IP = 0, with paging and caches off.
;
; [trampoline_start, trampoline_end) is position-independent data for the
; kernel: smpboot.c copies it to trampoline_phys (below 1 MiB, 4 KiB
; aligned), patches trampoline_gdt_ptr's base, fills trampoline_params
; (struct trampoline_params, asm/smp.h) and builds the temporary page tables
; in the three pages after it:
;   +0x1000 PML4: entry 0 -> +0x2000, entries 256-511 = the kernel's
;   +0x2000 PDPT: entry 0 -> +0x3000
;   +0x3000 PD:   entry 0 = physical 0-2 MiB, executable (the identity map
;                 the code below runs on once paging is on)
;
; real mode    DS = SS = CS, a small stack at the top of the first page;
;              EBX = the trampoline's linear address, kept to the end
; 32-bit       flat segments from trampoline_gdt; CR4 (PAE), CR3 (the
;              temporary PML4), EFER (LME, NXE), CR0 (PG, and the boot
;              CPU's cache bits: an AP leaves INIT with caches off)
; 64-bit       still on the identity page: jump to params.target,
;              secondary_startup, in the kernel's text
; kernel       secondary_startup reads the stack and CPU number, loads the
;              kernel's CR3 (no identity map: the trampoline is gone from
;              view) and calls start_secondary(cpu), which never returns.
;
; APs start one at a time: the boot CPU waits for each to come online
; before it rewrites the parameters for the next, so one stack and one
; parameter block serve them all.

TR_CS64		equ 0x08
TR_DS		equ 0x10
TR_CS32		equ 0x18

; The parameter offsets, real mode to protected mode, the GDT pointer and
; the parameter block: shared with the other architecture.
%include "trampoline.inc"

TRAMPOLINE_TO_PROTECTED
	mov	eax, [ebx + PARAM(P_EFER)]
	xor	edx, edx
	mov	ecx, 0xC0000080
	wrmsr
	mov	eax, [ebx + PARAM(P_CR0)]
	mov	cr0, eax			; paging on: long mode (compatibility) is active
	lea	eax, [ebx + OFF(tr_long)]
	push	dword TR_CS64
	push	eax
	retf

bits 64
tr_long:
	mov	ebx, ebx			; the upper halves are undefined after the switch
	mov	rax, [rbx + PARAM(P_TARGET)]
	jmp	rax

align 16
trampoline_gdt:
	dq	0
	dq	0x00AF9A000000FFFF		; 0x08: 64-bit code
	dq	0x00CF92000000FFFF		; 0x10: data
	dq	0x00CF9A000000FFFF		; 0x18: 32-bit code
TRAMPOLINE_TAIL

section .text
bits 64
; On the trampoline's page tables, RBX = the trampoline (identity-mapped).
secondary_startup:
	mov	rsp, [rbx + PARAM(P_STACK)]
	mov	edi, [rbx + PARAM(P_CPU)]
	mov	rax, [rbx + PARAM(P_KERNEL_CR3)]
	mov	cr3, rax
	xor	ebp, ebp			; terminates frame-pointer backtraces
	call	start_secondary
.hang:
	cli
	hlt
	jmp	.hang

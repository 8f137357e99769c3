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

TR_CS32		equ 0x08
TR_DS		equ 0x10

; The parameter offsets, real mode to protected mode, the GDT pointer and
; the parameter block: shared with the other architecture.
%include "trampoline.inc"

TRAMPOLINE_TO_PROTECTED
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
TRAMPOLINE_TAIL

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

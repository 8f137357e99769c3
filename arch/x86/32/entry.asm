; SPDX-License-Identifier: GPL-2.0-only
;
; Interrupt and exception entry, i386. One stub per vector pushes a dummy
; error code where the CPU pushes none, then the vector; the common path
; saves the general and segment registers so that the stack holds a struct
; pt_regs (arch/x86/include/asm/ptrace.h), calls do_interrupt(regs) and
; returns with iret. do_interrupt may change regs->ip (exception fixups).

bits 32
extern do_interrupt

%include "isr_stubs.inc"

section .text

ISR_STUBS

isr_common:
	pushad
	push	ds
	push	es
	push	fs
	push	gs
	mov	ax, 0x10
	mov	ds, ax
	mov	es, ax
	cld
	mov	eax, esp
	push	eax
	call	do_interrupt
	add	esp, 4
	pop	gs
	pop	fs
	pop	es
	pop	ds
	popad
	add	esp, 8				; vector, error code
	iret

section .rodata
align 4
ISR_STUB_TABLE dd

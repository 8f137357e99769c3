; SPDX-License-Identifier: GPL-2.0-only
;
; Interrupt and exception entry, x86_64. One stub per vector pushes a dummy
; error code where the CPU pushes none, then the vector; the common path
; saves the general registers so that the stack holds a struct pt_regs
; (arch/x86/include/asm/ptrace.h), calls do_interrupt(regs) and returns with
; iretq. do_interrupt may change regs->ip (exception-table fixups).

bits 64
extern do_interrupt

%include "isr_stubs.inc"

section .text

ISR_STUBS

isr_common:
	push	rax
	push	rbx
	push	rcx
	push	rdx
	push	rsi
	push	rdi
	push	rbp
	push	r8
	push	r9
	push	r10
	push	r11
	push	r12
	push	r13
	push	r14
	push	r15
	cld
	mov	rdi, rsp
	mov	rbx, rsp			; callee-saved: the frame, across the call
	and	rsp, -16			; the ABI wants a 16-byte aligned stack at calls
	call	do_interrupt
	mov	rsp, rbx
	pop	r15
	pop	r14
	pop	r13
	pop	r12
	pop	r11
	pop	r10
	pop	r9
	pop	r8
	pop	rbp
	pop	rdi
	pop	rsi
	pop	rdx
	pop	rcx
	pop	rbx
	pop	rax
	add	rsp, 16				; vector, error code
	iretq

section .rodata
align 8
ISR_STUB_TABLE dq

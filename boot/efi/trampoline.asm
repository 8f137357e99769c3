; SPDX-License-Identifier: GPL-2.0-only
;
; From UEFI's long mode to the multiboot2 i386 machine state, then into the
; kernel's 32-bit entry. Called (System V ABI) after ExitBootServices from a
; copy of this code in a page below 4 GiB:
;
;	void trampoline(u32 entry, u32 magic, u32 info, u32 stack_top);
;			edi        esi         edx        ecx
;
; The copy is position-independent (RIP-relative data, no relocations) and
; carries its own GDT. The firmware's page tables identity-map memory, so
; the copy keeps running at the same address when paging goes off.
; Steps (Intel SDM 3A, "Switching Out of IA-32e Mode Operation"):
;   1. load our GDT; far-return to its 32-bit code segment (compatibility
;      mode);
;   2. clear CR0.PG (long mode deactivates, EFER.LMA = 0), then EFER.LME;
;   3. CR4 = 0; flat data segments; EAX = magic, EBX = info; jump.
; CR4.PCIDE and CR4.CET must be clear before paging is turned off, so they
; are cleared while still in 64-bit mode.

bits 64
section .text

global trampoline_start
global trampoline_end

CODE32	equ 0x08
DATA32	equ 0x10

trampoline_start:
	cli
	mov	ebp, edi			; entry
	mov	ebx, edx			; info
	mov	edi, ecx			; stack top (ESI keeps the magic)

	lea	rax, [rel gdt]
	mov	[rel gdt_desc + 2], rax
	lgdt	[rel gdt_desc]

	mov	rax, cr4
	and	rax, ~((1 << 17) | (1 << 23))	; PCIDE, CET
	mov	cr4, rax

	lea	rax, [rel compat32]
	push	CODE32
	push	rax
	o64 retf

bits 32
compat32:
	mov	ax, DATA32
	mov	ds, ax
	mov	es, ax
	mov	fs, ax
	mov	gs, ax
	mov	ss, ax
	mov	esp, edi

	mov	eax, cr0
	and	eax, ~(1 << 31)			; paging off: long mode ends here
	mov	cr0, eax

	mov	ecx, 0xc0000080			; EFER
	rdmsr
	and	eax, ~(1 << 8)			; LME
	wrmsr

	xor	eax, eax
	mov	cr4, eax
	mov	cr3, eax

	mov	eax, esi			; multiboot2 magic; EBX = info
	jmp	ebp

align 16
gdt:
	dq 0
	dq 0x00cf9a000000ffff			; 0x08: 32-bit code, base 0, 4 GiB
	dq 0x00cf92000000ffff			; 0x10: data, base 0, 4 GiB
gdt_end:
gdt_desc:
	dw gdt_end - gdt - 1
	dq 0					; filled in with the copy's address
trampoline_end:

section .note.GNU-stack noalloc noexec nowrite progbits

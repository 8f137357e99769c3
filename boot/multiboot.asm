; SPDX-License-Identifier: GPL-2.0-only
;
; Multiboot headers, at the very start of the image.
;
; multiboot1 (QEMU -kernel): QEMU's loader takes only 32-bit ELF files unless
; the header carries the "address fields" (flag bit 16); with them it loads the
; file as a flat image, which is how the 64-bit ELF kernel is booted. The
; linker script keeps the file flat from LOAD_BASE to __load_end (checked by
; scripts/check-image.sh), and the loader zeroes up to __kernel_phys_end.
;
; multiboot2 (GRUB): GRUB loads the ELF program headers itself (32- or 64-bit)
; and enters at the ELF entry point, _start32, which is a physical address.

extern _start32
extern __load_end_phys
extern __kernel_phys_end

MB1_MAGIC		equ 0x1BADB002
MB1_PAGE_ALIGN		equ 1 << 0
MB1_MEMORY_INFO		equ 1 << 1
MB1_ADDRESS_FIELDS	equ 1 << 16
MB1_FLAGS		equ MB1_PAGE_ALIGN | MB1_MEMORY_INFO | MB1_ADDRESS_FIELDS

MB2_MAGIC		equ 0xE85250D6
MB2_ARCH_I386		equ 0
MB2_TAG_END		equ 0
MB2_TAG_INFO_REQUEST	equ 1
MB2_TAG_OPTIONAL	equ 1

LOAD_BASE		equ 0x100000

section .multiboot progbits alloc noexec nowrite align=8

align 4
mb1_header:
	dd MB1_MAGIC
	dd MB1_FLAGS
	dd 0x100000000 - (MB1_MAGIC + MB1_FLAGS)
	dd mb1_header			; header_addr (this section is linked at its load address)
	dd LOAD_BASE			; load_addr: the file is flat from here
	dd __load_end_phys		; load_end_addr
	dd __kernel_phys_end		; bss_end_addr: zeroed by the loader
	dd _start32			; entry_addr

align 8
mb2_header:
	dd MB2_MAGIC
	dd MB2_ARCH_I386
	dd mb2_end - mb2_header
	dd 0x100000000 - (MB2_MAGIC + MB2_ARCH_I386 + (mb2_end - mb2_header))

	; Ask for what discovery needs. Optional: GRUB boots even if one is missing.
align 8
mb2_info_request:
	dw MB2_TAG_INFO_REQUEST
	dw MB2_TAG_OPTIONAL
	dd mb2_info_request_end - mb2_info_request
	dd 1				; command line
	dd 2				; boot loader name
	dd 3				; modules
	dd 4				; basic meminfo
	dd 6				; memory map
	dd 14				; ACPI 1.0 RSDP
	dd 15				; ACPI 2.0 RSDP
	dd 17				; EFI memory map
mb2_info_request_end:

align 8
	dw MB2_TAG_END
	dw 0
	dd 8
mb2_end:

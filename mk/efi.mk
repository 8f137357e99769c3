# SPDX-License-Identifier: GPL-2.0-only
#
# The UEFI loader, BOOTX64.EFI (x86_64 UEFI only), built with gnu-efi:
# boot/efi/*.c and trampoline.asm -> a shared object linked with gnu-efi's
# crt0 and self-relocation (libgnuefi) -> a PE32+ EFI application.
#
#   make efi        build/efi/BOOTX64.EFI
#
# Included by the top-level Makefile. The loader does not depend on ARCH or
# MEMMODEL; it starts any x86_64 kernel configuration.

EFI_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

EFI_OUT := build/efi
EFI_LOADER := $(EFI_OUT)/BOOTX64.EFI
EFI_INC := /usr/include/efi
EFI_LIBDIR := /usr/lib
EFI_CRT0 := $(EFI_LIBDIR)/crt0-efi-x86_64.o
EFI_LDS := $(EFI_LIBDIR)/elf_x86_64_efi.lds

# -fpic: the image relocates itself (crt0 calls _relocate); -fshort-wchar:
# L"" strings are UCS-2 CHAR16; -mno-red-zone: firmware interrupts use our
# stack; GNU_EFI_USE_MS_ABI: firmware calls use the Microsoft ABI directly.
EFI_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fpic -fshort-wchar \
	-fno-stack-protector -fno-stack-check -fno-strict-aliasing -fno-builtin \
	-mno-red-zone -mgeneral-regs-only -maccumulate-outgoing-args \
	-DGNU_EFI_USE_MS_ABI -isystem $(EFI_INC) -isystem $(EFI_INC)/x86_64 -MMD -MP
EFI_SRCS := $(sort $(wildcard boot/efi/*.c))
# The kernel's printf and string functions, shared (built here with the loader's flags).
EFI_LIB_SRCS := lib/vsprintf.c lib/string.c
EFI_OBJS := $(patsubst boot/efi/%.c,$(EFI_OUT)/%.o,$(EFI_SRCS)) $(EFI_OUT)/trampoline.asm.o \
	$(patsubst lib/%.c,$(EFI_OUT)/lib/%.o,$(EFI_LIB_SRCS))

.PHONY: efi
efi: $(EFI_LOADER)

$(EFI_OUT)/%.o: boot/efi/%.c mk/efi.mk
	@mkdir -p $(@D)
	$(say) CC "efi $<"
	$(Q)$(CC) $(EFI_CFLAGS) -c $< -o $@

$(EFI_OUT)/lib/%.o: lib/%.c mk/efi.mk
	@mkdir -p $(@D)
	$(say) CC "efi $<"
	$(Q)$(CC) $(EFI_CFLAGS) -Iinclude -c $< -o $@

$(EFI_OUT)/trampoline.asm.o: boot/efi/trampoline.asm mk/efi.mk
	@mkdir -p $(@D)
	$(say) NASM "efi $<"
	$(Q)$(NASM) -f elf64 -w+all $< -o $@

$(EFI_OUT)/loader.so: $(EFI_OBJS)
	$(say) LD "$@"
	$(Q)test -f $(EFI_CRT0) || { echo "efi: gnu-efi is missing ($(EFI_CRT0)); run scripts/deps.sh" >&2; exit 1; }
	$(Q)ld -nostdlib -znocombreloc -shared -Bsymbolic --no-undefined -T $(EFI_LDS) \
		-L$(EFI_LIBDIR) $(EFI_CRT0) $(EFI_OBJS) -lgnuefi -o $@

# Sections as gnu-efi's own build keeps them; subsystem 10 = EFI application.
$(EFI_LOADER): $(EFI_OUT)/loader.so
	$(say) OBJCOPY "$@"
	$(Q)objcopy -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela \
		-j '.rel.*' -j '.rela.*' -j .reloc --target efi-app-x86_64 --subsystem=10 $< $@

# The loader's kernel check, hosted under ASan/UBSan (tests/harness/efi-elf.t).
# -fshort-wchar as in the loader (CHAR16 string literals); libc supplies the
# string functions, so util.c is left out.
EFI_HOST_TEST := $(EFI_OUT)/host/elf_check_test
EFI_HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -fshort-wchar -fno-builtin \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-isystem $(EFI_INC) -isystem $(EFI_INC)/x86_64
.PHONY: efi-host-test
efi-host-test: $(EFI_HOST_TEST)
$(EFI_HOST_TEST): tests/efi/elf_check_test.c boot/efi/elf.c boot/efi/console.c boot/efi/loader.h mk/efi.mk
	@mkdir -p $(@D)
	$(say) HOSTCC "$@"
	$(Q)$(CC) $(EFI_HOST_CFLAGS) tests/efi/elf_check_test.c boot/efi/elf.c boot/efi/console.c -o $@

-include $(EFI_OBJS:.o=.d)

.DEFAULT_GOAL := $(EFI_SAVED_DEFAULT_GOAL)

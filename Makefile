# SPDX-License-Identifier: GPL-2.0-only
#
# numabuddy build. Everything is configured with make variables; output goes
# to build/<ARCH>-<MEMMODEL>/. See README.md for the user-facing targets.

ARCH ?= x86_64
TOPO ?= 2node
BOOT ?= kernel
ACCEL ?=
CMDLINE ?=
QEMU_ARGS ?=
GDBPORT ?=

ifeq ($(ARCH),x86_64)
  BITS := 64
  MEMMODEL ?= vmemmap
  MEMMODELS_OK := sparse vmemmap
  ARCH_CFLAGS := -m64 -mcmodel=kernel -mno-red-zone -DCONFIG_X86_64
  NASM_FMT := elf64
else ifeq ($(ARCH),i386)
  BITS := 32
  MEMMODEL ?= discontig
  MEMMODELS_OK := discontig sparse
  ARCH_CFLAGS := -m32 -march=i686 -mtune=generic -DCONFIG_X86_32
  NASM_FMT := elf32
else
  $(error ARCH must be x86_64 or i386, not '$(ARCH)')
endif
ifeq ($(filter $(MEMMODEL),$(MEMMODELS_OK)),)
  $(error MEMMODEL=$(MEMMODEL) is not available on $(ARCH): use one of $(MEMMODELS_OK))
endif
ifneq ($(filter-out kernel iso efi,$(BOOT)),)
  $(error BOOT must be kernel, iso or efi)
endif

CONFIG := $(ARCH)-$(MEMMODEL)
MEMMODEL_DEF := -DCONFIG_MEMMODEL_$(shell echo $(MEMMODEL) | tr a-z A-Z)
# DEBUG_VM=1 (default): poison uninitialised memmap and check more. make
# bench and bench-linux measure a DEBUG_VM=0 kernel unless DEBUG_VM is given.
BENCH_DEBUG_VM := $(if $(filter command line environment,$(origin DEBUG_VM)),$(DEBUG_VM),0)
DEBUG_VM ?= 1
# GDBSTUB=0 builds the kernel without its gdb stub (no gdbstub=, make gdb).
GDBSTUB ?= 1
CONFIG_GDBSTUB := $(if $(filter 1,$(GDBSTUB)),y)
# A DEBUG_VM=0 kernel has a build directory of its own.
BUILD := build/$(CONFIG)$(if $(filter 0,$(DEBUG_VM)),-nodebug)
KERNEL := $(BUILD)/numabuddy.elf
DEBUG_DEFS := $(if $(filter 1,$(DEBUG_VM)),-DCONFIG_DEBUG_VM) $(if $(CONFIG_GDBSTUB),-DCONFIG_GDBSTUB)
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

CC := gcc
NASM := nasm
CFLAGS := -std=gnu11 -ffreestanding -O2 -g -Wall -Wextra -Werror \
	-fno-stack-protector -fno-pic -fno-pie -fno-omit-frame-pointer \
	-fno-strict-aliasing -fno-common -fno-asynchronous-unwind-tables \
	-mgeneral-regs-only -Iinclude -Iarch/x86/include \
	$(ARCH_CFLAGS) $(MEMMODEL_DEF) $(DEBUG_DEFS) -DNB_VERSION='"$(VERSION)"' \
	-DNB_CONFIG='"$(CONFIG)"' -MMD -MP
# -i: where the .asm files find the .inc files they share.
NASMFLAGS := -f $(NASM_FMT) -g -w+all -iarch/x86/ -iboot/

include mk/objs.mk

# SELFTESTS=0 builds the kernel without its ktest suites (selftest= then finds none).
SELFTESTS ?= 1
obj-y := $(filter-out $(X86_KVA_SRCS) $(gdbstub-srcs),\
	   $(wildcard lib/*.c kernel/*.c arch/x86/*.c arch/x86/fw/*.c arch/x86/$(BITS)/*.c)) \
	$(MM_COMMON_SRCS) $(mm-model-$(MEMMODEL)) $(x86-kva-$(CONFIG))
obj-$(CONFIG_GDBSTUB) += $(gdbstub-srcs)
obj-selftests := $(filter-out $(gdbstub-tests),$(wildcard tests/unit/*.c tests/kernel/*.c)) \
	$(x86-tests-$(CONFIG)) $(if $(CONFIG_GDBSTUB),$(gdbstub-tests))
obj-$(if $(filter 1,$(SELFTESTS)),y) += $(obj-selftests)
KSRCS := $(sort $(obj-y))
KASM := boot/multiboot.asm boot/head_$(BITS).asm $(sort $(wildcard arch/x86/$(BITS)/*.asm))
KOBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(KSRCS)) $(patsubst %.asm,$(BUILD)/obj/%.asm.o,$(KASM))

.PHONY: FORCE all kernel run test debug gdb iso bench bench-linux fuzz deps deps-run clean help replay

all: kernel
kernel: $(KERNEL)

# V=1 shows the commands.
ifeq ($(V),1)
  Q :=
  say = @true
else
  Q := @
  say = @printf '  %-6s %s\n'
endif

$(BUILD)/obj/%.o: %.c $(BUILD)/config.defs
	@mkdir -p $(@D)
	$(say) CC "$(CONFIG) $<"
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/%.asm.o: %.asm
	@mkdir -p $(@D)
	$(say) NASM "$(CONFIG) $<"
	$(Q)$(NASM) $(NASMFLAGS) -MD $(@:.o=.d) -MP $< -o $@

$(BUILD)/linker.lds: linker.ld Makefile
	@mkdir -p $(@D)
	$(Q)$(CC) -E -P -x c $(filter -D%,$(ARCH_CFLAGS)) $< -o $@

# Recompile everything when a build switch changes (DEBUG_VM=, GDBSTUB=).
$(BUILD)/config.defs: FORCE
	@mkdir -p $(@D)
	@echo '$(DEBUG_DEFS)' | cmp -s - $@ || echo '$(DEBUG_DEFS)' > $@

# Relink when the set of objects changes (a source file added or removed).
$(BUILD)/objects.list: FORCE
	@mkdir -p $(@D)
	@echo '$(KOBJS)' | cmp -s - $@ || echo '$(KOBJS)' > $@

# $(1): output, $(2): extra objects.
KLINK = $(CC) $(ARCH_CFLAGS) -nostdlib -static -no-pie -Wl,-T,$(BUILD)/linker.lds \
	-Wl,-z,max-page-size=0x1000 -Wl,-z,noexecstack -Wl,--build-id=none -o $(1) $(KOBJS) $(2) -lgcc

# Two passes for the symbol table (include/kernel/kallsyms.h): link without
# it, generate it from that image, link again with it, and check that the
# final image yields the same table (text did not move).
$(KERNEL): $(KOBJS) $(BUILD)/linker.lds $(BUILD)/objects.list scripts/check-image.sh scripts/kallsyms.sh
	$(say) LD "$@"
	$(Q)$(call KLINK,$@.pass1,)
	$(Q)scripts/kallsyms.sh $@.pass1 > $(BUILD)/kallsyms.c
	$(Q)$(CC) $(filter-out -MMD -MP,$(CFLAGS)) -c $(BUILD)/kallsyms.c -o $(BUILD)/kallsyms.o
	$(Q)$(call KLINK,$@,$(BUILD)/kallsyms.o)
	$(Q)scripts/kallsyms.sh $@ | cmp -s - $(BUILD)/kallsyms.c || \
		{ echo "kallsyms: the symbol table moved .text; $@ removed" >&2; rm -f $@; exit 1; }
	$(Q)rm -f $@.pass1
	$(Q)scripts/check-image.sh $@

-include $(KOBJS:.o=.d)

# ---- the user's commands -------------------------------------------------

# CMDLINE and QEMU_ARGS reach the scripts verbatim: their unexpanded text
# ($(value), so a '$' stays a '$') goes through the environment, never
# re-quoted into a shell string (a ' in them would end the quote).
NB_CMDLINE := $(value CMDLINE)
NB_QEMU_ARGS := $(value QEMU_ARGS)
export NB_CMDLINE NB_QEMU_ARGS
RUN_ENV = ARCH=$(ARCH) MEMMODEL=$(MEMMODEL) TOPO='$(TOPO)' BOOT=$(BOOT) ACCEL='$(ACCEL)' \
	CMDLINE="$$NB_CMDLINE" QEMU_ARGS="$$NB_QEMU_ARGS" GDBPORT='$(GDBPORT)' KERNEL=$(KERNEL) BUILD=$(BUILD)

NBTEST := tools/testing/nbtest/nbtest.py

# make run, debug, iso, gdb, bench: only a check that the tools they need are
# there (apt-get runs only when one is missing); make test and make deps: all.
deps:
	@scripts/deps.sh
deps-run:
	@scripts/deps.sh run

# BOOT=efi also needs the UEFI loader (mk/efi.mk).
BOOT_TARGETS := kernel $(if $(filter efi,$(BOOT)),efi)

run: deps-run
	@$(MAKE) --no-print-directory $(BOOT_TARGETS)
	@$(RUN_ENV) $(NBTEST) run

debug: deps-run
	@$(MAKE) --no-print-directory $(BOOT_TARGETS)
	@$(RUN_ENV) $(NBTEST) debug

iso: deps-run
	@$(MAKE) --no-print-directory kernel
	@$(RUN_ENV) scripts/make-iso.sh $(BUILD)/numabuddy.iso "$$NB_CMDLINE"
	@echo "GRUB rescue ISO (multiboot2): $(BUILD)/numabuddy.iso"

# TEST_CONFIGS, TEST_MACHINES, JOBS, REPEAT: see Documentation/testing.md.
test: deps
	@TEST_CONFIGS='$(TEST_CONFIGS)' TEST_MACHINES='$(TEST_MACHINES)' JOBS='$(JOBS)' REPEAT='$(REPEAT)' \
		$(NBTEST) test

# ACCEL=tcg (default here): TCG with -icount, instructions; ACCEL=kvm: cycles.
BENCH_BUILD := build/$(CONFIG)$(if $(filter 0,$(BENCH_DEBUG_VM)),-nodebug)
bench: deps-run
	@$(MAKE) --no-print-directory kernel DEBUG_VM=$(BENCH_DEBUG_VM)
	@ARCH=$(ARCH) MEMMODEL=$(MEMMODEL) KERNEL=$(BENCH_BUILD)/numabuddy.elf BUILD=$(BENCH_BUILD) ACCEL='$(ACCEL)' \
		CMDLINE="$$NB_CMDLINE" BENCH='$(BENCH)' PROFILE='$(PROFILE)' $(NBTEST) bench

gdb: deps-run
	@$(MAKE) --no-print-directory kernel
	@$(RUN_ENV) scripts/gdb.sh

# numabuddy's figures next to Linux's (Debian's kernel, fetched on first use
# into build/bench-linux/), both under TCG -icount: Documentation/benchmarks.md.
bench-linux: deps-run
ifneq ($(ARCH),x86_64)
	@echo "make bench-linux: the Linux side is x86_64 only (Debian's linux-image-amd64): use ARCH=x86_64" >&2; exit 2
endif
	@$(MAKE) --no-print-directory kernel DEBUG_VM=$(BENCH_DEBUG_VM)
	@ARCH=$(ARCH) MEMMODEL=$(MEMMODEL) KERNEL=$(BENCH_BUILD)/numabuddy.elf BUILD=$(BENCH_BUILD) \
		CMDLINE="$$NB_CMDLINE" BENCH='$(BENCH)' $(NBTEST) bench-linux

# Replay a Linux kmem trace (scripts/replay.sh, tools/replay/).
replay: deps
	@$(MAKE) --no-print-directory $(BOOT_TARGETS)
	@$(RUN_ENV) TRACE='$(TRACE)' LINUX_END='$(LINUX_END)' scripts/replay.sh

help:
	@grep -v '^#' mk/help.txt

clean:
	rm -rf build

-include mk/host.mk
-include mk/fuzz.mk
-include mk/efi.mk

# SPDX-License-Identifier: GPL-2.0-only
#
# Which sources make up each build, chosen by configuration as Linux's Kbuild
# does with obj-$(CONFIG_...) lists, instead of files wrapped whole in #ifdef.
# Included by the Makefile (the kernel), mk/host.mk and mk/fuzz.mk (the hosted
# core, one list for both).

# The memory models: each MEMMODEL's own mm/ file.
mm-model-discontig := mm/discontig.c
mm-model-sparse := mm/sparse.c
mm-model-vmemmap := mm/sparse.c
MM_MODEL_SRCS := $(sort $(mm-model-discontig) $(mm-model-sparse) $(mm-model-vmemmap))
MM_COMMON_SRCS := $(filter-out $(MM_MODEL_SRCS),$(sort $(wildcard mm/*.c)))

# The i386 DISCONTIG KVA window, or the no-op memmap hook of every other
# configuration (include/arch/memmap.h).
x86-kva-i386-discontig := arch/x86/32/discontig.c
x86-kva-i386-sparse := arch/x86/no_kva.c
x86-kva-x86_64-sparse := arch/x86/no_kva.c
x86-kva-x86_64-vmemmap := arch/x86/no_kva.c
X86_KVA_SRCS := arch/x86/32/discontig.c arch/x86/no_kva.c

# The kernel's gdb stub (GDBSTUB=1, CONFIG_GDBSTUB) and its self-tests. The
# protocol and register layouts are also in the hosted core below, always.
gdbstub-srcs := arch/x86/gdbstub.c arch/x86/gdbstub_regs.c kernel/gdbstub_proto.c
gdbstub-tests := tests/kernel/gdbstub.c tests/unit/gdbstub_proto.c

# The arch self-tests (arch/x86/tests/, LK's layout): i386 only, the KVA
# window's suite on i386 DISCONTIG only.
x86-tests-i386 := arch/x86/tests/highmem.c arch/x86/tests/pgtable_32.c
x86-tests-i386-discontig := $(x86-tests-i386) arch/x86/tests/kva.c
x86-tests-i386-sparse := $(x86-tests-i386)

# The hosted core (mk/host.mk, mk/fuzz.mk): lib/, mm/ as SPARSEMEM, the
# firmware parsers, and the kernel files that need no hardware.
HOSTED_CORE_SRCS := $(sort $(wildcard lib/*.c arch/x86/fw/*.c) $(MM_COMMON_SRCS) $(mm-model-sparse) \
	kernel/printk.c kernel/params.c kernel/ktest.c kernel/report.c kernel/warn.c \
	kernel/gdbstub_proto.c arch/x86/gdbstub_regs.c)

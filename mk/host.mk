# SPDX-License-Identifier: GPL-2.0-only
#
# Hosted test build: lib/, kernel/{printk,params,ktest,report,warn,gdbstub_proto}.c, mm/ and
# arch/x86/fw/ compiled as ordinary programs with the ktest suites of
# tests/unit and tests/host, under ASan and UBSan, for -m64 and -m32.
#
#   make host-build                  build build/host-m{64,32}/ktest-host
#   make host-test                   build, then run both through prove
#   make host-test HOST_TESTS='lib_*,printk'   run only matching suites
#   NB_LOG=1 make host-test          also show log lines on stderr
#
# Included by the top-level Makefile; also works alone, from the top of the
# tree: make -f mk/host.mk host-test

# Keep the including Makefile's default goal.
HOST_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

HOST_CC ?= gcc
HOST_BUILD_DIR ?= build
HOST_ARCHES := m64 m32
HOST_TESTS ?=

include mk/objs.mk
HOST_CORE_SRCS := $(HOSTED_CORE_SRCS)
HOST_TEST_SRCS := $(sort $(wildcard tests/unit/*.c tests/host/*.c))
HOST_SRCS := $(HOST_CORE_SRCS) $(HOST_TEST_SRCS)

# Can this host run 32-bit x86 programs? Not where its kernel lacks IA32
# emulation: there the -m32 build runs under qemu-i386 (Debian's
# qemu-user), whose address space ASan cannot shadow, so it is built with
# UBSan only. Probed once, when first needed.
HOST_M32_NATIVE = $(eval HOST_M32_NATIVE := $$(shell mkdir -p $(HOST_BUILD_DIR) && \
	printf 'int main(void){return 0;}' | $(HOST_CC) -m32 -x c - -o $(HOST_BUILD_DIR)/.m32-probe \
	2>/dev/null && $(HOST_BUILD_DIR)/.m32-probe 2>/dev/null && echo y))$(HOST_M32_NATIVE)
HOST_SAN_FLAGS_m64 := -fsanitize=address,undefined -fno-sanitize-recover=all
HOST_SAN_FLAGS_m32 = $(if $(HOST_M32_NATIVE),$(HOST_SAN_FLAGS_m64),-fsanitize=undefined -fno-sanitize-recover=all)
# How each program is started: directly, or the -m32 one under qemu-i386.
HOST_EXEC_m64 :=
HOST_EXEC_m32 = $(if $(HOST_M32_NATIVE),,qemu-i386 )
HOST_CFLAGS := -std=gnu11 -O1 -g -DNB_HOSTED -DCONFIG_MEMMODEL_SPARSE -DCONFIG_DEBUG_VM -Iinclude -Iarch/x86/include \
	-Wall -Wextra -Werror -fno-omit-frame-pointer
HOST_LDFLAGS := -pthread

HOST_BINS := $(foreach a,$(HOST_ARCHES),$(HOST_BUILD_DIR)/host-$(a)/ktest-host)
HOST_RUNS := $(foreach a,$(HOST_ARCHES),$(HOST_BUILD_DIR)/host-$(a)/run)

# $(1): m64 or m32
define HOST_ARCH_RULES
HOST_OBJS_$(1) := $$(patsubst %.c,$(HOST_BUILD_DIR)/host-$(1)/%.o,$$(HOST_SRCS))

$(HOST_BUILD_DIR)/host-$(1)/%.o: %.c $(HOST_BUILD_DIR)/host-$(1)/sanitizers
	@mkdir -p $$(@D)
	$$(HOST_CC) -$(1) $$(HOST_CFLAGS) $$(HOST_SAN_FLAGS_$(1)) -MMD -MP -c $$< -o $$@

$(HOST_BUILD_DIR)/host-$(1)/ktest-host: $$(HOST_OBJS_$(1))
	$$(HOST_CC) -$(1) $$(HOST_LDFLAGS) $$(HOST_SAN_FLAGS_$(1)) $$^ -o $$@

# The sanitizer flags used, rewritten only when they change: a change rebuilds.
$(HOST_BUILD_DIR)/host-$(1)/sanitizers: FORCE
	@mkdir -p $$(@D)
	@echo '$$(HOST_SAN_FLAGS_$(1))' | cmp -s - $$@ || echo '$$(HOST_SAN_FLAGS_$(1))' > $$@

# The test program as make test and host-test start it (a script: native or qemu-i386).
$(HOST_BUILD_DIR)/host-$(1)/run: $(HOST_BUILD_DIR)/host-$(1)/sanitizers
	@printf '#!/bin/sh\n# The hosted tests, -$(1)%s.\nexec %s"$$$$(dirname "$$$$0")/ktest-host" "$$$$@"\n' \
		'$$(if $$(HOST_EXEC_$(1)), under qemu-i386: this host cannot run 32-bit programs; UBSan only)' \
		'$$(HOST_EXEC_$(1))' > $$@ && chmod +x $$@

-include $$(HOST_OBJS_$(1):.o=.d)
endef
$(foreach a,$(HOST_ARCHES),$(eval $(call HOST_ARCH_RULES,$(a))))

# Objects depend on this file too: changing flags rebuilds everything.
$(foreach a,$(HOST_ARCHES),$(HOST_OBJS_$(a))): mk/host.mk

.PHONY: host-build host-test FORCE
host-build: $(HOST_BINS) $(HOST_RUNS)

# prove fails on any "not ok", a missing or short plan, or a nonzero exit
# (a sanitizer report or a panic aborts the program). prove hides the nested
# KTAP diagnostics, so on failure the programs run again and only the lines
# that say what failed are shown.
HOST_FAIL_LINES := '^ *not ok|EXPECTATION FAILED|^    \#     |matched no suite|init failed'
host-test: host-build
	@prove -f --exec '' $(HOST_RUNS)$(if $(HOST_TESTS), :: '$(HOST_TESTS)') || { \
		for b in $(HOST_RUNS); do \
			echo "--- what failed in $$b:"; \
			$$b $(if $(HOST_TESTS),'$(HOST_TESTS)') 2>/dev/null | grep -E $(HOST_FAIL_LINES); \
		done; exit 1; }

ifneq ($(HOST_SAVED_DEFAULT_GOAL),)
.DEFAULT_GOAL := $(HOST_SAVED_DEFAULT_GOAL)
else ifeq ($(notdir $(firstword $(MAKEFILE_LIST))),host.mk)
# Used alone (make -f mk/host.mk): testing is the point.
.DEFAULT_GOAL := host-test
else
# Included before the includer's first target: let that target be the default.
.DEFAULT_GOAL :=
endif

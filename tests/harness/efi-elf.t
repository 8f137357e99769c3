#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The UEFI loader's kernel check (boot/efi/elf.c), hosted under ASan/UBSan:
# the real x86_64 kernel is accepted, and every broken field of a synthetic
# one is refused with its own reason (tests/efi/elf_check_test.c).
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
mkdir -p build/efi
if ! make -s efi-host-test kernel ARCH=x86_64 >build/efi/host-test-build.log 2>&1; then
	echo "Bail out! cannot build the test (see build/efi/host-test-build.log)"
	exit 1
fi
exec build/efi/host/elf_check_test build/x86_64-vmemmap/numabuddy.elf

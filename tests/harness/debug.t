#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# `make debug` in batch: gdb attached to QEMU's gdbstub breaks at the C entry
# point, reads a register, and continues the kernel to a clean finish.
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

echo "1..6"
for arch in x86_64 i386; do
	out=build/harness/debug-$arch.out
	log=build/harness/debug-$arch.serial
	mkdir -p build/harness
	port=$(( 20000 + (RANDOM % 20000) ))
	printf '%s\n' 'break start_kernel' 'continue' 'info registers' 'continue' |
		SERIAL_LOG=$log TIMEOUT=120 make -s debug ARCH=$arch TOPO=nonuma GDBPORT=$port \
		CMDLINE=selftest=traps >"$out" 2>&1
	grep -q 'Breakpoint 1, start_kernel' "$out"; report $? "$arch: gdb stops at start_kernel"
	grep -qiE '^(rip|eip) ' "$out"; report $? "$arch: gdb reads the instruction pointer"
	grep -q 'all selected self-tests passed' "$log"; report $? "$arch: the kernel runs to a clean finish"
done
exit $status

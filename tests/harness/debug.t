#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# `make debug` in batch: gdb attached to QEMU's gdbstub breaks at the C entry
# point, reads a register, and continues the kernel to a clean finish.
set -u
n=0
status=0
report() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; status=1; fi
}

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

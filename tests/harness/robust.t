#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Bad input and broken contracts (issue 13) that end in a clear message
# rather than a clean boot, so no catalogue machine can hold them:
#   - too little RAM (QEMU -m 4M): one line saying how much is needed;
#   - RAM declared past what the architecture maps and past what the machine
#     has (memmap=100T@4G): dropped with a message, node 0's size from what
#     is left;
#   - i386 DISCONTIG on an SRAT whose nodes interleave (srat-interleave):
#     refused with a message naming both spans, one node, self-tests pass;
#   - 128 vCPUs (smp128-2node): all come up, on 2 nodes;
#   - CONFIG_DEBUG_VM contracts broken on purpose (tests/kernel/debug_vm.c):
#     the assertion's BUG, and the boot fails.
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

dir=build/harness/robust
mkdir -p "$dir"

# boot CONFIG TAG EXPECT(pass|fail) QEMU_ARGS|@MACHINE CMDLINE WANT...
boot() {
	local cfg=$1 tag=$2 expect=$3 machine=$4 cmdline=$5 rc
	shift 5
	local log=$dir/$cfg-$tag.log topo=() qargs=()
	if [[ $machine == @* ]]; then topo=(TOPO="${machine#@}"); else qargs=(QEMU_ARGS="$machine"); fi
	env ARCH="${cfg%%-*}" KERNEL="build/$cfg/numabuddy.elf" BUILD="build/$cfg" "${topo[@]}" \
		"${qargs[@]}" CMDLINE="$cmdline" TIMEOUT=120 ACCEL=tcg scripts/qemu-run.sh \
		>"$log" 2>&1
	rc=$?
	if [ "$expect" = pass ]; then
		[ $rc -eq 0 ]; report $? "$cfg $tag: boots and passes"
	else
		[ $rc -ne 0 ] && ! grep -q 'QEMU stopped without\|TIMEOUT' "$log"
		report $? "$cfg $tag: fails with the kernel's own exit (no triple fault, no hang)"
	fi
	for want in "$@"; do
		grep -qF -- "$want" "$log"
		report $? "$cfg $tag: the log says '$want'"
	done
}

echo "1..28"
for cfg in x86_64-vmemmap i386-discontig; do
	boot $cfg tiny fail "-m 4M -smp 1" "selftest=none" \
		"numabuddy needs at least 11 MiB of RAM, found 3"
done
# RAM only memmap= declares, past the CPU's physical address width and past
# what QEMU has: clamped, then probed and dropped; the node keeps what exists.
boot x86_64-vmemmap memmap-100T pass "-m 1G -smp 1" "selftest=none memmap=100T@4G dump=numa" \
	"e820: RAM [mem 0x0000010000000000-0x00006400ffffffff] is beyond max_pfn and is ignored" \
	"e820: no RAM answers at [mem 0x0000000100000000-" "node 0 size: 1023 MB"
boot i386-discontig memmap-100T pass "-m 1G -smp 1" "selftest=none memmap=100T@4G dump=numa" \
	"e820: RAM [mem 0x0000001000000000-0x00006400ffffffff] is beyond max_pfn and is ignored" \
	"e820: no RAM answers at [mem 0x0000000100000000-0x0000000fffffffff]" "node 0 size: 1023 MB"
boot i386-discontig interleave pass @srat-interleave "selftest=memmodel,page_alloc,discovery" \
	"NUMA: node 0 [mem 0x00000000-0x76ffffff] and node 1 [mem 0x01000000-0x77fdffff] interleave: DISCONTIGMEM keeps one memmap per node span, falling back to one node" \
	"buddy: free lists valid at the end of boot"
boot x86_64-vmemmap smp128 pass @smp128-2node "selftest=none" \
	"smp: Brought up 2 nodes, 128 CPUs" "setup_percpu: NR_CPUS:256 nr_cpumask_bits:128 nr_cpu_ids:128 nr_node_ids:2"
for cfg in x86_64-vmemmap i386-discontig; do
	boot $cfg unlocked fail "-m 256M -smp 1" "selftest=debug_vm_unlocked" \
		"kernel BUG at mm/page_alloc.c:"
	boot $cfg misaligned fail "-m 256M -smp 1" "selftest=debug_vm_misaligned" \
		"page dumped because: VM_BUG_ON_PAGE(order > MAX_PAGE_ORDER || (pfn & ((1UL << order) - 1)))" \
		"kernel BUG at mm/page_alloc.c:"
done
exit $status

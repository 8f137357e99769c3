#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The i386 DISCONTIG KVA window's seed fixes switched off (negative controls
# for seeds 000 and 001), each on a machine that provokes its failure:
#   - nofix=kva_zone_align on i386-6g: the window (8 PMDs) leaves ZONE_NORMAL
#     ending at pfn 0x36600, off a MAX_ORDER boundary, and mm/'s init-time
#     check must report it (the kva suite, told so by expect.kva, checks it too);
#   - nofix=kva_reserve_waste on nonuma: the empty window's zero-length
#     reservation hits 2.6.23's BUG, so the boot must fail, with the reason;
#   - nofix=kva_reserve_waste on 2node: the 510 pages the alignment wastes
#     stay free and are handed to mm/ as a range without memmap (the kva
#     suite checks memblock and arch_memmap_skip_range()).
# Each boot runs only the kva suite; its KTAP goes through prove.
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

cfg=i386-discontig
# scenario NAME MACHINE EXPECT(pass|fail) WANT(text in the kernel log) BOOT-PARAMETERS...
scenario() {
	local name=$1 machine=$2 expect=$3 want=$4
	shift 4
	prove_boot "$cfg" "$machine" "kva-$name" 180 "$expect" "$name" selftest=kva "$@"
	grep -qF -- "$want" "build/logs/$cfg/kva-$name.log" 2>/dev/null
	report $? "$name: the log says '$want'"
}

echo "1..6"
scenario zone-align i386-6g pass "node 0 zone HighMem misaligned start pfn 0x36600" \
	nofix=kva_zone_align expect.kva=zone-misaligned
scenario zero-length nonuma fail "reserve_bootmem: zero-length reservation" \
	nofix=kva_reserve_waste
scenario waste-free 2node pass \
	"KVA: 510 pages wasted by the window's alignment [mem 0x37600000-0x377fdfff] stay free" \
	nofix=kva_reserve_waste
exit $status

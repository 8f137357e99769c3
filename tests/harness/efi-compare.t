#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Acceptance of UEFI boot: on the same QEMU machine, the memory the kernel
# reports after a UEFI boot (OVMF + BOOTX64.EFI) equals what it reports
# after a multiboot boot (SeaBIOS + QEMU -kernel), apart from the ranges
# each firmware keeps for itself (nbtest_checks.compare_boots() says how they
# are told apart, and prints both boots' numbers side by side).
# Machines: 2node (the default) and 4node-slit (4 GiB: RAM above 4 GiB).
# Also checked on the UEFI boots: the kernel says it booted from EFI, takes
# the RSDP's address from the UEFI configuration table, and walks the XSDT
# that OVMF provides (SeaBIOS provides only an RSDT).
# A negative control feeds the comparison an EFI log with one page lost:
# it must fail.
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

cfg=x86_64-vmemmap
dir=build/efi-tests
mkdir -p "$dir"

if ! make -s efi kernel ARCH=x86_64 >"$dir/build-compare.log" 2>&1; then
	echo "Bail out! cannot build the loader and the kernel (see $dir/build-compare.log)"
	exit 1
fi

# boot MACHINE BOOT: the console goes to $dir/compare-MACHINE-BOOT.log.
boot() {
	ARCH=x86_64 KERNEL=build/$cfg/numabuddy.elf BUILD=$dir BOOT=$2 TOPO=$1 TIMEOUT=180 \
		CMDLINE='selftest=none dump=zoneinfo' SERIAL_LOG="$dir/compare-$1-$2.log" \
		python3 tools/testing/nbtest/nbtest.py run >/dev/null 2>"$dir/compare-$1-$2.err"
}

for m in 2node 4node-slit; do
	bios=$dir/compare-$m-kernel.log efi=$dir/compare-$m-efi.log
	boot "$m" kernel
	report $? "$m: multiboot boot (SeaBIOS, QEMU -kernel) finishes cleanly"
	boot "$m" efi
	report $? "$m: UEFI boot (OVMF, BOOTX64.EFI) finishes cleanly"

	grep -aq '\] boot: EFI from numabuddy BOOTX64.EFI$' "$efi"
	report $? "$m: the kernel reports an EFI boot from the loader"
	grep -aq '\] efi: EFI v[0-9]*\.[0-9]* by EDK II$' "$efi"
	report $? "$m: the kernel reads the UEFI system table (efi: EFI v... by EDK II)"
	rsdp=$(grep -a -m1 -o 'efi: .*ACPI 2.0=0x[0-9a-f]*' "$efi" | sed 's/.*ACPI 2.0=0x//')
	[ -n "$rsdp" ] && grep -aqi "\] ACPI: RSDP 0x0*$rsdp 000024 (v02 " "$efi"
	report $? "$m: ACPI: RSDP shows the address from the configuration table (0x$rsdp)"
	grep -aq '\] ACPI: XSDT 0x' "$efi" && grep -aq '\] ACPI: SRAT 0x' "$efi"
	report $? "$m: the UEFI boot walks the XSDT (and finds the SRAT through it)"
	grep -aq '\] ACPI: RSDT 0x' "$bios" && ! grep -aq '\] ACPI: XSDT' "$bios"
	report $? "$m: the SeaBIOS boot has only the RSDT (the XSDT path is the UEFI one)"

	echo "# $m: multiboot ($bios) against UEFI ($efi):"
	python3 tools/testing/nbtest/nbtest.py compare-boots --first $((n + 1)) "$bios" "$efi" >"$dir/compare-$m.tap"
	rc=$?
	grep -v '^1\.\.' "$dir/compare-$m.tap"
	n=$(sed -n 's/^1\.\.//p' "$dir/compare-$m.tap")
	[ -n "$n" ] || { echo "Bail out! compare-boots.pl gave no plan"; exit 1; }
	[ $rc -eq 0 ] || status=1
done

# Negative control: one page of node 1 gone from the 2node EFI log.
bad=$dir/compare-2node-efi-lost-page.log
sed 's/^\(\[[ 0-9.]*\]   node   1: \[mem \)0x0000000040000000-/\10x0000000040001000-/' \
	"$dir/compare-2node-efi.log" >"$bad"
! cmp -s "$bad" "$dir/compare-2node-efi.log" &&
	! python3 tools/testing/nbtest/nbtest.py compare-boots "$dir/compare-2node-kernel.log" "$bad" >"$dir/compare-negative.tap" &&
	grep -q '^not ok .*all kept by OVMF' "$dir/compare-negative.tap"
report $? "negative control: a page lost from the EFI boot's node 1 fails the comparison"

echo "1..$n"
exit $status

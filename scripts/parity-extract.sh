#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# parity-extract.sh dmesg|zoneinfo|numa [FILE]
# Print the part of a kernel log or a /proc/zoneinfo that must be the same
# for Linux and numabuddy on one QEMU machine. Used for both sides, so the
# recorded Linux fixtures (scripts/record-linux-fixtures.sh) and our boot
# logs (scripts/parity-check.sh) are cut by the same rules.
#
# dmesg: the text after the "[    0.000000] " timestamp of
#   BIOS-e820 lines, "e820: update/remove", "last_pfn", the ACPI table lines
#   ("ACPI: XXXX 0x...", "ACPI: Reserving XXXX table memory"), SRAT lines,
#   "NUMA:" lines and
#   the other NUMA set-up lines (no NUMA found, faked/emulated nodes, NUMA
#   turned off), the "Zone ranges:", "Movable zone start for each node" and
#   "Early memory node ranges" blocks, "Initializing node N as memoryless",
#   "Initmem setup node", "On node N, zone Z: K pages in unavailable ranges",
#   and the MADT summary ("ACPI: Using ACPI (MADT)...", "smpboot: Allowing").
#   Not NODE_DATA (where an allocation lands legitimately differs).
# zoneinfo: "Node N, zone Z" with its spanned, present and start_pfn lines
#   (managed legitimately differs; start_pfn is printed for populated zones).
# numa: numabuddy's dump=numa (numactl --hardware) without the size and free
#   lines; the Linux side is made from its sysfs files by
#   tools/parity/linux_numactl.py.
# Lines of FILE (default stdin) that are not kernel log lines are ignored.
set -euo pipefail

mode=${1:-}
shift || true
case $mode in
dmesg)
	# Linux's timestamps, ours, or none (a log already cut).
	sed -n 's/^\[ *[0-9]*\.[0-9]*\] //p' "${@:--}" | awk '
		/^  (DMA|DMA32|Normal|HighMem|Movable|Device) / { if (blk == "zones") print; next }
		/^  Node [0-9]+: / { if (blk == "movable") print; next }
		/^  node +[0-9]+: \[mem / { if (blk == "early") print; next }
		{ blk = "" }
		/^Zone ranges:$/ { blk = "zones"; print; next }
		/^Movable zone start for each node$/ { blk = "movable"; print; next }
		/^Early memory node ranges$/ { blk = "early"; print; next }
		/^BIOS-e820: / || /^e820: (update|remove) / || /^last_pfn = / ||
		/^ACPI: [A-Z0-9_]{4} 0x/ || /^ACPI: Reserving [A-Z0-9_]{4} table memory at / ||
		/^(ACPI: )?SRAT: / ||
		/^NUMA: / || /^No NUMA configuration found$/ || /^Faking a node at / ||
		/^NUMA turned off$/ || /^Faking node [0-9]+ at / ||
		/^Initializing node [0-9]+ as memoryless$/ || /^Initmem setup node / ||
		/^On node [0-9]+, zone [A-Za-z0-9]+: [0-9]+ pages in unavailable ranges$/ ||
		/^ACPI: Using ACPI \(MADT\) for SMP configuration information$/ ||
		/^smpboot: Allowing [0-9]+ CPUs, [0-9]+ hotplug CPUs$/ { print }
	' ;;
zoneinfo)
	awk '
		/^Node [0-9]+, zone +[A-Za-z0-9]+$/ { print; next }
		/^ +(spanned|present) +[0-9]+$/ { print; next }
		/^ +start_pfn: +[0-9]+$/ { print; next }
	' "${@:--}" ;;
numa)
	sed -n '/^----- BEGIN numa -----$/,/^----- END numa -----$/p' "${@:--}" |
		sed '/^----- /d; /^node [0-9]* \(size\|free\): /d' ;;
*)
	echo "usage: $0 dmesg|zoneinfo|numa [FILE]" >&2
	exit 2 ;;
esac

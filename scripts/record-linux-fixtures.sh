#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# record-linux-fixtures.sh [MACHINE...]
# Boot Debian's Linux 6.1 on catalogue machines (default: all of them) with
# ../shared/linux-reference/boot-linux.sh (override with BOOT_LINUX=) and
# write what scripts/parity-check.sh compares against:
#   tests/machines/linux/NAME.dmesg     the log lines of parity-extract.sh dmesg
#   tests/machines/linux/NAME.zoneinfo  Node/zone with spanned, present, start_pfn
#   tests/machines/linux/NAME.numa      numactl --hardware without sizes
#                                       (tools/parity/linux_numactl.py)
# Each fixture starts with '#' lines saying how it was recorded (the checker
# ignores them). Linux gets the machine's qemu_args and its cmdline (which
# therefore must hold only parameters Linux understands); never the expect.*
# parameters. Full Linux output is kept in build/linux-ref/NAME/; with
# REEXTRACT=1 that output is cut again (after a change to parity-extract.sh)
# instead of booting Linux.
set -euo pipefail
cd "$(dirname "$0")/.."

boot_linux=${BOOT_LINUX:-$(realpath -m ../shared/linux-reference/boot-linux.sh)}
[ -x "$boot_linux" ] || boot_linux=/work/shared/linux-reference/boot-linux.sh
[ -x "$boot_linux" ] || { echo "record-linux-fixtures: no boot-linux.sh (set BOOT_LINUX=)" >&2; exit 2; }

machines=("$@")
if [ ${#machines[@]} = 0 ]; then
	for f in tests/machines/*.machine; do machines+=("$(basename "$f" .machine)"); done
fi
mkdir -p tests/machines/linux
failed=0
for m in "${machines[@]}"; do
	mfile=tests/machines/$m.machine
	[ -f "$mfile" ] || { echo "record-linux-fixtures: no machine $m" >&2; failed=1; continue; }
	qemu_args= cmdline=
	# shellcheck disable=SC1090
	. "$mfile"
	out=build/linux-ref/$m
	if [ "${REEXTRACT:-0}" = 1 ]; then
		[ -f "$out/dmesg.txt" ] || { echo "record-linux-fixtures: $m: nothing recorded in $out" >&2; failed=1; continue; }
		echo "== $m: re-extracting $out"
	else
		rm -rf "$out"; mkdir -p build/linux-ref
		echo "== $m: Linux on: $qemu_args ${cmdline:+(cmdline: $cmdline)}"
	fi
	if [ "${REEXTRACT:-0}" != 1 ] && ! APPEND_EXTRA=$cmdline "$boot_linux" "$qemu_args" "$out" >"$out.run.log" 2>&1; then
		echo "record-linux-fixtures: $m: Linux did not finish (see $out.run.log)" >&2
		failed=1
		continue
	fi
	version=$(sed -n 's/^\[ *[0-9.]*\] Linux version \([^ ]*\).*/\1/p' "$out/dmesg.txt" | head -1)
	# The path of an injected file is the recorder's, not part of the machine.
	args=$(echo "$qemu_args" | sed "s#$(pwd)/##g" | tr -s " " | sed "s/^ //; s/ $//")
	header="# SPDX-License-Identifier: GPL-2.0-only
# Recorded by scripts/record-linux-fixtures.sh: Linux $version, $(qemu-system-x86_64 --version | head -1)
# qemu: $args
# cmdline: $(sed -n 's/^append=//p' "$out/run-info.txt")"
	{ echo "$header"; scripts/parity-extract.sh dmesg "$out/dmesg.txt"; } >"tests/machines/linux/$m.dmesg"
	{ echo "$header"; scripts/parity-extract.sh zoneinfo "$out/zoneinfo.txt"; } >"tests/machines/linux/$m.zoneinfo"
	{ echo "$header"; tools/parity/linux_numactl.py "$out"; } >"tests/machines/linux/$m.numa"
	echo "   $(grep -vc '^#' "tests/machines/linux/$m.dmesg") log lines, $(grep -c '^Node' "tests/machines/linux/$m.zoneinfo") zones"
done
exit $failed

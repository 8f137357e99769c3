#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make test: build every configuration, then run through prove:
#   - the hosted unit tests (ASan/UBSan, -m64 and -m32),
#   - every catalogue machine booted in every configuration it lists,
#   - on x86_64, every catalogue machine compared with Linux (parity-check.sh),
#   - the default machine booted through GRUB (multiboot2) on both architectures,
#   - the default machine booted through UEFI (OVMF + BOOTX64.EFI, x86_64),
#   - fuzz smoke runs, if the fuzz targets are built,
#   - the harness's own tests (tests/harness/*.t).
# TEST_CONFIGS and TEST_MACHINES narrow the run; JOBS sets parallelism.
set -euo pipefail
cd "$(dirname "$0")/.."

configs=${TEST_CONFIGS:-x86_64-vmemmap x86_64-sparse i386-discontig i386-sparse}
machines=${TEST_MACHINES:-$(for f in tests/machines/*.machine; do basename "$f" .machine; done)}
machines=$(echo $machines)	# one line, space-separated
jobs=${JOBS:-$(nproc)}
start=$(date +%s)

echo "== building: $configs, hosted tests"
for cfg in $configs; do
	make -s -j"$jobs" ARCH="${cfg%%-*}" MEMMODEL="${cfg#*-}" kernel
done
make -s -j"$jobs" host-build
make -s -j"$jobs" efi efi-host-test
has_fuzz=0
if make -s -n fuzz-smoke >/dev/null 2>&1 && compgen -G 'tests/fuzz/*.c' >/dev/null; then
	make -s -j"$jobs" fuzz-build
	has_fuzz=1
fi

tdir=build/tests
rm -rf "$tdir"
mkdir -p "$tdir"
for a in m64 m32; do
	echo "exec build/host-$a/ktest-host" >"$tdir/host-$a.t"
done
for m in $machines; do
	for cfg in $configs; do
		echo "exec scripts/boot-test.sh $cfg $m" >"$tdir/boot-$cfg-$m.t"
	done
done
# Parity with Linux 6.1 (fixtures in tests/machines/linux/): x86_64 only.
for m in $machines; do
	for cfg in x86_64-vmemmap x86_64-sparse; do
		if [[ " $configs " == *" $cfg "* ]]; then
			echo "exec scripts/parity-check.sh $cfg $m" >"$tdir/parity-$cfg-$m.t"
		fi
	done
done
# The end-of-boot reports agree with each other (buddyinfo, zoneinfo, pagetypeinfo, vmstat).
for cfg in $configs; do
	for m in 2node 4node-slit; do
		if [[ " $machines " == *" $m "* ]]; then
			echo "exec scripts/check-dumps.sh $cfg $m" >"$tdir/dumps-$cfg-$m.t"
		fi
	done
done
for cfg in x86_64-vmemmap i386-discontig; do
	if [[ " $configs " == *" $cfg "* ]]; then
		echo "BOOT=iso BOOT_TEST_TAG=2node-iso exec scripts/boot-test.sh $cfg 2node" \
			>"$tdir/boot-$cfg-2node-iso.t"
	fi
done
if [[ " $configs " == *" x86_64-vmemmap "* ]]; then
	echo "BOOT=efi BOOT_TEST_TAG=2node-efi exec scripts/boot-test.sh x86_64-vmemmap 2node" \
		>"$tdir/boot-x86_64-vmemmap-2node-efi.t"
fi
if [ $has_fuzz = 1 ]; then
	cat >"$tdir/fuzz-smoke.t" <<'T'
echo 1..1
if make -s fuzz-smoke >build/logs/fuzz-smoke.log 2>&1; then echo "ok 1 fuzz smoke"
else echo "not ok 1 fuzz smoke"; tail -30 build/logs/fuzz-smoke.log | sed 's/^/# /'; exit 1; fi
T
fi
mkdir -p build/logs

echo "== running"
# The harness tests first: the UEFI ones are the longest and overlap the rest.
prove -j"$jobs" --timer --exec bash tests/harness/*.t "$tdir"/*.t
echo "== make test passed in $(( $(date +%s) - start ))s"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# parity-check.sh CONFIG MACHINE [LOG]
# Compare what numabuddy prints on a catalogue machine with what Linux 6.1
# printed on the same QEMU machine (tests/machines/linux/MACHINE.{dmesg,
# zoneinfo}, recorded by scripts/record-linux-fixtures.sh). Prints TAP:
#   1. the log lines of scripts/parity-extract.sh dmesg (e820, SRAT, NUMA,
#      zone ranges, node ranges, Initmem, unavailable ranges), in order;
#   2. per node and zone: spanned, present and start_pfn (dump=zoneinfo);
#   3. the HMAT's sysfs files (dump=hmat) and
#   4. the memory tiers with Linux 6.1's rule (dump=memory_tiers with
#      memory_tiers=linux61), both only for machines with an HMAT fixture
#      (MACHINE.hmat, MACHINE.memory_tiers; the others skip them).
# Differences are shown as a unified diff (- Linux, + numabuddy).
# Without LOG, boots the machine (selftest=none ignore_loglevel
# dump=zoneinfo,hmat,memory_tiers memory_tiers=linux61; log in
# build/logs/CONFIG/parity-MACHINE.log); with LOG, reads that boot log
# instead: any boot with those parameters,
# self-tests or not (make test reads its boot test's log, see
# scripts/machine-test.sh). The log lines are taken from the boot, before
# the self-tests' KTAP starts (a self-test may log such lines of its own);
# the zoneinfo is printed after the self-tests. PARITY_FIXTURES= names another fixture
# directory (the harness's tests). Parity is defined for x86_64 (the fixtures
# come from an x86_64 Linux); other configurations skip, except on machines
# with HMAT fixtures, where tests 1, 3 and 4 compare the HMAT's lines and
# reports (they do not depend on the architecture) and test 2 skips.
set -uo pipefail
cd "$(dirname "$0")/.."

# The boot parameters a parity boot needs (scripts/machine-test.sh --parity too).
parity_params() {
	echo "ignore_loglevel dump=zoneinfo,hmat,memory_tiers memory_tiers=linux61"
}
[ "${1:-}" = --params ] && { parity_params; exit 0; }

config=${1:?usage: parity-check.sh CONFIG MACHINE [LOG]} machine=${2:?usage: parity-check.sh CONFIG MACHINE [LOG]}
log=${3:-}
fix=${PARITY_FIXTURES:-tests/machines/linux}/$machine
# Other configurations compare only what does not depend on the architecture:
# the HMAT's lines and reports, on machines with HMAT fixtures ("hmat only").
scope=all
case $config in
x86_64-*) ;;
*)
	[ -f "$fix.hmat" ] || { echo "1..0 # SKIP parity with Linux is checked on x86_64 only"; exit 0; }
	scope=hmat ;;
esac
[ -f "tests/machines/$machine.machine" ] || { echo "1..0 # SKIP no machine $machine"; exit 1; }
configs=all
# shellcheck disable=SC1090
. "tests/machines/$machine.machine"
if [ "$configs" != all ] && ! [[ " $configs " == *" $config "* ]]; then
	echo "1..0 # SKIP $machine does not run on $config"
	exit 0
fi

echo "1..4"
if [ ! -f "$fix.dmesg" ] || [ ! -f "$fix.zoneinfo" ]; then
	echo "not ok 1 - $machine: Linux fixture"
	echo "not ok 2 - $machine: Linux fixture"
	echo "not ok 3 - $machine: Linux fixture"
	echo "not ok 4 - $machine: Linux fixture"
	echo "# no $fix.dmesg / $fix.zoneinfo: record them with scripts/record-linux-fixtures.sh $machine"
	exit 1
fi

if [ -z "$log" ]; then
	log=build/logs/$config/parity-$machine.log
	mkdir -p "build/logs/$config"
	if ! BOOT_TEST_TAG=parity-$machine scripts/boot-test.sh "$config" "$machine" \
		selftest=none $(parity_params) >"$log.tap" 2>&1; then
		for t in 1 2 3 4; do echo "not ok $t - $machine $config: boot"; done
		sed 's/^/# /' "$log.tap" | tail -20
		exit 1
	fi
fi
[ -r "$log" ] || { for t in 1 2 3 4; do echo "not ok $t - no log $log"; done; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
# compare NUM WHAT LINUX OURS
compare() {
	local num=$1 what=$2 linux=$3 ours=$4
	if [ ! -s "$ours" ]; then
		echo "not ok $num - $machine $config: $what: nothing found in $log"
		status=1
	elif diff -u --label "Linux 6.1" --label "numabuddy $config" "$linux" "$ours" >"$tmp/diff"; then
		echo "ok $num - $machine $config: $what equal Linux's ($(wc -l <"$ours") lines)"
	else
		echo "not ok $num - $machine $config: $what differ from Linux's"
		sed 's/^/# /' "$tmp/diff"
		status=1
	fi
}

# hmat scope: only the acpi/hmat: lines of the log, and no zoneinfo.
only_hmat() { if [ $scope = hmat ]; then grep '^acpi/hmat: ' || true; else cat; fi; }
grep -v '^#' "$fix.dmesg" | only_hmat >"$tmp/linux.dmesg"
# The boot's lines: up to the first top-level "KTAP version 1" (the self-tests' start,
# also printed with selftest=none).
sed '/^KTAP version 1$/,$d' "$log" | scripts/parity-extract.sh dmesg | only_hmat >"$tmp/ours.dmesg"
compare 1 "log lines$([ $scope = hmat ] && echo " (the HMAT's)")" "$tmp/linux.dmesg" "$tmp/ours.dmesg"

if [ $scope = hmat ]; then
	echo "ok 2 - $machine $config: zoneinfo # SKIP the zone layout is compared on x86_64 only"
else
	grep -v '^#' "$fix.zoneinfo" >"$tmp/linux.zoneinfo"
	sed -n '/^----- BEGIN zoneinfo -----$/,/^----- END zoneinfo -----$/p' "$log" |
		scripts/parity-extract.sh zoneinfo >"$tmp/ours.zoneinfo"
	compare 2 "zoneinfo spanned/present" "$tmp/linux.zoneinfo" "$tmp/ours.zoneinfo"
fi

# report NUM WHAT NAME: dump=NAME against MACHINE.NAME, if Linux had an HMAT there.
report() {
	local num=$1 what=$2 name=$3
	if [ ! -f "$fix.$name" ]; then
		echo "ok $num - $machine $config: $what # SKIP no HMAT on this machine (no $fix.$name)"
		return
	fi
	grep -v '^#' "$fix.$name" >"$tmp/linux.$name"
	sed -n "/^----- BEGIN $name -----\$/,/^----- END $name -----\$/p" "$log" |
		scripts/parity-extract.sh "$name" >"$tmp/ours.$name"
	compare "$num" "$what" "$tmp/linux.$name" "$tmp/ours.$name"
}
report 3 "HMAT sysfs files (dump=hmat)" hmat
report 4 "memory tiers, Linux 6.1's rule (dump=memory_tiers)" memory_tiers
exit $status

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
#   3. the nodes, CPUs and distances of numactl --hardware (dump=numa), where
#      a MACHINE.numa fixture was recorded (older fixtures have none: skip).
# Differences are shown as a unified diff (- Linux, + numabuddy).
# Without LOG, boots the machine (selftest=none ignore_loglevel
# dump=zoneinfo; log in build/logs/CONFIG/parity-MACHINE.log); with LOG,
# reads that boot log instead: any boot with ignore_loglevel dump=zoneinfo,
# self-tests or not (make test reads its boot test's log, see
# scripts/machine-test.sh). The log lines are taken from the boot, before
# the self-tests' KTAP starts (a self-test may log such lines of its own);
# the zoneinfo is printed after the self-tests. PARITY_FIXTURES= names another fixture
# directory (the harness's tests). Parity is defined for x86_64 (the fixtures
# come from an x86_64 Linux); other configurations skip.
set -uo pipefail
cd "$(dirname "$0")/.."

config=${1:?usage: parity-check.sh CONFIG MACHINE [LOG]} machine=${2:?usage: parity-check.sh CONFIG MACHINE [LOG]}
log=${3:-}
fix=${PARITY_FIXTURES:-tests/machines/linux}/$machine
case $config in
x86_64-*) ;;
*) echo "1..0 # SKIP parity with Linux is checked on x86_64 only"; exit 0 ;;
esac
[ -f "tests/machines/$machine.machine" ] || { echo "1..0 # SKIP no machine $machine"; exit 1; }
configs=all
# shellcheck disable=SC1090
. "tests/machines/$machine.machine"
if [ "$configs" != all ] && ! [[ " $configs " == *" $config "* ]]; then
	echo "1..0 # SKIP $machine does not run on $config"
	exit 0
fi

echo "1..3"
if [ ! -f "$fix.dmesg" ] || [ ! -f "$fix.zoneinfo" ]; then
	echo "not ok 1 - $machine: Linux fixture"
	echo "not ok 2 - $machine: Linux fixture"
	echo "not ok 3 - $machine: Linux fixture"
	echo "# no $fix.dmesg / $fix.zoneinfo: record them with scripts/record-linux-fixtures.sh $machine"
	exit 1
fi

if [ -z "$log" ]; then
	log=build/logs/$config/parity-$machine.log
	mkdir -p "build/logs/$config"
	if ! BOOT_TEST_TAG=parity-$machine scripts/boot-test.sh "$config" "$machine" \
		selftest=none ignore_loglevel dump=zoneinfo,numa >"$log.tap" 2>&1; then
		echo "not ok 1 - $machine $config: boot"
		echo "not ok 2 - $machine $config: boot"
		echo "not ok 3 - $machine $config: boot"
		sed 's/^/# /' "$log.tap" | tail -20
		exit 1
	fi
fi
[ -r "$log" ] || { echo "not ok 1 - no log $log"; echo "not ok 2 - no log $log"; echo "not ok 3 - no log $log"; exit 1; }

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

grep -v '^#' "$fix.dmesg" >"$tmp/linux.dmesg"
# The boot's lines: up to the first top-level "KTAP version 1" (the self-tests' start,
# also printed with selftest=none).
sed '/^KTAP version 1$/,$d' "$log" | scripts/parity-extract.sh dmesg >"$tmp/ours.dmesg"
compare 1 "log lines" "$tmp/linux.dmesg" "$tmp/ours.dmesg"

grep -v '^#' "$fix.zoneinfo" >"$tmp/linux.zoneinfo"
sed -n '/^----- BEGIN zoneinfo -----$/,/^----- END zoneinfo -----$/p' "$log" |
	scripts/parity-extract.sh zoneinfo >"$tmp/ours.zoneinfo"
compare 2 "zoneinfo spanned/present" "$tmp/linux.zoneinfo" "$tmp/ours.zoneinfo"

if [ -f "$fix.numa" ]; then
	grep -v '^#' "$fix.numa" >"$tmp/linux.numa"
	scripts/parity-extract.sh numa "$log" >"$tmp/ours.numa"
	compare 3 "numactl nodes, CPUs and distances" "$tmp/linux.numa" "$tmp/ours.numa"
else
	echo "ok 3 - $machine $config: numactl # SKIP no $fix.numa (recorded before dump=numa parity)"
fi
exit $status

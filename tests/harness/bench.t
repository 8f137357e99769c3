#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Smoke test of `make bench` (nbtest.py bench): on one configuration per
# architecture it boots the benchmark machine twice under -icount and checks
# that every benchmark printed exactly one line that parses, that the two
# runs gave identical figures (-icount makes them deterministic), and that a
# boot that fails (an unknown benchmark name) makes bench.sh fail. The
# figures themselves are never compared with anything: they are
# measurements, not tests.
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

nbtest="python3 tools/testing/nbtest/nbtest.py"
# Every benchmark kernel/bench.c runs under bench=all (include/kernel/bench_common.h's
# list, without the ones it runs only by name).
names=$($nbtest bench-names all) || exit 1
configs="x86_64-vmemmap i386-discontig"
# The benchmark machine with 2 CPUs instead of 8 (8 vCPUs under -icount take 20 s to boot):
# smp_throughput_4cpu and _8cpu print their skip line, still one parsable line each.
machine="-m 5G -smp 2 \
 -object memory-backend-ram,id=m0,size=2560M -object memory-backend-ram,id=m1,size=2560M \
 -numa node,nodeid=0,cpus=0,memdev=m0 -numa node,nodeid=1,cpus=1,memdev=m1"
echo "1..$((2 * ($(echo $names | wc -w) + 3)))"

for cfg in $configs; do
	arch=${cfg%%-*} mm=${cfg#*-}
	if [ ! -f "build/$cfg/numabuddy.elf" ]; then
		for _ in $(seq $(( $(echo $names | wc -w) + 3 ))); do n=$((n + 1)); echo "ok $n # SKIP build/$cfg not built"; done
		continue
	fi
	out=build/harness/bench-$cfg.out
	mkdir -p build/harness
	ARCH=$arch MEMMODEL=$mm BENCH_RUNS=2 TIMEOUT=120 BENCH_QEMU_ARGS="$machine" \
		$nbtest bench >"$out" 2>&1
	report $? "$cfg: make bench boots and exits 0"
	# One parsable line per benchmark (nbtest_checks.bench_line()), numbered on from here.
	$nbtest check-bench --first $((n + 1)) --label "$cfg" "build/$cfg/bench-1.log" $names >"$out.tap"
	[ $? -eq 0 ] || status=1
	grep -v '^1\.\.' "$out.tap"
	n=$(sed -n 's/^1\.\.//p' "$out.tap")
	grep -q '^determinism: the 2 runs gave identical figures' "$out"
	report $? "$cfg: two boots under -icount give identical figures"
	# The failure needs no benchmark machine (8 CPUs under -icount take 20 s to boot): 1 CPU.
	ARCH=$arch MEMMODEL=$mm BENCH=no_such_bench BENCH_RUNS=1 TIMEOUT=120 \
		BENCH_QEMU_ARGS='-m 1G -smp 1' $nbtest bench >"$out.fail" 2>&1
	[ $? -ne 0 ] && grep -q "no benchmark 'no_such_bench'" "build/$cfg/bench-1.log"
	report $? "$cfg: a failed boot (unknown benchmark) makes make bench fail"
done
exit $status

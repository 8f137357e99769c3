#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench: boot the benchmark machine with `selftest=none bench=...` and
# print the kernel's `bench:` lines and a table with the targets of issues 5 and 6
# and Linux 6.1's figures next to them.
#
# Environment (set by the Makefile; see README.md, "Benchmarks"):
#   ARCH, MEMMODEL, KERNEL, BUILD   what to boot (default x86_64-vmemmap)
#   ACCEL=tcg|kvm     tcg (default): QEMU TCG with -icount shift=0,sleep=off,
#                     where the TSC counts guest instructions: exact and
#                     deterministic figures; kvm: -accel kvm -cpu host, cycles
#                     (and instructions from the vCPU's PMU when it has one)
#   BENCH=all|NAME,.. which benchmarks (bench= boot parameter)
#   BENCH_QEMU_ARGS   the machine (default: 2 nodes of 2.5 GiB, one CPU)
#   BENCH_RUNS        boots (default 2 under -icount, to check determinism; 1 under KVM)
#   CMDLINE           extra boot parameters
#   TIMEOUT           seconds per boot (default 300)
#
# Exit status: non-zero only if a boot fails (the kernel's failure status, a
# crash, a hang, or no `bench:` line). Figures above their targets are
# reported, not failed: these are measurements, not tests.
set -uo pipefail
cd "$(dirname "$0")/.."

ARCH=${ARCH:-x86_64}
case $ARCH in
x86_64) MEMMODEL=${MEMMODEL:-vmemmap} ;;
i386) MEMMODEL=${MEMMODEL:-discontig} ;;
*) echo "bench: unknown ARCH '$ARCH'" >&2; exit 2 ;;
esac
CONFIG=$ARCH-$MEMMODEL
KERNEL=${KERNEL:-build/$CONFIG/numabuddy.elf}
BUILD=${BUILD:-build/$CONFIG}
ACCEL=${ACCEL:-tcg}
BENCH=${BENCH:-all}
TIMEOUT=${TIMEOUT:-300}
# Two nodes of 2.5 GiB, CPU 0 on node 0 and CPUs 1-7 on node 1 (the single-CPU benchmarks run on
# CPU 0 while the others idle; smp_throughput_<n>cpu uses CPUs 0 .. n-1):
# i440fx keeps 3 GiB below 4 GiB, so node 0 is [0, 2.5G) and node 1
# [2.5G, 3G) + [4G, 6G), and node 0 keeps a free, aligned GiB ([1G, 2G)) for
# the 1 GiB gigantic page (the memmap and node data go to the node's top).
BENCH_QEMU_ARGS=${BENCH_QEMU_ARGS:-"-m 5G -smp 8 \
 -object memory-backend-ram,id=m0,size=2560M -object memory-backend-ram,id=m1,size=2560M \
 -numa node,nodeid=0,cpus=0,memdev=m0 -numa node,nodeid=1,cpus=1-7,memdev=m1"}

case $ACCEL in
tcg) mode=icount; runs=${BENCH_RUNS:-2}; qemu_args="$BENCH_QEMU_ARGS -icount shift=0,sleep=off" ;;
kvm) mode=kvm; runs=${BENCH_RUNS:-1}; qemu_args=$BENCH_QEMU_ARGS ;;
*) echo "bench: ACCEL must be tcg or kvm" >&2; exit 2 ;;
esac
[ -f "$KERNEL" ] || { echo "bench: no kernel at $KERNEL (run make first)" >&2; exit 2; }

mkdir -p "$BUILD"
logs=()
for run in $(seq 1 "$runs"); do
	log=$BUILD/bench-$run.log
	logs+=("$log")
	rm -f "$log" "$log.qemu"
	echo "== bench: $CONFIG, $ACCEL ($mode), run $run of $runs (console: $log)"
	ARCH=$ARCH KERNEL=$KERNEL BUILD=$BUILD ACCEL=$ACCEL QEMU_ARGS="$qemu_args" \
		CMDLINE="selftest=none bench=$BENCH bench.mode=$mode ${CMDLINE:-}" \
		TIMEOUT=$TIMEOUT SERIAL_LOG=$log scripts/qemu-run.sh >/dev/null 2>"$log.qemu"
	status=$?
	if [ $status -ne 0 ] || ! grep -q '^bench: test=' "$log"; then
		echo "bench: the boot FAILED: $(tail -1 "$log.qemu")" >&2
		[ -f "$log" ] && tail -20 "$log" | sed 's/^/  /' >&2
		exit 1
	fi
done

lines=$BUILD/bench.txt
grep '^bench: test=' "${logs[0]}" >"$lines"
cat "$lines"
grep -h 'bench: mode' "${logs[0]}" | sed 's/^\[ *[0-9.]*\] //'

if [ "$runs" -gt 1 ]; then
	same=1
	for log in "${logs[@]:1}"; do
		grep '^bench: test=' "$log" | cmp -s - "$lines" || same=0
	done
	if [ $same = 1 ]; then
		echo "determinism: the $runs runs gave identical figures"
	else
		echo "WARNING: the $runs runs differ (under -icount they should not):" >&2
		diff <(grep '^bench: test=' "${logs[0]}") <(grep '^bench: test=' "${logs[-1]}") | sed 's/^/  /' >&2
	fi
fi

qver=$(qemu-system-x86_64 --version | head -1 | sed 's/.*version \([^ ]*\).*/\1/')
echo
echo "numabuddy $(git describe --always --dirty 2>/dev/null) $CONFIG, QEMU $qver $ACCEL ($mode), $(nproc)-CPU host: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
awk -v mode="$mode" '
BEGIN {
	# Issue 5 (buddy) and issue 6 (per-cpu lists: order0_pair 175, order0_batch1024 120 per page).
	target["order0_pair"] = 175; target["order0_batch1024"] = 120
	target["order9_pair"] = 5000; target["memmap_init_per_page"] = 40
	linux["order0_pair"] = 710; linux["order0_batch1024"] = "715 (452+263)"; linux["order9_pair"] = 9985
	if (mode == "kvm")
		printf "%-22s %10s %10s %10s %8s %-14s %s\n", "test", "ops", "insns/op", "cycles/op", "target", "Linux 6.1", ""
	else
		printf "%-22s %10s %10s %8s %-14s %s\n", "test", "ops", "insns/op", "target", "Linux 6.1", ""
}
{
	delete f
	for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = substr($i, length(kv[1]) + 2) }
	t = f["test"]; ins = f["insns_per_op"]
	tg = (t in target) ? "<= " target[t] : "-"
	lx = (t in linux) ? linux[t] : "-"
	note = ""
	if ("skipped" in f) note = "skipped: " f["skipped"]
	else if ("error" in f) note = "ERROR: " f["error"]
	else if ((t in target) && ins ~ /^[0-9]+$/) note = (ins + 0 <= target[t]) ? "meets the target" : "ABOVE the target"
	if ("alloc_per_page" in f) note = note (note ? ", " : "") "alloc " f["alloc_per_page"] " + free " f["free_per_page"]
	if (mode == "kvm")
		printf "%-22s %10s %10s %10s %8s %-14s %s\n", t, f["ops"], ins, f["cycles_per_op"], tg, lx, note
	else
		printf "%-22s %10s %10s %8s %-14s %s\n", t, f["ops"], ins, tg, lx, note
}' "$lines"
echo "(targets and Linux 6.1 in instructions per operation under -icount; figures, not tests)"
exit 0

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench PROFILE=1 (nbtest.py bench with PROFILE=1; the profiler is
# tools/testing/nbtest/nbtest_profile.py): one boot of a small machine under
# -icount with QEMU's gdbstub, order0_pair profiled. The output's format is
# checked - a header line per benchmark, one line per function whose counts
# add up to the header's total, the functions of the operation named, then
# the same by source function - never the figures themselves.
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

echo "1..6"
cfg=x86_64-vmemmap
out=build/harness/bench-profile.out
mkdir -p build/harness
if [ ! -f "build/$cfg/numabuddy.elf" ]; then
	for t in 1 2 3 4 5 6; do skip "profile test $t" "build/$cfg not built"; done
	exit 0
fi
# Its own BUILD: the console logs (BUILD/bench-N.log) must not be bench.t's,
# which may run at the same time (make test runs the harness in parallel).
ARCH=x86_64 MEMMODEL=vmemmap BENCH=order0_pair PROFILE=1 BENCH_QEMU_ARGS='-m 1G -smp 1' TIMEOUT=120 \
	KERNEL=build/$cfg/numabuddy.elf BUILD=build/harness/bench-profile \
	python3 tools/testing/nbtest/nbtest.py bench >"$out" 2>&1
report $? "make bench PROFILE=1 boots, profiles and exits 0"
head=$(grep -E '^profile: test=order0_pair ops=1 insns=[0-9]+ insns_per_op=[0-9]+ functions=[0-9]+$' "$out")
[ "$(echo "$head" | grep -c .)" -eq 1 ]
report $? "one header line for order0_pair: test=, ops=, insns=, insns_per_op=, functions="
# The per-symbol block: the lines after the header, up to the next header.
rows=$(awk '/^profile: test=order0_pair ops=/ { on = 1; next } /^profile: test=/ { on = 0 } on' "$out")
[ -n "$rows" ] && ! echo "$rows" | grep -Evq '^profile: +[0-9]+ +[0-9]+\.[0-9]% +[A-Za-z_.0-9]+$'
report $? "every function line is 'profile: COUNT PCT% FUNCTION'"
total=$(echo "$head" | sed 's/.* insns=\([0-9]*\) .*/\1/')
nfun=$(echo "$head" | sed 's/.* functions=//')
sum=$(echo "$rows" | awk '{ s += $2 } END { print s + 0 }')
[ "$sum" -eq "$total" ] && [ "$(echo "$rows" | grep -c .)" -eq "$nfun" ] && [ "$total" -gt 0 ]
report $? "the function lines add up to insns= ($sum of $total) and number functions= ($nfun)"
echo "$rows" | grep -Eq ' alloc_pages$' && echo "$rows" | grep -Eq ' __free_pages(\.part\.[0-9]+)?$'
report $? "the operation's functions are named (alloc_pages, __free_pages)"
grep -q '^profile: test=order0_pair by source function (inlined ones apart)$' "$out"
report $? "the breakdown by source function follows"
exit $status

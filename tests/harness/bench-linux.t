#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# `make bench-linux` without Linux: the parts that need no download and no
# boot. The table (nbtest.py bench-compare) on canned `bench:` lines - the
# ratio, names on one side only, skipped and `na` figures, two Linux boots
# that disagree, an empty side, bad usage; the Linux machine derived from
# the catalogue's bench machine (one CPU, -numa cpus= lists kept valid); ARCH=i386
# refused; and every benchmark of kernel/bench.c known to the Linux module
# (tools/bench-linux/nb_bench.c), with a figure or a reason to skip.
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
echo "1..13"

d=build/harness/bench-linux
mkdir -p "$d"
# The canned lines are the runner's unit tests' (two sides, skips, na, names on one side).
cp tools/testing/nbtest/test_data/bench-ours.txt "$d/ours.txt"
cp tools/testing/nbtest/test_data/bench-linux.txt "$d/linux-1.txt"
sed 's/insns_per_op=710/insns_per_op=712/' "$d/linux-1.txt" >"$d/linux-2.txt"
: >"$d/empty.txt"

out=$(python3 tools/testing/nbtest/nbtest.py bench-compare "$d/ours.txt" "$d/linux-1.txt")
[ $? -eq 0 ]
report $? "bench-compare exits 0"
echo "$out" | head -1 | grep -Eq '^test +numabuddy +linux +ratio +note$'
report $? "the header names both sides and the ratio"
echo "$out" | grep -Eq '^order0_pair +319 +710 +0\.45$'
report $? "a figure on both sides: the ratio numabuddy/linux, two decimals"
echo "$out" | grep -Eq '^order0_batch1024 +390 +715 +0\.55 +alloc\+free 191\+199 vs 452\+263$'
report $? "the batch's alloc+free split of both sides in the note"
echo "$out" | grep -Eq '^gigantic +23358430 +- +- +linux: skipped \(alloc_contig_pages-not-exported\)'
report $? "skipped on Linux: '-' and the reason"
echo "$out" | grep -Eq '^ours_only +5 +- +- +linux: absent$' &&
	echo "$out" | grep -Eq '^linux_only +- +1234 +- +numabuddy: absent$'
report $? "a name on one side only: '-' on the other, and the row is kept"
order=$(echo "$out" | awk 'NR > 1 { printf "%s ", $1 }')
[ "$order" = "order0_pair order0_batch1024 gigantic memmap_init_per_page ours_only kvm_style linux_only " ]
report $? "numabuddy's order, then the names only Linux has ($order)"
echo "$out" | grep -Eq '^kvm_style +- +80 +- +numabuddy: no instruction count$'
report $? "insns_per_op=na: no figure"

out=$(python3 tools/testing/nbtest/nbtest.py bench-compare "$d/ours.txt" "$d/linux-1.txt" "$d/linux-2.txt")
echo "$out" | grep -Eq '^order0_pair +319 +710 +0\.45 +linux boots differ: 710, 712$' &&
	! echo "$out" | grep -q '^order0_batch1024 .*differ'
report $? "two Linux boots that disagree: the note says so, for that test only"

out=$(python3 tools/testing/nbtest/nbtest.py bench-compare "$d/empty.txt" "$d/linux-1.txt")
[ $? -eq 0 ] && [ "$(echo "$out" | grep -c 'numabuddy: absent')" = 6 ]
report $? "an empty side: every row, all absent there"

python3 tools/testing/nbtest/nbtest.py bench-compare "$d/ours.txt" >/dev/null 2>&1
[ $? -eq 2 ]
report $? "one file only: usage, exit 2"

m1=$(BENCH_LINUX_PRINT_MACHINE=1 python3 tools/testing/nbtest/nbtest.py bench-linux)
m8=$(BENCH_QEMU_ARGS='-m 2G -smp 8 -numa node,cpus=0-3 -numa node,cpus=4-7' \
	BENCH_LINUX_PRINT_MACHINE=1 python3 tools/testing/nbtest/nbtest.py bench-linux)
echo "$m1" | grep -Eq -- '(^| )-smp 1(,maxcpus=[0-9]+)?( |$).*-numa ' &&
	[ "$m8" = "-m 2G -smp 1,maxcpus=8 -numa node,cpus=0-3 -numa node,cpus=4-7" ] &&
	ARCH=i386 python3 tools/testing/nbtest/nbtest.py bench-linux >/dev/null 2>"$d/i386.err"
[ $? -eq 2 ] && grep -q 'x86_64 only' "$d/i386.err"
report $? "the Linux machine: bench.sh's with one CPU ($m1); ARCH=i386 refused"

# Both sides run the one list of include/kernel/bench_common.h, and numabuddy has a
# runner for every kind of benchmark in it (the module runs or skips each kind).
kinds=$(sed -n 's/^\t\(NB_BENCH_[A-Z_]*\),.*/\1/p' include/kernel/bench_common.h | grep -v NR_KINDS)
missing=$(for k in $kinds; do grep -q "\[$k\] = bench_" kernel/bench.c || echo "$k"; done | tr '\n' ' ')
[ -n "$kinds" ] && [ -z "$missing" ] &&
	grep -q '#include <kernel/bench_common.h>' kernel/bench.c &&
	grep -q '#include "bench_common.h"' tools/bench-linux/nb_bench.c &&
	grep -q 'nb_benches\[i\]' tools/bench-linux/nb_bench.c
report $? "the Linux module and kernel/bench.c run the same list of benchmarks${missing:+ (no runner: $missing)}"
exit $status

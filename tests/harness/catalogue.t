#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The catalogue's checks must be able to fail. Each scenario boots the
# 2-node machine with one expectation that is wrong (or malformed, or
# unknown) added to its expect.* parameters, and wants a failed boot with the
# reason in the log; without any expectation the discovery suite must skip.
# Then the parity checker must fail against a tampered copy of the Linux
# fixtures, showing the difference, and fail when a fixture is missing; on
# hmat-cxl also when the HMAT's sysfs values or the memory tiers differ.
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
cfg=x86_64-vmemmap
log=build/logs/$cfg

# wrong NAME 'PARAM' 'TEXT IN THE LOG'
wrong() {
	local name=$1 param=$2 want=$3
	BOOT_TEST_TAG=catalogue-$name TIMEOUT=60 python3 tools/testing/nbtest/nbtest.py boot $cfg 2node \
		selftest=discovery "$param" >"$log/catalogue-$name.tap" 2>&1
	[ $? -ne 0 ] && grep -q '^not ok 1 discovery' "$log/catalogue-$name.tap"
	report $? "$name: '$param' fails the discovery suite"
	grep -qF -- "$want" "$log/catalogue-$name.tap"
	report $? "$name: the log says '$want'"
}

echo "1..36"
mkdir -p "$log"
wrong nodes 'expect.nodes=3' 'nr_node_ids == 2 (0x2), boot_expect.nodes == 3'
wrong mem 'expect.mem=0:0x1000-0x9efff,0x100000-0x3fffffff;1:0x40000000-0x7fffffff' \
	'node   1: [mem 0x0000000040000000-0x000000007fffffff]'
wrong cpus 'expect.cpus=1,0' 'CPU 0 is on node 0, expected node 1'
wrong distance 'expect.distance=10,21;21,10' 'distance 0 -> 1 is 20, expected 21'
wrong memoryless 'expect.memoryless=1' 'node 1 is not memoryless, expected memoryless'
wrong cpuless 'expect.cpuless=0-2' 'node 2 should be CPU-less, but there are only 2 nodes'
wrong acpi 'expect.acpi=SLIT' 'no ACPI table SLIT'
wrong syntax 'expect.mem=0:1G' "expect.mem=0:1G: '-END' or '+SIZE' expected after the start at the end"
wrong unknown 'expect.node=2' 'unknown expectation expect.node'

# No expectations at all (a machine given by QEMU_ARGS): the suite skips.
QEMU_ARGS='-m 1G -smp 2' BOOT_TEST_TAG=catalogue-none TIMEOUT=60 \
	python3 tools/testing/nbtest/nbtest.py boot $cfg nonuma selftest=discovery >"$log/catalogue-none.tap" 2>&1
report $? "no expectations: the boot passes"
grep -q '^ok 1 discovery # SKIP no expect' "$log/catalogue-none.tap"
report $? "no expectations: the discovery suite skips"

# Parity: make test's test of 2node (nbtest.py boot --parity: one boot, then
# the parity check on its log) passes with the real fixtures; a tampered copy
# fails, with the lines shown, both read by the checker alone and through
# machine-test.sh and prove.
fdir=build/harness/parity-fixtures
rm -rf "$fdir"
mkdir -p "$fdir"
# machine_test NAME: prove on make test's test of 2node, logs tagged catalogue-NAME
# (make test boots the same machine at the same time, into 2node.log).
machine_test() {
	echo "BOOT_TEST_TAG=catalogue-$1 TIMEOUT=60 exec python3 tools/testing/nbtest/nbtest.py boot --parity $cfg 2node" \
		>"$log/catalogue-$1.t"
	prove -v --exec bash "$log/catalogue-$1.t" >"$log/catalogue-$1.prove" 2>&1
}
plog=$log/catalogue-parity.log
machine_test parity
report $? "parity: make test's 2node test (one boot, the parity check on its log) passes"
grep -q '^ok [0-9]* - 2node x86_64-vmemmap: log lines equal Linux' "$log/catalogue-parity.prove" &&
	grep -q '^ok [0-9]* - 2node x86_64-vmemmap: zoneinfo spanned/present equal Linux' "$log/catalogue-parity.prove"
report $? "parity: its TAP holds both parity tests after the kernel's"
python3 tools/testing/nbtest/nbtest.py parity $cfg 2node "$plog" >"$log/catalogue-parity-good.tap" 2>&1
report $? "parity: 2node equals the recorded Linux"
sed 's/^\(Initmem setup node 1 \[mem 0x\)0000000040000000/\10000000040001000/' \
	tests/machines/linux/2node.dmesg >"$fdir/2node.dmesg"
sed '0,/present  3998/s//present  3999/' tests/machines/linux/2node.zoneinfo >"$fdir/2node.zoneinfo"
! cmp -s "$fdir/2node.dmesg" tests/machines/linux/2node.dmesg &&
	! cmp -s "$fdir/2node.zoneinfo" tests/machines/linux/2node.zoneinfo
report $? "parity: the tampered fixtures differ from the real ones"
PARITY_FIXTURES=$fdir python3 tools/testing/nbtest/nbtest.py parity $cfg 2node "$plog" \
	>"$log/catalogue-parity-bad.tap" 2>&1
report $(( $? == 0 )) "parity: a tampered fixture fails the check"
grep -q '^not ok 1 ' "$log/catalogue-parity-bad.tap" && grep -q '^not ok 2 ' "$log/catalogue-parity-bad.tap"
report $? "parity: both the log lines and the zoneinfo are reported different"
grep -qF '# -Initmem setup node 1 [mem 0x0000000040001000-0x000000007ffdffff]' "$log/catalogue-parity-bad.tap" &&
	grep -qF '# +Initmem setup node 1 [mem 0x0000000040000000-0x000000007ffdffff]' "$log/catalogue-parity-bad.tap"
report $? "parity: the differing log line is shown, Linux's and ours"
grep -qF '# -        present  3999' "$log/catalogue-parity-bad.tap"
report $? "parity: the differing zoneinfo line is shown"
PARITY_FIXTURES=$fdir machine_test parity-tampered
report $(( $? == 0 )) "parity: a tampered fixture fails make test's 2node test"
grep -q '^not ok [0-9]* - 2node x86_64-vmemmap: log lines differ' "$log/catalogue-parity-tampered.prove"
report $? "parity: ... and prove names the failed parity test"
rm -f "$fdir/2node.zoneinfo"
PARITY_FIXTURES=$fdir python3 tools/testing/nbtest/nbtest.py parity $cfg 2node "$plog" \
	>"$log/catalogue-parity-missing.tap" 2>&1
report $(( $? == 0 )) "parity: a missing fixture fails the check"
grep -qF 'record-linux-fixtures 2node' "$log/catalogue-parity-missing.tap"
report $? "parity: the message says how to record the fixture"

# HMAT: hmat-cxl's parity boot passes; tampered dump=hmat and dump=memory_tiers fixtures fail.
hdir=build/harness/parity-fixtures-hmat
rm -rf "$hdir"
mkdir -p "$hdir"
hlog=build/logs/$cfg/parity-hmat-cxl.log	# the parity boot's
python3 tools/testing/nbtest/nbtest.py parity $cfg hmat-cxl >"$log/catalogue-hmat-good.tap" 2>&1
report $? "parity: hmat-cxl's log lines, zoneinfo, dump=hmat and memory tiers equal Linux's"
cp tests/machines/linux/hmat-cxl.* "$hdir/"
sed -i 's#node2/access1/initiators/read_latency:40#node2/access1/initiators/read_latency:41#' "$hdir/hmat-cxl.hmat"
sed -i 's#memory_tier4/nodelist:0-3#memory_tier4/nodelist:0-2#' "$hdir/hmat-cxl.memory_tiers"
PARITY_FIXTURES=$hdir python3 tools/testing/nbtest/nbtest.py parity $cfg hmat-cxl "$hlog" \
	>"$log/catalogue-hmat-bad.tap" 2>&1
report $(( $? == 0 )) "parity: a tampered HMAT fixture fails the check"
grep -q '^not ok 4 ' "$log/catalogue-hmat-bad.tap" && grep -q '^not ok 5 ' "$log/catalogue-hmat-bad.tap"
report $? "parity: both dump=hmat and the memory tiers are reported different"
grep -qF '# +/sys/devices/system/node/node2/access1/initiators/read_latency:40' "$log/catalogue-hmat-bad.tap"
report $? "parity: the differing sysfs line is shown"
exit $status

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The harness's own tests: every way a boot can go wrong must make prove,
# and so `make test`, fail - and a good boot must make it pass. A page fault's
# oops must name the function (link-time symbol table, kernel/kallsyms.c). Each
# scenario boots the kernel with a suite that fails on purpose
# (tests/kernel/harness.c), runs prove on it, and checks prove's verdict and
# the reason in the logs.
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

# launch CONFIG NAME SELFTEST TIMEOUT: start prove on a boot of nonuma with
# that suite, in the background; its verdict goes to build/harness/CONFIG/NAME.rc.
launch() {
	local cfg=$1 name=$2 sel=$3 timeout=$4
	local dir=build/harness/$cfg
	mkdir -p "$dir"
	rm -f "$dir/$name.rc"
	echo "BOOT_TEST_TAG=harness-$name TIMEOUT=$timeout exec python3 tools/testing/nbtest/nbtest.py boot $cfg nonuma selftest=$sel" \
		>"$dir/$name.t"
	{ prove --exec bash "$dir/$name.t" >"$dir/$name.prove" 2>&1; echo $? >"$dir/$name.rc"; } &
	pids[$cfg/$name]=$!
}

# check CONFIG NAME EXPECT(prove: pass|fail) WANT...(texts in the logs): wait for
# the scenario, then check prove's verdict and the reason in the logs.
check() {
	local cfg=$1 name=$2 expect=$3
	shift 3
	local dir=build/harness/$cfg rc
	wait "${pids[$cfg/$name]}"
	rc=$(cat "$dir/$name.rc" 2>/dev/null || echo 255)
	if [ "$expect" = pass ]; then
		[ "$rc" -eq 0 ]; report $? "$cfg: $name: prove passes"
	else
		[ "$rc" -ne 0 ]; report $? "$cfg: $name: prove fails"
	fi
	for want in "$@"; do
		grep -qF -- "$want" "$dir/$name.prove" "build/logs/$cfg/harness-$name.log" \
			"build/logs/$cfg/harness-$name.log.qemu" 2>/dev/null
		report $? "$cfg: $name: the logs say '$want'"
	done
}

# scenario CONFIG NAME SELFTEST TIMEOUT EXPECT WANT...: one after the other.
scenario() {
	launch "$1" "$2" "$3" "$4"
	check "$1" "$2" "${@:5}"
}

declare -A pids
echo "1..36"
# The hangs wait out their timeout (the CPU halted): they run meanwhile.
for cfg in x86_64-vmemmap i386-discontig; do
	launch "$cfg" hang harness_hang 8
done
for cfg in x86_64-vmemmap i386-discontig; do
	scenario "$cfg" good traps 60 pass "ok 1 traps"
	scenario "$cfg" fail harness_fail 60 fail "not ok 1 harness_fail"
	scenario "$cfg" nomatch no_such_suite 60 fail "pattern 'no_such_suite' matched no suite"
	# The oops names the faulting function and the backtrace is symbolised.
	scenario "$cfg" page_fault harness_page_fault 60 fail "CR2:" "test_page_fault+0x" \
		"] start_kernel+0x"
	scenario "$cfg" page_fault_panic harness_page_fault 60 fail "Kernel panic - not syncing: Fatal exception"
	scenario "$cfg" triple_fault harness_triple_fault 60 fail "triple fault"
	# A forced interleaving with its test hook off must say it could not
	# enter the race window, never pass without having been inside it.
	scenario "$cfg" hooks_off "seed002_vmstat_drift ktest.hooks=off" 180 fail \
		"could not enter the race window: the observer sampled inside 0 of 3 bulk frees (test hooks disabled by ktest.hooks=off)"
	check "$cfg" hang fail "TIMEOUT"
done
exit $status

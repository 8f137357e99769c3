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

# scenario CONFIG NAME SELFTEST TIMEOUT EXPECT(prove: pass|fail) WANT...(texts in the logs)
scenario() {
	local cfg=$1 name=$2 sel=$3 timeout=$4 expect=$5
	shift 5
	prove_boot "$cfg" nonuma "harness-$name" "$timeout" "$expect" "$cfg: $name" "selftest=$sel"
	for want in "$@"; do
		grep -qF -- "$want" "build/harness/$cfg/harness-$name.prove" "build/logs/$cfg/harness-$name.log" \
			"build/logs/$cfg/harness-$name.log.qemu" 2>/dev/null
		report $? "$cfg: $name: the logs say '$want'"
	done
}

echo "1..32"
for cfg in x86_64-vmemmap i386-discontig; do
	scenario "$cfg" good traps 60 pass "ok 1 traps"
	scenario "$cfg" fail harness_fail 60 fail "not ok 1 harness_fail"
	scenario "$cfg" nomatch no_such_suite 60 fail "pattern 'no_such_suite' matched no suite"
	# The oops names the faulting function and the backtrace is symbolised.
	scenario "$cfg" page_fault harness_page_fault 60 fail "CR2:" "test_page_fault+0x" \
		"] start_kernel+0x"
	scenario "$cfg" page_fault_panic harness_page_fault 60 fail "Kernel panic - not syncing: Fatal exception"
	scenario "$cfg" triple_fault harness_triple_fault 60 fail "triple fault"
	scenario "$cfg" hang harness_hang 8 fail "TIMEOUT"
done
exit $status

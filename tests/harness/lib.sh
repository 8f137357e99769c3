# SPDX-License-Identifier: GPL-2.0-only
#
# Sourced first by every tests/harness/*.t, as `. "$(dirname "$0")/lib.sh"`,
# so that each stays runnable alone (`prove -v tests/harness/NAME.t`, or
# through make test's `prove --exec bash`) from any directory: it turns on
# `set -u`, moves to the top of the tree and defines the TAP helpers below.
# The .t prints its own plan and ends with `exit $status`.

set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1

n=0		# the number of the last test reported
status=0	# 1 once any test failed: the .t's exit status

# report RC TEXT: test n+1, "ok" if RC is 0, else "not ok" (and status=1).
report() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; status=1; fi
}

# skip TEXT WHY: test n+1, skipped for WHY.
skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

# prove_boot CONFIG MACHINE TAG TIMEOUT EXPECT LABEL BOOT-PARAMETERS...
# Boot MACHINE in CONFIG through nbtest.py boot under prove, as make
# test runs a boot: the kernel log is build/logs/CONFIG/TAG.log, prove's
# output build/harness/CONFIG/TAG.prove. Reports "LABEL: prove passes" or
# "LABEL: prove fails", passing when prove's verdict is EXPECT (pass|fail).
prove_boot() {
	local cfg=$1 machine=$2 tag=$3 timeout=$4 expect=$5 label=$6
	shift 6
	local dir=build/harness/$cfg
	mkdir -p "$dir"
	echo "BOOT_TEST_TAG=$tag TIMEOUT=$timeout exec python3 tools/testing/nbtest/nbtest.py boot $cfg $machine $*" \
		>"$dir/$tag.t"
	prove --exec bash "$dir/$tag.t" >"$dir/$tag.prove" 2>&1
	local rc=$?
	if [ "$expect" = pass ]; then
		[ $rc -eq 0 ]; report $? "$label: prove passes"
	else
		[ $rc -ne 0 ]; report $? "$label: prove fails"
	fi
}

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# check-dumps.sh CONFIG MACHINE [LOG]
# Boot a catalogue machine with every self-test and the end-of-boot reports,
# then check the reports agree with each other, taken from the same quiet
# state: for every zone the buddyinfo blocks add up to zoneinfo's
# "pages free", pagetypeinfo's rows (all migratetypes) sum to buddyinfo's, and
# vmstat's nr_free_pages is the sum over zones, and every populated zone has
# Linux's pagesets block: one entry per online CPU, count below high, batch
# at least 1, a vm stats threshold of 1 to 125. Prints TAP.
# With LOG, reads that boot log instead of booting (a boot with
# dump=buddyinfo,zoneinfo,pagetypeinfo,vmstat: make test's boot test, see
# scripts/machine-test.sh); test 1 then wants the kernel's success line in it.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
config=${1:?usage: check-dumps.sh CONFIG MACHINE [LOG]} machine=${2:?usage: check-dumps.sh CONFIG MACHINE [LOG]}
log=${3:-}
if [ -z "$log" ]; then
	log=build/logs/$config/dumps-$machine.log
	BOOT_TEST_TAG=dumps-$machine scripts/boot-test.sh "$config" "$machine" \
		dump=buddyinfo,zoneinfo,pagetypeinfo,vmstat >/dev/null 2>&1
	boot=$?
else
	# The line start_kernel() prints just before it reports success to QEMU.
	grep -aq '] numabuddy: all selected self-tests passed$' "$log" 2>/dev/null
	boot=$?
fi
echo "1..5"
failed=0
[ $boot -eq 0 ] && echo "ok 1 - $config $machine boots, self-tests pass" ||
	{ echo "not ok 1 - $config $machine boots, self-tests pass (see $log)"; failed=1; }

section() { sed -n "/^----- BEGIN $1 -----\$/,/^----- END $1 -----\$/p" "$log" | sed '1d;$d'; }

# zone key -> pages, from each report
buddy=$(section buddyinfo | awk '{ key = $2 " " $4; s = 0; for (i = 5; i <= NF; i++) s += $i * 2 ^ (i - 5); printf "%s %d\n", key, s }' | tr -d ',')
zinfo=$(section zoneinfo | awk '/^Node/ { key = $2 " " $4 } /^  pages free/ { if ($3 > 0 || 1) printf "%s %d\n", key, $3 }' | tr -d ',')
ptype=$(section pagetypeinfo | awk '/, type / { key = $2 " " $4; if (!(key in sum)) keys[n++] = key; for (i = 7; i <= NF; i++) sum[key] += $i * 2 ^ (i - 7) }
	END { for (k = 0; k < n; k++) printf "%s %d\n", keys[k], sum[keys[k]] }' | tr -d ',')
vmfree=$(section vmstat | awk '$1 == "nr_free_pages" { print $2 }')

bad=0
while read -r node zone pages; do
	[ -n "$node" ] || continue
	z=$(awk -v k="$node $zone" '$1 " " $2 == k { print $3 }' <<<"$zinfo")
	if [ "$z" != "$pages" ]; then echo "# node $node zone $zone: buddyinfo $pages, zoneinfo ${z:-none}"; bad=1; fi
done <<<"$buddy"
[ -n "$buddy" ] && [ $bad = 0 ] && echo "ok 2 - buddyinfo sums equal zoneinfo's pages free" ||
	{ echo "not ok 2 - buddyinfo sums equal zoneinfo's pages free"; failed=1; }
[ -n "$ptype" ] && [ "$ptype" = "$buddy" ] && echo "ok 3 - pagetypeinfo's free counts (all types) equal buddyinfo" ||
	{ echo "not ok 3 - pagetypeinfo's free counts equal buddyinfo"; failed=1; }
total=$(awk '{ s += $3 } END { print s + 0 }' <<<"$zinfo")
[ -n "$vmfree" ] && [ "$vmfree" = "$total" ] && echo "ok 4 - vmstat nr_free_pages ($vmfree) is the zones' sum" ||
	{ echo "not ok 4 - vmstat nr_free_pages (${vmfree:-none}) is the zones' sum ($total)"; failed=1; }
cpus=$(grep -ao 'smp: Brought up [0-9]* nodes\?, [0-9]* CPUs\?' "$log" | awk '{ print $(NF - 1) }' | tail -1)
psets=$(section zoneinfo | awk -v cpus="${cpus:-0}" '
	function done_zone() {
		if (key != "" && populated && (entries != cpus || bad))
			printf "node %s zone %s: %d pageset entries for %d CPUs%s\n", n, z, entries, cpus, bad ? ", " why : ""
	}
	/^Node/ { done_zone(); n = $2; z = $4; key = n " " z; populated = 0; entries = 0; bad = 0; why = "" }
	/^      nr_free_pages/ { populated = 1 }
	/^    cpu:/ { entries++ }
	/^              count:/ { count = $2 }
	/^              high:/ { if (count >= $2) { bad = 1; why = "count " count " not below high " $2 } }
	/^              batch:/ { if ($2 < 1) { bad = 1; why = "batch " $2 } }
	/^  vm stats threshold:/ { if ($4 < 1 || $4 > 125) { bad = 1; why = "threshold " $4 } }
	END { done_zone() }')
# Not grep -q: it would stop reading early, and under pipefail the writer's SIGPIPE fails the test.
if [ -n "$cpus" ] && [ -z "$psets" ] && section zoneinfo | grep '^  pagesets$' >/dev/null; then
	echo "ok 5 - zoneinfo: every populated zone has a pageset per CPU ($cpus), count below high"
else
	echo "not ok 5 - zoneinfo: every populated zone has a pageset per CPU (${cpus:-no smp line})"
	sed 's/^/# /' <<<"$psets"
	failed=1
fi
exit $failed

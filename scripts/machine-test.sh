#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# machine-test.sh [--parity] [--dumps] CONFIG MACHINE
# make test's test of one catalogue machine in one configuration: a single
# boot (scripts/boot-test.sh, log in build/logs/CONFIG/MACHINE.log, or
# BOOT_TEST_TAG.log), then the
# checks that read that boot's log instead of booting again:
#   --parity  scripts/parity-check.sh: the boot-time lines, the zoneinfo and
#             numactl's nodes equal Linux's; the boot gets ignore_loglevel
#             dump=zoneinfo,numa
#   --dumps   scripts/check-dumps.sh: the end-of-boot reports agree; the boot
#             gets dump=buddyinfo,zoneinfo,pagetypeinfo,vmstat
# The reports are printed after the self-tests (kernel/main.c), so the self-
# tests run as in a plain boot; ignore_loglevel only lets every log level
# reach the console (the log file; the TAP below keeps only the KTAP).
#
# Prints one TAP stream: the kernel's KTAP, its plan raised by the checks'
# tests, which follow it numbered on. Exits non-zero if the boot failed
# (crash, hang, failure status) or a check failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

parity=0 dumps=0
while [ $# -gt 0 ]; do
	case $1 in
	--parity) parity=1 ;;
	--dumps) dumps=1 ;;
	-*) echo "machine-test.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
config=${1:?usage: machine-test.sh [--parity] [--dumps] CONFIG MACHINE}
machine=${2:?usage: machine-test.sh [--parity] [--dumps] CONFIG MACHINE}
log=build/logs/$config/${BOOT_TEST_TAG:-$machine}.log	# boot-test.sh's

params=() reports=()
[ $dumps = 1 ] && reports=(buddyinfo zoneinfo pagetypeinfo vmstat)
[ $parity = 1 ] && params+=(ignore_loglevel) && reports+=(zoneinfo numa)
[ ${#reports[@]} -gt 0 ] && params+=("dump=$(IFS=,; printf '%s\n' "${reports[@]}" | awk '!seen[$0]++' | paste -sd,)")
extra=$(( parity * 3 + dumps * 5 ))	# the checks' plans: 1..3 and 1..5

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The kernel's top-level plan (its first line "1..N") is raised by $extra;
# "1..0 # SKIP ..." (the machine does not run on this configuration) is
# kept, and then nothing else runs. The reports' text is not TAP: it stays
# in the log.
scripts/boot-test.sh "$config" "$machine" "${params[@]}" |
	awk -v extra="$extra" -v planfile="$tmp/plan" '
		!planned && /^1\.\.[0-9]+/ {
			planned = 1
			n = substr($0, 4) + 0
			if (n == 0 && /# *SKIP/) { print "skip" >planfile; print; fflush(); next }
			print n >planfile
			print "1.." n + extra; fflush(); next
		}
		/^----- BEGIN [a-z0-9_]+ -----$/ { inreport = 1; next }
		/^----- END [a-z0-9_]+ -----$/ { inreport = 0; next }
		!inreport { print; fflush() }'
boot=${PIPESTATUS[0]}
plan=$(cat "$tmp/plan" 2>/dev/null)
[ "$plan" = skip ] && exit "$boot"

# renumber FIRST: a check's TAP with its plan dropped and its tests numbered from FIRST.
renumber() {
	awk -v off=$(( $1 - 1 )) '
		/^1\.\.[0-9]+/ { next }
		/^(not )?ok [0-9]+/ {
			match($0, /[0-9]+/)
			$0 = substr($0, 1, RSTART - 1) (substr($0, RSTART, RLENGTH) + off) substr($0, RSTART + RLENGTH)
		}
		{ print }'
}

status=$boot
next=$(( ${plan:-0} + 1 ))
if [ $parity = 1 ]; then
	scripts/parity-check.sh "$config" "$machine" "$log" >"$tmp/parity" 2>&1 || status=1
	renumber $next <"$tmp/parity"
	next=$(( next + 3 ))
fi
if [ $dumps = 1 ]; then
	scripts/check-dumps.sh "$config" "$machine" "$log" >"$tmp/dumps" 2>&1 || status=1
	renumber $next <"$tmp/dumps"
	next=$(( next + 4 ))
fi
[ "$status" -eq 0 ] || exit 1
exit 0

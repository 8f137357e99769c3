#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make test: build every configuration, then run through prove:
#   - the hosted unit tests (ASan/UBSan, -m64 and -m32),
#   - every catalogue machine booted in every configuration it lists, one
#     boot each (scripts/machine-test.sh), whose log is also checked:
#       on x86_64, compared with Linux (scripts/parity-check.sh),
#       for 2node and 4node-slit, the end-of-boot reports (scripts/check-dumps.sh),
#   - the default machine booted through GRUB (multiboot2) on both architectures,
#   - the default machine booted through UEFI (OVMF + BOOTX64.EFI, x86_64),
#   - fuzz smoke runs, if the fuzz targets are built,
#   - the harness's own tests (tests/harness/*.t).
# The longest tests start first, so that prove's parallel slots finish together.
# TEST_CONFIGS and TEST_MACHINES narrow the run; JOBS sets parallelism;
# REPEAT=N boots the selected machines N times (the other tests run once)
# and fails if any run failed.
set -euo pipefail
cd "$(dirname "$0")/.."

configs=${TEST_CONFIGS:-x86_64-vmemmap x86_64-sparse i386-discontig i386-sparse}
machines=${TEST_MACHINES:-$(for f in tests/machines/*.machine; do basename "$f" .machine; done)}
machines=$(echo $machines)	# one line, space-separated
jobs=${JOBS:-$(nproc)}
start=$(date +%s)
elapsed() { local s=$(( $(date +%s) - start )); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

echo "== building: $configs, hosted tests"
has_fuzz=0
if make -s -n fuzz-smoke >/dev/null 2>&1 && compgen -G 'tests/fuzz/*.c' >/dev/null; then
	has_fuzz=1
fi
# One jobserver for every build: no configuration waits for another's link.
{
	echo "all: $configs host efi $([ $has_fuzz = 1 ] && echo fuzz)"
	for cfg in $configs; do
		printf '%s:\n\t+$(MAKE) -s ARCH=%s MEMMODEL=%s kernel\n' "$cfg" "${cfg%%-*}" "${cfg#*-}"
	done
	printf 'host:\n\t+$(MAKE) -s host-build\n'
	printf 'efi:\n\t+$(MAKE) -s efi efi-host-test\n'
	printf 'fuzz:\n\t+$(MAKE) -s fuzz-build\n'
	echo ".PHONY: all $configs host efi fuzz"
} | make -s -j"$jobs" -f - all
echo "== built in $(elapsed)"

tdir=build/tests
rm -rf "$tdir"
mkdir -p "$tdir" build/logs

# The order prove starts the tests in: longest first (LPT), by the rough
# seconds each takes on 2 cores under TCG. Machines: by their timeout (only
# the slow ones set it), memory and CPUs. The estimates only order the run.
order=()
declare -A est=(
	[tests/harness/bench.t]=75 [tests/harness/replay.t]=110 [tests/harness/replay-convert.t]=5 [tests/harness/efi.t]=65 [tests/harness/gdb.t]=80
	[$tdir/fuzz-smoke.t]=60 [$tdir/host-m32.t]=20 [$tdir/host-m64.t]=12
	[tests/harness/efi-compare.t]=15 [tests/harness/failures.t]=10
	[$tdir/boot-x86_64-vmemmap-2node-efi.t]=12 [$tdir/boot-x86_64-vmemmap-2node-iso.t]=6
	[$tdir/boot-i386-discontig-2node-iso.t]=6
)
# machine_estimate MACHINE: seconds for one boot, from the catalogue entry.
machine_estimate() {
	local qemu_args='' timeout=120 mem cpus
	# shellcheck disable=SC1090
	. "tests/machines/$1.machine"
	mem=$(sed -n 's/.*-m \([0-9]*\)\([MG]\).*/\1 \2/p' <<<"$qemu_args")
	case $mem in
	*G) mem=$(( ${mem% G} * 1024 )) ;;
	*M) mem=${mem% M} ;;
	*) mem=1024 ;;
	esac
	cpus=$(sed -n 's/.*-smp \([0-9]*\).*/\1/p' <<<"$qemu_args")
	if [ "$timeout" -gt 120 ]; then
		echo $(( timeout / 10 ))
	else
		echo $(( 2 + mem * 3 / 2048 + (${cpus:-1} - 2) * 2 ))
	fi
}

for a in m64 m32; do
	echo "exec build/host-$a/run" >"$tdir/host-$a.t"
done
for m in $machines; do
	e=$(machine_estimate "$m")
	for cfg in $configs; do
		opts=
		# Parity with Linux 6.1 (fixtures in tests/machines/linux/): x86_64 only.
		case $cfg in x86_64-*) opts+=" --parity" ;; esac
		# The end-of-boot reports agree with each other (buddyinfo, zoneinfo, pagetypeinfo, vmstat).
		case $m in 2node|4node-slit) opts+=" --dumps" ;; esac
		echo "exec scripts/machine-test.sh$opts $cfg $m" >"$tdir/boot-$cfg-$m.t"
		est[$tdir/boot-$cfg-$m.t]=$e
	done
done
for cfg in x86_64-vmemmap i386-discontig; do
	if [[ " $configs " == *" $cfg "* ]]; then
		echo "BOOT=iso BOOT_TEST_TAG=2node-iso exec scripts/boot-test.sh $cfg 2node" \
			>"$tdir/boot-$cfg-2node-iso.t"
	fi
done
if [[ " $configs " == *" x86_64-vmemmap "* ]]; then
	echo "BOOT=efi BOOT_TEST_TAG=2node-efi exec scripts/boot-test.sh x86_64-vmemmap 2node" \
		>"$tdir/boot-x86_64-vmemmap-2node-efi.t"
fi
if [ $has_fuzz = 1 ]; then
	cat >"$tdir/fuzz-smoke.t" <<'T'
echo 1..1
if make -s fuzz-smoke >build/logs/fuzz-smoke.log 2>&1; then echo "ok 1 fuzz smoke"
else echo "not ok 1 fuzz smoke"; tail -30 build/logs/fuzz-smoke.log | sed 's/^/# /'; exit 1; fi
T
fi

for t in tests/harness/*.t "$tdir"/*.t; do
	echo "${est[$t]:-3} $t"
done | sort -s -k1,1nr >"$tdir/order"
mapfile -t order < <(cut -d' ' -f2 "$tdir/order")

# REPEAT=N: the machine boots N times over (to measure flakiness), the
# other tests once, in the first run; any failed run fails.
repeat=${REPEAT:-1}
case $repeat in ''|*[!0-9]*|0) echo "make test: REPEAT must be a whole number >= 1, not '$repeat'" >&2; exit 2 ;; esac
boots=()
for t in "${order[@]}"; do
	case $t in "$tdir"/boot-*.t) boots+=("$t") ;; esac
done
status=0 failed_runs=()
for ((run = 1; run <= repeat; run++)); do
	tests=("${order[@]}")
	[ "$run" -gt 1 ] && tests=("${boots[@]}")
	if [ "$repeat" -gt 1 ]; then
		echo "== run $run of $repeat: ${#tests[@]} tests, $jobs at a time"
	else
		echo "== running ${#tests[@]} tests, $jobs at a time"
	fi
	rc=0
	prove -j"$jobs" --timer --exec bash "${tests[@]}" || rc=$?
	if [ "$repeat" -gt 1 ]; then
		[ $rc -eq 0 ] && echo "== run $run of $repeat: PASS" || echo "== run $run of $repeat: FAIL"
	fi
	if [ $rc -ne 0 ]; then
		status=$rc failed_runs+=("$run")
		# The next run overwrites the logs: keep the failed run's.
		[ "$repeat" -gt 1 ] && rm -rf "build/logs.run$run" && cp -a build/logs "build/logs.run$run" &&
			echo "== run $run's logs: build/logs.run$run"
	fi
done
[ "$repeat" -gt 1 ] &&
	echo "== $((repeat - ${#failed_runs[@]})) of $repeat runs passed${failed_runs:+; failed: ${failed_runs[*]}}"
if [ $status -eq 0 ]; then
	echo "== make test passed in $(elapsed)"
else
	echo "== make test FAILED in $(elapsed)"
fi
exit $status

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make replay TRACE=file [TOPO=|QEMU_ARGS=] [CMDLINE=] [LINUX_END=dir] [BOOT=]:
# convert a Linux kmem trace (tools/replay/convert.py; a .nbt file is used
# as it is; node ranges from TRACE_NODES=, else a nodes.txt beside the
# trace), boot it as a module with selftest=replay, and write the report
# (tools/replay/report.py) into build/replay/<trace>-<config>-<machine>/.
# Environment: as scripts/qemu-run.sh, plus TRACE, TRACE_NODES, LINUX_END,
# REPLAY_OUT (the report directory), TIMEOUT (default 3600 s).
# Exit status: 0 if the replay ran and its checks passed; 1 otherwise; 2 on bad usage.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-/usr/bin/python3}
[ -x "$PY" ] || PY=python3
: "${TRACE:?make replay needs TRACE=file (ftrace, trace-cmd report or perf script text, or a .nbt)}"
[ -f "$TRACE" ] || { echo "replay: no file $TRACE" >&2; exit 2; }
config=${BUILD#build/}
machine=${TOPO:-2node}
[ -n "${QEMU_ARGS:-}" ] && machine=custom
name=$(basename "$TRACE"); name=${name%.gz}; name=${name%.*}
[ "$name" = trace ] && name=$(basename "$(dirname "$TRACE")")
OUT=${REPLAY_OUT:-build/replay/$name-$config-$machine}
mkdir -p "$OUT"
rm -f "$OUT"/*.png "$OUT"/report.html "$OUT"/summary.txt

if [[ $TRACE == *.nbt ]]; then
	cp "$TRACE" "$OUT/trace.nbt"
	: >"$OUT/convert.txt"
else
	nodes=${TRACE_NODES:-}
	[ -z "$nodes" ] && [ -f "$(dirname "$TRACE")/nodes.txt" ] && nodes=$(dirname "$TRACE")/nodes.txt
	"$PY" tools/replay/convert.py "$TRACE" -o "$OUT/trace.nbt" ${nodes:+--nodes "$nodes"} \
		--summary "$OUT/convert.txt" || { echo "replay: the conversion failed" >&2; exit 1; }
fi

echo "== replay: booting $machine ($config${BOOT:+, BOOT=$BOOT}); console in $OUT/console.log"
t0=$(date +%s)
INITRD=$OUT/trace.nbt TIMEOUT=${TIMEOUT:-3600} CMDLINE="selftest=replay ${CMDLINE:-}" \
	scripts/qemu-run.sh >"$OUT/console.log" 2>"$OUT/qemu.log"
status=$?
echo "   $(($(date +%s) - t0)) s, exit status $status"
[ $status = 0 ] || { grep -E 'replay:|not ok|panic|Oops' "$OUT/console.log" | grep -v '^replay-' | tail -20 >&2; cat "$OUT/qemu.log" >&2; }
"$PY" tools/replay/report.py "$OUT/console.log" --out "$OUT" --convert-summary "$OUT/convert.txt" \
	--title "numabuddy replay of $(basename "$TRACE") on $machine ($config)" \
	${LINUX_END:+--linux-end "$LINUX_END"} || status=1
[ $status = 0 ] || { echo "replay: FAILED (see $OUT/console.log)" >&2; exit 1; }
exit 0

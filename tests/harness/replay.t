#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make replay (scripts/replay.sh, kernel/replay.c, tools/replay/):
#  - the recorded fixture (tests/replay/linux-2node, Debian's 6.1) replays on
#    x86_64-vmemmap: the suite passes, applied + skipped + failed == events,
#    the invariants held at every fixed point (at least 100), the report has
#    its files, and the Linux comparison;
#  - the same trace again gives the same figures (timeline.csv, the counts);
#  - a synthetic trace that frees all it allocates leaves the free lists
#    where they started (replay.node=pfn, replay.cpus=one);
#  - x86_64-sparse and i386-discontig replay the fixture;
#  - a damaged trace is refused with its reason, and make replay fails;
#  - headless Chromium loads report.html and every image has a size, and
#    the same check sees a broken image in a tampered copy.
# 6 boots under TCG (one refuses its trace at once), about 2 minutes on 2 cores.
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
echo "1..15"

fix=tests/replay/linux-2node
out=build/harness/replay
rm -rf "$out"
mkdir -p "$out"

# field FILE KEY: a "key: value" line of summary.txt.
field() { sed -n "s/^$2: //p" "$1" | head -1; }

replay() {	# replay NAME [make variables...]
	local name=$1
	shift
	make --no-print-directory replay REPLAY_OUT="$out/$name" "$@" >"$out/$name.log" 2>&1
}

replay a TRACE=$fix/trace.txt.gz LINUX_END=$fix/linux-end
report $? "fixture replays on x86_64-vmemmap (see $out/a.log)"
s=$out/a/summary.txt
ev=$(field "$s" events) ap=$(field "$s" applied) sk=$(field "$s" skipped_free_untracked) fa=$(field "$s" failed_alloc)
[ -n "$ev" ] && [ "$ev" -gt 10000 ] && [ $((ap + sk + fa)) -eq "$ev" ] && [ "$sk" -gt 0 ]
report $? "applied $ap + skipped $sk + failed $fa == events $ev (the fixture frees pfns allocated before tracing)"
fp=$(field "$s" fixed_points) inv=$(field "$s" invariant_failures)
[ "${fp:-0}" -ge 101 ] && [ "$inv" = 0 ] && grep -q 'lost=0 validator=0' "$s"
report $? "invariants held at all $fp fixed points; nothing lost at the end"
for f in summary.txt timeline.csv report.html pageblocks-node0.png pageblocks-node1.png \
	timeline-node0.png timeline-node1.png linux-vs-numabuddy.png; do
	[ -s "$out/a/$f" ] || { echo "# missing $out/a/$f"; false; } || break
done
report $? "the report has its files"
[ "$(wc -l <"$out/a/timeline.csv")" -eq $((fp * 3 + 1)) ]
report $? "timeline.csv: one row per fixed point and zone"

replay b TRACE=$fix/trace.txt.gz
report $? "fixture replays again"
# The figures: every "key: number" of the summary but the timing.
figures() { grep -E '^[a-z_]+: [0-9]+$' "$1" | grep -v '^insns_per_event\|^tsc_per_event'; }
cmp -s "$out/a/timeline.csv" "$out/b/timeline.csv" &&
	diff <(figures "$out/a/summary.txt") <(figures "$out/b/summary.txt") >/dev/null &&
	[ "$(figures "$out/a/summary.txt" | wc -l)" -ge 14 ]
report $? "the same trace twice gives the same figures"

python3 tools/replay/synth.py 6000 --balanced --seed 7 >"$out/balanced.txt"
replay c TRACE="$out/balanced.txt" TRACE_NODES=$fix/nodes.txt CMDLINE='replay.node=pfn replay.cpus=one'
report $? "a balanced synthetic trace replays (replay.node=pfn replay.cpus=one)"
grep -q '^replay: balanced trace: free lists equal the start' "$out/c/console.log" &&
	[ "$(field "$out/c/summary.txt" held_pages_end)" = 0 ] &&
	grep -q '^replay: cpus=1 node=pfn' "$out/c/console.log"
report $? "a trace that frees all it allocated leaves the free lists where they started"

replay d TRACE=$fix/trace.txt.gz MEMMODEL=sparse
report $? "fixture replays on x86_64-sparse"
replay e TRACE=$fix/trace.txt.gz ARCH=i386
report $? "fixture replays on i386-discontig"
[ "$(field "$out/e/summary.txt" events)" = "$ev" ] && [ "$(field "$out/e/summary.txt" invariant_failures)" = 0 ]
report $? "i386: every event, invariants held"

python3 tools/replay/convert.py $fix/trace.txt.gz -o "$out/bad.nbt" >/dev/null &&
	printf '\xff' | dd of="$out/bad.nbt" bs=1 seek=200 conv=notrunc 2>/dev/null
replay f TRACE="$out/bad.nbt"
[ $? -ne 0 ] && grep -q 'replay: the trace is unusable: record checksum mismatch' "$out/f/console.log"
report $? "a damaged trace is refused with its reason and make replay fails"

# Headless Chromium: load report.html in a frame, list its images.
images() {	# images REPORT.html -> lines "image NAME complete=... width=N height=N"
	timeout 120 chromium --headless --no-sandbox --disable-gpu --allow-file-access-from-files \
		--dump-dom "file://$PWD/tests/harness/chromium_images.html?report=file://$PWD/$1" 2>/dev/null |
		grep -E '^(image|images|error)'
}
if ! command -v chromium >/dev/null; then
	skip "Chromium loads every image of report.html" "no chromium (scripts/deps.sh installs it)"
	skip "Chromium sees a broken image" "no chromium"
else
	images "$out/a/report.html" >"$out/images.txt"
	nimg=$(grep -c '^image ' "$out/images.txt")
	ngood=$(grep -c '^image .* complete=true width=[1-9][0-9]* height=[1-9]' "$out/images.txt")
	[ "$nimg" -eq 5 ] && [ "$ngood" -eq 5 ] && grep -q '^images 5$' "$out/images.txt"
	report $? "Chromium loads all $nimg images of report.html with a size ($ngood good)"
	sed 's|data:image/png;base64,iVBOR|data:image/png;base64,XXXXX|' "$out/a/report.html" >"$out/tampered.html"
	images "$out/tampered.html" >"$out/images-tampered.txt"
	grep -q 'width=0' "$out/images-tampered.txt"
	report $? "Chromium's check sees the broken image of a tampered copy"
fi
exit $status

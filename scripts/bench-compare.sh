#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# bench-compare.sh OURS LINUX [LINUX...]
#
# The side-by-side table of `make bench-linux`: numabuddy's `bench:` lines
# (OURS) next to the Linux module's (LINUX; further LINUX files are more
# boots of the same kernel, which under -icount must agree). Each file holds
# lines `bench: test=NAME ops=N insns_per_op=N|na [key=value...]`; anything
# else in it is ignored. One row per test name, numabuddy's order first,
# then the names only Linux has:
#
#   test                     numabuddy        linux   ratio  note
#   order0_pair                    319          710    0.45
#
# ratio = numabuddy / linux, with two decimals; a side without a figure
# (the test is absent there, skipped, failed, or its figure is `na`) shows
# `-`, and the note says why. Exit status: 0, or 2 on bad usage.
set -u
if [ $# -lt 2 ]; then
	echo "usage: $0 OURS LINUX [LINUX...]" >&2
	exit 2
fi
for f in "$@"; do
	[ -r "$f" ] || { echo "bench-compare: cannot read $f" >&2; exit 2; }
done

# Each line tagged with its file's number (awk alone cannot see an empty file).
i=0
for f in "$@"; do
	i=$((i + 1))
	sed -n "s/^bench: test=/$i &/p" "$f"
done | awk '
function parse(line, f,    i, n, w, k) {
	delete f
	n = split(line, w, " ")
	for (i = 2; i <= n; i++) {
		k = index(w[i], "=")
		if (k > 1)
			f[substr(w[i], 1, k - 1)] = substr(w[i], k + 1)
	}
}
# The figure of a test on one side, or "" (and why not, in whynot[]).
function figure(side, t) {
	if (!((side, t) in line)) { whynot[side, t] = "absent"; return "" }
	parse(line[side, t], f)
	if ("skipped" in f) { whynot[side, t] = "skipped (" f["skipped"] ")"; return "" }
	if ("error" in f) { whynot[side, t] = "ERROR (" f["error"] ")"; return "" }
	if (f["insns_per_op"] !~ /^[0-9]+$/) { whynot[side, t] = "no instruction count"; return "" }
	return f["insns_per_op"]
}
# The breakdown a test prints besides its figure (label in elabel), or "".
function extras(side, t,    s) {
	elabel = ""
	if (!((side, t) in line)) return ""
	parse(line[side, t], f)
	if ("alloc_per_page" in f) { elabel = "alloc+free"; s = f["alloc_per_page"] "+" f["free_per_page"] }
	if ("per_page" in f) { elabel = "per page"; s = f["per_page"] }
	return s
}
{
	file = $1
	sub(/^[0-9]+ /, "")
	parse($0, f)
	t = f["test"]
	side = file == 1 ? "nb" : "lx"
	if (file > 2) {		# a further Linux boot: only compared with the first
		if ((("lx", t) in line) && line["lx", t] != $0)
			differs[t] = differs[t] ", " f["insns_per_op"]
		next
	}
	if (!((side, t) in line)) {
		line[side, t] = $0
		if (!(t in seen)) { seen[t] = 1; order[++n] = t }
	}
}
END {
	printf "%-24s %12s %12s %7s  %s\n", "test", "numabuddy", "linux", "ratio", "note"
	for (i = 1; i <= n; i++) {
		t = order[i]
		a = figure("nb", t); b = figure("lx", t)
		ratio = (a != "" && b != "" && b + 0 > 0) ? sprintf("%.2f", a / b) : "-"
		note = ""
		if (a == "") note = "numabuddy: " whynot["nb", t]
		if (b == "") note = note (note ? "; " : "") "linux: " whynot["lx", t]
		ea = extras("nb", t); la = elabel; eb = extras("lx", t); lb = elabel
		if (a != "" && b != "" && ea != "" && la == lb)
			note = note (note ? "; " : "") la " " ea " vs " eb
		else {
			if (a != "" && ea != "") note = note (note ? "; " : "") "numabuddy " la " " ea
			if (b != "" && eb != "") note = note (note ? "; " : "") "linux " lb " " eb
		}
		if (t in differs) {
			parse(line["lx", t], f)
			note = note (note ? "; " : "") "linux boots differ: " f["insns_per_op"] differs[t]
		}
		printf "%-24s %12s %12s %7s  %s\n", t, a == "" ? "-" : a, b == "" ? "-" : b, ratio, note
	}
}' | sed 's/ *$//'

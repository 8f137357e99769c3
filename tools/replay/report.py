#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""report.py CONSOLE --out DIR [--linux-end DIR] [--convert-summary FILE]

Reads the console of a `selftest=replay` boot (kernel/replay.c describes
its replay-fp/replay-pb lines) and writes into DIR:
  summary.txt    the replay's figures, the trace's conversion, the verdict
  timeline.csv   one row per fixed point, node and zone
  pageblocks-nodeN.png   the pageblock map of node N before and after
  timeline-nodeN.png     free memory per order and the unusable index over the replay
  linux-vs-numabuddy.png free pages per order at the end, Linux against numabuddy
                         (with --linux-end: a directory with Linux's buddyinfo)
  report.html    all of it on one self-contained page (images as data: URIs)
Exit status 1 if the console has no replay summary line.
"""
import argparse
import base64
import collections
import csv
import html
import os
import re
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

PAGEBLOCK_PAGES = 512
FP_RE = re.compile(r"^replay-fp: ev=(\d+) node=(\d+) zone=(\S+) free=([\d,]+) mt=(\S+) pcp=(\d+) "
                   r"held=(-?\d+) unusable9=(\d+) mixed=(\d+) blocks=(\d+)\s*$")
PB_RE = re.compile(r"^replay-pb: ev=(\d+) node=(\d+) zone=(\S+) start=(0x[0-9a-f]+) map=(\S*)\s*$")
SUMMARY_RE = re.compile(r"^replay: (events=\d+ .*)$")
MT_COLOURS = {"U": "#d62728", "M": "#2ca02c", "R": "#1f77b4", "H": "#ff7f0e", "I": "#7f7f7f"}
MT_NAMES = {"U": "Unmovable", "M": "Movable", "R": "Reclaimable", "H": "HighAtomic", "I": "Isolate"}


def parse_console(path):
    fps, pbs, dumps = [], [], {}
    summary = None
    header = []
    in_end, cur = False, None
    with open(path, encoding="latin-1") as f:
        for line in f:
            line = line.rstrip("\n")
            m = FP_RE.match(line)
            if m:
                ev, node, zone, free, mt, pcp, held, unus, mixed, blocks = m.groups()
                fps.append(dict(ev=int(ev), node=int(node), zone=zone,
                                free=[int(x) for x in free.split(",")],
                                mt={k: int(v) for k, v in (p.split(":") for p in mt.split(";"))},
                                pcp=int(pcp), held=int(held), unusable9=int(unus),
                                mixed=int(mixed), blocks=int(blocks)))
                continue
            m = PB_RE.match(line)
            if m:
                pbs.append(dict(ev=int(m.group(1)), node=int(m.group(2)), zone=m.group(3),
                                start=int(m.group(4), 16), map=m.group(5)))
                continue
            m = SUMMARY_RE.match(line)
            if m:
                summary = m.group(1)
                continue
            if re.match(r"^(\[[ \d.]+\] )?replay: (trace|cpus=|balanced|after freeing)", line):
                header.append(re.sub(r"^\[[ \d.]+\] ", "", line))
            if line == "replay: end state":
                in_end = True
                continue
            m = re.match(r"^----- BEGIN (\S+) -----$", line)
            if m and in_end:
                cur = m.group(1)
                dumps[cur] = []
                continue
            if re.match(r"^----- END (\S+) -----$", line):
                cur = None
                continue
            if cur:
                dumps[cur].append(line)
    return fps, pbs, dumps, summary, header


def parse_buddyinfo(lines):
    """'Node 0, zone DMA32 1 2 ...' -> {node: [pages per order]} (summed over zones)."""
    out = collections.defaultdict(lambda: [0] * 11)
    for line in lines:
        m = re.match(r"^Node (\d+), zone\s+(\S+)\s+([\d\s]+)$", line.strip())
        if not m:
            continue
        counts = [int(x) for x in m.group(3).split()]
        for o, c in enumerate(counts[:11]):
            out[int(m.group(1))][o] += c << o
    return dict(out)


def shade(colour, used):
    """The migratetype's colour, light when free, full strength when used."""
    r, g, b = to_rgb(colour)
    k = 0.2 + 0.8 * used
    return (1 - k * (1 - r), 1 - k * (1 - g), 1 - k * (1 - b))


def pageblock_image(lines, width):
    """replay-pb lines of one node at one fixed point -> (rgb rows, mixed cells, zone marks, first pb)."""
    first = min(l["start"] for l in lines) // PAGEBLOCK_PAGES
    last = max(l["start"] // PAGEBLOCK_PAGES + len(l["map"]) // 2 for l in lines)
    n = last - first
    rows = (n + width - 1) // width
    hole = (0.15, 0.15, 0.15)
    img = [[(1.0, 1.0, 1.0)] * width for _ in range(rows)]
    for i in range(n):
        img[i // width][i % width] = hole
    mixed, marks = [], []
    for l in sorted(lines, key=lambda l: l["start"]):
        pb0 = l["start"] // PAGEBLOCK_PAGES - first
        marks.append((pb0, l["zone"]))
        for k in range(len(l["map"]) // 2):
            t, u = l["map"][2 * k], l["map"][2 * k + 1]
            i = pb0 + k
            if t == "-":
                continue
            used = 1.0 if u == "A" else int(u) / 10 + 0.05
            img[i // width][i % width] = shade(MT_COLOURS.get(t.upper(), "#000000"), used)
            if t.islower():
                mixed.append(i)
    return img, mixed, marks, first


def plot_pageblocks(pbs, node, path):
    evs = sorted({l["ev"] for l in pbs if l["node"] == node})
    if not evs:
        return False
    width = 64
    fig, axes = plt.subplots(1, 2, figsize=(13, 5.5), squeeze=False)
    for ax, ev, title in ((axes[0][0], evs[0], "before"), (axes[0][1], evs[-1], "after")):
        lines = [l for l in pbs if l["node"] == node and l["ev"] == ev]
        img, mixed, marks, first = pageblock_image(lines, width)
        ax.imshow(img, aspect="auto", interpolation="nearest")
        for i in mixed:
            ax.plot(i % width, i // width, marker="x", color="black", markersize=3, linewidth=0)
        for pb0, zone in marks:
            y, x = divmod(pb0, width)
            ax.plot([x - 0.5, x - 0.5], [y - 0.5, y + 0.5], color="blue", linewidth=2)
            ax.annotate(zone, (x, y), color="blue", fontsize=8, xytext=(2, -2),
                        textcoords="offset points", va="top")
        ax.set_title("node %d %s (event %d)" % (node, title, ev))
        ax.set_xlabel("pageblock (of %d) in the row" % width)
        ax.set_ylabel("row: pfn 0x%x + row x %d MiB" % (first * PAGEBLOCK_PAGES, width * 2))
    handles = [Patch(color=c, label=MT_NAMES[k]) for k, c in MT_COLOURS.items()]
    handles += [Patch(color=(0.15, 0.15, 0.15), label="hole / other zone"),
                Patch(color="white", label="light: free, dark: in use; x: mixed")]
    fig.legend(handles=handles, loc="lower center", ncol=7, fontsize=8)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    fig.savefig(path, dpi=80)
    plt.close(fig)
    return True


def plot_timeline(fps, node, path):
    rows = [r for r in fps if r["node"] == node]
    if not rows:
        return False
    evs = sorted({r["ev"] for r in rows})
    per_order = [[sum(r["free"][o] << o for r in rows if r["ev"] == e) for e in evs] for o in range(11)]
    total = [sum(per_order[o][i] for o in range(11)) for i in range(len(evs))]
    suitable = [sum(per_order[o][i] for o in range(9, 11)) for i in range(len(evs))]
    unus = [(t - s) * 1000 // t if t else 1000 for t, s in zip(total, suitable)]
    held = [sum(r["held"] for r in rows if r["ev"] == e) for e in evs]
    mixed = [sum(r["mixed"] for r in rows if r["ev"] == e) for e in evs]
    fig, (a1, a2, a3) = plt.subplots(3, 1, figsize=(10, 9), sharex=True,
                                     gridspec_kw={"height_ratios": [3, 2, 1]})
    for o in range(11):
        a1.plot(evs, per_order[o], label="order %d" % o, color=plt.get_cmap("nipy_spectral")(o / 11))
    a1.set_yscale("symlog")
    a1.set_ylabel("free pages in blocks of the order")
    a1.set_title("node %d: free memory per order over the replay" % node)
    a1.legend(fontsize=7, ncol=6, loc="lower left", framealpha=0.6)
    a2.plot(evs, unus, color="black", label="unusable index, order 9 (thousandths)")
    a2.set_ylabel("unusable index x1000")
    a2b = a2.twinx()
    a2b.plot(evs, held, color="purple", linestyle="--", label="pages held by the replay")
    a2b.set_ylabel("held pages")
    a3.plot(evs, mixed, color="brown")
    a3.set_ylabel("mixed pageblocks")
    a3.set_xlabel("event")
    a2.legend(loc="upper left", fontsize=8)
    a2b.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
    return True


def plot_linux(ours, linux, path):
    nodes = sorted(set(ours) | set(linux))
    fig, axes = plt.subplots(1, len(nodes), figsize=(6 * len(nodes), 4.5), squeeze=False)
    for ax, node in zip(axes[0], nodes):
        x = list(range(11))
        ax.bar([i - 0.2 for i in x], linux.get(node, [0] * 11), width=0.4, label="Linux")
        ax.bar([i + 0.2 for i in x], ours.get(node, [0] * 11), width=0.4, label="numabuddy")
        ax.set_xticks(x)
        ax.set_xlabel("order")
        ax.set_ylabel("free pages")
        ax.set_yscale("symlog")
        ax.set_title("node %d: free pages per order at the end" % node)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("console")
    ap.add_argument("--out", required=True)
    ap.add_argument("--linux-end")
    ap.add_argument("--convert-summary")
    ap.add_argument("--title", default="numabuddy trace replay")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    fps, pbs, dumps, summary, header = parse_console(a.console)
    if not summary:
        print("report: %s has no 'replay: events=...' line: the replay did not finish" % a.console,
              file=sys.stderr)
        return 1
    verdict = "unknown"
    with open(a.console, encoding="latin-1") as f:
        text = f.read()
    if re.search(r"^ok \d+ replay", text, re.M):
        verdict = "ok"
    elif re.search(r"^not ok \d+ replay", text, re.M):
        verdict = "FAILED"

    lines = ["verdict: %s" % verdict] + header
    lines += ["%s: %s" % tuple(kv.split("=", 1)) for kv in summary.split()]
    if a.convert_summary and os.path.exists(a.convert_summary):
        lines += [l.rstrip("\n") for l in open(a.convert_summary)]
    with open(os.path.join(a.out, "summary.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(a.out, "timeline.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["event", "node", "zone"] + ["free_order%d" % o for o in range(11)] +
                   ["free_pages", "free_U", "free_M", "free_R", "pcp", "held", "unusable9_x1000",
                    "mixed_pageblocks", "pageblocks"])
        for r in fps:
            w.writerow([r["ev"], r["node"], r["zone"]] + r["free"] +
                       [sum(c << o for o, c in enumerate(r["free"])), r["mt"].get("U", 0),
                        r["mt"].get("M", 0), r["mt"].get("R", 0), r["pcp"], r["held"],
                        r["unusable9"], r["mixed"], r["blocks"]])

    images = []
    for node in sorted({r["node"] for r in fps}):
        p = "pageblocks-node%d.png" % node
        if plot_pageblocks(pbs, node, os.path.join(a.out, p)):
            images.append((p, "Pageblocks of node %d before and after the replay" % node))
        p = "timeline-node%d.png" % node
        if plot_timeline(fps, node, os.path.join(a.out, p)):
            images.append((p, "Node %d over the replay" % node))
    if a.linux_end:
        bi = os.path.join(a.linux_end, "buddyinfo")
        if not os.path.exists(bi):
            print("report: %s: no buddyinfo" % a.linux_end, file=sys.stderr)
            return 1
        linux = parse_buddyinfo(open(bi).read().splitlines())
        ours = parse_buddyinfo(dumps.get("buddyinfo", []))
        plot_linux(ours, linux, os.path.join(a.out, "linux-vs-numabuddy.png"))
        images.append(("linux-vs-numabuddy.png", "Free pages per order at the end: Linux and numabuddy"))

    body = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>%s</title>" % html.escape(a.title),
            "<style>body{font-family:sans-serif;margin:2em}pre{background:#f4f4f4;padding:1em}"
            "img{max-width:100%;border:1px solid #ccc}</style></head><body>",
            "<h1>%s</h1>" % html.escape(a.title),
            "<h2>Summary</h2><pre>%s</pre>" % html.escape("\n".join(lines))]
    for name, caption in images:
        with open(os.path.join(a.out, name), "rb") as f:
            data = base64.b64encode(f.read()).decode()
        body.append("<h2>%s</h2><img alt='%s' src='data:image/png;base64,%s'>"
                    % (html.escape(caption), html.escape(name), data))
    for name in ("buddyinfo", "pagetypeinfo", "unusable_index"):
        ours = "\n".join(dumps.get(name, []))
        theirs = None
        if a.linux_end and os.path.exists(os.path.join(a.linux_end, name)):
            theirs = open(os.path.join(a.linux_end, name), encoding="latin-1").read()
        if not ours and theirs is None:
            continue
        body.append("<h2>%s at the end</h2>" % name)
        if theirs is None:
            body.append("<pre>%s</pre>" % html.escape(ours))
        else:
            body.append("<table><tr><th>numabuddy</th><th>Linux (traced run)</th></tr><tr>"
                        "<td style='vertical-align:top'><pre>%s</pre></td>"
                        "<td style='vertical-align:top'><pre>%s</pre></td></tr></table>"
                        % (html.escape(ours), html.escape(theirs)))
    body.append("</body></html>")
    with open(os.path.join(a.out, "report.html"), "w") as f:
        f.write("\n".join(body))
    print("\n".join(lines))
    print("report: %s/report.html (%d pictures)" % (a.out, len(images)))
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())

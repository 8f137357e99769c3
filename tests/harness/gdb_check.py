# SPDX-License-Identifier: GPL-2.0-only
#
# Checks for tests/harness/gdb.t: compare what the gdb helpers printed at a
# breakpoint (gdb's output, each report framed by "@@BEGIN name" and
# "@@END name" echo lines) with what the kernel printed on its console in
# the same run. Exit 0 when it holds; otherwise say why on stderr.
#
#   gdb_check.py report GDB_OUT SERIAL_LOG GDB_NAME DUMP_NAME
#       the helper's text equals the kernel's dump=DUMP_NAME, byte for byte
#   gdb_check.py prefix GDB_OUT SERIAL_LOG GDB_NAME DUMP_NAME
#       the helper's text starts with the kernel's dump=DUMP_NAME
#   gdb_check.py distances GDB_OUT SERIAL_LOG
#       nb-numa's distance table equals dump=numa's
#   gdb_check.py dmesg GDB_OUT SERIAL_LOG
#       every console line before the first dump is in nb-dmesg, in order
import re
import sys

PROMPT = re.compile(r"^(\(gdb\) )+")


def framed(path, begin, end, missing, clean=lambda line: line):
    """The lines of @path between a line @begin and the next line @end (all
    such blocks, in order), each passed through @clean first; exit with
    @missing if there is no line @begin."""
    lines, inside, found = [], False, False
    with open(path, errors="replace") as f:
        for raw in f:
            line = clean(raw.rstrip("\n"))
            if line == begin:
                inside, found = True, True
                continue
            if line == end:
                inside = False
                continue
            if inside:
                lines.append(line)
    if not found:
        sys.exit(missing)
    return lines


def gdb_block(path, name):
    return framed(path, "@@BEGIN " + name, "@@END " + name,
                  "no @@BEGIN %s block in %s" % (name, path), lambda line: PROMPT.sub("", line))


def dump_block(path, name):
    return framed(path, "----- BEGIN %s -----" % name, "----- END %s -----" % name,
                  "no dump=%s in %s" % (name, path))


def same(got, want, what):
    if not want:
        sys.exit("%s: the kernel's report is empty" % what)
    if got != want:
        import difflib
        sys.stderr.write("%s differs (--- kernel, +++ gdb helper):\n" % what)
        sys.stderr.writelines(l + "\n" for l in difflib.unified_diff(want, got, lineterm=""))
        sys.exit(1)


def distances(lines):
    try:
        i = lines.index("node distances:")
    except ValueError:
        sys.exit("no 'node distances:' table")
    return lines[i:]


def main():
    cmd = sys.argv[1]
    if cmd == "report":
        out, log, gname, dname = sys.argv[2:6]
        same(gdb_block(out, gname), dump_block(log, dname), gname)
    elif cmd == "prefix":
        out, log, gname, dname = sys.argv[2:6]
        want = dump_block(log, dname)
        same(gdb_block(out, gname)[:len(want)], want, gname)
    elif cmd == "distances":
        out, log = sys.argv[2:4]
        same(distances(gdb_block(out, "nb-numa")), distances(dump_block(log, "numa")),
             "nb-numa distances")
    elif cmd == "dmesg":
        out, log = sys.argv[2:4]
        got = gdb_block(out, "nb-dmesg")
        console = []
        with open(log, errors="replace") as f:
            for raw in f:
                line = raw.rstrip("\n")
                if line.startswith("----- BEGIN "):
                    break
                console.append(line)
        if len(console) < 10:
            sys.exit("only %d console lines before the dumps" % len(console))
        j = 0
        for line in console:
            while j < len(got) and got[j] != line:
                j += 1
            if j == len(got):
                sys.exit("console line not in nb-dmesg (or out of order): %r" % line)
            j += 1
    else:
        sys.exit("unknown check " + cmd)


main()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Record a kmem page-allocation trace from Debian's Linux under QEMU.

Boots Debian's own kernel (the package linux-image-amd64 depends on,
fetched with `apt-get download` and unpacked, never installed) with a
busybox initramfs whose /init:
  1. mounts tracefs and enables kmem:mm_page_alloc, kmem:mm_page_free and
     kmem:mm_page_free_batched (or, with --boot, they are enabled from the
     command line with trace_event=, which also catches the boot);
  2. runs a small, fixed busybox workload (files in tmpfs, sort, find);
  3. prints the trace (gzip | base64: text crosses the emulated UART at
     about 0.35 MB/s), the early node ranges and Linux's end state
     (buddyinfo, pagetypeinfo, zoneinfo) between marker lines;
  4. powers off.

Writes, in OUT (default build/replay-linux/trace):
  trace.txt.gz     the ftrace text (/sys/kernel/tracing/trace), as Linux printed it
  nodes.txt        the traced machine's node ranges ("node N: [mem 0x...-0x...]")
  linux-end/       buddyinfo, pagetypeinfo, zoneinfo at the end of the run
  console.log      Linux's console
The machine is numabuddy's default (tests/machines/2node.machine) unless
--qemu-args says otherwise.
"""
import argparse
import base64
import gzip
import os
import re
import shlex
import shutil
import struct
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EVENTS = ("mm_page_alloc", "mm_page_free", "mm_page_free_batched")

WORKLOAD = r"""
# The workload: deterministic busybox commands: page cache in tmpfs, some of
# it freed again (holes), sorting, a directory walk, compression.
for r in 1 2 3; do
  for i in 1 2 3 4 5 6 7 8; do dd if=/dev/zero of=/tmp/f$r$i bs=64k count=64 2>/dev/null; done
  rm /tmp/f${r}2 /tmp/f${r}4 /tmp/f${r}6 /tmp/f${r}8
  seq 1 40000 > /tmp/seq; sort -r /tmp/seq > /tmp/sorted$r; md5sum /tmp/sorted$r > /dev/null
  find / -xdev > /tmp/files 2>/dev/null
  tar cf /tmp/t.tar /bin /init 2>/dev/null; gzip -1 /tmp/t.tar; rm -f /tmp/t.tar.gz /tmp/seq
done
rm -f /tmp/f*1 /tmp/f*3
echo 1 > /proc/sys/vm/drop_caches
"""


def die(msg):
    sys.stderr.write("record_linux: %s\n" % msg)
    sys.exit(1)


def machine_args(name):
    path = os.path.join(ROOT, "tests", "machines", name + ".machine")
    text = open(path).read().replace("\\\n", " ")
    m = re.search(r'^qemu_args="([^"]*)"', text, re.M)
    if not m:
        die("%s has no qemu_args" % path)
    return m.group(1).split()


def fetch_linux(cache):
    """Debian's kernel image and busybox-static, unpacked into cache."""
    dep = subprocess.run(["apt-cache", "depends", "linux-image-amd64"],
                         capture_output=True, text=True).stdout
    m = re.search(r"Depends: (linux-image-[0-9]\S*)", dep)
    if not m:
        subprocess.run(["apt-get", "update", "-q"], stdout=subprocess.DEVNULL)
        dep = subprocess.run(["apt-cache", "depends", "linux-image-amd64"],
                             capture_output=True, text=True).stdout
        m = re.search(r"Depends: (linux-image-[0-9]\S*)", dep)
    if not m:
        die("apt cannot resolve linux-image-amd64")
    img = m.group(1)
    krel = img[len("linux-image-"):]
    kdir = os.path.join(cache, krel)
    vmlinuz = os.path.join(kdir, "root", "boot", "vmlinuz-" + krel)
    busybox = os.path.join(kdir, "root", "bin", "busybox")
    if os.path.exists(vmlinuz) and os.path.exists(busybox):
        return krel, vmlinuz, busybox
    debs = os.path.join(kdir, "debs")
    os.makedirs(debs, exist_ok=True)
    cmd = ["apt-get", "-q", "download", img, "busybox-static"]
    if os.getuid() == 0:
        cmd[1:1] = ["-o", "APT::Sandbox::User=root"]
    print("== record_linux: downloading %s and busybox-static" % img, flush=True)
    if subprocess.run(cmd, cwd=debs, stdout=subprocess.DEVNULL).returncode != 0:
        die("apt-get download failed")
    root = os.path.join(kdir, "root")
    os.makedirs(root, exist_ok=True)
    for deb in os.listdir(debs):
        p = os.path.join(debs, deb)
        if deb.startswith(img + "_"):
            tar = subprocess.run(["dpkg-deb", "--fsys-tarfile", p], capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", root, "./boot/vmlinuz-" + krel], input=tar, check=True)
        elif deb.startswith("busybox-static_"):
            subprocess.run(["dpkg-deb", "-x", p, root], check=True)
    if not (os.path.exists(vmlinuz) and os.path.exists(busybox)):
        die("the unpacked packages lack vmlinuz or busybox")
    return krel, vmlinuz, busybox


def newc(entries):
    """A newc cpio archive: (name, mode, data, rdev major, minor), fixed owners and times."""
    out = bytearray()
    for ino, (name, mode, data, rmaj, rmin) in enumerate(entries + [("TRAILER!!!", 0, b"", 0, 0)], 1):
        nb = name.encode() + b"\0"
        out += b"070701" + b"".join(b"%08X" % v for v in
                                    (ino, mode, 0, 0, 1, 0, len(data), 0, 0, rmaj, rmin, len(nb), 0))
        out += nb
        out += b"\0" * ((4 - len(out) % 4) % 4)
        out += data
        out += b"\0" * ((4 - len(out) % 4) % 4)
    return bytes(out)


def init_script(boot, buffer_kb):
    enable = "" if boot else "".join(
        "echo 1 > $T/events/kmem/%s/enable\n" % e for e in EVENTS)
    dumps = "".join("echo '=====REPLAY-BEGIN %s====='; cat /proc/%s; echo '=====REPLAY-END %s====='\n"
                    % (f, f, f) for f in ("buddyinfo", "pagetypeinfo", "zoneinfo"))
    return ("#!/bin/busybox sh\n"
            "/bin/busybox --install -s /bin\n"
            "mount -t proc proc /proc\nmount -t sysfs sysfs /sys\n"
            "mount -t tmpfs tmpfs /tmp\n"
            "mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null\n"
            "T=/sys/kernel/tracing\n"
            "echo %d > $T/buffer_size_kb\n" % buffer_kb +
            enable +
            "echo 1 > $T/tracing_on\n"
            "echo 'record: workload start'\n" + WORKLOAD +
            "echo 0 > $T/tracing_on\n"
            "echo 'record: workload done'\n"
            "echo '=====REPLAY-BEGIN nodes====='; dmesg | grep -E ' node +[0-9]+: \\[mem '; "
            "echo '=====REPLAY-END nodes====='\n" + dumps +
            "echo \"=====REPLAY-BEGIN overrun=====\"; grep -h overrun $T/per_cpu/cpu*/stats; "
            "echo '=====REPLAY-END overrun====='\n"
            "echo '=====REPLAY-BEGIN format====='; cat $T/events/kmem/mm_page_alloc/format; "
            "echo '=====REPLAY-END format====='\n"
            "echo '=====REPLAY-BEGIN trace====='\n"
            "cat $T/trace | gzip -6 | base64\n"
            "echo '=====REPLAY-END trace====='\n"
            "poweroff -f\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "replay-linux", "trace"))
    ap.add_argument("--cache", default=os.path.join(ROOT, "build", "replay-linux"))
    ap.add_argument("--machine", default="2node", help="catalogue machine (tests/machines/)")
    ap.add_argument("--qemu-args", help="QEMU machine options instead of --machine's")
    ap.add_argument("--boot", action="store_true",
                    help="trace from boot on (trace_event= on the command line)")
    ap.add_argument("--buffer-kb", type=int, default=16384, help="per-CPU trace buffer")
    ap.add_argument("--timeout", type=int, default=900)
    a = ap.parse_args()

    krel, vmlinuz, busybox = fetch_linux(a.cache)
    qargs = shlex.split(a.qemu_args) if a.qemu_args else machine_args(a.machine)
    os.makedirs(a.out, exist_ok=True)
    initrd = os.path.join(a.out, "initramfs.cpio")
    with open(busybox, "rb") as f:
        bb = f.read()
    with open(initrd, "wb") as f:
        f.write(newc([("bin", 0o40755, b"", 0, 0), ("dev", 0o40755, b"", 0, 0),
                      ("proc", 0o40755, b"", 0, 0), ("sys", 0o40755, b"", 0, 0),
                      ("tmp", 0o40755, b"", 0, 0),
                      ("dev/console", 0o20600, b"", 5, 1),
                      ("init", 0o100755, init_script(a.boot, a.buffer_kb).encode(), 0, 0),
                      ("bin/busybox", 0o100755, bb, 0, 0)]))
    append = "console=ttyS0,115200 nokaslr init_on_alloc=0 panic=-1 trace_clock=counter"
    if a.boot:
        append += " trace_buf_size=%dK trace_event=%s" % (
            a.buffer_kb, ",".join("kmem:" + e for e in EVENTS))
    cmd = ["qemu-system-x86_64", "-accel", "tcg", "-cpu", "max", *qargs,
           "-rtc", "base=2024-01-01T00:00:00,clock=vm", "-seed", "1",
           "-display", "none", "-serial", "stdio", "-monitor", "none", "-no-reboot",
           "-kernel", vmlinuz, "-initrd", initrd, "-append", append]
    with open(os.path.join(a.out, "qemu-cmd.txt"), "w") as f:
        f.write(" ".join(shlex.quote(c) for c in cmd) + "\n")
    print("== record_linux: booting Linux %s (%s)" % (krel, " ".join(qargs)), flush=True)
    t0 = time.time()
    timed_out = False
    try:
        out = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                             timeout=a.timeout).stdout
    except subprocess.TimeoutExpired as e:
        out, timed_out = e.stdout or b"", True
    log = out.decode("latin-1").replace("\r", "")
    with open(os.path.join(a.out, "console.log"), "w") as f:
        f.write(log)
    if timed_out:
        die("Linux did not power off within %d s (console: %s/console.log)" % (a.timeout, a.out))
    sections = dict(re.findall(r"^=====REPLAY-BEGIN (\w+)=====\n(.*?)^=====REPLAY-END \1=====$",
                               log, re.M | re.S))
    for need in ("trace", "nodes", "buddyinfo", "pagetypeinfo"):
        if need not in sections:
            die("no %s section in Linux's console (see %s/console.log)" % (need, a.out))
    try:
        text = gzip.decompress(base64.b64decode("".join(sections["trace"].split())))
    except (ValueError, OSError) as e:
        die("the trace section does not decode: %s" % e)
    with gzip.GzipFile(os.path.join(a.out, "trace.txt.gz"), "wb", mtime=0, compresslevel=9) as f:
        f.write(text)
    with open(os.path.join(a.out, "nodes.txt"), "w") as f:
        for m in re.finditer(r"node +(\d+): \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\]", sections["nodes"]):
            f.write("node %s: [mem %s-%s]\n" % m.groups())
    end = os.path.join(a.out, "linux-end")
    os.makedirs(end, exist_ok=True)
    with open(os.path.join(a.out, "mm_page_alloc.format"), "w") as f:
        f.write(sections.get("format", ""))
    for name in ("buddyinfo", "pagetypeinfo", "zoneinfo"):
        with open(os.path.join(end, name), "w") as f:
            f.write(sections.get(name, ""))
    overrun = sum(int(x) for x in re.findall(r"overrun: (\d+)", sections.get("overrun", "")))
    nev = sum(1 for line in text.decode("latin-1").splitlines() if "mm_page_" in line)
    print("== record_linux: %d events, %d bytes of text (%d gzipped), %d lost to overruns, %.0f s"
          % (nev, len(text), os.path.getsize(os.path.join(a.out, "trace.txt.gz")), overrun,
             time.time() - t0))
    if overrun:
        print("record_linux: WARNING: the trace buffer overran; raise --buffer-kb", file=sys.stderr)
    os.remove(initrd)
    return 0


if __name__ == "__main__":
    sys.exit(main())

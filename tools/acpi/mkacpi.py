#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write the body of an ACPI SRAT or SLIT (everything after the 36-byte
header, which QEMU's -acpitable sig=...,data=FILE builds, checksum
included) for the catalogue's bad-firmware machines. Layouts follow the
ACPI specification (5.2.16 SRAT: Processor Local APIC Affinity, type 0, 16
bytes; Memory Affinity, type 1, 40 bytes; 5.2.17 SLIT).

usage:
  mkacpi.py OUT srat [--cpu PXM:APICID]... [--mem PXM:START:SIZE]...
                     [--interleave START:END:STEP:PXM,PXM...]
  mkacpi.py OUT slit --matrix D,D;D,D

Numbers take K, M, G, T suffixes and '+' (16M+12K). --interleave writes
memory entries of STEP bytes from START, cycling through the PXMs; the last
one ends at END. OUT's directory is created; OUT's absolute path is printed
(for a machine file: data=$(mkacpi.py ...)).
"""
import os
import struct
import sys

SUFFIX = {'K': 1 << 10, 'M': 1 << 20, 'G': 1 << 30, 'T': 1 << 40}


def num(text):
    total = 0
    for part in text.split('+'):
        mult = SUFFIX.get(part[-1:].upper(), 1)
        total += int(part[:-1] if mult > 1 else part, 0) * mult
    return total


def cpu_affinity(pxm, apicid):
    return struct.pack('<BBBBIB3sI', 0, 16, pxm & 0xff, apicid, 1, 0,
                       (pxm >> 8).to_bytes(3, 'little'), 0)


def mem_affinity(pxm, start, size):
    return struct.pack('<BBIHQQIIQ', 1, 40, pxm, 0, start, size, 0, 1, 0)


def srat(args):
    body = struct.pack('<IQ', 1, 0)	# reserved (1 for compatibility), reserved
    i = 0
    while i < len(args):
        opt, val = args[i], args[i + 1] if i + 1 < len(args) else ''
        i += 2
        f = val.split(':')
        if opt == '--cpu' and len(f) == 2:
            body += cpu_affinity(num(f[0]), num(f[1]))
        elif opt == '--mem' and len(f) == 3:
            body += mem_affinity(num(f[0]), num(f[1]), num(f[2]))
        elif opt == '--interleave' and len(f) == 4:
            start, end, step = num(f[0]), num(f[1]), num(f[2])
            pxms = [num(p) for p in f[3].split(',')]
            k = 0
            while start < end:
                size = min(step, end - start)
                body += mem_affinity(pxms[k % len(pxms)], start, size)
                start += size
                k += 1
        else:
            raise SystemExit('mkacpi: srat: bad option %r %r' % (opt, val))
    return body


def slit(args):
    if len(args) != 2 or args[0] != '--matrix':
        raise SystemExit('mkacpi: slit: --matrix D,D;D,D expected')
    rows = [[int(d) for d in r.split(',')] for r in args[1].split(';')]
    body = struct.pack('<Q', len(rows))
    for r in rows:
        body += bytes(r)
    return body


def main(argv):
    if len(argv) < 3 or argv[2] not in ('srat', 'slit'):
        sys.stderr.write(__doc__)
        return 2
    out = os.path.abspath(argv[1])
    body = srat(argv[3:]) if argv[2] == 'srat' else slit(argv[3:])
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, 'wb') as f:
        f.write(body)
    print(out)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

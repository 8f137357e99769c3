#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Print what numactl --hardware shows of a Linux boot, from the sysfs files
../shared/linux-reference records (node_state.txt, node_cpulist.txt,
node_distance.txt), without the size and free lines (Linux's MemTotal is
its managed memory, numabuddy's size the node's memblock RAM: they differ
by design). scripts/parity-extract.sh numa cuts numabuddy's dump=numa to
the same lines.

usage: linux_numactl.py OUTDIR
"""
import os
import sys


def parse_list(text):
    """'0-2,5' -> [0, 1, 2, 5] (a sysfs cpulist or nodelist)."""
    out = []
    for part in text.strip().split(','):
        if not part:
            continue
        lo, _, hi = part.partition('-')
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


def node_list(nodes):
    """[0, 1, 2, 5] -> '0-2,5', as numactl prints a node list."""
    runs, out = [], []
    for n in nodes:
        if runs and runs[-1][1] == n - 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    for lo, hi in runs:
        out.append(str(lo) if lo == hi else '%d-%d' % (lo, hi))
    return ','.join(out)


def read_lines(outdir, name):
    with open(os.path.join(outdir, name)) as f:
        return [line.rstrip('\n') for line in f if line.strip()]


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    outdir = argv[1]
    online = []
    for line in read_lines(outdir, 'node_state.txt'):
        key, _, val = line.partition(': ')
        if key == 'online':
            online = parse_list(val)
    if not online:
        sys.stderr.write('linux_numactl: no online nodes in %s/node_state.txt\n' % outdir)
        return 1
    cpus, dist = {}, {}
    for line in read_lines(outdir, 'node_cpulist.txt'):
        node, _, rest = line.partition(' cpus=')
        cpus[int(node[len('node'):])] = parse_list(rest)
    for line in read_lines(outdir, 'node_distance.txt'):
        words = line.split()
        dist[int(words[0][len('node'):])] = [int(w) for w in words[1:]]
    print('available: %d nodes (%s)' % (len(online), node_list(online)))
    for n in online:
        print('node %d cpus:%s' % (n, ''.join(' %d' % c for c in cpus.get(n, []))))
    print('node distances:')
    # numactl's printf("% 3d "): the space flag, so 100 prints as ' 100'.
    print('node ' + ''.join('% 3d ' % n for n in online))
    for n in online:
        # sysfs lists a node's distance to every online node, in node order.
        print('% 3d: ' % n + ''.join('% 3d ' % d for d in dist[n]))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

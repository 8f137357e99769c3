# SPDX-License-Identifier: GPL-2.0-only
#
# The checks that read a saved boot log: each is a function from text to a
# list of Check results (no booting, no files written), so that the unit
# tests can feed them canned good and bad logs.
#
#   parity()        the boot's log lines, zoneinfo and numactl/HMAT/memory-tier
#                   reports equal Linux 6.1's on the same QEMU machine
#                   (tests/machines/linux/NAME.{dmesg,zoneinfo,numa,hmat,memory_tiers})
#   dumps()         the end-of-boot reports agree with each other
#   compare_boots() the memory after a multiboot (SeaBIOS) boot and after a UEFI
#                   (OVMF) boot differ only by the ranges each firmware keeps
#   bench_line()    one `bench: test=NAME ...` line is well formed

import difflib
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

SUCCESS_LINE = re.compile(r'\] numabuddy: all selected self-tests passed$', re.M)
TIMESTAMP = re.compile(r'^\[ *[0-9]*\.[0-9]*\] ')


@dataclass
class Check:
	ok: bool
	what: str
	diag: str = ''
	skip: str = ''		# a reason: the test is skipped (ok)


def section(log: str, name: str) -> List[str]:
	"""The lines between ----- BEGIN name ----- and ----- END name ----- (all such sections)."""
	out, inside = [], False
	for l in log.splitlines():
		if l == f'----- BEGIN {name} -----':
			inside = True
		elif l == f'----- END {name} -----':
			inside = False
		elif inside:
			out.append(l)
	return out


# ---- parity with Linux --------------------------------------------------------

_ZONE_LINE = re.compile(r'^  (DMA|DMA32|Normal|HighMem|Movable|Device) ')
_MOVABLE_NODE = re.compile(r'^  Node [0-9]+: ')
_EARLY_NODE = re.compile(r'^  node +[0-9]+: \[mem ')
_PARITY_LINES = [re.compile(p) for p in (
	r'^BIOS-e820: ', r'^e820: (update|remove) ', r'^last_pfn = ',
	r'^(ACPI: )?SRAT: ', r'^NUMA: ', r'^No NUMA configuration found$', r'^Faking a node at ',
	r'^NUMA turned off$', r'^Faking node [0-9]+ at ',
	r'^Initializing node [0-9]+ as memoryless$', r'^Initmem setup node ',
	r'^On node [0-9]+, zone [A-Za-z0-9]+: [0-9]+ pages in unavailable ranges$',
	r'^ACPI: Using ACPI \(MADT\) for SMP configuration information$',
	r'^smpboot: Allowing [0-9]+ CPUs, [0-9]+ hotplug CPUs$', r'^acpi/hmat: ')]
_BLOCKS = {'Zone ranges:': 'zones', 'Movable zone start for each node': 'movable',
	   'Early memory node ranges': 'early'}


def extract_dmesg(text: str) -> List[str]:
	"""The log lines that must be the same for Linux and numabuddy on one
	machine, without their timestamps: the e820 map, SRAT, NUMA set-up, the zone/movable/early-node-range blocks, Initmem, unavailable
	ranges, the MADT summary and the HMAT's lines. Not NODE_DATA (where an allocation lands
	legitimately differs). Lines without a timestamp are ignored.
	Not the ACPI table lines ("ACPI: SRAT 0x...", "ACPI: Reserving ... table
	memory"): the shell version meant to keep them, but its awk (mawk) does not
	know {4}, so the fixtures were recorded without them; keeping them needs
	every fixture recorded again."""
	out, blk = [], ''
	for raw in text.splitlines():
		m = TIMESTAMP.match(raw)
		if not m:
			continue
		l = raw[m.end():]
		if _ZONE_LINE.match(l):
			if blk == 'zones':
				out.append(l)
			continue
		if _MOVABLE_NODE.match(l):
			if blk == 'movable':
				out.append(l)
			continue
		if _EARLY_NODE.match(l):
			if blk == 'early':
				out.append(l)
			continue
		blk = _BLOCKS.get(l, '')
		if blk or any(p.match(l) for p in _PARITY_LINES):
			out.append(l)
	return out


_ZI_KEEP = [re.compile(p) for p in (r'^Node [0-9]+, zone +[A-Za-z0-9]+$',
				     r'^ +(spanned|present) +[0-9]+$', r'^ +start_pfn: +[0-9]+$')]


def extract_zoneinfo(text: str) -> List[str]:
	"""Each zone's header with its spanned, present and start_pfn lines
	(managed legitimately differs)."""
	return [l for l in text.splitlines() if any(p.match(l) for p in _ZI_KEEP)]


def fixture_lines(text: str) -> List[str]:
	return [l for l in text.splitlines() if not l.startswith('#')]


def boot_part(log: str) -> str:
	"""The log up to the first top-level "KTAP version 1" (the self-tests'
	start, printed with selftest=none too): a self-test may log parity lines."""
	out = []
	for l in log.splitlines():
		if l == 'KTAP version 1':
			break
		out.append(l)
	return '\n'.join(out)


# The boot parameters of a boot whose log parity() reads (make test's x86_64
# boots, and the HMAT's reports on every architecture).
PARITY_PARAMS = ['ignore_loglevel', 'dump=zoneinfo,numa,hmat,memory_tiers', 'memory_tiers=linux61']
_HMAT_FILE = re.compile(r'^/sys/devices/system/node/node[0-9]+/[^:]*:')
_TIER_FILE = re.compile(r'^/sys/devices/virtual/memory_tiering/[^:]*:')
_NUMA_SIZES = re.compile(r'^node [0-9]+ (size|free): ')


def extract_report(name: str, log: str) -> List[str]:
	"""Our side of a report fixture: dump=NAME cut to what Linux's side holds.
	numa: numactl --hardware without the size and free lines (Linux's is made
	from its sysfs files by tools/parity/linux_numactl.py; its MemTotal is the
	managed memory, ours the node's RAM); hmat and memory_tiers: the sysfs
	path:value lines."""
	lines = section(log, name)
	if name == 'numa':
		return [l for l in lines if not _NUMA_SIZES.match(l)]
	pattern = _HMAT_FILE if name == 'hmat' else _TIER_FILE
	return [l for l in lines if pattern.match(l)]


# The reports compared where the machine's fixture exists (a machine without
# an HMAT has no .hmat; fixtures recorded before dump=numa parity have no .numa).
PARITY_REPORTS = (
	('numa', 'numactl nodes, CPUs and distances', 'no {fix} (recorded before dump=numa parity)'),
	('hmat', 'HMAT sysfs files (dump=hmat)', 'no HMAT on this machine (no {fix})'),
	('memory_tiers', "memory tiers, Linux 6.1's rule (dump=memory_tiers)", 'no HMAT on this machine (no {fix})'),
)


def parity_scope(config: str, fixtures: Dict[str, Optional[str]]) -> Optional[str]:
	"""'all' on x86_64 (the fixtures come from an x86_64 Linux); 'hmat' on
	other configurations of machines with an HMAT fixture (its lines and
	reports do not depend on the architecture); None: nothing to compare."""
	if config.startswith('x86_64-'):
		return 'all'
	return 'hmat' if fixtures.get('hmat') is not None else None


def parity(machine: str, config: str, log: str, fixtures: Dict[str, Optional[str]],
	   log_name: str = 'the log') -> List[Check]:
	"""Five tests: the log lines, each zone's spanned/present/start_pfn, and
	the numactl, HMAT and memory-tier reports equal Linux's; a difference is
	shown as a unified diff (- Linux, + ours). @fixtures: the text of
	tests/machines/linux/MACHINE.{dmesg,zoneinfo,numa,hmat,memory_tiers}, None
	where there is none. Outside x86_64 only the HMAT's lines and reports are
	compared (the zones skip)."""
	n = 2 + len(PARITY_REPORTS)
	if fixtures.get('dmesg') is None or fixtures.get('zoneinfo') is None:
		why = (f'no Linux fixture for {machine}: record it with '
		       f'tools/testing/nbtest/nbtest.py record-linux-fixtures {machine}')
		return [Check(False, f'{machine}: Linux fixture', why)] + \
		       [Check(False, f'{machine}: Linux fixture') for _ in range(n - 1)]
	scope = parity_scope(config, fixtures)
	if scope is None:
		return [Check(True, f'{machine} {config}: parity', skip='parity with Linux is checked on x86_64 only')
			for _ in range(n)]
	hmat_only = (lambda ls: [l for l in ls if l.startswith('acpi/hmat: ')]) if scope == 'hmat' else (lambda ls: ls)
	tests = [('log lines' + (" (the HMAT's)" if scope == 'hmat' else ''),
		  hmat_only(fixture_lines(fixtures['dmesg'])), hmat_only(extract_dmesg(boot_part(log))), None)]
	if scope == 'hmat':
		tests.append(('zoneinfo', None, None, 'the zone layout is compared on x86_64 only'))
	else:
		tests.append(('zoneinfo spanned/present', fixture_lines(fixtures['zoneinfo']),
			      extract_zoneinfo('\n'.join(section(log, 'zoneinfo'))), None))
	for name, what, missing in PARITY_REPORTS:
		if fixtures.get(name) is None or (scope == 'hmat' and name == 'numa'):
			tests.append((what, None, None, missing.format(fix=f'{machine}.{name}')))
		else:
			tests.append((what, fixture_lines(fixtures[name]), extract_report(name, log), None))
	out = []
	for what, linux, ours, skip in tests:
		if skip:
			out.append(Check(True, f'{machine} {config}: {what}', skip=skip))
		elif not ours:
			out.append(Check(False, f'{machine} {config}: {what}: nothing found in {log_name}'))
		elif ours == linux:
			out.append(Check(True, f"{machine} {config}: {what} equal Linux's ({len(ours)} lines)"))
		else:
			diff = difflib.unified_diff(linux, ours, 'Linux 6.1', f'numabuddy {config}', lineterm='')
			out.append(Check(False, f"{machine} {config}: {what} differ from Linux's", '\n'.join(diff)))
	return out


# ---- the end-of-boot reports agree --------------------------------------------

def _key(words: List[str]) -> Tuple[str, str]:
	return (words[1].rstrip(','), words[3].rstrip(','))


def dumps(config: str, machine: str, log: str, log_name: str = 'the log',
	  booted: Optional[bool] = None) -> List[Check]:
	"""Five tests on a boot with dump=buddyinfo,zoneinfo,pagetypeinfo,vmstat:
	the boot passed; per zone, buddyinfo's blocks add up to zoneinfo's "pages
	free" and pagetypeinfo's rows (all migratetypes) sum to buddyinfo's; vmstat's
	nr_free_pages is the zones' sum; every populated zone has Linux's pagesets
	block, one entry per online CPU, count below high, batch at least 1, a vm
	stats threshold of 1 to 125."""
	out = []
	if booted is None:
		booted = bool(SUCCESS_LINE.search(log))
	out.append(Check(booted, f'{config} {machine} boots, self-tests pass' + ('' if booted else f' (see {log_name})')))

	buddy = []
	for l in section(log, 'buddyinfo'):
		w = l.split()
		if len(w) < 5:
			continue
		buddy.append((_key(w), sum(int(c) << i for i, c in enumerate(w[4:]))))
	zinfo: List[Tuple[Tuple[str, str], int]] = []
	key = None
	zlines = section(log, 'zoneinfo')
	for l in zlines:
		w = l.split()
		if l.startswith('Node') and len(w) >= 4:
			key = _key(w)
		elif l.startswith('  pages free') and key is not None:
			zinfo.append((key, int(w[2])))
	# Every migratetype's row of a zone, summed (in the zones' order).
	ptype_sum: Dict[Tuple[str, str], int] = {}
	for l in section(log, 'pagetypeinfo'):
		if re.search(r', type +[A-Za-z]+ ', l):
			w = l.split()
			ptype_sum[_key(w)] = ptype_sum.get(_key(w), 0) + sum(int(c) << i for i, c in enumerate(w[6:]))
	ptype = list(ptype_sum.items())
	vmfree = None
	for l in section(log, 'vmstat'):
		w = l.split()
		if w and w[0] == 'nr_free_pages':
			vmfree = w[1]

	zmap = dict(zinfo)
	diffs = [f'node {k[0]} zone {k[1]}: buddyinfo {p}, zoneinfo {zmap.get(k, "none")}'
		 for k, p in buddy if zmap.get(k) != p]
	out.append(Check(bool(buddy) and not diffs, "buddyinfo sums equal zoneinfo's pages free", '\n'.join(diffs)))
	out.append(Check(bool(ptype) and ptype == buddy, "pagetypeinfo's free counts (all types) equal buddyinfo"))
	total = sum(p for _, p in zinfo)
	if vmfree is not None and vmfree == str(total):
		out.append(Check(True, f"vmstat nr_free_pages ({vmfree}) is the zones' sum"))
	else:
		out.append(Check(False, f"vmstat nr_free_pages ({vmfree or 'none'}) is the zones' sum ({total})"))

	cpus = None
	for m in re.finditer(r'smp: Brought up [0-9]* nodes?, ([0-9]*) CPUs?', log):
		cpus = int(m.group(1))
	bad_zones = []
	zone = None

	def done(z):
		if z and z['populated'] and (z['entries'] != (cpus or 0) or z['why']):
			bad_zones.append(f"node {z['n']} zone {z['z']}: {z['entries']} pageset entries for {cpus or 0} CPUs"
					 + (', ' + z['why'] if z['why'] else ''))
	count = 0
	for l in zlines:
		w = l.split()
		if l.startswith('Node') and len(w) >= 4:
			done(zone)
			zone = {'n': w[1].rstrip(','), 'z': w[3].rstrip(','), 'populated': False, 'entries': 0, 'why': ''}
		elif zone is None:
			continue
		elif l.startswith('      nr_free_pages'):
			zone['populated'] = True
		elif l.startswith('    cpu:'):
			zone['entries'] += 1
		elif l.startswith('              count:'):
			count = int(w[1])
		elif l.startswith('              high:'):
			if count >= int(w[1]):
				zone['why'] = f'count {count} not below high {w[1]}'
		elif l.startswith('              batch:'):
			if int(w[1]) < 1:
				zone['why'] = f'batch {w[1]}'
		elif l.startswith('  vm stats threshold:'):
			if not 1 <= int(w[3]) <= 125:
				zone['why'] = f'threshold {w[3]}'
	done(zone)
	if cpus is not None and not bad_zones and '  pagesets' in zlines:
		out.append(Check(True, f'zoneinfo: every populated zone has a pageset per CPU ({cpus}), count below high'))
	else:
		out.append(Check(False, 'zoneinfo: every populated zone has a pageset per CPU ('
				 + (str(cpus) if cpus is not None else 'no smp line') + ')', '\n'.join(bad_zones)))
	return out


# ---- a multiboot boot against a UEFI boot --------------------------------------
# Ranges are sorted, disjoint [start, end) lists of page frame numbers.

Ranges = List[Tuple[int, int]]


def norm(ranges) -> Ranges:
	out: Ranges = []
	for s, e in sorted(r for r in ranges if r[1] > r[0]):
		if out and s <= out[-1][1]:
			out[-1] = (out[-1][0], max(out[-1][1], e))
		else:
			out.append((s, e))
	return out


def intersect(a: Ranges, b: Ranges) -> Ranges:
	return norm((max(x[0], y[0]), min(x[1], y[1])) for x in a for y in b)


def subtract(a: Ranges, b: Ranges) -> Ranges:
	out = []
	for x in a:
		pieces = [x]
		for y in b:
			nxt = []
			for p in pieces:
				if y[1] <= p[0] or y[0] >= p[1]:
					nxt.append(p)
					continue
				if y[0] > p[0]:
					nxt.append((p[0], y[0]))
				if y[1] < p[1]:
					nxt.append((y[1], p[1]))
			pieces = nxt
		out.extend(pieces)
	return norm(out)


def count(r: Ranges) -> int:
	return sum(e - s for s, e in r)


def fmt_ranges(r: Ranges) -> str:
	return ', '.join(f'[mem {s << 12:#x}-{(e << 12) - 1:#x}]' for s, e in r)


@dataclass
class BootMemory:
	e820: List[Tuple[int, int, str]]		# byte ranges [start, end) and type
	nodes: Dict[int, Ranges]
	zones: Dict[str, Dict[str, int]]		# "nid Zone" -> spanned, present


def parse_boot_memory(log: str) -> BootMemory:
	b = BootMemory([], {}, {})
	in_zi, zkey = False, None
	for l in log.replace('\r', '').splitlines():
		m = re.search(r'BIOS-e820: \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\] (.+?)\s*$', l)
		if m:
			b.e820.append((int(m.group(1), 16), int(m.group(2), 16) + 1, m.group(3)))
			continue
		m = re.match(r'^\[[ \d.]+\]\s+node\s+(\d+): \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\]', l)
		if m:
			b.nodes.setdefault(int(m.group(1)), []).append(
				(int(m.group(2), 16) >> 12, (int(m.group(3), 16) + 1) >> 12))
			continue
		if l.startswith('----- BEGIN zoneinfo -----'):
			in_zi = True
		elif l.startswith('----- END zoneinfo -----'):
			in_zi = False
		elif in_zi:
			m = re.match(r'^Node (\d+), zone\s+(\S+)', l)
			if m:
				zkey = f'{m.group(1)} {m.group(2)}'
				b.zones[zkey] = {}
				continue
			m = re.match(r'^\s+(spanned|present)\s+(\d+)', l)
			if m and zkey is not None:
				b.zones[zkey][m.group(1)] = int(m.group(2))
	b.nodes = {k: norm(v) for k, v in b.nodes.items()}
	return b


def firmware_kept(b: BootMemory) -> Ranges:
	"""Pages a firmware keeps for itself: any page a non-usable e820 entry touches."""
	return norm((s >> 12, (e + 4095) >> 12) for s, e, t in b.e820 if t != 'usable')


def _explain(b: BootMemory, pieces: Ranges) -> List[str]:
	why = []
	for p in pieces:
		for s, e, t in b.e820:
			if t == 'usable':
				continue
			i = intersect([p], [(s >> 12, (e + 4095) >> 12)])
			if i:
				why.append(f'{fmt_ranges(i)} {t}')
	return why


X86_64_ZONES = [('DMA', 0, 0x1000), ('DMA32', 0x1000, 0x100000), ('Normal', 0x100000, 1 << 52)]


def zone_numbers(ranges: Ranges, lo: int, hi: int) -> Tuple[int, int]:
	"""Linux's zone_spanned_pages_in_node(), and present = spanned - absent."""
	if not ranges:
		return 0, 0
	s, e = max(ranges[0][0], lo), min(ranges[-1][1], hi)
	if s >= e:
		return 0, 0
	return e - s, count(intersect(ranges, [(s, e)]))


def compare_boots(bios_log: str, efi_log: str) -> Tuple[List[Check], List[str]]:
	"""The memory the x86_64 kernel reports (dump=zoneinfo) after a SeaBIOS
	multiboot boot and after an OVMF UEFI boot of one machine must be equal
	apart from the ranges each firmware keeps: a page RAM in one boot and not
	in the other must lie in a range the *other* firmware's map reports as its
	own (e820 reserved, ACPI data, ACPI NVS; after a UEFI boot these come from
	the UEFI memory map, where loader and boot-services memory become RAM, as
	Linux's EFI stub converts it). Returns the checks and a table (comments)."""
	bios, efi = parse_boot_memory(bios_log), parse_boot_memory(efi_log)
	checks: List[Check] = []
	table: List[str] = []
	for name, b in (('BIOS', bios), ('EFI', efi)):
		ok = bool(b.e820 and b.nodes and b.zones)
		checks.append(Check(ok, f'{name} boot: the log has the e820 map, node ranges and zoneinfo'))
		if not ok:
			return checks, table
	ids = sorted(bios.nodes)
	checks.append(Check(ids == sorted(efi.nodes), 'both boots have nodes ' + ','.join(map(str, ids))))
	shared = []
	for a in ids:
		for c in ids:
			if a != c:
				x = intersect(bios.nodes[a], efi.nodes.get(c, []))
				if x:
					shared.append(f'BIOS node {a} and EFI node {c} share {fmt_ranges(x)}')
	checks.append(Check(not shared, 'every page both boots have is on the same node in both', '\n'.join(shared)))
	bios_all = norm(r for n in ids for r in bios.nodes[n])
	efi_all = norm(r for n in ids for r in efi.nodes.get(n, []))
	only_bios = subtract(bios_all, efi_all)		# OVMF keeps these
	only_efi = subtract(efi_all, bios_all)		# SeaBIOS keeps these
	ovmf_kept, seabios_kept = firmware_kept(efi), firmware_kept(bios)
	unb, une = subtract(only_bios, ovmf_kept), subtract(only_efi, seabios_kept)
	checks.append(Check(not unb, f'the {count(only_bios)} pages only the BIOS boot has are all kept by OVMF',
			    f'  not explained: {fmt_ranges(unb)}' if unb else ''))
	checks.append(Check(not une, f'the {count(only_efi)} pages only the EFI boot has are all kept by SeaBIOS',
			    f'  not explained: {fmt_ranges(une)}' if une else ''))
	table += ['', 'node zone   |  BIOS spanned  present |  EFI spanned  present | present: -OVMF keeps +SeaBIOS keeps']
	explanations = []
	for nid in ids:
		for zname, lo, hi in X86_64_ZONES:
			key = f'{nid} {zname}'
			bs, bp = zone_numbers(bios.nodes[nid], lo, hi)
			es, ep = zone_numbers(efi.nodes.get(nid, []), lo, hi)
			bz, ez = bios.zones.get(key, {}), efi.zones.get(key, {})
			if not (bz.get('spanned', 0) or ez.get('spanned', 0) or bs or es):
				continue
			zr = [(lo, hi)]
			lost = intersect(intersect(only_bios, zr), bios.nodes[nid])
			gained = intersect(intersect(only_efi, zr), efi.nodes.get(nid, []))
			row = (f'{nid:<4d} {zname:<6s} | {bz.get("spanned", -1):13d} {bz.get("present", -1):8d} | '
			       f'{ez.get("spanned", -1):12d} {ez.get("present", -1):8d} | -{count(lost)} +{count(gained)}')
			table.append(row)
			checks.append(Check(bz.get('spanned', -1) == bs and bz.get('present', -1) == bp,
					    f'BIOS node {nid} {zname}: zoneinfo spanned/present ({bz.get("spanned", "")}/{bz.get("present", "")}) match its node ranges ({bs}/{bp})'))
			checks.append(Check(ez.get('spanned', -1) == es and ez.get('present', -1) == ep,
					    f'EFI node {nid} {zname}: zoneinfo spanned/present ({ez.get("spanned", "")}/{ez.get("present", "")}) match its node ranges ({es}/{ep})'))
			checks.append(Check(ez.get('present', -1) == bz.get('present', -1) - count(lost) + count(gained),
					    f'node {nid} {zname}: EFI present = BIOS present - pages OVMF keeps + pages SeaBIOS keeps'))
			# Spanned differs only where the node's first or last page is a firmware range.
			unexpl: Ranges = []
			if bs and es:
				b0, b1 = max(bios.nodes[nid][0][0], lo), min(bios.nodes[nid][-1][1], hi)
				e0, e1 = max(efi.nodes[nid][0][0], lo), min(efi.nodes[nid][-1][1], hi)
				edge = norm([(min(b0, e0), max(b0, e0)), (min(b1, e1), max(b1, e1))])
				unexpl = subtract(edge, norm(ovmf_kept + seabios_kept))
			checks.append(Check(not unexpl, f"node {nid} {zname}: spanned differs ({bs} vs {es}) only by firmware ranges at the node's edges",
					    f'  spanned differs outside firmware ranges: {fmt_ranges(unexpl)}' if unexpl else ''))
			if lost:
				explanations.append(f'node {nid} {zname}: OVMF keeps ' + '; '.join(_explain(efi, lost)))
			if gained:
				explanations.append(f'node {nid} {zname}: SeaBIOS keeps ' + '; '.join(_explain(bios, gained)))
	table += [''] + explanations
	return checks, table


# ---- benchmarks -------------------------------------------------------------

BENCH_LINE = re.compile(r'^bench: test=(?P<test>[a-z0-9_]+) ops=(?P<ops>[0-9]+) insns_per_op=(?P<ins>[0-9]+|na)(?P<rest>( [a-z_]+=[^ ]+)*)$')


def bench_fields(line: str) -> Dict[str, str]:
	"""key=value pairs of a `bench:` line (the first word, "bench:", dropped)."""
	f = {}
	for w in line.split()[1:]:
		k, sep, v = w.partition('=')
		if sep and k:
			f[k] = v
	return f


def bench_lines(log: str) -> List[str]:
	return [l for l in log.splitlines() if l.startswith('bench: test=')]


def bench_line(name: str, log: str) -> Check:
	"""The benchmark printed exactly one line that parses,
	`bench: test=NAME ops=N insns_per_op=N|na [key=value...]`, with a figure
	(ops > 0 and a number) unless it says why it skipped."""
	lines = [l for l in bench_lines(log) if l.startswith(f'bench: test={name} ')]
	line = lines[0] if lines else ''
	ok = False
	if len(lines) == 1 and BENCH_LINE.match(line):
		ok = ' skipped=' in line or bool(re.search(r' ops=[1-9][0-9]* insns_per_op=[0-9]+( |$)', line))
	return Check(ok, f'one parsable line for {name}' + (f' ({line})' if line else ''))

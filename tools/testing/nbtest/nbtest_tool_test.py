#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# The runner's own unit tests: the catalogue parser, the KTAP parser and the
# counted plans, and every check against canned good and bad logs
# (test_data/: a 2node boot with dump=buddyinfo,zoneinfo,pagetypeinfo,vmstat
# and ignore_loglevel, and a multiboot and a UEFI boot of 2node with
# dump=zoneinfo). make test runs them (--tap: TAP for prove); alone:
#   python3 tools/testing/nbtest/nbtest_tool_test.py [-v]

import io
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, HERE)

import nbtest		# noqa: E402
import nbtest_bench as bench		# noqa: E402
import nbtest_catalogue as catalogue	# noqa: E402
import nbtest_checks as checks		# noqa: E402
import nbtest_ktap as ktap		# noqa: E402
import nbtest_qemu as qemu		# noqa: E402

DATA = os.path.join(HERE, 'test_data')


def data(name):
	with open(os.path.join(DATA, name), encoding='utf-8') as f:
		return f.read()


def fixture(name):
	with open(os.path.join(TOP, 'tests/machines/linux', name), encoding='utf-8') as f:
		return f.read()


GOOD = data('2node-parity-dumps.log')


class CatalogueTest(unittest.TestCase):
	def test_forms(self):
		text = ('# SPDX-License-Identifier: GPL-2.0-only\n# a comment\n'
			'description="two \\"quoted\\" words"\n'
			'qemu_args="-m 1G \\\n -smp 2 -acpitable data=$(realpath "${BASH_SOURCE[0]%/*}")/t.dat"\n'
			"cmdline='memmap=64K$0x20010000'\n"
			'expect=""\ntimeout=300   # seconds\nconfigs="i386-discontig x86_64-sparse"\nfuture_key=x\n')
		m = catalogue.parse_machine(text, '/tmp/cat/x.machine')
		d = os.path.realpath('/tmp/cat') if os.path.isdir('/tmp/cat') else '/tmp/cat'
		self.assertEqual(m.name, 'x')
		self.assertEqual(m.description, 'two "quoted" words')
		self.assertEqual(m.qemu_words(), ['-m', '1G', '-smp', '2', '-acpitable', f'data={d}/t.dat'])
		self.assertEqual(m.cmdline, 'memmap=64K$0x20010000')
		self.assertEqual(m.expect, '')
		self.assertEqual(m.timeout, 300)
		self.assertTrue(m.runs_on('i386-discontig'))
		self.assertFalse(m.runs_on('x86_64-vmemmap'))
		self.assertEqual(m.extra, {'future_key': 'x'})
		self.assertEqual(m.memory_mib(), 1024)
		self.assertEqual(m.cpus(), 2)

	def test_defaults(self):
		m = catalogue.parse_machine('qemu_args="-m 256M"\n', 'y.machine')
		self.assertEqual((m.configs, m.timeout, m.cmdline), ('all', catalogue.DEFAULT_TIMEOUT, ''))
		self.assertTrue(m.runs_on('i386-sparse'))
		self.assertEqual(m.memory_mib(), 256)

	def test_errors(self):
		for bad, why in (('qemu_args="-m 1G\n', 'unterminated'),
				 ('cmdline="$(rm -rf /)"\n', 'only'),
				 ('cmdline="`ls`"\n', 'command substitution'),
				 ('timeout=soon\n', 'not a number'),
				 ('echo hello\n', 'expected key'),
				 ('cmdline="a" b\n', 'unexpected text'),
				 ("cmdline='a\n", 'unterminated')):
			with self.assertRaises(catalogue.CatalogueError, msg=bad) as cm:
				catalogue.parse_machine(bad, 'bad.machine')
			self.assertIn(why, str(cm.exception))
			self.assertIn('bad.machine', str(cm.exception))

	def test_the_catalogue(self):
		cat = catalogue.load_catalogue(TOP)
		self.assertIn('2node', cat)
		self.assertIn('bench', cat)
		self.assertFalse(cat['bench'].runs_on('x86_64-vmemmap'))	# booted by make bench only
		for name, m in cat.items():
			self.assertTrue(m.qemu_args, name)
			for w in m.qemu_words():
				self.assertNotIn('$', w, name)


class KtapTest(unittest.TestCase):
	def test_good_log(self):
		tree = ktap.parse(GOOD.splitlines())
		self.assertEqual(tree.plan, len(tree.results))
		self.assertGreater(len(tree.results), 10)
		self.assertEqual(tree.problems(), [])
		self.assertTrue(all(r.ok for r in tree.results))
		self.assertTrue(tree.results[0].skipped)
		self.assertEqual(tree.results[0].name, 'debug_pagealloc')
		self.assertEqual(tree.children[0].name, 'debug_pagealloc')
		self.assertEqual(tree.children[0].plan, 1)

	def test_cut_short(self):
		lines = GOOD.splitlines()
		cut = lines[:[i for i, l in enumerate(lines) if l.startswith('ok 5 ')][0] + 1]
		problems = ktap.parse(cut).problems()
		self.assertTrue(any(p.startswith('the top level: plan 1..') and p.endswith(', 5 results') for p in problems))

	def test_nested_plan(self):
		text = 'KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: s\n    1..3\n    ok 1 a\n    ok 2 b\nok 1 s\n'
		self.assertEqual(ktap.parse(text.splitlines()).problems(), ['s: plan 1..3, 2 results'])
		text = 'KTAP version 1\n1..2\nok 1 a\nok 3 b\n'
		self.assertEqual(ktap.parse(text.splitlines()).problems(), ['the top level: result 2 is numbered 3'])

	def test_filter_counts_the_plan(self):
		out = io.StringIO()
		tap = ktap.Tap(out)
		f = ktap.KtapFilter(tap)
		# Fed in pieces that split lines, as QEMU's output arrives.
		text = ('[    0.1] boot line\nKTAP version 1\n1..2\n    KTAP version 1\n    1..1\n    ok 1 x\nok 1 s\n'
			'----- BEGIN vmstat -----\nnr_free_pages 5\n----- END vmstat -----\nnot ok 2 t\n')
		for i in range(0, len(text), 7):
			f.feed(text[i:i + 7])
		f.close()
		self.assertEqual(f.kernel_plan, 2)
		tap.report(True, 'a check')
		tap.skip('another', 'why')
		tap.plan()
		lines = out.getvalue().splitlines()
		self.assertNotIn('[    0.1] boot line', lines)
		self.assertNotIn('nr_free_pages 5', lines)
		self.assertNotIn('1..2', lines)
		self.assertEqual(lines[-4:], ['not ok 2 t', 'ok 3 - a check', 'ok 4 - another # SKIP why', '1..4'])
		self.assertTrue(tap.failed)

	def test_tap_first(self):
		out = io.StringIO()
		tap = ktap.Tap(out, first=7)
		tap.report(False, 'x', 'line 1\nline 2')
		tap.plan()
		self.assertEqual(out.getvalue(), 'not ok 7 - x\n# line 1\n# line 2\n1..7\n')


def fixtures(dmesg, zoneinfo, **reports):
	return dict({'dmesg': dmesg, 'zoneinfo': zoneinfo, 'numa': None, 'hmat': None, 'memory_tiers': None},
		    **reports)


class ParityTest(unittest.TestCase):
	def test_good(self):
		r = checks.parity('2node', 'x86_64-vmemmap', GOOD, fixtures(fixture('2node.dmesg'), fixture('2node.zoneinfo')))
		self.assertEqual([c.ok for c in r], [True] * 5, r)
		# No numa, HMAT or tier fixture: those three skip, saying why.
		self.assertEqual([bool(c.skip) for c in r], [False, False, True, True, True])
		self.assertIn('no HMAT on this machine', r[3].skip)

	def test_tampered(self):
		dm = fixture('2node.dmesg').replace('Initmem setup node 1 [mem 0x0000000040000000',
						    'Initmem setup node 1 [mem 0x0000000040001000')
		zi = fixture('2node.zoneinfo').replace('present  3998', 'present  3999', 1)
		r = checks.parity('2node', 'x86_64-vmemmap', GOOD, fixtures(dm, zi))
		self.assertEqual([c.ok for c in r[:2]], [False, False])
		self.assertIn('-Initmem setup node 1 [mem 0x0000000040001000-0x000000007ffdffff]', r[0].diag)
		self.assertIn('+Initmem setup node 1 [mem 0x0000000040000000-0x000000007ffdffff]', r[0].diag)
		self.assertIn('-        present  3999', r[1].diag)
		self.assertIn("log lines differ from Linux's", r[0].what)

	def test_reports(self):
		log = GOOD + ('\n----- BEGIN hmat -----\n/sys/devices/system/node/node2/access0/initiators/read_latency:40\n'
			      '/sys/devices/system/node/node2/access0/initiators/node0\n----- END hmat -----\n'
			      '----- BEGIN numa -----\navailable: 2 nodes (0-1)\nnode 0 cpus: 0\nnode 0 size: 1023 MB\n'
			      'node 0 free: 1000 MB\n----- END numa -----\n')
		hmat = '# recorded\n/sys/devices/system/node/node2/access0/initiators/read_latency:40\n'
		numa = 'available: 2 nodes (0-1)\nnode 0 cpus: 0\n'
		f = fixtures(fixture('2node.dmesg'), fixture('2node.zoneinfo'), hmat=hmat, numa=numa)
		r = checks.parity('2node', 'x86_64-vmemmap', log, f)
		self.assertEqual([c.ok for c in r], [True] * 5, r)
		self.assertFalse(r[2].skip or r[3].skip)
		f['hmat'] = hmat.replace(':40', ':41')
		r = checks.parity('2node', 'x86_64-vmemmap', log, f)
		self.assertFalse(r[3].ok)
		self.assertIn('+/sys/devices/system/node/node2/access0/initiators/read_latency:40', r[3].diag)
		# Outside x86_64: only the HMAT's lines and reports; none without an HMAT fixture.
		r = checks.parity('2node', 'i386-sparse', log, dict(f, hmat=hmat))
		self.assertEqual([c.ok for c in r], [False] + [True] * 4, r)
		self.assertIn("log lines (the HMAT's): nothing found", r[0].what)	# 2node's log has no acpi/hmat: line
		self.assertTrue(r[1].skip and r[2].skip)
		self.assertIsNone(checks.parity_scope('i386-sparse', fixtures('x', 'y')))

	def test_missing_fixture_and_empty_log(self):
		r = checks.parity('2node', 'x86_64-vmemmap', GOOD, fixtures(fixture('2node.dmesg'), None))
		self.assertEqual([c.ok for c in r], [False] * 5)
		self.assertIn('record-linux-fixtures 2node', r[0].diag)
		r = checks.parity('2node', 'x86_64-vmemmap', '', fixtures(fixture('2node.dmesg'), fixture('2node.zoneinfo')))
		self.assertTrue(all('nothing found' in c.what for c in r[:2]))

	def test_selftest_lines_ignored(self):
		# A line a self-test logs after the KTAP starts is not the boot's.
		log = GOOD.replace('KTAP version 1\n', 'KTAP version 1\n[    9.0] NUMA: extra\n', 1)
		r = checks.parity('2node', 'x86_64-vmemmap', log, fixtures(fixture('2node.dmesg'), fixture('2node.zoneinfo')))
		self.assertTrue(r[0].ok)

	def test_extract(self):
		text = ('[    0.000000] Zone ranges:\n[    0.000000]   DMA      [mem 0x1000-0xffff]\n'
			'[    0.000000] other\n[    0.000000]   DMA      [mem 0x1000-0xffff]\n'
			'[    0.000000] BIOS-e820: [mem 0x0-0x9fbff] usable\nBIOS-e820: no timestamp\n')
		self.assertEqual(checks.extract_dmesg(text), ['Zone ranges:', '  DMA      [mem 0x1000-0xffff]',
							      'BIOS-e820: [mem 0x0-0x9fbff] usable'])


class DumpsTest(unittest.TestCase):
	def verdicts(self, log):
		return [c.ok for c in checks.dumps('x86_64-vmemmap', '2node', log)]

	def test_good(self):
		self.assertEqual(self.verdicts(GOOD), [True] * 5)

	def test_failed_boot(self):
		self.assertEqual(self.verdicts(GOOD.replace('all selected self-tests passed', 'x')),
				 [False, True, True, True, True])

	def test_buddyinfo_off(self):
		lines = GOOD.splitlines()
		i = lines.index('----- BEGIN buddyinfo -----') + 1
		w = lines[i].split()
		w[4] = str(int(w[4]) + 1)
		lines[i] = ' '.join(w)
		r = checks.dumps('x86_64-vmemmap', '2node', '\n'.join(lines))
		self.assertEqual([c.ok for c in r], [True, False, False, True, True])
		self.assertIn('buddyinfo', r[1].diag)

	def test_vmstat_off(self):
		import re
		log = re.sub(r'(?m)^nr_free_pages (\d+)$', lambda m: f'nr_free_pages {int(m.group(1)) + 1}', GOOD)
		self.assertEqual(self.verdicts(log), [True, True, True, False, True])

	def test_pagesets(self):
		self.assertFalse(self.verdicts(GOOD.replace('\n  pagesets\n', '\n'))[4])
		bad = GOOD.replace('              batch: 63', '              batch: 0', 1)
		r = checks.dumps('x86_64-vmemmap', '2node', bad)
		self.assertFalse(r[4].ok)
		self.assertIn('batch 0', r[4].diag)
		self.assertFalse(self.verdicts(GOOD.replace('vm stats threshold: 16', 'vm stats threshold: 126', 1))[4])
		self.assertFalse(self.verdicts(GOOD.replace('smp: Brought up 2 nodes, 2 CPUs', 'smp: Brought up 2 nodes, 3 CPUs'))[4])
		self.assertFalse(self.verdicts(GOOD.replace('smp: Brought up', 'smp: brought up'))[4])

	def test_empty(self):
		self.assertEqual(self.verdicts(''), [False] * 5)


class CompareBootsTest(unittest.TestCase):
	BIOS, EFI = data('2node-bios.log'), data('2node-efi.log')

	def test_good(self):
		r, table = checks.compare_boots(self.BIOS, self.EFI)
		self.assertTrue(all(c.ok for c in r), [c.what for c in r if not c.ok])
		self.assertEqual(len(r), 6 + 3 * 4)	# 3 zones with pages, 4 tests each
		self.assertTrue(any('OVMF keeps' in l for l in table))

	def test_lost_page(self):
		import re
		bad = re.sub(r'(?m)^(\[[ 0-9.]*\]   node   1: \[mem )0x0000000040000000-', r'\g<1>0x0000000040001000-', self.EFI)
		self.assertNotEqual(bad, self.EFI)
		r, _ = checks.compare_boots(self.BIOS, bad)
		failed = [c.what for c in r if not c.ok]
		self.assertTrue(any('all kept by OVMF' in w for w in failed), failed)

	def test_no_zoneinfo(self):
		r, _ = checks.compare_boots(self.BIOS, self.EFI.replace('BEGIN zoneinfo', 'BEGIN nothing'))
		self.assertEqual([c.ok for c in r], [True, False])

	def test_ranges(self):
		self.assertEqual(checks.norm([(5, 9), (0, 2), (2, 3), (8, 12), (4, 4)]), [(0, 3), (5, 12)])
		self.assertEqual(checks.subtract([(0, 10)], [(2, 3), (5, 20)]), [(0, 2), (3, 5)])
		self.assertEqual(checks.intersect([(0, 10)], [(5, 20)]), [(5, 10)])
		self.assertEqual(checks.zone_numbers([(1, 159), (256, 1000)], 0, 0x1000), (999, 158 + 744))


OURS = data('bench-ours.txt')
LINUX = data('bench-linux.txt')


class BenchTest(unittest.TestCase):
	def table(self, ours, *linux):
		return bench.compare_table(checks.bench_lines(ours), [checks.bench_lines(l) for l in linux])

	def row(self, rows, name):
		return [r for r in rows if r.split()[0] == name][0].split(None, 4)

	def test_compare(self):
		t = self.table(OURS, LINUX)
		self.assertEqual(t[0].split(), ['test', 'numabuddy', 'linux', 'ratio', 'note'])
		self.assertEqual(self.row(t, 'order0_pair'), ['order0_pair', '319', '710', '0.45'])
		self.assertEqual(self.row(t, 'order0_batch1024')[3:], ['0.55', 'alloc+free 191+199 vs 452+263'])
		self.assertEqual(self.row(t, 'gigantic')[2:], ['-', '-', 'linux: skipped (alloc_contig_pages-not-exported); numabuddy per page 89'])
		self.assertEqual(self.row(t, 'ours_only')[1:], ['5', '-', '-', 'linux: absent'])
		self.assertEqual(self.row(t, 'linux_only')[1:], ['-', '1234', '-', 'numabuddy: absent'])
		self.assertEqual(self.row(t, 'kvm_style')[1:], ['-', '80', '-', 'numabuddy: no instruction count'])
		self.assertEqual([r.split()[0] for r in t[1:]], ['order0_pair', 'order0_batch1024', 'gigantic',
								 'memmap_init_per_page', 'ours_only', 'kvm_style', 'linux_only'])

	def test_frag_note(self):
		"""frag_reclaim: Linux's line has no instruction count (interrupts on); both huge_success_pct shown."""
		t = self.table('bench: test=frag_reclaim ops=10 insns_per_op=720 huge_success_pct=99\n',
			       'bench: test=frag_reclaim ops=9 insns_per_op=na interrupts=on huge_success_pct=97\n')
		self.assertEqual(self.row(t, 'frag_reclaim')[1:], [
			'720', '-', '-',
			'linux: no instruction count; numabuddy huge_success_pct 99; linux huge_success_pct 97'])

	def test_boots_differ(self):
		t = self.table(OURS, LINUX, LINUX.replace('insns_per_op=710', 'insns_per_op=712'))
		self.assertEqual(self.row(t, 'order0_pair')[4], 'linux boots differ: 710, 712')
		self.assertNotIn('differ', ' '.join(self.row(t, 'order0_batch1024')))

	def test_empty_side(self):
		t = self.table('', LINUX)
		self.assertEqual(sum('numabuddy: absent' in r for r in t), 6)

	def test_linux_machine(self):
		self.assertEqual(bench.linux_machine('-m 2G -smp 8 -numa node,cpus=0-3 -numa node,cpus=4-7'),
				 '-m 2G -smp 1,maxcpus=8 -numa node,cpus=0-3 -numa node,cpus=4-7')
		self.assertEqual(bench.linux_machine('-m 1G -smp 1'), '-m 1G -smp 1')
		self.assertEqual(bench.linux_machine('-smp 2,maxcpus=4'), '-smp 1,maxcpus=4')

	def test_bench_line(self):
		log = ('bench: test=a ops=10 insns_per_op=5 x=1\nbench: test=b ops=0 insns_per_op=na skipped=no-cpus\n'
		       'bench: test=c ops=0 insns_per_op=5\nbench: test=d ops=1 insns_per_op=na\n'
		       'bench: test=e ops=1 insns_per_op=5\nbench: test=e ops=1 insns_per_op=5\n'
		       'bench: test=f ops=1 insns_per_op=5 Bad=1\n')
		self.assertEqual([checks.bench_line(n, log).ok for n in 'abcdefg'],
				 [True, True, False, False, False, False, False])

	def test_bench_names(self):
		"""bench=all runs nb_benches[] without NB_BENCH_BY_NAME_ONLY's (kernel/bench.c)."""
		header = os.path.join(TOP, bench.BENCH_COMMON)
		every = bench.bench_names('all', header)
		self.assertEqual(every[:2], ['order0_pair', 'order0_batch1024'])
		self.assertIn('drain_all_pages', every)
		self.assertFalse([n for n in every if n.startswith('frag_')])
		self.assertEqual(bench.bench_names('frag_compact,order1_pair', header), ['order1_pair', 'frag_compact'])
		self.assertEqual(sorted(bench.bench_names('all,frag_reclaim', header)), sorted(every + ['frag_reclaim']))

	def test_targets_table(self):
		t = bench.targets_table(checks.bench_lines(OURS), 'icount')
		self.assertIn('ABOVE the target', self.row(t, 'order0_pair')[-1])
		self.assertTrue(self.row(t, 'memmap_init_per_page')[-1].endswith('meets the target'))
		self.assertIn('alloc 191 + free 199', t[2])

	def test_cpio(self):
		import tempfile
		with tempfile.TemporaryDirectory() as d:
			p = os.path.join(d, 'x.cpio')
			bench.write_cpio(p, [('init', 0o100755, b'abc', (0, 0)), ('dev/console', 0o20600, b'', (5, 1))])
			b = open(p, 'rb').read()
		self.assertTrue(b.startswith(b'070701'))
		self.assertEqual(len(b) % 4, 0)
		self.assertIn(b'TRAILER!!!\0', b)
		i = b.index(b'dev/console')
		self.assertEqual(b[i - 110 + 78:i - 110 + 94], b'0000000500000001')	# rdevmajor, rdevminor


class OrderTest(unittest.TestCase):
	def test_state(self):
		import tempfile
		with tempfile.NamedTemporaryFile('w', suffix='.yml', delete=False) as f:
			f.write('---\ngeneration: 2\ntests:\n  a.t:\n    elapsed: 0.5\n    gen: 1\n'
				'  b.t:\n    elapsed: 12.25\n  c.t:\n    elapsed: 3e-05\nversion: 1\n...\n')
		times = nbtest.last_times(f.name)
		os.unlink(f.name)
		self.assertEqual(times, {'a.t': 0.5, 'b.t': 12.25, 'c.t': 3e-05})
		self.assertEqual(nbtest.order_tests(['a.t', 'new.t', 'c.t', 'b.t'], times), ['new.t', 'b.t', 'a.t', 'c.t'])


class QemuTest(unittest.TestCase):
	def test_exit_status(self):
		# isa-debug-exit: (code << 1) | 1; the kernel writes 0x10 on success, 0x11 on failure.
		self.assertEqual(qemu.explain(33, 60), '')
		self.assertIn('reported failure', qemu.explain(35, 60))
		self.assertIn('TIMEOUT: no exit after 60s', qemu.explain(None, 60))
		self.assertIn('triple fault', qemu.explain(0, 60))
		self.assertIn('status 1', qemu.explain(1, 60))

	def test_command(self):
		req = qemu.BootRequest(kernel=os.path.join(DATA, '2node-bios.log'), build='/tmp', topo='2node',
				       cmdline='selftest=none', accel='tcg', gdbport='1234')
		words, cmdline = qemu.machine_cmdline(req)
		self.assertIn('-numa', words)
		self.assertTrue(cmdline.endswith('selftest=none'))
		self.assertIn('gdbstub=ttyS1', cmdline)
		self.assertIn('expect.mem=', cmdline)
		req.boot = 'efi'
		self.assertNotIn('expect.mem=', qemu.machine_cmdline(req)[1])	# OVMF keeps other ranges
		req.boot, req.qemu_args = 'kernel', '-m 1G'
		self.assertEqual(qemu.machine_cmdline(req), (['-m', '1G'], 'gdbstub=ttyS1 selftest=none'))
		tmp = qemu._Temp()
		cmd = qemu.qemu_command(req, tmp)
		self.assertEqual(cmd[:5], ['qemu-system-x86_64', '-accel', 'tcg', '-cpu', 'max'])
		self.assertIn('isa-debug-exit,iobase=0xf4,iosize=0x04', cmd)
		self.assertEqual(cmd[cmd.index('-append') + 1], 'gdbstub=ttyS1 selftest=none')
		req.topo, req.qemu_args = 'no-such-machine', ''
		with self.assertRaises(qemu.BootError):
			qemu.machine_cmdline(req)

	def test_countdown_enter(self):
		# A fake QEMU that prints OVMF's countdown and waits for a key: Enter goes on at once.
		import tempfile
		script = ('printf "Press ESC in 5 seconds to skip startup.nsh or any other key to continue."; '
			  'head -c 1 >/dev/null; printf "\\r\\nkey\\n"; exit 33')
		out = []
		with tempfile.TemporaryDirectory() as d:
			status = qemu.run_qemu(['sh', '-c', script], 20, out.append, os.path.join(d, 'log'),
					       press_enter_at_countdown=True)
			log = open(os.path.join(d, 'log')).read()
		self.assertEqual(status, 33)
		self.assertIn('key', ''.join(out))
		self.assertNotIn('\r', log)

	def test_timeout(self):
		status = qemu.run_qemu(['sleep', '30'], 1, lambda t: None, None)
		self.assertIsNone(status)


class TapResult(unittest.TextTestResult):
	"""Each test method as one TAP test."""
	def __init__(self, *a, **kw):
		super().__init__(*a, **kw)
		self.n = 0

	def _tap(self, test, ok, diag=''):
		self.n += 1
		print(f"{'ok' if ok else 'not ok'} {self.n} - {test.id().split('.', 1)[1]}")
		for l in diag.splitlines():
			print('# ' + l)

	def addSuccess(self, test):
		super().addSuccess(test)
		self._tap(test, True)

	def addFailure(self, test, err):
		super().addFailure(test, err)
		self._tap(test, False, self._exc_info_to_string(err, test))

	def addError(self, test, err):
		super().addError(test, err)
		self._tap(test, False, self._exc_info_to_string(err, test))


if __name__ == '__main__':
	if '--tap' in sys.argv:
		suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
		runner = unittest.TextTestRunner(stream=io.StringIO(), resultclass=TapResult)
		res = runner.run(suite)
		print(f'1..{res.n}')
		sys.exit(0 if res.wasSuccessful() else 1)
	unittest.main()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# nbtest: numabuddy's test runner. One tool for everything that boots the
# kernel or reads what it printed; `make run`, `make test`, `make debug`,
# `make bench` and `make bench-linux` call it. Shaped like Linux's
# tools/testing/kunit/kunit.py: a command line over a few modules,
#   nbtest_catalogue  the machine catalogue (tests/machines/*.machine) as data
#   nbtest_qemu       booting QEMU: kernel, ISO, EFI; timeouts; exit status
#   nbtest_ktap       the kernel's KTAP in, the TAP prove reads out
#   nbtest_checks     the checks over a saved log (parity, dumps, EFI, bench)
#   nbtest_bench      make bench and make bench-linux
#   nbtest_tool_test  the runner's own unit tests (test_data/: canned logs)
# Standard library only. Run from anywhere; it works from the top of the tree.
# `nbtest.py --help` and `nbtest.py COMMAND --help` say the rest.

import argparse
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, HERE)

import nbtest_bench as bench		# noqa: E402
import nbtest_catalogue as catalogue	# noqa: E402
import nbtest_checks as checks		# noqa: E402
import nbtest_ktap as ktap		# noqa: E402
import nbtest_qemu as qemu		# noqa: E402

ME = 'tools/testing/nbtest/nbtest.py'
FIXTURES = 'tests/machines/linux'
DUMP_REPORTS = 'buddyinfo,zoneinfo,pagetypeinfo,vmstat'


def split_config(config):
	arch, _, memmodel = config.partition('-')
	return arch, memmodel


def read(path):
	try:
		with open(path, encoding='utf-8', errors='replace') as f:
			return f.read()
	except OSError:
		return None


def emit_checks(tap, results):
	for c in results:
		if c.skip:
			tap.skip(c.what, c.skip)
		else:
			tap.report(c.ok, c.what, c.diag)


# ---- make run, make debug -----------------------------------------------------

def cmd_run(args):
	"""Boot as make run: the environment (ARCH KERNEL BUILD TOPO QEMU_ARGS CMDLINE
	BOOT ACCEL GDBPORT TIMEOUT SERIAL_LOG ...) says what; the console to stdout.
	Exit 0 only when the kernel reported success."""
	try:
		res = qemu.boot(qemu.BootRequest.from_env(), qemu.stream_stdout)
	except qemu.BootError as e:
		print(f'qemu-run: {e}', file=sys.stderr)
		return 2
	return 0 if res.ok else 1


def cmd_debug(args):
	req = qemu.BootRequest.from_env()
	if not req.kernel:
		print('debug: KERNEL must name the kernel image', file=sys.stderr)
		return 2
	gdb = ['gdb', '-q', '-nx', '-ex', 'set pagination off', '-ex', 'set confirm off',
	       '-ex', f'file {req.kernel}', '-x', 'scripts/gdb/numabuddy.py']
	return qemu.debug(req, gdb)


# ---- one boot test -------------------------------------------------------------

def boot_log_path(config, tag):
	return f'build/logs/{config}/{tag}.log'


def cmd_boot(args):
	"""make test's test of one catalogue machine in one configuration: one
	boot, its KTAP as TAP, then the checks that read that boot's log
	(--parity, --dumps), numbered on, and the plan counted last."""
	tap = ktap.Tap()
	config, name = args.config, args.machine
	arch, memmodel = split_config(config)
	try:
		mach = catalogue.load_machine(name)
	except FileNotFoundError:
		tap.emit(f'1..0 # SKIP no machine {name}')
		return 1
	except catalogue.CatalogueError as e:
		tap.emit(f'Bail out! {e}')
		return 1
	if not mach.runs_on(config):
		tap.emit(f'1..0 # SKIP {name} does not run on {config}')
		return 0
	params = list(args.params)
	reports = []
	if args.parity:
		for w in checks.PARITY_PARAMS:
			if w.startswith('dump='):
				reports += w[5:].split(',')
			else:
				params.append(w)
	if args.dumps:
		reports += [r for r in DUMP_REPORTS.split(',') if r not in reports]
	if reports:
		params.append('dump=' + ','.join(reports))
	tag = os.environ.get('BOOT_TEST_TAG') or name
	log = boot_log_path(config, tag)
	os.makedirs(os.path.dirname(log), exist_ok=True)
	req = qemu.BootRequest(arch=arch, kernel=f'build/{config}/numabuddy.elf', build=f'build/{config}',
			       topo=name, qemu_args=os.environ.get('QEMU_ARGS', ''),
			       accel=os.environ.get('ACCEL', ''), cmdline=' '.join(params), boot=os.environ.get('BOOT') or 'kernel',
			       timeout=int(os.environ.get('TIMEOUT') or mach.timeout), serial_log=log,
			       env={k: v for k, v in os.environ.items() if k.startswith(('ESP_', 'EFI_LOADER', 'OVMF_'))})
	filt = ktap.KtapFilter(tap)
	with open(log + '.qemu', 'w') as err:
		try:
			res = qemu.boot(req, filt.feed, err)
		except qemu.BootError as e:
			print(f'qemu-run: {e}', file=err)
			res = qemu.BootResult(None, False, str(e))
	filt.close()
	text = '\n'.join(filt.lines)
	if filt.kernel_plan == 0:
		tap.emit(f'1..0 # {filt.kernel_plan_directive}')
		return 0 if res.ok else 1
	# The kernel's own plan and its suites' plans, met.
	tree = ktap.parse(filt.lines)
	problems = tree.problems()
	if filt.kernel_plan is None:
		problems.insert(0, 'no KTAP plan from the kernel')
	tap.report(not problems, f'{config} {tag}: the KTAP plans are met', '\n'.join(problems))
	qerr = (read(log + '.qemu') or '').splitlines()
	tail = '\n'.join('  ' + l for l in text.splitlines()[-15:])
	tap.report(res.ok, f'{config} {tag}: the kernel exits with success',
		   '' if res.ok else f"boot-test: {config} {tag} FAILED: {qerr[-1] if qerr else res.reason}\n"
		   f'boot-test: last kernel lines (full log: {log}):\n{tail}')
	fixtures = os.environ.get('PARITY_FIXTURES') or FIXTURES
	if args.parity:
		emit_checks(tap, checks.parity(name, config, text, parity_fixtures(fixtures, name), log))
	if args.dumps:
		emit_checks(tap, checks.dumps(config, name, text, log))
	tap.plan()
	return 1 if tap.failed else 0


def boot_for_check(config, name, tag, params):
	"""A boot of its own for a check run without a log: (log path, booted ok)."""
	log = boot_log_path(config, tag)
	env = dict(os.environ, BOOT_TEST_TAG=tag)
	with open(log + '.tap', 'w') if os.path.isdir(os.path.dirname(log)) else open(os.devnull, 'w') as out:
		rc = subprocess.run([sys.executable, os.path.join(HERE, 'nbtest.py'), 'boot', config, name] + params,
				    env=env, stdout=out, stderr=subprocess.STDOUT).returncode
	return log, rc == 0


def parity_fixtures(fixtures, name):
	"""MACHINE's Linux fixtures by kind (None where there is none)."""
	return {k: read(f'{fixtures}/{name}.{k}') for k in ('dmesg', 'zoneinfo', 'numa', 'hmat', 'memory_tiers')}


def cmd_parity(args):
	"""Compare a boot's log lines, zoneinfo and reports with Linux 6.1's on
	the same machine (tests/machines/linux/NAME.*; PARITY_FIXTURES= names
	another directory). Without LOG, boots the machine (selftest=none and
	checks.PARITY_PARAMS). x86_64, and the HMAT's lines and reports on every
	configuration (the fixtures come from an x86_64 Linux)."""
	tap = ktap.Tap()
	config, name = args.config, args.machine
	fixtures = os.environ.get('PARITY_FIXTURES') or FIXTURES
	fix = parity_fixtures(fixtures, name)
	if checks.parity_scope(config, fix) is None:
		tap.emit('1..0 # SKIP parity with Linux is checked on x86_64 only')
		return 0
	try:
		mach = catalogue.load_machine(name)
	except FileNotFoundError:
		tap.emit(f'1..0 # SKIP no machine {name}')
		return 1
	if not mach.runs_on(config):
		tap.emit(f'1..0 # SKIP {name} does not run on {config}')
		return 0
	log = args.log
	ntests = 2 + len(checks.PARITY_REPORTS)
	if log is None and fix['dmesg'] is not None and fix['zoneinfo'] is not None:
		os.makedirs(f'build/logs/{config}', exist_ok=True)
		log, ok = boot_for_check(config, name, f'parity-{name}', ['selftest=none'] + checks.PARITY_PARAMS)
		if not ok:
			tap.report(False, f'{name} {config}: boot', (read(log + '.tap') or '')[-2000:])
			for _ in range(ntests - 1):
				tap.report(False, f'{name} {config}: boot')
			tap.plan()
			return 1
	text = read(log) if log else ''
	if text is None:
		for _ in range(ntests):
			tap.report(False, f'no log {log}')
	else:
		emit_checks(tap, checks.parity(name, config, text, fix, log or ''))
	tap.plan()
	return 1 if tap.failed else 0


def cmd_dumps(args):
	"""Check that the end-of-boot reports agree. Without LOG, boots the machine
	with dump=buddyinfo,zoneinfo,pagetypeinfo,vmstat."""
	tap = ktap.Tap()
	booted = None
	log = args.log
	if log is None:
		os.makedirs(f'build/logs/{args.config}', exist_ok=True)
		log, booted = boot_for_check(args.config, args.machine, f'dumps-{args.machine}', ['dump=' + DUMP_REPORTS])
	emit_checks(tap, checks.dumps(args.config, args.machine, read(log) or '', log, booted))
	tap.plan()
	return 1 if tap.failed else 0


def cmd_compare_boots(args):
	"""A multiboot (SeaBIOS) boot's memory against a UEFI (OVMF) boot's, both
	booted with dump=zoneinfo: TAP numbered from --first, the plan last."""
	tap = ktap.Tap(first=args.first)
	results, table = checks.compare_boots(read(args.bios) or '', read(args.efi) or '')
	emit_checks(tap, results)
	for l in table:
		tap.diag(l)
	tap.plan()
	return 1 if tap.failed else 0


def cmd_check_bench(args):
	"""One test per benchmark NAME: a single well-formed `bench:` line in LOG."""
	tap = ktap.Tap(first=args.first)
	text = read(args.log) or ''
	prefix = args.label + ': ' if args.label else ''
	for name in args.names:
		c = checks.bench_line(name, text)
		tap.report(c.ok, prefix + c.what)
	tap.plan()
	return 1 if tap.failed else 0


def cmd_bench_names(args):
	"""The benchmarks bench=WHICH runs (default: all), one a line, from include/kernel/bench_common.h."""
	print('\n'.join(bench.bench_names(args.which)))
	return 0


def cmd_extract(args):
	text = read(args.file) if args.file else sys.stdin.read()
	lines = checks.extract_dmesg(text) if args.what == 'dmesg' else checks.extract_zoneinfo(text)
	print(''.join(l + '\n' for l in lines), end='')
	return 0


def cmd_parse(args):
	"""The KTAP of a saved console log: each suite's verdict, and any plan not met."""
	text = read(args.log) if args.log else sys.stdin.read()
	tree = ktap.parse(text.splitlines())
	for r in tree.results:
		print(f"{'PASS' if r.ok and not r.skipped else 'SKIP' if r.skipped else 'FAIL'} {r.name}")
	for p in tree.problems():
		print('PLAN ' + p)
	bad = any(not r.ok for r in tree.results) or tree.problems()
	return 1 if bad else 0


def cmd_bench_compare(args):
	for f in [args.ours] + args.linux:
		if read(f) is None:
			print(f'bench-compare: cannot read {f}', file=sys.stderr)
			return 2
	ours = checks.bench_lines(read(args.ours))
	print('\n'.join(bench.compare_table(ours, [checks.bench_lines(read(f)) for f in args.linux])))
	return 0


def cmd_machines(args):
	for name, m in catalogue.load_catalogue().items():
		print(f'{name:<18} {m.configs:<12} {m.description}')
	return 0


def cmd_record_linux_fixtures(args):
	"""Boot Debian's Linux 6.1 on catalogue machines (default: all) with
	../shared/linux-reference/boot-linux.sh (BOOT_LINUX= overrides) and write
	tests/machines/linux/NAME.{dmesg,zoneinfo}: what parity compares against.
	Linux gets the machine's qemu_args and cmdline (only parameters Linux
	knows), never the expect.* ones. REEXTRACT=1 cuts the last recording
	(build/linux-ref/NAME/) again instead of booting."""
	boot_linux = os.environ.get('BOOT_LINUX') or os.path.realpath('../shared/linux-reference/boot-linux.sh')
	if not os.access(boot_linux, os.X_OK):
		boot_linux = '/work/shared/linux-reference/boot-linux.sh'
	if not os.access(boot_linux, os.X_OK):
		print('record-linux-fixtures: no boot-linux.sh (set BOOT_LINUX=)', file=sys.stderr)
		return 2
	reextract = os.environ.get('REEXTRACT') == '1'
	os.makedirs(FIXTURES, exist_ok=True)
	failed = 0
	for name in args.machines or catalogue.machine_names():
		try:
			m = catalogue.load_machine(name)
		except FileNotFoundError:
			print(f'record-linux-fixtures: no machine {name}', file=sys.stderr)
			failed = 1
			continue
		out = f'build/linux-ref/{name}'
		qargs = ' '.join(m.qemu_words())
		if reextract:
			if not os.path.exists(f'{out}/dmesg.txt'):
				print(f'record-linux-fixtures: {name}: nothing recorded in {out}', file=sys.stderr)
				failed = 1
				continue
			print(f'== {name}: re-extracting {out}')
		else:
			subprocess.run(['rm', '-rf', out])
			os.makedirs('build/linux-ref', exist_ok=True)
			print(f"== {name}: Linux on: {qargs} {'(cmdline: ' + m.cmdline + ')' if m.cmdline else ''}")
			with open(out + '.run.log', 'w') as lg:
				if subprocess.run([boot_linux, qargs, out], env=dict(os.environ, APPEND_EXTRA=m.cmdline),
						  stdout=lg, stderr=subprocess.STDOUT).returncode:
					print(f'record-linux-fixtures: {name}: Linux did not finish (see {out}.run.log)', file=sys.stderr)
					failed = 1
					continue
		dmesg = read(f'{out}/dmesg.txt') or ''
		vm = re.search(r'^\[ *[0-9.]*\] Linux version (\S+)', dmesg, re.M)
		qv = subprocess.run(['qemu-system-x86_64', '--version'], capture_output=True, text=True).stdout.splitlines()[0]
		append = re.search(r'^append=(.*)$', read(f'{out}/run-info.txt') or '', re.M)
		# The path of an injected file is the recorder's, not part of the machine.
		args_shown = qargs.replace(os.getcwd() + '/', '')
		header = ('# SPDX-License-Identifier: GPL-2.0-only\n'
			  f"# Recorded by {ME} record-linux-fixtures: Linux {vm.group(1) if vm else '?'}, {qv}\n"
			  f'# qemu: {args_shown}\n# cmdline: {append.group(1) if append else ""}\n')
		d = checks.extract_dmesg(dmesg)
		z = checks.extract_zoneinfo(read(f'{out}/zoneinfo.txt') or '')
		open(f'{FIXTURES}/{name}.dmesg', 'w').write(header + ''.join(l + '\n' for l in d))
		open(f'{FIXTURES}/{name}.zoneinfo', 'w').write(header + ''.join(l + '\n' for l in z))
		# numactl --hardware without sizes, from Linux's sysfs files.
		numa = subprocess.run([sys.executable, 'tools/parity/linux_numactl.py', out],
				      capture_output=True, text=True)
		if numa.returncode == 0:
			open(f'{FIXTURES}/{name}.numa', 'w').write(header + numa.stdout)
		else:
			print(f'record-linux-fixtures: {name}: no numactl view: {numa.stderr.strip()}', file=sys.stderr)
			failed = 1
		# Without an HMAT Linux has no such files: no fixture, the checks skip.
		hmat = read(f'{out}/node_hmat.txt') or ''
		for what, src in (('hmat', hmat), ('memory_tiers', read(f'{out}/memory_tiers.txt') or '')):
			path = f'{FIXTURES}/{name}.{what}'
			if os.path.exists(path):
				os.remove(path)
			if hmat.strip():
				pat = checks._HMAT_FILE if what == 'hmat' else checks._TIER_FILE
				open(path, 'w').write(header + ''.join(l + '\n' for l in src.splitlines() if pat.match(l)))
		print(f"   {len(d)} log lines, {sum(l.startswith('Node') for l in z)} zones")
	return failed


# ---- make test -------------------------------------------------------------------

DEFAULT_CONFIGS = 'x86_64-vmemmap x86_64-sparse i386-discontig i386-sparse'
TESTS_DIR = 'build/tests'
STATE = 'build/test-state.yml'	# prove --state=save: every test's last time


def elapsed(start):
	s = int(time.time() - start)
	return f'{s // 60}m{s % 60:02d}s'


def build_all(configs, jobs, fuzz):
	"""Every configuration, the hosted tests, the UEFI loader and the fuzzers,
	under one make jobserver: no configuration waits for another's link."""
	mk = [f"all: {' '.join(configs)} host efi{' fuzz' if fuzz else ''}"]
	for c in configs:
		a, m = split_config(c)
		mk.append(f'{c}:\n\t+$(MAKE) -s ARCH={a} MEMMODEL={m} kernel')
	mk += ['host:\n\t+$(MAKE) -s host-build', 'efi:\n\t+$(MAKE) -s efi efi-host-test',
	       'fuzz:\n\t+$(MAKE) -s fuzz-build', f".PHONY: all {' '.join(configs)} host efi fuzz"]
	return subprocess.run(['make', '-s', f'-j{jobs}', '-f', '-', 'all'], input='\n'.join(mk) + '\n',
			      text=True).returncode


def last_times(path=STATE):
	"""prove's record of the last run: test -> seconds."""
	times, test = {}, None
	for l in (read(path) or '').splitlines():
		m = re.match(r'^  (\S.*):$', l)
		if m:
			test = m.group(1)
			continue
		m = re.match(r'^    elapsed: ([0-9.e+-]+)$', l)
		if m and test:
			times[test] = float(m.group(1))
	return times


def order_tests(tests, times):
	"""Longest first (so that prove's parallel slots finish together), by the
	times the last run measured; a test never measured goes first, in the order
	given."""
	unknown = [t for t in tests if t not in times]
	known = sorted((t for t in tests if t in times), key=lambda t: -times[t])
	return unknown + known


def write_test(name, body):
	path = f'{TESTS_DIR}/{name}.t'
	with open(path, 'w') as f:
		f.write(body + '\n')
	return path


def generate_tests(configs, machines, fuzz):
	"""The .t files make test runs besides tests/harness/*.t; the slow kinds first."""
	os.makedirs(TESTS_DIR, exist_ok=True)
	gen = []
	py = f'exec python3 {ME}'
	if fuzz:
		gen.append(write_test('fuzz-smoke', '\n'.join((
			'echo 1..1',
			'if make -s fuzz-smoke >build/logs/fuzz-smoke.log 2>&1; then echo "ok 1 fuzz smoke"',
			'else echo "not ok 1 fuzz smoke"; tail -30 build/logs/fuzz-smoke.log | sed \'s/^/# /\'; exit 1; fi'))))
	for a in ('m32', 'm64'):
		# mk/host.mk's run script where it writes one (it knows how to start the
		# program on this host), else the program; 126: the host cannot execute it
		# (a kernel without IA32 emulation, for -m32).
		prog = f'build/host-{a}/run' if os.path.exists(f'build/host-{a}/run') else f'build/host-{a}/ktest-host'
		gen.append(write_test(f'host-{a}', '\n'.join((
			f'{prog} no_such_suite >/dev/null 2>&1',
			f'[ $? -ne 126 ] || {{ echo "1..0 # SKIP this host cannot execute {prog}"; exit 0; }}',
			f'exec {prog}'))))
	gen.append(write_test('nbtest-unit', f'exec python3 tools/testing/nbtest/nbtest_tool_test.py --tap'))
	cat = {m: catalogue.load_machine(m) for m in machines}
	boots = []
	for m in sorted(machines, key=lambda m: (-cat[m].timeout, -cat[m].memory_mib(), m)):
		for c in configs:
			if not cat[m].runs_on(c):
				continue
			opts = ''
			# Parity with Linux 6.1 (the fixtures): x86_64, and the HMAT's lines
			# and reports on every configuration of a machine with an HMAT.
			if c.startswith('x86_64-') or os.path.exists(f'{FIXTURES}/{m}.hmat'):
				opts += ' --parity'
			# The end-of-boot reports agree with each other.
			if m in ('2node', '4node-slit'):
				opts += ' --dumps'
			boots.append(write_test(f'boot-{c}-{m}', f'{py} boot{opts} {c} {m}'))
	for c in ('x86_64-vmemmap', 'i386-discontig'):
		if c in configs:
			boots.append(write_test(f'boot-{c}-2node-iso', f'BOOT=iso BOOT_TEST_TAG=2node-iso {py} boot {c} 2node'))
	if 'x86_64-vmemmap' in configs:
		boots.append(write_test('boot-x86_64-vmemmap-2node-efi',
					f'BOOT=efi BOOT_TEST_TAG=2node-efi {py} boot x86_64-vmemmap 2node'))
	return gen + boots


def cmd_test(args):
	"""make test: build every configuration, then run through prove the
	hosted unit tests, every catalogue machine in every configuration it lists
	(one boot each, its log checked: parity with Linux on x86_64, the reports
	on 2node and 4node-slit), the 2node machine through GRUB and UEFI, the
	fuzz smoke runs, the runner's own unit tests, and tests/harness/*.t.
	TEST_CONFIGS and TEST_MACHINES narrow the run, JOBS sets parallelism,
	REPEAT=N boots the machines N times, the other tests once (fails if any
	run fails)."""
	os.chdir(TOP)
	start = time.time()
	configs = (os.environ.get('TEST_CONFIGS') or DEFAULT_CONFIGS).split()
	machines = (os.environ.get('TEST_MACHINES') or ' '.join(catalogue.machine_names())).split()
	jobs = int(os.environ.get('JOBS') or os.cpu_count() or 1)
	repeat = os.environ.get('REPEAT') or '1'
	if not re.fullmatch(r'[0-9]+', repeat) or int(repeat) == 0:
		print(f"make test: REPEAT must be a whole number >= 1, not '{repeat}'", file=sys.stderr)
		return 2
	repeat = int(repeat)
	for m in machines:
		try:
			catalogue.load_machine(m)
		except FileNotFoundError:
			print(f'make test: no machine {m} in {catalogue.CATALOGUE_DIR}', file=sys.stderr)
			return 2
		except catalogue.CatalogueError as e:
			print(f'make test: {e}', file=sys.stderr)
			return 2
	fuzz = subprocess.run(['make', '-s', '-n', 'fuzz-smoke'], stdout=subprocess.DEVNULL,
			      stderr=subprocess.DEVNULL).returncode == 0 and any(
		f.endswith('.c') for f in os.listdir('tests/fuzz'))
	print(f"== building: {' '.join(configs)}, hosted tests", flush=True)
	if build_all(configs, jobs, fuzz):
		print(f'== make test FAILED: the build failed ({elapsed(start)})')
		return 1
	print(f'== built in {elapsed(start)}', flush=True)
	subprocess.run(['rm', '-rf', TESTS_DIR])
	os.makedirs('build/logs', exist_ok=True)
	harness = sorted(f'tests/harness/{f}' for f in os.listdir('tests/harness') if f.endswith('.t'))
	tests = harness + generate_tests(configs, machines, fuzz)
	boots = [t for t in tests if os.path.basename(t).startswith('boot-')]
	failed_runs = []
	for run in range(1, repeat + 1):
		# REPEAT: the machine boots again; the other tests ran in the first run.
		order = order_tests(tests if run == 1 else boots, last_times())
		if repeat > 1:
			print(f'== run {run} of {repeat}: {len(order)} tests, {jobs} at a time', flush=True)
		else:
			print(f'== running {len(order)} tests, {jobs} at a time', flush=True)
		rc = subprocess.run(['prove', f'-j{jobs}', '--timer', '--state=save', f'--statefile={STATE}',
				     '--exec', 'bash'] + order).returncode
		if repeat > 1:
			print(f"== run {run} of {repeat}: {'PASS' if rc == 0 else 'FAIL'}", flush=True)
		if rc:
			failed_runs.append(run)
			if repeat > 1:
				# The next run overwrites the logs: keep the failed run's.
				subprocess.run(['rm', '-rf', f'build/logs.run{run}'])
				subprocess.run(['cp', '-a', 'build/logs', f'build/logs.run{run}'])
				print(f"== run {run}'s logs: build/logs.run{run}")
	if repeat > 1:
		print(f'== {repeat - len(failed_runs)} of {repeat} runs passed' +
		      (f"; failed: {' '.join(map(str, failed_runs))}" if failed_runs else ''))
	if not failed_runs:
		print(f'== make test passed in {elapsed(start)}')
		return 0
	print(f'== make test FAILED in {elapsed(start)}')
	return 1


# ---- the command line ------------------------------------------------------------

def main(argv):
	p = argparse.ArgumentParser(prog='nbtest.py', description="numabuddy's test runner")
	sub = p.add_subparsers(dest='command', required=True)

	def add(name, fn, help_):
		s = sub.add_parser(name, help=help_, description=(fn.__doc__ or help_))
		s.set_defaults(fn=fn)
		return s
	add('run', cmd_run, 'boot once, as make run (settings from the environment)')
	add('debug', cmd_debug, 'make debug: QEMU halted with its gdbstub, gdb attached')
	s = add('boot', cmd_boot, "one catalogue machine in one configuration, as make test's boot test")
	s.add_argument('--parity', action='store_true', help="also compare the log with Linux's")
	s.add_argument('--dumps', action='store_true', help='also check the end-of-boot reports agree')
	s.add_argument('config')
	s.add_argument('machine')
	s.add_argument('params', nargs='*', help='extra boot parameters')
	add('test', cmd_test, 'make test (TEST_CONFIGS, TEST_MACHINES, JOBS, REPEAT from the environment)')
	for name, fn in (('parity', cmd_parity), ('dumps', cmd_dumps)):
		s = add(name, fn, fn.__doc__.split('.')[0])
		s.add_argument('config')
		s.add_argument('machine')
		s.add_argument('log', nargs='?')
	s = add('compare-boots', cmd_compare_boots, 'a multiboot boot log against a UEFI boot log')
	s.add_argument('--first', type=int, default=1)
	s.add_argument('bios')
	s.add_argument('efi')
	s = add('check-bench', cmd_check_bench, 'the bench: lines of a log are well formed')
	s.add_argument('--first', type=int, default=1)
	s.add_argument('--label', default='')
	s.add_argument('log')
	s.add_argument('names', nargs='+')
	s = add('bench-names', cmd_bench_names, 'the benchmarks a bench= value runs')
	s.add_argument('which', nargs='?', default='all')
	s = add('extract', cmd_extract, 'the lines of a log or zoneinfo that parity compares')
	s.add_argument('what', choices=['dmesg', 'zoneinfo'])
	s.add_argument('file', nargs='?')
	s = add('parse', cmd_parse, 'the KTAP verdicts of a saved console log')
	s.add_argument('log', nargs='?')
	add('bench', lambda a: bench.bench(), 'make bench')
	add('bench-linux', lambda a: bench.bench_linux(), 'make bench-linux')
	s = add('bench-compare', cmd_bench_compare, "numabuddy's bench: lines next to Linux's")
	s.add_argument('ours')
	s.add_argument('linux', nargs='+')
	add('machines', cmd_machines, 'list the catalogue')
	s = add('record-linux-fixtures', cmd_record_linux_fixtures, "record Linux's parity fixtures")
	s.add_argument('machines', nargs='*')
	args = p.parse_args(argv)
	# File arguments are relative to where the runner was started; it works from the top.
	for a in ('log', 'bios', 'efi', 'file', 'ours'):
		if getattr(args, a, None):
			setattr(args, a, os.path.abspath(getattr(args, a)))
	if getattr(args, 'linux', None):
		args.linux = [os.path.abspath(f) for f in args.linux]
	os.chdir(TOP)
	try:
		return args.fn(args)
	except BrokenPipeError:
		return 1
	except KeyboardInterrupt:
		return 130


if __name__ == '__main__':
	sys.exit(main(sys.argv[1:]))

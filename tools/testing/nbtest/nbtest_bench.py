# SPDX-License-Identifier: GPL-2.0-only
#
# make bench and make bench-linux.
#
# make bench boots the catalogue's benchmark machine (tests/machines/bench.machine)
# with `selftest=none bench=...` and prints the kernel's `bench:` lines and a
# table with the targets of issues 5 and 6 and Linux 6.1's figures. Under TCG
# (the default) QEMU runs with -icount shift=0,sleep=off, where the TSC counts
# guest instructions: exact, deterministic figures, checked by booting twice.
# make bench-linux does the same for Linux's own allocator (Debian's kernel and
# the module tools/bench-linux/nb_bench.c) on the same machine with one CPU,
# and prints both columns side by side (compare_table()). Figures above
# their targets are reported, not failed: these are measurements, not tests.

import glob
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
import time
from typing import Dict, List, Optional

import nbtest_catalogue as catalogue
import nbtest_checks as checks
import nbtest_profile as profiler
import nbtest_qemu as qemu

BENCH_MACHINE = 'bench'
# Issue 15 (x86_64; i386 gets 1.3 times these), instructions per operation.
TARGETS = {'order0_pair': 120, 'order0_batch1024': 100, 'order0_bulk': 50, 'order9_pair': 3489,
	   'memmap_init_per_page': 9}
I386_TARGET_FACTOR = 1.3
LINUX_6_1 = {'order0_pair': '710', 'order0_batch1024': '715 (452+263)', 'order9_pair': '9985'}


BENCH_COMMON = 'include/kernel/bench_common.h'


def bench_names(which: str = 'all', header: str = BENCH_COMMON) -> List[str]:
	"""The benchmarks numabuddy runs for bench=@which, in order: the names of
	nb_benches[] in @header, under "all" without those NB_BENCH_BY_NAME_ONLY
	starts (kernel/bench.c's selected())."""
	with open(header, encoding='utf-8') as f:
		text = f.read()
	names = re.findall(r'^\s*\{\s*"([a-z0-9_]+)",', text, re.M)
	m = re.search(r'^#define\s+NB_BENCH_BY_NAME_ONLY\s+"([^"]*)"', text, re.M)
	if not names or not m:
		raise ValueError(f'{header}: no nb_benches[] names or no NB_BENCH_BY_NAME_ONLY')
	wanted = which.split(',')
	return [n for n in names
		if ('all' in wanted and not n.startswith(m.group(1))) or n in wanted]


def bench_machine_args(env=os.environ) -> str:
	"""BENCH_QEMU_ARGS, else the catalogue's benchmark machine."""
	return env.get('BENCH_QEMU_ARGS') or ' '.join(catalogue.load_machine(BENCH_MACHINE).qemu_words())


def host_line() -> str:
	model = ''
	try:
		with open('/proc/cpuinfo') as f:
			for l in f:
				if l.startswith('model name'):
					model = l.split(':', 1)[1].strip()
					break
	except OSError:
		pass
	return f'{os.cpu_count()}-CPU host: {model}'


def qemu_version() -> str:
	out = subprocess.run(['qemu-system-x86_64', '--version'], capture_output=True, text=True).stdout
	m = re.search(r'version (\S+)', out)
	return m.group(1) if m else '?'


def git_describe() -> str:
	return subprocess.run(['git', 'describe', '--always', '--dirty'], capture_output=True,
			      text=True).stdout.strip()


def targets_table(lines: List[str], mode: str, arch: str = 'x86_64') -> List[str]:
	kvm = mode == 'kvm'
	factor = I386_TARGET_FACTOR if arch == 'i386' else 1
	targets = {t: int(v * factor) for t, v in TARGETS.items()}
	fmt_k = '%-22s %10s %10s %10s %8s %-14s %s'
	fmt_t = '%-22s %10s %10s %8s %-14s %s'
	out = [(fmt_k % ('test', 'ops', 'insns/op', 'cycles/op', 'target', 'Linux 6.1', '')) if kvm else
	       (fmt_t % ('test', 'ops', 'insns/op', 'target', 'Linux 6.1', ''))]
	for line in lines:
		f = checks.bench_fields(line)
		t, ins = f.get('test', ''), f.get('insns_per_op', '')
		tg = f'<= {targets[t]}' if t in targets else '-'
		lx = LINUX_6_1.get(t, '-')
		note = ''
		if 'skipped' in f:
			note = 'skipped: ' + f['skipped']
		elif 'error' in f:
			note = 'ERROR: ' + f['error']
		elif t in targets and re.fullmatch(r'[0-9]+', ins):
			note = 'meets the target' if int(ins) <= targets[t] else 'ABOVE the target'
		if 'alloc_per_page' in f:
			note += (', ' if note else '') + f"alloc {f['alloc_per_page']} + free {f.get('free_per_page', '')}"
		if kvm:
			out.append(fmt_k % (t, f.get('ops', ''), ins, f.get('cycles_per_op', ''), tg, lx, note))
		else:
			out.append(fmt_t % (t, f.get('ops', ''), ins, tg, lx, note))
	return out


def bench(env=os.environ) -> int:
	"""make bench. Exit status: non-zero only if a boot fails (the kernel's
	failure status, a crash, a hang, or no `bench:` line)."""
	arch = env.get('ARCH') or 'x86_64'
	if arch not in ('x86_64', 'i386'):
		print(f"bench: unknown ARCH '{arch}'", file=sys.stderr)
		return 2
	memmodel = env.get('MEMMODEL') or ('vmemmap' if arch == 'x86_64' else 'discontig')
	config = f'{arch}-{memmodel}'
	kernel = env.get('KERNEL') or f'build/{config}/numabuddy.elf'
	build = env.get('BUILD') or f'build/{config}'
	accel = env.get('ACCEL') or 'tcg'
	which = env.get('BENCH') or 'all'
	timeout = int(env.get('TIMEOUT') or 300)
	machine = bench_machine_args(env)
	if accel == 'tcg':
		mode, runs, args = 'icount', int(env.get('BENCH_RUNS') or 2), machine + ' -icount shift=0,sleep=off'
	elif accel == 'kvm':
		mode, runs, args = 'kvm', int(env.get('BENCH_RUNS') or 1), machine
	else:
		print('bench: ACCEL must be tcg or kvm', file=sys.stderr)
		return 2
	if not os.path.isfile(kernel):
		print(f'bench: no kernel at {kernel} (run make first)', file=sys.stderr)
		return 2
	os.makedirs(build, exist_ok=True)
	profile = env.get('PROFILE', '') not in ('', '0')
	if profile:
		if accel != 'tcg':
			print('bench: PROFILE=1 single-steps under TCG: ACCEL=tcg', file=sys.stderr)
			return 2
		runs = 1
	prof_lines: List[str] = []
	logs = []
	for run in range(1, runs + 1):
		log = f'{build}/bench-{run}.log'
		logs.append(log)
		for p in (log, log + '.qemu'):
			if os.path.exists(p):
				os.unlink(p)
		print(f'== bench: {config}, {accel} ({mode}), run {run} of {runs} (console: {log})', flush=True)
		req = qemu.BootRequest(arch=arch, kernel=kernel, build=build, accel=accel, qemu_args=args,
				       cmdline=f"selftest=none bench={which} bench.mode={mode} {env.get('CMDLINE', '')}",
				       timeout=timeout, serial_log=log)
		prof = None
		if profile:
			req.cmdline += ' bench.profile=1'
			req.qemu_gdbport, req.wait_gdb = str(profiler.free_port()), True
			prof = threading.Thread(target=profiler.run, daemon=True,
						args=(int(req.qemu_gdbport), kernel, arch, prof_lines))
			prof.start()
		with open(log + '.qemu', 'w') as err:
			try:
				res = qemu.boot(req, lambda _t: None, err)
			except qemu.BootError as e:
				print(f'qemu-run: {e}', file=err)
				res = qemu.BootResult(None, False, str(e))
		if prof:
			prof.join(10)
		text = open(log, errors='replace').read() if os.path.exists(log) else ''
		if not res.ok or not checks.bench_lines(text):
			qlines = open(log + '.qemu').read().splitlines()
			print(f"bench: the boot FAILED: {qlines[-1] if qlines else ''}", file=sys.stderr)
			for l in text.splitlines()[-20:]:
				print('  ' + l, file=sys.stderr)
			return 1
	first = open(logs[0], errors='replace').read()
	lines = checks.bench_lines(first)
	with open(f'{build}/bench.txt', 'w') as f:
		f.write(''.join(l + '\n' for l in lines))
	for l in lines:
		print(l)
	for l in first.splitlines():
		if 'bench: mode' in l:
			print(checks.TIMESTAMP.sub('', l))
	if profile:
		print()
		print('\n'.join(prof_lines) if prof_lines else 'profile: error=no operation was profiled')
		if not prof_lines or any(l.startswith('profile: error=') for l in prof_lines):
			return 1
	if runs > 1:
		others = [checks.bench_lines(open(l, errors='replace').read()) for l in logs[1:]]
		if all(o == lines for o in others):
			print(f'determinism: the {runs} runs gave identical figures')
		else:
			print(f'WARNING: the {runs} runs differ (under -icount they should not):', file=sys.stderr)
			for a, b in zip(lines, others[-1]):
				if a != b:
					print(f'  < {a}\n  > {b}', file=sys.stderr)
	print()
	debug = 'DEBUG_VM=0' if os.path.basename(os.path.dirname(os.path.abspath(kernel))).endswith('-nodebug') \
		else 'DEBUG_VM=1'
	print(f'numabuddy {git_describe()} {config} {debug}, QEMU {qemu_version()} {accel} ({mode}), {host_line()}')
	for l in targets_table(lines, mode, arch):
		print(l.rstrip() if l.endswith(' ') else l)
	print('(targets and Linux 6.1 in instructions per operation under -icount; figures, not tests)')
	return 0


# ---- numabuddy next to Linux ------------------------------------------------

def compare_table(ours: List[str], linux: List[List[str]]) -> List[str]:
	"""The side-by-side table: numabuddy's `bench:` lines (ours) next to the
	Linux module's (linux[0]; further lists are more boots of the same kernel,
	which under -icount must agree). One row per test name, numabuddy's order
	first, then the names only Linux has; ratio = numabuddy / linux with two
	decimals; a side without a figure (absent, skipped, failed, `na`) shows
	`-` and the note says why."""
	sides: Dict[str, Dict[str, str]] = {'nb': {}, 'lx': {}}
	order: List[str] = []
	for side, lines in (('nb', ours), ('lx', linux[0] if linux else [])):
		for l in lines:
			t = checks.bench_fields(l).get('test', '')
			if t not in sides[side]:
				sides[side][t] = l
				if t not in order:
					order.append(t)
	differs: Dict[str, List[str]] = {}
	for more in linux[1:]:
		for l in more:
			f = checks.bench_fields(l)
			t = f.get('test', '')
			if t in sides['lx'] and sides['lx'][t] != l:
				differs.setdefault(t, []).append(f.get('insns_per_op', ''))

	def figure(side, t):
		if t not in sides[side]:
			return '', 'absent'
		f = checks.bench_fields(sides[side][t])
		if 'skipped' in f:
			return '', f"skipped ({f['skipped']})"
		if 'error' in f:
			return '', f"ERROR ({f['error']})"
		if not re.fullmatch(r'[0-9]+', f.get('insns_per_op', '')):
			return '', 'no instruction count'
		return f['insns_per_op'], ''

	def extras(side, t):
		if t not in sides[side]:
			return '', ''
		f = checks.bench_fields(sides[side][t])
		label = s = ''
		if 'alloc_per_page' in f:
			label, s = 'alloc+free', f"{f['alloc_per_page']}+{f.get('free_per_page', '')}"
		if 'per_page' in f:
			label, s = 'per page', f['per_page']
		if 'huge_success_pct' in f:
			label, s = 'huge_success_pct', f['huge_success_pct']
		return s, label

	out = ['%-24s %12s %12s %7s  %s' % ('test', 'numabuddy', 'linux', 'ratio', 'note')]
	for t in order:
		a, why_a = figure('nb', t)
		b, why_b = figure('lx', t)
		ratio = '%.2f' % (int(a) / int(b)) if a and b and int(b) > 0 else '-'
		notes = []
		if not a:
			notes.append('numabuddy: ' + why_a)
		if not b:
			notes.append('linux: ' + why_b)
		ea, la = extras('nb', t)
		eb, lb = extras('lx', t)
		if a and b and ea and la == lb:
			notes.append(f'{la} {ea} vs {eb}')
		else:
			if a and ea:
				notes.append(f'numabuddy {la} {ea}')
			if eb and (b or lb == 'huge_success_pct'):
				notes.append(f'linux {lb} {eb}')
		if t in differs:
			first = checks.bench_fields(sides['lx'][t]).get('insns_per_op', '')
			notes.append('linux boots differ: ' + ', '.join([first] + differs[t]))
		out.append(('%-24s %12s %12s %7s  %s' % (t, a or '-', b or '-', ratio, '; '.join(notes))).rstrip())
	return out


def linux_machine(machine: str) -> str:
	"""The Linux machine: the benchmark machine with one CPU (Linux does not
	bring up secondary CPUs under -icount): -smp N becomes -smp 1 (N = 1) or
	-smp 1,maxcpus=N, which keeps the -numa cpus= lists valid."""
	words = machine.split()
	out = []
	i = 0
	while i < len(words):
		if words[i] == '-smp' and i + 1 < len(words):
			v = words[i + 1]
			m = re.search(r'maxcpus=([0-9]+)', v) or re.match(r'([0-9]+)', v) or re.search(r'(?:^|,)cpus=([0-9]+)', v)
			n = int(m.group(1)) if m else 1
			out += ['-smp', f'1,maxcpus={n}' if n > 1 else '1']
			i += 2
		else:
			out.append(words[i])
			i += 1
	return ' '.join(out)


def write_cpio(out: str, entries):
	"""A newc cpio written directly: no root needed for /dev/console, and the
	same bytes every time (fixed owners and times). entries: (path, mode,
	data bytes, (rdev major, minor))."""
	with open(out, 'wb') as o:
		ino = 1
		for name, mode, data, (rmaj, rmin) in list(entries) + [('TRAILER!!!', 0, b'', (0, 0))]:
			hdr = '070701' + ''.join('%08X' % v for v in (
				ino, mode, 0, 0, 1, 0, len(data), 0, 0, rmaj, rmin, len(name) + 1, 0))
			ino += 1
			o.write(hdr.encode() + name.encode() + b'\0')
			o.write(b'\0' * ((4 - (110 + len(name) + 1) % 4) % 4))
			o.write(data + b'\0' * ((4 - len(data) % 4) % 4))


def _sh(cmd, log=None, **kw):
	if log:
		with open(log, 'a') as f:
			return subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, **kw).returncode
	return subprocess.run(cmd, **kw).returncode


def bench_linux(env=os.environ) -> int:
	"""make bench-linux (see Documentation/benchmarks.rst). Exit status: 0;
	1 if a boot fails (either side); 2 on bad usage."""
	arch = env.get('ARCH') or 'x86_64'
	if arch != 'x86_64':
		print("bench-linux: the Linux side is x86_64 only (Debian's linux-image-amd64); run it with ARCH=x86_64", file=sys.stderr)
		print(f"bench-linux: (numabuddy's own figures on {arch}: make bench ARCH={arch})", file=sys.stderr)
		return 2
	memmodel = env.get('MEMMODEL') or 'vmemmap'
	config = f'{arch}-{memmodel}'
	build = env.get('BUILD') or f'build/{config}'
	which = env.get('BENCH') or 'all'
	timeout = int(env.get('TIMEOUT') or 600)
	lruns = int(env.get('BENCH_LINUX_RUNS') or 2)
	qargs = linux_machine(bench_machine_args(env))
	if env.get('BENCH_LINUX_PRINT_MACHINE') == '1':
		print(qargs)
		return 0
	if not re.fullmatch(r'[a-z0-9_,]+', which):
		print(f"bench-linux: bad BENCH='{which}'", file=sys.stderr)
		return 2
	d = os.path.abspath(env.get('BENCH_LINUX_DIR') or 'build/bench-linux')
	os.makedirs(d, exist_ok=True)
	t_start = time.time()
	sudo = [] if os.geteuid() == 0 else ['sudo']
	# As root, apt would hand the download to its _apt user, who cannot write here.
	apt_dl = ['apt-get', '-q'] + (['-o', 'APT::Sandbox::User=root'] if os.geteuid() == 0 else [])

	def resolve_image():
		out = subprocess.run(['apt-cache', 'depends', 'linux-image-amd64'], capture_output=True, text=True).stdout
		m = re.search(r'^\s*Depends: (linux-image-[0-9]\S*)', out, re.M)
		return m.group(1) if m else ''
	img = resolve_image()
	if not img:
		print('== bench-linux: apt does not know linux-image-amd64: apt-get update', flush=True)
		_sh(sudo + ['apt-get', 'update', '-q'], f'{d}/apt-update.log')
		img = resolve_image()
	if not img:
		last = f'{d}/last-krel'
		if os.path.exists(last) and open(last).read().strip():
			img = 'linux-image-' + open(last).read().strip()
			print(f'bench-linux: apt cannot resolve linux-image-amd64; using the cached {img}', file=sys.stderr)
		else:
			print(f'bench-linux: cannot resolve linux-image-amd64 (see {d}/apt-update.log)', file=sys.stderr)
			return 1
	krel = img[len('linux-image-'):]
	kdir = f'{d}/{krel}'
	root = f'{kdir}/root'
	hdrs = f'{root}/usr/src/linux-headers-{krel}'
	vmlinuz = f'{root}/boot/vmlinuz-{krel}'
	busybox = f'{root}/bin/busybox'
	os.makedirs(f'{kdir}/debs', exist_ok=True)
	if not os.path.exists(f'{kdir}/unpacked'):
		out = subprocess.run(['apt-cache', 'depends', f'linux-headers-{krel}'], capture_output=True, text=True).stdout
		hdeps = re.findall(r'^\s*Depends: (linux-(?:headers-.*-common|kbuild-)\S*)', out, re.M)
		if len(hdeps) != 2:
			print(f"bench-linux: cannot resolve linux-headers-{krel}'s packages", file=sys.stderr)
			return 1
		pkgs = [img, f'linux-headers-{krel}'] + hdeps + ['busybox-static']
		missing = [p for p in pkgs if not glob.glob(f'{kdir}/debs/{p}_*.deb')]
		if missing:
			print(f"== bench-linux: downloading {' '.join(missing)} into {kdir}/debs", flush=True)
			dl = f'{kdir}/download.log'
			if _sh(apt_dl + ['download'] + missing, dl, cwd=f'{kdir}/debs') and (
					_sh(sudo + ['apt-get', 'update', '-q'], dl) or
					_sh(apt_dl + ['download'] + missing, dl, cwd=f'{kdir}/debs')):
				print(f'bench-linux: apt-get download failed (see {dl})', file=sys.stderr)
				return 1
		print(f'== bench-linux: unpacking into {root}', flush=True)
		shutil.rmtree(root, ignore_errors=True)
		os.makedirs(root)
		for p in pkgs:
			deb = sorted(glob.glob(f'{kdir}/debs/{p}_*.deb'))[0]
			if p == img:
				# Only the kernel image: the modules (400 MB unpacked) are not needed.
				tar = subprocess.Popen(['dpkg-deb', '--fsys-tarfile', deb], stdout=subprocess.PIPE)
				rc = subprocess.run(['tar', '-x', '-C', root, f'./boot/vmlinuz-{krel}'], stdin=tar.stdout).returncode
				tar.wait()
			else:
				rc = subprocess.run(['dpkg-deb', '-x', deb, root]).returncode
			if rc:
				return 1
		# The flavour's Makefile includes the common one by its installed path.
		mk = open(f'{hdrs}/Makefile').read()
		open(f'{hdrs}/Makefile', 'w').write(re.sub(r'^include /usr/src/', f'include {root}/usr/src/', mk, flags=re.M))
		if not (os.path.isfile(vmlinuz) and os.access(busybox, os.X_OK) and os.path.isfile(f'{hdrs}/Module.symvers')):
			print('bench-linux: the unpacked packages lack vmlinuz, busybox or the headers', file=sys.stderr)
			return 1
		open(f'{kdir}/unpacked', 'w').close()
	open(f'{d}/last-krel', 'w').write(krel + '\n')

	# The module, built with the compiler the kernel was (its headers say: CC = ... gcc-12).
	m = re.search(r'^CC = .*(gcc-[0-9]+)$', open(f'{hdrs}/.kernelvariables').read(), re.M)
	kcc = m.group(1) if m else 'gcc'
	if not shutil.which(kcc) or not shutil.which('make'):
		print(f'== bench-linux: installing {kcc} and make', flush=True)
		lg = f'{d}/apt-install.log'
		if _sh(sudo + ['apt-get', 'install', '-y', '-q', kcc, 'make'], lg) and (
				_sh(sudo + ['apt-get', 'update', '-q'], lg) or
				_sh(sudo + ['apt-get', 'install', '-y', '-q', kcc, 'make'], lg)):
			print(f'bench-linux: cannot install {kcc}', file=sys.stderr)
			return 1
	mod = f'{kdir}/module'
	os.makedirs(mod, exist_ok=True)
	# The module and the two headers it shares with numabuddy's side.
	for src, f in (('tools/bench-linux/Kbuild', 'Kbuild'), ('tools/bench-linux/nb_bench.c', 'nb_bench.c'),
		       ('include/kernel/bench_common.h', 'bench_common.h'),
		       ('arch/x86/include/asm/bench_icount.h', 'bench_icount.h')):
		if not os.path.exists(f'{mod}/{f}') or open(src).read() != open(f'{mod}/{f}').read():
			shutil.copyfile(src, f'{mod}/{f}')
	print(f'== bench-linux: building tools/bench-linux/nb_bench.ko against linux-headers-{krel} ({kcc})', flush=True)
	r = subprocess.run(['make', '-s', '-C', hdrs, f'M={mod}', 'modules'], capture_output=True, text=True)
	open(f'{mod}/build.log', 'w').write(r.stdout + r.stderr)
	if r.returncode:
		sys.stderr.write(r.stdout + r.stderr)
		print('bench-linux: the module does not build', file=sys.stderr)
		return 1

	# The initramfs: busybox, /init, the module.
	init = ('#!/bin/busybox sh\n# make bench-linux: load the benchmark module, power off.\n'
		'/bin/busybox mount -t proc proc /proc\n'
		'echo "bench-linux: init: $(/bin/busybox cat /proc/cmdline)"\n'
		f'/bin/busybox insmod /nb_bench.ko bench={which}\n'
		'echo "bench-linux: insmod exit status $?"\n/bin/busybox poweroff -f\n')
	initrd = f'{kdir}/initramfs.cpio'
	dirm, reg, chrm = stat.S_IFDIR, stat.S_IFREG, stat.S_IFCHR
	write_cpio(initrd + '.tmp', [
		('bin', dirm | 0o755, b'', (0, 0)), ('dev', dirm | 0o755, b'', (0, 0)),
		('proc', dirm | 0o755, b'', (0, 0)), ('sys', dirm | 0o755, b'', (0, 0)),
		('dev/console', chrm | 0o600, b'', (5, 1)),
		('init', reg | 0o755, init.encode(), (0, 0)),
		('bin/busybox', reg | 0o755, open(busybox, 'rb').read(), (0, 0)),
		('nb_bench.ko', reg | 0o644, open(f'{mod}/nb_bench.ko', 'rb').read(), (0, 0))])
	os.replace(initrd + '.tmp', initrd)

	# numabuddy (once the Linux side is ready: a failed download fails fast).
	ours = f'{build}/bench.txt'
	if env.get('BENCH_LINUX_SKIP_OURS') == '1' and os.path.exists(ours) and os.path.getsize(ours) > 0:
		print(f"== bench-linux: numabuddy's figures from {ours} (BENCH_LINUX_SKIP_OURS=1, not re-measured)")
	else:
		print(f'== bench-linux: numabuddy ({config}), make bench', flush=True)
		if os.path.exists(ours):
			os.unlink(ours)
		if bench(dict(env, ARCH=arch, MEMMODEL=memmodel, ACCEL='tcg', BENCH=which, TIMEOUT=str(timeout))):
			print("bench-linux: numabuddy's boot failed", file=sys.stderr)
			return 1

	# Linux. Determinism: -icount alone is not enough, as Linux reads the wall
	# clock from the RTC (waiting for its update cycle, in host time) and seeds
	# its RNG from RDRAND, so that the free lists the benchmarks start from
	# differ a little from boot to boot. The RTC on the virtual clock from a
	# fixed date and a fixed -seed make every boot the same. nokaslr keeps the
	# layout; init_on_alloc=0 undoes Debian's CONFIG_INIT_ON_ALLOC_DEFAULT_ON.
	append = 'console=ttyS0,115200 nokaslr init_on_alloc=0 panic=-1'
	cmd = (['qemu-system-x86_64', '-accel', 'tcg', '-cpu', 'max'] + qargs.split() +
	       ['-icount', 'shift=0,sleep=off', '-rtc', 'base=2024-01-01T00:00:00,clock=vm', '-seed', '1',
		'-display', 'none', '-serial', 'stdio', '-monitor', 'none', '-no-reboot',
		'-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04',
		'-kernel', vmlinuz, '-initrd', initrd, '-append', append])
	open(f'{d}/qemu-cmd.txt', 'w').write(' '.join(cmd) + '\n')
	lx: List[List[str]] = []
	for run in range(1, lruns + 1):
		log = f'{d}/linux-{run}.log'
		print(f'== bench-linux: Linux {krel}, TCG -icount, one CPU, run {run} of {lruns} (console: {log})', flush=True)
		t0 = time.time()
		status = qemu.run_qemu(cmd, timeout, lambda _t: None, log)
		print(f'   {int(time.time() - t0)} s')
		text = open(log, errors='replace').read()
		if not re.search(r'^(\[ *[0-9.]*\] )?bench: done status=', text, re.M):
			why = f'no power-off after {timeout}s' if status is None else f'QEMU status {status}'
			print(f"bench-linux: the Linux boot FAILED ({why}; no 'bench: done' line):", file=sys.stderr)
			for l in text.splitlines()[-20:]:
				print('  ' + l, file=sys.stderr)
			return 1
		lines = [checks.TIMESTAMP.sub('', l) for l in text.splitlines()
			 if checks.TIMESTAMP.sub('', l).startswith('bench: test=')]
		open(f'{d}/linux-{run}.txt', 'w').write(''.join(l + '\n' for l in lines))
		lx.append(lines)
	shutil.copyfile(f'{d}/linux-1.txt', f'{d}/linux.txt')
	first_log = open(f'{d}/linux-1.log', errors='replace').read()
	failed = 'bench: done status=ok' not in first_log
	print()
	print(''.join(l + '\n' for l in lx[0]), end='')
	for l in first_log.splitlines():
		m = re.match(r'^\[ *[0-9.]*\] (bench: mode .*)', l)
		if m:
			print(m.group(1))
	if lruns > 1:
		if all(x == lx[0] for x in lx[1:]):
			print(f'determinism: the {lruns} Linux runs gave identical figures')
		else:
			print(f'WARNING: the {lruns} Linux runs differ (the table notes where):', file=sys.stderr)
	ver = subprocess.run(['dpkg-deb', '-f', sorted(glob.glob(f'{kdir}/debs/{img}_*.deb'))[0], 'Version'],
			     capture_output=True, text=True).stdout.strip()
	print()
	print(f'numabuddy {git_describe()} {config} vs Linux {krel} ({ver}),')
	print(f'QEMU {qemu_version()} TCG -icount shift=0,sleep=off, instructions per operation, {host_line()}')
	ours_lines = checks.bench_lines(open(ours, errors='replace').read())
	table = compare_table(ours_lines, lx)
	open(f'{d}/table.txt', 'w').write(''.join(l + '\n' for l in table))
	print('\n'.join(table))
	print(f'(ratio = numabuddy / linux; Linux boots one CPU; took {int(time.time() - t_start)} s)')
	if failed:
		print(f'bench-linux: the Linux module reported a failure (see {d}/linux-1.log)', file=sys.stderr)
		return 1
	return 0

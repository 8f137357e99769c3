# SPDX-License-Identifier: GPL-2.0-only
#
# Booting the kernel under QEMU: the command line from the catalogue, the
# three ways in (QEMU -kernel = multiboot1, a GRUB ISO = multiboot2, OVMF +
# an ESP with BOOTX64.EFI), the serial console streamed to a sink and a
# log, the timeout, and the exit status.
#
# The verdict: the kernel reports success or failure through isa-debug-exit
# (port 0xf4): QEMU exits with (code << 1) | 1, so 33 is success and 35 the
# kernel's failure. Anything else - a reset or triple fault (QEMU exits 0
# under -no-reboot), a timeout, QEMU itself failing - is a failure.

import os
import select
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

import nbtest_catalogue as catalogue

EXIT_SUCCESS = 33	# the kernel wrote 0x10 to isa-debug-exit
EXIT_FAILURE = 35	# the kernel wrote 0x11
OVMF_CODE = '/usr/share/OVMF/OVMF_CODE_4M.fd'
OVMF_VARS = '/usr/share/OVMF/OVMF_VARS_4M.fd'
# OVMF's shell, started when the loader returns, waits 5 s at
# "Press ESC in 5 seconds to skip startup.nsh or any other key to continue."
UEFI_COUNTDOWN = ' seconds to skip '
EFI_LOADER_ERROR = 'numabuddy-efi: error:'


class BootError(Exception):
	"""Bad usage (unknown machine, missing firmware): exit status 2."""


@dataclass
class BootRequest:
	arch: str = 'x86_64'
	kernel: str = ''
	build: str = ''
	topo: str = '2node'
	qemu_args: str = ''		# replaces the machine (no catalogue entry)
	cmdline: str = ''
	boot: str = 'kernel'		# kernel | iso | efi
	accel: str = ''			# '' = kvm where it works, else tcg
	gdbport: str = ''		# the kernel's own stub on COM2
	qemu_gdbport: str = ''		# QEMU's gdbstub
	wait_gdb: bool = False
	timeout: int = 0
	serial_log: str = ''
	initrd: str = ''		# a boot module (the replay's trace): -initrd, GRUB's module2, or the ESP
	env: Dict[str, str] = field(default_factory=dict)	# for make-iso/make-esp (ESP_*, EFI_LOADER)

	@classmethod
	def from_env(cls, env=os.environ) -> 'BootRequest':
		kernel = env.get('KERNEL', '')
		return cls(arch=env.get('ARCH') or 'x86_64', kernel=kernel,
			   build=env.get('BUILD') or os.path.dirname(kernel),
			   topo=env.get('TOPO') or '2node', qemu_args=env.get('QEMU_ARGS', ''),
			   cmdline=env.get('CMDLINE', ''), boot=env.get('BOOT') or 'kernel',
			   accel=env.get('ACCEL', ''), gdbport=env.get('GDBPORT', ''),
			   qemu_gdbport=env.get('QEMU_GDBPORT', ''),
			   wait_gdb=env.get('QEMU_WAIT_GDB', '0') == '1',
			   timeout=int(env.get('TIMEOUT') or 0), serial_log=env.get('SERIAL_LOG', ''),
			   initrd=env.get('INITRD', ''),
			   env={k: v for k, v in env.items()
				if k.startswith(('ESP_', 'EFI_LOADER', 'OVMF_'))})


@dataclass
class BootResult:
	status: Optional[int]		# QEMU's exit status; None on timeout
	ok: bool
	reason: str			# one line: why it failed ('' when ok)


def kvm_works() -> bool:
	if not (os.access('/dev/kvm', os.R_OK) and os.access('/dev/kvm', os.W_OK)):
		return False
	try:
		with open('/proc/cpuinfo') as f:
			flags = f.read()
	except OSError:
		return False
	return ' vmx' in flags or ' svm' in flags


def squeeze(s: str) -> str:
	return ' '.join(s.split())


def machine_cmdline(req: BootRequest):
	"""(machine QEMU words, the full kernel command line)."""
	m_cmdline = m_expect = ''
	if req.qemu_args:
		words = req.qemu_args.split()
	else:
		try:
			mach = catalogue.load_machine(req.topo)
		except FileNotFoundError:
			names = '\n'.join('  ' + n for n in catalogue.machine_names())
			raise BootError(f"no machine '{req.topo}'; the catalogue has:\n{names}")
		words, m_cmdline, m_expect = mach.qemu_words(), mach.cmdline, mach.expect
	if req.boot == 'efi':
		# expect.mem is the memory as SeaBIOS maps it; OVMF keeps other ranges for
		# itself (efi-compare.t compares the two boots instead).
		m_expect = ' '.join(w for w in m_expect.split() if not w.startswith('expect.mem='))
	if req.gdbport:
		m_cmdline += ' gdbstub=ttyS1'
	return words, squeeze(f'{m_cmdline} {m_expect} {req.cmdline}')


def accel_args(accel: str) -> List[str]:
	if not accel:
		accel = 'kvm' if kvm_works() else 'tcg'
	if accel == 'kvm':
		if not kvm_works():
			raise BootError('ACCEL=kvm, but KVM does not work here (needs /dev/kvm and vmx/svm)')
		return ['-accel', 'kvm', '-cpu', 'host']
	if accel == 'tcg':
		return ['-accel', 'tcg', '-cpu', 'max']
	raise BootError('ACCEL must be kvm or tcg')


class _Temp:
	"""Files one boot creates and removes."""
	def __init__(self):
		self.paths = []

	def add(self, p):
		self.paths.append(p)
		return p

	def remove(self):
		for p in self.paths:
			try:
				os.unlink(p)
			except OSError:
				pass


def qemu_command(req: BootRequest, tmp: _Temp) -> List[str]:
	if not req.kernel or not os.path.isfile(req.kernel):
		raise BootError(f'no kernel image at {req.kernel} (run make first)')
	words, cmdline = machine_cmdline(req)
	qemu = {'x86_64': 'qemu-system-x86_64', 'i386': 'qemu-system-i386'}.get(req.arch)
	if not qemu:
		raise BootError(f"unknown ARCH '{req.arch}'")
	env = dict(os.environ, KERNEL=req.kernel, INITRD=req.initrd, **req.env)
	tag = f'{req.build}/run-{os.getpid()}'
	if req.initrd and not os.path.isfile(req.initrd):
		raise BootError(f'no boot module at {req.initrd}')
	if req.boot == 'kernel':
		# multiboot1 takes -initrd as its module list.
		boot = ['-kernel', req.kernel, '-append', cmdline] + (['-initrd', req.initrd] if req.initrd else [])
	elif req.boot == 'iso':
		iso = tmp.add(tag + '.iso')
		if subprocess.run(['scripts/make-iso.sh', iso, cmdline], env=env).returncode:
			raise BootError('cannot build the ISO')
		boot = ['-cdrom', iso, '-boot', 'd']
	elif req.boot == 'efi':
		if req.arch != 'x86_64':
			raise BootError('BOOT=efi starts the x86_64 kernel only (i386 UEFI is not supported)')
		code = env.get('OVMF_CODE', OVMF_CODE)
		vars_ = env.get('OVMF_VARS', OVMF_VARS)
		if not (os.path.isfile(code) and os.path.isfile(vars_)):
			raise BootError(f'no OVMF firmware ({code}, {vars_}): install the ovmf package')
		esp, myvars = tmp.add(tag + '.esp.img'), tmp.add(tag + '.vars.fd')
		shutil.copyfile(vars_, myvars)
		if subprocess.run(['scripts/make-esp.sh', esp, cmdline], env=env).returncode:
			raise BootError('cannot build the ESP')
		# No NIC: with nothing else to boot, OVMF does not wait for a network.
		boot = ['-drive', f'if=pflash,format=raw,unit=0,readonly=on,file={code}',
			'-drive', f'if=pflash,format=raw,unit=1,file={myvars}',
			'-drive', f'format=raw,file={esp}', '-net', 'none']
	else:
		raise BootError('BOOT must be kernel, iso or efi')
	stub = ['-serial', f'tcp:127.0.0.1:{req.gdbport},server=on,wait=off'] if req.gdbport else []
	extra = (['-gdb', f'tcp::{req.qemu_gdbport}'] if req.qemu_gdbport else []) + \
		(['-S'] if req.wait_gdb else [])
	return [qemu] + accel_args(req.accel) + words + ['-display', 'none', '-serial', 'stdio'] + \
		stub + ['-monitor', 'none', '-no-reboot', '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04'] + \
		boot + extra


def run_qemu(cmd: List[str], timeout: int, sink: Callable[[str], None], log: Optional[str],
	     press_enter_at_countdown: bool = False, stdin_data: bool = False) -> Optional[int]:
	"""Run cmd, its stdout (CRs removed) to sink() chunk by chunk and to log.
	Returns QEMU's status, or None when it was stopped after timeout seconds."""
	logf = None
	if log:
		os.makedirs(os.path.dirname(log) or '.', exist_ok=True)
		logf = open(log, 'w', encoding='utf-8', errors='replace')
	proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
				stdin=subprocess.PIPE if press_enter_at_countdown else subprocess.DEVNULL)
	fd = proc.stdout.fileno()
	deadline = time.monotonic() + timeout if timeout else None
	seen = ''
	pressed = False
	timed_out = False
	try:
		while True:
			wait = None if deadline is None else max(0.0, deadline - time.monotonic())
			r, _, _ = select.select([fd], [], [], wait)
			if not r:
				timed_out = True
				break
			data = os.read(fd, 65536)
			if not data:
				break
			text = data.decode('utf-8', errors='replace').replace('\r', '')
			if logf:
				logf.write(text)
				logf.flush()
			sink(text)
			if press_enter_at_countdown and not pressed:
				seen = (seen + text)[-4096:]
				if UEFI_COUNTDOWN in seen:
					try:
						proc.stdin.write(b'\r')
						proc.stdin.flush()
					except OSError:
						pass
					pressed = True
	except KeyboardInterrupt:
		proc.terminate()
		raise
	finally:
		if timed_out:
			proc.terminate()
			try:
				proc.wait(5)
			except subprocess.TimeoutExpired:
				proc.kill()
		if logf:
			logf.close()
	status = proc.wait()
	if proc.stdin:
		proc.stdin.close()
	return None if timed_out else status


def explain(status: Optional[int], timeout: int) -> str:
	if status == EXIT_SUCCESS:
		return ''
	if status is None:
		return f'TIMEOUT: no exit after {timeout}s (hang)'
	if status == EXIT_FAILURE:
		return 'the kernel reported failure (a self-test failed or it panicked)'
	if status == 0:
		return "QEMU stopped without the kernel's exit code (triple fault, reset or power-off)"
	return f'QEMU exited with status {status}'


def boot(req: BootRequest, sink: Callable[[str], None], err=sys.stderr) -> BootResult:
	"""Boot as make run does; messages (qemu-run: ...) go to err."""
	tmp = _Temp()
	try:
		cmd = qemu_command(req, tmp)
		print('qemu-run: ' + ' '.join(cmd), file=err, flush=True)
		log = req.serial_log
		if req.boot == 'efi' and not log:
			# The console is kept to name a loader failure.
			log = tmp.add(f'{req.build}/run-{os.getpid()}.console')
		status = run_qemu(cmd, req.timeout, sink, log, press_enter_at_countdown=req.boot == 'efi')
		if req.boot == 'efi' and status != EXIT_SUCCESS:
			with open(log, encoding='utf-8', errors='replace') as f:
				errors = [l.split(EFI_LOADER_ERROR, 1)[1].strip() for l in f if EFI_LOADER_ERROR in l]
			if errors:
				print('qemu-run: the UEFI loader failed and returned to the firmware:', file=err)
				for e in errors:
					print('qemu-run:   ' + e, file=err)
				return BootResult(status, False, 'the UEFI loader failed and returned to the firmware')
		why = explain(status, req.timeout)
		if why:
			print('qemu-run: ' + why, file=err, flush=True)
		return BootResult(status, status == EXIT_SUCCESS, why)
	finally:
		tmp.remove()


def stream_stdout(text: str):
	sys.stdout.write(text)
	sys.stdout.flush()


def port_busy(port: int) -> bool:
	import socket
	with socket.socket() as s:
		s.settimeout(0.2)
		return s.connect_ex(('127.0.0.1', port)) == 0


def debug(req: BootRequest, gdb_cmd: List[str]) -> int:
	"""make debug: QEMU halted at reset with its gdbstub, and gdb attached."""
	port = int(req.gdbport or 1234)
	log = req.serial_log or f'{req.build}/debug-serial.log'
	if port_busy(port):
		print(f'debug: port {port} is busy; choose another with GDBPORT=', file=sys.stderr)
		return 2
	env = dict(os.environ, QEMU_WAIT_GDB='1', QEMU_GDBPORT=str(port), GDBPORT='',
		   SERIAL_LOG=log, TIMEOUT=str(req.timeout))
	os.makedirs(os.path.dirname(log) or '.', exist_ok=True)
	with open(log + '.qemu', 'w') as qerr:
		q = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(__file__), 'nbtest.py'), 'run'],
				     env=env, stdout=subprocess.DEVNULL, stderr=qerr, start_new_session=True)
	try:
		for _ in range(100):
			if port_busy(port):
				break
			if q.poll() is not None:
				sys.stderr.write(open(log + '.qemu').read())
				return 1
			time.sleep(0.1)
		print(f'debug: QEMU is halted at reset, gdbstub on port {port}; serial console in {log}',
		      file=sys.stderr)
		rc = subprocess.call(gdb_cmd + ['-ex', f'target remote 127.0.0.1:{port}'])
		# Give a kernel that was let run a moment to finish, then stop QEMU.
		for _ in range(50):
			if q.poll() is not None:
				break
			time.sleep(0.1)
		return rc
	finally:
		if q.poll() is None:
			os.killpg(q.pid, signal.SIGTERM)
		q.wait()

# SPDX-License-Identifier: GPL-2.0-only
"""make bench PROFILE=1: where the instructions of one benchmark operation go.

The kernel, booted with bench.profile=1, runs one more operation of each
profilable benchmark (pairs, order0_batch1024, order0_bulk) in
bench_profile_op() after measuring it (kernel/bench.c). QEMU starts with
its gdbstub and stopped (-S); this module speaks the gdb remote protocol
to it: a hardware breakpoint on bench_profile_op, then, at each hit,
single steps until the return address, each instruction attributed to the
function symbol (nm) its address lies in. Functions the compiler inlined
count as their caller. Under -icount the counts are deterministic; the
total is the benchmark's figure less its loop (and, for the batch kinds,
divided by the pages).
"""
import bisect
import socket
import subprocess
import time
from typing import Dict, List, Optional, Tuple

# The program counter's register number in QEMU's 'p' packet, and the word size.
ARCH_REGS = {'x86_64': (16, 7, 8), 'i386': (8, 4, 4)}	# (pc, sp, bytes)


class Symbols:
	"""The kernel's function symbols, to name the function an address is in."""

	def __init__(self, elf: str):
		out = subprocess.run(['nm', '-n', elf], capture_output=True, text=True, check=True).stdout
		self.addrs: List[int] = []
		self.names: List[str] = []
		self.by_name: Dict[str, int] = {}
		for line in out.splitlines():
			w = line.split()
			if len(w) != 3:
				continue
			addr, kind, name = int(w[0], 16), w[1], w[2]
			self.by_name.setdefault(name, addr)
			if kind in 'tTwW':
				self.addrs.append(addr)
				self.names.append(name)

	def name_at(self, pc: int) -> str:
		i = bisect.bisect_right(self.addrs, pc) - 1
		return self.names[i] if i >= 0 else f'{pc:#x}'


class Remote:
	"""The gdb remote serial protocol, the little of it the profiler needs."""

	def __init__(self, port: int, timeout: float):
		deadline = time.time() + timeout
		while True:
			try:
				self.sock = socket.create_connection(('127.0.0.1', port), timeout=timeout)
				self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
				break
			except OSError:
				if time.time() > deadline:
					raise
				time.sleep(0.05)
		self.buf = b''

	def _read_byte(self) -> Optional[int]:
		if not self.buf:
			try:
				self.buf = self.sock.recv(65536)
			except OSError:
				return None
			if not self.buf:
				return None
		b, self.buf = self.buf[0], self.buf[1:]
		return b

	def send(self, cmd: str) -> None:
		data = cmd.encode()
		self.sock.sendall(b'$' + data + b'#' + b'%02x' % (sum(data) & 0xff))

	def _until(self, stop: str, keep: Optional[bytearray] = None) -> bool:
		"""Read up to the byte @stop, keeping what comes before it in @keep;
		False when QEMU has gone."""
		while True:
			b = self._read_byte()
			if b is None:
				return False
			if b == ord(stop):
				return True
			if keep is not None:
				keep.append(b)

	def recv(self) -> Optional[str]:
		"""One packet's payload (acknowledged); None when QEMU has gone."""
		payload = bytearray()
		if not self._until('$') or not self._until('#', payload):
			return None
		self._read_byte()
		self._read_byte()
		self.sock.sendall(b'+')
		return payload.decode(errors='replace')

	def ask(self, cmd: str) -> Optional[str]:
		self.send(cmd)
		return self.recv()

	def reg(self, n: int, word: int) -> int:
		"""Register @n of 'g''s list (QEMU has no 'p'): the general registers
		come first, @word bytes each."""
		regs = bytes.fromhex(self.ask('g') or '')
		return int.from_bytes(regs[n * word:(n + 1) * word], 'little')

	def mem(self, addr: int, n: int) -> bytes:
		return bytes.fromhex(self.ask(f'm{addr:x},{n:x}') or '')

	def string(self, addr: int, limit: int = 64) -> str:
		return self.mem(addr, limit).split(b'\0')[0].decode(errors='replace')


def inlined_functions(elf: str, pcs: Dict[int, int]) -> Dict[str, int]:
	"""The instructions of @pcs (address -> times executed) per source
	function, inlined ones apart: addr2line -i names the innermost."""
	addrs = sorted(pcs)
	if not addrs:
		return {}
	out = subprocess.run(['addr2line', '-e', elf, '-f', '-i', '-a'] + ['%#x' % a for a in addrs],
			     capture_output=True, text=True).stdout.splitlines()
	counts: Dict[str, int] = {}
	cur: Optional[int] = None
	expect_fn = False
	for line in out:
		if line.startswith('0x'):
			cur, expect_fn = int(line, 16), True
		elif expect_fn and cur is not None:
			counts[line] = counts.get(line, 0) + pcs.get(cur, 0)
			expect_fn = False
	return counts


def profile_one(r: Remote, syms: Symbols, arch: str, max_steps: int) -> Tuple[str, int, Dict[str, int], Dict[int, int]]:
	"""Stopped at bench_profile_op's first instruction: step to its return.
	Returns the benchmark's name, its operation count, the instructions per
	function and per address."""
	pc_reg, sp_reg, word = ARCH_REGS[arch]
	info = syms.by_name['bench_profile_info']
	name = r.string(int.from_bytes(r.mem(info, word), 'little'))
	ops = int.from_bytes(r.mem(info + word, word), 'little')
	ret = int.from_bytes(r.mem(r.reg(sp_reg, word), word), 'little')
	counts: Dict[str, int] = {}
	pcs: Dict[int, int] = {}
	pc = r.reg(pc_reg, word)
	steps = 0
	while pc != ret and steps < max_steps:
		fn = syms.name_at(pc)
		counts[fn] = counts.get(fn, 0) + 1
		pcs[pc] = pcs.get(pc, 0) + 1
		steps += 1
		if r.ask('s') is None:
			break
		pc = r.reg(pc_reg, word)
	return name, ops, counts, pcs


def format_profile(name: str, ops: int, counts: Dict[str, int],
		   inlined: Optional[Dict[str, int]] = None) -> List[str]:
	"""The report of one benchmark: a header line, one line per function
	symbol, most instructions first (ties by name), then the same by source
	function with inlined functions apart (when addr2line gave them):
	    profile: test=NAME ops=N insns=TOTAL insns_per_op=T/N functions=F
	    profile:   COUNT  PCT%  FUNCTION
	    profile: test=NAME by source function (inlined ones apart)
	    profile:   COUNT  PCT%  FUNCTION
	"""
	total = sum(counts.values())
	per_op = (total + ops // 2) // ops if ops else 0
	out = [f'profile: test={name} ops={ops} insns={total} insns_per_op={per_op} functions={len(counts)}']

	def rows(table: Dict[str, int]) -> None:
		for fn, c in sorted(table.items(), key=lambda kv: (-kv[1], kv[0])):
			out.append('profile: %9d %5.1f%%  %s' % (c, 100.0 * c / total if total else 0.0, fn))
	rows(counts)
	if inlined:
		out.append(f'profile: test={name} by source function (inlined ones apart)')
		rows(inlined)
	return out


def free_port() -> int:
	with socket.socket() as s:
		s.bind(('127.0.0.1', 0))
		return s.getsockname()[1]


def run(port: int, elf: str, arch: str, results: List[str], max_steps: int = 2_000_000,
	timeout: float = 60) -> None:
	"""The profiler's side of a boot started with -gdb on @port and -S: every
	bench_profile_op() call profiled, the report lines appended to @results,
	then QEMU let go. Runs in a thread next to the boot."""
	try:
		syms = Symbols(elf)
		if 'bench_profile_op' not in syms.by_name:
			results.append('profile: error=no bench_profile_op symbol in ' + elf)
			return
		r = Remote(port, timeout)
		bp = syms.by_name['bench_profile_op']
		r.ask('?')
		if r.ask(f'Z1,{bp:x},1') != 'OK':
			results.append('profile: error=QEMU refused the hardware breakpoint')
			r.ask('D')
			return
		while True:
			r.send('c')
			stop = r.recv()
			if stop is None or stop[:1] in ('W', 'X'):	# the kernel powered off
				return
			if r.reg(ARCH_REGS[arch][0], ARCH_REGS[arch][2]) != bp:
				continue
			r.ask(f'z1,{bp:x},1')
			name, ops, counts, pcs = profile_one(r, syms, arch, max_steps)
			results.extend(format_profile(name, ops, counts, inlined_functions(elf, pcs)))
			r.ask(f'Z1,{bp:x},1')
	except (OSError, ValueError, KeyError) as e:
		results.append(f'profile: error={type(e).__name__}: {e}')

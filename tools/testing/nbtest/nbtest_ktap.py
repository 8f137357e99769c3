# SPDX-License-Identifier: GPL-2.0-only
#
# KTAP in, TAP out.
#
# The kernel prints KTAP (Documentation/dev-tools/ktap.rst in Linux): a
# "KTAP version 1" line, a plan "1..N", then one "ok/not ok N name [# SKIP
# why]" line per suite, each suite's own KTAP indented by 4 spaces before its
# result line. Kernel log lines ("[    0.123456] ...") are interleaved.
#
# What prove reads is the top level, numbered on by the checks a boot test
# runs on its log (parity, dumps): Tap below numbers results as they come
# and prints the plan last, from what was printed, so that no plan is ever
# typed. A kernel plan that its results do not meet is a failed test of its
# own, and so is a nested plan the suite's cases do not meet.

import re
import sys
from dataclasses import dataclass, field
from typing import Iterable, List, Optional, TextIO

TIMESTAMP = re.compile(r'^\[ *[0-9]*\.[0-9]*\] ')
RESULT = re.compile(r'^(?P<indent> *)(?P<ok>not ok|ok) (?P<num>\d+)(?:\s+-)?(?:\s+(?P<name>[^#]*?))?\s*(?:#\s*(?P<directive>.*))?$')
PLAN = re.compile(r'^(?P<indent> *)1\.\.(?P<n>\d+)(?:\s*#\s*(?P<why>.*))?$')
VERSION = re.compile(r'^ *(K?TAP) version \d+$')
REPORT_BEGIN = re.compile(r'^----- BEGIN [a-z0-9_]+ -----$')
REPORT_END = re.compile(r'^----- END [a-z0-9_]+ -----$')


@dataclass
class Result:
	ok: bool
	num: int
	name: str
	directive: str = ''

	@property
	def skipped(self) -> bool:
		return self.directive.upper().startswith('SKIP')


@dataclass
class Suite:
	"""One level of KTAP: its plan and results, and its nested levels."""
	depth: int
	plan: Optional[int] = None
	plan_directive: str = ''
	results: List[Result] = field(default_factory=list)
	children: List['Suite'] = field(default_factory=list)
	name: str = ''		# from the parent's result line

	def problems(self) -> List[str]:
		"""Every level whose results do not meet its plan."""
		out = []
		label = self.name or 'the top level'
		if self.plan is not None and len(self.results) != self.plan:
			out.append(f'{label}: plan 1..{self.plan}, {len(self.results)} results')
		for i, r in enumerate(self.results):
			if r.num != i + 1:
				out.append(f'{label}: result {i + 1} is numbered {r.num}')
				break
		for c in self.children:
			out.extend(c.problems())
		return out


def parse(lines: Iterable[str]) -> Suite:
	"""The KTAP tree of a console log (kernel log lines and report sections ignored)."""
	top = Suite(depth=0)
	stack = [top]
	in_report = False
	for raw in lines:
		line = raw.rstrip('\n')
		if TIMESTAMP.match(line):
			continue
		if REPORT_BEGIN.match(line):
			in_report = True
			continue
		if REPORT_END.match(line):
			in_report = False
			continue
		if in_report:
			continue
		indent = len(line) - len(line.lstrip(' '))
		depth = indent // 4
		if VERSION.match(line):
			if depth > 0:
				while len(stack) > depth:
					stack.pop()
				child = Suite(depth=depth)
				stack[-1].children.append(child)
				stack.append(child)
			continue
		m = PLAN.match(line)
		if m:
			while len(stack) > depth + 1:
				stack.pop()
			if len(stack) == depth + 1 and stack[-1].plan is None:
				stack[-1].plan = int(m.group('n'))
				stack[-1].plan_directive = m.group('why') or ''
			continue
		m = RESULT.match(line)
		if m:
			while len(stack) > depth + 1:
				done = stack.pop()
				if not done.name:
					done.name = (m.group('name') or '').strip()
			if len(stack) < depth + 1:
				continue	# a result deeper than any "KTAP version" line seen
			stack[-1].results.append(Result(m.group('ok') == 'ok', int(m.group('num')),
							(m.group('name') or '').strip(), m.group('directive') or ''))
	return top


class Tap:
	"""A TAP stream whose plan is counted, not typed: tests are numbered as
	they are reported and "1..N" comes last."""

	def __init__(self, out: TextIO = sys.stdout, first: int = 1):
		self.out = out
		self.n = first - 1
		self.failed = False

	def emit(self, text: str):
		self.out.write(text + '\n')
		self.out.flush()

	def diag(self, text: str):
		for l in text.splitlines() or ['']:
			self.emit(('# ' + l).rstrip())

	def report(self, ok: bool, what: str, diag: str = '') -> bool:
		self.n += 1
		self.emit(f"{'ok' if ok else 'not ok'} {self.n} - {what}")
		if not ok:
			self.failed = True
		if diag:
			self.diag(diag)
		return ok

	def skip(self, what: str, why: str):
		self.n += 1
		self.emit(f'ok {self.n} - {what} # SKIP {why}')

	def passthrough(self, result_line: str):
		"""A result line of the kernel's, numbered by the kernel: kept as it is
		(the harness's tests grep for it), counted here."""
		self.n += 1
		if result_line.startswith('not ok'):
			self.failed = True
		self.emit(result_line)

	def plan(self):
		self.emit(f'1..{self.n}')


class KtapFilter:
	"""Fed the console text as it arrives: writes the KTAP lines (not the kernel
	log lines, not the reports' text) to a Tap, counting the kernel's top-level
	results, and keeps every line for the parse at the end."""

	def __init__(self, tap: Tap):
		self.tap = tap
		self.buf = ''
		self.lines: List[str] = []
		self.in_report = False
		self.kernel_plan: Optional[int] = None
		self.kernel_plan_directive = ''

	def feed(self, text: str):
		self.buf += text
		*complete, self.buf = self.buf.split('\n')
		for l in complete:
			self._line(l)

	def close(self):
		if self.buf:
			self._line(self.buf)
			self.buf = ''

	def _line(self, line: str):
		self.lines.append(line)
		if TIMESTAMP.match(line):
			return
		if REPORT_BEGIN.match(line):
			self.in_report = True
			return
		if REPORT_END.match(line):
			self.in_report = False
			return
		if self.in_report:
			return
		m = PLAN.match(line)
		if m and not m.group('indent') and self.kernel_plan is None:
			self.kernel_plan = int(m.group('n'))
			self.kernel_plan_directive = m.group('why') or ''
			return		# the plan is printed last, counted
		m = RESULT.match(line)
		if m and not m.group('indent'):
			self.tap.passthrough(line)
			return
		self.tap.emit(line)

# SPDX-License-Identifier: GPL-2.0-only
#
# The machine catalogue: tests/machines/NAME.machine read as data.
#
# A .machine file is a list of assignments, one per line, in the shell's
# quoting (so that it reads the same to a human who knows `make run
# QEMU_ARGS=...`), but it is never run: only these forms are understood:
#   key="value"   backslash-newline joins lines; \" \\ \$ \` escape;
#                 ${BASH_SOURCE[0]%/*} (optionally inside $(realpath "...")) is
#                 the directory of the file, absolute
#   key='value'   literal
#   key=word      literal, no quotes, no $
# Lines starting with # and blank lines are ignored. Anything else is an
# error that names the file and line.

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Dict, List, Optional

CATALOGUE_DIR = 'tests/machines'
DEFAULT_TIMEOUT = 120
ALL_CONFIGS = ['x86_64-vmemmap', 'x86_64-sparse', 'i386-discontig', 'i386-sparse']


class CatalogueError(Exception):
	pass


@dataclass
class Machine:
	name: str
	path: str
	description: str = ''
	qemu_args: str = ''
	cmdline: str = ''
	expect: str = ''
	configs: str = 'all'
	timeout: int = DEFAULT_TIMEOUT
	extra: Dict[str, str] = field(default_factory=dict)

	def runs_on(self, config: str) -> bool:
		"""configs="all", or a list of ARCH-MEMMODEL; "none": only booted by name
		(make run TOPO=, make bench), never by make test."""
		if self.configs == 'all':
			return True
		return config in self.configs.split()

	def qemu_words(self) -> List[str]:
		return self.qemu_args.split()

	def memory_mib(self) -> int:
		m = re.search(r'(?:^|\s)-m\s+(\d+)([MG]?)\b', self.qemu_args)
		if not m:
			return 128	# QEMU's default
		return int(m.group(1)) * (1024 if m.group(2) == 'G' else 1)

	def cpus(self) -> int:
		m = re.search(r'(?:^|\s)-smp\s+(?:cpus=)?(\d+)', self.qemu_args)
		return int(m.group(1)) if m else 1


_SOURCE_DIR = re.compile(r'\$\(realpath "\$\{BASH_SOURCE\[0\]%/\*\}"\)|\$\{BASH_SOURCE\[0\]%/\*\}')
_ASSIGN = re.compile(r'([A-Za-z_][A-Za-z0-9_]*)=')


_GENERATOR = 'tools/acpi/mkacpi.py'


def _acpi_table(text: str, pos: int, where: str, mdir: str):
	"""The one command a machine may run: $("${BASH_SOURCE[0]%/*}/../../tools/acpi/mkacpi.py" OUT ...),
	the tree's ACPI table generator, which writes OUT and prints its path (the
	value). Returns (value, position after the closing parenthesis)."""
	end = text.find(')', pos + 2)
	if end < 0:
		raise CatalogueError(f'{where}: unterminated $(')
	inner = _SOURCE_DIR.sub(lambda m: mdir, text[pos + 2:end].replace('\\\n', ' '))
	try:
		words = shlex.split(inner)
	except ValueError as e:
		raise CatalogueError(f'{where}: {e}')
	if not words or not os.path.normpath(words[0]).endswith(_GENERATOR):
		raise CatalogueError(f'{where}: the only command a machine may run is {_GENERATOR}, not {inner.strip()[:40]!r}')
	r = subprocess.run([sys.executable, words[0]] + words[1:], capture_output=True, text=True)
	if r.returncode:
		raise CatalogueError(f'{where}: {_GENERATOR} failed: {r.stderr.strip()}')
	return r.stdout.strip(), end + 1


def _double_quoted(text: str, pos: int, where: str, mdir: str):
	"""The value of a "..." string starting after its opening quote at text[pos].
	Returns (value, position after the closing quote)."""
	out = []
	while True:
		if pos >= len(text):
			raise CatalogueError(f'{where}: unterminated "')
		c = text[pos]
		if c == '"':
			return ''.join(out), pos + 1
		if c == '\\' and pos + 1 < len(text):
			n = text[pos + 1]
			if n == '\n':
				pos += 2
				continue
			if n in '"\\$`':
				out.append(n)
				pos += 2
				continue
			out.append(c)
			pos += 1
			continue
		if c == '$' and text.startswith('$(', pos) and not _SOURCE_DIR.match(text, pos):
			value, pos = _acpi_table(text, pos, where, mdir)
			out.append(value)
			continue
		if c == '$':
			m = _SOURCE_DIR.match(text, pos)
			if not m:
				raise CatalogueError(f'{where}: only ${{BASH_SOURCE[0]%/*}} may be expanded, not {text[pos:pos + 20]!r}...')
			out.append(mdir)
			pos = m.end()
			continue
		if c == '`':
			raise CatalogueError(f'{where}: command substitution is not allowed')
		out.append(c)
		pos += 1


def parse_machine(text: str, path: str = 'machine', name: Optional[str] = None) -> Machine:
	mdir = os.path.dirname(os.path.realpath(path))
	if name is None:
		name = os.path.basename(path)[:-len('.machine')] if path.endswith('.machine') else path
	values: Dict[str, str] = {}
	pos = 0
	line = 1
	while pos < len(text):
		where = f'{path}:{line}'
		# Skip blank space and comments between assignments.
		c = text[pos]
		if c == '\n':
			pos += 1
			line += 1
			continue
		if c in ' \t':
			pos += 1
			continue
		if c == '#':
			end = text.find('\n', pos)
			pos = len(text) if end < 0 else end
			continue
		m = _ASSIGN.match(text, pos)
		if not m:
			raise CatalogueError(f'{where}: expected key="value", got {text[pos:text.find(chr(10), pos)]!r}')
		key = m.group(1)
		pos = m.end()
		start = pos
		if pos < len(text) and text[pos] == '"':
			value, pos = _double_quoted(text, pos + 1, where, mdir)
		elif pos < len(text) and text[pos] == "'":
			end = text.find("'", pos + 1)
			if end < 0:
				raise CatalogueError(f"{where}: unterminated '")
			value, pos = text[pos + 1:end], end + 1
		else:
			m2 = re.compile(r'[^\s"\'$`;&|<>()\\]*').match(text, pos)
			value, pos = m2.group(0), m2.end()
		line += text.count('\n', start, pos)
		# Only blanks or a comment may follow on the line.
		rest = re.compile(r'[ \t]*(#[^\n]*)?(\n|$)').match(text, pos)
		if not rest:
			raise CatalogueError(f'{where}: unexpected text after {key}=: {text[pos:pos + 20]!r}')
		pos = rest.end()
		if rest.group(2) == '\n':
			line += 1
		values[key] = value

	mach = Machine(name=name, path=path)
	for key, value in values.items():
		if key == 'timeout':
			if not re.fullmatch(r'\d+', value):
				raise CatalogueError(f'{path}: timeout={value!r} is not a number of seconds')
			mach.timeout = int(value)
		elif key in ('description', 'qemu_args', 'cmdline', 'expect', 'configs'):
			setattr(mach, key, value)
		else:
			mach.extra[key] = value
	return mach


def machine_path(name: str, root: str = '.') -> str:
	return os.path.join(root, CATALOGUE_DIR, name + '.machine')


def load_machine(name: str, root: str = '.') -> Machine:
	path = machine_path(name, root)
	with open(path, encoding='utf-8') as f:
		return parse_machine(f.read(), path, name)


def machine_names(root: str = '.') -> List[str]:
	d = os.path.join(root, CATALOGUE_DIR)
	return sorted(f[:-len('.machine')] for f in os.listdir(d) if f.endswith('.machine'))


def load_catalogue(root: str = '.') -> Dict[str, Machine]:
	return {n: load_machine(n, root) for n in machine_names(root)}

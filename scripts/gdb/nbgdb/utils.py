# SPDX-License-Identifier: GPL-2.0-only
#
# Shared helpers: symbol and type lookups, memory reads, the constants the
# kernel exports for debuggers (kernel/gdb_constants.c).
import gdb

CONSTANTS_VERSION = 1
MEMMODEL_SPARSE, MEMMODEL_VMEMMAP, MEMMODEL_DISCONTIG = 0, 1, 2


class HelperError(gdb.GdbError):
    pass


def number_arg(command, what, arg):
    """The one argument of @command: a gdb expression for @what, a number
    that must not be negative."""
    if not arg.strip():
        raise HelperError("usage: %s %s" % (command, what))
    n = int(gdb.parse_and_eval(arg))
    if n < 0:
        raise HelperError("%s: %s must not be negative" % (command, what))
    return n


class TextCommand(gdb.Command):
    """An nb-* command that prints what text() returns; see text_command()."""

    def __init__(self, name, text, arg):
        super().__init__(name, gdb.COMMAND_DATA)
        self.name, self.text, self.arg = name, text, arg

    def invoke(self, arg, from_tty):
        if self.arg is not None:
            gdb.write(self.text(number_arg(self.name, self.arg, arg)))
        elif arg.strip():
            raise HelperError("%s takes no arguments" % self.name)
        else:
            gdb.write(self.text())


def text_command(name, text, doc, arg=None):
    """Register the gdb command @name, which prints text(), or text(N) when
    @arg names its one numeric argument (number_arg()). @doc is its help."""
    cls = type("TextCommand_" + name.replace("-", "_"), (TextCommand,), {"__doc__": doc})
    return cls(name, text, arg)


def symbol_value(name, path_suffix=None):
    """The value of a global, or of a file-static variable; with
    path_suffix, the static one defined in the file whose name ends so."""
    if path_suffix is None:
        sym = gdb.lookup_global_symbol(name)
        if sym is not None:
            return sym.value()
    for sym in gdb.lookup_static_symbols(name):
        if path_suffix is None or sym.symtab.filename.endswith(path_suffix):
            return sym.value()
    where = " in " + path_suffix if path_suffix else ""
    raise HelperError("no symbol %s%s: is the kernel loaded (file numabuddy.elf)?" % (name, where))


_constants = []


def constants():
    """nb_gdb_constants, read once (they never change)."""
    if _constants:
        return _constants[0]
    c = symbol_value("nb_gdb_constants")
    c.fetch_lazy()
    if int(c["version"]) != CONSTANTS_VERSION:
        raise HelperError("nb_gdb_constants version %d, the helpers know %d: update scripts/gdb"
                          % (int(c["version"]), CONSTANTS_VERSION))
    _constants.append(c)
    return c


def ptr_bits():
    return gdb.lookup_type("unsigned long").sizeof * 8


def to_unsigned(v, bits=None):
    return int(v) & ((1 << (bits or ptr_bits())) - 1)


def read_bytes(addr, length):
    try:
        return bytes(gdb.selected_inferior().read_memory(addr, length))
    except gdb.MemoryError as e:
        raise HelperError("cannot read %d bytes at %#x: %s" % (length, addr, e))


def fetched(value):
    """The value with its contents read in one go (one memory request
    instead of one per field)."""
    value.fetch_lazy()
    return value


def array_len(value):
    lo, hi = value.type.strip_typedefs().range()
    return hi - lo + 1


def cstring(ptr):
    if int(ptr) == 0:
        return "(null)"
    return ptr.string()


def node_data():
    """[(nid, pg_data_t value)] for every node with a pglist_data, as
    for_each_online_pgdat() walks them."""
    nr = int(symbol_value("nr_node_ids"))
    arr = symbol_value("node_data")
    out = []
    for nid in range(min(nr, array_len(arr))):
        p = arr[nid]
        if int(p) != 0:
            out.append((nid, p.dereference()))
    return out


def list_len(head, limit=1 << 20):
    """Entries of a struct list_head list, counting stops at @limit (a
    corrupted list ends the count too)."""
    first = to_unsigned(head.address)
    n, node = 0, to_unsigned(head["next"])
    while node != first and n < limit:
        n += 1
        node = to_unsigned(gdb.Value(node).cast(head.type.pointer()).dereference()["next"])
    return n


def enum_value(enum_type, name):
    """The value of enumerator @name of @enum_type (e.g. "enum migratetype")."""
    for f in gdb.lookup_type(enum_type).fields():
        if f.name == name:
            return f.enumval
    raise HelperError("%s has no %s: update scripts/gdb" % (enum_type, name))


def migratetype_names():
    """mm/vmstat.c's migratetype_names[], indexed by enum migratetype."""
    names = symbol_value("migratetype_names")
    return [cstring(names[t]) for t in range(array_len(names))]

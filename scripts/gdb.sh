#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make gdb GDBPORT=N: gdb with the kernel's symbols and the nb-* helpers
# (scripts/gdb/), connected to the kernel's own gdb stub, which
# `make run GDBPORT=N` put on COM2 = TCP port N of 127.0.0.1. Connect while
# the kernel is stopped in the stub (kgdbwait, a breakpoint, a panic or an
# unexpected exception), or connect while it runs and press Ctrl-C (the
# UART's receive interrupt stops it).
# Interactive on a terminal; with commands piped on stdin gdb runs them and
# exits at the end of input (it detaches: the kernel goes on).
set -uo pipefail
: "${KERNEL:?}"
port=${GDBPORT:-}
if [ -z "$port" ]; then
	echo "gdb: say which port: make gdb GDBPORT=N (the port given to make run GDBPORT=N)" >&2
	exit 2
fi
[ -f "$KERNEL" ] || { echo "gdb: no kernel image at $KERNEL" >&2; exit 2; }
exec gdb -q -nx -ex 'set pagination off' -ex 'set confirm off' \
	-ex 'set remotetimeout 10' \
	-ex "file $KERNEL" -x scripts/gdb/numabuddy.py -ex "target remote 127.0.0.1:$port"

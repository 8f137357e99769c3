#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make debug: start QEMU halted with its gdbstub and attach gdb with the
# kernel's symbols and the nb-* helpers (scripts/gdb/). The serial console
# goes to $BUILD/debug-serial.log.
# Interactive on a terminal; with commands piped on stdin gdb runs them and
# exits at the end of input (batch use, as in tests/harness/debug.t).
set -uo pipefail
: "${KERNEL:?}" "${BUILD:?}"
port=${GDBPORT:-1234}
log=${SERIAL_LOG:-$BUILD/debug-serial.log}

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
	echo "debug: port $port is busy; choose another with GDBPORT=" >&2
	exit 2
fi
QEMU_WAIT_GDB=1 QEMU_GDBPORT=$port GDBPORT= SERIAL_LOG=$log TIMEOUT=${TIMEOUT:-0} \
	scripts/qemu-run.sh >/dev/null 2>"$log.qemu" &
qpid=$!
cleanup() { kill "$qpid" 2>/dev/null; pkill -P "$qpid" 2>/dev/null; wait "$qpid" 2>/dev/null; }
trap cleanup EXIT

for _ in $(seq 100); do
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
	kill -0 "$qpid" 2>/dev/null || { cat "$log.qemu" >&2; exit 1; }
	sleep 0.1
done
echo "debug: QEMU is halted at reset, gdbstub on port $port; serial console in $log" >&2

gdb -q -nx -ex 'set pagination off' -ex 'set confirm off' \
	-ex "file $KERNEL" -x scripts/gdb/numabuddy.py -ex "target remote 127.0.0.1:$port"
rc=$?
# Give a kernel that was let run a moment to finish, then stop QEMU.
for _ in $(seq 50); do kill -0 "$qpid" 2>/dev/null || break; sleep 0.1; done
exit $rc

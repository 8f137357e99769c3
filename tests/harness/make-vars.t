#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make run passes CMDLINE and QEMU_ARGS verbatim (issue 13, finding 7): a '$'
# is not expanded by make, a ' does not end a shell quote, and both reach
# the kernel's command line and QEMU's arguments exactly as typed.
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

echo "1..4"
log=build/harness/make-vars.log
mkdir -p build/harness
cmdline='selftest=none memmap=64M$512M nb.q='\''x"y'\'' nb.d=$(true)`true`\\'
qargs='-m 1G -smp 1 -name nb$5'\''q'
make --no-print-directory run ACCEL=tcg QEMU_ARGS="$qargs" CMDLINE="$cmdline" >"$log" 2>&1
report $? "make run with \$ and ' in CMDLINE and QEMU_ARGS succeeds"
grep -qF -- "Command line: $cmdline" "$log"
report $? "the kernel's command line is CMDLINE verbatim"
grep -qF -- "memmap=64M\$512M" "$log" && grep -qF -- "user-defined physical RAM map:" "$log"
report $? "memmap=64M\$512M reaches the kernel and is applied"
grep -qF -- "-m 1G -smp 1 -name nb\$5'q " "$log"
report $? "QEMU gets QEMU_ARGS verbatim"
exit $status

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# boot-test.sh CONFIG MACHINE [extra boot parameters]
# Boot one catalogue machine in one configuration (ARCH-MEMMODEL) and print
# the kernel's KTAP stream for a TAP consumer (prove). Kernel log lines go to
# build/logs/CONFIG/MACHINE.log only. A crash, a hang (timeout), a reset or a
# failure status makes this exit non-zero, whatever the KTAP said.
set -uo pipefail
config=$1 machine=$2
shift 2
arch=${config%%-*} memmodel=${config#*-}
mfile=tests/machines/$machine.machine
[ -f "$mfile" ] || { echo "1..0 # SKIP no machine $machine"; exit 1; }

configs=all timeout=120
# shellcheck disable=SC1090
. "$mfile"
if [ "$configs" != all ] && ! [[ " $configs " == *" $config "* ]]; then
	echo "1..0 # SKIP $machine does not run on $config"
	exit 0
fi

tag=${BOOT_TEST_TAG:-$machine}
log=build/logs/$config/$tag.log
mkdir -p "$(dirname "$log")"
ARCH=$arch KERNEL=build/$config/numabuddy.elf BUILD=build/$config TOPO=$machine \
	CMDLINE="$*" BOOT=${BOOT:-kernel} TIMEOUT=${TIMEOUT:-$timeout} SERIAL_LOG=$log \
	scripts/qemu-run.sh 2>"$log.qemu" | grep -av '^\[ *[0-9]*\.[0-9]*\] '
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
	echo "# boot-test: $config $tag FAILED: $(tail -1 "$log.qemu")"
	echo "# boot-test: last kernel lines (full log: $log):"
	tail -15 "$log" | sed 's/^/#   /'
	exit 1
fi

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Boot the kernel under QEMU and stream the serial console to stdout.
#
# Environment (set by the Makefile; see README.md):
#   ARCH, KERNEL, BUILD       what to boot
#   TOPO                      catalogue entry tests/machines/$TOPO.machine
#   QEMU_ARGS                 replaces the machine's arguments (no catalogue entry)
#   CMDLINE                   extra boot parameters
#   BOOT=kernel|iso|efi       QEMU -kernel (multiboot1), the GRUB ISO (multiboot2),
#                             or OVMF + a FAT image with BOOTX64.EFI (x86_64 only)
#   OVMF_CODE, OVMF_VARS      UEFI firmware for BOOT=efi (default Debian's ovmf, 4M)
#   EFI_LOADER, ESP_KERNEL    passed to scripts/make-esp.sh (BOOT=efi)
#   ACCEL=kvm|tcg             default: kvm only where it really works
#   GDBPORT                   the kernel's gdb stub: COM2 (ttyS1) on this TCP port of
#                             127.0.0.1, and gdbstub=ttyS1 on the command line
#   QEMU_GDBPORT              QEMU's own gdbstub on this TCP port (scripts/debug.sh)
#   TIMEOUT                   seconds before the boot counts as hung (0: none)
#   SERIAL_LOG                also write the console (CRs removed) to this file
#   QEMU_WAIT_GDB=1           start halted (-S), for debuggers
#
# Exit status: 0 only when the kernel itself reported success through
# isa-debug-exit (QEMU status 33). Anything else - the kernel's failure
# code, a reset or triple fault (QEMU exits 0 under -no-reboot), a timeout,
# QEMU failing - is non-zero, with the reason on stderr.
set -uo pipefail

die() { echo "qemu-run: $*" >&2; exit 2; }

ARCH=${ARCH:-x86_64}
BOOT=${BOOT:-kernel}
TOPO=${TOPO:-2node}
TIMEOUT=${TIMEOUT:-0}
: "${KERNEL:?KERNEL must name the kernel image}"
BUILD=${BUILD:-$(dirname "$KERNEL")}
[ -f "$KERNEL" ] || die "no kernel image at $KERNEL (run make first)"

machine_cmdline= machine_expect=
if [ -n "${QEMU_ARGS:-}" ]; then
	machine_args=$QEMU_ARGS
else
	mfile=tests/machines/$TOPO.machine
	if [ ! -f "$mfile" ]; then
		echo "qemu-run: no machine '$TOPO'; the catalogue has:" >&2
		for f in tests/machines/*.machine; do basename "$f" .machine; done | sed 's/^/  /' >&2
		exit 2
	fi
	# shellcheck disable=SC1090
	qemu_args= cmdline= expect=
	. "$mfile"
	machine_args=$qemu_args machine_cmdline=$cmdline machine_expect=$expect
fi
if [ "$BOOT" = efi ]; then
	# expect.mem is the machine's memory as SeaBIOS maps it; OVMF keeps other ranges
	# for itself (tests/harness/efi-compare.t compares the two boots instead).
	read -ra words <<<"$machine_expect"
	machine_expect=
	for w in "${words[@]}"; do
		[[ $w == expect.mem=* ]] || machine_expect+="$w "
	done
fi
stub_args=()
if [ -n "${GDBPORT:-}" ]; then
	stub_args=(-serial "tcp:127.0.0.1:$GDBPORT,server=on,wait=off")
	machine_cmdline="$machine_cmdline gdbstub=ttyS1"
fi
full_cmdline=$(printf "%s\n" "$machine_cmdline $machine_expect ${CMDLINE:-}" | sed 's/^ *//; s/ *$//; s/  */ /g')

case $ARCH in
x86_64) qemu=qemu-system-x86_64 ;;
i386) qemu=qemu-system-i386 ;;
*) die "unknown ARCH '$ARCH'" ;;
esac

kvm_works() {
	[ -r /dev/kvm ] && [ -w /dev/kvm ] && grep -qE '\b(vmx|svm)\b' /proc/cpuinfo
}
accel=${ACCEL:-}
if [ -z "$accel" ]; then
	if kvm_works; then accel=kvm; else accel=tcg; fi
fi
case $accel in
kvm) kvm_works || die "ACCEL=kvm, but KVM does not work here (needs /dev/kvm and vmx/svm)"
     accel_args="-accel kvm -cpu host" ;;
tcg) accel_args="-accel tcg -cpu max" ;;
*) die "ACCEL must be kvm or tcg" ;;
esac

boot_args=()
case $BOOT in
kernel) boot_args=(-kernel "$KERNEL" -append "$full_cmdline") ;;
iso)
	iso=$BUILD/run-$$.iso
	trap 'rm -f "$iso" "$iso.log"' EXIT
	KERNEL=$KERNEL scripts/make-iso.sh "$iso" "$full_cmdline" || exit 2
	boot_args=(-cdrom "$iso" -boot d) ;;
efi)
	[ "$ARCH" = x86_64 ] || die "BOOT=efi starts the x86_64 kernel only (i386 UEFI is not supported)"
	ovmf_code=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
	ovmf_vars=${OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.fd}
	[ -f "$ovmf_code" ] && [ -f "$ovmf_vars" ] ||
		die "no OVMF firmware ($ovmf_code, $ovmf_vars): install the ovmf package"
	esp=$BUILD/run-$$.esp.img vars=$BUILD/run-$$.vars.fd
	trap 'rm -f "$esp" "$vars"' EXIT
	cp "$ovmf_vars" "$vars"
	KERNEL=$KERNEL scripts/make-esp.sh "$esp" "$full_cmdline" || exit 2
	# No NIC: with nothing else to boot, OVMF does not wait for a network.
	boot_args=(-drive "if=pflash,format=raw,unit=0,readonly=on,file=$ovmf_code"
		   -drive "if=pflash,format=raw,unit=1,file=$vars"
		   -drive "format=raw,file=$esp" -net none) ;;
*) die "BOOT must be kernel, iso or efi" ;;
esac

extra=()
[ -n "${QEMU_GDBPORT:-}" ] && extra+=(-gdb "tcp::$QEMU_GDBPORT")
[ "${QEMU_WAIT_GDB:-0}" = 1 ] && extra+=(-S)

# shellcheck disable=SC2086
cmd=($qemu $accel_args $machine_args -display none -serial stdio "${stub_args[@]}" -monitor none
     -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 "${boot_args[@]}" "${extra[@]}")

echo "qemu-run: ${cmd[*]}" >&2
if [ "$TIMEOUT" != 0 ]; then
	cmd=(timeout --foreground -k 5 "$TIMEOUT" "${cmd[@]}")
fi

# BOOT=efi keeps the console in a file too, to name a loader failure below.
console=
if [ "$BOOT" = efi ] && [ -z "${SERIAL_LOG:-}" ]; then
	SERIAL_LOG=$BUILD/run-$$.console
	console=$SERIAL_LOG
	trap 'rm -f "$esp" "$vars" "$SERIAL_LOG"' EXIT
fi
# The console's input: nothing, except under BOOT=efi, where a loader that
# returns to the firmware gets OVMF's shell, which counts down 5 seconds
# ("Press ESC in 5 seconds to skip startup.nsh or any other key to
# continue") before it runs startup.nsh: a key (Enter) on the serial console
# goes on at once. The log is then written unbuffered, to see the countdown.
input=/dev/null keyer=
if [ "$BOOT" = efi ]; then
	input=$BUILD/run-$$.stdin
	trap 'rm -f "$esp" "$vars" "$input" ${console:+"$console"}' EXIT
	rm -f "$input"
	mkfifo "$input"
	(
		exec >"$input"	# opened when QEMU opens its end
		while sleep 0.2; do
			if grep -aq ' seconds to skip ' "$SERIAL_LOG" 2>/dev/null; then
				printf '\r'
				break
			fi
		done
	) &
	keyer=$!
fi
if [ -n "${SERIAL_LOG:-}" ]; then
	mkdir -p "$(dirname "$SERIAL_LOG")"
	# Line-buffered (BOOT=efi: unbuffered), so that the log can be watched while
	# QEMU runs (tests/harness/gdb.t).
	buf=L
	[ "$BOOT" = efi ] && buf=0
	"${cmd[@]}" <"$input" | stdbuf -o$buf tr -d '\r' | tee "$SERIAL_LOG"
else
	"${cmd[@]}" <"$input" | tr -d '\r'
fi
status=${PIPESTATUS[0]}
if [ -n "$keyer" ]; then
	kill "$keyer" 2>/dev/null
	wait "$keyer" 2>/dev/null
fi

if [ "$BOOT" = efi ] && [ "$status" != 33 ] && grep -aq 'numabuddy-efi: error:' "$SERIAL_LOG"; then
	echo "qemu-run: the UEFI loader failed and returned to the firmware:" >&2
	grep -a 'numabuddy-efi: error:' "$SERIAL_LOG" | sed 's/^.*numabuddy-efi: error: /qemu-run:   /' >&2
	exit 1
fi

case $status in
33) exit 0 ;;
35) echo "qemu-run: the kernel reported failure (a self-test failed or it panicked)" >&2 ;;
124|137) echo "qemu-run: TIMEOUT: no exit after ${TIMEOUT}s (hang)" >&2 ;;
0) echo "qemu-run: QEMU stopped without the kernel's exit code (triple fault, reset or power-off)" >&2 ;;
*) echo "qemu-run: QEMU exited with status $status" >&2 ;;
esac
exit 1

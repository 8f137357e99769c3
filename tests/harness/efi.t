#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The UEFI loader's failure paths, and its ExitBootServices retry, under
# OVMF. Each scenario builds an ESP (scripts/make-esp.sh through
# nbtest.py run with BOOT=efi), boots it, and checks three things where
# the loader must fail:
#   - its message on the UEFI console (OVMF copies the console to the
#     serial port, which is the log here),
#   - that the error status reached the firmware: OVMF's boot manager
#     says "BdsDxe: failed to start Boot#### ...: <status>",
#   - that qemu-run fails and names the loader's error.
# After a failure OVMF starts its shell, whose startup.nsh (from the ESP)
# powers the machine off: no scenario waits for a timeout.
# Scenarios that must boot check the kernel's own log instead.
# Every reason the kernel check can give is covered hosted (efi-elf.t);
# here two broken kernels show the path from the check to the firmware.
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

cfg=x86_64-vmemmap
kernel=build/$cfg/numabuddy.elf
dir=build/efi-tests
mkdir -p "$dir"

echo "1..33"
if ! make -s efi kernel ARCH=x86_64 >"$dir/build.log" 2>&1; then
	echo "Bail out! cannot build the loader and the kernel (see $dir/build.log)"
	exit 1
fi

# boot NAME [VAR=value ...]: boot the ESP; the console goes to $dir/NAME.log,
# qemu-run's messages to $dir/NAME.err, its exit status to $rc.
boot() {
	local name=$1
	shift
	env ARCH=x86_64 KERNEL=$kernel BUILD=$dir BOOT=efi TOPO=nonuma TIMEOUT=120 \
		SERIAL_LOG="$dir/$name.log" "$@" python3 tools/testing/nbtest/nbtest.py run >/dev/null 2>"$dir/$name.err"
	rc=$?
}
# has NAME TEXT: the console of NAME shows TEXT (fixed string).
has() {
	grep -aqF -- "$2" "$dir/$1.log"
}
# loader_fails NAME STATUS MESSAGE: the three checks of a failed load
# (MESSAGE: part of a "numabuddy-efi: error:" line).
loader_fails() {
	local name=$1 st=$2 msg=$3
	grep -a 'numabuddy-efi: error: ' "$dir/$name.log" | grep -aqF -- "$msg"
	report $? "$name: the UEFI console shows the loader's error: ...$msg..."
	grep -aqE "BdsDxe: failed to start Boot[0-9A-F]{4} .*: $st\$" "$dir/$name.log"
	report $? "$name: the loader returned '$st' to the firmware (BdsDxe says so)"
	[ "$rc" -ne 0 ] && grep -qF "the UEFI loader failed and returned to the firmware" "$dir/$name.err"
	report $? "$name: qemu-run fails and says the loader failed"
}

# 1. No kernel file beside the loader.
boot no-kernel ESP_KERNEL=none
loader_fails no-kernel "Not Found" \
	'cannot open \EFI\BOOT\numabuddy.elf on the loader'"'"'s volume: Not Found'
has no-kernel 'numabuddy-efi: error: no kernel: put the x86_64 numabuddy.elf beside the loader as \EFI\BOOT\numabuddy.elf'
report $? "no-kernel: the console says where the kernel belongs"
has no-kernel "numabuddy-efi: the loader returned to the firmware; powering off (startup.nsh)"
report $? "no-kernel: the firmware went on (its shell ran startup.nsh) instead of hanging"

# 2. A corrupted ELF: the magic overwritten.
cp "$kernel" "$dir/bad-magic.elf"
printf 'X' | dd of="$dir/bad-magic.elf" bs=1 seek=1 conv=notrunc status=none
boot bad-magic ESP_KERNEL="$dir/bad-magic.elf"
loader_fails bad-magic "Load Error" \
	'\EFI\BOOT\numabuddy.elf is not a kernel this loader can start: it does not start with the ELF magic (not an ELF file)'

# 3. A truncated ELF: its segments run past the end of the file.
head -c 65536 "$kernel" >"$dir/truncated.elf"
boot truncated ESP_KERNEL="$dir/truncated.elf"
loader_fails truncated "Load Error" "is not a kernel this loader can start: segment 1 ("
has truncated "runs past the end of the file (65536 bytes)"
report $? "truncated: the console gives the file's size"

# 4. The i386 kernel on the ESP (a 32-bit ELF).
if [ -f build/i386-discontig/numabuddy.elf ]; then
	boot i386-kernel ESP_KERNEL=build/i386-discontig/numabuddy.elf
	loader_fails i386-kernel "Load Error" \
		"it is not a 64-bit ELF file (class 1); this loader starts the x86_64 kernel"
else
	for i in 1 2 3; do skip "i386-kernel" "no i386 kernel built (make ARCH=i386)"; done
fi

# 5. No ACPI: QEMU's -machine acpi=off (q35: OVMF does not start on i440fx
#    without ACPI). OVMF still publishes an XSDT holding only its BGRT.
boot no-acpi QEMU_ARGS='-M q35,acpi=off -m 1G -smp 2'
loader_fails no-acpi "Not Found" "no usable ACPI tables: its root table lists no FADT (FACP)"
has no-acpi "add acpi=off to the command line to boot without it"
report $? "no-acpi: the console says how to boot without ACPI"

# 6. ... and with acpi=off on the command line the same machine boots.
boot no-acpi-ok QEMU_ARGS='-M q35,acpi=off -m 1G -smp 2' CMDLINE='acpi=off selftest=none'
[ "$rc" -eq 0 ] && has no-acpi-ok "going on without ACPI (acpi=off)" &&
	has no-acpi-ok "] Command line: acpi=off selftest=none"
report $? "no-acpi-ok: with acpi=off the loader goes on and the kernel boots"

# 7. ExitBootServices with a stale map key, twice: the loader retries.
boot stale-2 CMDLINE='efi_loader.stale_map_key=2 selftest=none'
has stale-2 "test switch: the first 2 ExitBootServices calls get a stale map key"
report $? "stale-2: the test switch is on"
[ "$rc" -eq 0 ] && has stale-2 "] boot: EFI from numabuddy BOOTX64.EFI (ExitBootServices attempts: 3)"
report $? "stale-2: the kernel boots after the third ExitBootServices"
grep -a '\] Command line: ' "$dir/stale-2.log" | grep -q 'selftest=none$' &&
	! grep -a '\] Command line: ' "$dir/stale-2.log" | grep -q efi_loader
report $? "stale-2: the loader's switch is not passed to the kernel"

# 8. ... every time: the loader gives up and returns the error.
boot stale-all CMDLINE='efi_loader.stale_map_key=99 selftest=none'
loader_fails stale-all "Invalid Parameter" \
	"ExitBootServices failed after 4 attempts (Invalid Parameter): the memory map key was stale every time"

# 9. A loader switch it does not know.
boot bad-switch CMDLINE='efi_loader.bogus=1'
loader_fails bad-switch "Invalid Parameter" "unknown or malformed loader switch 'efi_loader.bogus=1'"

# 10. Started from the UEFI shell, from another directory, with arguments:
#     the load options are the command line (the shell's first word, the
#     loader's own path, is dropped) and win over cmdline.txt; the kernel
#     and cmdline.txt are found beside the loader.
boot shell ESP_DIR=numabuddy/test ESP_SHELL_ARGS='selftest=none loglevel=7' CMDLINE='from_file'
has shell "numabuddy-efi: numabuddy BOOTX64.EFI, loading from \numabuddy\test"
report $? "shell: the loader finds its own directory (\\numabuddy\\test)"
has shell "numabuddy-efi: command line (load options): selftest=none loglevel=7"
report $? "shell: the command line comes from the load options"
has shell 'numabuddy-efi: kernel \numabuddy\test\numabuddy.elf: '
report $? "shell: the kernel is read from beside the loader"
[ "$rc" -eq 0 ] && has shell "] Command line: selftest=none loglevel=7"
report $? "shell: the kernel boots with the load options as its command line"

exit $status

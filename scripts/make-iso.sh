#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# make-iso.sh OUT.iso 'boot parameters': a GRUB rescue ISO (BIOS) that boots
# $KERNEL through multiboot2 with those parameters, console on the serial port.
set -euo pipefail
out=$1
cmdline=${2-}
: "${KERNEL:?KERNEL must name the kernel image}"
stage=$(dirname "$out")/iso-root.$$
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/boot/grub"
cp "$KERNEL" "$stage/boot/numabuddy.elf"
# INITRD=file: a boot module (the replay's trace), GRUB's module2.
module=
if [ -n "${INITRD:-}" ]; then
	cp "$INITRD" "$stage/boot/replay.nbt"
	module="module2 /boot/replay.nbt replay.nbt"
fi
# GRUB's script syntax treats $ ; # " ' \ and others specially: escape every
# character outside a plain set so the kernel receives the line unchanged.
escaped=$(printf '%s' "$cmdline" | sed -e 's/[^A-Za-z0-9 =,._:\/+@-]/\\&/g')
cat > "$stage/boot/grub/grub.cfg" <<CFG
set timeout=0
set timeout_style=hidden
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
menuentry "numabuddy" {
	multiboot2 /boot/numabuddy.elf $escaped
	$module
	boot
}
CFG
if ! grub-mkrescue -o "$out" "$stage" >"$out.log" 2>&1; then
	echo "make-iso: grub-mkrescue failed:" >&2
	cat "$out.log" >&2
	exit 1
fi

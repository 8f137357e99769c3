#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make-esp.sh OUT.img 'boot parameters'
# A FAT disk image (no partition table: OVMF reads a whole-disk FAT volume)
# for UEFI boot, built with mtools (no root, no loop devices):
#   \EFI\BOOT\BOOTX64.EFI     the loader (the removable-media default path)
#   \EFI\BOOT\numabuddy.elf   the x86_64 kernel
#   \EFI\BOOT\cmdline.txt     the boot parameters
#   \startup.nsh              run by OVMF's UEFI shell, which the firmware starts
#                             when the loader returns an error: powers the
#                             machine off, so a failed boot ends instead of
#                             waiting at the shell prompt
# Environment:
#   KERNEL       the kernel image (required)
#   EFI_LOADER   the loader (default build/efi/BOOTX64.EFI)
#   ESP_KERNEL   install this file as numabuddy.elf instead of $KERNEL, or
#                'none' for no kernel file (tests of the loader's errors)
#   ESP_CMDLINE  'none': no cmdline.txt
#   ESP_DIR      the directory for the three files (default EFI/BOOT; elsewhere the
#                firmware finds nothing to boot on the disk and starts its shell)
#   ESP_SHELL_ARGS  if set, startup.nsh first starts the loader from the shell with
#                these arguments (its load options), before powering off
set -euo pipefail
out=$1
cmdline=${2-}
: "${KERNEL:?KERNEL must name the kernel image}"
loader=${EFI_LOADER:-build/efi/BOOTX64.EFI}
kernel=${ESP_KERNEL:-$KERNEL}

die() { echo "make-esp: $*" >&2; exit 1; }
command -v mformat >/dev/null || die "mtools is missing (run scripts/deps.sh)"
[ -f "$loader" ] || die "no loader at $loader (run make efi)"
[ "$kernel" = none ] || [ -f "$kernel" ] || die "no kernel at $kernel"

stage=$(mktemp -d "${TMPDIR:-/tmp}/esp.XXXXXX")
trap 'rm -rf "$stage"' EXIT
if [ -n "${ESP_KERNEL:-}" ]; then
	# A file given for a test is installed byte for byte.
	[ "$kernel" = none ] || cp "$kernel" "$stage/numabuddy.elf"
else
	# The loader reads only the program headers and segments: no debug info on the ESP.
	objcopy --strip-debug "$kernel" "$stage/numabuddy.elf"
fi
# INITRD=file: \EFI\BOOT\replay.nbt, which the loader hands over as a module.
[ -z "${INITRD:-}" ] || cp "$INITRD" "$stage/replay.nbt"
[ "${ESP_CMDLINE:-}" = none ] || printf '%s\n' "$cmdline" >"$stage/cmdline.txt"
espdir=${ESP_DIR:-EFI/BOOT}
{
	if [ -n "${ESP_SHELL_ARGS+set}" ]; then
		printf 'fs0:\\%s\\BOOTX64.EFI %s\r\n' "${espdir//\//\\}" "$ESP_SHELL_ARGS"
	fi
	printf '%s\r\n' 'echo "numabuddy-efi: the loader returned to the firmware; powering off (startup.nsh)"' \
		'reset -s'
} >"$stage/startup.nsh"

# Size: the files plus 4 MiB of slack, at least 8 MiB (geometry: 1 MiB cylinders).
bytes=$(cat "$loader" "$stage"/* 2>/dev/null | wc -c)
mib=$(( (bytes >> 20) + 4 ))
[ $mib -ge 8 ] || mib=8
rm -f "$out"
truncate -s "${mib}M" "$out"
export MTOOLS_SKIP_CHECK=1
mformat -i "$out" -t "$mib" -h 64 -s 32 -v NUMABUDDY :: || die "mformat failed"
path=
IFS=/ read -ra parts <<<"$espdir"
for p in "${parts[@]}"; do
	path=$path/$p
	mmd -i "$out" "::$path"
done
mcopy -i "$out" "$loader" "::$path/BOOTX64.EFI"
mcopy -i "$out" "$stage/startup.nsh" ::/startup.nsh
for f in "$stage"/numabuddy.elf "$stage"/cmdline.txt "$stage"/replay.nbt; do
	[ -e "$f" ] && mcopy -i "$out" "$f" "::$path/$(basename "$f")"
done
exit 0

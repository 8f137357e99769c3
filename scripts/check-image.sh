#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Check the invariant the multiboot1 address fields rely on: the ELF file is a
# flat image, i.e. every PT_LOAD segment's file offset minus its physical
# address is the same; and the multiboot headers lie where loaders look for them.
set -euo pipefail
elf=$1
base=
while read -r type off vaddr paddr filesz rest; do
	[ "$type" = LOAD ] || continue
	(( filesz > 0 )) || continue
	d=$(( off - paddr ))
	if [ -z "$base" ]; then
		base=$d
	elif [ "$d" != "$base" ]; then
		echo "check-image: $elf: the segment at paddr $(printf '%#x' "$paddr") breaks the flat layout" >&2
		exit 1
	fi
done < <(readelf -lW "$elf" | awk '$1 == "LOAD" { print $1, $2, $3, $4, $5 }')
[ -n "$base" ] || { echo "check-image: $elf has no loadable segment" >&2; exit 1; }
# Loaders scan the first 8 KiB (multiboot1) / 32 KiB (multiboot2) on 4/8-byte boundaries.
head8k=$(od -A n -t x4 -N 8192 -v "$elf")
head32k=$(od -A n -t x4 -N 32768 -v "$elf")
grep -qw 1badb002 <<<"$head8k" ||
	{ echo "check-image: $elf: no multiboot1 header in the first 8 KiB" >&2; exit 1; }
grep -qw e85250d6 <<<"$head32k" ||
	{ echo "check-image: $elf: no multiboot2 header in the first 32 KiB" >&2; exit 1; }

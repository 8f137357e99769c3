#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# deps.sh [run]: install whatever the build, `make run` and `make test` need
# and is missing (Debian packages, through apt-get; sudo when not root). Only
# checks when all is there: apt-get runs only for a missing tool. With `run`
# (make run, debug, iso, gdb, bench), the hosted and fuzz tests' compilers
# (clang, libFuzzer, gcc-multilib) are not wanted.
set -euo pipefail
profile=${1:-all}

need=()
want() { need+=("$1"); }
have() { command -v "$1" >/dev/null 2>&1; }

have qemu-system-x86_64 || want qemu-system-x86
have qemu-system-i386 || want qemu-system-x86
have nasm || want nasm
have gcc || want gcc
have make || want make
have prove || want perl
have gdb || want gdb
have grub-mkrescue || want grub-common
[ -d /usr/lib/grub/i386-pc ] || want grub-pc-bin
have xorriso || want xorriso
have mformat || want mtools
[ -f /usr/lib/crt0-efi-x86_64.o ] || want gnu-efi		# the UEFI loader (BOOT=efi)
[ -f /usr/share/OVMF/OVMF_CODE_4M.fd ] || want ovmf		# UEFI firmware for QEMU
have python3 || want python3	# the test runner, tools/testing/nbtest/
if [ "$profile" = all ]; then
have clang || want clang
/usr/bin/python3 -c 'import matplotlib' 2>/dev/null || want python3-matplotlib	# make replay's pictures
have chromium || want chromium	# tests/harness/replay.t opens report.html
compgen -G '/usr/lib/gcc/x86_64-linux-gnu/*/32/libgcc.a' >/dev/null || want gcc-multilib
compgen -G '/usr/lib/gcc/x86_64-linux-gnu/*/32/libasan.so' >/dev/null || want gcc-multilib
compgen -G '/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a' >/dev/null ||
	want "libclang-rt-$(clang --version 2>/dev/null | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -1 || echo 14)-dev"
fi

# A host kernel without IA32 emulation runs the -m32 hosted tests under qemu-i386 (mk/host.mk).
if ! have qemu-i386 && have gcc; then
	probe=$(mktemp)
	if printf 'int main(void){return 0;}' | gcc -m32 -x c - -o "$probe" 2>/dev/null && ! "$probe" 2>/dev/null; then
		want qemu-user
	fi
	rm -f "$probe"
fi

[ ${#need[@]} -eq 0 ] && exit 0
mapfile -t need < <(printf '%s\n' "${need[@]}" | sed 's/^libclang-rt--dev$/libclang-rt-14-dev/' | sort -u)
echo "deps: installing ${need[*]}" >&2
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -q "${need[@]}" >/tmp/numabuddy-deps.log 2>&1; then
	$SUDO apt-get update -q >>/tmp/numabuddy-deps.log 2>&1
	$SUDO apt-get install -y -q "${need[@]}" >>/tmp/numabuddy-deps.log 2>&1 || {
		echo "deps: apt-get failed; see /tmp/numabuddy-deps.log" >&2
		tail -20 /tmp/numabuddy-deps.log >&2
		exit 1
	}
fi

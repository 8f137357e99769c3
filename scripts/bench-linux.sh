#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench-linux: numabuddy's benchmarks next to Linux's, measured the same
# way on the same QEMU machine.
#
#  1. Linux: Debian's own kernel - the version the linux-image-amd64
#     metapackage depends on - with the module tools/bench-linux/nb_bench.c
#     built against Debian's matching linux-headers packages; a busybox
#     initramfs loads it, it prints the same `bench:` lines on the serial
#     console, and the machine powers off;
#  2. numabuddy: scripts/bench.sh (`make bench`), fresh, under TCG -icount;
#  3. Linux booted BENCH_LINUX_RUNS times (default 2): under -icount the
#     figures must be identical;
#  4. the two columns and the ratio (scripts/bench-compare.sh).
#
# The Debian packages are downloaded with `apt-get download` on first use
# and unpacked with dpkg-deb, never installed, into $BENCH_LINUX_DIR
# (default build/bench-linux, ignored by git): a second run downloads
# nothing. The module is built with the compiler the headers name (gcc-12
# for bookworm), installed with apt-get if missing.
#
# The Linux machine is scripts/bench.sh's (BENCH_QEMU_ARGS) with one CPU:
# Linux does not bring up secondary CPUs under -icount, so any -smp N
# becomes -smp 1,maxcpus=N (the -numa cpus= lists stay valid); the RTC runs
# on the virtual clock and -seed fixes RDRAND, for deterministic boots (see
# below). Command line:
# console=ttyS0 nokaslr init_on_alloc=0 panic=-1, nothing else: Debian's
# defaults (mitigations, preemption) are kept, except init_on_alloc=0, as
# Debian enables it (CONFIG_INIT_ON_ALLOC_DEFAULT_ON) and it would make every
# allocation clear its pages; nokaslr keeps the layout the same from boot to
# boot.
#
# Environment: ARCH (x86_64 only), MEMMODEL, KERNEL, BUILD (numabuddy's
# side, as for scripts/bench.sh), BENCH (default all), CMDLINE (numabuddy
# only), BENCH_QEMU_ARGS, BENCH_RUNS (numabuddy boots), BENCH_LINUX_RUNS,
# BENCH_LINUX_DIR, TIMEOUT (seconds per boot, default 600),
# BENCH_LINUX_SKIP_OURS=1 (reuse build/<config>/bench.txt instead of
# booting numabuddy; for working on the Linux side), BENCH_LINUX_PRINT_MACHINE=1
# (print the Linux machine's QEMU arguments and exit).
#
# Exit status: 0; 1 if a boot fails (either side); 2 on bad usage.
set -uo pipefail
cd "$(dirname "$0")/.."

ARCH=${ARCH:-x86_64}
if [ "$ARCH" != x86_64 ]; then
	echo "bench-linux: the Linux side is x86_64 only (Debian's linux-image-amd64); run it with ARCH=x86_64" >&2
	echo "bench-linux: (numabuddy's own figures on $ARCH: make bench ARCH=$ARCH)" >&2
	exit 2
fi
MEMMODEL=${MEMMODEL:-vmemmap}
CONFIG=$ARCH-$MEMMODEL
KERNEL=${KERNEL:-build/$CONFIG/numabuddy.elf}
BUILD=${BUILD:-build/$CONFIG}
BENCH=${BENCH:-all}
TIMEOUT=${TIMEOUT:-600}
LINUX_RUNS=${BENCH_LINUX_RUNS:-2}
DIR=${BENCH_LINUX_DIR:-build/bench-linux}
# The machine: BENCH_QEMU_ARGS, else scripts/bench.sh's default (read from
# there, so that the two sides cannot drift apart).
machine=${BENCH_QEMU_ARGS:-}
if [ -z "$machine" ]; then
	machine=$(BENCH_QEMU_ARGS= bash -c "$(sed -n '/^BENCH_QEMU_ARGS=\${BENCH_QEMU_ARGS:-/,/}$/p' scripts/bench.sh)
		echo \"\$BENCH_QEMU_ARGS\"")
	[ -n "$machine" ] || { echo "bench-linux: cannot read the default machine in scripts/bench.sh" >&2; exit 2; }
fi

# The Linux machine: the same with one CPU. -smp N becomes -smp 1 (N = 1)
# or -smp 1,maxcpus=N, which keeps the -numa cpus= lists valid.
read -ra words <<<"$machine"
qargs=()
for ((i = 0; i < ${#words[@]}; i++)); do
	if [ "${words[i]}" = -smp ] && [ $((i + 1)) -lt ${#words[@]} ]; then
		v=${words[i + 1]}
		n=$(echo "$v" | sed -n 's/.*maxcpus=\([0-9]*\).*/\1/p')
		[ -n "$n" ] || n=$(echo "$v" | sed -n 's/^\([0-9][0-9]*\).*/\1/p; s/^\(.*,\)\{0,1\}cpus=\([0-9][0-9]*\).*/\2/p' | head -1)
		if [ "${n:-1}" -gt 1 ]; then qargs+=(-smp "1,maxcpus=$n"); else qargs+=(-smp 1); fi
		i=$((i + 1))
	else
		qargs+=("${words[i]}")
	fi
done
if [ "${BENCH_LINUX_PRINT_MACHINE:-0}" = 1 ]; then	# for tests/harness/bench-linux.t
	echo "${qargs[*]}"
	exit 0
fi

case $BENCH in *[!a-z0-9_,]*) echo "bench-linux: bad BENCH='$BENCH'" >&2; exit 2 ;; esac
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
t_start=$(date +%s)

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
APT_DL=(apt-get -q)
# As root, apt would hand the download to its _apt user, who cannot write here.
[ "$(id -u)" -eq 0 ] && APT_DL+=(-o APT::Sandbox::User=root)

# ---- 1. Debian's kernel and headers --------------------------------------------

# The real package behind linux-image-amd64, e.g. linux-image-6.1.0-56-amd64.
resolve_image() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }'
}
imgpkg=$(resolve_image)
if [ -z "$imgpkg" ]; then
	echo "== bench-linux: apt does not know linux-image-amd64: apt-get update"
	$SUDO apt-get update -q >"$DIR/apt-update.log" 2>&1 || tail -5 "$DIR/apt-update.log" >&2
	imgpkg=$(resolve_image)
fi
if [ -z "$imgpkg" ]; then
	# Offline, or no Debian archive: the last kernel used, if any.
	[ -s "$DIR/last-krel" ] && imgpkg=linux-image-$(cat "$DIR/last-krel")
	[ -n "$imgpkg" ] || { echo "bench-linux: cannot resolve linux-image-amd64 (see $DIR/apt-update.log)" >&2; exit 1; }
	echo "bench-linux: apt cannot resolve linux-image-amd64; using the cached $imgpkg" >&2
fi
KREL=${imgpkg#linux-image-}			# 6.1.0-56-amd64
KDIR=$DIR/$KREL
ROOT=$KDIR/root
HDRS=$ROOT/usr/src/linux-headers-$KREL
VMLINUZ=$ROOT/boot/vmlinuz-$KREL
BUSYBOX=$ROOT/bin/busybox
mkdir -p "$KDIR/debs"

if [ ! -e "$KDIR/unpacked" ]; then
	# The headers' own dependencies: linux-headers-*-common and linux-kbuild-*.
	mapfile -t hdeps < <(apt-cache depends "linux-headers-$KREL" 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-(headers-.*-common|kbuild-)/ { print $2 }')
	[ ${#hdeps[@]} -eq 2 ] || { echo "bench-linux: cannot resolve linux-headers-$KREL's packages" >&2; exit 1; }
	pkgs=("$imgpkg" "linux-headers-$KREL" "${hdeps[@]}" busybox-static)
	missing=()
	for p in "${pkgs[@]}"; do
		compgen -G "$KDIR/debs/${p}_*.deb" >/dev/null || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		echo "== bench-linux: downloading ${missing[*]} into $KDIR/debs"
		t0=$(date +%s)
		(cd "$KDIR/debs" && "${APT_DL[@]}" download "${missing[@]}") >"$KDIR/download.log" 2>&1 || {
			# Stale package lists name files the archive no longer has.
			$SUDO apt-get update -q >>"$KDIR/download.log" 2>&1 &&
			(cd "$KDIR/debs" && "${APT_DL[@]}" download "${missing[@]}") >>"$KDIR/download.log" 2>&1
		} || {
			tail -5 "$KDIR/download.log" >&2
			echo "bench-linux: apt-get download failed (see $KDIR/download.log)" >&2
			exit 1
		}
		echo "   $(du -cb "$KDIR"/debs/*.deb | tail -1 | awk '{ printf "%.0f MB", $1 / 1e6 }') in $(($(date +%s) - t0)) s"
	fi
	echo "== bench-linux: unpacking into $ROOT"
	rm -rf "$ROOT"
	mkdir -p "$ROOT"
	for p in "${pkgs[@]}"; do
		deb=$(ls "$KDIR/debs/${p}"_*.deb | head -1)
		if [ "$p" = "$imgpkg" ]; then
			# Only the kernel image: the modules (400 MB unpacked) are not needed.
			dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$ROOT" "./boot/vmlinuz-$KREL" || exit 1
		else
			dpkg-deb -x "$deb" "$ROOT" || exit 1
		fi
	done
	# The flavour's Makefile includes the common one by its installed path.
	sed -i "s|^include /usr/src/|include $ROOT/usr/src/|" "$HDRS/Makefile"
	[ -f "$VMLINUZ" ] && [ -x "$BUSYBOX" ] && [ -f "$HDRS/Module.symvers" ] ||
		{ echo "bench-linux: the unpacked packages lack vmlinuz, busybox or the headers" >&2; exit 1; }
	touch "$KDIR/unpacked"
fi
echo "$KREL" >"$DIR/last-krel"

# ---- 2. the module ----------------------------------------------------------------

# The compiler the kernel was built with (its headers say: CC = ... gcc-12).
kcc=$(sed -n 's/^CC = .*\(gcc-[0-9][0-9]*\)$/\1/p' "$HDRS/.kernelvariables")
kcc=${kcc:-gcc}
if ! command -v "$kcc" >/dev/null || ! command -v make >/dev/null; then
	echo "== bench-linux: installing $kcc and make"
	$SUDO apt-get install -y -q "$kcc" make >"$DIR/apt-install.log" 2>&1 ||
		{ $SUDO apt-get update -q && $SUDO apt-get install -y -q "$kcc" make; } >>"$DIR/apt-install.log" 2>&1 ||
		{ tail -5 "$DIR/apt-install.log" >&2; echo "bench-linux: cannot install $kcc" >&2; exit 1; }
fi
MOD=$KDIR/module
mkdir -p "$MOD"
for f in Kbuild nb_bench.c; do
	cmp -s "tools/bench-linux/$f" "$MOD/$f" || cp "tools/bench-linux/$f" "$MOD/$f"
done
echo "== bench-linux: building tools/bench-linux/nb_bench.ko against linux-headers-$KREL ($kcc)"
if ! make -s -C "$HDRS" M="$MOD" modules >"$MOD/build.log" 2>&1; then
	cat "$MOD/build.log" >&2
	echo "bench-linux: the module does not build" >&2
	exit 1
fi

# ---- 3. the initramfs: busybox, /init, the module -----------------------------------

cat >"$KDIR/init" <<EOF
#!/bin/busybox sh
# make bench-linux: load the benchmark module, power off.
/bin/busybox mount -t proc proc /proc
echo "bench-linux: init: \$(/bin/busybox cat /proc/cmdline)"
/bin/busybox insmod /nb_bench.ko bench=$BENCH
echo "bench-linux: insmod exit status \$?"
/bin/busybox poweroff -f
EOF
# A newc cpio written directly (no root needed for /dev/console, and the
# same bytes every time: fixed owners and times).
INITRD=$KDIR/initramfs.cpio
perl -e '
use strict; use warnings;
my ($out, @entries) = @ARGV;	# entries: path:type:mode[:source|:major,minor]
open(my $o, ">", $out) or die "$out: $!";
binmode $o;
my $ino = 1;
sub put {
	my ($name, $mode, $data, $rmaj, $rmin) = @_;
	my $h = sprintf("070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		$ino++, $mode, 0, 0, 1, 0, length($data), 0, 0, $rmaj, $rmin, length($name) + 1, 0);
	print $o $h, $name, "\0";
	print $o "\0" x ((4 - (110 + length($name) + 1) % 4) % 4);
	print $o $data, "\0" x ((4 - length($data) % 4) % 4);
}
for my $e (@entries) {
	my ($path, $type, $mode, $arg) = split(/:/, $e, 4);
	if ($type eq "d") { put($path, 0040000 | oct($mode), "", 0, 0) }
	elsif ($type eq "c") { my ($ma, $mi) = split(/,/, $arg); put($path, 0020000 | oct($mode), "", $ma, $mi) }
	else {
		open(my $i, "<", $arg) or die "$arg: $!"; binmode $i;
		local $/; my $data = <$i>; close $i;
		put($path, 0100000 | oct($mode), $data, 0, 0);
	}
}
put("TRAILER!!!", 0, "", 0, 0);
close $o or die;
' "$INITRD.tmp" bin:d:755 dev:d:755 proc:d:755 sys:d:755 dev/console:c:600:5,1 \
	"init:f:755:$KDIR/init" "bin/busybox:f:755:$BUSYBOX" "nb_bench.ko:f:644:$MOD/nb_bench.ko" &&
	mv "$INITRD.tmp" "$INITRD" || { echo "bench-linux: cannot write the initramfs" >&2; exit 1; }

# ---- 4. numabuddy (once the Linux side is ready: a failed download fails fast) --

ours=$BUILD/bench.txt
if [ "${BENCH_LINUX_SKIP_OURS:-0}" = 1 ] && [ -s "$ours" ]; then
	echo "== bench-linux: numabuddy's figures from $ours (BENCH_LINUX_SKIP_OURS=1, not re-measured)"
else
	echo "== bench-linux: numabuddy ($CONFIG), scripts/bench.sh"
	rm -f "$ours"
	ARCH=$ARCH MEMMODEL=$MEMMODEL KERNEL=$KERNEL BUILD=$BUILD ACCEL=tcg BENCH=$BENCH \
		TIMEOUT=$TIMEOUT scripts/bench.sh || { echo "bench-linux: numabuddy's boot failed" >&2; exit 1; }
fi

# ---- 5. boot Linux ----------------------------------------------------------------

APPEND="console=ttyS0,115200 nokaslr init_on_alloc=0 panic=-1"
# Determinism: -icount alone is not enough for Linux, which reads the wall
# clock from the RTC (waiting for its update cycle, in host time) and seeds
# its RNG from RDRAND: the boot's allocations then differ a little, and so do
# the free lists the benchmarks start from (order-1 and order-3 pairs moved
# by 4-8 instructions from boot to boot). The RTC on the virtual clock from a
# fixed date and a fixed -seed make every boot the same, byte for byte.
# (numabuddy reads neither, so its side does without.)
qemu=(qemu-system-x86_64 -accel tcg -cpu max "${qargs[@]}" -icount shift=0,sleep=off
      -rtc base=2024-01-01T00:00:00,clock=vm -seed 1
      -display none -serial stdio -monitor none -no-reboot
      -device isa-debug-exit,iobase=0xf4,iosize=0x04
      -kernel "$VMLINUZ" -initrd "$INITRD" -append "$APPEND")
printf '%q ' "${qemu[@]}" >"$DIR/qemu-cmd.txt"
echo >>"$DIR/qemu-cmd.txt"

lx_lines=()
for run in $(seq 1 "$LINUX_RUNS"); do
	log=$DIR/linux-$run.log
	echo "== bench-linux: Linux $KREL, TCG -icount, one CPU, run $run of $LINUX_RUNS (console: $log)"
	t0=$(date +%s)
	timeout -k 5 "$TIMEOUT" "${qemu[@]}" </dev/null 2>"$log.qemu" | tr -d '\r' >"$log"
	status=${PIPESTATUS[0]}
	echo "   $(($(date +%s) - t0)) s"
	if ! grep -q '^\(\[ *[0-9.]*\] \)\?bench: done status=' "$log"; then
		case $status in 124|137) why="no power-off after ${TIMEOUT}s" ;; *) why="QEMU status $status" ;; esac
		echo "bench-linux: the Linux boot FAILED ($why; no 'bench: done' line):" >&2
		tail -20 "$log" | sed 's/^/  /' >&2
		[ -s "$log.qemu" ] && sed 's/^/  qemu: /' "$log.qemu" >&2
		exit 1
	fi
	sed -n 's/^\(\[ *[0-9.]*\] \)\{0,1\}\(bench: test=.*\)/\2/p' "$log" >"$DIR/linux-$run.txt"
	lx_lines+=("$DIR/linux-$run.txt")
done
cp "$DIR/linux-1.txt" "$DIR/linux.txt"
failed=0
grep -q 'bench: done status=ok' "$DIR/linux-1.log" || failed=1

echo
cat "$DIR/linux.txt"
sed -n 's/^\[ *[0-9.]*\] \(bench: mode .*\)/\1/p' "$DIR/linux-1.log"
if [ "$LINUX_RUNS" -gt 1 ]; then
	same=1
	for f in "${lx_lines[@]:1}"; do cmp -s "$f" "$DIR/linux-1.txt" || same=0; done
	if [ $same = 1 ]; then
		echo "determinism: the $LINUX_RUNS Linux runs gave identical figures"
	else
		echo "WARNING: the $LINUX_RUNS Linux runs differ (the table notes where):" >&2
		diff "$DIR/linux-1.txt" "${lx_lines[-1]}" | sed 's/^/  /' >&2
	fi
fi

# ---- 6. the table ------------------------------------------------------------------

qver=$(qemu-system-x86_64 --version | head -1 | sed 's/.*version \([^ ]*\).*/\1/')
echo
echo "numabuddy $(git describe --always --dirty 2>/dev/null) $CONFIG vs Linux $KREL ($(sed -n 's/^Version: //p' <(dpkg-deb -f "$(ls "$KDIR/debs/${imgpkg}"_*.deb | head -1)") 2>/dev/null)),"
echo "QEMU $qver TCG -icount shift=0,sleep=off, instructions per operation, $(nproc)-CPU host: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
scripts/bench-compare.sh "$ours" "${lx_lines[@]}" | tee "$DIR/table.txt"
echo "(ratio = numabuddy / linux; Linux boots one CPU; took $(($(date +%s) - t_start)) s)"
if [ $failed = 1 ]; then
	echo "bench-linux: the Linux module reported a failure (see $DIR/linux-1.log)" >&2
	exit 1
fi
exit 0

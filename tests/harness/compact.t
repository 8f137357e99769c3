#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# compact= (issue 14): compact_node() at the end of boot on the nodes asked
# for, each logging its compact_* and pgmigrate_* counts; a bad value is
# refused whole with the reason and nothing is compacted (the boot goes on).
# The parsing itself is the compaction suite's test_compact_param.
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

dir=build/harness/compact
mkdir -p "$dir"

# boot CONFIG TAG CMDLINE: the 2node machine; the log in $dir/CONFIG-TAG.log.
boot() {
	local cfg=$1 tag=$2 cmdline=$3
	env ARCH="${cfg%%-*}" KERNEL="build/$cfg/numabuddy.elf" BUILD="build/$cfg" TOPO=2node \
		CMDLINE="$cmdline" TIMEOUT=120 ACCEL=tcg scripts/qemu-run.sh >"$dir/$cfg-$tag.log" 2>&1
	report $? "$cfg $tag: boots and passes"
}

has() {	# has CONFIG TAG TEXT
	grep -qF -- "$3" "$dir/$1-$2.log"
	report $? "$1 $2: the log says '$3'"
}

hasnt() {	# hasnt CONFIG TAG TEXT
	! grep -qF -- "$3" "$dir/$1-$2.log"
	report $? "$1 $2: the log does not say '$3'"
}

echo "1..9"
boot x86_64-vmemmap node1 "selftest=compaction compact=node1 dump=vmstat"
has x86_64-vmemmap node1 "compact: node 1: compact_migrate_scanned "
hasnt x86_64-vmemmap node1 "compact: node 0:"
has x86_64-vmemmap node1 "# compact= compacted node 1 at the end of boot"
has x86_64-vmemmap node1 "compact_migrate_scanned "
boot i386-discontig bad "selftest=none compact=node2"
has i386-discontig bad "compact: node 2 has no memory (nodes with memory: 0-1); nothing is compacted"
has i386-discontig bad "Malformed value for boot parameter 'compact': 'node2'"
hasnt i386-discontig bad "compact: node 0:"
exit $status

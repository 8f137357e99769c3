#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# gdb in batch against the kernel, connected both ways, on every
# configuration (the memory models differ in how nb-page finds a page):
#  - QEMU's gdbstub: `make debug` (QEMU halted at reset);
#  - the kernel's own stub: `make run GDBPORT=N CMDLINE=kgdbwait`, then
#    `make gdb GDBPORT=N` with the commands piped on stdin.
# Each session breaks at run_requested_dumps() when start_kernel() calls it
# - after the self-tests (one of which calls it too), just before the dumps
# are printed, with nothing allocating in between - reads
# a global and registers, prints the helpers' reports, single-steps, and
# continues to a clean finish. The helpers' nb-buddyinfo and nb-zoneinfo
# must equal the kernel's dump=buddyinfo and dump=zoneinfo of the same run,
# nb-numa's distance table dump=numa's, and nb-dmesg must hold the console.
# Then the stub on failures: a page fault stops in it (gdb sees SIGSEGV in
# test_page_fault and detaches: the kernel panics), and so does a panic (gdb
# sees SIGABRT, its backtrace goes through panic(), and kill ends the run).
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
dir=build/harness/gdb
mkdir -p "$dir"
configs=${GDB_TEST_CONFIGS:-x86_64-vmemmap x86_64-sparse i386-discontig i386-sparse}
dumps="dump=buddyinfo,zoneinfo,numa"

# A TCP port nobody listens on.
free_port() {
	local p
	while :; do
		p=$(( 20000 + (RANDOM % 30000) ))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
	done
}

session_commands() {
	printf '%s\n' \
		'break run_requested_dumps if $_caller_is("start_kernel")' 'continue' \
		'print nr_node_ids' 'info registers pc' 'print/x $sp' 'print/x $pc' \
		'echo @@BEGIN nb-buddyinfo\n' 'nb-buddyinfo' 'echo @@END nb-buddyinfo\n' \
		'echo @@BEGIN nb-zoneinfo\n' 'nb-zoneinfo' 'echo @@END nb-zoneinfo\n' \
		'echo @@BEGIN nb-numa\n' 'nb-numa' 'echo @@END nb-numa\n' \
		'echo @@BEGIN nb-dmesg\n' 'nb-dmesg' 'echo @@END nb-dmesg\n' \
		'echo @@BEGIN nb-page\n' 'nb-page 0x40000' 'nb-page 0xfffff00' 'echo @@END nb-page\n' \
		'stepi' 'print/x $pc' 'info symbol $pc' 'continue'
}

# check_session CONFIG MODE OUT LOG
check_session() {
	local cfg=$1 mode=$2 out=$3 log=$4 what="$1 $2"
	local pcs

	grep -q 'Breakpoint 1, run_requested_dumps' "$out"
	report $? "$what: gdb stops at a breakpoint on run_requested_dumps"
	grep -q '^\(.gdb. \)*\$1 = 2$' "$out"
	report $? "$what: gdb reads a global (nr_node_ids = 2)"
	grep -qE '^(\(gdb\) )*pc +0x[0-9a-f]+ +0x[0-9a-f]+ <run_requested_dumps' "$out"
	report $? "$what: gdb reads the registers (pc in run_requested_dumps)"
	pcs=$(sed -n 's/^\(.gdb. \)*\$[0-9]* = \(0x[0-9a-f]*\)$/\2/p' "$out" | tail -2 | sort -u | wc -l)
	grep -q '^\(.gdb. \)*run_requested_dumps + [1-9][0-9]* in section .text' "$out" && [ "$pcs" = 2 ]
	report $? "$what: stepi moves the pc one instruction on"
	python3 tests/harness/gdb_check.py report "$out" "$log" nb-buddyinfo buddyinfo
	report $? "$what: nb-buddyinfo equals the kernel's dump=buddyinfo"
	python3 tests/harness/gdb_check.py report "$out" "$log" nb-zoneinfo zoneinfo
	report $? "$what: nb-zoneinfo equals the kernel's dump=zoneinfo"
	python3 tests/harness/gdb_check.py distances "$out" "$log"
	report $? "$what: nb-numa's distances equal dump=numa's"
	python3 tests/harness/gdb_check.py dmesg "$out" "$log"
	report $? "$what: nb-dmesg holds every console line"
	grep -q 'pfn:0x40000 .*' "$out" && grep -q '^\(.gdb. \)*flags: 0x[0-9a-f]*(.*) node:1 zone:' "$out" &&
		grep -q 'page_to_pfn: 0x40000 (round trip ok)' "$out" &&
		grep -q 'pfn 0xfffff00 has no struct page' "$out"
	report $? "$what: nb-page decodes pfn 0x40000 (node 1) and refuses a pfn without a page"
	! grep -qE 'Python Exception|Error occurred in Python|Traceback' "$out"
	report $? "$what: the helpers raise no Python error"
	grep -q 'all selected self-tests passed' "$log"
	report $? "$what: the kernel runs to a clean finish"
}

# Wait until the console log says the kernel waits for gdb (or the run ended).
wait_for_stub() {
	local log=$1 pid=$2
	for _ in $(seq 600); do
		grep -q 'waiting for gdb' "$log" 2>/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

echo "1..$(( $(echo $configs | wc -w) * 23 + 10 ))"
for cfg in $configs; do
	arch=${cfg%%-*} mm=${cfg#*-}

	# QEMU's gdbstub.
	out=$dir/qemu-$cfg.out log=$dir/qemu-$cfg.serial
	rm -f "$log"
	session_commands | SERIAL_LOG=$log TIMEOUT=120 timeout 180 make -s debug ARCH="$arch" \
		MEMMODEL="$mm" TOPO=2node GDBPORT="$(free_port)" CMDLINE="$dumps" >"$out" 2>&1
	check_session "$cfg" qemu-gdbstub "$out" "$log"

	# The kernel's stub, waiting at boot.
	out=$dir/stub-$cfg.out log=$dir/stub-$cfg.serial run=$dir/stub-$cfg.run
	rm -f "$log"
	port=$(free_port)
	SERIAL_LOG=$log TIMEOUT=180 make -s run ARCH="$arch" MEMMODEL="$mm" TOPO=2node \
		GDBPORT="$port" CMDLINE="kgdbwait $dumps" >"$run" 2>&1 &
	rpid=$!
	if wait_for_stub "$log" "$rpid"; then
		session_commands | timeout 180 make -s gdb ARCH="$arch" MEMMODEL="$mm" GDBPORT="$port" \
			>"$out" 2>&1
	else
		echo "# the kernel never waited for gdb (see $log)" >"$out"
	fi
	wait "$rpid"
	rrc=$?
	check_session "$cfg" in-kernel-stub "$out" "$log"
	grep -q 'exited normally' "$out" && [ $rrc -eq 0 ]
	report $? "$cfg in-kernel-stub: gdb sees the kernel exit with success, and make run passes"
done

# Failures stop in the stub (with the stub on but no kgdbwait).
# fail_session CONFIG NAME SELFTEST COMMANDS...
fail_session() {
	local cfg=$1 name=$2 sel=$3
	shift 3
	local arch=${cfg%%-*} mm=${cfg#*-} port
	out=$dir/$name-$cfg.out log=$dir/$name-$cfg.serial run=$dir/$name-$cfg.run
	rm -f "$log"
	port=$(free_port)
	SERIAL_LOG=$log TIMEOUT=120 make -s run ARCH="$arch" MEMMODEL="$mm" TOPO=nonuma \
		GDBPORT="$port" CMDLINE="selftest=$sel" >"$run" 2>&1 &
	rpid=$!
	if wait_for_stub "$log" "$rpid"; then
		printf '%s\n' "$@" | timeout 120 make -s gdb ARCH="$arch" MEMMODEL="$mm" \
			GDBPORT="$port" >"$out" 2>&1
	else
		echo "# the kernel never waited for gdb (see $log)" >"$out"
	fi
	wait "$rpid"
	rrc=$?
}

for cfg in x86_64-vmemmap i386-discontig; do
	fail_session "$cfg" page-fault harness_page_fault 'info program' 'bt' 'print/x $pc' 'detach'
	grep -q 'stopped (fatal exception), waiting for gdb' "$log" &&
		grep -q 'It stopped with signal SIGSEGV' "$out"
	report $? "$cfg: a page fault stops in the stub (gdb sees SIGSEGV)"
	grep -qE '^(\(gdb\) )*#0 +(0x[0-9a-f]+ in )?test_page_fault ' "$out"
	report $? "$cfg: gdb's backtrace starts in test_page_fault"
	grep -q 'Kernel panic - not syncing: Fatal exception' "$log" && [ $rrc -ne 0 ] &&
		! grep -q 'stopped (panic)' "$log"
	report $? "$cfg: after detach the kernel panics (without stopping again) and the run fails"

	fail_session "$cfg" panic gdbstub_panic 'info program' 'bt' 'kill'
	grep -q 'stopped (panic), waiting for gdb' "$log" &&
		grep -q 'It stopped with signal SIGABRT' "$out" &&
		grep -qE '^(\(gdb\) )*#[0-9]+ .* in panic ' "$out" &&
		grep -qE '^(\(gdb\) )*#[0-9]+ .* in test_panic ' "$out"
	report $? "$cfg: a panic stops in the stub; gdb's backtrace shows panic() and its caller"
	grep -q 'gdbstub: killed by gdb' "$log" && [ $rrc -ne 0 ]
	report $? "$cfg: kill ends the run with failure"
done
exit $status

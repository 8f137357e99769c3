#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# gdb in batch against the kernel, connected both ways, on every
# configuration (the memory models differ in how nb-page finds a page):
#  - QEMU's gdbstub: `make debug` (QEMU halted at reset);
#  - the kernel's own stub (x86_64-vmemmap and i386-discontig: the stub is
#    per architecture): `make run GDBPORT=N CMDLINE=kgdbwait`, then
#    `make gdb GDBPORT=N` with the commands piped on stdin.
# Each session breaks at run_requested_dumps() when start_kernel() calls it
# - after the self-tests (one of which calls it too), just before the dumps
# are printed, with nothing allocating in between - reads
# a global and registers, prints the helpers' reports, single-steps, and
# continues to a clean finish. The helpers' nb-buddyinfo and nb-zoneinfo
# must equal the kernel's dump=buddyinfo and dump=zoneinfo of the same run,
# nb-numa's distance table dump=numa's, and nb-dmesg must hold the console;
# through QEMU's gdbstub also nb-pagetypeinfo = dump=pagetypeinfo, nb-cpus
# starting with dump=cpus, nb-pcp and nb-pageblock.
# Then the stub on failures: a page fault stops in it (gdb sees SIGSEGV in
# test_page_fault and detaches: the kernel panics), and so does a panic (gdb
# sees SIGABRT, its backtrace goes through panic(), and kill ends the run).
# Last, every CPU stopping together on 4 CPUs (see "Every CPU stops" below).
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
dir=build/harness/gdb
mkdir -p "$dir"
configs=${GDB_TEST_CONFIGS:-x86_64-vmemmap x86_64-sparse i386-discontig i386-sparse}
# The kernel's stub is per architecture, not per memory model (the helpers
# that differ by model are checked through QEMU's gdbstub on every config).
stub_configs=${GDB_STUB_CONFIGS:-x86_64-vmemmap i386-discontig}
dumps="dump=buddyinfo,zoneinfo,numa,cpus,pagetypeinfo"

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
		'stepi' 'print/x $pc' 'info symbol $pc'
	# Helpers that read much memory: through QEMU's gdbstub only (the
	# kernel's stub answers a packet per ~60 ms under TCG: 1k pageblocks).
	[ "$1" = qemu-gdbstub ] && printf '%s\n' \
		'echo @@BEGIN nb-pagetypeinfo\n' 'nb-pagetypeinfo' 'echo @@END nb-pagetypeinfo\n' \
		'echo @@BEGIN nb-cpus\n' 'nb-cpus' 'echo @@END nb-cpus\n' \
		'nb-pcp 1' 'nb-pageblock 0x40000'
	printf '%s\n' 'continue'
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
	[ "$mode" = qemu-gdbstub ] || return 0
	python3 tests/harness/gdb_check.py report "$out" "$log" nb-pagetypeinfo pagetypeinfo
	report $? "$what: nb-pagetypeinfo equals the kernel's dump=pagetypeinfo"
	python3 tests/harness/gdb_check.py prefix "$out" "$log" nb-cpus cpus
	report $? "$what: nb-cpus starts with the kernel's dump=cpus"
	grep -qE '^(\(gdb\) )*CPU 1 node [01] online' "$out" && grep -q '^  pcp count: [0-9]* high: ' "$out" &&
		grep -qE '^(\(gdb\) )*pageblock pfn 0x40000-0x[0-9a-f]+ \(order [0-9]+' "$out" &&
		grep -qE '^node 1 zone .*, migratetype (Unmovable|Movable|Reclaimable|HighAtomic|Isolate)$' "$out" &&
		grep -q '^pages: [0-9]* free' "$out"
	report $? "$what: nb-pcp and nb-pageblock report CPU 1's lists and pfn 0x40000's block"
}

# Wait until the console log @log has a line matching @line (or the process @pid ended).
wait_for_line() {
	local log=$1 pid=$2 line=$3
	for _ in $(seq 1200); do
		grep -q "$line" "$log" 2>/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# Wait until the console log says the kernel waits for gdb (or the run ended).
wait_for_stub() {
	wait_for_line "$1" "$2" 'waiting for gdb'
}

smp_configs=${GDB_SMP_CONFIGS:-x86_64-vmemmap i386-discontig}
echo "1..$(( $(echo $configs | wc -w) * 14 + $(echo $stub_configs | wc -w) * 12 + 10 + $(echo $smp_configs | wc -w) * 11 ))"
for cfg in $configs; do
	arch=${cfg%%-*} mm=${cfg#*-}

	# QEMU's gdbstub.
	out=$dir/qemu-$cfg.out log=$dir/qemu-$cfg.serial
	rm -f "$log"
	session_commands qemu-gdbstub | SERIAL_LOG=$log TIMEOUT=120 timeout 180 make -s debug ARCH="$arch" \
		MEMMODEL="$mm" TOPO=2node GDBPORT="$(free_port)" CMDLINE="$dumps" >"$out" 2>&1
	check_session "$cfg" qemu-gdbstub "$out" "$log"
done
for cfg in $stub_configs; do
	arch=${cfg%%-*} mm=${cfg#*-}

	# The kernel's stub, waiting at boot.
	out=$dir/stub-$cfg.out log=$dir/stub-$cfg.serial run=$dir/stub-$cfg.run
	rm -f "$log"
	port=$(free_port)
	SERIAL_LOG=$log TIMEOUT=180 make -s run ARCH="$arch" MEMMODEL="$mm" TOPO=2node \
		GDBPORT="$port" CMDLINE="kgdbwait $dumps" >"$run" 2>&1 &
	rpid=$!
	if wait_for_stub "$log" "$rpid"; then
		session_commands in-kernel-stub | timeout 180 make -s gdb ARCH="$arch" MEMMODEL="$mm" GDBPORT="$port" \
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
# Every CPU stops (selftest=gdbstub_smp on 4 CPUs, 2 nodes, the stub waiting
# at boot): CPU 2 hits a breakpoint while CPUs 0, 1, 3 spin in a known
# loop; a watchpoint set then fires on CPU 1; a struct page's flags are
# watched through its allocation; a hardware breakpoint in the stub's own
# path is refused; Ctrl-C (SIGINT to gdb, which sends 0x03) stops the
# kernel while CPU 0 spins with interrupts off. Waits are on console lines.
smp_commands() {
	printf '%s\n' \
		'set remotetimeout 60' \
		'break kstub_cpu2_stop' 'continue' 'info threads' 'nb-cpu 1' 'bt' \
		'echo @@BEGIN nb-cpus\n' 'nb-cpus' 'echo @@END nb-cpus\n' \
		'nb-cpu 2' 'watch kstub_cell' 'continue' 'thread' 'delete' \
		'break kstub_both_stop' 'continue' 'thread' 'continue' 'thread' 'delete' \
		'break kstub_page_chosen' 'continue' 'watch -l kstub_page->flags' 'continue' 'bt 1' \
		'delete' 'hbreak gdbstub_session' 'set debug remote 1' 'continue' \
		'set debug remote 0' 'delete' 'continue' 'info registers pc' 'nb-cpu 0' 'bt' \
		'continue'
}

for cfg in $smp_configs; do
	arch=${cfg%%-*} mm=${cfg#*-}
	out=$dir/smp-$cfg.out log=$dir/smp-$cfg.serial run=$dir/smp-$cfg.run
	rm -f "$log"
	port=$(free_port)
	SERIAL_LOG=$log TIMEOUT=240 make -s run ARCH="$arch" MEMMODEL="$mm" TOPO=smp4-2node \
		GDBPORT="$port" CMDLINE="kgdbwait selftest=gdbstub_smp dump=cpus" >"$run" 2>&1 &
	rpid=$!
	if wait_for_stub "$log" "$rpid"; then
		smp_commands | GDBPORT=$port KERNEL="build/$cfg/numabuddy.elf" timeout 200 \
			scripts/gdb.sh >"$out" 2>&1 &
		gpid=$!
		# gdb runs "continue" into the Ctrl-C case: interrupt it as a user
		# would, once (timeout would pass a signal on to its whole group, and
		# a second SIGINT makes gdb give up the target).
		if wait_for_line "$log" "$gpid" 'gdbstub_smp: spinning until gdb interrupts'; then
			kill -INT "$(pgrep -P "$gpid")"
		fi
		wait "$gpid"
	else
		echo "# the kernel never waited for gdb (see $log)" >"$out"
	fi
	wait "$rpid"
	rrc=$?
	what="$cfg smp"
	grep -q 'hit Breakpoint 1, kstub_cpu2_stop' "$out" &&
		[ "$(grep -cE 'Thread [0-9]+ \(CPU [0-3] node [01], ' "$out")" -ge 4 ] &&
		grep -qE 'Thread 3 \(CPU 2 node 1, breakpoint\)' "$out" &&
		[ "$(grep -cE 'Thread [0-9]+ \(CPU [013] node [01], parked by NMI\)' "$out")" = 3 ]
	report $? "$what: a breakpoint on CPU 2 stops all 4 CPUs (info threads lists 4, 3 parked by NMI)"
	grep -qE '^(\(gdb\) )*#[0-9]+ +(0x[0-9a-f]+ in )?kstub_spin ' "$out"
	report $? "$what: nb-cpu 1 + bt shows CPU 1 parked in kstub_spin"
	python3 tests/harness/gdb_check.py prefix "$out" "$log" nb-cpus cpus &&
		grep -q '^CPU1: parked (parked by NMI) at ' "$out" &&
		grep -q 'CPU2: stopped here (master) (breakpoint) at kstub_cpu2_stop' "$out"
	report $? "$what: nb-cpus prints dump=cpus, then where each CPU stopped"
	grep -q 'hit Hardware watchpoint 2: kstub_cell' "$out" && grep -q 'New value = 4660' "$out" &&
		grep -qE 'Current thread is [0-9]+ \(Thread 2\)' "$out"
	report $? "$what: a watchpoint set while stopped fires on another CPU (CPU 1)"
	[ "$(grep -cE 'hit Breakpoint [0-9]+, kstub_both_stop' "$out")" = 2 ] &&
		[ "$(grep -oE 'Current thread is [0-9]+ \(Thread [24]\)' "$out" | sort -u | wc -l)" = 2 ]
	report $? "$what: CPUs 1 and 3 hitting one breakpoint together stop twice, once each"
	grep -q 'hit Hardware watchpoint [0-9]*: -location kstub_page->flags' "$out" &&
		grep -qE '^(\(gdb\) )*#0 .*prep_compound_page' "$out" &&
		[ "$(grep -c '^Old value = \|^New value = ' "$out")" -ge 4 ]
	report $? "$what: a write watchpoint on a struct page's flags stops in its allocation (old, new value)"
	grep -A1 'Sending packet: \$Z1,' "$out" | grep -q 'Packet received: E03' &&
		grep -q 'Cannot insert hardware breakpoint' "$out"
	report $? "$what: a hardware breakpoint in the stub's own path is refused with E03"
	grep -q 'received signal SIGINT' "$out" &&
		grep -qE '^(\(gdb\) )*pc +0x[0-9a-f]+ ' "$out" &&
		grep -qE '^(\(gdb\) )*#[0-9]+ +(0x[0-9a-f]+ in )?(kstub_wait_ctrlc|test_ctrl_c) ' "$out"
	report $? "$what: Ctrl-C stops the kernel (CPU 0 spinning, interrupts off), gdb reads registers"
	grep -q 'exited normally' "$out" && [ $rrc -eq 0 ] &&
		grep -q 'all selected self-tests passed' "$log" && grep -q '^ok 1 gdbstub_smp' "$log"
	report $? "$what: continue resumes every CPU and the run finishes clean"
	! grep -qE 'Python Exception|Error occurred in Python|Traceback' "$out"
	report $? "$what: the helpers raise no Python error"
	grep -q 'Ctrl-C: ttyS1.s receive interrupt (IRQ 3) on CPU3' "$log"
	report $? "$what: the UART's interrupt goes to the last CPU"
done
exit $status

// SPDX-License-Identifier: GPL-2.0-only
/*
 * start_kernel(): the generic boot sequence. The architecture has set up the
 * console, the CPU tables and boot_info before calling it.
 *
 * The run ends in one of two ways: arch_exit(ARCH_EXIT_SUCCESS) if every
 * selected self-test passed and every requested report exists, or
 * arch_exit(ARCH_EXIT_FAILURE) (also what panic() does).
 */
#include <kernel/types.h>
#include <kernel/printk.h>
#include <kernel/params.h>
#include <kernel/ktest.h>
#include <kernel/bench.h>
#include <kernel/report.h>
#include <lib/string.h>
#include <mm/compaction.h>
#include <mm/hugetlb.h>
#include <arch/boot.h>
#include <arch/cpu.h>
#include <arch/smp.h>
#include <mm/page_alloc.h>
#include <mm/vmstat.h>

static char selftest_globs[256] = "all";

static int __maybe_unused parse_selftest(const char *val)
{
	if (!val || !*val)
		return -EINVAL;
	if (strscpy(selftest_globs, val, sizeof(selftest_globs)) < 0) {
		strscpy(selftest_globs, "all", sizeof(selftest_globs));
		return -E2BIG;
	}
	return 0;
}
__setup("selftest", parse_selftest);

void start_kernel(void)
{
	pr_notice("numabuddy version %s (%s) (gcc %s)\n", NB_VERSION, NB_CONFIG, __VERSION__);

	setup_arch();
	pr_info("Kernel command line: %s\n", boot_command_line);
	parse_late_params();
	smp_init();
	page_alloc_cpus_online();	/* pageset high and vmstat thresholds for the CPUs now up */
	/* After mem_init() (in setup_arch) and hugepagesz=/hugepages= (late parameters). */
	hugetlb_init();
	compact_nodes_at_boot();	/* compact= */
#ifdef CONFIG_DEBUG_VM
	/* DEBUG_VM: the boot left every free list consistent (mm/validate.c). */
	unsigned long violations = validate_free_lists(5);

	if (violations)
		pr_err("buddy: %lu free-list violations at the end of boot\n", violations);
	else
		pr_info("buddy: free lists valid at the end of boot\n");
#endif

	bool tests_ok = ktest_run(selftest_globs);
	bool bench_ok = bench_run();	/* bench=: after the self-tests, before the dumps */
	/* Reports from a quiet state: every CPU's counter deltas folded (Linux's vmstat_update). */
	vm_stats_fold_all();
	bool dumps_ok = run_requested_dumps();

	if (tests_ok && bench_ok && dumps_ok) {
		pr_info("numabuddy: all selected self-tests passed\n");
		arch_exit(ARCH_EXIT_SUCCESS);
	}
	pr_err("numabuddy: %s\n", !tests_ok ? "self-tests FAILED" :
	       !bench_ok ? "a benchmark FAILED" : "a requested dump does not exist");
	arch_exit(ARCH_EXIT_FAILURE);
}

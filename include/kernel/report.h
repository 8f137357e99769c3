/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Named reports (dump=NAME,...) and switchable seed fixes (nofix=NAME,...).
 *
 * dump=: after the self-tests the kernel prints each named report framed by
 * "----- BEGIN NAME -----" and "----- END NAME -----" lines, through
 * printk_raw(), so the text between the frames is exactly the report.
 *
 * nofix=: every fix for a seed scenario is registered with DEFINE_FIX and
 * tested with fix_enabled(). Fixes are on unless named in nofix=; a name that
 * is not a registered fix is reported and ignored.
 */
#ifndef NB_KERNEL_REPORT_H
#define NB_KERNEL_REPORT_H

#include <kernel/types.h>
#include <kernel/compiler.h>

struct kdump {
	const char *name;
	const char *help;
	void (*show)(void);
};

#define DEFINE_DUMP(sym, str, fn, helptext)				\
	static const struct kdump __kdump_##sym = {			\
		.name = str, .help = helptext, .show = fn };		\
	static const struct kdump *const __kdump_ptr_##sym		\
		__section("kernel_dumps") __used = &__kdump_##sym

/* Print the reports named in dump=; returns false if a name was unknown. */
bool run_requested_dumps(void);
/* Print one report, framed. Returns false if no report has that name. */
bool dump_by_name(const char *name);
/*
 * The dump= requests accumulated so far, comma-separated in command-line
 * order, and a way to replace them: self-tests save the list, drive dump=
 * themselves and put the user's list back. Returns false if @list is too long.
 */
const char *dump_requests(void);
bool dump_requests_set(const char *list);

struct kfix {
	const char *name;	/* as used in nofix= */
	const char *seed;	/* "seed000_zone_alignment", ... */
	const char *guards;	/* one line: what goes wrong without it */
	bool *enabled;		/* true unless switched off by nofix= */
};

#define DEFINE_FIX(sym, seedname, what)					\
	bool fix_##sym##_enabled = true;				\
	static const struct kfix __kfix_##sym = {			\
		.name = #sym, .seed = seedname, .guards = what,		\
		.enabled = &fix_##sym##_enabled };			\
	static const struct kfix *const __kfix_ptr_##sym		\
		__section("kernel_fixes") __used = &__kfix_##sym
#define DECLARE_FIX(sym) extern bool fix_##sym##_enabled
#define fix_enabled(sym) (fix_##sym##_enabled)

/* Apply a nofix= list (exposed for tests). Returns the number of unknown names. */
unsigned int apply_nofix(const char *list);

#endif

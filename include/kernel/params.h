/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot parameters, registered by the code that owns them.
 *
 *	static int __init parse_foo(const char *val) { ... return 0; }
 *	early_param("foo", parse_foo);	// before memory is set up
 *	__setup("bar", parse_bar);	// once the kernel is up
 *
 * The handler gets the text after '=' (NULL for a bare "name") and returns
 * 0 if it took the value or a negative errno if not; the core then logs
 * "Malformed value for boot parameter 'name': 'val' (...), using the default"
 * so every handler only has to leave its default in place on error.
 * Parameters nobody registered are reported once, as Linux does:
 * "Unknown kernel command line parameters "...", will be passed to user space."
 * The same name may be registered by several owners (both are called).
 */
#ifndef NB_KERNEL_PARAMS_H
#define NB_KERNEL_PARAMS_H

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>

struct kernel_param {
	const char *name;
	int (*setup)(const char *val);
	bool early;
};

#define __define_param(id, str, fn, is_early)				\
	static const struct kernel_param __kparam_##id = {		\
		.name = str, .setup = fn, .early = is_early };		\
	static const struct kernel_param *const __kparam_ptr_##id	\
		__section("kernel_params") __used = &__kparam_##id

#define early_param(str, fn)	__define_param(fn, str, fn, true)
#define __setup(str, fn)	__define_param(fn, str, fn, false)

/* The command line as the kernel received it (never modified). */
extern char boot_command_line[];
#define COMMAND_LINE_SIZE 4096

/* Run early handlers over boot_command_line. */
void parse_early_param(void);
/* Run late handlers, then report unknown parameters. */
void parse_late_params(void);

/*
 * Core of both: walk @cmdline and call handlers whose 'early' flag equals
 * @early. Exposed for tests. Returns the number of parameters no handler
 * (early or late) claims.
 */
unsigned int parse_params(const char *cmdline, bool early, bool report_unknown);

/*
 * A parameter that takes one of two keywords: *@is_second says which (false
 * for @first), and -EINVAL (nothing changed) for no value or another word.
 */
int param_either(const char *val, const char *first, const char *second, bool *is_second);
/* A number (kstrtoull(), any base) that must not be 0; -EINVAL, *@res unchanged, otherwise. */
int param_positive(const char *val, u64 *res);
/* A string kept whole in @buf (@size bytes); -EINVAL for no value or one too long. */
int param_copy_string(const char *val, char *buf, size_t size);

/* Helpers for list-valued parameters such as selftest= and dump=. */
/* True if @name appears in the comma-separated @list. */
bool param_list_contains(const char *list, const char *name);

#endif

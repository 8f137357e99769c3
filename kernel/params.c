/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot parameter dispatch, as Linux does it: two passes over the command
 * line (early handlers before memory is up, the others later), quotes
 * grouping text with spaces, everything after "--" left alone, and one
 * "Unknown kernel command line parameters" line at the end of the late pass.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <kernel/registry.h>
#include <lib/parse.h>
#include <lib/printf.h>
#include <lib/string.h>

REGISTRY_DECLARE(struct kernel_param, kernel_params);

char boot_command_line[COMMAND_LINE_SIZE];

/*
 * parse_params() cuts a private copy of the line into pieces and collects
 * unknown parameters in a second buffer. Both are static (too big for early
 * stacks), so parse_params() must not be re-entered: a handler may not call
 * it. The guard below turns a violation into a warning instead of garbage.
 */
static char cmdline_copy[COMMAND_LINE_SIZE];
static char unknown_buf[COMMAND_LINE_SIZE];
static bool parsing;

static const char *errno_reason(int err)
{
	switch (err) {
	case -EINVAL:	return "invalid";
	case -ERANGE:	return "out of range";
	case -E2BIG:	return "too long";
	case -ENOSPC:	return "too many";
	case -ENOENT:	return "not found";
	case -ENOMEM:	return "out of memory";
	case -EEXIST:	return "already set";
	case -EBUSY:	return "busy";
	case -ENODATA:	return "missing value";
	case -EFAULT:	return "bad address";
	default:	return "error";
	}
}

/*
 * Linux treats "module.param" names as module parameters and never reports
 * them as unknown; we do the same.
 */
static bool is_module_param(const char *name)
{
	return strchr(name, '.') != NULL;
}

/* Call every handler for @param whose pass is @early; returns whether any handler (of either pass) knows it. */
static bool dispatch(const char *param, const char *val, bool early)
{
	const struct kernel_param *kp;
	bool known = false;

	registry_for_each(kp, kernel_params) {
		int rc;

		if (strcmp(kp->name, param))
			continue;
		known = true;
		if (kp->early != early)
			continue;
		rc = kp->setup(val);
		if (rc < 0) {
			pr_warn("Malformed value for boot parameter '%s': '%s' (%s), using the default\n",
				param, val ? val : "(none)", errno_reason(rc));
		}
	}
	return known;
}

/* Append "name[=val]" to the unknown list; the list is cut short if full. */
static void note_unknown(size_t *len, const char *param, const char *val)
{
	size_t room = sizeof(unknown_buf) - *len;
	int n;

	n = scnprintf(unknown_buf + *len, room, "%s%s%s%s", *len ? " " : "",
		      param, val ? "=" : "", val ? val : "");
	*len += (size_t)n;
}

unsigned int parse_params(const char *cmdline, bool early, bool report_unknown)
{
	unsigned int unknown = 0;
	size_t unknown_len = 0;
	char *cursor, *param, *val;

	if (WARN(parsing, "parse_params() re-entered from a parameter handler"))
		return 0;
	if (!cmdline)
		return 0;
	parsing = true;

	if (strscpy(cmdline_copy, cmdline, sizeof(cmdline_copy)) < 0)
		pr_warn("Kernel command line longer than %u bytes, truncated\n",
			(unsigned int)sizeof(cmdline_copy) - 1);
	unknown_buf[0] = '\0';

	cursor = cmdline_copy;
	while ((param = next_arg(&cursor, &val)) != NULL) {
		/* Everything after "--" belongs to init, not to the kernel. */
		if (!strcmp(param, "--"))
			break;
		if (!*param)
			continue;
		if (dispatch(param, val, early) || is_module_param(param))
			continue;
		unknown++;
		if (report_unknown)
			note_unknown(&unknown_len, param, val);
	}

	if (report_unknown && unknown)
		pr_notice("Unknown kernel command line parameters \"%s\", will be passed to user space.\n",
			  unknown_buf);
	parsing = false;
	return unknown;
}

void parse_early_param(void)
{
	static bool done;

	/* Early handlers run exactly once, whoever calls this first. */
	if (done)
		return;
	done = true;
	parse_params(boot_command_line, true, false);
}

void parse_late_params(void)
{
	static bool done;

	if (WARN(done, "parse_late_params() called twice"))
		return;
	done = true;
	parse_params(boot_command_line, false, true);
}

int param_either(const char *val, const char *first, const char *second, bool *is_second)
{
	if (val && !strcmp(val, first))
		*is_second = false;
	else if (val && !strcmp(val, second))
		*is_second = true;
	else
		return -EINVAL;
	return 0;
}

int param_positive(const char *val, u64 *res)
{
	unsigned long long v;

	if (!val || kstrtoull(val, 0, &v) || !v)
		return -EINVAL;
	*res = v;
	return 0;
}

int param_copy_string(const char *val, char *buf, size_t size)
{
	if (!val || strscpy(buf, val, size) < 0)
		return -EINVAL;
	return 0;
}

bool param_list_contains(const char *list, const char *name)
{
	size_t nl;

	if (!list || !name)
		return false;
	nl = strlen(name);
	while (*list) {
		size_t n = strcspn(list, ",");

		if (n == nl && !strncmp(list, name, n))
			return true;
		list += n;
		if (*list == ',')
			list++;
	}
	return false;
}

/*
 * Parameters Linux consumes elsewhere (the console driver, the boot
 * loader): accepted so they are not reported as unknown.
 */
static int ignore_param(const char *val)
{
	(void)val;
	return 0;
}
__setup("console", ignore_param);

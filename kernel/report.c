/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Named reports (dump=) and switchable seed fixes (nofix=).
 *
 * dump= is a late parameter and may be given several times; its names
 * accumulate in command-line order and are printed after the self-tests.
 * nofix= is early so that code running before the late pass already sees
 * its fixes switched off. Unknown names are reported (with the valid ones)
 * when the parameter is parsed, and otherwise ignored.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/registry.h>
#include <kernel/report.h>
#include <lib/parse.h>
#include <lib/printf.h>
#include <lib/string.h>

REGISTRY_DECLARE(struct kdump, kernel_dumps);
REGISTRY_DECLARE(struct kfix, kernel_fixes);

#define NAME_MAX_LEN	64

/* dump= names so far, "a,b,c"; unknown names are kept and skipped later. */
static char dump_list[512];

/*
 * Both registries (dump=, nofix=) hold structs with a ->name; these work on
 * either. find_named(): the entry of @sec named @key, or NULL.
 * named_list(): "a, b, c" of every name of @sec in @buf (@size bytes), or
 * "(none)", for error messages.
 */
#define find_named(sec, key)						\
	({								\
		const __typeof__(**__start_##sec) *e_, *found_ = NULL;	\
									\
		registry_for_each(e_, sec) {				\
			if (!strcmp(e_->name, (key))) {			\
				found_ = e_;				\
				break;					\
			}						\
		}							\
		found_;							\
	})

#define named_list(sec, buf, size)					\
	({								\
		const __typeof__(**__start_##sec) *e_;			\
		size_t n_ = 0;						\
									\
		(buf)[0] = '\0';					\
		registry_for_each(e_, sec)				\
			n_ += (size_t)scnprintf((buf) + n_, (size) - n_, "%s%s", \
						n_ ? ", " : "", e_->name); \
		n_ ? (const char *)(buf) : "(none)";			\
	})

static const struct kdump *find_dump(const char *name)
{
	return find_named(kernel_dumps, name);
}

static const struct kfix *find_fix(const char *name)
{
	return find_named(kernel_fixes, name);
}

static const char *dump_names(char *buf, size_t size)
{
	return named_list(kernel_dumps, buf, size);
}

static const char *fix_names(char *buf, size_t size)
{
	return named_list(kernel_fixes, buf, size);
}

static void report_unknown_dump(const char *name)
{
	char names[256];

	pr_err("dump: unknown report '%s' ignored; valid reports: %s\n", name,
	       dump_names(names, sizeof(names)));
}

bool dump_by_name(const char *name)
{
	const struct kdump *d = find_dump(name);

	if (!d) {
		report_unknown_dump(name);
		return false;
	}
	printk_raw("----- BEGIN %s -----\n", d->name);
	d->show();
	printk_raw("----- END %s -----\n", d->name);
	return true;
}

bool run_requested_dumps(void)
{
	char name[NAME_MAX_LEN];
	const char *p = dump_list;
	bool ok = true;

	while ((p = next_list_item(p, name, sizeof(name))) != NULL) {
		const struct kdump *d = find_dump(name);

		/* Unknown names were reported when dump= was parsed. */
		if (!d) {
			ok = false;
			continue;
		}
		printk_raw("----- BEGIN %s -----\n", d->name);
		d->show();
		printk_raw("----- END %s -----\n", d->name);
	}
	return ok;
}

const char *dump_requests(void)
{
	return dump_list;
}

bool dump_requests_set(const char *list)
{
	if (strscpy(dump_list, list ? list : "", sizeof(dump_list)) < 0) {
		dump_list[0] = '\0';
		return false;
	}
	return true;
}

static int dump_setup(const char *val)
{
	char name[NAME_MAX_LEN];
	const char *p = val;
	size_t len = strlen(dump_list);

	if (!val || !*val)
		return -EINVAL;
	/* Append whole or not at all, so a request is never cut in the middle. */
	if (len + (len ? 1 : 0) + strlen(val) >= sizeof(dump_list))
		return -E2BIG;
	while ((p = next_list_item(p, name, sizeof(name))) != NULL) {
		if (!find_dump(name))
			report_unknown_dump(name);
	}
	scnprintf(dump_list + len, sizeof(dump_list) - len, "%s%s", len ? "," : "", val);
	return 0;
}
__setup("dump", dump_setup);

unsigned int apply_nofix(const char *list)
{
	char name[NAME_MAX_LEN];
	const char *p = list;
	unsigned int unknown = 0;

	while ((p = next_list_item(p, name, sizeof(name))) != NULL) {
		const struct kfix *f = find_fix(name);

		if (!f) {
			char names[256];

			pr_err("nofix: unknown fix '%s' ignored; valid fixes: %s\n", name,
			       fix_names(names, sizeof(names)));
			unknown++;
			continue;
		}
		*f->enabled = false;
		pr_notice("nofix: fix '%s' for %s switched off\n", f->name, f->seed);
	}
	return unknown;
}

static int nofix_setup(const char *val)
{
	if (!val || !*val)
		return -EINVAL;
	apply_nofix(val);
	return 0;
}
early_param("nofix", nofix_setup);

/* The "fixes" report: every fix, its seed, whether it is on, and what it guards. */
static void show_fixes(void)
{
	const struct kfix *f;
	int wname = (int)strlen("NAME"), wseed = (int)strlen("SEED");

	registry_for_each(f, kernel_fixes) {
		wname = max(wname, (int)strlen(f->name));
		wseed = max(wseed, (int)strlen(f->seed));
	}
	printk_raw("%-*s  %-*s  %-5s  %s\n", wname, "NAME", wseed, "SEED", "STATE", "GUARDS");
	registry_for_each(f, kernel_fixes) {
		printk_raw("%-*s  %-*s  %-5s  %s\n", wname, f->name, wseed, f->seed,
			   *f->enabled ? "on" : "off", f->guards);
	}
}
DEFINE_DUMP(fixes, "fixes", show_fixes, "every seed fix, its seed and whether nofix= switched it off");

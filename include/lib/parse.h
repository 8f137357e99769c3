/* SPDX-License-Identifier: GPL-2.0-only */
/* Parsing helpers for boot parameters and firmware text (lib/parse.c). */
#ifndef NB_LIB_PARSE_H
#define NB_LIB_PARSE_H

#include <kernel/types.h>

/*
 * Strict conversions, as Linux's kstrto*(): the whole string must be a
 * number (one trailing newline allowed). @base 0 accepts 0x/0 prefixes.
 * Return 0, -EINVAL (not a number) or -ERANGE (overflow).
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtoul(const char *s, unsigned int base, unsigned long *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
int kstrtoint(const char *s, unsigned int base, int *res);
int kstrtobool(const char *s, bool *res);	/* y/Y/1/on, n/N/0/off */

/*
 * Prefix conversion: parse a number at the start of @s, set *@end past it.
 * Returns 0 and sets *@res, -EINVAL if no digit, -ERANGE on overflow.
 */
int parse_ull(const char *s, const char **end, unsigned int base, unsigned long long *res);

/*
 * Linux's memparse(): a number with an optional K/M/G/T/P/E suffix (binary
 * multiples). Sets *@end past what was used. Returns 0, -EINVAL or -ERANGE.
 */
int memparse_checked(const char *s, const char **end, unsigned long long *res);

/* Shell-style glob: '*' any run, '?' one character, [abc] and [a-z] classes. */
bool glob_match(const char *pattern, const char *str);

/*
 * Split the next "name[=value]" parameter off a command line, Linux style:
 * parameters are separated by spaces; double quotes group text containing
 * spaces ("a=b c" or a="b c") and are removed.
 * @p: in/out cursor into a writable copy of the command line (it is cut up
 * with NULs). Returns the start of the parameter or NULL at the end; *@val
 * is set to the value (NULL if there was no '=').
 */
char *next_arg(char **p, char **val);

/*
 * Iterate over comma-separated items of @list without modifying it: copies
 * the next item into @buf (size @size, truncated and terminated) and returns
 * the cursor after it, or NULL when there are no more items.
 */
const char *next_list_item(const char *list, char *buf, size_t size);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Number, size, glob and command-line parsing with Linux's rules
 * (kstrto*, memparse, next_arg), made strict about errors: every function
 * reports bad input through its return value and never reads past the
 * terminating NUL of its input.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <lib/parse.h>
#include <lib/string.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static char to_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Value of digit @c, or 16 if it is not a hex digit (so never < any base). */
static unsigned int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned int)(c - '0');
	c = to_lower(c);
	if (c >= 'a' && c <= 'f')
		return (unsigned int)(c - 'a' + 10);
	return 16;
}

/*
 * Resolve base 0 and skip a radix prefix, as Linux does: "0x" followed by a
 * hex digit means 16, another leading '0' means 8, else 10. With base 16 a
 * "0x" prefix is skipped only if a hex digit follows it, so "0xg" parses the
 * "0".
 */
static const char *fixup_radix(const char *s, unsigned int *base)
{
	if (*base == 0) {
		if (s[0] == '0' && to_lower(s[1]) == 'x' && digit_value(s[2]) < 16)
			*base = 16;
		else if (s[0] == '0')
			*base = 8;
		else
			*base = 10;
	}
	if (*base == 16 && s[0] == '0' && to_lower(s[1]) == 'x' && digit_value(s[2]) < 16)
		s += 2;
	return s;
}

int parse_ull(const char *s, const char **end, unsigned int base, unsigned long long *res)
{
	unsigned long long v = 0;
	bool overflow = false;
	const char *p;

	if (end)
		*end = s;
	if (base == 1 || base > 16)
		return -EINVAL;
	p = fixup_radix(s, &base);
	if (digit_value(*p) >= base)
		return -EINVAL;
	for (; digit_value(*p) < base; p++) {
		unsigned int d = digit_value(*p);

		if (v > (~0ULL - d) / base)
			overflow = true;
		v = v * base + d;
	}
	/* On overflow *end still moves past every digit, so callers can resync. */
	if (end)
		*end = p;
	if (overflow)
		return -ERANGE;
	*res = v;
	return 0;
}

/* kstrtoull() without the sign: "-+1" must not parse as -1. */
static int strtoull_whole(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v;
	const char *end;
	int rc;

	rc = parse_ull(s, &end, base, &v);
	if (rc == -EINVAL)
		return rc;
	/* The whole string must be the number (one trailing newline allowed). */
	if (*end == '\n')
		end++;
	if (*end)
		return -EINVAL;
	if (rc)
		return rc;
	*res = v;
	return 0;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	if (s[0] == '+')
		s++;
	return strtoull_whole(s, base, res);
}

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long v;
	int rc = kstrtoull(s, base, &v);

	if (rc)
		return rc;
	if (v != (unsigned long)v)
		return -ERANGE;
	*res = (unsigned long)v;
	return 0;
}

int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long v;
	int rc = kstrtoull(s, base, &v);

	if (rc)
		return rc;
	if (v != (unsigned int)v)
		return -ERANGE;
	*res = (unsigned int)v;
	return 0;
}

int kstrtoint(const char *s, unsigned int base, int *res)
{
	unsigned long long v;
	int rc;

	if (s[0] == '-') {
		rc = strtoull_whole(s + 1, base, &v);
		if (rc)
			return rc;
		/* -(INT_MIN) is INT_MAX + 1, which still fits the negative side. */
		if (v > (unsigned long long)INT32_MAX + 1)
			return -ERANGE;
		*res = (int)(0 - (unsigned int)v);
		return 0;
	}
	rc = kstrtoull(s, base, &v);
	if (rc)
		return rc;
	if (v > (unsigned long long)INT32_MAX)
		return -ERANGE;
	*res = (int)v;
	return 0;
}

/* Like Linux: only the first one or two characters decide; "yes" is true. */
int kstrtobool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'y': case 'Y': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		switch (s[1]) {
		case 'n': case 'N':
			*res = true;
			return 0;
		case 'f': case 'F':
			*res = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}

int memparse_checked(const char *s, const char **end, unsigned long long *res)
{
	unsigned long long v;
	const char *p;
	unsigned int shift = 0;
	int rc;

	rc = parse_ull(s, &p, 0, &v);
	if (end)
		*end = p;
	if (rc)
		return rc;
	switch (*p) {
	case 'E': case 'e':
		shift += 10;
		/* fallthrough */
	case 'P': case 'p':
		shift += 10;
		/* fallthrough */
	case 'T': case 't':
		shift += 10;
		/* fallthrough */
	case 'G': case 'g':
		shift += 10;
		/* fallthrough */
	case 'M': case 'm':
		shift += 10;
		/* fallthrough */
	case 'K': case 'k':
		shift += 10;
		p++;
		break;
	}
	if (shift && v > (~0ULL >> shift))
		return -ERANGE;
	if (end)
		*end = p;
	*res = v << shift;
	return 0;
}

/*
 * Match one bracket class starting just after '['. Returns the pattern
 * position after the closing ']' and sets *@matched, or NULL if the class is
 * not closed (the caller then treats '[' as an ordinary character). A ']'
 * right after '[' (or "[!") is a member, and '!' or '^' first negates.
 */
static const char *match_class(const char *p, char c, bool *matched)
{
	bool negate = false, hit = false;
	const char *q = p;

	if (*q == '!' || *q == '^') {
		negate = true;
		q++;
	}
	do {
		char lo = *q, hi;

		if (!lo)
			return NULL;
		hi = lo;
		if (q[1] == '-' && q[2] && q[2] != ']') {
			hi = q[2];
			q += 3;
		} else {
			q++;
		}
		if ((unsigned char)c >= (unsigned char)lo &&
		    (unsigned char)c <= (unsigned char)hi)
			hit = true;
	} while (*q != ']');
	*matched = hit != negate;
	return q + 1;
}

bool glob_match(const char *pat, const char *str)
{
	/* Where to resume after the last '*': one backtrack point suffices. */
	const char *star_pat = NULL, *star_str = NULL;

	for (;;) {
		char c = *str;
		bool ok = false;
		const char *next = pat + 1;

		switch (*pat) {
		case '*':
			star_pat = ++pat;
			star_str = str;
			continue;
		case '?':
			ok = c != '\0';
			break;
		case '[': {
			bool m;
			const char *after = c ? match_class(pat + 1, c, &m) : NULL;

			if (after) {
				ok = m;
				next = after;
			} else {
				ok = c == '[';
			}
			break;
		}
		case '\0':
			if (c == '\0')
				return true;
			break;
		default:
			ok = c == *pat;
			break;
		}
		if (ok) {
			pat = next;
			str++;
			continue;
		}
		if (!star_pat || !*star_str)
			return false;
		/* Let the last '*' swallow one more character and retry. */
		pat = star_pat;
		str = ++star_str;
	}
}

char *next_arg(char **cursor, char **val)
{
	char *args = *cursor, *param, *eq = NULL;
	bool in_quote = false, quoted = false;
	size_t i;

	*val = NULL;
	while (is_space(*args))
		args++;
	if (!*args) {
		*cursor = args;
		return NULL;
	}
	if (*args == '"') {
		args++;
		in_quote = quoted = true;
	}
	for (i = 0; args[i]; i++) {
		if (is_space(args[i]) && !in_quote)
			break;
		/* The first '=' splits, unless it is the first character. */
		if (!eq && i > 0 && args[i] == '=')
			eq = args + i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	param = args;
	if (eq) {
		*eq = '\0';
		*val = eq + 1;
		/* name="value with spaces": drop the quotes around the value. */
		if (**val == '"') {
			(*val)++;
			if (args + i - 1 >= *val && args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	/* "name=value with spaces": drop the closing quote. */
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	if (args[i]) {
		args[i] = '\0';
		*cursor = args + i + 1;
	} else {
		*cursor = args + i;
	}
	return param;
}

const char *next_list_item(const char *list, char *buf, size_t size)
{
	size_t n;

	if (!list)
		return NULL;
	/* Empty items ("a,,b", a trailing ',') are skipped, not returned. */
	while (*list == ',')
		list++;
	if (!*list)
		return NULL;
	n = strcspn(list, ",");
	if (size) {
		size_t c = n < size - 1 ? n : size - 1;

		memcpy(buf, list, c);
		buf[c] = '\0';
	}
	list += n;
	if (*list == ',')
		list++;
	return list;
}

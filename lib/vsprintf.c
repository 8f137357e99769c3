/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vsnprintf() and friends: the subset of C99 printf that kernel log formats
 * use, with Linux's differences where the two disagree:
 *  - '#' with %x/%X always adds the 0x/0X prefix, also for 0 ("%#010Lx" of 0
 *    is "0x00000000", as in Linux's "[mem 0x00000000-0x0009ffff]" lines);
 *  - 'L' is a synonym of 'll' for integers;
 *  - %s of NULL prints "(null)"; %p prints 0x-prefixed hex;
 *  - %ls prints a UCS-2 (u16) string, '?' for what is not ASCII (the UEFI
 *    loader, which shares this file, names its files so).
 * Unknown conversions are copied to the output as they were written.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <lib/printf.h>
#include <lib/string.h>

/* Output cursor: bytes past @end are counted but not stored. */
struct outbuf {
	char *pos;
	char *end;		/* last byte usable for text; NULL if none */
	size_t len;		/* full length of the output so far */
};

static void out_char(struct outbuf *o, char c)
{
	if (o->end && o->pos < o->end)
		*o->pos++ = c;
	o->len++;
}

static void out_repeat(struct outbuf *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

static void out_mem(struct outbuf *o, const char *s, size_t n)
{
	while (n--)
		out_char(o, *s++);
}

#define F_LEFT		0x01	/* '-' */
#define F_ZERO		0x02	/* '0' */
#define F_PLUS		0x04	/* '+' */
#define F_SPACE		0x08	/* ' ' */
#define F_ALT		0x10	/* '#' */
#define F_UPPER		0x20	/* %X */

struct spec {
	unsigned int flags;
	int width;		/* -1: none */
	int prec;		/* -1: none */
};

/*
 * Digits of @v in @base, least significant first, into @buf (at least 22
 * bytes: 64-bit octal). Bases 8 and 16 use shifts so that i386 needs no
 * 64-bit division for them.
 */
static int format_digits(char *buf, unsigned long long v, unsigned int base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	if (base == 16) {
		do {
			buf[n++] = digits[v & 0xf];
			v >>= 4;
		} while (v);
	} else if (base == 8) {
		do {
			buf[n++] = digits[v & 7];
			v >>= 3;
		} while (v);
	} else {
		do {
			buf[n++] = digits[v % 10];
			v /= 10;
		} while (v);
	}
	return n;
}

static void format_number(struct outbuf *o, unsigned long long v, bool negative,
			  unsigned int base, const struct spec *sp)
{
	char digits[24];
	char prefix[3];
	int nd, np = 0, zeros = 0, pad;

	/* A precision of 0 prints no digit for 0 (C99); "%#.0o" still prints "0". */
	if (sp->prec == 0 && v == 0)
		nd = 0;
	else
		nd = format_digits(digits, v, base, sp->flags & F_UPPER);

	if (negative)
		prefix[np++] = '-';
	else if (base == 10 && (sp->flags & F_PLUS))
		prefix[np++] = '+';
	else if (base == 10 && (sp->flags & F_SPACE))
		prefix[np++] = ' ';
	if (sp->flags & F_ALT) {
		if (base == 16) {
			prefix[np++] = '0';
			prefix[np++] = (sp->flags & F_UPPER) ? 'X' : 'x';
		} else if (base == 8 && sp->prec <= nd &&
			   (nd == 0 || digits[nd - 1] != '0')) {
			/* Octal: '#' only guarantees a leading zero digit. */
			prefix[np++] = '0';
		}
	}

	if (sp->prec > nd)
		zeros = sp->prec - nd;
	pad = sp->width - (np + zeros + nd);
	if (pad < 0)
		pad = 0;
	/* '0' pads between sign/prefix and digits; ignored with '-' or a precision. */
	if ((sp->flags & F_ZERO) && !(sp->flags & F_LEFT) && sp->prec < 0) {
		zeros += pad;
		pad = 0;
	}

	if (!(sp->flags & F_LEFT))
		out_repeat(o, ' ', pad);
	out_mem(o, prefix, (size_t)np);
	out_repeat(o, '0', zeros);
	while (nd > 0)
		out_char(o, digits[--nd]);
	if (sp->flags & F_LEFT)
		out_repeat(o, ' ', pad);
}

static void format_string(struct outbuf *o, const char *s, const struct spec *sp)
{
	size_t n;
	int pad;

	if (!s)
		s = "(null)";
	/* With a precision, never read past it: the text need not be terminated. */
	n = sp->prec >= 0 ? strnlen(s, (size_t)sp->prec) : strlen(s);
	pad = sp->width > (int)n ? sp->width - (int)n : 0;
	if (!(sp->flags & F_LEFT))
		out_repeat(o, ' ', pad);
	out_mem(o, s, n);
	if (sp->flags & F_LEFT)
		out_repeat(o, ' ', pad);
}

/*
 * %ls: a NUL-terminated UCS-2 string (UEFI's CHAR16, the loader's paths),
 * each character outside ASCII printed as '?'. Width and precision count
 * characters as for %s.
 */
static void format_ucs2(struct outbuf *o, const u16 *s, const struct spec *sp)
{
	size_t n = 0;
	int pad;

	if (!s) {
		format_string(o, NULL, sp);
		return;
	}
	while (s[n] && (sp->prec < 0 || n < (size_t)sp->prec))
		n++;
	pad = sp->width > (int)n ? sp->width - (int)n : 0;
	if (!(sp->flags & F_LEFT))
		out_repeat(o, ' ', pad);
	for (size_t i = 0; i < n; i++)
		out_char(o, s[i] < 0x80 ? (char)s[i] : '?');
	if (sp->flags & F_LEFT)
		out_repeat(o, ' ', pad);
}

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE, LEN_PTRDIFF,
	      LEN_MAX };

static int parse_int(const char **fmt)
{
	int v = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		/* Saturate absurd widths instead of overflowing. */
		if (v < 100000000)
			v = v * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return v;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct outbuf o = {
		.pos = buf,
		.end = size ? buf + size - 1 : NULL,
		.len = 0,
	};

	while (*fmt) {
		const char *start = fmt;
		struct spec sp = { .flags = 0, .width = -1, .prec = -1 };
		enum length len = LEN_INT;
		unsigned long long uv;
		long long sv;
		unsigned int base;
		bool is_signed;

		if (*fmt != '%') {
			out_char(&o, *fmt++);
			continue;
		}
		fmt++;

		for (;; fmt++) {
			if (*fmt == '-')
				sp.flags |= F_LEFT;
			else if (*fmt == '0')
				sp.flags |= F_ZERO;
			else if (*fmt == '+')
				sp.flags |= F_PLUS;
			else if (*fmt == ' ')
				sp.flags |= F_SPACE;
			else if (*fmt == '#')
				sp.flags |= F_ALT;
			else
				break;
		}

		if (*fmt == '*') {
			sp.width = va_arg(args, int);
			if (sp.width < 0) {
				/* A negative '*' width means '-' and its magnitude. */
				sp.flags |= F_LEFT;
				sp.width = sp.width == INT32_MIN ? INT32_MAX : -sp.width;
			}
			fmt++;
		} else if (*fmt >= '0' && *fmt <= '9') {
			sp.width = parse_int(&fmt);
		}

		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				sp.prec = va_arg(args, int);
				if (sp.prec < 0)
					sp.prec = -1;	/* as if omitted */
				fmt++;
			} else {
				sp.prec = parse_int(&fmt);
			}
		}

		switch (*fmt) {
		case 'h':
			fmt++;
			len = LEN_SHORT;
			if (*fmt == 'h') {
				fmt++;
				len = LEN_CHAR;
			}
			break;
		case 'l':
			fmt++;
			len = LEN_LONG;
			if (*fmt == 'l') {
				fmt++;
				len = LEN_LLONG;
			}
			break;
		case 'L':
		case 'q':
			fmt++;
			len = LEN_LLONG;
			break;
		case 'z':
			fmt++;
			len = LEN_SIZE;
			break;
		case 't':
			fmt++;
			len = LEN_PTRDIFF;
			break;
		case 'j':
			fmt++;
			len = LEN_MAX;
			break;
		}

		is_signed = false;
		switch (*fmt) {
		case '%':
			out_char(&o, '%');
			fmt++;
			continue;
		case 'c': {
			struct spec cs = sp;
			char c = (char)va_arg(args, int);

			cs.prec = -1;
			if (!(cs.flags & F_LEFT))
				out_repeat(&o, ' ', cs.width - 1);
			out_char(&o, c);
			if (cs.flags & F_LEFT)
				out_repeat(&o, ' ', cs.width - 1);
			fmt++;
			continue;
		}
		case 's':
			if (len == LEN_LONG) {
				format_ucs2(&o, va_arg(args, const u16 *), &sp);
				fmt++;
				continue;
			}
			format_string(&o, va_arg(args, const char *), &sp);
			fmt++;
			continue;
		case 'p': {
			struct spec ps = sp;

			ps.flags = (sp.flags & F_LEFT) | F_ALT;
			format_number(&o, (uintptr_t)va_arg(args, void *), false, 16, &ps);
			fmt++;
			continue;
		}
		case 'd':
		case 'i':
			is_signed = true;
			base = 10;
			break;
		case 'u':
			base = 10;
			break;
		case 'x':
			base = 16;
			break;
		case 'X':
			sp.flags |= F_UPPER;
			base = 16;
			break;
		case 'o':
			base = 8;
			break;
		default:
			/* Unknown or truncated conversion: show it as written. */
			if (*fmt)
				fmt++;
			out_mem(&o, start, (size_t)(fmt - start));
			continue;
		}
		fmt++;

		if (is_signed) {
			switch (len) {
			case LEN_CHAR:
				sv = (signed char)va_arg(args, int);
				break;
			case LEN_SHORT:
				sv = (short)va_arg(args, int);
				break;
			case LEN_LONG:
				sv = va_arg(args, long);
				break;
			case LEN_LLONG:
				sv = va_arg(args, long long);
				break;
			case LEN_SIZE:
			case LEN_PTRDIFF:
				sv = va_arg(args, ptrdiff_t);
				break;
			case LEN_MAX:
				sv = va_arg(args, intmax_t);
				break;
			default:
				sv = va_arg(args, int);
				break;
			}
			/* Negate in unsigned arithmetic: LLONG_MIN has no positive twin. */
			uv = sv < 0 ? 0ULL - (unsigned long long)sv : (unsigned long long)sv;
			format_number(&o, uv, sv < 0, base, &sp);
		} else {
			switch (len) {
			case LEN_CHAR:
				uv = (unsigned char)va_arg(args, unsigned int);
				break;
			case LEN_SHORT:
				uv = (unsigned short)va_arg(args, unsigned int);
				break;
			case LEN_LONG:
				uv = va_arg(args, unsigned long);
				break;
			case LEN_LLONG:
				uv = va_arg(args, unsigned long long);
				break;
			case LEN_SIZE:
			case LEN_PTRDIFF:
				uv = va_arg(args, size_t);
				break;
			case LEN_MAX:
				uv = va_arg(args, uintmax_t);
				break;
			default:
				uv = va_arg(args, unsigned int);
				break;
			}
			format_number(&o, uv, false, base, &sp);
		}
	}

	if (o.end)
		*o.pos = '\0';
	/* The C99 contract returns an int; outputs that long are not supported. */
	return o.len > INT32_MAX ? INT32_MAX : (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int n = vsnprintf(buf, size, fmt, args);

	if (!size)
		return 0;
	return (size_t)n < size ? n : (int)(size - 1);
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vscnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}

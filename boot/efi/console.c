// SPDX-License-Identifier: GPL-2.0-only
/*
 * Console output for the UEFI loader: a small printf into a byte buffer,
 * then converted to UCS-2 for ConOut->OutputString. OVMF mirrors ConOut on
 * the serial port, which is how QEMU's -serial stdio (and the tests) see it.
 */
#include "loader.h"

static SIMPLE_TEXT_OUTPUT_INTERFACE *con_out;

void con_init(EFI_SYSTEM_TABLE *st)
{
	con_out = st->ConOut;
}

void con_stop(void)
{
	con_out = NULL;
}

static const struct {
	EFI_STATUS status;
	const char *name;
} status_names[] = {
	{ EFI_SUCCESS, "Success" },
	{ EFI_LOAD_ERROR, "Load Error" },
	{ EFI_INVALID_PARAMETER, "Invalid Parameter" },
	{ EFI_UNSUPPORTED, "Unsupported" },
	{ EFI_BAD_BUFFER_SIZE, "Bad Buffer Size" },
	{ EFI_BUFFER_TOO_SMALL, "Buffer Too Small" },
	{ EFI_NOT_READY, "Not Ready" },
	{ EFI_DEVICE_ERROR, "Device Error" },
	{ EFI_WRITE_PROTECTED, "Write Protected" },
	{ EFI_OUT_OF_RESOURCES, "Out of Resources" },
	{ EFI_VOLUME_CORRUPTED, "Volume Corrupt" },
	{ EFI_VOLUME_FULL, "Volume Full" },
	{ EFI_NO_MEDIA, "No Media" },
	{ EFI_MEDIA_CHANGED, "Media changed" },
	{ EFI_NOT_FOUND, "Not Found" },
	{ EFI_ACCESS_DENIED, "Access Denied" },
	{ EFI_NO_RESPONSE, "No Response" },
	{ EFI_NO_MAPPING, "No mapping" },
	{ EFI_TIMEOUT, "Time out" },
	{ EFI_NOT_STARTED, "Not started" },
	{ EFI_ALREADY_STARTED, "Already started" },
	{ EFI_ABORTED, "Aborted" },
	{ EFI_SECURITY_VIOLATION, "Security Violation" },
};

const char *efi_strerror(EFI_STATUS status)
{
	static char unknown[4][24];
	static unsigned int next;
	char *buf;

	for (size_t i = 0; i < sizeof(status_names) / sizeof(status_names[0]); i++)
		if (status_names[i].status == status)
			return status_names[i].name;
	buf = unknown[next++ % 4];
	fmt_snprintf(buf, sizeof(unknown[0]), "status %#lx", (UINT64)status);
	return buf;
}

/* ---- formatting ---------------------------------------------------------- */

struct out {
	char *buf;
	size_t size, len;	/* len counts everything, even what did not fit */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

/* @s, at most @prec bytes of it (all if @prec < 0), padded to @width. */
static void put_str(struct out *o, const char *s, int prec, int width, bool left)
{
	int n = 0;

	while (s[n] && (prec < 0 || n < prec))
		n++;
	while (!left && width-- > n)
		put(o, ' ');
	for (int i = 0; i < n; i++)
		put(o, s[i]);
	while (left && width-- > n)
		put(o, ' ');
}

static void put_num(struct out *o, UINT64 v, unsigned int base, bool neg, int width,
		    bool zero, bool left, bool alt)
{
	char tmp[24];
	int n = 0, len;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	len = n + (neg ? 1 : 0) + (alt ? 2 : 0);
	if (!left && !zero)
		for (; width > len; width--)
			put(o, ' ');
	if (neg)
		put(o, '-');
	if (alt) {
		put(o, '0');
		put(o, 'x');
	}
	if (zero && !left)
		for (; width > len; width--)
			put(o, '0');
	while (n)
		put(o, tmp[--n]);
	if (left)
		for (; width > len; width--)
			put(o, ' ');
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		bool zero = false, left = false, alt = false;
		int width = 0, lng = 0, prec = -1;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '0')
				zero = true;
			else if (*fmt == '-')
				left = true;
			else if (*fmt == '#')
				alt = true;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9')
				prec = prec * 10 + (*fmt++ - '0');
		}
		while (*fmt == 'l') {
			lng++;
			fmt++;
		}
		if (*fmt == 'z') {
			lng = 1;
			fmt++;
		}
		switch (*fmt) {
		case '%':
			put(&o, '%');
			break;
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 's':
			if (lng) {
				const CHAR16 *s = va_arg(ap, const CHAR16 *);

				for (; s && *s; s++)
					put(&o, *s < 0x80 ? (char)*s : '?');
			} else {
				const char *s = va_arg(ap, const char *);

				put_str(&o, s ? s : "(null)", prec, width, left);
			}
			break;
		case 'd': {
			INT64 v = lng ? va_arg(ap, INT64) : va_arg(ap, int);

			put_num(&o, v < 0 ? -(UINT64)v : (UINT64)v, 10, v < 0, width, zero, left, false);
			break;
		}
		case 'u':
		case 'x': {
			UINT64 v = lng ? va_arg(ap, UINT64) : va_arg(ap, unsigned int);

			put_num(&o, v, *fmt == 'x' ? 16 : 10, false, width, zero, left, alt);
			break;
		}
		case 'p':
			put_num(&o, (UINT64)(UINTN)va_arg(ap, void *), 16, false, width, zero, left, true);
			break;
		default:	/* unknown: print it as written */
			put(&o, '%');
			if (*fmt)
				put(&o, *fmt);
			else
				fmt--;
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* ---- output -------------------------------------------------------------- */

static void con_write(const char *s)
{
	CHAR16 line[160];
	size_t n = 0;

	if (!con_out)
		return;
	for (;; s++) {
		/* Flush before a CR LF pair or a full buffer (keep room for CR LF NUL). */
		if (!*s || *s == '\n' || n + 3 >= sizeof(line) / sizeof(line[0])) {
			if (*s == '\n') {
				line[n++] = '\r';
				line[n++] = '\n';
			}
			line[n] = 0;
			if (n)
				con_out->OutputString(con_out, line);
			n = 0;
			if (!*s)
				return;
			if (*s == '\n')
				continue;
		}
		line[n++] = (CHAR16)(unsigned char)*s;
	}
}

static void con_vprintf(const char *prefix, const char *fmt, va_list ap)
{
	char buf[1024];

	if (prefix)
		con_write(prefix);
	fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	con_write(buf);
}

void con_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	con_vprintf("numabuddy-efi: ", fmt, ap);
	va_end(ap);
}

void con_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	con_vprintf("numabuddy-efi: error: ", fmt, ap);
	va_end(ap);
}

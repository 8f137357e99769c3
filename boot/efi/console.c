// SPDX-License-Identifier: GPL-2.0-only
/*
 * Console output for the UEFI loader: lib/vsprintf.c (the kernel's, shared)
 * into a byte buffer, then converted to UCS-2 for ConOut->OutputString. OVMF mirrors ConOut on
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
	snprintf(buf, sizeof(unknown[0]), "status %#lx", (UINT64)status);
	return buf;
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
	vsnprintf(buf, sizeof(buf), fmt, ap);
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

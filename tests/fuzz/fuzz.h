/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the libFuzzer targets of tests/fuzz share. A header, not a .c file:
 * mk/fuzz.mk builds every .c file here as a fuzzer of its own. It uses no
 * C library header, so that targets built on lib/string.h can include it.
 */
#ifndef NB_TESTS_FUZZ_H
#define NB_TESTS_FUZZ_H

#include <kernel/types.h>
#include <kernel/printk.h>

/* libFuzzer's entry points: every target defines both. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

/*
 * LLVMFuzzerInitialize's body: @setup() runs once, before the first input
 * (libFuzzer's arguments are left to libFuzzer).
 */
static inline int fuzz_init(int *argc, char ***argv, void (*setup)(void))
{
	(void)argc;
	(void)argv;
	setup();
	return 0;
}

/* Keep the kernel's log off the console: libFuzzer's output stays readable. */
static inline void fuzz_quiet(void)
{
	console_suppress = 1;
}

/* An invariant the target checks: abort() if it is false (libFuzzer keeps the input). */
static inline void check(bool ok)
{
	if (!ok)
		__builtin_abort();
}

/*
 * The input as a whole ACPI table: @data copied to @table and the rest of
 * its @cap bytes zeroed; if it has room for them (8 bytes), its signature
 * is forced to @sig and its length field to @size, so that the fuzzer works
 * on what follows the header. False, and @table untouched, if @size is
 * over @cap: such inputs are skipped.
 */
static inline bool fuzz_acpi_table(unsigned char *table, size_t cap, const char *sig,
				   const u8 *data, size_t size)
{
	u32 len = (u32)size;

	if (size > cap)
		return false;
	__builtin_memset(table, 0, cap);
	__builtin_memcpy(table, data, size);
	if (size >= 8) {
		__builtin_memcpy(table, sig, 4);
		__builtin_memcpy(table + 4, &len, 4);
	}
	return true;
}

#endif

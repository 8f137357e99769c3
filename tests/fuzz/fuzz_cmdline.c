/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target for the command-line parser (kernel/params.c over
 * lib/parse.c): arbitrary NUL-terminated text goes through next_arg() on a
 * writable copy, checking that every piece it returns lies inside the copy,
 * and through parse_params() for both passes, which calls every registered
 * handler with whatever values the text holds.
 *
 * Handlers keep state between runs (queued mem=/memmap= edits, lists such as
 * dump=); the e820 queue is dropped after each run so it cannot fill up.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <lib/parse.h>
#include <lib/string.h>
#include <asm/e820.h>
#include "fuzz.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)
#define TEXT_MAX (COMMAND_LINE_SIZE + 64)	/* a little longer than the kernel keeps */

static char text[TEXT_MAX + 1];
static char work[TEXT_MAX + 1];

static bool inside(const char *p, size_t len)
{
	return p >= work && p <= work + len;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return fuzz_init(argc, argv, fuzz_quiet);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	size_t len = size < TEXT_MAX ? size : TEXT_MAX;
	char *cursor, *param, *val;
	unsigned int n = 0;

	memcpy(text, data, len);
	text[len] = '\0';
	len = strlen(text);

	memcpy(work, text, len + 1);
	cursor = work;
	while ((param = next_arg(&cursor, &val)) != NULL) {
		CHECK(inside(param, len) && inside(cursor, len));
		CHECK(param + strlen(param) <= work + len);
		if (val)
			CHECK(inside(val, len) && val + strlen(val) <= work + len);
		/* Every call consumes input, so there are at most len + 1 pieces. */
		CHECK(++n <= len + 1);
	}
	CHECK(inside(cursor, len) && *cursor == '\0');

	parse_params(text, true, false);
	parse_params(text, false, true);
	e820__discard_user_edits();
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the buddy allocator against the reference model of
 * tests/host/buddy_model.c (the engine of the hosted suite buddy_model).
 *
 * Input: the byte stream the engine draws every choice from, in order:
 * first a tiny machine (nodes, RAM pieces and the missing ranges between
 * them, reserved and nomap ranges, zone boundaries, distances, CPUs, page
 * poisoning), then operations (alloc_pages_node()/alloc_pages()/
 * __get_free_pages() with an order, node and GFP flags, or the free of an
 * owned block) until the bytes run out or MAX_OPS are done; then every
 * owned block is freed.
 * Every input decodes to a valid machine (missing bytes read as zeros).
 *
 * Checked: every property listed at the top of buddy_model.c, with the
 * validator and the model's free lists compared after every operation. A
 * failure prints the reason and the machine on stderr and aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <kernel/types.h>
#include <kernel/printk.h>
#include "../host/buddy_model.h"
#include "../host/fake_phys.h"
#include "fuzz.h"

#define SEEDS		4
#define SEED_BYTES	3000
#define MAX_OPS		1000	/* per input: keeps an execution in the milliseconds */

static void setup(void)
{
	static u8 seed[SEED_BYTES];

	fuzz_quiet();
	/* Starting corpus: streams from the hosted suite's generator. */
	for (unsigned int i = 0; i < SEEDS; i++) {
		struct bm_stream s;
		char name[32];

		bm_stream_rng(&s, 0xf022 + i);
		for (unsigned int j = 0; j < SEED_BYTES; j++)
			seed[j] = (u8)bm_rand(&s, 256);
		snprintf(name, sizeof(name), "stream-%u", i);
		fake_fuzz_seed(name, seed, sizeof(seed));
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return fuzz_init(argc, argv, setup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char text[4096];
	struct bm_stats st = { 0 };
	struct bm_stream s;
	struct bm_layout l;
	const char *err;

	bm_stream_bytes(&s, data, size);
	bm_layout_generate(&l, &s, BM_TINY);
	err = bm_boot(&l);
	if (!err)
		err = bm_run(&s, MAX_OPS, 1, &st);
	if (!err)
		err = bm_finish(&s, &st);
	if (err) {
		bm_layout_describe(&l, text, sizeof(text));
		fprintf(stderr, "buddy model: %s\nthe machine:\n%s", err, text);
		abort();
	}
	bm_teardown();
	return 0;
}

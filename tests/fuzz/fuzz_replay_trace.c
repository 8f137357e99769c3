/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the binary trace reader (mm/replay_trace.c).
 *
 * Input: the first byte chooses fix-ups, the rest is the trace. Bit 0
 * forces a plausible header (magic, version 1, 16-byte records, header
 * size 64 + 24 per range rounded to 16, the record count from the size);
 * bit 2 makes every range and record valid (so the accepted path is
 * exercised on every run that sets it); bit 1 then recomputes both
 * checksums, so that the fuzzer reaches the checks of ranges and records
 * instead of stopping at a CRC.
 * Checked: the reader asks only for bytes inside the trace; an accepted
 * trace's every record satisfies the contract of include/mm/replay_trace.h
 * and agrees with the header (CPU, max pfn, per-type counts); its ranges
 * are sorted and disjoint and replay_trace_pfn_node() answers by them.
 */
#include <stdint.h>
#include <string.h>

#include <kernel/types.h>
#include <mm/replay_trace.h>
#include "fuzz.h"

#define MAX_TRACE	65536

static u8 trace[MAX_TRACE];

struct src {
	const u8 *p;
	u64 size;
};

static int read_src(void *ctx, u64 off, void *buf, u32 len)
{
	const struct src *s = ctx;

	check(off <= s->size && len <= s->size - off);	/* the reader stays inside */
	memcpy(buf, s->p + off, len);
	return 0;
}

static void put32(u8 *p, u32 v)
{
	memcpy(p, &v, 4);
}

static void put64(u8 *p, u64 v)
{
	memcpy(p, &v, 8);
}

static void setup(void)
{
	fuzz_quiet();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return fuzz_init(argc, argv, setup);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct replay_trace *t;
	static struct replay_trace tr;
	struct src s;
	const char *why;
	u64 bad, count[4] = { 0 };
	u8 mode;

	if (size < 1 || size - 1 > MAX_TRACE)
		return 0;
	mode = data[0];
	memcpy(trace, data + 1, size - 1);
	size--;
	if ((mode & 1) && size >= REPLAY_HEADER_SIZE) {
		u32 nranges = trace[32] % 8;
		u32 hsize = (REPLAY_HEADER_SIZE + nranges * REPLAY_RANGE_SIZE + 15) & ~15U;

		if (hsize <= size) {
			memcpy(trace, "NBTRACE", 8);
			put32(trace + 8, 1);
			put32(trace + 12, hsize);
			put32(trace + 16, REPLAY_RECORD_SIZE);
			put32(trace + 32, nranges);
			size = hsize + (size - hsize) / REPLAY_RECORD_SIZE * REPLAY_RECORD_SIZE;
			put64(trace + 24, (size - hsize) / REPLAY_RECORD_SIZE);
			if (mode & 4) {
				u64 at = 0;

				put32(trace + 20, 0x10000);
				put64(trace + 48, (1ULL << 40) + 2048);
				put32(trace + 36, 0);
				for (u32 i = 0; i < nranges; i++) {
					u8 *r = trace + REPLAY_HEADER_SIZE + i * REPLAY_RANGE_SIZE;
					at += r[0];
					put64(r, at);
					at += 1 + r[1];
					put64(r + 8, at);
					put32(r + 16, r[16] % 4);
				}
				for (u64 off = hsize; off < size; off += REPLAY_RECORD_SIZE) {
					u8 *r = trace + off;
					u8 type = (u8)(1 + r[14] % 3), order = (u8)(r[15] % 11);

					r[4] &= 0xff;
					put32(r + 4, 0);	/* pfn below 2^32 */
					r[14] = type;
					if (type == REPLAY_EV_ALLOC) {
						r[15] = (u8)(order | ((r[15] >> 4) % 6) << 4);
					} else {
						put32(r + 8, 0);
						r[15] = type == REPLAY_EV_FREE ? order : 0;
					}
				}
			}
			if (mode & 2) {
				put32(trace + 40, replay_crc32(0, trace + hsize, size - hsize));
				put32(trace + 44, 0);
				put32(trace + 44, replay_crc32(0, trace, hsize));
			}
		}
	}
	s.p = trace;
	s.size = size;
	t = &tr;
	if (replay_trace_open(t, read_src, &s, size, &why, &bad)) {
		check(why != NULL);
		return 0;
	}
	check(t->nr_ranges <= REPLAY_MAX_RANGES);
	for (u32 i = 0; i < t->nr_ranges; i++) {
		const struct replay_range *r = &t->ranges[i];
		check(r->start_pfn < r->end_pfn);
		check(i == 0 || t->ranges[i - 1].end_pfn <= r->start_pfn);
		check(replay_trace_pfn_node(t, r->start_pfn) == (int)r->nid);
		check(replay_trace_pfn_node(t, r->end_pfn - 1) == (int)r->nid);
	}
	if (t->nr_ranges)
		check(replay_trace_pfn_node(t, t->ranges[t->nr_ranges - 1].end_pfn) < 0 ||
		      t->ranges[t->nr_ranges - 1].end_pfn == t->ranges[0].start_pfn);
	for (u64 i = 0; i < t->nr_records; i++) {
		struct replay_event ev;

		check(replay_trace_get(t, i, &ev) == 0);
		check(ev.type >= REPLAY_EV_ALLOC && ev.type <= REPLAY_EV_FREE_BATCHED);
		check(ev.order <= REPLAY_MAX_ORDER && ev.migratetype <= REPLAY_MAX_MT);
		check(ev.type == REPLAY_EV_ALLOC || (!ev.gfp && !ev.migratetype));
		check(ev.type != REPLAY_EV_FREE_BATCHED || ev.order == 0);
		check(ev.cpu < t->nr_cpus);
		check(ev.pfn + (1ULL << ev.order) - 1 <= t->max_pfn);
		check(!(t->max_pfn >> REPLAY_MAX_PFN_BITS));
		count[ev.type]++;
	}
	for (int k = 1; k < 4; k++)
		check(count[k] == t->nr_type[k]);
	check(t->header_size + t->nr_records * REPLAY_RECORD_SIZE == size);
	{
		struct replay_event ev;
		check(replay_trace_get(t, t->nr_records, &ev) != 0);
	}
	return 0;
}

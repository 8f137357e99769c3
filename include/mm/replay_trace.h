/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * numabuddy's binary page-allocation trace (written by
 * tools/replay/convert.py from Linux's kmem:mm_page_alloc, mm_page_free and
 * mm_page_free_batched events; tools/replay/nbtrace.py is the reference for
 * the format), and its reader.
 *
 * Layout, little endian: a 64-byte header, nr_ranges node ranges of 24
 * bytes, padding to header_size (a multiple of 16), then nr_records records
 * of 16 bytes. Two CRC-32s (IEEE) guard it: one over the records, one over
 * the header and ranges with the header's own CRC field zeroed.
 *
 * The reader never trusts the trace: replay_trace_open() checks the whole
 * file (sizes, versions, ranges sorted and disjoint, every record's fields,
 * both checksums) before anyone replays one event, and says why it refused.
 * After a successful open every record replay_trace_get() returns is valid:
 * type 1..3, order <= REPLAY_MAX_ORDER, migratetype <= REPLAY_MAX_MT, an
 * order-0 free_batched, a pfn block below 2^52.
 */
#ifndef NB_MM_REPLAY_TRACE_H
#define NB_MM_REPLAY_TRACE_H

#include <kernel/types.h>

#define REPLAY_TRACE_VERSION	1
#define REPLAY_HEADER_SIZE	64
#define REPLAY_RANGE_SIZE	24
#define REPLAY_RECORD_SIZE	16
#define REPLAY_MAX_RANGES	128
#define REPLAY_MAX_ORDER	10	/* Linux 6.1 x86's MAX_ORDER */
#define REPLAY_MAX_MT		5	/* Linux 6.1's last migratetype number */
#define REPLAY_MAX_PFN_BITS	52

_Static_assert(REPLAY_HEADER_SIZE % REPLAY_RECORD_SIZE == 0, "records must not straddle pages");

enum replay_event_type {
	REPLAY_EV_ALLOC = 1,		/* kmem:mm_page_alloc */
	REPLAY_EV_FREE = 2,		/* kmem:mm_page_free */
	REPLAY_EV_FREE_BATCHED = 3,	/* kmem:mm_page_free_batched (not repeating a free) */
};

struct replay_event {
	u64 pfn;		/* the traced pfn: a handle, not a place here */
	u32 gfp;		/* Linux 6.1's gfp bits, as traced */
	u16 cpu;		/* the traced CPU */
	u8 type;		/* enum replay_event_type */
	u8 order;
	u8 migratetype;		/* as traced (allocations) */
};

struct replay_range {
	u64 start_pfn, end_pfn;	/* [start, end) on the traced machine */
	u32 nid;
};

/*
 * Reads @len bytes at byte @off of the trace into @buf. The reader asks
 * only for ranges inside the size it was given. 0, or non-zero if the
 * bytes cannot be read.
 */
typedef int (*replay_read_fn)(void *ctx, u64 off, void *buf, u32 len);

struct replay_trace {
	replay_read_fn read;
	void *ctx;
	u64 size;		/* bytes */
	u32 header_size;
	u32 nr_cpus;		/* traced CPUs (highest CPU number + 1) */
	u64 nr_records;
	u64 max_pfn;		/* highest traced pfn covered by a record */
	u32 nr_ranges;
	struct replay_range ranges[REPLAY_MAX_RANGES];
	/* Filled by replay_trace_open(): records per type, indexed by enum replay_event_type. */
	u64 nr_type[4];
};

/*
 * Check the trace of @size bytes that @read reaches and fill @t. Returns 0,
 * or -EINVAL with *@why set to a constant sentence naming what is wrong
 * (and *@bad_record to the record's index when one record is at fault,
 * else ~0).
 */
int replay_trace_open(struct replay_trace *t, replay_read_fn read, void *ctx, u64 size,
		      const char **why, u64 *bad_record);
/* Record @i (< nr_records) of an opened trace. 0, or -EIO if the read failed. */
int replay_trace_get(const struct replay_trace *t, u64 i, struct replay_event *ev);
/* The traced node of @pfn in the trace's ranges, or -1. */
int replay_trace_pfn_node(const struct replay_trace *t, u64 pfn);
/* CRC-32 (IEEE 802.3, as zlib's crc32()), continuing from @crc (0 to start). */
u32 replay_crc32(u32 crc, const void *buf, size_t len);

#endif

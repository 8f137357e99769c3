// SPDX-License-Identifier: GPL-2.0-only
/*
 * The binary page-allocation trace's reader (include/mm/replay_trace.h).
 * Arch-free and hosted: tests/fuzz/fuzz_replay_trace.c drives it with
 * arbitrary bytes.
 */
#include <kernel/types.h>
#include <kernel/errno.h>
#include <lib/string.h>
#include <mm/replay_trace.h>

static const char replay_magic[8] = "NBTRACE";	/* with its NUL: 8 bytes */

static u32 get_le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static u64 get_le64(const u8 *p)
{
	return (u64)get_le32(p) | (u64)get_le32(p + 4) << 32;
}

u32 replay_crc32(u32 crc, const void *buf, size_t len)
{
	static u32 table[256];
	static bool ready;
	const u8 *p = buf;

	if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) {
		/* Idempotent: racing CPUs write the same values. */
		for (u32 i = 0; i < 256; i++) {
			u32 c = i;
			for (int k = 0; k < 8; k++)
				c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
		__atomic_store_n(&ready, true, __ATOMIC_RELEASE);
	}
	crc = ~crc;
	while (len--)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static void decode(const u8 *r, struct replay_event *ev)
{
	ev->pfn = get_le64(r);
	ev->gfp = get_le32(r + 8);
	ev->cpu = (u16)(r[12] | r[13] << 8);
	ev->type = r[14];
	ev->order = r[15] & 0xf;
	ev->migratetype = r[15] >> 4;
}

/* Why record @ev is unusable, or NULL. */
static const char *record_fault(const struct replay_event *ev)
{
	if (ev->type < REPLAY_EV_ALLOC || ev->type > REPLAY_EV_FREE_BATCHED)
		return "a record has an unknown event type";
	if (ev->order > REPLAY_MAX_ORDER)
		return "a record's order is above Linux's MAX_ORDER";
	if (ev->migratetype > REPLAY_MAX_MT)
		return "a record's migratetype is out of range";
	if (ev->type != REPLAY_EV_ALLOC && (ev->migratetype || ev->gfp))
		return "a free record carries gfp flags or a migratetype";
	if (ev->type == REPLAY_EV_FREE_BATCHED && ev->order)
		return "a free_batched record has a non-zero order";
	if ((ev->pfn + (1ULL << ev->order)) >> REPLAY_MAX_PFN_BITS)
		return "a record's pfn is beyond 2^52";
	return NULL;
}

int replay_trace_open(struct replay_trace *t, replay_read_fn read, void *ctx, u64 size,
		      const char **why, u64 *bad_record)
{
	u8 h[REPLAY_HEADER_SIZE];
	u8 buf[256];
	u32 version, record_size, crc_records, crc_header, crc;

	memset(t, 0, sizeof(*t));
	*bad_record = ~0ULL;
	t->read = read;
	t->ctx = ctx;
	t->size = size;
#define REFUSE(msg) do { *why = (msg); return -EINVAL; } while (0)
	if (size < REPLAY_HEADER_SIZE)
		REFUSE("shorter than the 64-byte header");
	if (read(ctx, 0, h, sizeof(h)))
		REFUSE("the header cannot be read");
	if (memcmp(h, replay_magic, sizeof(replay_magic)))
		REFUSE("no NBTRACE magic: not a numabuddy trace");
	version = get_le32(h + 8);
	if (version != REPLAY_TRACE_VERSION)
		REFUSE("trace format version is not 1 (convert it again with this tree's tools/replay)");
	t->header_size = get_le32(h + 12);
	record_size = get_le32(h + 16);
	t->nr_cpus = get_le32(h + 20);
	t->nr_records = get_le64(h + 24);
	t->nr_ranges = get_le32(h + 32);
	if (get_le32(h + 36))
		REFUSE("unknown header flags");
	crc_records = get_le32(h + 40);
	crc_header = get_le32(h + 44);
	t->max_pfn = get_le64(h + 48);
	if (record_size != REPLAY_RECORD_SIZE)
		REFUSE("record size is not 16");
	if (t->nr_ranges > REPLAY_MAX_RANGES)
		REFUSE("more than 128 node ranges");
	if (t->header_size % REPLAY_RECORD_SIZE ||
	    t->header_size < REPLAY_HEADER_SIZE + (u64)t->nr_ranges * REPLAY_RANGE_SIZE ||
	    t->header_size > size)
		REFUSE("header size does not fit the ranges or the file");
	if (t->nr_records > (size - t->header_size) / REPLAY_RECORD_SIZE ||
	    t->header_size + t->nr_records * REPLAY_RECORD_SIZE != size)
		REFUSE("file size does not match the record count");
	if (t->nr_cpus > 0x10000)
		REFUSE("more than 65536 traced CPUs");
	if (t->max_pfn >> REPLAY_MAX_PFN_BITS)
		REFUSE("max pfn beyond 2^52");

	/* Header checksum: the header with its CRC field zeroed, then the ranges and padding. */
	memset(h + 44, 0, 4);
	crc = replay_crc32(0, h, sizeof(h));
	for (u64 off = REPLAY_HEADER_SIZE; off < t->header_size; off += sizeof(buf)) {
		u32 n = (u32)(t->header_size - off < sizeof(buf) ? t->header_size - off : sizeof(buf));
		if (read(ctx, off, buf, n))
			REFUSE("the node ranges cannot be read");
		crc = replay_crc32(crc, buf, n);
	}
	if (crc != crc_header)
		REFUSE("header checksum mismatch");

	for (u32 i = 0; i < t->nr_ranges; i++) {
		u8 r[REPLAY_RANGE_SIZE];
		struct replay_range *rg = &t->ranges[i];

		if (read(ctx, REPLAY_HEADER_SIZE + (u64)i * REPLAY_RANGE_SIZE, r, sizeof(r)))
			REFUSE("the node ranges cannot be read");
		rg->start_pfn = get_le64(r);
		rg->end_pfn = get_le64(r + 8);
		rg->nid = get_le32(r + 16);
		if (rg->start_pfn >= rg->end_pfn || rg->end_pfn >> REPLAY_MAX_PFN_BITS)
			REFUSE("a node range is empty or beyond 2^52");
		if (rg->nid >= 1024)
			REFUSE("a node range names a node above 1023");
		if (i && rg->start_pfn < t->ranges[i - 1].end_pfn)
			REFUSE("node ranges are not sorted or overlap");
	}

	/* Every record, and their checksum. */
	crc = 0;
	for (u64 i = 0; i < t->nr_records; i += sizeof(buf) / REPLAY_RECORD_SIZE) {
		u64 n = t->nr_records - i;
		if (n > sizeof(buf) / REPLAY_RECORD_SIZE)
			n = sizeof(buf) / REPLAY_RECORD_SIZE;
		if (read(ctx, t->header_size + i * REPLAY_RECORD_SIZE, buf,
			 (u32)(n * REPLAY_RECORD_SIZE)))
			REFUSE("the records cannot be read");
		crc = replay_crc32(crc, buf, (size_t)(n * REPLAY_RECORD_SIZE));
		for (u64 k = 0; k < n; k++) {
			struct replay_event ev;
			const char *fault;

			decode(buf + k * REPLAY_RECORD_SIZE, &ev);
			fault = record_fault(&ev);
			if (!fault && ev.cpu >= t->nr_cpus)
				fault = "a record's CPU is not below the header's CPU count";
			if (!fault && ev.pfn + (1ULL << ev.order) - 1 > t->max_pfn)
				fault = "a record's pfn is above the header's max pfn";
			if (fault) {
				*bad_record = i + k;
				REFUSE(fault);
			}
			t->nr_type[ev.type]++;
		}
	}
	if (crc != crc_records)
		REFUSE("record checksum mismatch");
#undef REFUSE
	*why = NULL;
	return 0;
}

int replay_trace_get(const struct replay_trace *t, u64 i, struct replay_event *ev)
{
	u8 r[REPLAY_RECORD_SIZE];

	if (i >= t->nr_records || t->read(t->ctx, t->header_size + i * REPLAY_RECORD_SIZE, r, sizeof(r)))
		return -EIO;
	decode(r, ev);
	return 0;
}

int replay_trace_pfn_node(const struct replay_trace *t, u64 pfn)
{
	u32 lo = 0, hi = t->nr_ranges;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		if (pfn < t->ranges[mid].start_pfn)
			hi = mid;
		else if (pfn >= t->ranges[mid].end_pfn)
			lo = mid + 1;
		else
			return (int)t->ranges[mid].nid;
	}
	return -1;
}

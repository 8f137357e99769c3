/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Huge page pools (mm/hugetlb.c), as Linux's hugetlb keeps them: one hstate
 * per huge page size, each with per-node lists of free huge pages, filled
 * at boot as hugepagesz=/hugepages=/default_hugepagesz= ask, with Linux
 * 6.1's parsing, messages and "HugeTLB: registered ..." report.
 *
 * Sizes: the orders in HUGETLB_PAGE_ORDERS (asm/mmconfig.h): x86_64 1 GiB
 * and 2 MiB; i386 1 GiB, 8 MiB and 2 MiB. Orders above MAX_PAGE_ORDER come
 * from alloc_gigantic_page(), the others from the buddy allocator as
 * compound pages. Every pool page is allocated with GFP_HIGHUSER on exactly
 * its node (__GFP_THISNODE), as Linux's htlb_alloc_mask.
 *
 * Counters (Linux's meaning, no reservations or surplus pages here):
 *   nr_huge_pages[_node]    pages in the pool (in use or free)
 *   free_huge_pages[_node]  pool pages on the free lists
 * A free pool page is a huge page in use as far as the buddy allocator
 * knows; its head's lru links it into hugepage_freelists[its node].
 */
#ifndef NB_MM_HUGETLB_H
#define NB_MM_HUGETLB_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <mm/mmzone.h>
#include <mm/page.h>

#define HUGE_MAX_HSTATE		4

struct hstate {
	unsigned int order;
	char name[32];				/* Linux's sysfs name: "hugepages-1048576kB" */
	char size_str[16];			/* Linux's string_get_size(): "1.00 GiB" */
	unsigned long max_huge_pages;		/* what the boot pool was asked for (then got) */
	unsigned long max_huge_pages_node[MAX_NUMNODES];	/* the per-node form */
	unsigned long requested;		/* asked for, before failures lowered max_huge_pages */
	int next_nid_to_alloc;
	unsigned long nr_huge_pages, free_huge_pages;
	unsigned long nr_huge_pages_node[MAX_NUMNODES];
	unsigned long free_huge_pages_node[MAX_NUMNODES];
	struct list_head hugepage_freelists[MAX_NUMNODES];
};

/* The registered hstates, in Linux's registration (and report) order. */
extern struct hstate hstates[HUGE_MAX_HSTATE];
extern unsigned int hugetlb_max_hstate;
extern struct hstate *default_hstate;

#define for_each_hstate(h) \
	for ((h) = hstates; (h) < &hstates[hugetlb_max_hstate]; (h)++)

static inline unsigned long pages_per_huge_page(const struct hstate *h)
{
	return 1UL << h->order;
}

static inline unsigned long long huge_page_size(const struct hstate *h)
{
	return (unsigned long long)PAGE_SIZE << h->order;
}

static inline bool hstate_is_gigantic(const struct hstate *h)
{
	return h->order > MAX_PAGE_ORDER;
}

/* The hstate of @size bytes or @order, or NULL. */
struct hstate *size_to_hstate(unsigned long long size);
struct hstate *order_to_hstate(unsigned int order);

/*
 * Boot, after mem_init() and the late boot parameters (start_kernel()
 * calls it): register the hstates, fill the pools hugepages= asked for
 * (warning as Linux does for what could not be had) and print Linux's
 * "HugeTLB: registered %s page size, pre-allocated %ld pages" lines.
 */
void hugetlb_init(void);

/*
 * Pool operations (Linux's alloc_pool_huge_page(), dequeue_huge_page_node(),
 * free_huge_page() and update_and_free_page()):
 *  hugetlb_pool_grow      allocate one more page for the pool on @nid
 *                         (NUMA_NO_NODE: round robin over the nodes with
 *                         memory); true on success
 *  hugetlb_pool_shrink    give one free pool page of @nid (NUMA_NO_NODE: any)
 *                         back to the allocator; true if there was one
 *  hugetlb_dequeue_page   take a free pool page of @nid (NUMA_NO_NODE: any)
 *                         for use, or NULL
 *  hugetlb_enqueue_page   put a page from hugetlb_dequeue_page() back
 */
bool hugetlb_pool_grow(struct hstate *h, int nid);
bool hugetlb_pool_shrink(struct hstate *h, int nid);
struct page *hugetlb_dequeue_page(struct hstate *h, int nid);
void hugetlb_enqueue_page(struct hstate *h, struct page *page);

/*
 * The boot parameters, parsed as Linux 6.1 parses them (hugepagesz=,
 * hugepages=N or N:M[,N:M...], default_hugepagesz=) into a struct the
 * tests can drive on their own; the boot's own is hugetlb_boot_cmdline.
 * Sizes are indices into HUGETLB_PAGE_ORDERS.
 */
#define NR_HUGE_SIZES		HUGE_MAX_HSTATE
struct hugetlb_size_request {
	unsigned int seq;			/* 1 + rank among the sizes named; 0: not named */
	unsigned long pages;			/* hugepages= total for this size */
	unsigned long node_pages[MAX_NUMNODES];	/* the per-node form */
};
struct hugetlb_cmdline {
	struct hugetlb_size_request size[NR_HUGE_SIZES];
	/* hugepages= before any size was named: Linux's default_hstate_max_huge_pages */
	struct hugetlb_size_request dflt;
	int parsed;		/* the size hugepages= applies to; -1: none named yet */
	int last;		/* the target of the last hugepages= (-1: dflt; -2: none) */
	int default_size;	/* default_hugepagesz=; -1: not given */
	bool parsed_valid;	/* Linux's parsed_valid_hugepagesz */
	unsigned int named;
};
extern struct hugetlb_cmdline hugetlb_boot_cmdline;
void hugetlb_cmdline_init(struct hugetlb_cmdline *c);
/* Each returns 0, having logged Linux's message for a value it ignores. */
int hugetlb_parse_hugepagesz(struct hugetlb_cmdline *c, const char *val);
int hugetlb_parse_hugepages(struct hugetlb_cmdline *c, const char *val);
int hugetlb_parse_default_hugepagesz(struct hugetlb_cmdline *c, const char *val);
/* The index in HUGETLB_PAGE_ORDERS of @order, or -1. */
int huge_size_index(unsigned int order);
unsigned int huge_size_order(int index);
unsigned int nr_huge_sizes(void);

/* Linux's string_get_size(bytes, 1, STRING_UNITS_2): "1.00 GiB", "16.0 MiB", "512 KiB". */
void huge_size_string(unsigned long long bytes, char *buf, size_t len);

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Huge page pools: hstates, the boot parameters that size them, the boot
 * allocation and Linux's reports (contracts in include/mm/hugetlb.h).
 *
 * Boot order, as in Linux 6.1: the parameters are parsed in command-line
 * order (hugepagesz= names a size and makes the following hugepages= apply
 * to it; hugepages= before any size applies to the default size), then
 * hugetlb_init() registers the hstates - the sizes named, in the order
 * named, then the other supported sizes in HUGETLB_PAGE_ORDERS order, which
 * is the order of Linux x86's "HugeTLB: registered" lines - and fills the
 * pools, gigantic sizes first (Linux allocates them while parsing, before
 * smaller huge pages could fragment the memory).
 */
#include <kernel/types.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/params.h>
#include <kernel/report.h>
#include <lib/string.h>
#include <lib/parse.h>
#include <lib/printf.h>
#include <mm/gfp.h>
#include <mm/gigantic.h>
#include <mm/hugetlb.h>
#include <mm/memory_model.h>
#include <mm/page_alloc.h>

static const unsigned int huge_orders[] = HUGETLB_PAGE_ORDERS;
_Static_assert(sizeof(huge_orders) / sizeof(huge_orders[0]) <= HUGE_MAX_HSTATE,
	       "HUGETLB_PAGE_ORDERS has more sizes than HUGE_MAX_HSTATE");

struct hstate hstates[HUGE_MAX_HSTATE];
unsigned int hugetlb_max_hstate;
struct hstate *default_hstate;
struct hugetlb_cmdline hugetlb_boot_cmdline = { .parsed = -1, .last = -2, .default_size = -1,
						.parsed_valid = true };

unsigned int nr_huge_sizes(void)
{
	return sizeof(huge_orders) / sizeof(huge_orders[0]);
}

int huge_size_index(unsigned int order)
{
	for (unsigned int i = 0; i < nr_huge_sizes(); i++)
		if (huge_orders[i] == order)
			return (int)i;
	return -1;
}

unsigned int huge_size_order(int index)
{
	return huge_orders[index];
}

struct hstate *order_to_hstate(unsigned int order)
{
	struct hstate *h;

	for_each_hstate(h)
		if (h->order == order)
			return h;
	return NULL;
}

struct hstate *size_to_hstate(unsigned long long size)
{
	for (unsigned int order = 0; order < 64 - PAGE_SHIFT; order++)
		if ((unsigned long long)PAGE_SIZE << order == size)
			return order_to_hstate(order);
	return NULL;
}

void huge_size_string(unsigned long long bytes, char *buf, size_t len)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	static const unsigned int rounding[] = { 500, 50, 5 };
	unsigned long long size = bytes;
	unsigned int remainder = 0, i = 0, j = 0, sf_cap;
	char frac[8] = "";

	if (size) {
		while (size >= 1024) {
			remainder = (unsigned int)(size & 1023);
			size >>= 10;
			i++;
		}
		/* Three significant figures: j decimals after the integer part. */
		for (sf_cap = (unsigned int)size; sf_cap * 10 < 1000; j++)
			sf_cap *= 10;
		remainder = ((remainder * 1000) >> 10) + rounding[j];
		if (remainder >= 1000) {
			remainder -= 1000;
			size++;
		}
		if (j) {
			snprintf(frac, sizeof(frac), ".%03u", remainder);
			frac[j + 1] = '\0';
		}
	}
	snprintf(buf, len, "%llu%s %s", size, frac, i < 7 ? units[i] : "UNK");
}

/* ---- boot parameters ---------------------------------------------------- */

void hugetlb_cmdline_init(struct hugetlb_cmdline *c)
{
	memset(c, 0, sizeof(*c));
	c->parsed = -1;
	c->last = -2;
	c->default_size = -1;
	c->parsed_valid = true;
}

/* Linux's arch_hugetlb_valid_size(): the index of a supported size, or -1. */
static int parse_size(const char *val)
{
	unsigned long long size;
	const char *end;

	if (!val || memparse_checked(val, &end, &size))
		return -1;
	for (unsigned int i = 0; i < nr_huge_sizes(); i++)
		if ((unsigned long long)PAGE_SIZE << huge_orders[i] == size)
			return (int)i;
	return -1;
}

/* Name size @idx (Linux's hugetlb_add_hstate() at parse time); false if it was named already. */
static bool name_size(struct hugetlb_cmdline *c, int idx)
{
	if (c->size[idx].seq)
		return false;
	c->size[idx].seq = ++c->named;
	c->parsed = idx;
	return true;
}

int hugetlb_parse_hugepagesz(struct hugetlb_cmdline *c, const char *val)
{
	int idx;

	c->parsed_valid = false;
	idx = parse_size(val);
	if (idx < 0) {
		pr_err("HugeTLB: unsupported hugepagesz=%s\n", val ? val : "");
		return 0;
	}
	if (!name_size(c, idx)) {
		/* Allowed again only for the default size with no count yet. */
		if (c->default_size != idx || c->size[idx].pages) {
			pr_warn("HugeTLB: hugepagesz=%s specified twice, ignoring\n", val);
			return 0;
		}
		c->parsed = idx;
	}
	c->parsed_valid = true;
	return 0;
}

static void clear_request(struct hugetlb_size_request *r)
{
	r->pages = 0;
	memset(r->node_pages, 0, sizeof(r->node_pages));
}

static bool node_online(unsigned long long nid)
{
	return nid < MAX_NUMNODES && nid < nr_node_ids && NODE_DATA(nid);
}

/* Linux 6.1's hugepages_setup(): "N", or "node:N[,node:N...]". */
int hugetlb_parse_hugepages(struct hugetlb_cmdline *c, const char *val)
{
	struct hugetlb_size_request *r;
	const char *p = val ? val : "", *end;
	unsigned long long v;
	int target;

	if (!c->parsed_valid) {
		pr_warn("HugeTLB: hugepages=%s does not follow a valid hugepagesz, ignoring\n", p);
		c->parsed_valid = true;
		return 0;
	}
	target = c->parsed;		/* -1: before any size: the default size's count */
	r = target < 0 ? &c->dflt : &c->size[target];
	if (target == c->last) {
		pr_warn("HugeTLB: hugepages= specified twice without interleaving hugepagesz=, ignoring hugepages=%s\n",
			p);
		return 0;
	}
	while (*p) {
		if (parse_ull(p, &end, 10, &v))
			goto invalid;
		if (*end != ':') {
			if (p != val)
				goto invalid;	/* a plain count after node:count items */
			r->pages = (unsigned long)v;
			break;
		}
		if (!node_online(v))
			goto invalid;
		unsigned int nid = (unsigned int)v;

		p = end + 1;
		if (parse_ull(p, &end, 10, &v))
			goto invalid;
		r->node_pages[nid] = (unsigned long)v;
		r->pages += (unsigned long)v;
		if (*end != ',')
			break;
		p = end + 1;
	}
	c->last = target;
	return 0;
invalid:
	pr_warn("HugeTLB: Invalid hugepages parameter %s\n", p);
	clear_request(r);
	return 0;
}

int hugetlb_parse_default_hugepagesz(struct hugetlb_cmdline *c, const char *val)
{
	int idx;

	c->parsed_valid = false;
	if (c->default_size >= 0) {
		pr_err("HugeTLB: default_hugepagesz previously specified, ignoring %s\n", val ? val : "");
		return 0;
	}
	idx = parse_size(val);
	if (idx < 0) {
		pr_err("HugeTLB: unsupported default_hugepagesz=%s\n", val ? val : "");
		return 0;
	}
	name_size(c, idx);
	c->parsed_valid = true;
	c->default_size = idx;
	/* A count given before any size (hugepages=N first) belongs to this size. */
	if (c->dflt.pages) {
		c->size[idx] = (struct hugetlb_size_request){ .seq = c->size[idx].seq };
		c->size[idx].pages = c->dflt.pages;
		memcpy(c->size[idx].node_pages, c->dflt.node_pages, sizeof(c->dflt.node_pages));
		clear_request(&c->dflt);
	}
	return 0;
}

static int __maybe_unused setup_hugepagesz(const char *val)
{
	return val ? hugetlb_parse_hugepagesz(&hugetlb_boot_cmdline, val) : -EINVAL;
}
__setup("hugepagesz", setup_hugepagesz);

static int __maybe_unused setup_hugepages(const char *val)
{
	return val ? hugetlb_parse_hugepages(&hugetlb_boot_cmdline, val) : -EINVAL;
}
__setup("hugepages", setup_hugepages);

static int __maybe_unused setup_default_hugepagesz(const char *val)
{
	return val ? hugetlb_parse_default_hugepagesz(&hugetlb_boot_cmdline, val) : -EINVAL;
}
__setup("default_hugepagesz", setup_default_hugepagesz);

/* ---- pools -------------------------------------------------------------- */

static struct page *alloc_fresh_huge_page(struct hstate *h, int nid)
{
	const gfp_t gfp = GFP_HIGHUSER | __GFP_THISNODE | __GFP_NOWARN;

	if (hstate_is_gigantic(h))
		return alloc_gigantic_page(nid, h->order, gfp);
	return alloc_pages_node(nid, gfp | __GFP_COMP, h->order);
}

static void update_and_free_page(struct hstate *h, struct page *page)
{
	if (hstate_is_gigantic(h))
		free_gigantic_page(page, h->order);
	else
		__free_pages(page, h->order);
}

static void enqueue_new_huge_page(struct hstate *h, struct page *page)
{
	int nid = page_to_nid(page);

	list_add(&page->lru, &h->hugepage_freelists[nid]);
	h->nr_huge_pages++;
	h->nr_huge_pages_node[nid]++;
	h->free_huge_pages++;
	h->free_huge_pages_node[nid]++;
}

bool hugetlb_pool_grow(struct hstate *h, int nid)
{
	struct page *page = NULL;

	if (nid != NUMA_NO_NODE) {
		if (nid < 0 || nid >= (int)nr_node_ids || !NODE_DATA(nid))
			return false;
		page = alloc_fresh_huge_page(h, nid);
	} else {
		/* Linux's for_each_node_mask_to_alloc(): round robin, the cursor moves on every try. */
		for (unsigned int tries = 0; tries < nr_node_ids && !page; tries++) {
			int n = h->next_nid_to_alloc;

			h->next_nid_to_alloc = (n + 1) % (int)nr_node_ids;
			if (NODE_DATA(n) && node_has_memory(n))
				page = alloc_fresh_huge_page(h, n);
		}
	}
	if (!page)
		return false;
	enqueue_new_huge_page(h, page);
	return true;
}

struct page *hugetlb_dequeue_page(struct hstate *h, int nid)
{
	for (int n = 0; n < (int)nr_node_ids; n++) {
		struct page *page;

		if ((nid != NUMA_NO_NODE && n != nid) || list_empty(&h->hugepage_freelists[n]))
			continue;
		page = list_first_entry(&h->hugepage_freelists[n], struct page, lru);
		list_del(&page->lru);
		INIT_LIST_HEAD(&page->lru);
		h->free_huge_pages--;
		h->free_huge_pages_node[n]--;
		return page;
	}
	return NULL;
}

void hugetlb_enqueue_page(struct hstate *h, struct page *page)
{
	int nid = page_to_nid(page);

	list_add(&page->lru, &h->hugepage_freelists[nid]);
	h->free_huge_pages++;
	h->free_huge_pages_node[nid]++;
}

bool hugetlb_pool_shrink(struct hstate *h, int nid)
{
	struct page *page = hugetlb_dequeue_page(h, nid);

	if (!page)
		return false;
	nid = page_to_nid(page);
	list_del(&page->lru);
	h->nr_huge_pages--;
	h->nr_huge_pages_node[nid]--;
	update_and_free_page(h, page);
	return true;
}

/* Linux's hugetlb_hstate_alloc_pages(): the per-node form, else round robin. */
static void hugetlb_hstate_alloc_pages(struct hstate *h)
{
	bool node_form = false;
	unsigned long i;

	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		unsigned long want = h->max_huge_pages_node[nid];

		if (!want)
			continue;
		node_form = true;
		for (i = 0; i < want; i++)
			if (!hugetlb_pool_grow(h, nid))
				break;
		if (i < want) {
			pr_warn("HugeTLB: allocating %lu of page size %s failed node%d.  Only allocated %lu hugepages.\n",
				want, h->size_str, nid, i);
			h->max_huge_pages -= want - i;
			h->max_huge_pages_node[nid] = i;
		}
	}
	if (node_form)
		return;
	for (i = 0; i < h->max_huge_pages; i++)
		if (!hugetlb_pool_grow(h, NUMA_NO_NODE))
			break;
	if (i < h->max_huge_pages) {
		pr_warn("HugeTLB: allocating %lu of page size %s failed.  Only allocated %lu hugepages.\n",
			h->max_huge_pages, h->size_str, i);
		h->max_huge_pages = i;
	}
}

static void hugetlb_add_hstate(unsigned int order, const struct hugetlb_size_request *req)
{
	struct hstate *h = &hstates[hugetlb_max_hstate++];

	memset(h, 0, sizeof(*h));
	h->order = order;
	snprintf(h->name, sizeof(h->name), "hugepages-%llukB", huge_page_size(h) >> 10);
	huge_size_string(huge_page_size(h), h->size_str, sizeof(h->size_str));
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		INIT_LIST_HEAD(&h->hugepage_freelists[nid]);
	h->max_huge_pages = req->pages;
	memcpy(h->max_huge_pages_node, req->node_pages, sizeof(h->max_huge_pages_node));
}

void hugetlb_init(void)
{
	struct hugetlb_cmdline *c = &hugetlb_boot_cmdline;
	unsigned int n = nr_huge_sizes();
	struct hstate *h;

	/* Registration order: the sizes named, as named; then the others, in table order. */
	hugetlb_max_hstate = 0;
	for (unsigned int seq = 1; seq <= c->named; seq++)
		for (unsigned int i = 0; i < n; i++)
			if (c->size[i].seq == seq)
				hugetlb_add_hstate(huge_orders[i], &c->size[i]);
	for (unsigned int i = 0; i < n; i++)
		if (!c->size[i].seq)
			hugetlb_add_hstate(huge_orders[i], &c->size[i]);

	if (c->default_size >= 0) {
		default_hstate = order_to_hstate(huge_orders[c->default_size]);
	} else {
		default_hstate = order_to_hstate(HUGETLB_DEFAULT_ORDER);
		/* hugepages=N before any hugepagesz=: N wins over a count for that size, as in Linux. */
		if (c->dflt.pages) {
			if (default_hstate->max_huge_pages) {
				pr_warn("HugeTLB: Ignoring hugepages=%lu associated with %s page size\n",
					default_hstate->max_huge_pages, default_hstate->size_str);
				pr_warn("HugeTLB: Using hugepages=%lu for number of default huge pages\n",
					c->dflt.pages);
			}
			default_hstate->max_huge_pages = c->dflt.pages;
			memcpy(default_hstate->max_huge_pages_node, c->dflt.node_pages,
			       sizeof(c->dflt.node_pages));
		}
	}

	for_each_hstate(h)
		h->requested = h->max_huge_pages;
	for_each_hstate(h)
		if (hstate_is_gigantic(h))
			hugetlb_hstate_alloc_pages(h);
	for_each_hstate(h)
		if (!hstate_is_gigantic(h))
			hugetlb_hstate_alloc_pages(h);

	/* Linux's report_hugepages(); nothing optimises the vmemmap of huge pages here. */
	for_each_hstate(h) {
		pr_info("HugeTLB: registered %s page size, pre-allocated %lu pages\n", h->size_str,
			h->free_huge_pages);
		pr_info("HugeTLB: %d KiB vmemmap can be freed for a %s page\n", 0, h->size_str);
	}
}

/* ---- dump=hugepages ----------------------------------------------------- */

/*
 * What a Linux user would read: /proc/meminfo's hugetlb lines (the default
 * size), /sys/devices/system/node/nodeN/meminfo's per-node lines, then every
 * per-node, per-size sysfs counter as "grep -r . /sys/devices/system/node/
 * node*" + "/hugepages/" prints them (sizes in name order).
 */
static void show_hugepages(void)
{
	unsigned long long total = 0;
	struct hstate *h;
	const struct hstate *sorted[HUGE_MAX_HSTATE];
	unsigned int n = 0;

	if (!default_hstate)
		return;		/* hugetlb_init() has not run (hosted) */
	for_each_hstate(h)
		total += huge_page_size(h) * h->nr_huge_pages;
	h = default_hstate;
	printk_raw("HugePages_Total:   %5lu\n", h->nr_huge_pages);
	printk_raw("HugePages_Free:    %5lu\n", h->free_huge_pages);
	printk_raw("HugePages_Rsvd:    %5lu\n", 0UL);
	printk_raw("HugePages_Surp:    %5lu\n", 0UL);
	printk_raw("Hugepagesize:   %8llu kB\n", huge_page_size(h) >> 10);
	printk_raw("Hugetlb:        %8llu kB\n", total >> 10);
	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		if (!NODE_DATA(nid))
			continue;
		printk_raw("Node %d HugePages_Total: %5lu\n", nid, h->nr_huge_pages_node[nid]);
		printk_raw("Node %d HugePages_Free:  %5lu\n", nid, h->free_huge_pages_node[nid]);
		printk_raw("Node %d HugePages_Surp:  %5lu\n", nid, 0UL);
	}
	for_each_hstate(h) {
		unsigned int i = n++;

		while (i && strcmp(sorted[i - 1]->name, h->name) > 0) {
			sorted[i] = sorted[i - 1];
			i--;
		}
		sorted[i] = h;
	}
	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		if (!NODE_DATA(nid))
			continue;
		for (unsigned int i = 0; i < n; i++) {
			const char *dir = sorted[i]->name;

			printk_raw("/sys/devices/system/node/node%d/hugepages/%s/free_hugepages:%lu\n",
				   nid, dir, sorted[i]->free_huge_pages_node[nid]);
			printk_raw("/sys/devices/system/node/node%d/hugepages/%s/nr_hugepages:%lu\n",
				   nid, dir, sorted[i]->nr_huge_pages_node[nid]);
			printk_raw("/sys/devices/system/node/node%d/hugepages/%s/surplus_hugepages:%lu\n",
				   nid, dir, 0UL);
		}
	}
}
DEFINE_DUMP(hugepages, "hugepages", show_hugepages,
	    "huge page pools: /proc/meminfo and node meminfo HugePages_ lines, per-node sysfs counters");

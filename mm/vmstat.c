// SPDX-License-Identifier: GPL-2.0-only
/*
 * Linux-format reports of the allocator's state: /proc/buddyinfo
 * (dump=buddyinfo) and the free-area summary printed with allocation
 * failures. Each zone is read under its lock.
 */
#include <kernel/types.h>
#include <kernel/printk.h>
#include <kernel/report.h>
#include <lib/printf.h>
#include <mm/page_alloc.h>
#include <mm/memory_model.h>
#include <mm/mm_init.h>

static void buddyinfo_show(void)
{
	pg_data_t *pgdat;
	int nid;

	for_each_online_pgdat(pgdat, nid) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];
			unsigned long flags, counts[NR_PAGE_ORDERS];

			if (!populated_zone(zone))
				continue;
			spin_lock_irqsave(&zone->lock, flags);
			for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
				counts[o] = zone->free_area[o].nr_free;
			spin_unlock_irqrestore(&zone->lock, flags);
			printk_raw("Node %d, zone %8s ", nid, zone->name);
			for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
				printk_raw("%6lu ", counts[o]);
			printk_raw("\n");
		}
	}
}
DEFINE_DUMP(buddyinfo, "buddyinfo", buddyinfo_show, "/proc/buddyinfo: free blocks per order");

void show_free_areas(void)
{
	pg_data_t *pgdat;
	int nid;

	for_each_online_pgdat(pgdat, nid) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];
			unsigned long flags, total = 0;
			char line[512];
			int len;

			if (!populated_zone(zone))
				continue;
			len = snprintf(line, sizeof(line), "Node %d %s: ", nid, zone->name);
			spin_lock_irqsave(&zone->lock, flags);
			for (unsigned int o = 0; o < NR_PAGE_ORDERS && len < (int)sizeof(line); o++) {
				unsigned long n = zone->free_area[o].nr_free;
				total += n << (o + PAGE_SHIFT - 10);
				len += snprintf(line + len, sizeof(line) - len, "%lu*%lukB ", n,
						1UL << (o + PAGE_SHIFT - 10));
			}
			spin_unlock_irqrestore(&zone->lock, flags);
			printk(KERN_WARNING "%s= %lukB\n", line, total);
		}
	}
}

/*
 * /proc/pagetypeinfo. Migratetypes are not modelled (no pageblock bits):
 * every free block is on the Movable list and every pageblock counts as
 * Movable, which is also where Linux keeps nearly all memory at boot. The
 * layout is Linux 6.1's, so the files can be diffed line by line.
 */
static const char *const migratetype_names[] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate",
};
#define NR_REPORTED_MIGRATETYPES ARRAY_SIZE(migratetype_names)

static unsigned long zone_pageblocks(const struct zone *zone)
{
	unsigned long n = 0;

	/* Linux counts from zone_start_pfn in pageblock steps, online pfns of this zone only. */
	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone); pfn += pageblock_nr_pages)
		if (pfn_valid(pfn) && !page_memmap_poisoned(pfn_to_page(pfn)) &&
		    page_zone(pfn_to_page(pfn)) == zone)
			n++;
	return n;
}

static void pagetypeinfo_show(void)
{
	pg_data_t *pgdat;
	int nid;

	for_each_online_pgdat(pgdat, nid) {
		printk_raw("Page block order: %d\n", pageblock_order);
		printk_raw("Pages per block:  %lu\n\n", pageblock_nr_pages);
		printk_raw("%-43s ", "Free pages count per migrate type at order");
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
			printk_raw("%6u ", o);
		printk_raw("\n");
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];
			unsigned long flags, counts[NR_PAGE_ORDERS];

			if (!populated_zone(zone))
				continue;
			spin_lock_irqsave(&zone->lock, flags);
			for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
				counts[o] = zone->free_area[o].nr_free;
			spin_unlock_irqrestore(&zone->lock, flags);
			for (unsigned int t = 0; t < NR_REPORTED_MIGRATETYPES; t++) {
				printk_raw("Node %4d, zone %8s, type %12s ", nid, zone->name,
					   migratetype_names[t]);
				for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
					printk_raw("%6lu ", t == MIGRATE_MOVABLE ? counts[o] : 0UL);
				printk_raw("\n");
			}
		}
		printk_raw("\n%-23s", "Number of blocks type ");
		for (unsigned int t = 0; t < NR_REPORTED_MIGRATETYPES; t++)
			printk_raw("%12s ", migratetype_names[t]);
		printk_raw("\n");
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];

			if (!populated_zone(zone))
				continue;
			printk_raw("Node %d, zone %8s ", nid, zone->name);
			for (unsigned int t = 0; t < NR_REPORTED_MIGRATETYPES; t++)
				printk_raw("%12lu ", t == MIGRATE_MOVABLE ? zone_pageblocks(zone) : 0UL);
			printk_raw("\n");
		}
	}
}
DEFINE_DUMP(pagetypeinfo, "pagetypeinfo", pagetypeinfo_show,
	    "/proc/pagetypeinfo (migratetypes not modelled: all Movable)");

/* /proc/vmstat: the counters that exist so far, summed over zones, in Linux's order. */
static void vmstat_show(void)
{
	unsigned long free = 0, alloc[MAX_NR_ZONES] = { 0 }, pgfree = 0;
	unsigned long hit = 0, miss = 0, foreign = 0, local = 0, other = 0;
	pg_data_t *pgdat;
	int nid;

	for_each_online_pgdat(pgdat, nid) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];
			unsigned long flags;

			spin_lock_irqsave(&zone->lock, flags);
			free += zone->nr_free_pages;
			alloc[z] += zone->pgalloc;
			pgfree += zone->pgfree;
			hit += zone->numa_hit;
			miss += zone->numa_miss;
			foreign += zone->numa_foreign;
			local += zone->numa_local;
			other += zone->numa_other;
			spin_unlock_irqrestore(&zone->lock, flags);
		}
	}
	printk_raw("nr_free_pages %lu\n", free);
	printk_raw("numa_hit %lu\nnuma_miss %lu\nnuma_foreign %lu\n", hit, miss, foreign);
	printk_raw("numa_interleave 0\nnuma_local %lu\nnuma_other %lu\n", local, other);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		char name[32];

		snprintf(name, sizeof(name), "pgalloc_%s", zone_names[z]);
		for (char *c = name; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		printk_raw("%s %lu\n", name, alloc[z]);
	}
	printk_raw("pgfree %lu\n", pgfree);
}
DEFINE_DUMP(vmstat, "vmstat", vmstat_show, "/proc/vmstat (the counters that exist so far)");

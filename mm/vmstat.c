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

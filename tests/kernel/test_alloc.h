/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by the in-kernel allocator suites (tests/kernel/test_alloc.c). */
#ifndef NB_TESTS_KERNEL_TEST_ALLOC_H
#define NB_TESTS_KERNEL_TEST_ALLOC_H

#include <kernel/list.h>
#include <lib/string.h>
#include <kernel/bench_common.h>	/* nb_xorshift64(): the tests' cheap, reproducible random numbers */
#include <mm/gfp.h>

/*
 * Allocate with @gfp from @nid (NUMA_NO_NODE: local) until even order 0
 * fails, largest blocks first. Blocks are chained on @held through
 * page->lru, their order in page->private. Returns the pages taken.
 */
unsigned long grab_all(struct list_head *held, int nid, gfp_t gfp);
/* Everything, from every zone: each lower zone keeps lowmem_reserve against higher requests. */
unsigned long grab_everything(struct list_head *held);
/* Free every block on @held. */
void release_all(struct list_head *held);
/* Free the blocks on @held that lie inside [start_pfn, end_pfn). */
void release_range(struct list_head *held, unsigned long start_pfn, unsigned long end_pfn);
/*
 * One order-@order block from the buddy allocator, as high in memory as is
 * cheap to get: highmem if any node has some free (highest node first),
 * else lowmem from the highest node.
 * Frames a test scribbles on must come from here (never from memblock's
 * free ranges, which belong to the buddy allocator after boot). NULL if none.
 */
struct page *alloc_high_block(unsigned int order);
/* Free pages of every zone of every node. */
unsigned long total_free_pages(void);
/*
 * The node with the most free pages in the zones @gfp reaches (ties: the
 * lowest id), for tests that need memory on one node: the boot CPU's node
 * may have little or none. NUMA_NO_NODE if no node has any; *@free gets
 * that node's count.
 */
int node_with_most_free(gfp_t gfp, unsigned long *free);


#endif

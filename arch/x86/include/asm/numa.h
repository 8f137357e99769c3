/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86 NUMA discovery with Linux's rules (arch/x86/fw/numa.c,
 * numa_emulation.c, srat.c): the numa_meminfo of (start, end, nid) blocks,
 * its clean-up, the distance table, the APIC id -> node map, numa= options,
 * and the hand-over to mm/ (numa_register_topology()).
 *
 * x86_numa_init() runs once, after memblock knows the RAM (e820) and after
 * acpi_boot_table_init(); it tries, as Linux does:
 *	numa=off       -> "NUMA turned off", one node
 *	SRAT (+SLIT)   unless numa=noacpi or the SRAT is rejected
 *	otherwise      -> "No NUMA configuration found", one node
 * and numa=fake= emulation on top of whichever succeeded.
 */
#ifndef NB_ASM_NUMA_H
#define NB_ASM_NUMA_H

#include <kernel/types.h>
#include <mm/numa.h>

#define NUMA_PAGE_SHIFT		12
#define NUMA_PFN_UP(x)		(((x) + (1ULL << NUMA_PAGE_SHIFT) - 1) >> NUMA_PAGE_SHIFT)
#define NUMA_PFN_DOWN(x)	((x) >> NUMA_PAGE_SHIFT)
#define NUMA_PFN_PHYS(x)	((u64)(x) << NUMA_PAGE_SHIFT)

/*
 * APIC ids the apicid -> node map can hold (Linux's MAX_LOCAL_APIC): xAPIC
 * ids on i386, x2APIC ids up to 32767 on x86_64. Larger ids are logged and
 * skipped, as Linux does.
 */
#ifdef __x86_64__
#define MAX_LOCAL_APIC		32768
#else
#define MAX_LOCAL_APIC		256
#endif

struct numa_memblk {
	u64 start, end;			/* [start, end) */
	int nid;
};

struct numa_meminfo {
	int nr_blks;			/* 0 <= nr_blks <= NR_NODE_MEMBLKS */
	struct numa_memblk blk[NR_NODE_MEMBLKS];
};

/* ---- building the meminfo (SRAT, emulation, the dummy node) ---- */

/*
 * Add [start, end) on @nid to the meminfo being built. Empty blocks are
 * ignored; invalid ones (start > end, bad nid) are logged and ignored;
 * returns -EINVAL with "NUMA: too many memblk ranges" when full.
 */
int numa_add_memblk(int nid, u64 start, u64 end);
int numa_add_memblk_to(int nid, u64 start, u64 end, struct numa_meminfo *mi);
void numa_remove_memblk_from(int idx, struct numa_meminfo *mi);

/*
 * Linux's numa_cleanup_meminfo(): blocks that hold no memblock memory move
 * to the reserved meminfo; the rest are clipped to [0, max_pfn) (what lies
 * above is kept as reserved) and dropped if empty; two blocks of different
 * nodes that overlap fail with "NUMA: node %d [mem ...] overlaps with node
 * %d [mem ...]" (-EINVAL); blocks of one node merge unless the merged span
 * would take in another node's block (logging "NUMA: Node %d [mem ...] +
 * [mem ...] -> [mem ...]"). On success the blocks of different nodes do
 * not overlap and unused slots are cleared.
 */
int numa_cleanup_meminfo(struct numa_meminfo *mi);

/*
 * Remember a hotpluggable SRAT range. Once a configuration is registered,
 * such ranges are marked MEMBLOCK_HOTPLUG unless their node holds memblock
 * reservations (the kernel's nodes stay unpluggable), which is the net
 * effect of Linux's marking during the SRAT walk and its later clearing.
 */
void numa_note_hotplug(u64 start, u64 end);

/* Nodes seen so far (SRAT CPU and memory entries, emulation). */
extern nodemask_t numa_nodes_parsed;
/* The meminfo x86_numa_init() works on. */
extern struct numa_meminfo numa_meminfo;
extern struct numa_meminfo numa_reserved_meminfo;
/* Page frame past the end of RAM; x86_numa_init() sets it from memblock. */
extern u64 numa_max_pfn;

/* ---- distances (Linux's numa_set_distance() rules) ---- */

/*
 * Set the distance @from -> @to. The first call sizes the table to the
 * highest node known so far (numa_nodes_parsed and the meminfo) and fills
 * it with 10/20 ("NUMA: Initialized distance table, cnt=%d"). Calls outside
 * the table, with a distance that does not fit a byte, or with a diagonal
 * other than 10 are ignored with a one-time warning.
 */
void numa_set_distance(int from, int to, int distance);
void numa_reset_distance(void);
/* Distance as the table says, 10/20 for nodes outside it. */
int numa_arch_distance(int from, int to);
/* Size of the table (0 if none). */
int numa_distance_count(void);

/* ---- CPUs ---- */

void set_apicid_to_node(u32 apicid, int node);
int apicid_to_node(u32 apicid);		/* NUMA_NO_NODE if unknown */

/* ---- the whole thing ---- */

/* Options set by numa=off / numa=noacpi / numa=fake= (exposed for tests). */
extern bool numa_off;
/* Reset numa= options to their defaults (tests). */
void numa_reset_options(void);
/* Apply one numa= value as the boot parameter would; 0 or -EINVAL. */
int numa_parse_option(const char *val);

/*
 * Discover the topology, tag memblock with node ids, allocate NODE_DATA if a
 * size was set, and register the result with numa_register_topology().
 * Never fails: the last resort is one node covering [0, max_pfn).
 * Returns 0, or a negative errno only if the final registration was refused
 * (a bug, logged).
 */
int x86_numa_init(void);

/*
 * NODE_DATA hook. If numa_node_data_size is non-zero, x86_numa_init() ends
 * with numa_alloc_node_data(): numa_node_data_size bytes for every node
 * Linux would give a pglist_data (numa_node_data_wanted()), node-local
 * first, as Linux's alloc_node_data(), printing "NODE_DATA(%d) allocated
 * [mem %#010Lx-%#010Lx]" (and "    NODE_DATA(%d) on node %d" when it had
 * to go elsewhere). numa_node_data_phys() returns the address (0 if none).
 *
 * An architecture that places some pglist_data itself (i386 DISCONTIG: in
 * the KVA remap window) runs x86_numa_init() with numa_node_data_size 0,
 * records its placements with numa_set_node_data_phys(), then sets the size
 * and calls numa_alloc_node_data(), which skips the nodes already placed.
 * x86_numa_init() forgets every placement when it starts.
 */
extern size_t numa_node_data_size;
phys_addr_t numa_node_data_phys(int nid);
void numa_set_node_data_phys(int nid, phys_addr_t pa);
void numa_alloc_node_data(void);
/* The node has memory spanning at least NODE_MIN_SIZE (4 MiB): Linux puts it online. */
bool numa_node_data_wanted(int nid);
/* Print Linux's NODE_DATA line(s) for an allocation made elsewhere. */
void numa_print_node_data(int nid, phys_addr_t start, phys_addr_t size);

/* The topology x86_numa_init() registered (a copy kept here for tests). */
const struct numa_topology *x86_numa_topology(void);

/*
 * NUMA emulation (numa=fake=N, numa=fake=<size>[KMG], numa=fake=NU).
 * Rewrites @mi, the distance table, the apicid map and numa_nodes_parsed
 * when emulation is requested and succeeds; otherwise changes nothing.
 * @phys_dist_cnt is the size of the physical distance table.
 */
void numa_emulation(struct numa_meminfo *mi, int phys_dist_cnt);
/* Emulated node -> physical node (identity without emulation). */
int numa_emu_nid_to_phys(int nid);
/* numa=fake= value ("" when unset); copies at most NUMA_EMU_CMDLINE_MAX - 1 bytes. */
#define NUMA_EMU_CMDLINE_MAX	64
int numa_emu_cmdline(const char *str);
void numa_emu_reset(void);

/* Pages of memblock memory (any node) in [start_pfn, end_pfn). */
u64 numa_present_pages(u64 start_pfn, u64 end_pfn);

#endif

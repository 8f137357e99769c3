/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's own symbol table, for symbolised oopses and backtraces.
 *
 * The table is generated at link time (scripts/kallsyms.sh, a two-pass
 * link; see the Makefile): every symbol in .text, sorted by address. A
 * symbol's size is the distance to the next symbol (or to _etext), as
 * Linux's kallsyms computes it. Before the table exists (the first link
 * pass) every lookup fails and addresses print as plain hex.
 */
#ifndef NB_KERNEL_KALLSYMS_H
#define NB_KERNEL_KALLSYMS_H

#include <kernel/types.h>

/* Enough for "name+0xoffset/0xsize" with any name the table holds. */
#define KSYM_SYMBOL_LEN		192

/*
 * The symbol containing @addr: its name, @addr's offset in it and its
 * size. Returns false (outputs untouched) if @addr is outside the table.
 */
bool kallsyms_lookup(unsigned long addr, const char **name, unsigned long *offset,
		     unsigned long *size);

/* Address of the first symbol called @name, or 0. */
unsigned long kallsyms_lookup_name(const char *name);

/* Number of symbols in the table (0 before it is linked in). */
unsigned int kallsyms_count(void);

/* "func+0xoff/0xsize", or "0x<hex>" if no symbol holds @addr. Returns the length. */
int sprint_symbol(char *buf, size_t size, unsigned long addr);

/*
 * The same for a return address: the call may be the last instruction of
 * its function, so the symbol is looked up at @addr - 1 (Linux's %pB).
 */
int sprint_backtrace(char *buf, size_t size, unsigned long addr);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Link-time registries. A registry is a section holding pointers to const
 * objects; the linker script (and, hosted, GNU ld itself, since the section
 * names are C identifiers) provides __start_<sec> and __stop_<sec>.
 * Pointers rather than the objects themselves go into the section so that no
 * alignment padding can ever appear between entries.
 */
#ifndef NB_KERNEL_REGISTRY_H
#define NB_KERNEL_REGISTRY_H

/*
 * The bounds are weak so that a program in which nothing registers into a
 * section (a fuzz target linking kernel/ktest.c without any suite) still
 * links: both bounds are then NULL and the registry is empty.
 */
#define REGISTRY_DECLARE(type, sec)					\
	extern const type *const __start_##sec[] __attribute__((__weak__)); \
	extern const type *const __stop_##sec[] __attribute__((__weak__))

#define registry_for_each(pos, sec)					\
	for (const __typeof__(*__start_##sec) *pos##_it = __start_##sec; \
	     pos##_it < __stop_##sec && ((pos) = *pos##_it, 1); pos##_it++)

#define registry_count(sec) ((size_t)(__stop_##sec - __start_##sec))

#endif

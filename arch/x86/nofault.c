// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copies that survive unmapped addresses: each byte access is listed in the
 * exception table, so a fault resumes at the fixup, which reports -EFAULT.
 */
#include <kernel/types.h>
#include <kernel/errno.h>
#include <arch/cpu.h>
#include <asm/setup.h>

static __noinline long read_byte_nofault(u8 *dst, const u8 *src)
{
	long err = 0;
	u8 v = 0;

	__asm__ __volatile__(
		"1: movb (%[src]), %[val]\n"
		_ASM_EFAULT_FIXUP
		: [err] "+r"(err), [val] "+q"(v)
		: [src] "r"(src), [efault] "i"(-EFAULT)
		: "memory");
	if (!err)
		*dst = v;
	return err;
}

static __noinline long write_byte_nofault(u8 *dst, u8 v)
{
	long err = 0;

	__asm__ __volatile__(
		"1: movb %[val], (%[dst])\n"
		_ASM_EFAULT_FIXUP
		: [err] "+r"(err)
		: [dst] "r"(dst), [val] "q"(v), [efault] "i"(-EFAULT)
		: "memory");
	return err;
}

long copy_from_kernel_nofault(void *dst, const void *src, size_t size)
{
	for (size_t i = 0; i < size; i++)
		if (read_byte_nofault((u8 *)dst + i, (const u8 *)src + i))
			return -EFAULT;
	return 0;
}

long copy_to_kernel_nofault(void *dst, const void *src, size_t size)
{
	for (size_t i = 0; i < size; i++)
		if (write_byte_nofault((u8 *)dst + i, ((const u8 *)src)[i]))
			return -EFAULT;
	return 0;
}

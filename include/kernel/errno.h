/* SPDX-License-Identifier: GPL-2.0-only */
/* Error numbers, with Linux's values; functions return them negated. */
#ifndef NB_KERNEL_ERRNO_H
#define NB_KERNEL_ERRNO_H

#define ENOENT	2
#define EIO	5
#define ENXIO	6
#define E2BIG	7
#define ENOMEM	12
#define EFAULT	14
#define EBUSY	16
#define EEXIST	17
#define EINVAL	22
#define ENOSPC	28
#define ERANGE	34
#define ENODATA	61

#endif

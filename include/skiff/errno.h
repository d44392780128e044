/* SPDX-License-Identifier: MIT */
/*
 * errno: Linux error numbers, returned negated by every fallible kernel call
 * (0 on success). The syscall layer passes them through unchanged, so the
 * values must match Linux's asm-generic/errno-base.h and errno.h.
 */
#ifndef SKIFF_ERRNO_H
#define SKIFF_ERRNO_H

#define EPERM      1
#define ENOENT     2
#define EIO        5
#define E2BIG      7
#define ENOEXEC    8
#define EBADF      9
#define EAGAIN     11
#define ENOMEM     12
#define EFAULT     14
#define EBUSY      16
#define EEXIST     17
#define ENODEV     19
#define EINVAL     22
#define ENOSPC     28
#define ERANGE     34
#define ENOSYS     38
#define EOVERFLOW  75
#define EMSGSIZE   90
#define EOPNOTSUPP 95
#define ETIMEDOUT  110

#endif

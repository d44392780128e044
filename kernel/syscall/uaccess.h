/* SPDX-License-Identifier: MIT */
/*
 * uaccess: checks on pointers that an application passes to a system call.
 * Skiff runs the application in its own address space, identity-mapped, so
 * a valid user pointer can be dereferenced directly; these calls decide
 * whether it is valid, so that a bad pointer gives -EFAULT as on Linux and
 * never a kernel fault. The kernel implementation (uaccess.c) asks the
 * application's memory map (umm); host tests link a fake.
 */
#ifndef SKIFF_UACCESS_H
#define SKIFF_UACCESS_H
#include <stddef.h>
#include <stdint.h>

/* 1 when every byte of [addr, addr + len) is mapped for the application,
 * readable, and writable too when (write); 0 otherwise (also for a range
 * that wraps). len 0 is valid for any address. */
int uaccess_ok(uint64_t addr, uint64_t len, int write);

/* Copy n bytes between kernel memory and the application's. Return 0, or
 * -EFAULT when the application range is not valid (nothing is copied). */
int uaccess_from(void *dst, uint64_t src, size_t n);
int uaccess_to(uint64_t dst, const void *src, size_t n);

/* Copy the NUL-terminated string at (src) into dst[max]. Returns its
 * length, -EFAULT when it runs into memory the application does not have,
 * or -ENAMETOOLONG when it does not fit with its NUL. */
long uaccess_str(char *dst, uint64_t src, size_t max);

#endif

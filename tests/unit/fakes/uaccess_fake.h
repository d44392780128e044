/* SPDX-License-Identifier: MIT */
/* Host fake of kernel/syscall/uaccess.h: every address is the host's own
 * memory and valid, except the first page (NULL and small integers) and
 * one range a test marks bad. */
#ifndef SKIFF_UACCESS_FAKE_H
#define SKIFF_UACCESS_FAKE_H
#include <stddef.h>
#include <stdint.h>

/* Mark [addr, addr + len) invalid (len 0: no bad range). */
void uaccess_fake_bad(const void *addr, size_t len);

#endif

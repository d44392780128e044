/* SPDX-License-Identifier: MIT */
/*
 * kmem: the kernel's memory: the global page-frame allocator built from the
 * boot memory map, and the kernel heap on top of it. Boot-time setup, then
 * single-threaded use.
 */
#ifndef SKIFF_KMEM_H
#define SKIFF_KMEM_H
#include "kernel/mm/pmm.h"
#include <stdint.h>

struct bootinfo;

extern struct pmm kpmm;

/* Fill kpmm with the RAM of (bi) at or above 1 MiB, minus the kernel image
 * and the initrd. The first MiB stays out: firmware tables and the future
 * AP trampoline live there. Returns 0, -ENOMEM when no usable RAM is left,
 * -ENOSPC when the map has more fragments than the allocator tracks. */
int kmem_init(const struct bootinfo *bi);

/* One zeroed page below (limit) (0: anywhere), for page tables. Returns 0 or
 * -ENOMEM. Usable before paging_init as long as limit is within the early
 * 4 GiB identity map. */
int kmem_page_zalloc(uint64_t limit, uint64_t *pa);

#endif

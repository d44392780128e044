/* SPDX-License-Identifier: MIT */
/*
 * exec place: turn a checked segment and a load base into the pages the
 * loader allocates and the bytes it copies. Skiff copies file bytes rather
 * than mapping file pages, so p_offset and p_vaddr need not be congruent
 * modulo the page size; only the page range and the copy target matter.
 * exec_elf_check() already refused page sharing between segments, so each
 * range gets one protection.
 */
#include "kernel/exec/exec.h"
#include "skiff/errno.h"

int exec_segment_place(const struct exec_image *img, uint64_t base, unsigned i,
                       struct exec_place *out)
{
    const uint64_t mask = EXEC_PAGE - 1;
    if (i >= img->nseg || i >= EXEC_MAX_SEGS || (base & mask))
        return -EINVAL;
    if (img->type == EXEC_FIXED && base != 0)
        return -EINVAL;
    /* The whole image must fit below the user top at this base; checking
     * hi once covers every segment, all of which lie inside [lo, hi). */
    if (img->hi > EXEC_USER_TOP || base > EXEC_USER_TOP - img->hi)
        return -EINVAL;
    if (base + img->lo < EXEC_LOW_LIMIT)
        return -EINVAL; /* a PIE base must also keep off low memory */
    const struct exec_seg *g = &img->seg[i];
    uint64_t va = base + g->vaddr;
    out->start = va & ~mask;
    out->end = (va + g->memsz + mask) & ~mask;
    out->copy_to = va;
    out->file_off = g->offset;
    out->file_len = g->filesz;
    out->prot = g->prot;
    return 0;
}

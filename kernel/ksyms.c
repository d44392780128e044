/* SPDX-License-Identifier: MIT */
/* ksyms: binary search over {addr, name offset} pairs sorted by address. */
#include "kernel/ksyms.h"
#include "arch/x86_64/cpu.h"
#include <stddef.h>

struct ksym {
    uint64_t addr, name;
};

extern const uint64_t ksyms_count;
extern const struct ksym ksyms_table[];
extern const char ksyms_names[];

const char *ksyms_lookup(uint64_t addr, uint64_t *offset)
{
    if (!ksyms_count || addr < ksyms_table[0].addr || addr >= (uintptr_t)_etext)
        return NULL;
    size_t lo = 0, hi = ksyms_count;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (ksyms_table[mid].addr <= addr)
            lo = mid;
        else
            hi = mid;
    }
    *offset = addr - ksyms_table[lo].addr;
    return ksyms_names + ksyms_table[lo].name;
}

/* SPDX-License-Identifier: MIT */
/*
 * "Did you mean ...": the declared name closest to a mistyped one.
 *
 * Distance is optimal string alignment (Damerau-Levenshtein without
 * repeated edits of a substring): insertions, deletions, substitutions and
 * swaps of adjacent bytes each cost 1, which covers the usual typos
 * ("log.levle", "virtio_mmio.devices"). A name is suggested only within
 * distance 1, or 2 for keys of 6 bytes or more: further than that, the
 * suggestion is more often noise than help.
 *
 * Three rows of the dynamic-programming table live on the stack, bounded by
 * NAME_MAX; longer keys or names get no suggestion. Rows stop early once a
 * whole row exceeds the limit, so a table of N names costs O(N * len).
 */
#include "lib/param/internal.h"

#include "lib/klib/klib.h"

#define NAME_MAX 64

static unsigned min3(unsigned a, unsigned b, unsigned c)
{
    unsigned m = a < b ? a : b;
    return m < c ? m : c;
}

/* Distance between a[0,n) and b[0,m), or (limit + 1) if above (limit). */
static unsigned osa(const char *a, size_t n, const char *b, size_t m,
                    unsigned limit)
{
    unsigned rows[3][NAME_MAX + 1];
    unsigned *pp = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= m; j++)
        prev[j] = (unsigned)j;
    for (size_t i = 1; i <= n; i++) {
        unsigned best = cur[0] = (unsigned)i;
        for (size_t j = 1; j <= m; j++) {
            unsigned cost = a[i - 1] != b[j - 1];
            unsigned v = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                v = v < pp[j - 2] + 1 ? v : pp[j - 2] + 1;
            cur[j] = v;
            best = v < best ? v : best;
        }
        if (best > limit)
            return limit + 1;
        unsigned *t = pp;
        pp = prev;
        prev = cur;
        cur = t;
    }
    return prev[m] <= limit ? prev[m] : limit + 1;
}

const struct param_desc *param_suggest(const struct param_desc *begin,
                                       const struct param_desc *end,
                                       const char *key)
{
    size_t n = strnlen(key, NAME_MAX + 1);
    if (n == 0 || n > NAME_MAX)
        return NULL;
    unsigned limit = n >= 6 ? 2 : 1;
    const struct param_desc *best = NULL;
    for (const struct param_desc *p = begin; p && p < end; p++) {
        size_t m = strnlen(p->name, NAME_MAX + 1);
        if (m > NAME_MAX || (m > n ? m - n : n - m) > limit)
            continue;
        unsigned dist = osa(key, n, p->name, m, limit);
        /* Ties go to the smaller name: link order must not matter. */
        if (dist < limit ||
            (dist == limit && (!best || strcmp(p->name, best->name) < 0))) {
            best = p;
            limit = dist;
        }
    }
    return best;
}

bool param_module_known(const struct param_desc *begin,
                        const struct param_desc *end, const char *key,
                        size_t modlen)
{
    for (const struct param_desc *p = begin; p && p < end; p++)
        if (!strncmp(p->name, key, modlen) && p->name[modlen] == '.')
            return true;
    return false;
}

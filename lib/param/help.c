/* SPDX-License-Identifier: MIT */
/*
 * The help table (issue 3 item 7) and value formatting.
 *
 * Output goes through a line callback so the same code serves the kernel's
 * log and a host tool. Rows are sorted by name, which costs O(n^2) compares
 * but needs no buffer (there is no heap) and makes the table independent of
 * link order, so two builds can be diffed. Columns are as wide as their
 * widest cell up to COL_MAX; a longer cell pushes the rest of its row right
 * rather than being cut, since a truncated value would mislead.
 */
#include "lib/param/internal.h"

#include "lib/klib/klib.h"

#define COL_MAX  24
#define CELL_MAX 64

/* Append element (i) of the array (p) to (buf, size) at (*n), comma first
 * unless it is the first; *n counts the full length, as snprintf does. */
static void append(const struct param_desc *p, unsigned i, char *buf,
                   size_t size, size_t *n)
{
    const char *slot = (const char *)p->var + (size_t)i * p->elem_size;
    if (i) {
        if (*n + 1 < size)
            buf[*n] = ',';
        ++*n;
    }
    if (*n < size)
        *n += (size_t)param_value_show(p, slot, buf + *n, size - *n);
    else
        *n += (size_t)param_value_show(p, slot, NULL, 0);
}

int param_value_format(const struct param_desc *p, bool dflt, char *buf,
                       size_t size)
{
    if (size)
        buf[0] = '\0';
    if (p->count) {
        size_t n = 0;
        unsigned cnt = dflt ? 0 : *p->count;
        for (unsigned i = 0; i < cnt && i < p->max_count; i++)
            append(p, i, buf, size, &n);
        return (int)n;
    }
    if (!dflt)
        return param_value_show(p, p->var, buf, size);
    if (p->type == PARAM_T_STRING)
        return ksnprintf(buf, size, "%s", p->def.s ? p->def.s : "");
    union {
        bool b;
        unsigned e;
        uint64_t u; /* also holds the narrower integers, at offset 0 */
    } tmp = {.u = 0};
    param_value_default(p, &tmp);
    return param_value_show(p, &tmp, buf, size);
}

/* One cell's text: the value, "" for empty, "..." marking a cut. */
static void cell(const struct param_desc *p, bool dflt, char out[CELL_MAX])
{
    int n = param_value_format(p, dflt, out, CELL_MAX);
    if (n == 0)
        kstrlcpy(out, "\"\"", CELL_MAX);
    else if (n >= CELL_MAX)
        kstrlcpy(out + CELL_MAX - 4, "...", 4);
}

static void type_cell(const struct param_desc *p, char out[CELL_MAX])
{
    if (p->count)
        ksnprintf(out, CELL_MAX, "%s[%u]", param_type_name(p->type),
                  p->max_count);
    else
        ksnprintf(out, CELL_MAX, "%s", param_type_name(p->type));
}

struct widths {
    int name, type, def, cur;
};

static int clamp(int w, size_t len)
{
    int n = len > COL_MAX ? COL_MAX : (int)len;
    return n > w ? n : w;
}

static void measure(const struct param_desc *begin,
                    const struct param_desc *end, struct widths *w)
{
    char buf[CELL_MAX];
    *w = (struct widths){4, 4, 7, 7}; /* the header words */
    for (const struct param_desc *p = begin; p < end; p++) {
        w->name = clamp(w->name, strlen(p->name));
        type_cell(p, buf);
        w->type = clamp(w->type, strlen(buf));
        cell(p, true, buf);
        w->def = clamp(w->def, strlen(buf));
        cell(p, false, buf);
        w->cur = clamp(w->cur, strlen(buf));
    }
}

static void row(const struct param_desc *p, const struct widths *w,
                param_emit_fn emit, void *ctx)
{
    char line[PARAM_LINE_MAX], type[CELL_MAX], def[CELL_MAX], cur[CELL_MAX];
    type_cell(p, type);
    cell(p, true, def);
    cell(p, false, cur);
    size_t n = (size_t)ksnprintf(
        line, sizeof(line), "%-*s  %-*s  %-*s  %-*s  %s", w->name, p->name,
        w->type, type, w->def, def, w->cur, cur, p->desc ? p->desc : "");
    for (unsigned i = 0; p->choices && p->choices[i] && n < sizeof(line); i++)
        n += (size_t)ksnprintf(line + n, sizeof(line) - n, "%s%s",
                               i ? "|" : " {", p->choices[i]);
    if (p->choices && n < sizeof(line))
        ksnprintf(line + n, sizeof(line) - n, "}");
    emit(ctx, line);
}

/* The descriptor after (prev) in (name, address) order; NULL at the end. */
static const struct param_desc *next(const struct param_desc *begin,
                                     const struct param_desc *end,
                                     const struct param_desc *prev)
{
    const struct param_desc *best = NULL;
    for (const struct param_desc *p = begin; p < end; p++) {
        if (prev) {
            int c = strcmp(p->name, prev->name);
            if (c < 0 || (c == 0 && p <= prev))
                continue;
        }
        if (!best) {
            best = p;
            continue;
        }
        int c = strcmp(p->name, best->name);
        if (c < 0 || (c == 0 && p < best))
            best = p;
    }
    return best;
}

int param_print_table(const struct param_desc *begin,
                      const struct param_desc *end, param_emit_fn emit,
                      void *ctx)
{
    if (!begin || !end || !emit)
        return 0;
    struct widths w;
    char line[PARAM_LINE_MAX];
    measure(begin, end, &w);
    ksnprintf(line, sizeof(line), "%-*s  %-*s  %-*s  %-*s  %s", w.name, "NAME",
              w.type, "TYPE", w.def, "DEFAULT", w.cur, "CURRENT",
              "DESCRIPTION");
    emit(ctx, line);
    int rows = 0;
    for (const struct param_desc *p = next(begin, end, NULL); p;
         p = next(begin, end, p), rows++)
        row(p, &w, emit, ctx);
    return rows;
}

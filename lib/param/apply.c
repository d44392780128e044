/* SPDX-License-Identifier: MIT */
/*
 * Applying values to declared parameters, building argv, and recording
 * messages.
 *
 * Messages go to a fixed array in the result because the parser runs before
 * the console exists (issue 3 item 5): the kernel prints them later. When the
 * array is full, later messages are still counted (res->lost), so a strict
 * boot fails on the 17th error as surely as on the first. Every message that
 * quotes user input goes through param_show(), which bounds its length and
 * masks control bytes so a hostile command line cannot drive the console.
 */
#include "lib/param/internal.h"

#include "lib/klib/klib.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

void param_show(const char *s, char out[PARAM_SHOW_MAX])
{
    const size_t keep = PARAM_SHOW_MAX - 4;
    size_t i = 0;
    for (; i < keep && s[i]; i++) {
        unsigned char b = (unsigned char)s[i];
        out[i] = b < 0x20 || b >= 0x7f ? '?' : (char)b;
    }
    if (s[i])
        kstrlcpy(out + i, "...", 4);
    else
        out[i] = '\0';
}

void param_report(struct param_ctx *c, int level, int err, const char *fmt, ...)
{
    struct param_result *r = c->res;
    char text[PARAM_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);

    if (level == PARAM_ERROR) {
        r->errors++;
        if (!c->first_err)
            c->first_err = err;
    } else {
        r->warnings++;
    }
    /* The diag holds the first error, or the first warning until one. */
    if (level == PARAM_ERROR ? r->errors == 1
                             : r->errors == 0 && r->warnings == 1)
        diag_set(c->d, "%s", text);
    if (r->nmsgs == PARAM_MSGS_MAX) {
        r->lost++;
        return;
    }
    struct param_msg *m = &r->msgs[r->nmsgs++];
    m->level = level;
    m->err = err;
    kstrlcpy(m->text, text, sizeof(m->text));
}

void param_argv_push(struct param_ctx *c, const char *s)
{
    const struct param_argv *av = c->av;
    struct param_result *r = c->res;
    size_t n = strlen(s) + 1;
    char shown[PARAM_SHOW_MAX];
    param_show(s, shown);
    if ((unsigned)r->argc + 1 >= av->max)
        param_report(c, PARAM_ERROR, -ENOSPC,
                     "argv: too many arguments (max %u); dropped '%s'",
                     av->max - 1, shown);
    else if (n > av->size - c->buf_used)
        param_report(c, PARAM_ERROR, -ENOSPC,
                     "argv: out of space (%zu bytes); dropped '%s'", av->size,
                     shown);
    else {
        memcpy(av->buf + c->buf_used, s, n);
        av->argv[r->argc++] = av->buf + c->buf_used;
        c->buf_used += n;
    }
    av->argv[r->argc] = NULL;
}

/* Parse (s) into (slot) or report why not. Returns true on success. */
static bool apply_one(struct param_ctx *c, const struct param_desc *p,
                      void *slot, const char *s)
{
    int rc = param_value_parse(p, s, slot);
    if (!rc)
        return true;
    char shown[PARAM_SHOW_MAX], expect[96];
    param_show(s, shown);
    param_value_expect(p, expect, sizeof(expect));
    const char *what = rc == -ERANGE   ? "out of range"
                       : rc == -ENOSPC ? "too long"
                                       : "invalid";
    param_report(c, PARAM_ERROR, rc, "%s: value '%s' %s (expected %s)", p->name,
                 shown, what, expect);
    return false;
}

/* Append the comma-separated elements of (val) to the array (p). */
static void apply_list(struct param_ctx *c, const struct param_desc *p,
                       char *val)
{
    for (char *s = val;;) {
        if (*p->count >= p->max_count) {
            char shown[PARAM_SHOW_MAX];
            param_show(s, shown);
            param_report(c, PARAM_ERROR, -ENOSPC,
                         "%s: too many values (max %u); dropped '%s'", p->name,
                         p->max_count, shown);
            return;
        }
        char *comma = strchr(s, ',');
        if (comma)
            *comma = '\0';
        void *slot = (char *)p->var + (size_t)*p->count * p->elem_size;
        if (apply_one(c, p, slot, s))
            (*p->count)++;
        if (!comma)
            return;
        s = comma + 1;
    }
}

void param_apply(struct param_ctx *c, const struct param_desc *p, char *val)
{
    static char yes[] = "true"; /* has no comma, so never written */
    if (!val && p->type != PARAM_T_BOOL) {
        char expect[96];
        param_value_expect(p, expect, sizeof(expect));
        param_report(c, PARAM_ERROR, -EINVAL, "%s: missing value (expected %s)",
                     p->name, expect);
        return;
    }
    if (!val)
        val = yes;
    if (p->count)
        apply_list(c, p, val);
    else
        apply_one(c, p, p->var, val);
}

const struct param_desc *param_find(const struct param_desc *begin,
                                    const struct param_desc *end,
                                    const char *name)
{
    for (const struct param_desc *p = begin; p && p < end; p++)
        if (!strcmp(p->name, name))
            return p;
    return NULL;
}

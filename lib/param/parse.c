/* SPDX-License-Identifier: MIT */
/*
 * param_parse: route each token of the command line to a parameter or to
 * argv (rules in lib/param/param.h).
 *
 * Two passes over the same bytes: the first only looks for an unquoted "--",
 * because its presence changes how the tokens before it are read (with it,
 * everything before is kernel; without it, only declared names are). The
 * second pass does the work. Tokens are unescaped into res->tok, one at a
 * time, so nothing here needs a buffer proportional to the command line.
 *
 * Unlike Unikraft's uklibparam, parameters apply with or without "--", no
 * message is printed (they wait in res for the console), array overflow is
 * reported, and names match exactly.
 */
#include "lib/param/internal.h"

#include "lib/klib/klib.h"
#include "skiff/errno.h"

extern const struct param_desc __start_skiff_params[];
extern const struct param_desc __stop_skiff_params[];

const struct param_desc *param_section_begin(void)
{
    return __start_skiff_params;
}

const struct param_desc *param_section_end(void)
{
    return __stop_skiff_params;
}

PARAM_BOOL(param, help, false,
           "print this table and exit (also: a bare \"help\")");
PARAM_BOOL(param, strict, false, "fail the boot on any command-line error");

static bool is_keyword(const struct lex_tok *t, const char *tok,
                       const char *word)
{
    return !(t->flags & LEX_LITERAL) && !strcmp(tok, word);
}

/* Is there an unquoted "--" token? Lexer errors are reported by pass 2. */
static bool has_separator(const char *s, size_t len, char *buf)
{
    struct lex lx;
    struct lex_tok t;
    param_lex_init(&lx, s, len, buf, PARAM_TOKEN_MAX);
    while (param_lex_next(&lx, &t))
        if (is_keyword(&t, buf, "--"))
            return true;
    return false;
}

/* Report a token the lexer flagged; it is dropped. */
static void bad_token(struct param_ctx *c, const struct lex_tok *t)
{
    char shown[PARAM_SHOW_MAX];
    param_show(c->res->tok, shown);
    if (t->flags & LEX_NUL)
        param_report(c, PARAM_ERROR, -EINVAL,
                     "argument at offset %zu contains a NUL byte; dropped",
                     t->off);
    else if (t->flags & LEX_LONG)
        param_report(c, PARAM_ERROR, -E2BIG,
                     "argument at offset %zu is %zu bytes (max %u); dropped",
                     t->off, t->len, PARAM_TOKEN_MAX - 1);
    else if (t->flags & LEX_OPENQ)
        param_report(c, PARAM_ERROR, -EINVAL,
                     "unterminated quote in '%s' at offset %zu; dropped", shown,
                     t->off);
    else
        param_report(c, PARAM_ERROR, -EINVAL,
                     "trailing backslash after '%s' at offset %zu; dropped",
                     shown, t->off);
}

/*
 * Without "--", does an unknown (key) look like a mistyped parameter rather
 * than an application word? Plain words never do; "file.txt" does not unless
 * a module "file" exists or a declared name is within suggestion distance.
 */
static bool looks_like_param(const struct param_ctx *c, const char *key)
{
    const char *dot = strchr(key, '.');
    if (!dot || dot == key)
        return false;
    return param_module_known(c->begin, c->end, key, (size_t)(dot - key)) ||
           param_suggest(c->begin, c->end, key);
}

static void unknown(struct param_ctx *c, const char *key, bool to_argv)
{
    char shown[PARAM_SHOW_MAX];
    const struct param_desc *near = param_suggest(c->begin, c->end, key);
    param_show(key, shown);
    param_report(c, PARAM_WARN, 0, "unknown parameter '%s'%s%s%s%s", shown,
                 near ? "; did you mean '" : "", near ? near->name : "",
                 near ? "'?" : "",
                 to_argv ? " (passed to the application)" : " (ignored)");
}

static const char *const *foreign_names;

void param_set_foreign(const char *const *names)
{
    foreign_names = names;
}

static bool is_foreign(const char *key)
{
    for (const char *const *n = foreign_names; n && *n; n++) {
        size_t l = strlen(*n);
        if (l && (*n)[l - 1] == '.' ? strncmp(key, *n, l) == 0
                                    : strcmp(key, *n) == 0)
            return true;
    }
    return false;
}

/* Route one well-formed token held in c->res->tok. */
static void route(struct param_ctx *c, const struct lex_tok *t, bool has_sep,
                  bool *after_sep)
{
    char *tok = c->res->tok;
    if (!*after_sep && is_keyword(t, tok, "--")) {
        *after_sep = true;
        return;
    }
    char *eq = strchr(tok, '=');
    if (eq)
        *eq = '\0';
    const struct param_desc *p = param_find(c->begin, c->end, tok);
    if (!p && !eq && !*after_sep && is_keyword(t, tok, "help"))
        p = param_find(c->begin, c->end, "param.help");
    if (p && (!*after_sep || (p->flags & PARAM_FLAG_TRAILING))) {
        param_apply(c, p, eq ? eq + 1 : NULL);
        return;
    }
    if (!p && !*after_sep && is_foreign(tok)) {
        c->res->foreign++;
        return;
    }
    if (!*after_sep && (has_sep || looks_like_param(c, tok))) {
        unknown(c, tok, !has_sep);
        if (has_sep)
            return;
    }
    if (eq)
        *eq = '=';
    param_argv_push(c, tok);
}

static bool args_usable(const char *cmdline, size_t len,
                        const struct param_desc *begin,
                        const struct param_desc *end,
                        const struct param_argv *av,
                        const struct param_result *res)
{
    if (!res || !av || !av->argv || av->max < 2 || !av->buf || !av->app_name ||
        (!cmdline && len) || (!begin) != (!end) || begin > end)
        return false;
    return strnlen(av->app_name, av->size) < av->size;
}

static bool flag_value(const struct param_desc *begin,
                       const struct param_desc *end, const char *name)
{
    const struct param_desc *p = param_find(begin, end, name);
    return p && p->type == PARAM_T_BOOL && *(const bool *)p->var;
}

int param_parse(const char *cmdline, size_t len, const struct param_desc *begin,
                const struct param_desc *end, const struct param_argv *av,
                struct param_result *res, struct diag *d)
{
    if (!args_usable(cmdline, len, begin, end, av, res))
        return -EINVAL;
    struct param_ctx c = {begin, end, av, res, d, 0, 0};
    memset(res, 0, offsetof(struct param_result, tok));
    param_argv_push(&c, av->app_name);
    while (len && cmdline[len - 1] == '\0')
        len--;

    bool has_sep = has_separator(cmdline, len, res->tok), after_sep = false;
    struct lex lx;
    struct lex_tok t;
    param_lex_init(&lx, cmdline, len, res->tok, PARAM_TOKEN_MAX);
    while (param_lex_next(&lx, &t)) {
        if (t.flags & LEX_BAD)
            bad_token(&c, &t);
        else
            route(&c, &t, has_sep, &after_sep);
    }
    res->help = flag_value(begin, end, "param.help");
    res->strict = flag_value(begin, end, "param.strict");
    return c.first_err;
}

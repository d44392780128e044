/* SPDX-License-Identifier: MIT */
/*
 * Kernel settings from the command line: a deliberately small token scanner
 * ("key=value" or "key", separated by blanks) for the few settings the
 * foundation needs. The typed parameter library replaces it.
 */
#include "kernel/app.h"
#include "kernel/log.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

static int verbose_timeline;

int kernel_verbose_timeline(void)
{
    return verbose_timeline;
}

int kernel_setting(const char *s, const char *key, char *out, unsigned size)
{
    size_t klen = strlen(key);
    while (*s) {
        while (*s == ' ' || *s == '\t')
            s++;
        const char *tok = s;
        while (*s && *s != ' ' && *s != '\t')
            s++;
        size_t tlen = (size_t)(s - tok);
        if (tlen >= klen && !strncmp(tok, key, klen) &&
            (tlen == klen || tok[klen] == '=')) {
            const char *v = tlen == klen ? tok + klen : tok + klen + 1;
            size_t vlen = (size_t)(s - v);
            if (size) {
                size_t n = vlen < size - 1 ? vlen : size - 1;
                memcpy(out, v, n);
                out[n] = '\0';
            }
            return 0;
        }
    }
    return -ENOENT;
}

void kernel_settings(const char *cmdline)
{
    char v[16];
    enum log_level lvl;
    if (!kernel_setting(cmdline, "quiet", v, sizeof(v)))
        log_set_level(LOG_ERR);
    if (!kernel_setting(cmdline, "log.level", v, sizeof(v))) {
        if (log_level_parse(v, &lvl))
            log_err("log.level: bad value '%s' (expected none, error, "
                    "warn, info or debug)\n",
                    v);
        else
            log_set_level(lvl);
    }
    if (!kernel_setting(cmdline, "boot.timeline", v, sizeof(v)))
        verbose_timeline = 1;
}

int app_run(const char *cmdline)
{
    return inspect_main(cmdline);
}

/* SPDX-License-Identifier: MIT */
/*
 * opts: the options of `skiff run` and `skiff image`. Options come before
 * APP, as --name VALUE or --name=VALUE; everything after APP (after an
 * optional "--") is the application's arguments, untouched.
 */
#include "tools/skiff/skiff.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { O_RUN = 1, O_IMAGE = 2, O_BOTH = 3 };

struct opt {
    const char *name;
    int value; /* takes a value */
    int cmds;  /* O_RUN, O_IMAGE or both */
};

static const struct opt table[] = {
    {"--file", 1, O_BOTH},   {"--dir", 1, O_BOTH},
    {"--env", 1, O_BOTH},    {"--param", 1, O_BOTH},
    {"--kernel", 1, O_BOTH}, {"--verbose", 0, O_BOTH},
    {"--quiet", 0, O_BOTH},  {"--help", 0, O_BOTH},
    {"--vmm", 1, O_RUN},     {"--mem", 1, O_RUN},
    {"--cpus", 1, O_RUN},    {"--disk", 1, O_RUN},
    {"--net", 1, O_RUN},     {"--accel", 1, O_RUN},
    {"--timeout", 1, O_RUN}, {"--dry-run", 0, O_RUN},
    {"--iso", 1, O_IMAGE},   {"--oci", 1, O_IMAGE},
    {"--name", 1, O_IMAGE},  {NULL, 0, 0},
};

/* "128M", "1G", "512" (MiB) -> MiB; 0 when malformed. */
unsigned skiff_parse_mib(const char *s)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || !isdigit((unsigned char)s[0]))
        return 0;
    if (*end == 'G' || *end == 'g')
        v *= 1024, end++;
    else if (*end == 'M' || *end == 'm')
        end++;
    if (*end || v == 0 || v > 1024 * 1024)
        return 0;
    return (unsigned)v;
}

static int bad(const char *opt, const char *val, const char *want)
{
    skiff_error("%s %s: %s", opt, val, want);
    return SKIFF_EXIT_ERROR;
}

static int set(struct skiff_opts *o, const char *n, const char *v)
{
    if (!strcmp(n, "--file"))
        skiff_argv_add(&o->files, v);
    else if (!strcmp(n, "--dir"))
        skiff_argv_add(&o->dirs, v);
    else if (!strcmp(n, "--env")) {
        if (!strchr(v, '=') || v[0] == '=')
            return bad(n, v, "expected NAME=VALUE");
        skiff_argv_add(&o->envs, v);
    } else if (!strcmp(n, "--param")) {
        const char *eq = strchr(v, '='), *dot = strchr(v, '.');
        if (!dot || dot == v || (eq && dot > eq))
            return bad(n, v, "expected module.name=VALUE (see `skiff params`)");
        skiff_argv_add(&o->params, v);
    } else if (!strcmp(n, "--disk"))
        skiff_argv_add(&o->disks, v);
    else if (!strcmp(n, "--kernel"))
        o->kernel = v;
    else if (!strcmp(n, "--vmm")) {
        if (!skiff_profile_find(v)) {
            struct skiff_buf names = {0};
            for (const struct skiff_profile *p = skiff_profiles; p->name; p++)
                skiff_buf_add(&names, "%s%s", names.len ? ", " : "", p->name);
            skiff_error("--vmm %s: unknown profile (one of: %s)", v, names.p);
            skiff_buf_free(&names);
            return SKIFF_EXIT_ERROR;
        }
        o->vmm = v;
    } else if (!strcmp(n, "--mem")) {
        if (!(o->mem_mib = skiff_parse_mib(v)))
            return bad(n, v, "expected a size like 128M or 1G");
    } else if (!strcmp(n, "--cpus")) {
        char *end;
        unsigned long c = strtoul(v, &end, 10);
        if (*end || !c || c > 255 || !isdigit((unsigned char)v[0]))
            return bad(n, v, "expected a number from 1 to 255");
        o->cpus = (unsigned)c;
    } else if (!strcmp(n, "--net")) {
        if (strcmp(v, "user") && (strncmp(v, "tap:", 4) || !v[4]))
            return bad(n, v, "expected user or tap:NAME");
        o->net = v;
    } else if (!strcmp(n, "--accel")) {
        if (strcmp(v, "kvm") && strcmp(v, "tcg"))
            return bad(n, v, "expected kvm or tcg");
        o->accel = v;
    } else if (!strcmp(n, "--timeout")) {
        char *end;
        double t = strtod(v, &end);
        if (*end || end == v || !(t > 0) || t > 1e6)
            return bad(n, v, "expected seconds, e.g. 30 or 2.5");
        o->timeout_ms = (int64_t)(t * 1000);
    } else if (!strcmp(n, "--iso"))
        o->iso = v;
    else if (!strcmp(n, "--oci"))
        o->oci = v;
    else if (!strcmp(n, "--name"))
        o->name = v;
    else if (!strcmp(n, "--verbose"))
        o->verbose = 1;
    else if (!strcmp(n, "--quiet"))
        o->quiet = 1;
    else if (!strcmp(n, "--dry-run"))
        o->dry_run = 1;
    else if (!strcmp(n, "--help"))
        o->help = 1;
    return 0;
}

int skiff_opts_parse(int argc, char **argv, int image, struct skiff_opts *o)
{
    int mask = image ? O_IMAGE : O_RUN;
    *o = (struct skiff_opts){.vmm = "qemu-microvm", .mem_mib = 128, .cpus = 1};
    int i = 0;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        if (a[0] != '-' || !a[1])
            break;
        if (!strcmp(a, "-v"))
            a = "--verbose";
        else if (!strcmp(a, "-q"))
            a = "--quiet";
        else if (!strcmp(a, "-h"))
            a = "--help";
        const char *eq = strchr(a, '=');
        size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
        const struct opt *op = table;
        while (op->name && (strlen(op->name) != nlen ||
                            strncmp(op->name, a, nlen) || !(op->cmds & mask)))
            op++;
        if (!op->name) {
            skiff_error("unknown option %.*s for `skiff %s` (see skiff %s "
                        "--help)",
                        (int)nlen, a, image ? "image" : "run",
                        image ? "image" : "run");
            return SKIFF_EXIT_ERROR;
        }
        const char *v = NULL;
        if (op->value) {
            if (eq)
                v = eq + 1;
            else if (i + 1 < argc)
                v = argv[++i];
            else {
                skiff_error("%s needs a value", op->name);
                return SKIFF_EXIT_ERROR;
            }
        } else if (eq) {
            skiff_error("%s takes no value", op->name);
            return SKIFF_EXIT_ERROR;
        }
        int rc = set(o, op->name, v);
        if (rc)
            return rc;
    }
    if (o->help)
        return 0;
    if (i >= argc) {
        skiff_error("no APP given: a .wasm module, a static executable or a "
                    "built-in name (see skiff %s --help)",
                    image ? "image" : "run");
        return SKIFF_EXIT_ERROR;
    }
    o->app = argv[i++];
    if (i < argc && !strcmp(argv[i], "--"))
        i++;
    o->args = argv + i;
    o->nargs = argc - i;
    if (image && !o->iso == !o->oci) {
        skiff_error("skiff image needs exactly one of --iso OUT.iso or "
                    "--oci DIR");
        return SKIFF_EXIT_ERROR;
    }
    return 0;
}

void skiff_opts_free(struct skiff_opts *o)
{
    skiff_argv_free(&o->files);
    skiff_argv_free(&o->dirs);
    skiff_argv_free(&o->envs);
    skiff_argv_free(&o->params);
    skiff_argv_free(&o->disks);
}

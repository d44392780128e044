/* SPDX-License-Identifier: MIT */
/*
 * Spec-test runner: executes the commands of one converted .wast script
 * (spec2cmd.py's line format, on stdin) against the runtime and prints
 * "<script>: N passed, N failed, N skipped", with one line per failure.
 * Usage: spec-runner NAME DIR < commands   (DIR holds the .wasm files)
 */
#include "tests/wasm/spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXN 64

struct named {
    char name[128];
    struct wasm_instance *in;
};

static struct wasm_runtime *rt;
static struct wasm_instance *current;
static struct named named[MAXN], registered[MAXN];
static struct {
    char name[128];
    struct wasm_extern x;
} spectest[MAXN]; /* one spectest instance: its exports are shared */
static int nnamed, nregistered, nspectest;
static struct wasm_module *modules[4096];
static int nmodules;
static struct wasm_instance *instances[4096];
static int ninstances;
static const char *dir;
static int passed, failed, skipped, line;
static const char *script;

static void fail(const char *fmt, const char *detail)
{
    failed++;
    printf("  FAIL %s:%d: ", script, line);
    printf(fmt, detail);
    printf("\n");
}

static struct wasm_instance *lookup(struct named *t, int n, const char *name)
{
    for (int i = n - 1; i >= 0; i--)
        if (!strcmp(t[i].name, name))
            return t[i].in;
    return NULL;
}

static void add(struct named *t, int *n, const char *name,
                struct wasm_instance *in)
{
    if (*n >= MAXN)
        return;
    snprintf(t[*n].name, sizeof t[*n].name, "%s", name);
    t[(*n)++].in = in;
}

static bool lookup_spectest(const char *name)
{
    for (int i = 0; i < nspectest; i++)
        if (!strcmp(spectest[i].name, name))
            return true;
    return false;
}

static int resolve(const char *mod, const char *name, struct wasm_extern *x)
{
    if (!strcmp(mod, "spectest")) {
        for (int i = 0; i < nspectest; i++)
            if (!strcmp(spectest[i].name, name)) {
                *x = spectest[i].x;
                return 0;
            }
        return spec_spectest(rt, name, x);
    }
    struct wasm_instance *in = lookup(registered, nregistered, mod);
    return in ? wasm_instance_export(in, name, x) : -1;
}

static unsigned char *read_file(const char *name, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc(n > 0 ? (size_t)n : 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Load and instantiate; stage: 0 ok, 1 decode/validate error, 2 link
 * error, 3 trap during instantiation. */
static int load(const char *file, struct wasm_instance **out, char *err,
                size_t errlen)
{
    size_t len;
    unsigned char *bytes = read_file(file, &len);
    struct wasm_module *m;
    *out = NULL;
    if (!bytes) {
        snprintf(err, errlen, "cannot read %s", file);
        return 1;
    }
    int rc = wasm_module_load(rt, bytes, len, &m, err, errlen);
    free(bytes);
    if (rc)
        return 1;
    if (nmodules < 4096)
        modules[nmodules++] = m;
    size_t n = wasm_module_import_count(m);
    struct wasm_extern *imp = calloc(n ? n : 1, sizeof *imp);
    for (size_t i = 0; i < n; i++) {
        const char *mod, *name;
        enum wasm_extern_kind kind;
        wasm_module_import(m, i, &mod, &name, &kind);
        if (resolve(mod, name, &imp[i])) {
            snprintf(err, errlen, "unknown import %s.%s", mod, name);
            free(imp);
            return 2;
        }
        if (!strcmp(mod, "spectest") && nspectest < MAXN &&
            !lookup_spectest(name)) {
            snprintf(spectest[nspectest].name, 128, "%s", name);
            spectest[nspectest++].x = imp[i];
        }
    }
    int trap;
    rc = wasm_instantiate(rt, m, imp, n, out, &trap, err, errlen);
    free(imp);
    if (rc)
        return trap ? 3 : 2;
    if (ninstances < 4096)
        instances[ninstances++] = *out;
    return 0;
}

/* Run "invoke|get MOD FIELD N args..." from strtok; results into res. */
static int action(union wasm_val *res, size_t *nres, int *trap)
{
    char *kind = strtok(NULL, " "), *mod = strtok(NULL, " ");
    size_t flen;
    char *field = spec_unhex_n(strtok(NULL, " "), &flen);
    int n = atoi(strtok(NULL, " "));
    union wasm_val args[64];
    for (int i = 0; i < n && i < 64; i++) {
        struct spec_value v;
        if (spec_parse_value(strtok(NULL, " "), &v))
            return -1;
        args[i] = v.v;
    }
    struct wasm_instance *in =
        strcmp(mod, "-") ? lookup(named, nnamed, spec_unhex(mod)) : current;
    struct wasm_extern x;
    if (!in || wasm_instance_export_n(in, field, flen, &x))
        return -1;
    *trap = WASM_OK;
    if (!strcmp(kind, "get")) {
        if (x.kind != WASM_EXTERN_GLOBAL)
            return -1;
        res[0] = wasm_global_get(x.u.global);
        *nres = 1;
        return 0;
    }
    if (x.kind != WASM_EXTERN_FUNC)
        return -1;
    size_t np;
    wasm_func_type(x.u.func, &np, NULL, nres, NULL);
    if (np != (size_t)n || *nres > 64)
        return -1;
    *trap = wasm_call(rt, x.u.func, args, res);
    return 0;
}

static void assert_return(void)
{
    union wasm_val res[64];
    size_t nres;
    int trap;
    if (action(res, &nres, &trap))
        return fail("%s", "cannot run the action (unsupported value?)");
    if (trap)
        return fail("trapped: %s", wasm_trap_str(trap));
    int n = atoi(strtok(NULL, " "));
    if ((size_t)n != nres)
        return fail("%s", "wrong number of results");
    for (int i = 0; i < n; i++) {
        char *tok = strtok(NULL, " ");
        struct spec_value want;
        if (spec_parse_value(tok, &want))
            return fail("unsupported expected value %s", tok);
        if (!spec_match(&want, res[i]))
            return fail("result differs from %s", tok);
    }
    passed++;
}

static void assert_trap(bool exhaustion)
{
    union wasm_val res[64];
    size_t nres;
    int trap;
    if (action(res, &nres, &trap))
        return fail("%s", "cannot run the action (unsupported value?)");
    char *text = spec_unhex(strtok(NULL, " "));
    const char *got = wasm_trap_str(trap);
    if (!trap)
        return fail("no trap; expected \"%s\"", text);
    if (exhaustion ? trap != WASM_TRAP_STACK_EXHAUSTED
                   : strncmp(text, got, strlen(got)) &&
                         strncmp(text, got, strlen(text)))
        return fail("trap \"%s\" differs", got);
    passed++;
}

static void assert_module(const char *cmd)
{
    char *file = strtok(NULL, " ");
    char err[512];
    struct wasm_instance *in;
    int stage = load(file, &in, err, sizeof err);
    int want = !strcmp(cmd, "assert_unlinkable")       ? 2
               : !strcmp(cmd, "assert_uninstantiable") ? 3
                                                       : 1;
    if (stage == want)
        passed++;
    else if (stage == 0)
        fail("module %s accepted", file);
    else
        fail("rejected at another stage: %s", err);
}

static void command(char *cmd)
{
    if (!strcmp(cmd, "module")) {
        char *file = strtok(NULL, " "), *name = strtok(NULL, " ");
        char err[512];
        int stage = load(file, &current, err, sizeof err);
        if (stage)
            return fail("module rejected: %s", err);
        if (strcmp(name, "-"))
            add(named, &nnamed, spec_unhex(name), current);
        passed++;
    } else if (!strcmp(cmd, "register")) {
        char *as = spec_unhex(strtok(NULL, " ")), *name = strtok(NULL, " ");
        struct wasm_instance *in = strcmp(name, "-")
                                       ? lookup(named, nnamed, spec_unhex(name))
                                       : current;
        if (!in)
            return fail("%s", "register: no such module");
        add(registered, &nregistered, as, in);
        passed++;
    } else if (!strcmp(cmd, "action")) {
        union wasm_val res[64];
        size_t nres;
        int trap;
        if (action(res, &nres, &trap) || trap)
            return fail("%s", "action failed");
        passed++;
    } else if (!strcmp(cmd, "assert_return")) {
        assert_return();
    } else if (!strcmp(cmd, "assert_trap")) {
        assert_trap(false);
    } else if (!strcmp(cmd, "assert_exhaustion")) {
        assert_trap(true);
    } else if (!strcmp(cmd, "skip")) {
        skipped++;
    } else {
        assert_module(cmd);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: spec-runner NAME DIR < commands\n");
        return 2;
    }
    script = argv[1];
    dir = argv[2];
    struct wasm_config cfg = wasm_config_default();
    cfg.max_call_depth = 10000;
    cfg.stack_slots = 1u << 18;
    rt = wasm_runtime_new(&cfg);
    char *buf = NULL;
    size_t cap = 0;
    while (getline(&buf, &cap, stdin) > 0) {
        buf[strcspn(buf, "\n")] = 0;
        char *cmd = strtok(buf, " ");
        if (!cmd)
            continue;
        line = atoi(strtok(NULL, " "));
        command(cmd);
    }
    free(buf);
    printf("%s: %d passed, %d failed, %d skipped\n", script, passed, failed,
           skipped);
    for (int i = 0; i < ninstances; i++)
        wasm_instance_free(instances[i]);
    for (int i = 0; i < nmodules; i++)
        wasm_module_free(modules[i]);
    wasm_runtime_free(rt); /* with the instances whose start trapped */
    return failed ? 1 : 0;
}

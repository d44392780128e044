/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for lib/param: the input is a command line. The first
 * byte picks the argv capacity, so the overflow paths get exercised as well
 * as the grammar; the rest is parsed against parameters of every type.
 * Besides the sanitizers, the harness checks the result's invariants and
 * aborts when one is broken.
 *
 * Build: clang -g -O1 -fsanitize=fuzzer,address,undefined -DSKIFF_HOSTED
 *   -D_DEFAULT_SOURCE -I. -Iinclude tests/fuzz/fuzz_param.c lib/param/ *.c
 *   lib/klib/string.c lib/klib/fmt.c lib/klib/diag.c
 * Seeds: tests/fuzz/corpus/param/ (from tests/unit/test_param.c vectors).
 */
#include "lib/param/param.h"
#include "tests/unit/param_decls.h"

#include "lib/klib/klib.h"
#include "skiff/diag.h"

#include <stdint.h>
#include <stdlib.h>

#define B PARAM_SECTION_BEGIN
#define E PARAM_SECTION_END

static struct param_result res;
static char *argv[10];
static char abuf[1024];
static size_t emitted;

static void check(int ok)
{
    if (!ok)
        abort();
}

static void emit(void *ctx, const char *line)
{
    (void)ctx;
    emitted += strlen(line);
}

/* Every argv string lies in abuf, in order, and the array is terminated. */
static void check_argv(const struct param_argv *av)
{
    check(res.argc >= 1 && (unsigned)res.argc < av->max);
    check(argv[res.argc] == NULL);
    const char *at = av->buf;
    for (int i = 0; i < res.argc; i++) {
        check(argv[i] == at);
        size_t n = strnlen(at, av->size - (size_t)(at - av->buf));
        check(n < av->size - (size_t)(at - av->buf));
        at += n + 1;
    }
    check(!strcmp(argv[0], "fuzz"));
}

static void check_params(void)
{
    char buf[PARAM_LINE_MAX];
    for (const struct param_desc *p = B; p < E; p++) {
        if (p->count)
            check(*p->count <= p->max_count);
        if (p->type == PARAM_T_STRING && !p->count)
            check(strnlen(p->var, p->elem_size) < p->elem_size);
        if (p->type == PARAM_T_ENUM && !p->count)
            check(*(const unsigned *)p->var < 4);
        int n = param_value_format(p, false, buf, sizeof(buf));
        check(n >= 0 &&
              strlen(buf) ==
                  ((size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1));
    }
    for (unsigned i = 0; i < param_t_modes_count; i++)
        check(param_t_modes[i] < 3);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    struct param_argv av = {"fuzz", argv, 2 + data[0] % 9, abuf,
                            8 + (size_t)(data[0] >> 4) * 64};
    struct diag d = {{0}};
    param_reset(B, E);
    int rc = param_parse((const char *)data + 1, size - 1, B, E, &av, &res, &d);

    check((rc == 0) == (res.errors == 0));
    check(res.nmsgs <= PARAM_MSGS_MAX);
    check(res.nmsgs + res.lost == res.errors + res.warnings);
    check((res.errors + res.warnings == 0) == (d.msg[0] == '\0'));
    for (unsigned i = 0; i < res.nmsgs; i++) {
        check(strnlen(res.msgs[i].text, PARAM_MSG_MAX) < PARAM_MSG_MAX);
        check(res.msgs[i].level == PARAM_ERROR ||
              res.msgs[i].level == PARAM_WARN);
        check((res.msgs[i].level == PARAM_ERROR) == (res.msgs[i].err < 0));
    }
    check_argv(&av);
    check_params();
    check(param_print_table(B, E, emit, NULL) == (int)(E - B));
    return 0;
}

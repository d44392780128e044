/* SPDX-License-Identifier: MIT */
/*
 * Host tests for lib/param: the grammar: tokens, quoting, escapes, NUL bytes,
 * "--", monitor-appended parameters, unknown and near-miss names, help and
 * strict, argv, message and line-length limits (issue 3 item 9). The parameters
 * of param_decls.h land in this binary's skiff_params section next to the
 * library's own param.help and param.strict, exactly as in the kernel.
 */
#include "tests/unit/param_fixture.h"

static void test_empty(void **state)
{
    (void)state;
    assert_int_equal(parse(""), 0);
    NOARGS();
    CLEAN();
    assert_int_equal(parse_n(NULL, 0), 0);
    NOARGS();
    assert_int_equal(parse("   \t\n  "), 0);
    NOARGS();
    assert_int_equal(param_parse(NULL, 1, B, E, &av, &res, NULL), -EINVAL);
}

static void test_plain_argv_and_params(void **state)
{
    (void)state;
    assert_int_equal(parse("hello world"), 0);
    ARGV("hello", "world");
    CLEAN();
    assert_int_equal(parse("t.u32=5 hello t.flag world"), 0);
    ARGV("hello", "world");
    assert_int_equal(param_t_u32, 5);
    assert_true(param_t_flag);
    CLEAN();
    /* A word that only starts like a parameter is not one. */
    assert_int_equal(parse("=x t.flagx=1 file.txt"), 0);
    ARGV("=x", "t.flagx=1", "file.txt");
    assert_false(param_t_flag);
}

static void test_separator(void **state)
{
    (void)state;
    assert_int_equal(parse("t.u32=5 -- t.u32=6 x"), 0); /* middle */
    assert_int_equal(param_t_u32, 5);
    ARGV("t.u32=6", "x");
    assert_int_equal(parse("-- a t.flag"), 0); /* start */
    ARGV("a", "t.flag");
    assert_false(param_t_flag);
    assert_int_equal(parse("t.flag --"), 0); /* end */
    NOARGS();
    assert_true(param_t_flag);
    assert_int_equal(parse("t.flag -- -- b --"), 0); /* repeated */
    ARGV("--", "b", "--");
    assert_int_equal(parse("--"), 0);
    NOARGS();
    CLEAN();
    /* Quoted or escaped, "--" is an ordinary word. */
    assert_int_equal(parse("'--' t.flag \"--\" \\-- x"), 0);
    ARGV("--", "--", "--", "x");
    assert_true(param_t_flag);
}

static void test_before_separator_is_kernel(void **state)
{
    (void)state;
    /* Firecracker's default boot args: not ours, warned about, dropped. */
    assert_int_equal(parse("reboot=k panic=1 8250.nr_uarts=0 t.flag -- x"), 0);
    ARGV("x");
    assert_int_equal(res.warnings, 3);
    assert_int_equal(res.errors, 0);
    HAS("unknown parameter 'reboot' (ignored)");
    HAS("unknown parameter '8250.nr_uarts' (ignored)");
    assert_true(param_t_flag);
}

static void test_monitor_appended(void **state)
{
    (void)state;
    /* QEMU microvm: appended after the application's arguments. */
    assert_int_equal(parse("hello world virtio_mmio.device=512@0xfeb00e00:12 "
                           "virtio_mmio.device=512@0xfeb00c00:11"),
                     0);
    ARGV("hello", "world");
    assert_int_equal(param_virtio_mmio_device_count, 2);
    assert_string_equal(param_virtio_mmio_device[0], "512@0xfeb00e00:12");
    assert_string_equal(param_virtio_mmio_device[1], "512@0xfeb00c00:11");
    /* ... even after a "--". */
    assert_int_equal(
        parse("t.flag -- app-arg virtio_mmio.device=4K@0xd0000000:5"
              " t.u32=3"),
        0);
    ARGV("app-arg", "t.u32=3");
    assert_int_equal(param_virtio_mmio_device_count, 1);
    assert_int_equal(param_t_u32, 0);
    /* Firecracker: inserted before "--". */
    assert_int_equal(parse("virtio_mmio.device=4K@0xc0001000:5 -- a"), 0);
    ARGV("a");
    assert_int_equal(param_virtio_mmio_device_count, 1);
    CLEAN();
}

static void test_quoting(void **state)
{
    (void)state;
    assert_int_equal(parse("t.name=\"a b\" x\"y z\"w 'a\\b' \"a\\\"b\" a\\ b"),
                     0);
    assert_string_equal(param_t_name, "a b");
    ARGV("xy zw", "a\\b", "a\"b", "a b");
    assert_int_equal(parse("\"\" '' \"it's\" 'say \"hi\"'"), 0);
    ARGV("", "", "it's", "say \"hi\"");
    assert_int_equal(parse("a\tb\nc\rd\ve\ff"), 0);
    ARGV("a", "b", "c", "d", "e", "f");
    /* Values split at the first '='; escapes still work inside names. */
    assert_int_equal(parse("t.name=a=b t\\.u32=9"), 0);
    assert_string_equal(param_t_name, "a=b");
    assert_int_equal(param_t_u32, 9);
    CLEAN();
}

static void test_bad_tokens(void **state)
{
    (void)state;
    assert_int_equal(parse("hello \"world t.flag"), -EINVAL);
    ARGV("hello");
    assert_false(param_t_flag);
    HAS("unterminated quote in 'world t.flag' at offset 6; dropped");
    assert_int_equal(parse("hello world\\"), -EINVAL);
    ARGV("hello");
    HAS("trailing backslash after 'world' at offset 6");
    assert_string_equal(dg.msg, res.msgs[0].text);
    assert_int_equal(parse("a 'b"), -EINVAL);
    ARGV("a");
}

static void test_nul_bytes(void **state)
{
    (void)state;
    assert_int_equal(parse_n("a\0b c", 5), -EINVAL);
    ARGV("c");
    HAS("argument at offset 0 contains a NUL byte; dropped");
    assert_int_equal(parse_n("x \"a\0b\" \0 y", 11), -EINVAL);
    ARGV("x", "y");
    assert_int_equal(res.errors, 2);
    /* Trailing NULs are buffer padding. */
    assert_int_equal(parse_n("hello\0\0\0", 8), 0);
    ARGV("hello");
    assert_int_equal(parse_n("\0\0\0\0", 4), 0);
    NOARGS();
    CLEAN();
}

static void test_unknown_names(void **state)
{
    (void)state;
    /* Without "--": a near miss is warned about, then passed on. */
    assert_int_equal(parse("log.levle=3 lgo.level=1 x.y.z file.txt"), 0);
    ARGV("log.levle=3", "lgo.level=1", "x.y.z", "file.txt");
    assert_int_equal(res.warnings, 2);
    HAS("unknown parameter 'log.levle'; did you mean 'log.level'? (passed to "
        "the application)");
    HAS("unknown parameter 'lgo.level'; did you mean 'log.level'?");
    assert_int_equal(param_log_level, 2);
    /* A prefix is not a match. */
    assert_int_equal(parse("log.lev=3 t.u3=1"), 0);
    assert_int_equal(param_log_level, 2);
    HAS("'log.lev'; did you mean 'log.level'?");
    HAS("'t.u3'; did you mean 't.u32'?"); /* ties: the smaller name */
    /* Module known, nothing close: warned without a suggestion. */
    assert_int_equal(parse("t.nothing_like_it=1"), 0);
    HAS("unknown parameter 't.nothing_like_it' (passed to the application)");
    /* With "--": dropped. */
    assert_int_equal(parse("virtio_mmio.devices=1 foo.bar=1 -- x"), 0);
    ARGV("x");
    HAS("'virtio_mmio.devices'; did you mean 'virtio_mmio.device'? (ignored)");
    HAS("unknown parameter 'foo.bar' (ignored)");
    assert_int_equal(res.errors, 0);
    assert_string_equal(dg.msg, res.msgs[0].text); /* first warning */
}

/* Another kernel's parameters (Firecracker's default Linux arguments) are
 * dropped quietly, but never shadow a declared parameter. */
static void test_foreign_names(void **state)
{
    (void)state;
    static const char *const linux_names[] = {"reboot", "panic", "8250.",
                                              "log.", NULL};
    param_set_foreign(linux_names);
    assert_int_equal(parse("reboot=k panic=1 8250.nr_uarts=0 rebooted "
                           "log.level=error x"),
                     0);
    ARGV("rebooted", "x"); /* "reboot" is not a prefix */
    assert_int_equal(res.foreign, 3);
    assert_int_equal(res.warnings, 0);
    assert_int_equal(param_log_level, 0); /* declared: still applied */
    assert_int_equal(parse("panic=1 -- panic=1"), 0); /* after "--": argv */
    ARGV("panic=1");
    assert_int_equal(res.foreign, 1);
    assert_int_equal(parse("8250=1 -- y"), 0); /* "8250." needs the dot */
    assert_int_equal(res.foreign, 0);
    HAS("unknown parameter '8250' (ignored)");
    param_set_foreign(NULL);
    assert_int_equal(parse("reboot=k"), 0);
    ARGV("reboot=k");
    assert_int_equal(res.foreign, 0);
}

static void test_help_and_strict(void **state)
{
    (void)state;
    assert_int_equal(parse("x"), 0);
    assert_false(res.help);
    assert_false(res.strict);
    assert_int_equal(parse("help"), 0);
    assert_true(res.help);
    NOARGS();
    assert_int_equal(parse("param.help"), 0);
    assert_true(res.help);
    assert_int_equal(parse("param.strict=1 help -- x"), 0);
    assert_true(res.help && res.strict && param_param_strict);
    assert_int_equal(parse("-- help 'help' help=1"), 0);
    assert_false(res.help);
    ARGV("help", "help", "help=1");
    assert_int_equal(parse("\\help"), 0);
    ARGV("help");
    assert_false(res.help);
}

static void test_argv_overflow(void **state)
{
    (void)state;
    assert_int_equal(parse("a b c d e f g h"), -ENOSPC);
    ARGV("a", "b", "c", "d", "e", "f");
    assert_int_equal(res.errors, 2);
    HAS("argv: too many arguments (max 7); dropped 'g'");
    char small[8];
    char *v[4];
    struct param_argv sav = {"app", v, 4, small, sizeof(small)};
    assert_int_equal(param_parse("abc defg", 8, B, E, &sav, &res, NULL),
                     -ENOSPC);
    assert_int_equal(res.argc, 2);
    assert_string_equal(v[1], "abc");
    assert_null(v[2]);
    HAS("argv: out of space (8 bytes); dropped 'defg'");
    /* Unusable storage is a caller bug, reported before parsing. */
    struct param_argv tiny = {"application", v, 4, small, sizeof(small)};
    assert_int_equal(param_parse("", 0, B, E, &tiny, &res, NULL), -EINVAL);
    tiny = (struct param_argv){"a", v, 1, small, sizeof(small)};
    assert_int_equal(param_parse("", 0, B, E, &tiny, &res, NULL), -EINVAL);
    assert_int_equal(param_parse("", 0, B, E, NULL, &res, NULL), -EINVAL);
    assert_int_equal(param_parse("", 0, B, E, &av, NULL, NULL), -EINVAL);
    assert_int_equal(param_parse("", 0, E, B, &av, &res, NULL), -EINVAL);
    /* Every argv string, argv[0] too, is a copy in the caller's buffer. */
    assert_int_equal(parse("x"), 0);
    assert_ptr_equal(argv[0], abuf);
    assert_ptr_equal(argv[1], abuf + 4);
}

static char big[PARAM_TOKEN_MAX * 3];

static void test_long_lines(void **state)
{
    (void)state;
    size_t n = 0;
    while (n < 6000)
        n += (size_t)sprintf(big + n, "t.nums=1 t.u32=%zu ", n);
    strcpy(big + n, "t.u32=42");
    assert_true(strlen(big) > 4096);
    assert_int_equal(parse(big), -ENOSPC); /* t.nums overflows */
    assert_int_equal(param_t_u32, 42);
    assert_int_equal(res.nmsgs, PARAM_MSGS_MAX);
    assert_int_equal(res.nmsgs + res.lost, res.errors);
    /* A token of PARAM_TOKEN_MAX - 1 bytes fits; one more byte does not. */
    static char *bv[4];
    struct param_argv bav = {"app", bv, 4, big + PARAM_TOKEN_MAX,
                             PARAM_TOKEN_MAX * 2};
    memset(big, 'z', PARAM_TOKEN_MAX);
    assert_int_equal(
        param_parse(big, PARAM_TOKEN_MAX - 1, B, E, &bav, &res, NULL), 0);
    assert_int_equal(strlen(bv[1]), PARAM_TOKEN_MAX - 1);
    assert_int_equal(param_parse(big, PARAM_TOKEN_MAX, B, E, &bav, &res, NULL),
                     -E2BIG);
    HAS("argument at offset 0 is 4096 bytes (max 4095); dropped");
}

static void test_message_overflow(void **state)
{
    (void)state;
    char buf[512];
    size_t n = 0;
    for (int i = 0; i < 20; i++)
        n += (size_t)sprintf(buf + n, "t.u8=%d ", 300 + i);
    assert_int_equal(parse(buf), -ERANGE);
    assert_int_equal(res.errors, 20);
    assert_int_equal(res.nmsgs, PARAM_MSGS_MAX);
    assert_int_equal(res.lost, 4);
    assert_string_equal(dg.msg, res.msgs[0].text);
    /* Control bytes and long values are masked and cut in messages. */
    assert_int_equal(parse("t.u8=\"\x1b[2J\" t.name=0123456789012345678901234"
                           "567890123456789012345678901234567890"),
                     -EINVAL);
    HAS("value '?[2J' invalid");
    HAS("value '0123456789012345678901234567890123456789...' too long");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_plain_argv_and_params),
        cmocka_unit_test(test_separator),
        cmocka_unit_test(test_before_separator_is_kernel),
        cmocka_unit_test(test_monitor_appended),
        cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_bad_tokens),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_unknown_names),
        cmocka_unit_test(test_foreign_names),
        cmocka_unit_test(test_help_and_strict),
        cmocka_unit_test(test_argv_overflow),
        cmocka_unit_test(test_long_lines),
        cmocka_unit_test(test_message_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/*
 * Host tests for lib/param: the whole command-line grammar (issue 3 item 9).
 * The parameters below land in this binary's skiff_params section next to
 * the library's own param.help and param.strict, exactly as in the kernel.
 */
#include "lib/param/param.h"

#include "lib/klib/klib.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

PARAM_BOOL(t, flag, false, "a flag");
PARAM_BOOL(t, on, true, "on by default");
PARAM_U8(t, u8, 7, "an u8");
PARAM_U16(t, u16, 0, "an u16");
PARAM_U32(t, u32, 0, "an u32");
PARAM_U64(t, u64, 0, "an u64");
PARAM_I8(t, i8, -1, "an i8");
PARAM_I16(t, i16, 0, "an i16");
PARAM_I32(t, i32, 0, "an i32");
PARAM_I64(t, i64, 0, "an i64");
PARAM_SIZE(t, mem, 64 << 20, "memory size");
PARAM_STRING(t, name, 8, "dflt", "a short string");
PARAM_ENUM(log, level, 2, "log verbosity", "error", "warn", "info", "debug");
PARAM_ARRAY(t, nums, U32, 4, "numbers");
PARAM_ARRAY(t, sizes, SIZE, 2, "sizes");
PARAM_ARRAY(t, bools, BOOL, 2, "bools");
PARAM_ARRAY_ENUM(t, modes, 3, "modes", "a", "b", "c");
PARAM_ARRAY_STRING_F(virtio_mmio, device, 4, 48, PARAM_FLAG_TRAILING,
                     "virtio-mmio devices: <size>@<base>:<irq>");
PARAM_U8(
    t, wordy, 0,
    "a description far longer than any table line: "
    "0123456789012345678901234567890123456789012345678901234567890123456789"
    "0123456789012345678901234567890123456789012345678901234567890123456789"
    "0123456789012345678901234567890123456789012345678901234567890123456789"
    "0123456789012345678901234567890123456789012345678901234567890123456789");

#define B     PARAM_SECTION_BEGIN
#define E     PARAM_SECTION_END
#define NDECL 21 /* the 19 above plus param.help and param.strict */

static struct param_result res;
static char *argv[8];
static char abuf[256];
static struct diag dg;
static struct param_argv av = {"app", argv, 8, abuf, sizeof(abuf)};

static int parse_n(const char *s, size_t n)
{
    param_reset(B, E);
    dg.msg[0] = '\0';
    return param_parse(s, n, B, E, &av, &res, &dg);
}

static int parse(const char *s)
{
    return parse_n(s, strlen(s));
}

/* argv must be exactly "app" followed by the NULL-terminated (want). */
static void check_argv(const char *const *want)
{
    int n = 0;
    assert_string_equal(argv[0], "app");
    while (want[n]) {
        assert_true(n + 1 < res.argc + 1);
        assert_non_null(argv[n + 1]);
        assert_string_equal(argv[n + 1], want[n]);
        n++;
    }
    assert_int_equal(res.argc, n + 1);
    assert_null(argv[res.argc]);
}
#define ARGV(...) check_argv((const char *const[]){__VA_ARGS__, NULL})
#define NOARGS()  check_argv((const char *const[]){NULL})

/* Some message contains (sub). */
static bool has_msg(const char *sub)
{
    for (unsigned i = 0; i < res.nmsgs; i++)
        if (strstr(res.msgs[i].text, sub))
            return true;
    return false;
}
#define HAS(sub) assert_true(has_msg(sub) || (printf("missing: %s\n", sub), 0))
#define CLEAN()                                                                \
    (assert_int_equal(res.errors, 0), assert_int_equal(res.warnings, 0))

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

static void test_bool(void **state)
{
    (void)state;
    static const char *const yes[] = {"true", "on", "yes", "1", "TRUE", "Yes"};
    static const char *const no[] = {"false", "off", "no", "0", "OFF"};
    char buf[32];
    for (unsigned i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        snprintf(buf, sizeof(buf), "t.flag=%s", yes[i]);
        assert_int_equal(parse(buf), 0);
        assert_true(param_t_flag);
    }
    for (unsigned i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
        snprintf(buf, sizeof(buf), "t.on=%s", no[i]);
        assert_int_equal(parse(buf), 0);
        assert_false(param_t_on);
    }
    assert_int_equal(parse("t.on=2"), -EINVAL);
    assert_true(param_t_on);
    HAS("t.on: value '2' invalid (expected true/false/on/off/yes/no/1/0)");
    assert_int_equal(parse("t.flag="), -EINVAL);
    assert_false(param_t_flag);
}

/* Parse "name=value"; return the errno. */
static int set(const char *name, const char *value)
{
    char buf[128];
    snprintf(buf, sizeof(buf), "%s=%s", name, value);
    return parse(buf);
}

static void test_unsigned(void **state)
{
    (void)state;
    assert_int_equal(set("t.u8", "255"), 0);
    assert_int_equal(param_t_u8, 255);
    assert_int_equal(set("t.u8", "256"), -ERANGE);
    assert_int_equal(param_t_u8, 7); /* keeps its default */
    HAS("t.u8: value '256' out of range (expected an integer 0..255)");
    assert_int_equal(set("t.u8", "-1"), -ERANGE);
    assert_int_equal(set("t.u8", "-0"), 0);
    assert_int_equal(param_t_u8, 0);
    assert_int_equal(set("t.u8", "0xff"), 0);
    assert_int_equal(param_t_u8, 255);
    assert_int_equal(set("t.u8", "0377"), 0);
    assert_int_equal(param_t_u8, 255);
    assert_int_equal(set("t.u8", "0b101"), 0);
    assert_int_equal(param_t_u8, 5);
    assert_int_equal(set("t.u8", "+9"), 0);
    assert_int_equal(param_t_u8, 9);
    static const char *const bad[] = {"",    "0x", "0b",  "08",  "1a",
                                      "0b2", "x1", "--1", "0x-1"};
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(set("t.u8", bad[i]), -EINVAL);
        assert_int_equal(param_t_u8, 7);
    }
    assert_int_equal(set("t.u16", "65535"), 0);
    assert_int_equal(set("t.u16", "65536"), -ERANGE);
    assert_int_equal(set("t.u32", "4294967295"), 0);
    assert_int_equal(param_t_u32, UINT32_MAX);
    assert_int_equal(set("t.u32", "4294967296"), -ERANGE);
    assert_int_equal(set("t.u64", "18446744073709551615"), 0);
    assert_true(param_t_u64 == UINT64_MAX);
    assert_int_equal(set("t.u64", "0xFFFFFFFFFFFFFFFF"), 0);
    assert_true(param_t_u64 == UINT64_MAX);
    assert_int_equal(set("t.u64", "18446744073709551616"), -ERANGE);
    assert_int_equal(set("t.u64", "0x10000000000000000"), -ERANGE);
    assert_int_equal(set("t.u64", "99999999999999999999999x"), -EINVAL);
    assert_int_equal(param_t_u64, 0);
}

static void test_signed(void **state)
{
    (void)state;
    assert_int_equal(set("t.i8", "-128"), 0);
    assert_int_equal(param_t_i8, -128);
    assert_int_equal(set("t.i8", "127"), 0);
    assert_int_equal(set("t.i8", "128"), -ERANGE);
    assert_int_equal(set("t.i8", "-129"), -ERANGE);
    assert_int_equal(param_t_i8, -1);
    HAS("t.i8: value '-129' out of range (expected an integer -128..127)");
    assert_int_equal(set("t.i16", "-32768"), 0);
    assert_int_equal(set("t.i16", "32768"), -ERANGE);
    assert_int_equal(set("t.i32", "-0x80000000"), 0);
    assert_int_equal(param_t_i32, INT32_MIN);
    assert_int_equal(set("t.i32", "0xffffffff"), -ERANGE);
    assert_int_equal(set("t.i64", "-9223372036854775808"), 0);
    assert_true(param_t_i64 == INT64_MIN);
    assert_int_equal(set("t.i64", "9223372036854775807"), 0);
    assert_true(param_t_i64 == INT64_MAX);
    assert_int_equal(set("t.i64", "9223372036854775808"), -ERANGE);
    assert_int_equal(set("t.i64", "-9223372036854775809"), -ERANGE);
    assert_int_equal(set("t.i64", "-0x8000000000000000"), 0);
    assert_true(param_t_i64 == INT64_MIN);
    assert_int_equal(set("t.i64", "-18446744073709551616"), -ERANGE);
    assert_int_equal(set("t.i64", "-"), -EINVAL);
    assert_int_equal(set("t.i64", "-012"), 0);
    assert_int_equal(param_t_i64, -10);
}

static void test_size(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        uint64_t out;
    } ok[] = {
        {"0", 0},
        {"4096", 4096},
        {"4K", 4096},
        {"1m", 1u << 20},
        {"2G", 2ull << 30},
        {"1T", 1ull << 40},
        {"1p", 1ull << 50},
        {"15E", 15ull << 60},
        {"0x10K", 16u << 10},
        {"0x1E", 30}, /* E is a hex digit */
        {"0b1E", 1ull << 60},
        {"18446744073709551615", UINT64_MAX},
        {"16777215T", 16777215ull << 40},
    };
    for (unsigned i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        assert_int_equal(set("t.mem", ok[i].in), 0);
        assert_true(param_t_mem == ok[i].out);
    }
    assert_int_equal(set("t.mem", "16E"), -ERANGE);
    assert_int_equal(param_t_mem, 64 << 20);
    HAS("t.mem: value '16E' out of range (expected a size");
    assert_int_equal(set("t.mem", "16777216T"), -ERANGE);
    assert_int_equal(set("t.mem", "18446744073709551616"), -ERANGE);
    assert_int_equal(set("t.mem", "-1K"), -ERANGE);
    static const char *const bad[] = {"4Q", "4KB", "K", "", "1.5G", "0x"};
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(set("t.mem", bad[i]), -EINVAL);
    assert_int_equal(param_t_mem, 64 << 20);
}

static void test_string_and_enum(void **state)
{
    (void)state;
    assert_int_equal(set("t.name", "1234567"), 0);
    assert_string_equal(param_t_name, "1234567");
    assert_int_equal(set("t.name", "12345678"), -ENOSPC);
    assert_string_equal(param_t_name, "dflt");
    HAS("t.name: value '12345678' too long (expected at most 7 bytes)");
    assert_int_equal(set("t.name", ""), 0);
    assert_string_equal(param_t_name, "");
    assert_int_equal(param_t_u32, 0);

    assert_int_equal(param_log_level, 2);
    assert_int_equal(set("log.level", "debug"), 0);
    assert_int_equal(param_log_level, 3);
    assert_int_equal(set("log.level", "DEBUG"), -EINVAL);
    assert_int_equal(param_log_level, 2);
    HAS("log.level: value 'DEBUG' invalid (expected one of: error warn info "
        "debug)");
    assert_int_equal(parse("log.level"), -EINVAL);
    HAS("log.level: missing value (expected one of:");
}

static void test_last_wins_and_default_kept(void **state)
{
    (void)state;
    assert_int_equal(parse("t.u32=1 t.u32=2"), 0);
    assert_int_equal(param_t_u32, 2);
    assert_int_equal(parse("t.u32=5 t.u32=bad"), -EINVAL);
    assert_int_equal(param_t_u32, 5);
    /* All problems are reported; the first one's errno is returned. */
    assert_int_equal(parse("t.u8=256 t.u8=x t.u32=3"), -ERANGE);
    assert_int_equal(res.errors, 2);
    assert_int_equal(res.msgs[0].err, -ERANGE);
    assert_int_equal(res.msgs[1].err, -EINVAL);
    assert_int_equal(param_t_u32, 3);
    assert_string_equal(dg.msg, res.msgs[0].text);
}

static void test_arrays(void **state)
{
    (void)state;
    assert_int_equal(parse("t.nums=1,2 t.nums=0x3"), 0);
    assert_int_equal(param_t_nums_count, 3);
    assert_int_equal(param_t_nums[0], 1);
    assert_int_equal(param_t_nums[2], 3);
    assert_int_equal(parse("t.nums=1,2,3,4,5,6"), -ENOSPC);
    assert_int_equal(param_t_nums_count, 4);
    HAS("t.nums: too many values (max 4); dropped '5,6'");
    assert_int_equal(parse("t.nums=1,2,3,4 t.nums=9"), -ENOSPC);
    HAS("dropped '9'");
    assert_int_equal(parse("t.nums=1,x,3"), -EINVAL);
    assert_int_equal(param_t_nums_count, 2);
    assert_int_equal(param_t_nums[1], 3);
    assert_int_equal(parse("t.nums=1,,2,"), -EINVAL);
    assert_int_equal(res.errors, 2);
    assert_int_equal(param_t_nums_count, 2);
    assert_int_equal(parse("t.sizes=4K,1M"), 0);
    assert_true(param_t_sizes[1] == 1u << 20);
    assert_int_equal(parse("t.modes=a,c t.modes=b"), 0);
    assert_int_equal(param_t_modes[1], 2);
    assert_int_equal(param_t_modes[2], 1);
    assert_int_equal(parse("t.bools t.bools=off t.bools"), -ENOSPC);
    assert_true(param_t_bools[0]);
    assert_false(param_t_bools[1]);
    HAS("t.bools: too many values (max 2); dropped 'true'");
    /* String-array elements split at commas, quoted or not. */
    assert_int_equal(parse("virtio_mmio.device=a,b virtio_mmio.device='c,d'"),
                     0);
    assert_int_equal(param_virtio_mmio_device_count, 4);
    assert_string_equal(param_virtio_mmio_device[1], "b");
    assert_string_equal(param_virtio_mmio_device[3], "d");
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

static void test_find_reset_format(void **state)
{
    (void)state;
    const struct param_desc *p = param_find(B, E, "t.u32");
    assert_non_null(p);
    assert_null(param_find(B, E, "t.u3"));
    assert_null(param_find(B, E, "u32"));
    assert_int_equal((int)(E - B), NDECL);
    assert_int_equal(sizeof(*B), 64);
    assert_int_equal(
        parse("t.u32=9 t.name=x t.nums=5,6 t.flag log.level=error"), 0);
    char buf[16];
    assert_int_equal(param_value_format(p, false, buf, sizeof(buf)), 1);
    assert_string_equal(buf, "9");
    p = param_find(B, E, "t.nums");
    assert_int_equal(param_value_format(p, false, buf, sizeof(buf)), 3);
    assert_string_equal(buf, "5,6");
    assert_int_equal(param_value_format(p, false, buf, 3), 3);
    assert_string_equal(buf, "5,");
    assert_int_equal(param_value_format(p, true, buf, sizeof(buf)), 0);
    assert_int_equal(
        param_value_format(param_find(B, E, "t.mem"), true, buf, sizeof(buf)),
        3);
    assert_string_equal(buf, "64M");
    param_value_format(param_find(B, E, "t.i8"), true, buf, sizeof(buf));
    assert_string_equal(buf, "-1");
    param_value_format(param_find(B, E, "log.level"), true, buf, sizeof(buf));
    assert_string_equal(buf, "info");
    param_reset(B, E);
    assert_int_equal(param_t_u32, 0);
    assert_string_equal(param_t_name, "dflt");
    assert_int_equal(param_t_nums_count, 0);
    assert_false(param_t_flag);
    assert_int_equal(param_log_level, 2);
    /* A sub-range: only its parameters are known. */
    p = param_find(B, E, "log.level");
    assert_int_equal(
        param_parse("t.u32=5 log.level=warn", 22, p, p + 1, &av, &res, NULL),
        0);
    ARGV("t.u32=5");
    assert_int_equal(param_log_level, 1);
    assert_int_equal(param_t_u32, 0);
}

static char lines[32][PARAM_LINE_MAX];
static int nlines;

static void collect(void *ctx, const char *line)
{
    (void)ctx;
    assert_true(nlines < 32);
    strcpy(lines[nlines++], line);
}

static void test_table(void **state)
{
    (void)state;
    assert_int_equal(parse("log.level=debug t.nums=1,2 t.mem=1G"), 0);
    nlines = 0;
    assert_int_equal(param_print_table(B, E, collect, NULL), NDECL);
    assert_int_equal(nlines, NDECL + 1);
    assert_non_null(strstr(lines[0], "NAME"));
    assert_non_null(strstr(lines[0], "DESCRIPTION"));
    for (int i = 2; i < nlines; i++) /* sorted by name */
        assert_true(strncmp(lines[i - 1], lines[i], 20) < 0);
    const char *lvl = NULL, *nums = NULL, *mem = NULL;
    for (int i = 1; i < nlines; i++) {
        if (!strncmp(lines[i], "log.level ", 10))
            lvl = lines[i];
        if (!strncmp(lines[i], "t.nums ", 7))
            nums = lines[i];
        if (!strncmp(lines[i], "t.mem ", 6))
            mem = lines[i];
    }
    assert_non_null(lvl);
    assert_non_null(strstr(lvl, "enum"));
    assert_non_null(strstr(lvl, " info "));
    assert_non_null(strstr(lvl, " debug "));
    assert_non_null(strstr(lvl, "log verbosity {error|warn|info|debug}"));
    assert_non_null(nums);
    assert_non_null(strstr(nums, "u32[4]"));
    assert_non_null(strstr(nums, "\"\""));
    assert_non_null(strstr(nums, " 1,2 "));
    assert_non_null(mem);
    assert_non_null(strstr(mem, " 64M "));
    assert_non_null(strstr(mem, " 1G "));
    int wordy = 0; /* cut to the line buffer */
    for (int i = 0; i < nlines; i++)
        if (!strncmp(lines[i], "t.wordy ", 8))
            wordy += strlen(lines[i]) == PARAM_LINE_MAX - 1;
    assert_int_equal(wordy, 1);
    assert_int_equal(param_print_table(B, E, NULL, NULL), 0);
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
        cmocka_unit_test(test_bool),
        cmocka_unit_test(test_unsigned),
        cmocka_unit_test(test_signed),
        cmocka_unit_test(test_size),
        cmocka_unit_test(test_string_and_enum),
        cmocka_unit_test(test_last_wins_and_default_kept),
        cmocka_unit_test(test_arrays),
        cmocka_unit_test(test_unknown_names),
        cmocka_unit_test(test_help_and_strict),
        cmocka_unit_test(test_argv_overflow),
        cmocka_unit_test(test_long_lines),
        cmocka_unit_test(test_message_overflow),
        cmocka_unit_test(test_find_reset_format),
        cmocka_unit_test(test_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

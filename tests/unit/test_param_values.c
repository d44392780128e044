/* SPDX-License-Identifier: MIT */
/*
 * Host tests for lib/param: the typed values: each type's edge values and
 * overflow, arrays, defaults, formatting and the help table (issue 3 item 9).
 * The parameters of param_decls.h land in this binary's skiff_params section
 * next to the library's own param.help and param.strict, exactly as in the
 * kernel.
 */
#include "tests/unit/param_fixture.h"

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
        cmocka_unit_test(test_bool),
        cmocka_unit_test(test_unsigned),
        cmocka_unit_test(test_signed),
        cmocka_unit_test(test_size),
        cmocka_unit_test(test_string_and_enum),
        cmocka_unit_test(test_last_wins_and_default_kept),
        cmocka_unit_test(test_arrays),
        cmocka_unit_test(test_find_reset_format),
        cmocka_unit_test(test_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* Host tests for virtio_mmio.device= parsing, in the forms Firecracker and
 * QEMU microvm write, and hostile variants. */
#include "drivers/virtio/mmio_cmdline.h"
#include "lib/param/param.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static int parse(const char *s, struct virtio_mmio_cmdline_dev *dev,
                 struct diag *d)
{
    return virtio_mmio_cmdline_parse(s, strlen(s), dev, d);
}

static void test_monitor_forms(void **state)
{
    (void)state;
    struct virtio_mmio_cmdline_dev dev;
    struct diag d;
    assert_int_equal(parse("512@0x1000:012:07", &dev, &d), 0); /* decimal */
    assert_int_equal(dev.irq, 12);
    assert_int_equal(dev.id, 7);
    assert_int_equal(parse("4K@0xc0001000:5", &dev, &d), 0); /* Firecracker */
    assert_int_equal(dev.size, 4096);
    assert_int_equal(dev.base, 0xc0001000);
    assert_int_equal(dev.irq, 5);
    assert_int_equal(dev.id, -1);
    assert_int_equal(parse("512@0xfeb00e00:12", &dev, &d), 0); /* microvm */
    assert_int_equal(dev.size, 512);
    assert_int_equal(dev.base, 0xfeb00e00);
    assert_int_equal(parse("0x200@4276096512:24:3", &dev, &d), 0);
    assert_int_equal(dev.base, 4276096512u);
    assert_int_equal(dev.id, 3);
}

static void test_malformed(void **state)
{
    (void)state;
    static const struct {
        const char *in, *msg;
    } bad[] = {
        {"", "bad size"},
        {"4K", "expected '@' before the base address"},
        {"4K@", "bad base address"},
        {"4K@0x1000", "expected ':' before the irq"},
        {"4K@0x1000:", "bad irq"},
        {"4K@0x1000:5:", "bad id"},
        {"4K@0x1000:5x", "trailing 'x'"},
        {"4K@0x1000:0", "irq 0"},
        {"4K@0x1000:256", "irq 256"},
        {"0@0x1000:5", "window of 0 bytes"},
        {"4K@0xfffffffffffff000:5", "window of 4096 bytes"},
        {"16E@0:5", "bad size"},
        {"-4K@0x1000:5", "bad size"},
        {"4K@0x1000:5:99999999999", "id too large"},
        {"4K@0x1000:0x5", "trailing 'x5'"}, /* Linux reads the irq as %u */
        {"4K@0x1000:5:0x1", "trailing 'x1'"},
        {"4K@0x1000:-5", "bad irq"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct virtio_mmio_cmdline_dev dev;
        struct diag d = {""};
        assert_int_equal(parse(bad[i].in, &dev, &d), -EINVAL);
        if (!strstr(d.msg, bad[i].msg))
            fail_msg("'%s': message '%s' lacks '%s'", bad[i].in, d.msg,
                     bad[i].msg);
    }
    struct virtio_mmio_cmdline_dev dev;
    struct diag d;
    assert_int_equal(virtio_mmio_cmdline_parse("4K\0@0:5", 7, &dev, &d),
                     -EINVAL);
    char big[100];
    memset(big, '1', sizeof(big));
    assert_int_equal(virtio_mmio_cmdline_parse(big, sizeof(big), &dev, &d),
                     -EINVAL);
}

/* Through the parameter: QEMU microvm appends the tokens after the
 * application's arguments; they must reach the list, not argv. */
static void test_trailing_tokens(void **state)
{
    (void)state;
    static struct param_result res;
    static char *argv[8];
    static char buf[256];
    struct param_argv av = {"app", argv, 8, buf, sizeof(buf)};
    const char *cl = "-- x y virtio_mmio.device=512@0xfeb00e00:12 "
                     "virtio_mmio.device=bogus";
    /* One token may carry a comma-separated list. */
    param_reset(PARAM_SECTION_BEGIN, PARAM_SECTION_END);
    const char *list = "virtio_mmio.device=512@0xfeb00e00:12,4K@0xc0001000:5";
    assert_int_equal(param_parse(list, strlen(list), PARAM_SECTION_BEGIN,
                                 PARAM_SECTION_END, &av, &res, NULL),
                     0);
    assert_int_equal(param_virtio_mmio_device_count, 2);
    assert_string_equal(param_virtio_mmio_device[1], "4K@0xc0001000:5");
    param_reset(PARAM_SECTION_BEGIN, PARAM_SECTION_END);
    assert_int_equal(param_parse(cl, strlen(cl), PARAM_SECTION_BEGIN,
                                 PARAM_SECTION_END, &av, &res, NULL),
                     0);
    assert_int_equal(res.argc, 3);
    assert_string_equal(argv[2], "y");
    /* Both are kept as entries; discovery reports the bogus one. */
    assert_int_equal(param_virtio_mmio_device_count, 2);
    struct virtio_mmio_cmdline_dev dev;
    struct diag d;
    assert_int_equal(parse(param_virtio_mmio_device[0], &dev, &d), 0);
    assert_int_equal(dev.irq, 12);
    assert_int_equal(parse(param_virtio_mmio_device[1], &dev, &d), -EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_monitor_forms),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_trailing_tokens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

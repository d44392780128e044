/* SPDX-License-Identifier: MIT */
/*
 * inspect's device checks, proving each driver end to end: the first
 * sector of every block device (and, with inspect.blk_write, a pattern
 * written, flushed and read back, which the boot test then finds in the
 * disk image), random bytes from virtio-rng, and the ARP/ping responder on
 * virtio-net (inspect.ip, inspect.pings).
 */
#include "apps/inspect/inspect.h"
#include "drivers/virtio/drivers.h"
#include "drivers/virtio/virtio.h"
#include "kernel/entropy.h"
#include "kernel/log.h"
#include "kernel/mm/heap.h"
#include "lib/klib/klib.h"
#include "lib/param/param.h"
#include "skiff/errno.h"

PARAM_I64(inspect, blk_write, -1,
          "write a test pattern to this sector of each writable block device");
PARAM_STRING(inspect, ip, 16, "", "IPv4 address to answer ARP and ping on");
PARAM_U32(inspect, pings, 1, "with inspect.ip: ping requests to answer");
PARAM_U32(inspect, net_ms, 10000, "with inspect.ip: give up after this long");

static void hexdump(const char *what, const uint8_t *p, unsigned n)
{
    char hex[3 * 16 + 1] = "", text[17] = "";
    for (unsigned i = 0; i < n && i < 16; i++) {
        ksnprintf(hex + 3 * i, 4, " %02x", p[i]);
        text[i] = (char)(p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '.');
        text[i + 1] = 0;
    }
    log_raw("%s:%s  |%s|\n", what, hex, text);
}

/* Write "skiff blk test <sector>" padded with its sector number, flush, and
 * read it back. */
static int blk_write_test(struct virtio_dev *dev, uint8_t *buf, unsigned i)
{
    uint64_t s = (uint64_t)param_inspect_blk_write;
    memset(buf, (int)(s & 0xff), 512);
    ksnprintf((char *)buf, 64, "skiff blk test %llu", (unsigned long long)s);
    int rc = virtio_blk_rw(dev, 1, s, buf, 512);
    if (!rc)
        rc = virtio_blk_flush(dev);
    uint8_t *back = buf + 512;
    if (!rc)
        rc = virtio_blk_rw(dev, 0, s, back, 512);
    if (!rc && memcmp(buf, back, 512))
        rc = -EIO;
    log_raw("blk%u: wrote sector %llu: %s (%d)\n", i, (unsigned long long)s,
            rc ? "FAILED" : "ok, read back the same", rc);
    return rc;
}

static int check_blk(void)
{
    int bad = 0;
    uint8_t *buf = kmemalign(4096, 4096);
    struct virtio_dev *dev;
    for (unsigned i = 0; buf && (dev = virtio_dev_nth(VIRTIO_ID_BLOCK, i));
         i++) {
        struct virtio_blk_info bi;
        virtio_blk_info(dev, &bi);
        char what[32];
        int rc = virtio_blk_rw(dev, 0, 0, buf, 512);
        ksnprintf(what, sizeof(what), "blk%u: sector 0", i);
        if (rc)
            log_raw("%s: read failed (%d)\n", what, rc);
        else
            hexdump(what, buf, 16);
        bad |= rc != 0;
        if (param_inspect_blk_write >= 0 && bi.ro) {
            rc = virtio_blk_rw(dev, 1, 0, buf, 512);
            log_raw("blk%u: read-only; a write is refused (%d)\n", i, rc);
            bad |= rc != -EPERM;
        } else if (param_inspect_blk_write >= 0) {
            bad |= blk_write_test(dev, buf, i) != 0;
        }
    }
    kfree(buf);
    return bad;
}

static int check_rng(void)
{
    struct virtio_dev *dev = virtio_dev_nth(VIRTIO_ID_RNG, 0);
    if (!dev) {
        log_raw("entropy: pool credited %llu bytes, last from %s\n",
                (unsigned long long)entropy_credited(), entropy_source());
        return 0;
    }
    uint8_t b[16];
    int n = virtio_rng_read(dev, b, sizeof(b));
    if (n != (int)sizeof(b)) {
        log_raw("rng: read failed (%d)\n", n);
        return 1;
    }
    hexdump("rng: 16 bytes", b, 16);
    log_raw("rng: entropy pool credited %llu bytes, last from %s\n",
            (unsigned long long)entropy_credited(), entropy_source());
    return 0;
}

static int parse_ip(const char *s, uint8_t ip[4])
{
    for (int i = 0; i < 4; i++) {
        unsigned v = 0, digits = 0;
        while (*s >= '0' && *s <= '9' && digits < 4)
            v = v * 10 + (unsigned)(*s++ - '0'), digits++;
        if (!digits || v > 255 || *s != (i < 3 ? '.' : '\0'))
            return -EINVAL;
        ip[i] = (uint8_t)v;
        s += i < 3;
    }
    return 0;
}

static int check_net(void)
{
    struct virtio_dev *dev = virtio_dev_nth(VIRTIO_ID_NET, 0);
    uint8_t ip[4];
    if (!dev || !param_inspect_ip[0])
        return 0;
    if (parse_ip(param_inspect_ip, ip)) {
        log_raw("net: inspect.ip '%s' is not an IPv4 address\n",
                param_inspect_ip);
        return 1;
    }
    return inspect_net_serve(dev, ip, param_inspect_pings,
                             param_inspect_net_ms) != 0;
}

int inspect_devices(void)
{
    log_raw("virtio: %u devices working\n", virtio_ndevs);
    int bad = check_blk();
    bad |= check_rng();
    bad |= check_net();
    return bad;
}

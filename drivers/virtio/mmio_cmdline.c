/* SPDX-License-Identifier: MIT */
/* virtio_mmio command-line devices: see mmio_cmdline.h. */
#include "drivers/virtio/mmio_cmdline.h"
#include "lib/klib/klib.h"
#include "lib/param/param.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#define DEV_TEXT_MAX VIRTIO_MMIO_CMDLINE_TEXT_MAX

/* Trailing: QEMU microvm appends these after the application's arguments. */
PARAM_ARRAY_STRING_F(virtio_mmio, device, VIRTIO_MMIO_CMDLINE_MAX, DEV_TEXT_MAX,
                     PARAM_FLAG_TRAILING,
                     "virtio-mmio device <size>@<base>:<irq>[:<id>] "
                     "(written by the monitor)");

static int expect(const char **sp, char c, const char *what, struct diag *d)
{
    if (**sp != c) {
        diag_set(d, "virtio_mmio.device: expected '%c' before the %s", c, what);
        return -EINVAL;
    }
    (*sp)++;
    return 0;
}

static int number(const char **sp, int suffix, const char *what, uint64_t *out,
                  struct diag *d)
{
    if (param_scan_u64(sp, suffix, out)) {
        diag_set(d, "virtio_mmio.device: bad %s", what);
        return -EINVAL;
    }
    return 0;
}

/* The irq and id are decimal, as Linux reads them (%u and %d): "012" is 12,
 * and "0x5" is trailing garbage after 0. */
static int decimal(const char **sp, const char *what, uint64_t *out,
                   struct diag *d)
{
    const char *p = *sp;
    uint64_t v = 0;
    if (*p < '0' || *p > '9') {
        diag_set(d, "virtio_mmio.device: bad %s (a decimal number)", what);
        return -EINVAL;
    }
    for (; *p >= '0' && *p <= '9'; p++) {
        if (v > (UINT32_MAX - 9) / 10) {
            diag_set(d, "virtio_mmio.device: %s too large", what);
            return -EINVAL;
        }
        v = v * 10 + (uint64_t)(*p - '0');
    }
    *sp = p;
    *out = v;
    return 0;
}

int virtio_mmio_cmdline_parse(const char *s, size_t len,
                              struct virtio_mmio_cmdline_dev *out,
                              struct diag *d)
{
    char buf[DEV_TEXT_MAX];
    uint64_t size, base, irq, id = 0;
    if (len >= sizeof(buf) || strnlen(s, len) != len) {
        diag_set(d, "virtio_mmio.device: %zu bytes, or a NUL inside", len);
        return -EINVAL;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    const char *p = buf;
    int rc = number(&p, 1, "size", &size, d);
    rc = rc ? rc : expect(&p, '@', "base address", d);
    rc = rc ? rc : number(&p, 0, "base address", &base, d);
    rc = rc ? rc : expect(&p, ':', "irq", d);
    rc = rc ? rc : decimal(&p, "irq", &irq, d);
    int has_id = !rc && *p == ':';
    if (has_id) {
        p++;
        rc = decimal(&p, "id", &id, d);
    }
    if (rc)
        return rc;
    if (*p) {
        diag_set(d, "virtio_mmio.device: trailing '%s'", p);
        return -EINVAL;
    }
    if (!size || base > UINT64_MAX - size) {
        diag_set(d, "virtio_mmio.device: window of %llu bytes at 0x%llx",
                 (unsigned long long)size, (unsigned long long)base);
        return -EINVAL;
    }
    if (irq == 0 || irq > 255 || id > INT32_MAX) {
        diag_set(d, "virtio_mmio.device: irq %llu or id %llu out of range",
                 (unsigned long long)irq, (unsigned long long)id);
        return -EINVAL;
    }
    *out = (struct virtio_mmio_cmdline_dev){base, size, (uint32_t)irq,
                                            has_id ? (int32_t)id : -1};
    return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * files: the kernel's side of fs/: the services it lends the file system
 * (clock, entropy, console) and the virtio-blk disks as /dev/vda, vdb ...
 * Disks take reads and writes at any byte offset through a bounce buffer
 * of whole sectors (read-modify-write at unaligned edges).
 */
#include "kernel/files.h"
#include "drivers/uart/uart.h"
#include "drivers/virtio/drivers.h"
#include "drivers/virtio/virtio_hw.h"
#include "fs/fs.h"
#include "kernel/entropy.h"
#include "kernel/log.h"
#include "kernel/mm/heap.h"
#include "kernel/syscall/clock.h"
#include "lib/klib/klib.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#define SECTOR    512u
#define BOUNCE    (64u * 1024u)
#define MAX_DISKS 26

static long console_write(const void *buf, size_t n)
{
    if (uart_present())
        uart_write(buf, n);
    return (long)n;
}

static const struct fs_host host = {clock_realtime_ns, entropy_get,
                                    console_write, 0};

struct disk {
    struct virtio_dev *dev;
    uint64_t bytes;
};

static struct disk disks[MAX_DISKS];
static uint8_t *bounce;

/* One piece within a bounce buffer's reach: whole sectors in, the bytes
 * wanted out (or in, then whole sectors out). */
static long disk_piece(struct disk *d, int write, uint8_t *buf, size_t n,
                       uint64_t off)
{
    uint64_t first = off / SECTOR;
    uint64_t skip = off % SECTOR;
    size_t span = (size_t)((skip + n + SECTOR - 1) / SECTOR * SECTOR);
    int partial = skip || (n % SECTOR);
    if (!write || partial) {
        int rc = virtio_blk_rw(d->dev, 0, first, bounce, span);
        if (rc)
            return -EIO;
    }
    if (!write) {
        memcpy(buf, bounce + skip, n);
        return (long)n;
    }
    memcpy(bounce + skip, buf, n);
    int rc = virtio_blk_rw(d->dev, 1, first, bounce, span);
    return rc == -EPERM ? -EROFS : (rc ? -EIO : (long)n);
}

static long disk_io(struct disk *d, int write, uint8_t *buf, size_t n,
                    uint64_t off)
{
    if (off >= d->bytes)
        return write && n ? -ENOSPC : 0;
    if (n > d->bytes - off)
        n = (size_t)(d->bytes - off);
    size_t done = 0;
    while (done < n) {
        uint64_t at = off + done;
        size_t room = BOUNCE - (size_t)(at % SECTOR);
        size_t chunk = n - done < room ? n - done : room;
        long rc = disk_piece(d, write, buf + done, chunk, at);
        if (rc < 0)
            return done ? (long)done : rc;
        done += chunk;
    }
    return (long)done;
}

static long disk_read(void *ctx, void *buf, size_t n, uint64_t off)
{
    return disk_io(ctx, 0, buf, n, off);
}

static long disk_write(void *ctx, const void *buf, size_t n, uint64_t off)
{
    return disk_io(ctx, 1, (uint8_t *)(uintptr_t)buf, n, off);
}

static uint64_t disk_size(void *ctx)
{
    return ((struct disk *)ctx)->bytes;
}

static const struct fs_dev_ops disk_ops = {disk_read, disk_write, disk_size, 1};

static void add_disks(void)
{
    for (unsigned i = 0; i < MAX_DISKS; i++) {
        struct virtio_dev *dev = virtio_dev_nth(VIRTIO_ID_BLOCK, i);
        if (!dev)
            break;
        if (!bounce && !(bounce = kmemalign(4096, BOUNCE)))
            return;
        struct virtio_blk_info info;
        virtio_blk_info(dev, &info);
        disks[i] = (struct disk){dev, info.sectors * SECTOR};
        char name[4] = {'v', 'd', (char)('a' + i), 0};
        if (fs_dev_add(name, &disk_ops, &disks[i]))
            log_warn("files: cannot add /dev/%s\n", name);
    }
}

int files_init(const void *initrd, size_t len)
{
    struct diag d = {""};
    int rc = fs_init(&host, initrd, len, &d);
    if (rc) {
        log_err("files: initrd refused: %s\n", d.msg);
        rc = fs_init(&host, 0, 0, &d); /* /tmp and /dev still work */
    }
    if (!rc)
        add_disks();
    return rc;
}

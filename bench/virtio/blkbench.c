/* SPDX-License-Identifier: MIT */
/*
 * The Linux side of bench/virtio: the same access pattern as Skiff's
 * inspect.blk_bench (apps/inspect/bench.c), on /dev/vda with O_DIRECT so
 * the page cache is out of the picture: sequential reads of the first
 * SIZE MiB in 1 MiB requests, sequential writes of the same (then fsync),
 * and RAND random 4 KiB reads, one at a time, at offsets from the same
 * xorshift32 sequence. Built static by bench/virtio/run.sh and run as the
 * initramfs's benchmark. Usage: blkbench DEVICE SIZE_MIB RAND
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1u << 20)

static uint64_t now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000 + (uint64_t)t.tv_nsec / 1000;
}

static uint32_t xorshift32(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static void seq(int fd, char *buf, unsigned mib, int write)
{
    uint64_t t0 = now_us();
    for (unsigned i = 0; i < mib; i++) {
        off_t off = (off_t)i * CHUNK;
        ssize_t n =
            write ? pwrite(fd, buf, CHUNK, off) : pread(fd, buf, CHUNK, off);
        if (n != CHUNK) {
            perror("blkbench: transfer");
            exit(1);
        }
    }
    if (write)
        fsync(fd);
    uint64_t us = now_us() - t0;
    printf("blkbench: seq-%s %u MiB in %llu us: %llu MiB/s\n",
           write ? "write" : "read", mib, (unsigned long long)us,
           (unsigned long long)(mib * 1000000ull / (us ? us : 1)));
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: blkbench DEVICE SIZE_MIB RAND\n");
        return 2;
    }
    unsigned mib = (unsigned)atoi(argv[2]), nrand = (unsigned)atoi(argv[3]);
    int fd = open(argv[1], O_RDWR | O_DIRECT);
    char *buf;
    if (fd < 0 || posix_memalign((void **)&buf, 4096, CHUNK)) {
        perror("blkbench: open");
        return 1;
    }
    memset(buf, 0x5a, CHUNK);
    seq(fd, buf, mib, 0);
    seq(fd, buf, mib, 1);
    uint32_t s = 1;
    uint64_t blocks = (uint64_t)mib * (CHUNK / 4096), t0 = now_us();
    for (unsigned i = 0; i < nrand; i++) {
        off_t off = (off_t)(xorshift32(&s) % blocks) * 4096;
        if (pread(fd, buf, 4096, off) != 4096) {
            perror("blkbench: random read");
            return 1;
        }
    }
    uint64_t us = now_us() - t0;
    printf("blkbench: rand-read %u x 4 KiB in %llu us: %llu IOPS\n", nrand,
           (unsigned long long)us,
           (unsigned long long)(nrand * 1000000ull / (us ? us : 1)));
    return 0;
}

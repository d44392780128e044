/* SPDX-License-Identifier: MIT */
/*
 * The program of bench/syscall: one static binary, run unchanged on the
 * host, in the Linux guest and on Skiff, that times system calls with
 * CLOCK_MONOTONIC and prints one "name value" line per figure, for
 * run.sh to parse:
 *   getpid_ns          raw syscall(SYS_getpid); musl caches nothing here,
 *                      so every call enters the kernel (the null call)
 *   devnull_write_ns   write(fd, buf, 1) to /dev/null
 *   clock_ns           clock_gettime itself (a vDSO read on Linux, a
 *                      system call where there is no vDSO), for context
 *   clock_step_ns      the clock's smallest observed step (its resolution)
 *   read_mib_s         FILE read start to end in 64 KiB read()s, REPS times
 * Each call figure is the median of ROUNDS timed rounds of N/ROUNDS calls
 * after one untimed warm-up round (under TCG the first round pays for
 * translating the code); "_min" lines give the fastest round. The file is
 * read once untimed first, and its checksum printed, so a short or wrong
 * read shows. Any failed call exits 1 with a message naming it.
 * Usage: sysbench N [FILE [REPS]]   |   sysbench --exit: the boot-time
 * probe, which prints "main_ns T" (CLOCK_MONOTONIC on entry to main; on
 * Skiff it counts from the kernel's entry, like "boot: ready in") and
 * returns 0 at once.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 5
#define CHUNK  (64 * 1024)

static char chunk[CHUNK];

static void fail(const char *what)
{
    fprintf(stderr, "sysbench: %s: %s\n", what, strerror(errno));
    exit(1);
}

static uint64_t now_ns(void)
{
    struct timespec t;
    if (clock_gettime(CLOCK_MONOTONIC, &t))
        fail("clock_gettime");
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

enum op { OP_GETPID, OP_WRITE, OP_CLOCK };

/* n calls of op; returns the nanoseconds they took. */
static uint64_t loop(enum op op, int fd, unsigned long n)
{
    struct timespec ts;
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < n; i++) {
        switch (op) {
        case OP_GETPID:
            if (syscall(SYS_getpid) <= 0)
                fail("getpid");
            break;
        case OP_WRITE:
            if (write(fd, chunk, 1) != 1)
                fail("write /dev/null");
            break;
        case OP_CLOCK:
            if (clock_gettime(CLOCK_MONOTONIC, &ts))
                fail("clock_gettime");
            break;
        }
    }
    return now_ns() - t0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Warm up, then ROUNDS rounds; prints the median and fastest ns/call. */
static void calls(const char *name, enum op op, int fd, unsigned long n)
{
    unsigned long per = n / ROUNDS ? n / ROUNDS : 1;
    double ns[ROUNDS];
    loop(op, fd, per);
    for (int r = 0; r < ROUNDS; r++)
        ns[r] = (double)loop(op, fd, per) / (double)per;
    qsort(ns, ROUNDS, sizeof ns[0], cmp_double);
    printf("%s %.1f\n%s_min %.1f\n", name, ns[ROUNDS / 2], name, ns[0]);
}

/* One pass over the file from offset 0; returns the bytes read and, when
 * sum is not NULL, adds every byte into it (the untimed checking pass). */
static uint64_t pass(int fd, uint64_t *sum)
{
    uint64_t total = 0;
    ssize_t got;
    if (lseek(fd, 0, SEEK_SET) != 0)
        fail("lseek");
    while ((got = read(fd, chunk, CHUNK)) > 0) {
        total += (uint64_t)got;
        for (ssize_t i = 0; sum && i < got; i++)
            *sum = *sum * 31 + (unsigned char)chunk[i];
    }
    if (got < 0)
        fail("read");
    return total;
}

static void file_read(const char *path, unsigned reps)
{
    struct stat st;
    uint64_t sum = 0, total = 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        fail(path);
    if (fstat(fd, &st))
        fail("fstat");
    if (pass(fd, &sum) != (uint64_t)st.st_size) {
        fprintf(stderr, "sysbench: %s: short read\n", path);
        exit(1);
    }
    uint64_t t0 = now_ns();
    for (unsigned r = 0; r < reps; r++)
        total += pass(fd, NULL);
    uint64_t ns = now_ns() - t0;
    if (total != (uint64_t)st.st_size * reps) {
        fprintf(stderr, "sysbench: %s: size changed\n", path);
        exit(1);
    }
    printf("read_bytes %llu\nread_check %016llx\n",
           (unsigned long long)st.st_size, (unsigned long long)sum);
    printf("read_mib_s %.1f\n", (double)total / (1 << 20) / (ns / 1e9));
    close(fd);
}

/* The smallest step of CLOCK_MONOTONIC seen: a guest kernel that fell back
 * to a tick-based clock source (Linux under TCG, when its watchdog declares
 * the TSC unstable) shows here, and its figures are coarse. */
static void clock_step(void)
{
    uint64_t best = UINT64_MAX;
    for (int i = 0; i < 5; i++) {
        uint64_t t0 = now_ns(), t;
        while ((t = now_ns()) == t0)
            ;
        if (t - t0 < best)
            best = t - t0;
    }
    printf("clock_step_ns %llu\n", (unsigned long long)best);
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--exit") == 0) {
        printf("main_ns %llu\n", (unsigned long long)now_ns());
        return 0;
    }
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: sysbench N [FILE [REPS]] | sysbench --exit\n");
        return 2;
    }
    unsigned long n = strtoul(argv[1], NULL, 10);
    unsigned reps = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 10) : 4;
    int fd = open("/dev/null", O_WRONLY);
    if (fd < 0)
        fail("/dev/null");
    printf("calls %lu\n", n);
    clock_step();
    calls("getpid_ns", OP_GETPID, -1, n);
    calls("devnull_write_ns", OP_WRITE, fd, n);
    calls("clock_ns", OP_CLOCK, -1, n);
    close(fd);
    if (argc > 2)
        file_read(argv[2], reps);
    printf("sysbench: done\n");
    return 0;
}

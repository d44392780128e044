/* SPDX-License-Identifier: MIT */
/*
 * t_mem: memory calls. brk, mmap (anonymous, MAP_FIXED inside a mapping
 * of our own, private mapping of /data/hello.txt), munmap, mprotect,
 * mremap, madvise, and their EINVAL/EBADF/EACCES answers. Only what Linux
 * guarantees: fresh anonymous memory and MADV_DONTNEED'd private anonymous
 * pages read as zero, a file mapping's tail past EOF reads as zero, a
 * private mapping's writes never reach the file.
 */
#include "t.h"

#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>

#define PG 4096ul

static int all(const unsigned char *p, size_t n, unsigned char v)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != v)
            return 0;
    return 1;
}

static void heap(void)
{
    /* Raw brk answers the break, or the old one when it cannot move. */
    unsigned long b0 = (unsigned long)syscall(SYS_brk, 0);
    t_true("brk query", b0 != 0);
    unsigned long b1 = (unsigned long)syscall(SYS_brk, b0 + 64 * 1024);
    t_true("brk grow", b1 == b0 + 64 * 1024);
    memset((void *)b0, 0x5a, 64 * 1024);
    t_ok("brk memory writable");
    t_true("brk shrink", (unsigned long)syscall(SYS_brk, b0) == b0);
    unsigned long bad = (unsigned long)syscall(SYS_brk, 1ul << 50);
    t_true("brk refused keeps break", bad == b0);
    char *m = malloc(1 << 20); /* musl serves this with mmap */
    t_true("malloc 1 MiB", m != NULL);
    memset(m, 1, 1 << 20);
    free(m);
}

static void anon(void)
{
    unsigned char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    t_true("mmap anon", p != MAP_FAILED);
    t_true("mmap page aligned", ((uintptr_t)p & (PG - 1)) == 0);
    t_true("anon is zero", all(p, 4 * PG, 0));
    memset(p, 7, 4 * PG);
    void *q = mmap(p + PG, PG, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    t_true("MAP_FIXED same address", q == p + PG);
    t_true("MAP_FIXED page fresh", all(p + PG, PG, 0));
    t_true("neighbours kept", all(p, PG, 7) && all(p + 2 * PG, 2 * PG, 7));
    t_long("madvise DONTNEED", madvise(p + 2 * PG, PG, MADV_DONTNEED), 0);
    t_true("DONTNEED reads zero", all(p + 2 * PG, PG, 0));
    t_long("madvise WILLNEED", madvise(p, PG, MADV_WILLNEED), 0);
    t_err("madvise bad advice", madvise(p, PG, 9999), EINVAL);
    t_err("madvise unaligned", madvise(p + 1, PG, MADV_NORMAL), EINVAL);
    t_long("mprotect read-only", mprotect(p, PG, PROT_READ), 0);
    t_true("still readable", p[0] == 7);
    t_long("mprotect back", mprotect(p, PG, PROT_READ | PROT_WRITE), 0);
    p[0] = 8;
    /* musl's mprotect() rounds the start down itself: raw call. */
    t_err("mprotect unaligned", syscall(SYS_mprotect, p + 1, PG, PROT_READ),
          EINVAL);
    t_err("mprotect bad prot", mprotect(p, PG, 0x1000), EINVAL);
    unsigned char *r = mremap(p, 4 * PG, 8 * PG, MREMAP_MAYMOVE);
    t_true("mremap grow", r != MAP_FAILED);
    if (r == MAP_FAILED)
        return;
    t_true("mremap keeps data", r[0] == 8 && all(r + 3 * PG, PG, 7));
    t_true("mremap new part zero", all(r + 4 * PG, 4 * PG, 0));
    t_true("mremap shrink in place", mremap(r, 8 * PG, 2 * PG, 0) == r);
    t_true("mremap unaligned",
           mremap(r + 1, PG, PG, 0) == MAP_FAILED && errno == EINVAL);
    t_long("munmap", munmap(r, 2 * PG), 0);
    t_long("munmap unmapped is fine", munmap(r, 2 * PG), 0);
    t_err("munmap unaligned", munmap(r + 1, PG), EINVAL);
    t_err("munmap length 0", munmap(r, 0), EINVAL);
}

static void bad_maps(void)
{
    int pr = PROT_READ | PROT_WRITE, fl = MAP_PRIVATE | MAP_ANONYMOUS;
    t_err("mmap length 0", (long)mmap(NULL, 0, pr, fl, -1, 0), EINVAL);
    t_err("mmap no type", (long)mmap(NULL, PG, pr, MAP_ANONYMOUS, -1, 0),
          EINVAL);
    t_err("mmap bad fd", (long)mmap(NULL, PG, pr, MAP_PRIVATE, 999, 0), EBADF);
    int fd = open(t_path("/data/hello.txt"), O_RDONLY);
    t_err("mmap unaligned offset",
          (long)mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 100), EINVAL);
    t_err("MAP_SHARED write on O_RDONLY",
          (long)mmap(NULL, PG, pr, MAP_SHARED, fd, 0), EACCES);
    close(fd);
    t_err("mmap 1 TiB", (long)mmap(NULL, 1ul << 40, pr, fl, -1, 0), ENOMEM);
}

static void file_map(void)
{
    int fd = open(t_path("/data/hello.txt"), O_RDONLY);
    char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    t_true("mmap file private", p != MAP_FAILED);
    if (p == MAP_FAILED)
        return;
    t_true("file contents", !memcmp(p, "hello, world\n", 13));
    t_true("tail past EOF zero", all((unsigned char *)p + 13, PG - 13, 0));
    p[0] = 'J';
    char b[4] = {0};
    t_long("pread after private write", pread(fd, b, 1, 0), 1);
    t_str("file unchanged", b, "h");
    close(fd);
    t_true("mapping outlives close", p[1] == 'e' && p[0] == 'J');
    t_long("munmap file", munmap(p, PG), 0);
}

int main(void)
{
    heap();
    anon();
    bad_maps();
    file_map();
    return t_done("t_mem");
}

/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the life cycle of fs nodes and descriptors: each
 * input is a program of operations (open, close, read, write, truncate,
 * mkdir, unlink, rmdir, rename, symlink, chdir, dup, pipe, getdents, stat
 * ...) over a small set of names in the sample initrd and /tmp, run
 * against the real module. Removing what is open, renaming directories
 * into themselves, and working directories that vanish are where a RAM
 * file system frees too early or leaks; ASan and LeakSanitizer (fs_fini
 * at the end of every input) watch for both, and the harness traps on a
 * result the header does not allow.
 *
 * Input: one byte per opcode, then one byte per argument.
 */
#include "fs/fs.h"
#include "skiff/diag.h"
#include "skiff/errno.h"
#include "tests/unit/cpio_fixture.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {
    "/tmp/a", "/tmp/b",       "/tmp/d", "/tmp/d/x",  "/tmp/d/e", "/tmp/d/e/y",
    "/tmp/l", "/tmp/d/",      "a",      "..",        ".",        "/etc/hello",
    "/etc",   "/lib/libx.so", "/",      "/dev/null",
};
#define NNAMES (sizeof(names) / sizeof(names[0]))

static struct cpio_w cw;
static uint8_t buf[4096];

struct prog {
    const uint8_t *p;
    size_t n;
};

static unsigned arg(struct prog *g)
{
    if (!g->n)
        return 0;
    g->n--;
    return *g->p++;
}

static const char *name(struct prog *g)
{
    return names[arg(g) % NNAMES];
}

static void check(int ok)
{
    if (!ok)
        __builtin_trap();
}

static int count(void *ctx, const struct fs_dirent *e)
{
    (void)e;
    return (*(int *)ctx)-- > 0;
}

static void step(struct prog *g)
{
    unsigned op = arg(g) % 20;
    int fd = (int)(arg(g) % 12), r;
    long k;
    struct fs_stat st;
    switch (op) {
    case 0:
        r = fs_open(FS_AT_FDCWD, name(g),
                    (int)(arg(g) << 6 | arg(g) % 3) & 0x4ffffff, 0644);
        check(r >= -4095 && r < FS_FD_MAX);
        break;
    case 1: fs_close(fd); break;
    case 2:
        k = fs_read(fd, buf, arg(g) * 16);
        check(k <= (long)sizeof(buf));
        break;
    case 3:
        k = fs_write(fd, buf, arg(g) * 16);
        check(k <= (long)sizeof(buf));
        break;
    case 4: fs_ftruncate(fd, arg(g) * 257); break;
    case 5: fs_mkdir_at(FS_AT_FDCWD, name(g), 0755); break;
    case 6: fs_unlink_at(FS_AT_FDCWD, name(g), arg(g) & 1 ? 0x200 : 0); break;
    case 7: {
        const char *a = name(g);
        fs_rename_at(FS_AT_FDCWD, a, FS_AT_FDCWD, name(g), arg(g) & 1);
        break;
    }
    case 8: {
        const char *t = name(g);
        fs_symlink_at(t, FS_AT_FDCWD, name(g));
        break;
    }
    case 9: fs_chdir(name(g)); break;
    case 10: fs_fchdir(fd); break;
    case 11: fs_dup(fd, (int)arg(g) % 16, 0); break;
    case 12: fs_dup3(fd, (int)arg(g) % 16, 1); break;
    case 13: {
        int p[2];
        if (fs_pipe(p, 0) == 0)
            check(p[0] != p[1]);
        break;
    }
    case 14: {
        int room = (int)arg(g) % 8;
        fs_getdents(fd, count, &room);
        break;
    }
    case 15:
        if (fs_stat_at(FS_AT_FDCWD, name(g), 0, &st) == 0)
            check((st.mode & FS_S_IFMT) != FS_S_IFLNK);
        break;
    case 16:
        k = fs_readlink_at(FS_AT_FDCWD, name(g), (char *)buf, arg(g) + 1);
        check(k <= 256);
        break;
    case 17:
        k = fs_getcwd((char *)buf, arg(g) + 1);
        check(k < 0 || (k > 0 && buf[k - 1] == '\0'));
        break;
    case 18: fs_lseek(fd, (int64_t)arg(g) - 64, (int)arg(g) % 6); break;
    default:
        k = fs_pwrite(fd, buf, arg(g), arg(g) * 1000);
        check(k <= 255);
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diag d;
    if (!cw.len)
        cpio_sample(&cw);
    memset(buf, 'z', sizeof(buf));
    check(fs_init(NULL, cw.buf, cw.len, &d) == 0);
    struct prog g = {data, size};
    while (g.n)
        step(&g);
    fs_fini();
    return 0;
}

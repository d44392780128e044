/* SPDX-License-Identifier: MIT */
/* The fs tests' shared fixture: see fs_fixture.h. */
#include "tests/unit/fs_fixture.h"
#include "skiff/errno.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

struct cpio_w cw;
struct diag dg;
char out[256];
size_t out_len;
const char *in_text;

uint64_t clock_ns(void)
{
    return 1234567890123456789ull;
}

static void fill_random(void *buf, size_t n)
{
    memset(buf, 0xa5, n);
}

static long con_write(const void *buf, size_t n)
{
    size_t k = n < sizeof(out) - out_len ? n : sizeof(out) - out_len;
    memcpy(out + out_len, buf, k);
    out_len += k;
    return (long)n;
}

static long con_read(void *buf, size_t n)
{
    size_t k = strlen(in_text);
    k = k < n ? k : n;
    memcpy(buf, in_text, k);
    in_text += k;
    return (long)k;
}

const struct fs_host host = {clock_ns, fill_random, con_write, con_read};

int setup_sample(void **state)
{
    (void)state;
    cpio_sample(&cw);
    dg.msg[0] = '\0';
    out_len = 0;
    in_text = "";
    assert_int_equal(fs_init(&host, cw.buf, cw.len, &dg), 0);
    return 0;
}

int teardown(void **state)
{
    (void)state;
    fs_fini();
    return 0;
}

long slurp(const char *path, char *buf, size_t n)
{
    int fd = fs_open(FS_AT_FDCWD, path, FS_O_RDONLY, 0);
    if (fd < 0)
        return fd;
    long r = fs_read(fd, buf, n - 1);
    fs_close(fd);
    if (r >= 0)
        buf[r] = '\0';
    return r;
}

uint32_t mode_of(const char *path, int flags)
{
    struct fs_stat st;
    int r = fs_stat_at(FS_AT_FDCWD, path, flags, &st);
    return r ? 0 : st.mode;
}

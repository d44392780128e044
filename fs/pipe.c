/* SPDX-License-Identifier: MIT */
/*
 * fs pipes: a FS_PIPE_SIZE-byte ring shared by a read end and a write end.
 * Skiff runs one thread, so nothing can change a pipe while a call waits
 * on it: instead of blocking, an empty pipe with a writer left answers
 * -EAGAIN (with or without O_NONBLOCK), and a full one takes what fits.
 * A write with no reader left is -EPIPE (there are no signals).
 */
#include "fs/fs_int.h"
#include "kernel/mm/heap.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

int fs_pipe(int fds[2], int flags)
{
    if (flags & ~(FS_O_CLOEXEC | FS_O_NONBLOCK))
        return -EINVAL;
    struct fs_pipe *p = kcalloc(1, sizeof(*p));
    struct fs_file *r = fs_file_new(NULL, FS_O_RDONLY | flags);
    struct fs_file *w = fs_file_new(NULL, FS_O_WRONLY | flags);
    uint8_t *buf = kmalloc(FS_PIPE_SIZE);
    if (!p || !r || !w || !buf) {
        kfree(p), kfree(r), kfree(w), kfree(buf);
        return -ENOMEM;
    }
    p->buf = buf;
    p->readers = p->writers = 1;
    r->pipe = w->pipe = p;
    w->pipe_write = 1;
    int cloexec = flags & FS_O_CLOEXEC;
    fds[0] = fs_fd_install(r, 0, cloexec);
    fds[1] = fds[0] < 0 ? -1 : fs_fd_install(w, 0, cloexec);
    if (fds[1] < 0) {
        int err = fds[0] < 0 ? fds[0] : fds[1];
        if (fds[0] >= 0)
            fs_close(fds[0]);
        else
            fs_file_put((r->refs = 1, r));
        w->refs = 1;
        fs_file_put(w);
        return err;
    }
    return 0;
}

long fs_pipe_read(struct fs_file *f, void *buf, size_t n)
{
    struct fs_pipe *p = f->pipe;
    if (n == 0)
        return 0;
    if (p->len == 0)
        return p->writers ? -EAGAIN : 0;
    size_t got = 0;
    while (got < n && p->len) {
        size_t run = FS_PIPE_SIZE - p->head;
        if (run > p->len)
            run = p->len;
        if (run > n - got)
            run = n - got;
        memcpy((uint8_t *)buf + got, p->buf + p->head, run);
        p->head = (p->head + run) % FS_PIPE_SIZE;
        p->len -= run;
        got += run;
    }
    return (long)got;
}

long fs_pipe_write(struct fs_file *f, const void *buf, size_t n)
{
    struct fs_pipe *p = f->pipe;
    if (!p->readers)
        return -EPIPE;
    if (n == 0)
        return 0;
    size_t room = FS_PIPE_SIZE - p->len;
    if (room == 0 || (n <= FS_PIPE_ATOMIC && n > room))
        return -EAGAIN; /* small writes are atomic (POSIX PIPE_BUF) */
    size_t put = 0;
    while (put < n && p->len < FS_PIPE_SIZE) {
        size_t tail = (p->head + p->len) % FS_PIPE_SIZE;
        size_t run;
        if (tail < p->head)
            run = p->head - tail;
        else
            run = FS_PIPE_SIZE - tail;
        if (run > n - put)
            run = n - put;
        memcpy(p->buf + tail, (const uint8_t *)buf + put, run);
        p->len += run;
        put += run;
    }
    return (long)put;
}

void fs_pipe_close(struct fs_file *f)
{
    struct fs_pipe *p = f->pipe;
    if (f->pipe_write)
        p->writers--;
    else
        p->readers--;
    f->pipe = NULL;
    if (!p->readers && !p->writers) {
        kfree(p->buf);
        kfree(p);
    }
}

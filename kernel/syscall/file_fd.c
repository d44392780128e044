/* SPDX-License-Identifier: MIT */
/*
 * File system calls, part 2: the descriptor table (dup*, fcntl, pipe*) and
 * ioctl. The console answers the two terminal ioctls every C library asks
 * at start-up (isatty's TCGETS, and TIOCGWINSZ) with a fixed 80x24
 * terminal in cooked mode; settings it is given are accepted and ignored.
 */
#include "fs/fs.h"
#include "kernel/syscall/file.h"
#include "kernel/syscall/uaccess.h"
#include "skiff/errno.h"

#define F_DUPFD         0
#define F_GETFD         1
#define F_SETFD         2
#define F_GETFL         3
#define F_SETFL         4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC      1

#define TCGETS     0x5401
#define TCSETS     0x5402
#define TCSETSW    0x5403
#define TCSETSF    0x5404
#define TIOCGPGRP  0x540f
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD   0x541b
#define FIONBIO    0x5421
#define FIONCLEX   0x5450
#define FIOCLEX    0x5451

struct termios_l { /* the kernel's struct termios (asm-generic/termbits.h) */
    uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
    uint8_t c_line, c_cc[19];
};
_Static_assert(sizeof(struct termios_l) == 36, "struct termios");

struct winsize_l {
    uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

long sys_dup(long fd, long a1, long a2, long a3, long a4, long a5)
{
    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    return fs_dup((int)fd, 0, 0);
}

long sys_dup2(long fd, long to, long a2, long a3, long a4, long a5)
{
    (void)a2, (void)a3, (void)a4, (void)a5;
    if (fd == to)
        return fs_get_flags((int)fd) < 0 ? -EBADF : fd;
    return fs_dup3((int)fd, (int)to, 0);
}

long sys_dup3(long fd, long to, long flags, long a3, long a4, long a5)
{
    (void)a3, (void)a4, (void)a5;
    if (flags & ~(long)FS_O_CLOEXEC)
        return -EINVAL;
    if (fd == to)
        return -EINVAL;
    return fs_dup3((int)fd, (int)to, flags != 0);
}

long sys_fcntl(long fd, long cmd, long arg, long a3, long a4, long a5)
{
    (void)a3, (void)a4, (void)a5;
    int r = fs_get_flags((int)fd);
    if (r < 0)
        return -EBADF;
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
        if (arg < 0 || arg >= FS_FD_MAX)
            return -EINVAL;
        return fs_dup((int)fd, (int)arg, cmd == F_DUPFD_CLOEXEC);
    case F_GETFD: return fs_get_cloexec((int)fd) ? FD_CLOEXEC : 0;
    case F_SETFD: return fs_set_cloexec((int)fd, (arg & FD_CLOEXEC) != 0);
    case F_GETFL: return r;
    case F_SETFL: return fs_set_flags((int)fd, (int)arg);
    default: return -EINVAL;
    }
}

long sys_pipe2(long fds, long flags, long a2, long a3, long a4, long a5)
{
    (void)a2, (void)a3, (void)a4, (void)a5;
    int k[2];
    if (!uaccess_ok((uint64_t)fds, sizeof(k), 1))
        return -EFAULT;
    int r = fs_pipe(k, (int)flags);
    if (r)
        return r;
    if (uaccess_to((uint64_t)fds, k, sizeof(k))) {
        fs_close(k[0]);
        fs_close(k[1]);
        return -EFAULT;
    }
    return 0;
}

long sys_pipe(long fds, long a1, long a2, long a3, long a4, long a5)
{
    (void)a1;
    return sys_pipe2(fds, 0, a2, a3, a4, a5);
}

static long tty_ioctl(long req, long arg)
{
    static const struct termios_l t = {
        .c_iflag = 02400,   /* ICRNL | IXON */
        .c_oflag = 05,      /* OPOST | ONLCR */
        .c_cflag = 02277,   /* B38400 | CS8 | CREAD | HUPCL */
        .c_lflag = 0105073, /* ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE
                               IEXTEN */
        .c_cc = {3, 034, 0177, 025, 4, 0, 1, 0, 021, 023, 032, 0, 022, 017, 027,
                 026},
    };
    static const struct winsize_l ws = {24, 80, 0, 0};
    int zero = 0;
    switch (req) {
    case TCGETS: return uaccess_to((uint64_t)arg, &t, sizeof(t));
    case TCSETS:
    case TCSETSW:
    case TCSETSF:
    case TIOCSWINSZ: return uaccess_ok((uint64_t)arg, 1, 0) ? 0 : -EFAULT;
    case TIOCGWINSZ: return uaccess_to((uint64_t)arg, &ws, sizeof(ws));
    case TIOCGPGRP: return uaccess_to((uint64_t)arg, &zero, sizeof(zero));
    default: return -ENOTTY;
    }
}

long sys_ioctl(long fd, long req, long arg, long a3, long a4, long a5)
{
    (void)a3, (void)a4, (void)a5;
    int tty = fs_isatty((int)fd);
    if (tty < 0)
        return tty;
    unsigned r = (unsigned)req; /* the command is an unsigned int */
    if (r == FIOCLEX || r == FIONCLEX)
        return fs_set_cloexec((int)fd, r == FIOCLEX);
    if (r == FIONBIO) {
        int on;
        if (uaccess_from(&on, (uint64_t)arg, sizeof(on)))
            return -EFAULT;
        int fl = fs_get_flags((int)fd);
        return fs_set_flags((int)fd,
                            on ? fl | FS_O_NONBLOCK : fl & ~FS_O_NONBLOCK);
    }
    if (r == FIONREAD) {
        long k = fs_nread((int)fd);
        int v = (int)k;
        if (k < 0)
            return k;
        return uaccess_to((uint64_t)arg, &v, sizeof(v));
    }
    return tty ? tty_ioctl(r, arg) : -ENOTTY;
}

/* SPDX-License-Identifier: MIT */
/*
 * fs: Skiff's file system, one in-memory tree with four kinds of subtree:
 *   /      the initrd (cpio "newc"), read-only, file data used in place;
 *   /tmp   a writable RAM file system (ramfs);
 *   /dev   null, zero, full, urandom, random, console, tty, stdin, stdout,
 *          stderr (opening these dups fd 0, 1, 2) and the devices the
 *          kernel registers with fs_dev_add (virtio-blk: vda, vdb ...);
 *   /proc  only /proc/self/exe, a symlink to the application (fs_set_exe).
 * The mounts hide whatever the archive holds at /tmp, /dev and /proc.
 *
 * On top sits the table of file descriptors (FS_FD_MAX of them) of the one
 * application. Every call takes kernel pointers: the system-call layer
 * (kernel/syscall/file*.c) checks user memory first. Every call returns 0
 * or a count, or a negated Linux errno; flags and modes are Linux x86_64
 * values. Single-threaded: the caller serialises all calls. The kernel
 * reaches the module only through this header; the module reaches the
 * kernel only through struct fs_host and the heap.
 */
#ifndef SKIFF_FS_H
#define SKIFF_FS_H
#include <stddef.h>
#include <stdint.h>

struct diag;

#define FS_FD_MAX       256   /* descriptors 0 .. 255; more gives -EMFILE */
#define FS_PATH_MAX     4096  /* with the NUL, like Linux PATH_MAX */
#define FS_NAME_MAX     255   /* one path component */
#define FS_LINK_MAX     40    /* symlinks followed in one lookup, then -ELOOP */
#define FS_PIPE_SIZE    65536 /* bytes a pipe holds, as Linux by default */
#define FS_PIPE_ATOMIC  4096  /* PIPE_BUF: writes up to this go whole or not */
#define FS_FILE_MAX     (1ull << 32) /* largest /tmp file; beyond is -EFBIG */
#define FS_DEV_MAX      32           /* devices fs_dev_add can register */
#define FS_DEV_NAME_MAX 31

/* open(2) flags, Linux values (asm-generic/fcntl.h). */
#define FS_O_ACCMODE   03
#define FS_O_RDONLY    00
#define FS_O_WRONLY    01
#define FS_O_RDWR      02
#define FS_O_CREAT     0100
#define FS_O_EXCL      0200
#define FS_O_NOCTTY    0400
#define FS_O_TRUNC     01000
#define FS_O_APPEND    02000
#define FS_O_NONBLOCK  04000
#define FS_O_DIRECTORY 0200000
#define FS_O_NOFOLLOW  0400000
#define FS_O_CLOEXEC   02000000
#define FS_O_PATH      010000000
#define FS_O_TMPFILE   020200000 /* __O_TMPFILE | O_DIRECTORY */

/* *at() conventions (linux/fcntl.h). */
#define FS_AT_FDCWD            (-100)
#define FS_AT_SYMLINK_NOFOLLOW 0x100
#define FS_AT_REMOVEDIR        0x200
#define FS_AT_EACCESS          0x200
#define FS_AT_EMPTY_PATH       0x1000
#define FS_RENAME_NOREPLACE    1

/* File types and permission bits of st_mode (linux/stat.h). */
#define FS_S_IFMT   0170000
#define FS_S_IFSOCK 0140000
#define FS_S_IFLNK  0120000
#define FS_S_IFREG  0100000
#define FS_S_IFBLK  0060000
#define FS_S_IFDIR  0040000
#define FS_S_IFCHR  0020000
#define FS_S_IFIFO  0010000

#define FS_SEEK_SET  0
#define FS_SEEK_CUR  1
#define FS_SEEK_END  2
#define FS_SEEK_DATA 3
#define FS_SEEK_HOLE 4

/* access(2) modes. */
#define FS_F_OK 0
#define FS_X_OK 1
#define FS_W_OK 2
#define FS_R_OK 4

/* Services the kernel lends the module. Any member may be NULL: then the
 * clock reads 0, /dev/urandom fails with -EIO, console writes are
 * swallowed and console reads see end of input. */
struct fs_host {
    uint64_t (*now_ns)(void);            /* CLOCK_REALTIME, for ramfs times */
    void (*random)(void *buf, size_t n); /* /dev/urandom and /dev/random */
    long (*console_write)(const void *buf, size_t n); /* bytes or -errno */
    long (*console_read)(void *buf, size_t n); /* bytes, 0 = end of input */
};

/* A device node. Byte granularity: block devices take reads and writes at
 * any offset (the kernel's glue deals in sectors). read/write return a
 * count or -errno; a NULL member gives -EINVAL. */
struct fs_dev_ops {
    long (*read)(void *ctx, void *buf, size_t n, uint64_t off);
    long (*write)(void *ctx, const void *buf, size_t n, uint64_t off);
    uint64_t (*size)(void *ctx); /* bytes; block devices only */
    int block; /* 1: block device (seekable, has a size); 0: character */
};

/* What stat(2) reports, in kernel form; times in ns since the epoch.
 * dev: 1 the initrd, 2 /tmp, 3 /dev, 4 /proc, 5 pipes. uid, gid: 0. */
struct fs_stat {
    uint64_t dev, ino, nlink, rdev, size, blocks;
    uint32_t mode, blksize;
    uint64_t atime_ns, mtime_ns, ctime_ns;
};

/* One directory entry for fs_getdents's callback. */
struct fs_dirent {
    uint64_t ino;
    uint64_t next; /* position after this entry (d_off) */
    uint8_t type;  /* DT_* value: S_IFMT >> 12 */
    const char *name;
};

/* Returns 1 when the entry was used, 0 to stop before it (buffer full). */
typedef int (*fs_dirent_fn)(void *ctx, const struct fs_dirent *e);

/* fs.c: setup. */

/* Build the tree: the cpio archive (initrd, len) read-only at / (an empty
 * root when len is 0), ramfs at /tmp, devfs at /dev, /proc/self/exe; open
 * fds 0, 1 and 2 on /dev/console. (h) and the initrd must outlive the file
 * system; file data is used in place. Calling it again first tears the old
 * tree down. Returns 0; -EINVAL for a corrupt archive, with (d) naming the
 * entry's byte offset and the reason (see fs/cpio.c for the rules);
 * -ENOMEM. */
int fs_init(const struct fs_host *h, const void *initrd, size_t len,
            struct diag *d);
/* Free everything fs_init made and close every descriptor (tests, fuzz). */
void fs_fini(void);
/* Register /dev/<name> (ops and ctx must outlive it). Allowed before
 * fs_init: the registration lasts, and every fs_init puts the device in
 * its /dev. Returns 0, -EEXIST (a built-in or registered name), -EINVAL
 * (NULL ops, empty name, '/', "." or "..", longer than FS_DEV_NAME_MAX),
 * -ENOSPC (FS_DEV_MAX devices already), -ENOMEM. */
int fs_dev_add(const char *name, const struct fs_dev_ops *ops, void *ctx);
/* Drop every registration (tests); /dev nodes already made stay. */
void fs_dev_forget(void);
/* The target of /proc/self/exe, after fs_init (copied; at most
 * FS_PATH_MAX - 1 bytes). Until then it reads "/". */
void fs_set_exe(const char *path);

/* Whole contents of the regular file at (path), following symlinks, for
 * the ELF loader. The memory stays valid until the file is written,
 * truncated or removed. Returns 0, -ENOENT, -ENOTDIR, -ELOOP, -EISDIR,
 * -EACCES (not a regular file). */
int fs_map_file(const char *path, const void **data, size_t *len);

/* fd.c, io.c, pipe.c, dir.c: descriptors. */

/* open(2) from (dirfd). Creating, writing or truncating outside /tmp is
 * -EROFS; O_TMPFILE is -EOPNOTSUPP; O_PATH gives a descriptor only for
 * fstat, fchdir, dup, fcntl and *at() lookups. Returns the lowest free
 * descriptor or -EMFILE, -ENOENT, -ENOTDIR, -EISDIR, -EEXIST, -ELOOP,
 * -ENAMETOOLONG, -EINVAL (O_ACCMODE both bits), -EBADF (dirfd). */
int fs_open(int dirfd, const char *path, int flags, unsigned mode);
/* openat2(2)'s path resolution rules (linux/openat2.h). */
#define FS_RESOLVE_NO_XDEV       0x01 /* crossing /tmp, /dev, /proc: -EXDEV */
#define FS_RESOLVE_NO_MAGICLINKS 0x02 /* following /proc/self/exe: -ELOOP */
#define FS_RESOLVE_NO_SYMLINKS   0x04 /* following any symlink: -ELOOP */
#define FS_RESOLVE_BENEATH       0x08 /* leaving (dirfd): -EXDEV */
#define FS_RESOLVE_IN_ROOT       0x10 /* (dirfd) is "/" for the lookup */
#define FS_RESOLVE_CACHED        0x20 /* no-op: every lookup is in memory */
/* fs_open under those rules (resolve). A symlink that is only the final
 * component and is not followed (O_NOFOLLOW, O_PATH) breaks no rule. With
 * BENEATH, an absolute path, a ".." above (dirfd), an absolute symlink or
 * a relative one that climbs out is -EXDEV, as is any magic link (unless
 * NO_MAGICLINKS: -ELOOP). With IN_ROOT, absolute paths and symlinks start
 * at (dirfd) and ".." stops there. BENEATH and IN_ROOT together are
 * -EINVAL; checking the flags themselves is the system call's job. */
int fs_openat2(int dirfd, const char *path, int flags, unsigned mode,
               unsigned resolve);
int fs_close(int fd);
long fs_read(int fd, void *buf, size_t n);
long fs_write(int fd, const void *buf, size_t n);
long fs_pread(int fd, void *buf, size_t n, int64_t off);
long fs_pwrite(int fd, const void *buf, size_t n, int64_t off);
int64_t fs_lseek(int fd, int64_t off, int whence);
/* Copy of (fd) at the lowest free number >= min (F_DUPFD), or at exactly
 * (to) with fs_dup3 (which closes what was there). */
int fs_dup(int fd, int min, int cloexec);
int fs_dup3(int fd, int to, int cloexec);
int fs_get_cloexec(int fd);
int fs_set_cloexec(int fd, int on);
int fs_get_flags(int fd);            /* O_ACCMODE, O_APPEND, O_NONBLOCK ... */
int fs_set_flags(int fd, int flags); /* only O_APPEND and O_NONBLOCK change */
/* Two fds: [0] reads, [1] writes. flags: O_CLOEXEC, O_NONBLOCK. A read of
 * an empty pipe returns 0 once no writer is left, else -EAGAIN (blocking
 * cannot end: nothing else runs). A write with no reader is -EPIPE; a full
 * pipe takes what fits, -EAGAIN when nothing fits or when a write of at
 * most FS_PIPE_ATOMIC bytes does not fit whole. */
int fs_pipe(int fds[2], int flags);
int fs_fstat(int fd, struct fs_stat *st);
int fs_ftruncate(int fd, uint64_t len);
/* 1 when (fd) is the console (/dev/console or /dev/tty), 0 otherwise,
 * -EBADF (also for O_PATH descriptors). */
int fs_isatty(int fd);
/* Bytes a read would return now (FIONREAD), or -errno. */
long fs_nread(int fd);
/* Feed the entries from the fd's position to (fn) until it says stop;
 * returns the number used, or -ENOTDIR/-EBADF. */
long fs_getdents(int fd, fs_dirent_fn fn, void *ctx);

/* For mmap: read into kernel memory at (off) without moving the offset;
 * check a mapping of (fd): 0, -EBADF, -EACCES (fd not readable, or shared
 * writable mapping of an fd not open for writing), -ENODEV (not a regular
 * file). */
long fs_fd_pread(int fd, void *kbuf, size_t n, uint64_t off);
int fs_fd_check_mmap(int fd, int prot_write, int shared);

/* ns.c, dir.c: names. (dirfd) is FS_AT_FDCWD or a directory fd; (flags)
 * are the FS_AT_* flags the matching system call takes. Only /tmp changes
 * (-EROFS elsewhere; -EXDEV for a rename between /tmp and elsewhere).
 * Errors and their order follow Linux's (tests/unit/test_fs_linux.c runs
 * the same calls on the host kernel and compares). */
int fs_stat_at(int dirfd, const char *path, int flags, struct fs_stat *st);
int fs_access_at(int dirfd, const char *path, int mode, int flags);
long fs_readlink_at(int dirfd, const char *path, char *buf, size_t n);
int fs_mkdir_at(int dirfd, const char *path, unsigned mode);
int fs_unlink_at(int dirfd, const char *path, int flags);
int fs_rename_at(int olddir, const char *oldp, int newdir, const char *newp,
                 unsigned flags);
int fs_symlink_at(const char *target, int dirfd, const char *path);
int fs_truncate(const char *path, uint64_t len);
/* Permission bits of a /tmp node (-EROFS elsewhere); flags: AT_EMPTY_PATH
 * (the fd itself), AT_SYMLINK_NOFOLLOW (a symlink: -EOPNOTSUPP). */
int fs_chmod_at(int dirfd, const char *path, unsigned mode, int flags);
/* Access and modification times of a /tmp node (-EROFS elsewhere).
 * (ts): {atime s, ns, mtime s, ns}, an ns of FS_UTIME_NOW or FS_UTIME_OMIT
 * as utimensat(2); NULL sets both to now. -EINVAL for a bad ns or flag. */
#define FS_UTIME_NOW  ((1l << 30) - 1)
#define FS_UTIME_OMIT ((1l << 30) - 2)
int fs_utimens_at(int dirfd, const char *path, const int64_t *ts, int flags);
/* The working directory: getcwd writes the path and its NUL into buf[n]
 * and returns the length with the NUL, -ERANGE when it does not fit. */
long fs_getcwd(char *buf, size_t n);
int fs_chdir(const char *path);
int fs_fchdir(int fd);
unsigned fs_umask(unsigned mask); /* returns the old mask */

#endif

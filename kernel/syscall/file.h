/* SPDX-License-Identifier: MIT */
/*
 * The file system calls (file.c, file_stat.c, file_dir.c): Linux x86_64
 * semantics over the fs module. Each sys_<call> takes the raw register
 * values; user pointers are checked through uaccess.h before fs sees them
 * (a bad one is -EFAULT). Declared here for the table in file.c and for the
 * host tests, which call them directly.
 */
#ifndef SKIFF_SYS_FILE_H
#define SKIFF_SYS_FILE_H
#include <stdint.h>

#define SYS_IOV_MAX 1024 /* UIO_MAXIOV */

/* Copy the path at user address (uptr) into one of two static buffers
 * (slot 0 or 1; the calls run one at a time). Returns 0 and (*out), or
 * -EFAULT, -ENAMETOOLONG. */
int sys_file_path(int slot, long uptr, const char **out);

/* file.c: descriptors and data. */
long sys_read(long fd, long buf, long n, long a3, long a4, long a5);
long sys_write(long fd, long buf, long n, long a3, long a4, long a5);
long sys_readv(long fd, long iov, long cnt, long a3, long a4, long a5);
long sys_writev(long fd, long iov, long cnt, long a3, long a4, long a5);
long sys_preadv(long fd, long iov, long cnt, long lo, long hi, long a5);
long sys_pwritev(long fd, long iov, long cnt, long lo, long hi, long a5);
long sys_pread64(long fd, long buf, long n, long off, long a4, long a5);
long sys_pwrite64(long fd, long buf, long n, long off, long a4, long a5);
long sys_lseek(long fd, long off, long whence, long a3, long a4, long a5);
long sys_close(long fd, long a1, long a2, long a3, long a4, long a5);
long sys_dup(long fd, long a1, long a2, long a3, long a4, long a5);
long sys_dup2(long fd, long to, long a2, long a3, long a4, long a5);
long sys_dup3(long fd, long to, long flags, long a3, long a4, long a5);
long sys_fcntl(long fd, long cmd, long arg, long a3, long a4, long a5);
long sys_pipe(long fds, long a1, long a2, long a3, long a4, long a5);
long sys_pipe2(long fds, long flags, long a2, long a3, long a4, long a5);
long sys_ioctl(long fd, long req, long arg, long a3, long a4, long a5);
long sys_fsync(long fd, long a1, long a2, long a3, long a4, long a5);
long sys_fdatasync(long fd, long a1, long a2, long a3, long a4, long a5);
long sys_ftruncate(long fd, long len, long a2, long a3, long a4, long a5);
long sys_truncate(long path, long len, long a2, long a3, long a4, long a5);
long sys_sendfile(long out, long in, long offp, long n, long a4, long a5);

/* file_stat.c: inspecting names. */
long sys_stat(long path, long st, long a2, long a3, long a4, long a5);
long sys_fstat(long fd, long st, long a2, long a3, long a4, long a5);
long sys_lstat(long path, long st, long a2, long a3, long a4, long a5);
long sys_newfstatat(long dfd, long path, long st, long flags, long a4, long a5);
long sys_statx(long dfd, long path, long flags, long mask, long stx, long a5);
long sys_access(long path, long mode, long a2, long a3, long a4, long a5);
long sys_faccessat(long dfd, long path, long mode, long a3, long a4, long a5);
long sys_faccessat2(long dfd, long path, long mode, long flags, long a4,
                    long a5);
long sys_readlink(long path, long buf, long n, long a3, long a4, long a5);
long sys_readlinkat(long dfd, long path, long buf, long n, long a4, long a5);
long sys_chmod(long path, long mode, long a2, long a3, long a4, long a5);
long sys_fchmod(long fd, long mode, long a2, long a3, long a4, long a5);
long sys_fchmodat(long dfd, long path, long mode, long a3, long a4, long a5);
long sys_utimensat(long dfd, long path, long times, long flags, long a4,
                   long a5);

/* file_dir.c: opening and changing names, directories. */
long sys_open(long path, long flags, long mode, long a3, long a4, long a5);
long sys_openat(long dfd, long path, long flags, long mode, long a4, long a5);
long sys_openat2(long dfd, long path, long how, long size, long a4, long a5);
long sys_creat(long path, long mode, long a2, long a3, long a4, long a5);
long sys_getdents64(long fd, long dirp, long n, long a3, long a4, long a5);
long sys_getcwd(long buf, long n, long a2, long a3, long a4, long a5);
long sys_chdir(long path, long a1, long a2, long a3, long a4, long a5);
long sys_fchdir(long fd, long a1, long a2, long a3, long a4, long a5);
long sys_mkdir(long path, long mode, long a2, long a3, long a4, long a5);
long sys_mkdirat(long dfd, long path, long mode, long a3, long a4, long a5);
long sys_rmdir(long path, long a1, long a2, long a3, long a4, long a5);
long sys_unlink(long path, long a1, long a2, long a3, long a4, long a5);
long sys_unlinkat(long dfd, long path, long flags, long a3, long a4, long a5);
long sys_rename(long oldp, long newp, long a2, long a3, long a4, long a5);
long sys_renameat(long od, long oldp, long nd, long newp, long a4, long a5);
long sys_renameat2(long od, long oldp, long nd, long newp, long flags, long a5);
long sys_symlink(long target, long path, long a2, long a3, long a4, long a5);
long sys_symlinkat(long target, long dfd, long path, long a3, long a4, long a5);
long sys_umask(long mask, long a1, long a2, long a3, long a4, long a5);

#endif

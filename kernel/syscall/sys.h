/* SPDX-License-Identifier: MIT */
/*
 * sys: the Linux x86_64 system-call layer. The application's `syscall`
 * instruction lands in arch/x86_64 (syscall.S), which calls sys_dispatch
 * with Linux's register convention: number in rax, arguments in rdi, rsi,
 * rdx, r10, r8, r9. Every call returns a Linux value: >= 0, or a negated
 * errno from skiff/errno.h. Each group of calls (file.c, mem.c, proc.c ...)
 * exports one table; sys_dispatch indexes them by number.
 */
#ifndef SKIFF_SYS_H
#define SKIFF_SYS_H
#include <stdint.h>

typedef long (*sys_fn)(long a0, long a1, long a2, long a3, long a4, long a5);

struct sys_call {
    unsigned nr;      /* Linux x86_64 system-call number */
    const char *name; /* for the "unimplemented" log line and traces */
    sys_fn fn;
};

/* One table per group, ended by an entry with fn == 0. */
extern const struct sys_call sys_file_calls[];
extern const struct sys_call sys_mem_calls[];
extern const struct sys_call sys_proc_calls[];
extern const struct sys_call sys_signal_calls[];
extern const struct sys_call sys_poll_calls[];

/* Run call (nr). Unknown and unimplemented numbers return -ENOSYS and log
 * their name (from sys_names) and number once. */
long sys_dispatch(long nr, long a0, long a1, long a2, long a3, long a4,
                  long a5);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * sys_dispatch: one array of handlers by number, filled on first use from
 * the groups' tables; unknown numbers get -ENOSYS and one log line each.
 */
#include "kernel/log.h"
#include "kernel/syscall/names.h"
#include "kernel/syscall/sys.h"
#include "skiff/errno.h"

#ifndef SKIFF_HOSTED
#include "arch/x86_64/user.h"
#endif

static sys_fn table[SYS_NAMES_MAX];
static uint8_t warned[SYS_NAMES_MAX / 8];
static int ready;

static void fill(const struct sys_call *c)
{
    for (; c->fn; c++) {
        if (c->nr < SYS_NAMES_MAX)
            table[c->nr] = c->fn;
    }
}

long sys_dispatch(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
    if (!ready) {
        fill(sys_file_calls);
        fill(sys_mem_calls);
        fill(sys_proc_calls);
        fill(sys_signal_calls);
        fill(sys_poll_calls);
        ready = 1;
    }
    if (nr >= 0 && nr < SYS_NAMES_MAX && table[nr])
        return table[nr](a0, a1, a2, a3, a4, a5);
    if (nr < 0 || nr >= SYS_NAMES_MAX) {
        log_warn("sys: system call %ld does not exist: -ENOSYS\n", nr);
    } else if (!(warned[nr / 8] & (1u << (nr % 8)))) {
        warned[nr / 8] |= (uint8_t)(1u << (nr % 8));
        log_warn("sys: %s (%ld) is not implemented: -ENOSYS\n",
                 sys_names[nr] ? sys_names[nr] : "unassigned", nr);
    }
    return -ENOSYS;
}

#ifndef SKIFF_HOSTED
void sys_entry(struct user_regs *r)
{
    r->rax = (uint64_t)sys_dispatch((long)r->rax, (long)r->rdi, (long)r->rsi,
                                    (long)r->rdx, (long)r->r10, (long)r->r8,
                                    (long)r->r9);
}
#endif

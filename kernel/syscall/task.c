/* SPDX-License-Identifier: MIT */
/*
 * task: the kernel side of the application's process: its memory map's
 * operations on real frames and page tables, its end (exit, fatal signal,
 * fault), and the fault report.
 */
#include "kernel/syscall/task.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/user.h"
#include "fs/fs.h"
#include "kernel/kernel.h"
#include "kernel/log.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/kmem.h"
#include "kernel/time.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

#define MAX_REGIONS 4096

static int o_claim(void *c, uint64_t base, uint64_t n)
{
    (void)c;
    return pmm_claim(&kpmm, base, n);
}

static int o_alloc(void *c, uint64_t n, uint64_t *base)
{
    (void)c;
    return pmm_alloc_top(&kpmm, n, 0, 0, base);
}

static void o_free(void *c, uint64_t base, uint64_t n)
{
    (void)c;
    pmm_free(&kpmm, base, n);
}

static int o_protect(void *c, uint64_t va, uint64_t len, int prot)
{
    (void)c;
    unsigned p = 0; /* -1 and PROT_NONE: the kernel's page again */
    if (prot > 0)
        p = PAGING_USER | (prot & UMEM_PROT_WRITE ? PAGING_WRITE : 0) |
            (prot & UMEM_PROT_EXEC ? PAGING_EXEC : 0);
    return paging_set_user(va, len, p);
}

static void o_zero(void *c, uint64_t va, uint64_t len)
{
    (void)c;
    memset((void *)(uintptr_t)va, 0, len);
}

static void o_copy(void *c, uint64_t d, uint64_t s, uint64_t len)
{
    (void)c;
    memmove((void *)(uintptr_t)d, (const void *)(uintptr_t)s, len);
}

static int o_fill(void *c, int fd, uint64_t va, uint64_t len, uint64_t off)
{
    (void)c;
    long n = fs_fd_pread(fd, (void *)(uintptr_t)va, len, off);
    return n < 0 ? (int)n : 0; /* the rest stays zero */
}

static int o_check(void *c, int fd, int prot_write, int shared)
{
    (void)c;
    return fs_fd_check_mmap(fd, prot_write, shared);
}

static const struct umem_ops ops = {
    o_claim, o_alloc, o_free, o_protect, o_zero, o_copy, o_fill, o_check, 0};

int task_init(uint64_t stack_limit)
{
    static struct umem_region *regions;
    if (!regions)
        regions = kcalloc(MAX_REGIONS, sizeof(*regions));
    if (!regions)
        return -ENOMEM;
    memset(&task_current, 0, sizeof(task_current));
    umem_init(&task_current.mem, &ops, regions, MAX_REGIONS,
              kernel_state()->paging.top);
    task_current.stack_limit = stack_limit;
    task_current.start_ns = time_ns();
    return 0;
}

_Noreturn void task_exit(int status)
{
    user_leave(status);
}

static const char *const signames[32] = {
    [4] = "SIGILL",   [5] = "SIGTRAP",  [6] = "SIGABRT",  [7] = "SIGBUS",
    [8] = "SIGFPE",   [9] = "SIGKILL",  [11] = "SIGSEGV", [13] = "SIGPIPE",
    [14] = "SIGALRM", [15] = "SIGTERM", [1] = "SIGHUP",   [2] = "SIGINT",
    [3] = "SIGQUIT",  [10] = "SIGUSR1", [12] = "SIGUSR2",
};

_Noreturn void task_kill(int sig, const char *why)
{
    log_flush();
    if (sig > 0 && sig < 32 && signames[sig])
        log_raw("app: killed by %s (%s)\n", signames[sig], why);
    else if (sig > 0)
        log_raw("app: killed by signal %d (%s)\n", sig, why);
    else
        log_raw("app: stopped: it %s\n", why);
    user_leave(TASK_STATUS_KILLED);
}

/* What a fault from ring 3 means, in the words of the report. */
static const char *fault_what(const struct trap_frame *tf, uint64_t cr2,
                              int *sig)
{
    *sig = 11;
    switch (tf->vector) {
    case 0: *sig = 8; return "division by zero";
    case 3: *sig = 5; return "breakpoint";
    case 4: *sig = 11; return "overflow trap";
    case 6: *sig = 4; return "invalid instruction";
    case 13: return "general protection fault (privileged or bad instruction)";
    case 16:
    case 19: *sig = 8; return "floating-point exception";
    case 17: *sig = 7; return "misaligned access";
    case 14: break;
    default: return "unexpected exception";
    }
    const struct task *t = &task_current;
    if (cr2 < t->stack_lo && cr2 + 65536 >= t->stack_lo)
        return "stack overflow (ran past the stack's end)";
    if (cr2 < 4096)
        return "null pointer dereference";
    int mapped = umem_find(&t->mem, cr2) != 0;
    if (tf->error & 16)
        return mapped ? "jump to memory that is not executable"
                      : "jump to unmapped memory";
    if (tf->error & 2)
        return mapped ? "write to a read-only page"
                      : "write to unmapped memory";
    return mapped ? "read of a page with no access" : "read of unmapped memory";
}

static void task_fault(struct trap_frame *tf)
{
    uint64_t cr2 = tf->vector == 14 ? cr_read2() : 0;
    int sig;
    const char *what = fault_what(tf, cr2, &sig);
    log_flush();
    log_raw("app: fault: %s\n", what);
    log_raw("app:   exception %llu, error 0x%llx, rip 0x%llx, rsp 0x%llx",
            (unsigned long long)tf->vector, (unsigned long long)tf->error,
            (unsigned long long)tf->rip, (unsigned long long)tf->rsp);
    if (tf->vector == 14)
        log_raw(", address 0x%llx", (unsigned long long)cr2);
    log_raw("\n");
    task_kill(sig, "fault");
}

void task_arm_faults(void)
{
    trap_set_user_fault(task_fault);
}

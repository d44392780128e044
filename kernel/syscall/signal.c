/* SPDX-License-Identifier: MIT */
/*
 * Signals and futexes for one single-threaded process (see proc.c for the
 * semantics). Nothing else can ever wake a waiter, so a wait that could
 * only end by another thread or a signal ends the program with a message
 * instead of hanging the VM.
 */
#include "kernel/syscall/sys.h"
#include "kernel/syscall/task.h"
#include "kernel/syscall/uaccess.h"
#include "kernel/time.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

#define ARGS        long a, long b, long c, long d, long e, long f
#define SIGSET      8 /* the kernel's sigset_t: 64 bits */
#define SIG_IGN     1
#define UNBLOCKABLE ((1ull << (9 - 1)) | (1ull << (19 - 1))) /* KILL, STOP */

static long sys_rt_sigaction(ARGS)
{
    (void)e, (void)f;
    struct task_sigaction act;
    if (d != SIGSET || a < 1 || a > TASK_NSIG)
        return -EINVAL;
    if (b && (a == 9 || a == 19))
        return -EINVAL;
    if (b && uaccess_from(&act, (uint64_t)b, sizeof(act)))
        return -EFAULT;
    if (c && uaccess_to((uint64_t)c, &task_current.sig[a - 1], sizeof(act)))
        return -EFAULT;
    if (b)
        task_current.sig[a - 1] = act;
    return 0;
}

static long sys_rt_sigprocmask(ARGS)
{
    (void)e, (void)f;
    uint64_t set;
    if (d != SIGSET)
        return -EINVAL;
    if (b && (a < 0 || a > 2))
        return -EINVAL;
    if (b && uaccess_from(&set, (uint64_t)b, 8))
        return -EFAULT;
    if (c && uaccess_to((uint64_t)c, &task_current.sigmask, 8))
        return -EFAULT;
    if (b) {
        if (a == 0)
            task_current.sigmask |= set;
        else if (a == 1)
            task_current.sigmask &= ~set;
        else
            task_current.sigmask = set;
        task_current.sigmask &= ~UNBLOCKABLE;
    }
    return 0;
}

static long sys_rt_sigpending(ARGS)
{
    (void)c, (void)d, (void)e, (void)f;
    uint64_t none = 0;
    if (b != SIGSET)
        return -EINVAL;
    return uaccess_to((uint64_t)a, &none, 8);
}

static long sys_sigaltstack(ARGS)
{
    (void)c, (void)d, (void)e, (void)f;
    uint64_t ss[3];
    if (b && uaccess_to((uint64_t)b, task_current.altstack, sizeof(ss)))
        return -EFAULT;
    if (a) {
        if (uaccess_from(ss, (uint64_t)a, sizeof(ss)))
            return -EFAULT;
        uint32_t flags = (uint32_t)ss[1];
        if (flags & ~2u) /* only SS_DISABLE may be asked for */
            return -EINVAL;
        if (!(flags & 2u) && ss[2] < 2048) /* MINSIGSTKSZ */
            return -ENOMEM;
        memcpy(task_current.altstack, ss, sizeof(ss));
    }
    return 0;
}

/* Default action "ignore": SIGCHLD, SIGCONT, SIGURG, SIGWINCH. */
static int ignored(long sig)
{
    return task_current.sig[sig - 1].handler == SIG_IGN || sig == 17 ||
           sig == 18 || sig == 23 || sig == 28;
}

static long to_self(long sig)
{
    if (sig == 0)
        return 0;
    if (sig < 0 || sig > TASK_NSIG)
        return -EINVAL;
    if (ignored(sig) || (task_current.sigmask & (1ull << (sig - 1))))
        return 0; /* blocked signals are discarded: none can be pending */
    task_kill((int)sig, "sent to itself");
}

static long sys_kill(ARGS)
{
    (void)c, (void)d, (void)e, (void)f;
    if (a != 1 && a != 0 && a != -1)
        return -ESRCH;
    return to_self(b);
}

static long sys_tkill(ARGS)
{
    (void)c, (void)d, (void)e, (void)f;
    return a == 1 ? to_self(b) : (a <= 0 ? -EINVAL : -ESRCH);
}

static long sys_tgkill(ARGS)
{
    (void)d, (void)e, (void)f;
    if (a <= 0 || b <= 0)
        return -EINVAL;
    return a == 1 && b == 1 ? to_self(c) : -ESRCH;
}

static long sys_forever(ARGS)
{
    (void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
    task_kill(0, "waits for a signal that nothing can send");
}

static long sys_rt_sigreturn(ARGS)
{
    (void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
    task_kill(11, "rt_sigreturn without a signal frame");
}

static long sys_futex(ARGS)
{
    (void)e;
    int op = (int)(b & 127); /* without PRIVATE and CLOCK_REALTIME */
    uint32_t cur;
    switch (op) {
    case 0: /* WAIT */
    case 9: /* WAIT_BITSET */
        if (a & 3)
            return -EINVAL;
        if (op == 9 && (uint32_t)f == 0)
            return -EINVAL;
        if (uaccess_from(&cur, (uint64_t)a, 4))
            return -EFAULT;
        if (cur != (uint32_t)c)
            return -EAGAIN;
        if (d) {
            int64_t t[2];
            if (uaccess_from(t, (uint64_t)d, sizeof(t)))
                return -EFAULT;
            if (t[0] < 0 || t[1] < 0 || t[1] >= 1000000000)
                return -EINVAL;
            if (op == 0) /* relative; WAIT_BITSET's is absolute */
                time_sleep_ns((uint64_t)t[0] * 1000000000ull + (uint64_t)t[1]);
            return -ETIMEDOUT;
        }
        task_kill(0, "waits on a futex with no other thread to wake it");
    case 1:  /* WAKE */
    case 10: /* WAKE_BITSET */
        if (a & 3)
            return -EINVAL;
        return 0; /* nobody to wake */
    default: return -ENOSYS;
    }
}

const struct sys_call sys_signal_calls[] = {
    {13, "rt_sigaction", sys_rt_sigaction},
    {14, "rt_sigprocmask", sys_rt_sigprocmask},
    {127, "rt_sigpending", sys_rt_sigpending},
    {131, "sigaltstack", sys_sigaltstack},
    {62, "kill", sys_kill},
    {200, "tkill", sys_tkill},
    {234, "tgkill", sys_tgkill},
    {34, "pause", sys_forever},
    {130, "rt_sigsuspend", sys_forever},
    {15, "rt_sigreturn", sys_rt_sigreturn},
    {202, "futex", sys_futex},
    {0, 0, 0},
};

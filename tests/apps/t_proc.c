/* SPDX-License-Identifier: MIT */
/*
 * t_proc: process and system information, signals' bookkeeping, futex.
 * getpid/getppid/gettid/set_tid_address, getuid & co, uname, getrandom,
 * sched_yield, getrlimit/prlimit64, sysinfo, rt_sigaction, rt_sigprocmask,
 * futex. Ids vary between the host and Skiff (pid 1, uid 0), so only their
 * relations are checked. No signal is delivered.
 */
#include "t.h"

#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>

#define BAD ((void *)1)
/* linux/futex.h is not among musl's headers */
#define FUTEX_WAIT         0
#define FUTEX_WAKE         1
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)

static void ids(void)
{
    pid_t pid = getpid();
    t_true("getpid positive", pid > 0);
    t_true("gettid is pid", syscall(SYS_gettid) == pid);
    t_true("getppid not negative", getppid() >= 0);
    int tid_slot;
    t_true("set_tid_address", syscall(SYS_set_tid_address, &tid_slot) == pid);
    t_true("uid = euid", getuid() == geteuid());
    t_true("gid = egid", getgid() == getegid());
    struct utsname u;
    t_long("uname", uname(&u), 0);
    t_str("sysname", u.sysname, "Linux");
    t_str("machine", u.machine, "x86_64");
    t_err("uname EFAULT", syscall(SYS_uname, BAD), EFAULT);
}

static void sys(void)
{
    unsigned char r[32] = {0}, zero[32] = {0};
    t_long("getrandom", syscall(SYS_getrandom, r, sizeof(r), 0), 32);
    t_true("random not all zero", memcmp(r, zero, sizeof(r)) != 0);
    t_long("getrandom GRND_NONBLOCK", syscall(SYS_getrandom, r, 8, 1), 8);
    t_err("getrandom bad flags", syscall(SYS_getrandom, r, 8, 0x100), EINVAL);
    t_err("getrandom EFAULT", syscall(SYS_getrandom, BAD, 8, 0), EFAULT);
    t_long("sched_yield", sched_yield(), 0);
    struct rlimit rl;
    t_long("getrlimit NOFILE", getrlimit(RLIMIT_NOFILE, &rl), 0);
    t_true("NOFILE cur <= max", rl.rlim_cur > 0 && rl.rlim_cur <= rl.rlim_max);
    t_long("getrlimit STACK", getrlimit(RLIMIT_STACK, &rl), 0);
    t_true("STACK cur > 0", rl.rlim_cur > 0);
    t_err("getrlimit bad resource", syscall(SYS_getrlimit, 999, &rl), EINVAL);
    t_err("getrlimit EFAULT", syscall(SYS_getrlimit, RLIMIT_NOFILE, BAD),
          EFAULT);
    t_long("prlimit64 read",
           syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &rl), 0);
    struct sysinfo si;
    t_long("sysinfo", sysinfo(&si), 0);
    t_true("sysinfo memory",
           si.totalram > 0 && si.mem_unit > 0 && si.freeram <= si.totalram);
    t_err("sysinfo EFAULT", syscall(SYS_sysinfo, BAD), EFAULT);
}

static void on_usr1(int s)
{
    (void)s;
}

static void sigs(void)
{
    struct sigaction sa = {0}, old;
    sa.sa_handler = on_usr1;
    t_long("sigaction set", sigaction(SIGUSR1, &sa, NULL), 0);
    t_long("sigaction get", sigaction(SIGUSR1, NULL, &old), 0);
    t_true("handler kept", old.sa_handler == on_usr1);
    sa.sa_handler = SIG_IGN;
    t_long("sigaction SIG_IGN", sigaction(SIGPIPE, &sa, NULL), 0);
    t_err("sigaction SIGKILL", sigaction(SIGKILL, &sa, NULL), EINVAL);
    t_err("sigaction signal 0", syscall(SYS_rt_sigaction, 0, NULL, &old, 8),
          EINVAL);
    t_err("sigaction signal 65", syscall(SYS_rt_sigaction, 65, NULL, &old, 8),
          EINVAL);
    t_err("sigaction sigsetsize 4",
          syscall(SYS_rt_sigaction, SIGUSR1, NULL, &old, 4), EINVAL);
    t_err("sigaction EFAULT", syscall(SYS_rt_sigaction, SIGUSR1, BAD, NULL, 8),
          EFAULT);
    uint64_t set = 1ull << (SIGUSR1 - 1), got = 0;
    t_long("sigprocmask block",
           syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8), 0);
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &got, 8);
    t_true("mask has SIGUSR1", (got & set) != 0);
    set = 1ull << (SIGKILL - 1) | 1ull << (SIGSTOP - 1);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, NULL, 8);
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &got, 8);
    t_long("SIGKILL/SIGSTOP never blocked", (long)got, 0);
    t_err("sigprocmask bad how", syscall(SYS_rt_sigprocmask, 99, &set, NULL, 8),
          EINVAL);
    t_err("sigprocmask sigsetsize 4",
          syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 4), EINVAL);
    t_err("sigprocmask EFAULT",
          syscall(SYS_rt_sigprocmask, SIG_BLOCK, BAD, NULL, 8), EFAULT);
}

static void futexes(void)
{
    static uint32_t word = 5;
    char raw[8] = {0};
    t_long("futex wake nobody",
           syscall(SYS_futex, &word, FUTEX_WAKE, 1, 0, 0, 0), 0);
    t_long("futex wake private",
           syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0), 0);
    t_err("futex wait value differs",
          syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 6, NULL, 0, 0), EAGAIN);
    t_err("futex unaligned",
          syscall(SYS_futex, raw + 1, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0), EINVAL);
    t_err("futex wait EFAULT",
          syscall(SYS_futex, (void *)4096, FUTEX_WAIT_PRIVATE, 0, NULL, 0, 0),
          EFAULT);
    struct timespec t = {0, 1000000};
    t_err("futex wait timeout",
          syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 5, &t, 0, 0),
          ETIMEDOUT);
}

int main(void)
{
    ids();
    sys();
    sigs();
    futexes();
    return t_done("t_proc");
}

/* SPDX-License-Identifier: MIT */
/*
 * run: start the monitor, stream the guest's console to skiff's stdout,
 * and turn the end of the VM into the application's exit status.
 *
 * The console is read through a pipe so that two lines can be taken out of
 * it: Skiff's "boot: ready in N us" (unless --verbose) and, on monitors
 * without isa-debug-exit, the "shutdown: exit status N" line Skiff prints
 * last when shutdown.report is set. Everything else passes through as soon
 * as it arrives; a partial line is held back only while it could still
 * become one of those two.
 *
 * Ctrl-C and SIGTERM stop the VM (SIGTERM, then SIGKILL after a grace
 * period) and skiff exits 130; --timeout does the same with 124. The
 * monitor stays in skiff's process group, so a terminal's Ctrl-C reaches
 * both, and QEMU restores the terminal itself.
 */
#define _GNU_SOURCE /* pipe2 */
#include "tools/skiff/skiff.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define STATUS_LINE "shutdown: exit status "
#define READY_LINE  "boot: ready in "
#define GRACE_MS    3000

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
    got_signal = sig;
}

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

struct filter {
    const struct skiff_run_opts *o;
    char line[256]; /* held-back start of the current line */
    size_t len;
    int passing;    /* this line is already being passed through */
    int cr;         /* a '\r' is pending: dropped if '\n' follows */
    int ready_seen; /* the ready line was taken out once */
    int status;     /* from the status line; -1 none */
};

static void out(const void *p, size_t n)
{
    fwrite(p, 1, n, stdout);
}

static int is_prefix(const char *s, size_t n, const char *of)
{
    size_t l = strlen(of);
    return !strncmp(s, of, n < l ? n : l);
}

/* May the held bytes still turn into a line we take out? */
static int maybe_special(const struct filter *f)
{
    return is_prefix(f->line, f->len, STATUS_LINE) ||
           (!f->ready_seen && f->o->hide_ready &&
            is_prefix(f->line, f->len, READY_LINE));
}

static void end_line(struct filter *f)
{
    f->line[f->len] = '\0';
    if (!strncmp(f->line, STATUS_LINE, strlen(STATUS_LINE))) {
        char *end;
        long v = strtol(f->line + strlen(STATUS_LINE), &end, 10);
        if (end != f->line + strlen(STATUS_LINE) && !*end && v >= 0 &&
            v <= 255) {
            f->status = (int)v;
            return;
        }
    }
    if (!f->ready_seen && f->o->hide_ready &&
        !strncmp(f->line, READY_LINE, strlen(READY_LINE))) {
        f->ready_seen = 1;
        return;
    }
    f->line[f->len] = '\n';
    out(f->line, f->len + 1);
}

static void byte(struct filter *f, char c)
{
    if (f->passing) {
        out(&c, 1);
        if (c == '\n')
            f->passing = 0;
        return;
    }
    if (c == '\n') {
        end_line(f);
        f->len = 0;
        return;
    }
    f->line[f->len++] = c;
    if (f->len == sizeof f->line - 1 || !maybe_special(f)) {
        out(f->line, f->len);
        f->len = 0;
        f->passing = 1;
    }
}

/* Skiff's serial console ends lines with "\r\n"; the host's convention is
 * "\n", which is what files, pipes and diff expect. */
static void feed(struct filter *f, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (f->cr && p[i] != '\n')
            byte(f, '\r');
        f->cr = p[i] == '\r';
        if (!f->cr)
            byte(f, p[i]);
    }
    fflush(stdout);
}

static void handle_signals(int on)
{
    struct sigaction sa = {0};
    sa.sa_handler = on ? on_signal : SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

int skiff_monitor_run(char *const argv[], const struct skiff_run_opts *o)
{
    int pfd[2];
    if (pipe2(pfd, O_CLOEXEC) < 0) {
        skiff_error("pipe: %s", strerror(errno));
        return SKIFF_EXIT_ERROR;
    }
    handle_signals(1);
    pid_t parent = getpid(), pid = fork();
    if (pid == 0) {
        /* The VM must not outlive skiff, even one killed with SIGKILL. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent)
            _exit(SKIFF_EXIT_ERROR);
        handle_signals(0);
        dup2(pfd[1], 1);
        execvp(argv[0], argv);
        int e = errno;
        fprintf(stderr, "skiff: error: cannot start %s: %s\n", argv[0],
                strerror(e));
        _exit(e == ENOENT ? SKIFF_EXIT_NOT_FOUND : SKIFF_EXIT_ERROR);
    }
    close(pfd[1]);
    if (pid < 0) {
        handle_signals(0);
        close(pfd[0]);
        skiff_error("cannot start %s: %s", argv[0], strerror(errno));
        return SKIFF_EXIT_ERROR;
    }
    struct filter f = {.o = o, .status = -1};
    int64_t start = now_ms(), kill_at = -1;
    int stopped = 0; /* SKIFF_EXIT_TIMEOUT or _INTERRUPTED once stopping */
    for (;;) {
        if (got_signal && !stopped) {
            stopped = SKIFF_EXIT_INTERRUPTED;
            kill(pid, SIGTERM);
            kill_at = now_ms() + GRACE_MS;
        }
        int64_t t = now_ms(), wait = -1;
        if (o->timeout_ms > 0 && !stopped) {
            if (t - start >= o->timeout_ms) {
                stopped = SKIFF_EXIT_TIMEOUT;
                kill(pid, SIGTERM);
                kill_at = t + GRACE_MS;
                continue;
            }
            wait = o->timeout_ms - (t - start);
        }
        if (kill_at >= 0) {
            if (t >= kill_at) {
                kill(pid, SIGKILL);
                kill_at = -1;
            } else {
                wait = kill_at - t;
            }
        }
        struct pollfd p = {.fd = pfd[0], .events = POLLIN};
        int n = poll(&p, 1, wait > 1000000 ? 1000000 : (int)wait);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            continue;
        char buf[4096];
        ssize_t r = read(pfd[0], buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        feed(&f, buf, (size_t)r);
    }
    if (f.cr)
        byte(&f, '\r');
    if (f.len && !f.passing) { /* a last line without its newline */
        out(f.line, f.len);
        fflush(stdout);
    }
    close(pfd[0]);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        if (got_signal && !stopped) {
            stopped = SKIFF_EXIT_INTERRUPTED;
            kill(pid, SIGTERM);
        }
    handle_signals(0);
    if (stopped == SKIFF_EXIT_TIMEOUT) {
        skiff_error("the VM ran past --timeout %.3g s and was stopped",
                    o->timeout_ms / 1000.0);
        return stopped;
    }
    if (stopped) {
        skiff_progress("interrupted: VM stopped");
        return stopped;
    }
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return skiff_exit_status(o->debug_exit, code, f.status, argv[0]);
}

int skiff_exit_status(int debug_exit, int code, int reported,
                      const char *monitor)
{
    if (debug_exit && code >= 3 && (code & 1))
        return (code >> 1) - 1; /* Skiff wrote status + 1 to port 0xf4 */
    if (reported >= 0 && code < 128)
        return reported;
    if (code == 0) {
        skiff_error("the VM stopped without an exit status (it reset or "
                    "powered off before the application ended)");
        return SKIFF_EXIT_ERROR;
    }
    skiff_error("%s failed (exit status %d; see its message above)", monitor,
                code);
    return SKIFF_EXIT_ERROR;
}

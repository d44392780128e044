/* SPDX-License-Identifier: MIT */
/* util: messages, growing strings and argument vectors, files, the
 * private temporary directory and child processes (see skiff.h). */
#define _XOPEN_SOURCE 700 /* nftw FTW_DEPTH */
#include "tools/skiff/skiff.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int skiff_quiet;

static void say(const char *what, const char *fmt, va_list ap)
{
    fprintf(stderr, "skiff: %s", what);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void skiff_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say("error: ", fmt, ap);
    va_end(ap);
}

void skiff_hint(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say("hint: ", fmt, ap);
    va_end(ap);
}

void skiff_progress(const char *fmt, ...)
{
    if (skiff_quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    say("", fmt, ap);
    va_end(ap);
}

void *skiff_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("skiff: error: out of memory\n", stderr);
        abort();
    }
    return p;
}

char *skiff_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(skiff_xmalloc(n), s, n);
}

static void grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return;
    size_t c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    void *n = realloc(*p, c * elem);
    if (!n) {
        fputs("skiff: error: out of memory\n", stderr);
        abort();
    }
    *p = n;
    *cap = c;
}

void skiff_buf_addn(struct skiff_buf *b, const void *s, size_t n)
{
    grow((void **)&b->p, &b->cap, b->len + n + 1, 1);
    if (n) /* (s) may be NULL then */
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void skiff_buf_add(struct skiff_buf *b, const char *fmt, ...)
{
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    grow((void **)&b->p, &b->cap, b->len + (size_t)n + 1, 1);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, aq);
    va_end(aq);
    b->len += (size_t)n;
}

void skiff_buf_free(struct skiff_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

void skiff_argv_add(struct skiff_argv *a, const char *s)
{
    grow((void **)&a->v, &a->cap, a->n + 2, sizeof(char *));
    a->v[a->n++] = skiff_xstrdup(s);
    a->v[a->n] = NULL;
}

void skiff_argv_addf(struct skiff_argv *a, const char *fmt, ...)
{
    struct skiff_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    grow((void **)&b.p, &b.cap, (size_t)n + 1, 1);
    va_start(ap, fmt);
    vsnprintf(b.p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    skiff_argv_add(a, b.p);
    skiff_buf_free(&b);
}

void skiff_argv_free(struct skiff_argv *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->v[i]);
    free(a->v);
    a->v = NULL;
    a->n = a->cap = 0;
}

int skiff_read_file(const char *path, uint8_t **buf, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        int e = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
        close(fd);
        return e;
    }
    size_t n = (size_t)st.st_size, got = 0;
    uint8_t *p = skiff_xmalloc(n + 1);
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            int e = r < 0 ? -errno : -EIO;
            free(p);
            close(fd);
            return e;
        }
        got += (size_t)r;
    }
    close(fd);
    p[n] = 0;
    *buf = p;
    *len = n;
    return 0;
}

int skiff_write_file(const char *path, const void *buf, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return -errno;
    const uint8_t *p = buf;
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            int e = -errno;
            close(fd);
            return e;
        }
        p += w;
        len -= (size_t)w;
    }
    return close(fd) < 0 ? -errno : 0;
}

int skiff_copy_file(const char *from, const char *to)
{
    uint8_t *b;
    size_t n;
    int rc = skiff_read_file(from, &b, &n);
    if (rc)
        return rc;
    rc = skiff_write_file(to, b, n);
    free(b);
    return rc;
}

int skiff_mkdirs(const char *path, unsigned mode)
{
    char p[PATH_MAX];
    if (snprintf(p, sizeof p, "%s", path) >= (int)sizeof p)
        return -ENAMETOOLONG;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s)
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, mode) < 0 && errno != EEXIST)
            return -errno;
        if (!c)
            return 0;
        *s = c;
    }
}

static char tmpdir[PATH_MAX];

const char *skiff_tmpdir(void)
{
    if (tmpdir[0])
        return tmpdir;
    const char *t = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/skiff.XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(tmpdir)) {
        skiff_error("cannot create a temporary directory %s: %s", tmpdir,
                    strerror(errno));
        tmpdir[0] = '\0';
        return NULL;
    }
    return tmpdir;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
    (void)st, (void)f;
    if (flag == FTW_DP)
        rmdir(p);
    else
        unlink(p);
    return 0;
}

static int keep;

void skiff_tmpdir_keep(void)
{
    keep = 1;
}

void skiff_cleanup(void)
{
    if (!tmpdir[0] || keep)
        return;
    nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    tmpdir[0] = '\0';
}

const char *skiff_home(void)
{
    static char home[PATH_MAX];
    const char *h = getenv("SKIFF_HOME");
    if (h && *h)
        return h;
    if (home[0])
        return home;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return ".";
    exe[n] = '\0';
    for (int up = 0; up < 2; up++) { /* build/host/skiff -> build */
        char *s = strrchr(exe, '/');
        if (!s)
            return ".";
        *s = '\0';
    }
    snprintf(home, sizeof home, "%s", exe[0] ? exe : "/");
    return home;
}

const char *skiff_which(const char *prog)
{
    static char found[PATH_MAX];
    if (strchr(prog, '/'))
        return access(prog, X_OK) == 0 ? prog : NULL;
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        size_t n = strcspn(path, ":");
        if (snprintf(found, sizeof found, "%.*s/%s", (int)n, n ? path : ".",
                     prog) < (int)sizeof found &&
            access(found, X_OK) == 0)
            return found;
        path += n + (path[n] == ':');
    }
    return NULL;
}

int skiff_spawn_wait(char *const argv[], const char *log)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (log) {
        posix_spawn_file_actions_addopen(&fa, 1, log,
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_adddup2(&fa, 1, 2);
    }
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc)
        return -rc;
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -errno;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* SPDX-License-Identifier: MIT */
/*
 * WASI test, wasm only: try to leave the preopened directory (fd 3) the
 * way an attacker would, through the raw WASI calls (wasi-libc would
 * refuse some paths itself). wasi.sh prepared: outside/secret.txt next to
 * the sandbox, and inside it: ok.txt, dir/, esc -> ../outside,
 * abs -> /etc, link_up -> dir/../../outside/secret.txt, inner -> dir.
 * Every escape must fail; the legitimate paths must work.
 */
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static int escapes;

static void check_ok(const char *what, const char *path, const char *got,
                     int as_expected)
{
    char label[80];
    snprintf(label, sizeof label, "%s%s%s", what, *path ? " " : "", path);
    escapes += !as_expected;
    printf("%-33s %s%s\n", label, got, as_expected ? "" : "  <-- WRONG");
}

static void open_try(const char *path, int follow, int expect_ok)
{
    __wasi_fd_t fd;
    __wasi_errno_t e =
        __wasi_path_open(3, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0,
                         path, 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
    if (!e && __wasi_fd_close(fd))
        printf("close failed\n");
    check_ok("open", path, e ? "refused" : "opened", (e == 0) == expect_ok);
}

static void check(const char *what, __wasi_errno_t e, int expect_ok)
{
    check_ok(what, "", e ? "refused" : "done", (e == 0) == expect_ok);
}

int main(void)
{
    open_try("ok.txt", 1, 1);
    open_try("dir/../ok.txt", 1, 1);
    open_try("inner/../ok.txt", 1, 1);
    open_try("../outside/secret.txt", 1, 0);
    open_try("dir/../../outside/secret.txt", 1, 0);
    open_try("/etc/passwd", 1, 0);
    open_try("//etc/passwd", 1, 0);
    open_try("esc/secret.txt", 1, 0);
    open_try("abs/passwd", 1, 0);
    open_try("link_up", 1, 0);
    open_try("link_up", 0, 0);
    open_try("..", 1, 0);
    open_try("dir/../..", 1, 0);
    open_try("/proc/self/root/etc/passwd", 1, 0);
    open_try("", 1, 0);
    __wasi_filestat_t st;
    check("stat ../outside/secret.txt",
          __wasi_path_filestat_get(3, 1, "../outside/secret.txt", &st), 0);
    check("stat esc/secret.txt",
          __wasi_path_filestat_get(3, 1, "esc/secret.txt", &st), 0);
    check("stat link_up (nofollow: the link)",
          __wasi_path_filestat_get(3, 0, "link_up", &st), 1);
    check("mkdir ../made", __wasi_path_create_directory(3, "../made"), 0);
    check("mkdir esc/made", __wasi_path_create_directory(3, "esc/made"), 0);
    check("mkdir /tmp/made", __wasi_path_create_directory(3, "/tmp/made"), 0);
    check("unlink ../outside/secret.txt",
          __wasi_path_unlink_file(3, "../outside/secret.txt"), 0);
    check("unlink esc/secret.txt", __wasi_path_unlink_file(3, "esc/secret.txt"),
          0);
    check("rmdir ..", __wasi_path_remove_directory(3, ".."), 0);
    check("rmdir ../outside", __wasi_path_remove_directory(3, "../outside"), 0);
    check("rename ok.txt -> ../stolen",
          __wasi_path_rename(3, "ok.txt", 3, "../stolen"), 0);
    check("rename esc/secret.txt -> got",
          __wasi_path_rename(3, "esc/secret.txt", 3, "got"), 0);
    check("rename ok.txt -> esc/stolen",
          __wasi_path_rename(3, "ok.txt", 3, "esc/stolen"), 0);
    char buf[64] = {0};
    __wasi_size_t n = 0;
    check("readlink esc (the link itself)",
          __wasi_path_readlink(3, "esc", (uint8_t *)buf, sizeof buf, &n), 1);
    printf("esc -> %.*s\n", (int)n, buf);
    check("readlink ../outside",
          __wasi_path_readlink(3, "../outside", (uint8_t *)buf, sizeof buf, &n),
          0);
    printf("escapes: %d\n", escapes);
    return escapes ? 1 : 0;
}

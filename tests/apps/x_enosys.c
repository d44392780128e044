/* SPDX-License-Identifier: MIT */
/*
 * x_enosys: Skiff-only (not run on the host, where these calls work):
 * fork and threads fail cleanly with ENOSYS, every time, while the kernel
 * logs each unimplemented call once (tests/boot/apps.sh counts the lines).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *thread(void *arg)
{
    return arg;
}

int main(void)
{
    for (int i = 0; i < 3; i++) {
        long r = syscall(SYS_fork);
        printf("fork: %ld %s\n", r, r < 0 ? strerror(errno) : "");
    }
    pthread_t t;
    int rc = pthread_create(&t, NULL, thread, NULL);
    printf("pthread_create: %s\n", rc ? strerror(rc) : "created");
    long r = syscall(SYS_execve, "/bin/x", NULL, NULL);
    printf("execve: %ld %s\n", r, r < 0 ? strerror(errno) : "");
    return 0;
}

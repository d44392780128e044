/* SPDX-License-Identifier: MIT */
/*
 * t_exit: the exit status reaches the parent (the host shell, or Skiff's
 * "exit N" line), and exit() runs atexit handlers and flushes stdio before
 * exit_group. Expected: two lines, then exit status 42.
 */
#include "t.h"

static void bye(void)
{
    /* Buffered on purpose: exit() must flush it. */
    setvbuf(stdout, NULL, _IOFBF, BUFSIZ);
    printf("ok atexit handler ran\n");
}

int main(void)
{
    atexit(bye);
    printf("ok before exit\n");
    exit(42);
}

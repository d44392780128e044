/* SPDX-License-Identifier: MIT */
/* WASI test: clocks, sleep (poll_oneoff) and random; prints only facts
 * that hold everywhere, so the output matches native. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static long long ns(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void)
{
    struct timespec res;
    printf("getres: %d\n", clock_getres(CLOCK_MONOTONIC, &res));
    printf("realtime after 2020: %d\n", time(NULL) > 1577836800);
    long long a = ns(CLOCK_MONOTONIC);
    struct timespec d = {0, 20 * 1000 * 1000};
    printf("nanosleep: %d\n", nanosleep(&d, NULL));
    long long b = ns(CLOCK_MONOTONIC);
    printf("slept >= 20 ms: %d\n", b - a >= 20000000);
    printf("slept < 2 s: %d\n", b - a < 2000000000LL);
    usleep(1000);
    printf("monotonic: %d\n", ns(CLOCK_MONOTONIC) > b);
    printf("cpu clock: %d\n", ns(CLOCK_PROCESS_CPUTIME_ID) >= 0);
    unsigned char r1[32] = {0}, r2[32] = {0};
    getentropy(r1, sizeof r1);
    getentropy(r2, sizeof r2);
    int same = 1;
    for (int i = 0; i < 32; i++)
        same &= r1[i] == r2[i];
    printf("random differs: %d\n", !same);
    return 0;
}

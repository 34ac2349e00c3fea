/*
 * What one idle wake-up costs on this host: 1000 poll(2) calls that each sleep 10 ms and wake on the timer,
 * then the process's own user+system CPU per wake-up. On the 2-core bench VM: ~70 µs (a bare C loop), the same
 * order as the whole per-exec budget auditd spends at 100 exec/s. The agent's cost at low exec rates is counted in
 * these: see README "Performance".
 *
 *   gcc -O2 -o /tmp/wake-cost scripts/bench/wake-cost.c && /tmp/wake-cost
 */
#include <poll.h>
#include <stdio.h>
#include <sys/resource.h>

int main(void) {
    struct pollfd none = {.fd = -1, .events = 0};
    const int n = 1000;
    for (int i = 0; i < n; i++) {
        poll(&none, 1, 10);
    }
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    long us = r.ru_utime.tv_sec * 1000000L + r.ru_utime.tv_usec + r.ru_stime.tv_sec * 1000000L + r.ru_stime.tv_usec;
    printf("%d timed wake-ups: %ld us of CPU, %.1f us each\n", n, us, (double) us / n);
    return 0;
}

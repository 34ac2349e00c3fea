// C receive floor: registers as the audit daemon, receives every record with recvmmsg (64 x 9 KiB), drops it.
#define _GNU_SOURCE
#include <linux/audit.h>
#include <linux/netlink.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
static volatile int stop;
static void on(int s) { (void) s; stop = 1; }
int main(int argc, char **argv) { int flags = argc > 1 ? MSG_WAITFORONE : 0;
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
    struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
    bind(fd, (struct sockaddr *) &sa, sizeof sa);
    struct { struct nlmsghdr h; struct audit_status s; } req;
    memset(&req, 0, sizeof req);
    req.h.nlmsg_len = sizeof req; req.h.nlmsg_type = AUDIT_SET; req.h.nlmsg_flags = NLM_F_REQUEST;
    req.s.mask = AUDIT_STATUS_PID | AUDIT_STATUS_ENABLED; req.s.pid = getpid(); req.s.enabled = 1;
    send(fd, &req, sizeof req, 0);
    struct sigaction act = {.sa_handler = on};
    sigaction(SIGTERM, &act, 0); sigaction(SIGINT, &act, 0);
    enum { N = 64, SZ = 9216 };
    static char bufs[N][SZ]; struct iovec iov[N]; struct mmsghdr m[N];
    for (int i = 0; i < N; i++) { iov[i].iov_base = bufs[i]; iov[i].iov_len = SZ; memset(&m[i], 0, sizeof m[i]); m[i].msg_hdr.msg_iov = &iov[i]; m[i].msg_hdr.msg_iovlen = 1; }
    long recs = 0, calls = 0;
    fprintf(stderr, "cfloor pid %d\n", getpid());
    while (!stop) {
        int n = recvmmsg(fd, m, N, flags, 0);
        if (n > 0) { recs += n; calls++; }
    }
    req.s.mask = AUDIT_STATUS_PID; req.s.pid = 0; send(fd, &req, sizeof req, 0);
    fprintf(stderr, "cfloor: %ld records in %ld receives\n", recs, calls);
    return 0;
}

/*
 * exec-storm: the load generator of scripts/bench-exec-storm.
 *
 * Forks and execs /bin/true at a fixed rate (absolute CLOCK_MONOTONIC deadlines, so a late launch is followed by
 * catch-up launches rather than a slower rate) for a fixed time, and reports the rate it achieved. Every
 * (rate / match-rate)-th launch instead runs `/bin/sh -c "echo /dev/tcp MARKER<i>"`, which the T1195.001 arm
 * PackageManagerSpawnedSuspiciousChild reports when the parent's image is named `node` -- the bench script
 * compiles this program to a file named `node`, so the generator itself is the "package manager". The child
 * stores CLOCK_REALTIME in shared memory immediately before execve; a tail thread watches the alert file
 * (inotify) and stamps each matching alert line when it becomes readable, and parses its Timestamp (the
 * kernel's audit time of the exec) and DetectedAt (when the rule engine matched it).
 *
 * Output: one line of key=value pairs on stdout (the bench script parses it).
 *
 * Without --alerts the same workload runs (the matching children included) but nothing is tailed.
 *
 * Build: gcc -O2 -pthread -o node exec-storm.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static int64_t now_ns(clockid_t c) {
    struct timespec ts;
    clock_gettime(c, &ts);
    return (int64_t) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ---- reaper: one blocking waitpid per launched child, to time fork -> reaped ---- */

static sem_t children;              /* posted once per successful fork, once more when launching is over */
static atomic_int launching_done;
static _Atomic int64_t *fork_time;  /* by pid (pid_max entries): monotonic time just before fork */
static long pid_max;
static int64_t *lifetimes;          /* fork -> reaped, ns */
static long lifetime_count, lifetime_cap;
static int64_t last_reap_ns;
static long child_failures;         /* children that did not exit 0 */

static void *reaper(void *arg) {
    (void) arg;
    for (;;) {
        while (sem_wait(&children) != 0 && errno == EINTR) {
        }
        int st;
        pid_t pid = waitpid(-1, &st, 0);
        if (pid < 0) {
            if (errno == ECHILD && atomic_load(&launching_done)) {
                break;
            }
            continue;
        }
        int64_t t = now_ns(CLOCK_MONOTONIC);
        last_reap_ns = t;
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            child_failures++;
        }
        int64_t t0;
        /* The parent stores the fork time after fork() returns; the child may be reaped before that. */
        while ((t0 = atomic_load(&fork_time[pid % pid_max])) == 0) {
            sched_yield();
        }
        atomic_store(&fork_time[pid % pid_max], 0);
        if (lifetime_count < lifetime_cap) {
            lifetimes[lifetime_count++] = t - t0;
        }
    }
    return NULL;
}

/* ---- tail: alert lines carrying our marker ---- */

struct sample {
    int64_t exec_ns;      /* child, just before execve (CLOCK_REALTIME), written through shared memory */
    int64_t seen_ns;      /* the alert line became readable (CLOCK_REALTIME) */
    int64_t kernel_ns;    /* alert Timestamp: the audit record's time of the exec (ms resolution) */
    int64_t detected_ns;  /* alert DetectedAt */
};

static struct sample *samples; /* MAP_SHARED: the children write exec_ns */
static long match_total;
static atomic_long matches_seen;
static atomic_int tail_stop;
static const char *alert_path;
static const char *marker;
static long foreign_lines; /* alert lines without our marker (other activity on the host) */

/* ISO-8601 UTC as Java's Instant.toString prints it: 2026-11-23T17:45:21[.fraction]Z. -1 if malformed. */
static int64_t parse_iso(const char *s) {
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    int n = 0;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
               &tm.tm_sec, &n) != 6) {
        return -1;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    int64_t ns = (int64_t) timegm(&tm) * 1000000000LL;
    s += n;
    if (*s == '.') {
        int64_t frac = 0, scale = 100000000LL;
        for (s++; *s >= '0' && *s <= '9'; s++) {
            frac += (*s - '0') * scale;
            scale /= 10;
        }
        ns += frac;
    }
    return ns;
}

static int64_t field_time(const char *line, const char *key) {
    const char *p = strstr(line, key);
    return p == NULL ? -1 : parse_iso(p + strlen(key));
}

static void on_line(char *line, int64_t seen) {
    const char *m = strstr(line, marker);
    if (m == NULL) {
        foreign_lines++;
        return;
    }
    long i = strtol(m + strlen(marker), NULL, 10);
    if (i < 0 || i >= match_total || samples[i].seen_ns != 0) {
        return;
    }
    samples[i].seen_ns = seen;
    /* The top-level Timestamp and DetectedAt come before Row and Event, so the first occurrence is theirs. */
    samples[i].kernel_ns = field_time(line, "\"Timestamp\":\"");
    samples[i].detected_ns = field_time(line, "\"DetectedAt\":\"");
    atomic_fetch_add(&matches_seen, 1);
}

static void *tail(void *arg) {
    int fd = *(int *) arg;
    int in = inotify_init1(IN_NONBLOCK);
    if (in < 0 || inotify_add_watch(in, alert_path, IN_MODIFY) < 0) {
        perror("exec-storm: inotify on the alert file");
        return NULL;
    }
    size_t cap = 1 << 20, len = 0;
    char *buf = malloc(cap);
    char ev[4096];
    while (!atomic_load(&tail_stop)) {
        struct pollfd p = {.fd = in, .events = POLLIN};
        if (poll(&p, 1, 50) <= 0) {
            continue;
        }
        while (read(in, ev, sizeof ev) > 0) {
        }
        for (;;) {
            if (cap - len < 65536) {
                cap *= 2;
                buf = realloc(buf, cap);
            }
            ssize_t n = read(fd, buf + len, cap - len - 1);
            if (n <= 0) {
                break;
            }
            int64_t seen = now_ns(CLOCK_REALTIME);
            len += (size_t) n;
            size_t start = 0;
            for (size_t k = 0; k < len; k++) {
                if (buf[k] == '\n') {
                    buf[k] = 0;
                    on_line(buf + start, seen);
                    start = k + 1;
                }
            }
            memmove(buf, buf + start, len - start);
            len -= start;
        }
    }
    free(buf);
    close(in);
    return NULL;
}

/* ---- statistics ---- */

static int cmp64(const void *a, const void *b) {
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted array, in microseconds. */
static double pct_us(const int64_t *v, long n, double p) {
    if (n == 0) {
        return -1;
    }
    long r = (long) (p / 100.0 * n + 0.999999);
    if (r < 1) {
        r = 1;
    }
    if (r > n) {
        r = n;
    }
    return v[r - 1] / 1000.0;
}

static void print_dist(const char *name, int64_t *v, long n) {
    qsort(v, (size_t) n, sizeof *v, cmp64);
    printf(" %s_n=%ld %s_p50_us=%.0f %s_p99_us=%.0f %s_max_us=%.0f", name, n, name, pct_us(v, n, 50), name,
           pct_us(v, n, 99), name, pct_us(v, n, 100));
}

static void usage(void) {
    fprintf(stderr, "usage: node --rate N --seconds S [--match-rate M --marker TEXT --alerts FILE "
                    "--wait-ms MS --samples FILE]\n");
    exit(2);
}

int main(int argc, char **argv) {
    double rate = 0, seconds = 0, match_rate = 0;
    long wait_ms = 5000;
    const char *samples_path = NULL;
    static struct option opts[] = {
        {"rate", required_argument, 0, 'r'},       {"seconds", required_argument, 0, 's'},
        {"match-rate", required_argument, 0, 'm'}, {"marker", required_argument, 0, 'k'},
        {"alerts", required_argument, 0, 'a'},     {"wait-ms", required_argument, 0, 'w'},
        {"samples", required_argument, 0, 'o'},    {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'r': rate = atof(optarg); break;
        case 's': seconds = atof(optarg); break;
        case 'm': match_rate = atof(optarg); break;
        case 'k': marker = optarg; break;
        case 'a': alert_path = optarg; break;
        case 'w': wait_ms = atol(optarg); break;
        case 'o': samples_path = optarg; break;
        default: usage();
        }
    }
    if (rate <= 0 || seconds <= 0 || (match_rate > 0 && marker == NULL)) {
        usage();
    }
    long total = (long) (rate * seconds + 0.5);
    long every = match_rate > 0 ? (long) (rate / match_rate + 0.5) : 0;
    if (match_rate > 0 && every < 1) {
        every = 1;
    }
    match_total = every > 0 ? (total + every - 1) / every : 0;

    FILE *pm = fopen("/proc/sys/kernel/pid_max", "r");
    if (pm == NULL || fscanf(pm, "%ld", &pid_max) != 1) {
        pid_max = 4194304;
    }
    if (pm != NULL) {
        fclose(pm);
    }
    fork_time = calloc((size_t) pid_max, sizeof *fork_time);
    lifetime_cap = total;
    lifetimes = calloc((size_t) total + 1, sizeof *lifetimes);
    samples = mmap(NULL, (match_total + 1) * sizeof *samples, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                   -1, 0);
    if (fork_time == NULL || lifetimes == NULL || samples == MAP_FAILED) {
        perror("exec-storm: memory");
        return 1;
    }

    pthread_t tail_thread;
    int alert_fd = -1;
    int tailing = match_total > 0 && alert_path != NULL; /* without an alert file: same workload, no latency */
    if (tailing) {
        alert_fd = open(alert_path, O_RDONLY);
        if (alert_fd < 0) {
            perror(alert_path);
            return 1;
        }
        lseek(alert_fd, 0, SEEK_END);
        pthread_create(&tail_thread, NULL, tail, &alert_fd);
    }
    sem_init(&children, 0, 0);
    pthread_t reaper_thread;
    pthread_create(&reaper_thread, NULL, reaper, NULL);

    /* Commands prepared before forking: the child only stamps the time and execs. */
    char cmd[256];
    int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC); /* the matching children's echo goes nowhere */
    char *true_argv[] = {"/bin/true", NULL};
    char *sh_argv[] = {"sh", "-c", cmd, NULL};

    int64_t period = (int64_t) (1e9 / rate);
    int64_t start = now_ns(CLOCK_MONOTONIC);
    int64_t max_lag = 0;
    long late = 0, launched = 0, fork_errors = 0, matches = 0;
    for (long i = 0; i < total; i++) {
        int64_t deadline = start + i * period;
        int64_t now = now_ns(CLOCK_MONOTONIC);
        if (now < deadline) {
            struct timespec ts = {.tv_sec = deadline / 1000000000LL, .tv_nsec = deadline % 1000000000LL};
            while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {
            }
        } else if (now - deadline > 1000000) { /* more than 1 ms behind schedule */
            late++;
            if (now - deadline > max_lag) {
                max_lag = now - deadline;
            }
        }
        long m = -1;
        if (every > 0 && i % every == every / 2) {
            m = matches++;
            snprintf(cmd, sizeof cmd, "echo /dev/tcp %s%ld", marker, m);
        }
        int64_t t0 = now_ns(CLOCK_MONOTONIC);
        pid_t pid = fork();
        if (pid == 0) {
            if (m >= 0) {
                if (devnull >= 0) {
                    dup2(devnull, 1);
                }
                samples[m].exec_ns = now_ns(CLOCK_REALTIME);
                execve("/bin/sh", sh_argv, environ);
            } else {
                execve("/bin/true", true_argv, environ);
            }
            _exit(127);
        }
        if (pid < 0) {
            fork_errors++;
            continue;
        }
        atomic_store(&fork_time[pid % pid_max], t0);
        launched++;
        sem_post(&children);
    }
    int64_t launch_end = now_ns(CLOCK_MONOTONIC);
    atomic_store(&launching_done, 1);
    sem_post(&children);
    pthread_join(reaper_thread, NULL);
    int64_t wall = (last_reap_ns > launch_end ? last_reap_ns : launch_end) - start;

    if (tailing) {
        int64_t give_up = now_ns(CLOCK_MONOTONIC) + wait_ms * 1000000LL;
        while (atomic_load(&matches_seen) < matches && now_ns(CLOCK_MONOTONIC) < give_up) {
            usleep(2000);
        }
        atomic_store(&tail_stop, 1);
        pthread_join(tail_thread, NULL);
    }

    /* Achieved rate: launches over the time from the first deadline to one period after the last launch. */
    double span = (launch_end - start + period) / 1e9;
    printf("target=%.0f launched=%ld fork_errors=%ld child_failures=%ld achieved=%.1f wall_s=%.3f late=%ld "
           "max_lag_ms=%.1f",
           rate, launched, fork_errors, child_failures, launched / span, wall / 1e9, late, max_lag / 1e6);
    print_dist("child", lifetimes, lifetime_count);
    if (tailing) {
        int64_t *file = calloc((size_t) matches + 1, sizeof(int64_t));
        int64_t *det = calloc((size_t) matches + 1, sizeof(int64_t));
        int64_t *kdet = calloc((size_t) matches + 1, sizeof(int64_t));
        long nf = 0, nd = 0, nk = 0;
        FILE *out = samples_path ? fopen(samples_path, "w") : NULL;
        if (out) {
            fprintf(out, "# index exec_ns seen_ns kernel_ns detected_ns (CLOCK_REALTIME; 0/-1 = none)\n");
        }
        for (long i = 0; i < matches; i++) {
            struct sample *s = &samples[i];
            if (out) {
                fprintf(out, "%ld %lld %lld %lld %lld\n", i, (long long) s->exec_ns, (long long) s->seen_ns,
                        (long long) s->kernel_ns, (long long) s->detected_ns);
            }
            if (s->seen_ns == 0 || s->exec_ns == 0) {
                continue;
            }
            file[nf++] = s->seen_ns - s->exec_ns;
            if (s->detected_ns > 0) {
                det[nd++] = s->detected_ns - s->exec_ns;
            }
            if (s->detected_ns > 0 && s->kernel_ns > 0) {
                kdet[nk++] = s->detected_ns - s->kernel_ns;
            }
        }
        if (out) {
            fclose(out);
        }
        printf(" matches=%ld alerts_seen=%ld foreign_alert_lines=%ld", matches, atomic_load(&matches_seen),
               foreign_lines);
        print_dist("exec_to_file", file, nf);
        print_dist("exec_to_detected", det, nd);
        print_dist("kernelts_to_detected", kdet, nk);
    }
    printf("\n");
    return 0;
}

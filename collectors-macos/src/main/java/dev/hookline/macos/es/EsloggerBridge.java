package dev.hookline.macos.es;

import dev.hookline.collector.CollectorException;
import dev.hookline.collector.HealthSink;
import dev.hookline.collector.RawRecorder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Runs {@code eslogger --format json <events>} and feeds its lines through the parser into the mapper. When
 * eslogger dies it is restarted with exponential backoff (1 s doubling to 60 s; back to 1 s after a run that
 * lasted a minute); each restart raises a health alert and the time without a running eslogger is counted as a
 * gap. A refusal a person must fix (Full Disk Access, root) is raised at start as a {@link CollectorException};
 * when it happens later it is raised as a health alert and retried at the longest backoff.
 */
public final class EsloggerBridge implements AutoCloseable {
    /** The NOTIFY events subscribed to, by eslogger's names. */
    public static final List<String> EVENTS = List.of("exec", "fork", "exit", "create", "write", "rename", "unlink",
            "close");
    static final long MIN_BACKOFF_MS = 1_000;
    static final long MAX_BACKOFF_MS = 60_000;
    static final int STDERR_KEEP = 8 * 1024;

    private final String eslogger;
    private final ProcessLauncher launcher;
    private final EsloggerParser parser;
    private final EsEventMapper mapper;
    private final HealthSink health;
    private final LongSupplier monoMillis;
    private final long startupGraceMillis;
    private final long minBackoffMs;

    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong gapMillis = new AtomicLong();
    private final AtomicLong launchFailures = new AtomicLong();
    private final AtomicLong dropReports = new AtomicLong();
    /** Sequence-gap total already raised as an alert, and when (monotonic ms; alerts at most once a minute). */
    private long gapAlerted;
    private long gapAlertedAtMs = Long.MIN_VALUE / 2;
    private volatile boolean closed;
    private volatile ProcessLauncher.Launched current;
    /** hookline record's hook: null unless recording. */
    private volatile RawRecorder recorder;
    private Thread thread;

    public EsloggerBridge(String eslogger, ProcessLauncher launcher, EsloggerParser parser, EsEventMapper mapper,
                          HealthSink health, long startupGraceMillis, long minBackoffMs) {
        this.eslogger = eslogger;
        this.launcher = launcher;
        this.parser = parser;
        this.mapper = mapper;
        this.health = health;
        this.monoMillis = () -> System.nanoTime() / 1_000_000L;
        this.startupGraceMillis = startupGraceMillis;
        this.minBackoffMs = minBackoffMs;
    }

    /** Hands every eslogger line, as read, to {@code r} ({@code hookline record}); null stops it. */
    public void recordTo(RawRecorder r) {
        this.recorder = r;
    }

    public List<String> command() {
        List<String> c = new ArrayList<>();
        c.add(eslogger);
        c.add("--format");
        c.add("json");
        c.addAll(EVENTS);
        return c;
    }

    /**
     * Launches eslogger and the reader thread. Waits up to the startup grace for eslogger to either print or
     * stay up; if it exits at once, throws with what its stderr says to do.
     */
    public void start() throws CollectorException {
        ProcessLauncher.Launched first;
        try {
            first = launcher.launch(command());
        } catch (IOException e) {
            throw new CollectorException("cannot run " + eslogger + ": " + e.getMessage()
                    + " (eslogger ships with macOS 13 and later)", e);
        }
        Run run = new Run(first);
        run.startStderr();
        try {
            run.firstSign.await(startupGraceMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (run.exited) {
            try {
                run.awaitStderr();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String err = run.stderrText();
            throw new CollectorException(EsloggerDiagnosis.explain(err, run.exitCode));
        }
        thread = new Thread(() -> loop(run), "hookline-eslogger");
        thread.setDaemon(true);
        thread.start();
    }

    /** How long an ended run's stderr may take to reach its end (the process is gone; this is quick). */
    private static final long STDERR_WAIT_MS = 1000;

    /** One eslogger process: its reader state and its stderr tail. */
    private final class Run {
        final ProcessLauncher.Launched proc;
        final CountDownLatch firstSign = new CountDownLatch(1);
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final long startedMs = monoMillis.getAsLong();
        volatile boolean exited;
        volatile int exitCode;
        Thread stdoutThread;
        Thread stderrThread;

        Run(ProcessLauncher.Launched proc) {
            this.proc = proc;
            current = proc;
            // The first run's stdout is read right away so the startup wait sees lines and exits.
            stdoutThread = new Thread(this::readStdout, "hookline-eslogger-out");
            stdoutThread.setDaemon(true);
        }

        void startStderr() {
            stderrThread = new Thread(this::drainStderr, "hookline-eslogger-err");
            stderrThread.setDaemon(true);
            stderrThread.start();
            stdoutThread.start();
        }

        private void drainStderr() {
            byte[] buf = new byte[1024];
            StringBuilder line = new StringBuilder();
            try (InputStream in = proc.stderr()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    stderrLines(buf, n, line);
                    synchronized (err) {
                        err.write(buf, 0, n);
                        if (err.size() > STDERR_KEEP) {
                            byte[] all = err.toByteArray();
                            err.reset();
                            err.write(all, all.length - STDERR_KEEP / 2, STDERR_KEEP / 2);
                        }
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // the child is gone; what was read is kept
            }
        }

        String stderrText() {
            synchronized (err) {
                return err.toString(StandardCharsets.UTF_8);
            }
        }

        private void readStdout() {
            try {
                String line;
                while (!closed && (line = proc.stdout().readLine()) != null) {
                    lines.incrementAndGet();
                    firstSign.countDown();
                    RawRecorder rec = recorder;
                    if (rec != null) {
                        byte[] raw = line.getBytes(StandardCharsets.UTF_8);
                        rec.record(0, raw, 0, raw.length);
                    }
                    EsMessage m = parser.parse(line);
                    long gap;
                    synchronized (mapper) {
                        mapper.accept(m);
                        gap = mapper.sequenceGap();
                    }
                    lostCheck(gap);
                }
            } catch (IOException | RuntimeException e) {
                // a closed pipe ends the run like an exit
            } finally {
                exitCode = proc.waitFor();
                exited = true;
                firstSign.countDown();
            }
        }

        /**
         * Waits for the run to end, then (bounded) for its stderr to be read to the end: the diagnosis of the exit
         * reads it, and an exit seen before the last stderr bytes were read was diagnosed without them.
         */
        void awaitEnd() throws InterruptedException {
            stdoutThread.join();
            awaitStderr();
        }

        void awaitStderr() throws InterruptedException {
            if (stderrThread != null) {
                stderrThread.join(STDERR_WAIT_MS);
            }
        }
    }

    /**
     * ES drops messages when a client (eslogger, blocked on a full pipe to us) falls behind; that shows as a
     * global_seq_num gap. Raised as an AgentHealth alert like audit's lost records, at most once a minute.
     */
    void lostCheck(long gap) {
        if (gap <= gapAlerted) {
            return;
        }
        long now = monoMillis.getAsLong();
        if (now - gapAlertedAtMs < 60_000) {
            return;
        }
        health.healthAlert("EsloggerEventsLost", (gap - gapAlerted) + " Endpoint Security message(s) dropped for"
                + " eslogger (global_seq_num gaps; " + gap + " in all): eslogger or this agent fell behind, and"
                + " process and file events were lost.");
        gapAlerted = gap;
        gapAlertedAtMs = now;
    }

    /**
     * Counts stderr lines in which eslogger reports dropped messages (the wording is not documented, so any line
     * mentioning "drop" counts) and raises each as an alert.
     */
    private void stderrLines(byte[] buf, int n, StringBuilder line) {
        for (int i = 0; i < n; i++) {
            char c = (char) (buf[i] & 0xff);
            if (c == '\n') {
                String l = line.toString();
                line.setLength(0);
                if (l.toLowerCase(java.util.Locale.ROOT).contains("drop")) {
                    dropReports.incrementAndGet();
                    health.healthAlert("EsloggerEventsLost", "eslogger reported lost messages: " + l.trim());
                }
            } else if (line.length() < 1024) {
                line.append(c);
            }
        }
    }

    /** One line for the collector's self-description: what eslogger is run for and what it was seen to print. */
    public String description() {
        String form;
        synchronized (mapper) {
            form = parser.destinationForm();
        }
        return String.join(" ", command()) + "; create/rename destination form: " + form;
    }

    private void loop(Run first) {
        Run run = first;
        long backoff = minBackoffMs;
        while (!closed) {
            try {
                run.awaitEnd();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (closed) {
                return;
            }
            long downSince = monoMillis.getAsLong();
            String err = run.stderrText();
            String why = EsloggerDiagnosis.explain(err, run.exitCode);
            boolean person = EsloggerDiagnosis.needsPerson(err);
            if (downSince - run.startedMs >= MAX_BACKOFF_MS) {
                backoff = minBackoffMs;
            }
            long wait = person ? Math.max(backoff, MAX_BACKOFF_MS) : backoff;
            health.healthAlert(person ? "EsloggerRefused" : "EsloggerDied", why + "; restarting eslogger in "
                    + wait / 1000.0 + " s (restart " + (restarts.get() + 1) + "). Process and file events are lost"
                    + " until it runs again.");
            Run next = null;
            while (!closed && next == null) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (closed) {
                    return;
                }
                try {
                    next = new Run(launcher.launch(command()));
                    synchronized (mapper) {
                        mapper.resetSequence();
                    }
                    next.startStderr();
                } catch (IOException e) {
                    launchFailures.incrementAndGet();
                    health.healthAlert("EsloggerDied", "cannot restart " + eslogger + ": " + e.getMessage());
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
                wait = backoff;
            }
            restarts.incrementAndGet();
            gapMillis.addAndGet(monoMillis.getAsLong() - downSince);
            run = next;
        }
    }

    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("esloggerLines", lines.get());
        c.put("esloggerRestarts", restarts.get());
        c.put("esloggerGapMillis", gapMillis.get());
        c.put("esloggerLaunchFailures", launchFailures.get());
        c.put("esloggerDropReports", dropReports.get());
        c.put("parsed", parser.parsed());
        c.put("malformedLines", parser.malformed());
        c.put("overlongLines", parser.tooLong());
        c.put("unreadableTimes", parser.badTime());
        c.put("destinationNested", parser.destinationNested());
        c.put("destinationFlat", parser.destinationFlat());
        synchronized (mapper) {
            c.putAll(mapper.counters());
        }
        return c;
    }

    @Override
    public void close() {
        closed = true;
        ProcessLauncher.Launched p = current;
        if (p != null) {
            p.destroy();
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

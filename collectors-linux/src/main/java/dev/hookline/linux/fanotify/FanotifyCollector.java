package dev.hookline.linux.fanotify;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.hookline.collector.Collector;
import dev.hookline.collector.CollectorContext;
import dev.hookline.collector.CollectorException;
import dev.hookline.collector.HostIdentity;
import dev.hookline.install.InstallResolver;
import dev.hookline.linux.jna.LibC;
import dev.hookline.linux.jna.Wakeup;
import dev.hookline.linux.proc.ProcInstallProbe;
import dev.hookline.schema.Times;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * DeviceFileEvents from fanotify: the collector's lifecycle and its reader thread. In the preferred mode (kernel ≥
 * 5.17) one group reports directory-entry events with directory file handle + name and FAN_RENAME with both old
 * and new names, marked on the superblock of every real filesystem ({@link FanotifyMarks}, {@link MountPolicy});
 * older kernels fall back to dirname mode (5.9–5.16) or fd mode. The reader thread polls the group, and under the
 * lock maps what it read ({@link FanotifyEventMapper}), ends quiet write bursts ({@link WriteCoalescer}) and
 * releases held rows ({@link HeldRows}). Directory handles become paths through {@link HandleResolver}.
 *
 * <p>An exec must not overtake the write that made its image (a download that is run at once, while its writer is
 * still young and its row held): before the audit collector publishes an exec it calls
 * {@link dev.hookline.collector.WriteBeforeExec#beforeExec} (the context's), and this collector publishes, on the
 * caller's thread and under its lock, the pending burst and the held rows up to the last one for that image, so
 * the rules see write, then exec.
 *
 * <p>Tamper: the agent's own files ({@link CollectorContext#protectedPaths()}) are watched through
 * {@link ProtectedPaths}; the agent's own pid is excluded anyway.
 */
public final class FanotifyCollector implements Collector {
    static final String MODE_RENAME = FanotifyMarks.MODE_RENAME;
    static final String MODE_DIRNAME = FanotifyMarks.MODE_DIRNAME;
    static final String MODE_FD = FanotifyMarks.MODE_FD;
    static final long HOLD_MS = HeldRows.HOLD_MS;
    private static final int POLLIN = 1;

    /** Guards all reader state: the reader thread holds it per batch, an exec's flush (another thread) per call. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Rows held or bursts pending: the reader polls more often meanwhile. */
    private volatile boolean holding;
    /** When the first held row or pending burst is due (nanoTime): the reader's poll ends then, not sooner. */
    private volatile long nextDue = Long.MAX_VALUE;
    /** The paths of those rows and bursts: {@link #flushBefore} takes the lock only for an image among them. */
    private final PendingPaths pendingPaths = new PendingPaths();

    private final CollectorContext ctx;
    private final FanotifySettings cfg;
    private final HostIdentity host;
    /** The agent's own files, null when none were given. */
    private final ProtectedPaths tamper;
    private final FanotifyCounters counters = new FanotifyCounters();
    /** Until start: how long an uncertain initiator is waited for (a test hook may lengthen it). */
    private long holdNanos = HOLD_MS * 1_000_000L;
    private FanotifyMarks marks;
    private HandleResolver resolver;
    private InitiatorLookup initiators;
    private WriteCoalescer coalescer;
    private FileRows rows;
    private HeldRows held;
    private FanotifyEventMapper mapper;
    private Thread thread;
    private volatile boolean running;
    /** Signalled by close(); null when no eventfd could be made (a timed poll then notices the stop). */
    private Wakeup wakeup;
    private volatile boolean paused;

    public FanotifyCollector(CollectorContext ctx) {
        this.ctx = ctx;
        this.cfg = ctx.settings(FanotifySettings.DEFAULTS);
        this.host = ctx.host();
        ProtectedPaths p = new ProtectedPaths(ctx.protectedPaths(), ctx.health());
        this.tamper = p.isEmpty() ? null : p;
    }

    /** The agent files watched for tampering (empty when the agent gave none). */
    public List<String> protectedPaths() {
        return tamper == null ? List.of() : tamper.paths();
    }

    @Override
    public String name() {
        return FanotifyCollectorProvider.NAME;
    }

    /** The mode in use after start: rename, dirname or fd. */
    public String mode() {
        return marks == null ? null : marks.mode();
    }

    /** Mount points whose filesystems are marked. */
    public List<String> markedMounts() {
        return marks == null ? List.of() : marks.marked();
    }

    /** Test hook: how long a row with an uncertain initiator is held. */
    void holdNanos(long nanos) {
        holdNanos = nanos;
        HeldRows h = held;
        if (h != null) {
            h.holdNanos(nanos);
        }
    }

    @Override
    public synchronized void start() throws CollectorException {
        if (running) {
            return;
        }
        marks = FanotifyMarks.open(cfg.mode(), ctx.health(), counters);
        resolver = new HandleResolver(cfg.pathCacheSize());
        initiators = new InitiatorLookup(ctx.processes(), host == null ? null : host.deviceName(),
                new InstallResolver(ProcInstallProbe.system()));
        rows = new FileRows(ctx.events(), host, cfg.sha256() ? new FileHasher(cfg.sha256MaxBytes()) : null, initiators,
                pendingPaths, counters);
        held = rows.held();
        held.holdNanos(holdNanos);
        coalescer = new WriteCoalescer(cfg.quietPeriodMs() * 1_000_000L, cfg.maxBurstMs() * 1_000_000L, 65536,
                rows, pendingPaths);
        OwnFiles own = new OwnFiles(marks::ignoreModify, p -> tamper != null && tamper.covers(p), counters);
        mapper = new FanotifyEventMapper(cfg, ctx.agentPid(), tamper, resolver, FdPaths.proc(), initiators, coalescer,
                rows, own, new OverflowAlerts(ctx.health(), counters), counters);
        List<Mount> mounts;
        try {
            mounts = Mount.parse(Files.readString(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            marks.close();
            throw new CollectorException("cannot read /proc/self/mountinfo: " + e.getMessage());
        }
        marks.markAll(new MountPolicy(cfg.excludeMounts()).select(mounts), resolver);
        marks.requireSomeMarked();
        try {
            wakeup = new Wakeup();
        } catch (LastErrorException e) {
            wakeup = null;
        }
        running = true;
        ctx.writeBeforeExec().register(this, this::flushBefore);
        thread = new Thread(this::loop, "hookline-fanotify");
        thread.setDaemon(true);
        thread.start();
    }

    /** Test hook: stop draining the queue (to provoke an overflow) and start again. */
    void pauseReading(boolean pause) {
        paused = pause;
    }

    private void loop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024).order(ByteOrder.nativeOrder());
        Memory pfd = new Memory(16);
        FanEvent ev = new FanEvent();
        LibC c = LibC.INSTANCE;
        Wakeup w = wakeup;
        while (running) {
            if (paused) {
                sleep(5);
                continue;
            }
            int ready = 0;
            try {
                pfd.setInt(0, marks.fd());
                pfd.setShort(4, (short) POLLIN);
                pfd.setShort(6, (short) 0);
                if (w != null) {
                    w.pollEntry(pfd, 1);
                }
                // Wake when the first held row or burst is due, or when close() signals: each wake-up costs ~70 µs
                // of CPU on the bench VM, and 10 ms polls during every 250 ms hold were most of this thread.
                int n = c.poll(pfd, w == null ? 1 : 2, pollMillis(System.nanoTime(), w != null));
                ready = n > 0 && pfd.getShort(6) != 0 ? n : 0; // not the stop signal alone
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EINTR) {
                    counters.errors.incrementAndGet();
                    sleep(100);
                }
            }
            // A burst: the rules run on this thread for what this poll published, not on a woken rule thread.
            ctx.events().beginBurst();
            try {
                lock.lock();
                try {
                    batch(c, buf, ev, ready);
                } finally {
                    settle();
                    lock.unlock();
                }
            } finally {
                endBurst();
            }
        }
        lock.lock();
        try {
            coalescer.flushAll();
            held.releaseDue(System.nanoTime(), true);
            holding = false;
        } finally {
            lock.unlock();
        }
    }

    private void endBurst() {
        try {
            ctx.events().endBurst();
        } catch (RuntimeException e) {
            counters.errors.incrementAndGet();
        }
    }

    /** One poll's worth: read and map what is ready, then end quiet bursts and release settled rows. */
    private void batch(LibC c, ByteBuffer buf, FanEvent ev, int ready) {
        if (ready > 0) {
            int len = 0;
            try {
                len = c.read(marks.fd(), buf, buf.capacity());
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EAGAIN && e.getErrorCode() != LibC.EINTR) {
                    counters.errors.incrementAndGet();
                    sleep(100);
                }
            }
            mapper.map(buf, len, ev, Times.nowNanos(), System.nanoTime());
        }
        long mono = System.nanoTime();
        try {
            coalescer.sweep(mono);
            mapper.sweepMoves(mono);
            held.releaseDue(mono, false);
        } catch (RuntimeException e) {
            counters.errors.incrementAndGet();
        }
    }

    /**
     * Called by the audit collector just before it publishes an exec of {@code image}: the write burst still
     * pending for that path ends now, and held rows up to the last one for that path are published (in order, with
     * their initiators settled: the writer's own exec record is already in the table by then).
     */
    void flushBefore(String image) {
        if (image == null || !running || !pendingPaths.contains(image)) {
            return;
        }
        lock.lock();
        try {
            coalescer.flush(image);
            counters.releasedForExec.addAndGet(held.releaseThrough(image));
            settle();
        } catch (RuntimeException e) {
            counters.errors.incrementAndGet();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: whether anything is held or pending, and when the first of it is due. */
    private void settle() {
        holding = !held.isEmpty() || coalescer.size() > 0;
        nextDue = Math.min(coalescer.nextDue(), held.firstDue());
    }

    /**
     * The next poll's timeout: until the first due row (at least 1 ms), at most 500 ms; with nothing held, forever
     * when a stop can signal the poll ({@code signalled}), else 500 ms to notice a stop.
     */
    int pollMillis(long now, boolean signalled) {
        if (!holding) {
            return signalled ? -1 : 500;
        }
        long wait = nextDue - now;
        return wait <= 0 ? 1 : (int) Math.min(500, (wait + 999_999) / 1_000_000);
    }

    @Override
    public Map<String, Long> counters() {
        FanotifyMarks m = marks;
        return counters.snapshot(m == null ? 0 : m.markedCount(), tamper == null ? 0 : tamper.hits, resolver,
                initiators);
    }

    @Override
    public synchronized void close() {
        ctx.writeBeforeExec().unregister(this);
        if (running) {
            running = false;
            paused = false;
            Wakeup w = wakeup;
            if (w != null) {
                w.signal();
            }
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (marks != null) {
            marks.close();
        }
        if (wakeup != null) {
            wakeup.close();
        }
        if (resolver != null) {
            resolver.close();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

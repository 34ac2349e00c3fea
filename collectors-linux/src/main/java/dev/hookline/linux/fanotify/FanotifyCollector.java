package dev.hookline.linux.fanotify;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.hookline.collector.Collector;
import dev.hookline.collector.CollectorContext;
import dev.hookline.collector.CollectorException;
import dev.hookline.collector.HostIdentity;
import dev.hookline.linux.jna.LibC;
import dev.hookline.linux.jna.Posix;
import dev.hookline.linux.jna.Wakeup;
import dev.hookline.process.Enrichment;
import dev.hookline.process.ProcessInfo;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.schema.Times;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DeviceFileEvents from fanotify. In the preferred mode (kernel ≥ 5.17) one group reports directory-entry events
 * with directory file handle + name (FAN_REPORT_DFID_NAME, FAN_REPORT_TARGET_FID) and FAN_RENAME with both old
 * and new names, marked on the superblock of every real filesystem (FAN_MARK_FILESYSTEM, see
 * {@link MountPolicy}). FileCreated ← FAN_CREATE, FileModified ← FAN_MODIFY coalesced per write burst
 * ({@link WriteCoalescer}), FileRenamed ← FAN_RENAME, FileDeleted ← FAN_DELETE. Directory handles become paths
 * through {@link HandleResolver}. Events of the agent itself and under excluded prefixes are counted and
 * dropped; unresolvable directories give FolderPath "&lt;unresolved&gt;/name" and a counter; queue overflows are
 * counted and raised as a rate-limited health alert.
 *
 * <p>Fallbacks: kernels 5.9–5.16 lack FAN_RENAME: FAN_MOVED_FROM/FAN_MOVED_TO are paired by pid (a lone half is
 * counted as unpairedMoves). Kernels before 5.9 have no names: the group falls back to file-descriptor mode with
 * FAN_MODIFY/FAN_CLOSE_WRITE only, path from /proc/self/fd/N; creates, deletes and renames are then not seen at
 * all (a created file shows up as FileModified when written), and paths are those of the marked mount.
 *
 * <p>Tamper: the agent's own files ({@link CollectorContext#protectedPaths()}) are checked on every event
 * (a hash look-up, see {@link ProtectedPaths}) before the exclusions; a change by another process raises the
 * AgentFileTampered health alert, and the row is still emitted as usual. The agent's own pid is excluded anyway.
 *
 * <p>Initiator: a file event whose writer is unknown or an image younger than {@value #HOLD_MS} ms is held that
 * long, then its initiator is looked up again, so the audit records of the writer's execs have reached the
 * process table ({@link InitiatorLookup#uncertain}); later events queue behind it so the order is kept. Held
 * events are copies from a small pool. An exec must not overtake the write that made its image (a download that
 * is run at once, while its writer is still young): before the audit collector publishes an exec it calls
 * {@link WriteBeforeExec#beforeExec}, and this collector publishes, on the caller's thread and under its lock, the
 * pending burst and the held rows up to the last one for that image, so the rules see write, then exec.
 *
 * <p>Directories: events on directories are not reported by default (MDE's DeviceFileEvents is about files),
 * but directory renames still clear the path cache so later paths are current.
 */
public final class FanotifyCollector implements Collector {
    static final String MODE_RENAME = "rename";
    static final String MODE_DIRNAME = "dirname";
    static final String MODE_FD = "fd";
    private static final long OVERFLOW_ALERT_NANOS = 60_000_000_000L;
    private static final int POLLIN = 1;
    static final long HOLD_MS = 250;

    /** A file event waiting for its initiator to settle; pooled. */
    private static final class Held {
        final Event event = new Event(Table.DeviceFileEvents);
        ProcessInfo who;
        long pid;
        long epoch;
        long mono;
    }

    private final java.util.ArrayDeque<Held> held = new java.util.ArrayDeque<>();
    /** Guards all reader state: the reader thread holds it per batch, an exec's flush (another thread) per call. */
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    /** Rows held or bursts pending: the reader polls more often meanwhile. */
    private volatile boolean holding;
    /** When the first held row or pending burst is due (nanoTime): the reader's poll ends then, not sooner. */
    private volatile long nextDue = Long.MAX_VALUE;
    /** The paths of those rows and bursts: {@link #flushBefore} takes the lock only for an image among them. */
    private final PendingPaths pendingPaths = new PendingPaths();
    /** How long an uncertain initiator is waited for; a test hook may lengthen it. */
    volatile long holdNanos = HOLD_MS * 1_000_000L;
    private volatile long releasedForExec;
    private final java.util.ArrayDeque<Held> heldPool = new java.util.ArrayDeque<>();
    private volatile long initiatorWaits;
    private boolean markDenied;

    private final CollectorContext ctx;
    private final FanotifySettings cfg;
    private final long agentPid;
    private final HostIdentity host;
    /** The agent's own files, null when none were given. */
    private final ProtectedPaths tamper;
    private String mode;
    private int fanFd = -1;
    private HandleResolver resolver;
    private InitiatorLookup initiators;
    private WriteCoalescer coalescer;
    private FileHasher hasher;
    private Thread thread;
    private volatile boolean running;
    /** Signalled by close(); null when no eventfd could be made (a timed poll then notices the stop). */
    private Wakeup wakeup;
    private volatile boolean paused;
    private final Event scratch = new Event(Table.DeviceFileEvents);
    private final byte[] fdLink = new byte[4096];
    private final List<String> marked = new ArrayList<>();
    /** FAN_MOVED_FROM waiting for its FAN_MOVED_TO (dirname mode), by pid: {path, mono time}. */
    private final Map<Long, Object[]> movedFrom = new HashMap<>();
    /**
     * Files the agent itself writes (its alert and event files) whose per-write MODIFY events the kernel now drops
     * (an inode ignore mark, see {@link #ignoreOwnWrites}); another process's write to one is reported when it
     * closes the file.
     */
    private final Set<String> ownFiles = new HashSet<>();
    static final int MAX_OWN_FILES = 1024;
    private volatile long ownFilesIgnored;
    private volatile long ownIgnoreFailures;
    private long lastOverflowAlert = Long.MIN_VALUE;
    private long overflowsAtLastAlert;

    private volatile long events;
    private volatile long created;
    private volatile long modified;
    private volatile long renamed;
    private volatile long deleted;
    private volatile long overflows;
    private volatile long unresolved;
    private volatile long excluded;
    private volatile long ownEvents;
    private volatile long directoryEvents;
    private volatile long noName;
    private volatile long malformed;
    private volatile long errors;
    private volatile long published;
    private volatile long dropped;
    private volatile long unpairedMoves;
    private volatile long markFailures;
    private volatile long sha256Computed;

    public FanotifyCollector(CollectorContext ctx) {
        this.ctx = ctx;
        this.cfg = FanotifySettings.from(ctx.config());
        this.agentPid = ctx.agentPid();
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
        return mode;
    }

    /** Mount points whose filesystems are marked. */
    public List<String> markedMounts() {
        return List.copyOf(marked);
    }

    @Override
    public synchronized void start() throws CollectorException {
        if (running) {
            return;
        }
        List<String> modes = switch (cfg.mode()) {
            case AUTO -> List.of(MODE_RENAME, MODE_DIRNAME, MODE_FD);
            case RENAME -> List.of(MODE_RENAME);
            case DIRNAME -> List.of(MODE_DIRNAME);
            case FD -> List.of(MODE_FD);
        };
        LibC c = LibC.INSTANCE;
        for (String m : modes) {
            try {
                fanFd = c.fanotify_init(Fan.FAN_CLASS_NOTIF | Fan.FAN_CLOEXEC | Fan.FAN_NONBLOCK | initFlags(m),
                        LibC.O_RDONLY | LibC.O_LARGEFILE | LibC.O_CLOEXEC);
                mode = m;
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EPERM) {
                    throw new CollectorException("fanotify needs root (CAP_SYS_ADMIN): " + Posix.describe(e)
                            + "; file events are off");
                }
                if (e.getErrorCode() != LibC.EINVAL) {
                    throw new CollectorException("fanotify_init failed: " + Posix.describe(e) + "; file events are off");
                }
            }
        }
        if (mode == null) {
            throw new CollectorException("this kernel has no usable fanotify (built without CONFIG_FANOTIFY?); file events are off");
        }
        resolver = new HandleResolver(cfg.pathCacheSize());
        initiators = new InitiatorLookup(ctx.processes(), host == null ? null : host.deviceName());
        coalescer = new WriteCoalescer(cfg.quietPeriodMs() * 1_000_000L, cfg.maxBurstMs() * 1_000_000L, 65536,
                this::burst, pendingPaths);
        hasher = cfg.sha256() ? new FileHasher(cfg.sha256MaxBytes()) : null;
        List<Mount> mounts;
        try {
            mounts = Mount.parse(Files.readString(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            closeFd();
            throw new CollectorException("cannot read /proc/self/mountinfo: " + e.getMessage());
        }
        for (Mount m : new MountPolicy(cfg.excludeMounts()).select(mounts)) {
            mark(m);
        }
        if (marked.isEmpty()) {
            closeFd();
            if (markDenied) {
                // Since 5.13 fanotify_init works unprivileged, but whole-filesystem marks still need CAP_SYS_ADMIN.
                throw new CollectorException("fanotify needs root (CAP_SYS_ADMIN) to watch whole filesystems: "
                        + "fanotify_mark(FAN_MARK_FILESYSTEM) was refused (EPERM); file events are off");
            }
            throw new CollectorException("no filesystem could be marked for fanotify (see health alerts); file events are off");
        }
        try {
            wakeup = new Wakeup();
        } catch (LastErrorException e) {
            wakeup = null;
        }
        running = true;
        WriteBeforeExec.shared().register(this);
        thread = new Thread(this::loop, "hookline-fanotify");
        thread.setDaemon(true);
        thread.start();
    }

    private static int initFlags(String m) {
        switch (m) {
            case MODE_RENAME:
                return Fan.FAN_REPORT_DFID_NAME | Fan.FAN_REPORT_FID | Fan.FAN_REPORT_TARGET_FID;
            case MODE_DIRNAME:
                return Fan.FAN_REPORT_DFID_NAME | Fan.FAN_REPORT_FID;
            default:
                return 0;
        }
    }

    private long markMask() {
        switch (mode) {
            case MODE_RENAME:
                return Fan.FAN_CREATE | Fan.FAN_DELETE | Fan.FAN_RENAME | Fan.FAN_MODIFY | Fan.FAN_CLOSE_WRITE | Fan.FAN_ONDIR;
            case MODE_DIRNAME:
                return Fan.FAN_CREATE | Fan.FAN_DELETE | Fan.FAN_MOVED_FROM | Fan.FAN_MOVED_TO | Fan.FAN_MODIFY
                        | Fan.FAN_CLOSE_WRITE | Fan.FAN_ONDIR;
            default:
                return Fan.FAN_MODIFY | Fan.FAN_CLOSE_WRITE;
        }
    }

    private void mark(Mount m) {
        LibC c = LibC.INSTANCE;
        int mfd;
        try {
            mfd = c.open(m.mountPoint(), LibC.O_RDONLY | Fan.O_DIRECTORY | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            markFailed(m, "cannot open mount point: " + Posix.describe(e));
            return;
        }
        long fsid;
        byte[] st = new byte[120];
        try {
            c.fstatfs(mfd, st);
            fsid = ByteBuffer.wrap(st).order(ByteOrder.nativeOrder()).getLong(56);
        } catch (LastErrorException e) {
            c.close(mfd);
            markFailed(m, "fstatfs failed: " + Posix.describe(e));
            return;
        }
        if (!mode.equals(MODE_FD) && resolver.knowsFsid(fsid)) {
            c.close(mfd); // same filesystem seen through another device number (btrfs subvolume): already marked
            return;
        }
        try {
            c.fanotify_mark(fanFd, Fan.FAN_MARK_ADD | Fan.FAN_MARK_FILESYSTEM, markMask(), Fan.AT_FDCWD, m.mountPoint());
        } catch (LastErrorException e) {
            boolean done = false;
            if (mode.equals(MODE_FD) && e.getErrorCode() == LibC.EINVAL) {
                try { // FAN_MARK_FILESYSTEM came in 4.20; before it, the mount is all we can mark
                    c.fanotify_mark(fanFd, Fan.FAN_MARK_ADD | Fan.FAN_MARK_MOUNT, markMask(), Fan.AT_FDCWD, m.mountPoint());
                    done = true;
                } catch (LastErrorException e2) {
                    e = e2;
                }
            }
            if (!done) {
                c.close(mfd);
                markDenied |= e.getErrorCode() == LibC.EPERM;
                markFailed(m, Posix.describe(e) + (e.getErrorCode() == 18 || e.getErrorCode() == 95
                        ? " (the filesystem cannot report file handles)" : ""));
                return;
            }
        }
        resolver.addMount(fsid, mfd);
        marked.add(m.mountPoint());
    }

    private void markFailed(Mount m, String why) {
        markFailures++;
        ctx.health().healthAlert("FanotifyMarkFailed", "file events on " + m.mountPoint() + " (" + m.fsType()
                + ") are not watched: " + why);
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
                pfd.setInt(0, fanFd);
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
                    errors++;
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
            releaseHeld(System.nanoTime(), true);
            holding = false;
        } finally {
            lock.unlock();
        }
    }

    private void endBurst() {
        try {
            ctx.events().endBurst();
        } catch (RuntimeException e) {
            errors++;
        }
    }

    /** One poll's worth: read and handle what is ready, then end quiet bursts and release settled rows. */
    private void batch(LibC c, ByteBuffer buf, FanEvent ev, int ready) {
        if (ready > 0) {
            int len = 0;
            try {
                len = c.read(fanFd, buf, buf.capacity());
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EAGAIN && e.getErrorCode() != LibC.EINTR) {
                    errors++;
                    sleep(100);
                }
            }
            long epoch = Times.nowNanos();
            long mono = System.nanoTime();
            int pos = 0;
            while (pos < len) {
                int next = ev.read(buf, pos, len);
                if (next < 0) {
                    malformed++;
                    break;
                }
                events++;
                try {
                    handle(ev, buf, epoch, mono);
                } catch (RuntimeException e) {
                    errors++;
                }
                pos = next;
            }
        }
        long mono = System.nanoTime();
        try {
            coalescer.sweep(mono);
            sweepMoves(mono);
            releaseHeld(mono, false);
        } catch (RuntimeException e) {
            errors++;
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
            int last = -1;
            int i = 0;
            for (Held h : held) {
                if (image.equals(h.event.getString(Columns.FOLDER_PATH))) {
                    last = i;
                }
                i++;
            }
            for (int n = 0; n <= last; n++) {
                releaseHead();
                releasedForExec++;
            }
            settle();
        } catch (RuntimeException e) {
            errors++;
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: whether anything is held or pending, and when the first of it is due. */
    private void settle() {
        holding = !held.isEmpty() || coalescer.size() > 0;
        long due = coalescer.nextDue();
        Held h = held.peekFirst();
        if (h != null) {
            due = Math.min(due, h.mono + holdNanos);
        }
        nextDue = due;
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

    /** Publishes held events from the head once they waited {@value #HOLD_MS} ms (all: every one, now). */
    private void releaseHeld(long mono, boolean all) {
        while (!held.isEmpty()) {
            Held h = held.peekFirst();
            if (!all && mono - h.mono < holdNanos) {
                return;
            }
            releaseHead();
        }
    }

    private void releaseHead() {
        Held h = held.pollFirst();
        publish(h.event, initiators.settle(h.who, h.pid, h.epoch), h.pid);
        pendingPaths.remove(h.event.getString(Columns.FOLDER_PATH));
        h.who = null;
        if (heldPool.size() < 1024) {
            heldPool.addLast(h);
        }
    }

    private void handle(FanEvent ev, ByteBuffer buf, long epoch, long mono) {
        long mask = ev.mask;
        if ((mask & Fan.FAN_Q_OVERFLOW) != 0) {
            overflow(mono);
            return;
        }
        if (ev.fd >= 0) {
            handleFd(ev, epoch, mono);
            return;
        }
        boolean dir = (mask & Fan.FAN_ONDIR) != 0;
        if (dir) {
            directoryEvents++;
            if ((mask & (Fan.FAN_RENAME | Fan.FAN_MOVED_FROM | Fan.FAN_MOVED_TO)) != 0) {
                resolver.invalidateAll(); // every cached path below the moved directory is now wrong
            }
            if (tamper != null && ev.pid != agentPid && (mask & (Fan.FAN_RENAME | Fan.FAN_MOVED_FROM | Fan.FAN_DELETE)) != 0) {
                directoryTamper(ev, buf, mono);
            }
            if (!cfg.reportDirectories()) {
                return;
            }
        }
        if (ev.pid == agentPid) {
            ownEvents++;
            boolean created = (mask & Fan.FAN_CREATE) != 0;
            boolean markable = (mask & Fan.FAN_MODIFY) != 0 && ownFiles.size() < MAX_OWN_FILES;
            if (!dir && ev.name != null && (created || markable)) {
                String own = path(buf, ev.dirOff, ev.dirEnd, ev.name);
                if (created) {
                    ownFiles.remove(own); // a new inode at that path (the alert file after rotation): mark it too
                }
                if (markable) {
                    ignoreOwnWrites(own);
                }
            }
            return;
        }
        if ((mask & Fan.FAN_RENAME) != 0) {
            if (ev.oldName == null || ev.newName == null) {
                noName++;
                return;
            }
            String from = path(buf, ev.oldOff, ev.oldEnd, ev.oldName);
            String to = path(buf, ev.newOff, ev.newEnd, ev.newName);
            if (tamper != null && !dir) {
                if (tamper.covers(from)) {
                    tamper.tampered("renamed", from, "to " + to, ev.pid, initiators.find(ev.pid, mono), mono);
                }
                if (tamper.covers(to)) {
                    tamper.tampered("replaced", to, "by renaming " + from + " over it", ev.pid,
                            initiators.find(ev.pid, mono), mono);
                }
            }
            if (isExcluded(from) && isExcluded(to)) {
                excluded++;
                return;
            }
            coalescer.flush(from);
            coalescer.flush(to);
            renamed++;
            emit("FileRenamed", to, from, initiators.find(ev.pid, mono), ev.pid, epoch);
            return;
        }
        if (ev.name == null) {
            noName++;
            return;
        }
        String path = path(buf, ev.dirOff, ev.dirEnd, ev.name);
        if (tamper != null && !dir && tamper.covers(path)) {
            String action = (mask & Fan.FAN_DELETE) != 0 ? "deleted"
                    : (mask & Fan.FAN_MOVED_FROM) != 0 ? "moved away"
                    : (mask & Fan.FAN_MOVED_TO) != 0 ? "replaced (moved in)"
                    : (mask & Fan.FAN_CREATE) != 0 ? "created"
                    : (mask & Fan.FAN_MODIFY) != 0 ? "modified" : null;
            if (action != null) {
                tamper.tampered(action, path, null, ev.pid, initiators.find(ev.pid, mono), mono);
            }
        }
        if (isExcluded(path)) {
            excluded++;
            return;
        }
        if ((mask & Fan.FAN_CREATE) != 0) {
            if (dir) {
                created++;
                emit("FileCreated", path, null, initiators.find(ev.pid, mono), ev.pid, epoch);
            } else {
                coalescer.created(path, ev.pid, initiators.find(ev.pid, mono), epoch, mono);
            }
        }
        if ((mask & Fan.FAN_MODIFY) != 0
                || ((mask & Fan.FAN_CLOSE_WRITE) != 0 && !dir && ownFiles.contains(path))) {
            // on the agent's own files another writer's MODIFY events are dropped by the kernel: its close says it
            coalescer.modified(path, ev.pid, initiators.find(ev.pid, mono), epoch, mono);
        }
        if ((mask & Fan.FAN_CLOSE_WRITE) != 0) {
            coalescer.closed(path);
        }
        if ((mask & Fan.FAN_MOVED_FROM) != 0) {
            Object[] lone = movedFrom.put((long) ev.pid, new Object[]{path, mono});
            if (lone != null) {
                unpairedMoves++;
            }
            coalescer.flush(path);
        }
        if ((mask & Fan.FAN_MOVED_TO) != 0) {
            Object[] from = movedFrom.remove((long) ev.pid);
            if (from == null) {
                unpairedMoves++;
            } else {
                coalescer.flush(path);
                renamed++;
                emit("FileRenamed", path, (String) from[0], initiators.find(ev.pid, mono), ev.pid, epoch);
            }
        }
        if ((mask & Fan.FAN_DELETE) != 0) {
            coalescer.flush(path);
            deleted++;
            emit("FileDeleted", path, null, initiators.find(ev.pid, mono), ev.pid, epoch);
        }
    }

    /** A directory renamed, moved away or deleted: tampering when one of the agent's files lies below it. */
    private void directoryTamper(FanEvent ev, ByteBuffer buf, long mono) {
        if ((ev.mask & Fan.FAN_RENAME) != 0) {
            if (ev.oldName != null && ev.newName != null) {
                String from = path(buf, ev.oldOff, ev.oldEnd, ev.oldName);
                if (tamper.coversBelow(from)) {
                    tamper.tampered("renamed", from, "to " + path(buf, ev.newOff, ev.newEnd, ev.newName), ev.pid,
                            initiators.find(ev.pid, mono), mono);
                }
            }
        } else if (ev.name != null) {
            String p = path(buf, ev.dirOff, ev.dirEnd, ev.name);
            if (tamper.coversBelow(p)) {
                tamper.tampered((ev.mask & Fan.FAN_DELETE) != 0 ? "deleted" : "moved away", p, null, ev.pid,
                        initiators.find(ev.pid, mono), mono);
            }
        }
    }

    /** fd mode: the event holds an open descriptor of the file; its /proc/self/fd link is the path. */
    private void handleFd(FanEvent ev, long epoch, long mono) {
        String path;
        byte[] link = fdLink;
        try {
            int n = LibC.INSTANCE.readlink("/proc/self/fd/" + ev.fd, link, link.length);
            path = new String(link, 0, n, StandardCharsets.UTF_8);
            if (path.endsWith(" (deleted)")) {
                path = path.substring(0, path.length() - " (deleted)".length());
            }
        } catch (LastErrorException e) {
            path = null;
        } finally {
            Posix.closeQuietly(ev.fd);
        }
        if (ev.pid == agentPid) {
            ownEvents++;
            return;
        }
        if (path != null && tamper != null && (ev.mask & Fan.FAN_MODIFY) != 0 && tamper.covers(path)) {
            tamper.tampered("modified", path, null, ev.pid, initiators.find(ev.pid, mono), mono);
        }
        if (path == null) {
            unresolved++;
            path = "<unresolved>/fd";
        } else if (isExcluded(path)) {
            excluded++;
            return;
        }
        if ((ev.mask & Fan.FAN_MODIFY) != 0) {
            coalescer.modified(path, ev.pid, initiators.find(ev.pid, mono), epoch, mono);
        }
        if ((ev.mask & Fan.FAN_CLOSE_WRITE) != 0) {
            coalescer.closed(path);
        }
    }

    private void sweepMoves(long mono) {
        if (movedFrom.isEmpty()) {
            return;
        }
        long quiet = cfg.quietPeriodMs() * 1_000_000L;
        movedFrom.values().removeIf(v -> {
            boolean old = mono - (Long) v[1] > quiet;
            if (old) {
                unpairedMoves++;
            }
            return old;
        });
    }

    /**
     * The agent wrote this file (its alert file, an event file): from now on the kernel drops every MODIFY event of
     * its inode (an ignore mark that survives modification), instead of waking this thread for each of the agent's
     * own writes only to discard it (~150 µs of CPU per alert written on the bench VM). Other processes' writes to
     * the file are still reported, at their close-for-write. Agent files under tamper protection keep their MODIFY
     * events. At most {@link #MAX_OWN_FILES}; a failed mark is counted and the file is watched as before. A file the
     * agent creates again (its alert file after rotation) is a new inode and is marked at its first write. The
     * caller checks the {@link #MAX_OWN_FILES} bound before it resolves the path.
     */
    private void ignoreOwnWrites(String path) {
        if (path.isEmpty() || path.charAt(0) != '/' || ownFiles.contains(path)
                || (tamper != null && tamper.covers(path))) {
            return;
        }
        ownFiles.add(path); // tried once per file (and inode at that path)
        try {
            LibC.INSTANCE.fanotify_mark(fanFd, Fan.FAN_MARK_ADD | Fan.FAN_MARK_IGNORED_MASK
                    | Fan.FAN_MARK_IGNORED_SURV_MODIFY, Fan.FAN_MODIFY, Fan.AT_FDCWD, path);
            ownFilesIgnored++;
        } catch (LastErrorException e) {
            ownIgnoreFailures++;
        }
    }

    private String path(ByteBuffer buf, int off, int end, String name) {
        String dir = off < 0 ? null : resolver.resolve(buf, off, end);
        if (dir == null) {
            unresolved++;
            return "<unresolved>/" + name;
        }
        return dir.equals("/") ? "/" + name : dir + "/" + name;
    }

    private boolean isExcluded(String path) {
        return path.charAt(0) == '/' && PathPrefixes.matches(cfg.excludePaths(), path);
    }

    private void overflow(long mono) {
        overflows++;
        if (lastOverflowAlert == Long.MIN_VALUE || mono - lastOverflowAlert >= OVERFLOW_ALERT_NANOS) {
            long n = overflows - overflowsAtLastAlert;
            lastOverflowAlert = mono;
            overflowsAtLastAlert = overflows;
            ctx.health().healthAlert("FanotifyQueueOverflow", "the fanotify queue overflowed (" + n
                    + " time(s) since the last alert, " + overflows + " in total): file events were lost; the"
                    + " collector keeps running. Raise /proc/sys/fs/fanotify/max_queued_events or exclude busy paths.");
        }
    }

    private void burst(String action, String path, ProcessInfo who, long pid, long epoch) {
        if (action.equals("FileCreated")) {
            created++;
        } else {
            modified++;
        }
        emit(action, path, null, who, pid, epoch);
    }

    private void emit(String action, String path, String previous, ProcessInfo who, long pid, long epoch) {
        Event e = scratch.reset(Table.DeviceFileEvents);
        e.setTime(Columns.TIMESTAMP, epoch);
        if (host != null) {
            e.set(Columns.DEVICE_NAME, host.deviceName());
            e.set(Columns.DEVICE_ID, host.deviceId());
        }
        e.set(Columns.ACTION_TYPE, action);
        e.set(Columns.FILE_NAME, dev.hookline.process.Paths.fileName(path));
        e.set(Columns.FOLDER_PATH, path);
        if (previous != null) {
            e.set(Columns.PREVIOUS_FILE_NAME, dev.hookline.process.Paths.fileName(previous));
            e.set(Columns.PREVIOUS_FOLDER_PATH, previous);
        }
        if (!action.equals("FileDeleted") && path.charAt(0) == '/') {
            try {
                Path p = Path.of(path);
                e.set(Columns.FILE_SIZE, Files.size(p));
                if (hasher != null && !action.equals("FileRenamed")) {
                    String h = hasher.sha256(p);
                    if (h != null) {
                        sha256Computed++;
                        e.set(Columns.SHA256, h);
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // gone or unreadable by now: size stays empty
            }
        }
        boolean unsure = initiators.uncertain(who, epoch, holdNanos);
        if (unsure || !held.isEmpty()) {
            if (unsure) {
                initiatorWaits++;
            }
            Held h = heldPool.isEmpty() ? new Held() : heldPool.pollFirst();
            h.event.copyFrom(e);
            h.who = who;
            h.pid = pid;
            h.epoch = epoch;
            h.mono = System.nanoTime();
            held.addLast(h);
            pendingPaths.add(h.event.getString(Columns.FOLDER_PATH));
            return;
        }
        publish(e, who, pid);
    }

    private void publish(Event e, ProcessInfo who, long pid) {
        if (who != null) {
            Enrichment.fillInitiating(e, who, initiators.table());
        } else {
            e.set(Columns.INITIATING_PROCESS_ID, pid);
        }
        if (ctx.events().publish(e)) {
            published++;
        } else {
            dropped++;
        }
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("events", events);
        m.put("created", created);
        m.put("modified", modified);
        m.put("renamed", renamed);
        m.put("deleted", deleted);
        m.put("overflows", overflows);
        m.put("unresolved", unresolved);
        m.put("excluded", excluded);
        m.put("ownEvents", ownEvents);
        m.put("ownFilesIgnored", ownFilesIgnored);
        m.put("ownIgnoreFailures", ownIgnoreFailures);
        m.put("directoryEvents", directoryEvents);
        m.put("noName", noName);
        m.put("unpairedMoves", unpairedMoves);
        m.put("malformed", malformed);
        m.put("errors", errors);
        m.put("published", published);
        m.put("dropped", dropped);
        m.put("markedFilesystems", (long) marked.size());
        m.put("markFailures", markFailures);
        m.put("sha256Computed", sha256Computed);
        m.put("tamperEvents", tamper == null ? 0 : tamper.hits);
        HandleResolver r = resolver;
        if (r != null) {
            m.put("pathCacheHits", r.hits);
            m.put("pathCacheMisses", r.misses);
            m.put("pathResolveFailures", r.failures);
        }
        InitiatorLookup i = initiators;
        if (i != null) {
            m.put("initiatorFromTable", i.fromTable);
            m.put("initiatorFromProc", i.fromProc);
            m.put("initiatorUnknown", i.unknown);
            m.put("initiatorWaits", initiatorWaits);
            m.put("releasedForExec", releasedForExec);
        }
        return m;
    }

    @Override
    public synchronized void close() {
        WriteBeforeExec.shared().unregister(this);
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
        closeFd();
        if (wakeup != null) {
            wakeup.close();
        }
        if (resolver != null) {
            resolver.close();
        }
    }

    private void closeFd() {
        if (fanFd >= 0) {
            Posix.closeQuietly(fanFd); // drops every mark of the group
            fanFd = -1;
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

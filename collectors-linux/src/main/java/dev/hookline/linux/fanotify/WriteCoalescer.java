package dev.hookline.linux.fanotify;

import dev.hookline.process.ProcessInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Folds a write burst into one row. A burst is what one process does to one path between its first write (or
 * its creation) and its close-for-write; a burst that never closes ends after a quiet period without writes,
 * and a burst that never goes quiet (a log file) is cut after a maximum length. A file created and written in
 * the same burst yields one FileCreated row, not FileCreated plus FileModified. Another process writing the same
 * path ends the current burst. Deletes and renames end the burst of the old path first, so rows stay in order.
 * Times: epoch nanos for row timestamps, monotonic nanos for the quiet-period clock. Reader thread only.
 */
final class WriteCoalescer {
    /** Receives finished bursts. */
    interface Sink {
        void burst(String action, String path, ProcessInfo initiator, long pid, long epochNanos);
    }

    static final class Pending {
        final String path;
        final long pid;
        final ProcessInfo initiator;
        final long firstEpochNanos;
        final long firstMonoNanos;
        long lastMonoNanos;
        final boolean created;

        Pending(String path, long pid, ProcessInfo initiator, long epoch, long mono, boolean created) {
            this.path = path;
            this.pid = pid;
            this.initiator = initiator;
            this.firstEpochNanos = epoch;
            this.firstMonoNanos = mono;
            this.lastMonoNanos = mono;
            this.created = created;
        }
    }

    private final Map<String, Pending> pending = new HashMap<>();
    /** Every path with an open burst, shared with the collector's exec check. */
    private final PendingPaths open;
    private final long quietNanos;
    private final long maxBurstNanos;
    private final Sink sink;
    private final int maxPending;
    long forcedFlushes;

    WriteCoalescer(long quietNanos, long maxBurstNanos, int maxPending, Sink sink) {
        this(quietNanos, maxBurstNanos, maxPending, sink, new PendingPaths());
    }

    WriteCoalescer(long quietNanos, long maxBurstNanos, int maxPending, Sink sink, PendingPaths open) {
        this.open = open;
        this.quietNanos = quietNanos;
        this.maxBurstNanos = maxBurstNanos;
        this.maxPending = maxPending;
        this.sink = sink;
    }

    void created(String path, long pid, ProcessInfo who, long epoch, long mono) {
        flush(path);
        start(path, pid, who, epoch, mono, true);
    }

    void modified(String path, long pid, ProcessInfo who, long epoch, long mono) {
        Pending p = pending.get(path);
        if (p != null && p.pid != pid) {
            flush(path);
            p = null;
        }
        if (p == null) {
            start(path, pid, who, epoch, mono, false);
        } else {
            p.lastMonoNanos = mono;
        }
    }

    /** Close-for-write: the burst of this path ends (nothing is emitted when no write or create was seen). */
    void closed(String path) {
        flush(path);
    }

    /** Ends the burst of a path about to be deleted or renamed, so its row comes first. */
    void flush(String path) {
        Pending p = pending.remove(path);
        if (p != null) {
            emit(p);
        }
    }

    /** When the next pending burst is due (quiet or overlong), as a nanoTime; Long.MAX_VALUE when none is. */
    long nextDue() {
        long due = Long.MAX_VALUE;
        for (Pending p : pending.values()) {
            due = Math.min(due, Math.min(p.lastMonoNanos + quietNanos, p.firstMonoNanos + maxBurstNanos));
        }
        return due;
    }

    /** Ends quiet and overlong bursts; called a few times a second. */
    void sweep(long mono) {
        if (pending.isEmpty()) {
            return;
        }
        List<Pending> done = null;
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (mono - p.lastMonoNanos >= quietNanos || mono - p.firstMonoNanos >= maxBurstNanos) {
                it.remove();
                if (done == null) {
                    done = new ArrayList<>();
                }
                done.add(p);
            }
        }
        if (done != null) {
            done.sort((a, b) -> Long.compare(a.firstMonoNanos, b.firstMonoNanos));
            done.forEach(this::emit);
        }
    }

    void flushAll() {
        sweep(Long.MAX_VALUE / 2);
        List<Pending> rest = new ArrayList<>(pending.values());
        pending.clear();
        rest.forEach(this::emit);
    }

    int size() {
        return pending.size();
    }

    private void start(String path, long pid, ProcessInfo who, long epoch, long mono, boolean created) {
        if (pending.size() >= maxPending) {
            forcedFlushes++;
            flushAll(); // bounded memory beats perfect coalescing when thousands of files are open for write
        }
        pending.put(path, new Pending(path, pid, who, epoch, mono, created));
        open.add(path);
    }

    private void emit(Pending p) {
        sink.burst(p.created ? "FileCreated" : "FileModified", p.path, p.initiator, p.pid, p.firstEpochNanos);
        open.remove(p.path); // after the sink: a row it holds keeps the path pending without a gap
    }
}

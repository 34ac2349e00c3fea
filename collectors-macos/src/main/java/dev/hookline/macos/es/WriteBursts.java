package dev.hookline.macos.es;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Folds the per-write(2) NOTIFY_WRITE stream into one FileModified row per burst: what one process does to one
 * path from its first write (or its create) until it closes the file, goes quiet for {@code quietNanos}, or has
 * been writing for {@code maxNanos} (a log file gets one row per period, not one ever). The first write of a burst
 * is reported at once, so a row is never held back. A close with {@code modified} reports a row only when no
 * burst covered it (writes through mmap, or write events muted). A file created and written in one burst yields
 * FileCreated only. Times are the messages' own (epoch nanos), so the outcome does not depend on reading speed.
 * Single-threaded (the eslogger reader); bounded, least recently used burst dropped first.
 */
final class WriteBursts {
    static final int MAX_TRACKED = 8192;

    private static final class Burst {
        final long first;
        long last;

        Burst(long t) {
            first = t;
            last = t;
        }
    }

    private final long quietNanos;
    private final long maxNanos;
    private final LinkedHashMap<String, Burst> bursts = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Burst> eldest) {
            return size() > MAX_TRACKED;
        }
    };
    private long suppressed;

    WriteBursts(long quietNanos, long maxNanos) {
        this.quietNanos = quietNanos;
        this.maxNanos = maxNanos;
    }

    private static String key(long pid, String path) {
        return pid + ":" + path;
    }

    /** A create opens a burst; the caller always reports FileCreated. */
    void created(long pid, String path, long t) {
        bursts.put(key(pid, path), new Burst(t));
    }

    /** True when this write starts a new burst (report FileModified). */
    boolean write(long pid, String path, long t) {
        String k = key(pid, path);
        Burst b = bursts.get(k);
        if (b != null && t - b.last <= quietNanos && t - b.first <= maxNanos) {
            b.last = Math.max(b.last, t);
            suppressed++;
            return false;
        }
        bursts.put(k, new Burst(t));
        return true;
    }

    /** True when a close should be reported as FileModified (modified and not already covered by a burst). */
    boolean closed(long pid, String path, boolean modified, long t) {
        Burst b = bursts.remove(key(pid, path));
        if (!modified) {
            return false;
        }
        if (b != null && t - b.last <= quietNanos) {
            suppressed++;
            return false;
        }
        return true;
    }

    /** The path went away (unlink, rename source): bursts on it end. */
    void ended(String path) {
        String suffix = ":" + path;
        for (Iterator<String> it = bursts.keySet().iterator(); it.hasNext(); ) {
            if (it.next().endsWith(suffix)) {
                it.remove();
            }
        }
    }

    int tracked() {
        return bursts.size();
    }

    long suppressed() {
        return suppressed;
    }
}

package dev.hookline.writes;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A thread-safe summary of {@link RecentWrites} for other threads: whether a path may have been written within the
 * index's age. A fixed array of last-write times indexed by the path's hash (no keys kept), so a lookup can say
 * "maybe" for a path never written (two paths sharing a slot) but never "no" for one that was, short of a write
 * still on its way to the evaluating thread. Used by a collector deciding whether an exec must reach the rules at
 * once (an arm asks hookline_recently_written_*() of its image); a false "maybe" only costs that exec being
 * processed at once. Fixed memory: 8 bytes a slot.
 */
public final class WrittenPaths {
    public static final int DEFAULT_SLOTS = 1 << 16;
    private final AtomicLongArray lastWrite;
    private final int mask;
    private final long maxAge;

    public WrittenPaths() {
        this(DEFAULT_SLOTS, RecentWrites.DEFAULT_MAX_AGE_NANOS);
    }

    /** @param slots rounded up to a power of two */
    public WrittenPaths(int slots, long maxAgeNanos) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be positive");
        }
        int n = Integer.highestOneBit(Math.max(1, slots - 1)) << 1;
        lastWrite = new AtomicLongArray(Math.max(2, n));
        mask = lastWrite.length() - 1;
        maxAge = maxAgeNanos;
    }

    /** Records a write of the path at the time (epoch nanoseconds). */
    public void written(String path, long epochNanos) {
        if (path == null || path.isEmpty()) {
            return;
        }
        int i = slot(path);
        if (lastWrite.get(i) < epochNanos) {
            lastWrite.lazySet(i, epochNanos);
        }
    }

    /** False only when the path was certainly not written within the index's age before {@code nowNanos}. */
    public boolean mayHaveWritten(String path, long nowNanos) {
        if (path == null || path.isEmpty()) {
            return false;
        }
        long t = lastWrite.get(slot(path));
        return t != 0 && nowNanos - t <= maxAge + RecentWrites.CLOCK_ALLOWANCE_NANOS;
    }

    private int slot(String path) {
        int h = path.hashCode();
        return (h ^ (h >>> 16)) & mask;
    }
}

package dev.hookline.linux.audit;

import java.util.concurrent.locks.LockSupport;

/**
 * Interrupt coalescing for the audit reader: while records come faster than about one exec's worth per period,
 * the reader sleeps out the rest of the period after each read and then takes everything queued at once, so a
 * storm costs one wake-up per period instead of one (or more) per exec. A wake-up is most of an exec's cost on a
 * small VM (about 70 µs of CPU on the 2-core bench machine, more than parsing, mapping and evaluating the exec).
 * The rate is measured over windows of {@link #WINDOW_NANOS}; below it the reader reads records as they come, so
 * a quiet host sees no added latency and a busy one at most one period.
 * <p>
 * Reader thread only.
 */
final class ReadPacer {
    static final long WINDOW_NANOS = 50_000_000L;
    /**
     * Records per period that make the host busy: one exec when every record type is kept (SYSCALL, EXECVE, CWD,
     * PATH×2, PROCTITLE, EOE; busy from ~330 exec/s), ~1.75 execs with CWD and PATH excluded (4 records; busy from
     * ~580 exec/s). A threshold of 4 measured the same CPU at 500/s (alternated, 41.5 against 42.5 µs per exec) and
     * pacing costs up to a period of latency, so 7 it stays.
     */
    static final int BUSY_RECORDS_PER_PERIOD = 7;
    private final long periodNanos;
    private long windowStart;
    private long windowRecords;
    private boolean busy;
    private long sleepUntil;

    /** @param periodNanos the coalescing period; 0 turns pacing off */
    ReadPacer(long periodNanos) {
        this.periodNanos = periodNanos;
    }

    /**
     * Records a receive of {@code records} datagrams at {@code now} (nanoTime); sets when the next may happen. A
     * receive that filled its batch left more queued: the next one comes at once, whatever the rate (pacing a
     * reader that is behind capped it at one batch per period, and an exec storm overran the kernel's backlog).
     */
    void received(int records, boolean batchFull, long now) {
        if (periodNanos <= 0) {
            return;
        }
        windowRecords += records;
        long elapsed = now - windowStart;
        if (elapsed >= WINDOW_NANOS) {
            busy = windowRecords * periodNanos >= BUSY_RECORDS_PER_PERIOD * elapsed;
            windowRecords = 0;
            windowStart = now;
        }
        sleepUntil = busy && !batchFull ? now + periodNanos : 0;
    }

    boolean busy() {
        return busy;
    }

    /** When the next receive should happen (nanoTime), or 0 for now. */
    long sleepUntil() {
        return sleepUntil;
    }

    /** Sleeps until the period that began with the last busy read is over (returns at once when not busy). */
    void pause() {
        if (sleepUntil == 0) {
            return;
        }
        long wait = sleepUntil - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(this, wait);
        }
    }
}

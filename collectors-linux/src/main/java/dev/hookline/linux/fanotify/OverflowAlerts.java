package dev.hookline.linux.fanotify;

import dev.hookline.collector.HealthSink;

/**
 * Counts fanotify queue overflows and raises FanotifyQueueOverflow at most once a minute, with how many overflows
 * the alert stands for. Reader thread only.
 */
final class OverflowAlerts {
    static final long ALERT_NANOS = 60_000_000_000L;

    private final HealthSink health;
    private final FanotifyCounters counters;
    private long lastAlert = Long.MIN_VALUE;
    private long overflowsAtLastAlert;

    OverflowAlerts(HealthSink health, FanotifyCounters counters) {
        this.health = health;
        this.counters = counters;
    }

    void overflow(long mono) {
        long overflows = counters.overflows.incrementAndGet();
        if (lastAlert == Long.MIN_VALUE || mono - lastAlert >= ALERT_NANOS) {
            long n = overflows - overflowsAtLastAlert;
            lastAlert = mono;
            overflowsAtLastAlert = overflows;
            health.healthAlert("FanotifyQueueOverflow", "the fanotify queue overflowed (" + n
                    + " time(s) since the last alert, " + overflows + " in total): file events were lost; the"
                    + " collector keeps running. Raise /proc/sys/fs/fanotify/max_queued_events or exclude busy paths.");
        }
    }
}

package dev.hookline.windows.loss;

import dev.hookline.collector.HealthSink;
import dev.hookline.windows.etw.BufferStats;
import dev.hookline.windows.etw.SessionStats;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Counts what the ETW session lost, from two sides:
 * <ul>
 * <li>the session (polled: ControlTraceW QUERY): EventsLost → {@code events_lost}, RealTimeBuffersLost +
 * LogBuffersLost → {@code buffers_lost};</li>
 * <li>the consumer (BufferCallback at each buffer): the logfile's EventsLost and its header's EventsLost, taken as
 * two views of one count (the larger) → {@code consumer_events_lost}; the header's BuffersLost →
 * {@code consumer_buffers_lost}; BuffersRead → {@code buffers_read}.</li>
 * </ul>
 * Each counter grows by the increments of the cumulative readings ({@link CumulativeDelta}). Any growth is raised
 * as the health alert EtwEventsLost from {@link #poll} (never from the ProcessTrace thread), at most once a minute,
 * with what was lost since the previous alert, like audit's AuditRecordsLost.
 */
public final class LossMonitor {
    public static final String ALERT_KIND = "EtwEventsLost";
    static final long ALERT_NANOS = 60_000_000_000L;

    private final Supplier<SessionStats> query;
    private final HealthSink health;
    private final String sessionName;
    // poll thread
    private final CumulativeDelta sessionEvents = new CumulativeDelta();
    private final CumulativeDelta realTimeBuffers = new CumulativeDelta();
    private final CumulativeDelta logBuffers = new CumulativeDelta();
    private long lastAlert = Long.MIN_VALUE;
    private long lossAtLastAlert;
    // ProcessTrace thread
    private final CumulativeDelta consumerEvents = new CumulativeDelta();
    private final CumulativeDelta consumerBuffers = new CumulativeDelta();
    private final CumulativeDelta buffersReadDelta = new CumulativeDelta();

    private final AtomicLong eventsLost = new AtomicLong();
    private final AtomicLong buffersLost = new AtomicLong();
    private final AtomicLong consumerEventsLost = new AtomicLong();
    private final AtomicLong consumerBuffersLost = new AtomicLong();
    private final AtomicLong buffersRead = new AtomicLong();
    private final AtomicLong queryErrors = new AtomicLong();
    private final AtomicLong sessionResets = new AtomicLong();
    private volatile int lastQueryStatus;

    /** @param query the session's statistics now (ControlTraceW QUERY through the binding) */
    public LossMonitor(Supplier<SessionStats> query, HealthSink health, String sessionName) {
        this.query = query;
        this.health = health;
        this.sessionName = sessionName;
    }

    /** The BufferCallback's figures; cheap, called once per delivered buffer on the ProcessTrace thread. */
    public void onBuffer(BufferStats s) {
        consumerEventsLost.addAndGet(consumerEvents.next(Math.max(s.eventsLost(), s.headerEventsLost())));
        consumerBuffersLost.addAndGet(consumerBuffers.next(s.headerBuffersLost()));
        buffersRead.addAndGet(buffersReadDelta.next(s.buffersRead()));
    }

    /** Reads the session's statistics and raises the alert when anything was lost. One thread only. */
    public synchronized void poll(long nowNanos) {
        SessionStats s = query.get();
        if (s.ok()) {
            eventsLost.addAndGet(sessionEvents.next(s.eventsLost()));
            buffersLost.addAndGet(realTimeBuffers.next(s.realTimeBuffersLost()) + logBuffers.next(s.logBuffersLost()));
            sessionResets.set(sessionEvents.resets());
        } else {
            queryErrors.incrementAndGet();
            lastQueryStatus = s.status();
        }
        long loss = totalLoss();
        if (loss > lossAtLastAlert && (lastAlert == Long.MIN_VALUE || nowNanos - lastAlert >= ALERT_NANOS)) {
            health.healthAlert(ALERT_KIND, "the ETW session " + sessionName + " lost " + (loss - lossAtLastAlert)
                    + " events/buffers since the last alert (" + eventsLost.get() + " events and " + buffersLost.get()
                    + " buffers by the session, " + consumerEventsLost.get() + " events and "
                    + consumerBuffersLost.get() + " buffers seen by the consumer, in total); the consumer could not"
                    + " keep up: reduce file events (files: false) or exclude busy processes");
            lastAlert = nowNanos;
            lossAtLastAlert = loss;
        }
    }

    private long totalLoss() {
        return eventsLost.get() + buffersLost.get() + consumerEventsLost.get() + consumerBuffersLost.get();
    }

    public Map<String, Long> counters() {
        Map<String, Long> m = new TreeMap<>();
        m.put("events_lost", eventsLost.get());
        m.put("buffers_lost", buffersLost.get());
        m.put("consumer_events_lost", consumerEventsLost.get());
        m.put("consumer_buffers_lost", consumerBuffersLost.get());
        m.put("buffers_read", buffersRead.get());
        m.put("stats_query_errors", queryErrors.get());
        m.put("session_stats_resets", sessionResets.get());
        return m;
    }

    /** The last failed query's Win32 status (0 when none failed), for the start log and tests. */
    public int lastQueryStatus() {
        return lastQueryStatus;
    }
}

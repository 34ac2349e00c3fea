package dev.hookline.windows.loss;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.windows.etw.BufferStats;
import dev.hookline.windows.etw.SessionStats;
import dev.hookline.windows.etw.Win32Errors;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossMonitorTest {
    static final long S = 1_000_000_000L;

    final Deque<SessionStats> answers = new ArrayDeque<>();
    final List<String> alerts = new ArrayList<>();
    final LossMonitor m = new LossMonitor(answers::poll, (kind, msg) -> alerts.add(kind + ": " + msg), "Test-ETW");

    static SessionStats stats(long events, long rtBuffers, long logBuffers) {
        return new SessionStats(0, events, rtBuffers, logBuffers, 100);
    }

    @Test
    void cumulativeSessionFiguresBecomeGrowingCountersOfWhatWasLostSinceStart() {
        answers.add(stats(0, 0, 0));
        answers.add(stats(5, 1, 0));
        answers.add(stats(12, 3, 1));
        m.poll(0);
        m.poll(10 * S);
        m.poll(20 * S);
        assertEquals(12, m.counters().get("events_lost"));
        assertEquals(4, m.counters().get("buffers_lost"), "real-time and log buffers lost");
    }

    @Test
    void aRecreatedSessionsFiguresStartAgainAndAreAddedNotSubtracted() {
        answers.add(stats(100, 4, 0));
        answers.add(stats(3, 1, 0)); // the session was re-created: its counts began again at zero
        answers.add(stats(5, 1, 0));
        m.poll(0);
        m.poll(10 * S);
        m.poll(20 * S);
        assertEquals(105, m.counters().get("events_lost"));
        assertEquals(5, m.counters().get("buffers_lost"));
        assertEquals(1, m.counters().get("session_stats_resets"));
    }

    @Test
    void lossIsAlertedAtMostOnceAMinuteWithWhatWasLostSinceTheLastAlert() {
        answers.add(stats(0, 0, 0));
        answers.add(stats(10, 0, 0));
        answers.add(stats(30, 2, 0));
        answers.add(stats(31, 2, 0));
        answers.add(stats(31, 2, 0));
        m.poll(0);
        assertTrue(alerts.isEmpty(), "nothing lost, nothing said");
        m.poll(5 * S);
        assertEquals(1, alerts.size());
        assertTrue(alerts.get(0).startsWith("EtwEventsLost: the ETW session Test-ETW lost 10 "), alerts.get(0));
        m.poll(30 * S);
        assertEquals(1, alerts.size(), "within the minute");
        m.poll(65 * S);
        assertEquals(2, alerts.size());
        assertTrue(alerts.get(1).contains("lost 23 "), "21 more since the first alert: " + alerts.get(1));
        assertTrue(alerts.get(1).contains("31 events and 2 buffers by the session"), alerts.get(1));
        m.poll(200 * S);
        assertEquals(2, alerts.size(), "no new loss, no alert");
    }

    @Test
    void consumerSideFiguresFromEachBufferAreCountedAndAlertedAtTheNextPoll() {
        m.onBuffer(new BufferStats(1, 0, 0, 0));
        m.onBuffer(new BufferStats(2, 3, 0, 0));
        m.onBuffer(new BufferStats(3, 3, 4, 1)); // header and logfile views of one count: the larger
        assertEquals(4, m.counters().get("consumer_events_lost"));
        assertEquals(1, m.counters().get("consumer_buffers_lost"));
        assertEquals(3, m.counters().get("buffers_read"));
        assertTrue(alerts.isEmpty(), "never alerted from the ProcessTrace thread");
        answers.add(stats(0, 0, 0));
        m.poll(0);
        assertEquals(1, alerts.size());
        assertTrue(alerts.get(0).contains("4 events and 1 buffers seen by the consumer"), alerts.get(0));
    }

    @Test
    void aFailedQueryIsCountedAndChangesNoLossCounter() {
        answers.add(stats(4, 0, 0));
        answers.add(SessionStats.failed(Win32Errors.ERROR_WMI_INSTANCE_NOT_FOUND));
        m.poll(0);
        m.poll(10 * S);
        assertEquals(4, m.counters().get("events_lost"));
        assertEquals(1, m.counters().get("stats_query_errors"));
        assertEquals(Win32Errors.ERROR_WMI_INSTANCE_NOT_FOUND, m.lastQueryStatus());
    }
}

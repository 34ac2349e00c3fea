package dev.hookline.sentinel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.ArrayList;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentinelOutputDeliversEveryAlertOnceTest {
    static final String SECRET = "s3cr3t-Value~with.specials";
    static final long WAIT = 30_000;

    @TempDir
    Path dir;
    FakeSentinel sentinel;
    final List<String> logged = Collections.synchronizedList(new ArrayList<>());
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    final Logger sentinelLog = Logger.getLogger("dev.hookline.sentinel");

    @BeforeEach
    void start() throws Exception {
        sentinel = new FakeSentinel(dir, SECRET);
        sentinelLog.addHandler(capture);
    }

    @AfterEach
    void stop() {
        sentinelLog.removeHandler(capture);
        sentinel.close();
        for (String l : logged) {
            assertTrue(!l.contains(SECRET), "the secret leaked into a log line: " + l);
        }
    }

    private static void assertOnceEach(List<String> ids, int n, String prefix) {
        Set<String> unique = new HashSet<>(ids);
        assertEquals(ids.size(), unique.size(), "duplicates received");
        assertEquals(n, unique.size(), "every record received");
        for (int i = 0; i < n; i++) {
            assertTrue(unique.contains(String.format(prefix, i)), "missing " + String.format(prefix, i));
        }
    }

    @Test
    void manyLargeAlertsArriveOnceEachInBatchesOfAtMostOneMegabyte() throws Exception {
        int n = 1500;
        try (SentinelOutput out = new SentinelOutput(sentinel.settings(dir.resolve("spool"), SECRET))) {
            for (int i = 0; i < n; i++) {
                out.write(Alerts.line(i, 1500));
            }
            assertTrue(FakeSentinel.await(() -> sentinel.accepted(SentinelStreams.ALERTS_STREAM, "AlertId").size() >= n,
                    WAIT), "all alerts delivered: " + out.counters());
            assertTrue(FakeSentinel.await(() -> out.spoolDepth() == 0, WAIT), "spool drained");
        }
        assertOnceEach(sentinel.accepted(SentinelStreams.ALERTS_STREAM, "AlertId"), n, "alert-%06d");
        assertEquals(List.of(), sentinel.violations());
        long batches = sentinel.calls().stream().filter(c -> c.status() == 204).count();
        assertTrue(batches >= 5, "about 4.5 MB of alerts needs at least 5 calls, got " + batches);
        for (FakeSentinel.Call c : sentinel.calls()) {
            assertTrue(c.uncompressedBytes() <= 1_000_000, "call of " + c.uncompressedBytes() + " bytes");
        }
        assertEquals(1, sentinel.tokenRequests(), "the token is cached");
    }

    @Test
    void a429IsRetriedNoSoonerThanItsRetryAfterAndA500IsRetried() throws Exception {
        sentinel.script(new FakeSentinel.Answer(429, "1"), new FakeSentinel.Answer(500, null));
        try (SentinelOutput out = new SentinelOutput(sentinel.settings(dir.resolve("spool"), SECRET))) {
            for (int i = 0; i < 10; i++) {
                out.write(Alerts.line(i, 10));
            }
            assertTrue(FakeSentinel.await(() -> sentinel.accepted(SentinelStreams.ALERTS_STREAM, "AlertId").size() >= 10,
                    WAIT), "delivered after the retries: " + out.counters());
            assertTrue(out.counters().get("retries") >= 2, out.counters().toString());
        }
        List<FakeSentinel.Call> calls = sentinel.calls();
        assertEquals(429, calls.get(0).status());
        assertEquals(500, calls.get(1).status());
        long gapMillis = (calls.get(1).receivedNanos() - calls.get(0).answeredNanos()) / 1_000_000;
        assertTrue(gapMillis >= 1000, "the retry came " + gapMillis + " ms after a Retry-After: 1");
        assertOnceEach(sentinel.accepted(SentinelStreams.ALERTS_STREAM, "AlertId"), 10, "alert-%06d");
        assertTrue(logged.stream().anyMatch(l -> l.contains("HTTP 429")), logged.toString());
    }

    @Test
    void a413SplitsTheBatchAndLosesNothing() throws Exception {
        sentinel.script(new FakeSentinel.Answer(413, null));
        SentinelSettings s = sentinel.settings(dir.resolve("spool"), SECRET).lingerMillis(300);
        try (SentinelOutput out = new SentinelOutput(s)) {
            for (int i = 0; i < 40; i++) {
                out.write(Alerts.line(i, 10));
            }
            assertTrue(FakeSentinel.await(() -> sentinel.accepted(SentinelStreams.ALERTS_STREAM, "AlertId").size() >= 40,
                    WAIT), "delivered after the split: " + out.counters());
        }
        List<FakeSentinel.Call> calls = sentinel.calls();
        assertEquals(413, calls.get(0).status());
        int refused = calls.get(0).records().size();
        assertTrue(refused > 1, "the first call carried a batch, got " + refused);
        assertTrue(calls.get(1).records().size() <= refused / 2, "the retry carries half the batch");
        assertOnceEach(sentinel.accepted(SentinelStreams.ALERTS_STREAM, "AlertId"), 40, "alert-%06d");
    }

    @Test
    void a401RefreshesTheTokenAndNamesTheMissingRole() throws Exception {
        try (SentinelOutput out = new SentinelOutput(sentinel.settings(dir.resolve("spool"), SECRET))) {
            out.write(Alerts.line(0, 10));
            assertTrue(FakeSentinel.await(() -> sentinel.accepted(SentinelStreams.ALERTS_STREAM, "AlertId").size() >= 1,
                    WAIT));
            sentinel.revokeToken();
            out.write(Alerts.line(1, 10));
            assertTrue(FakeSentinel.await(() -> sentinel.accepted(SentinelStreams.ALERTS_STREAM, "AlertId").size() >= 2,
                    WAIT), out.counters().toString());
            assertEquals(2, sentinel.tokenRequests(), "one token, then a fresh one after the 401");
            assertEquals(1L, out.counters().get("auth_failures"));
        }
        List<FakeSentinel.Call> calls = sentinel.calls();
        FakeSentinel.Call refused = calls.stream().filter(c -> c.status() == 401).findFirst().orElseThrow();
        FakeSentinel.Call after = calls.get(calls.indexOf(refused) + 1);
        assertEquals(204, after.status());
        assertTrue(!after.token().equals(refused.token()), "the retry carries the new token");
        assertTrue(logged.stream().anyMatch(l -> l.contains("Monitoring Metrics Publisher") && l.contains("30 minutes")),
                logged.toString());
        assertOnceEach(sentinel.accepted(SentinelStreams.ALERTS_STREAM, "AlertId"), 2, "alert-%06d");
    }

    @Test
    void nothingIsLostWhileSentinelIsDownNorAcrossARestart() throws Exception {
        FakeSentinel.Answer down = new FakeSentinel.Answer(503, null);
        sentinel.script(down, down, down, down, down, down, down, down, down, down, down, down, down, down, down, down,
                down, down, down, down, down, down, down, down, down, down, down, down, down, down);
        Path spool = dir.resolve("spool");
        try (SentinelOutput out = new SentinelOutput(sentinel.settings(spool, SECRET).backoff(50, 50))) {
            for (int i = 0; i < 100; i++) {
                out.write(Alerts.line(i, 10));
            }
            assertTrue(FakeSentinel.await(() -> sentinel.calls().size() >= 3, WAIT), "it keeps trying");
        }
        int before = sentinel.accepted(SentinelStreams.ALERTS_STREAM, "AlertId").size();
        try (SentinelOutput out = new SentinelOutput(sentinel.settings(spool, SECRET).backoff(20, 50))) {
            for (int i = 100; i < 150; i++) {
                out.write(Alerts.line(i, 10));
            }
            assertTrue(FakeSentinel.await(() -> sentinel.accepted(SentinelStreams.ALERTS_STREAM, "AlertId").size() >= 150,
                    WAIT), "delivered after the restart: " + out.counters() + ", before " + before);
            assertTrue(FakeSentinel.await(() -> out.spoolDepth() == 0, WAIT));
        }
        assertOnceEach(sentinel.accepted(SentinelStreams.ALERTS_STREAM, "AlertId"), 150, "alert-%06d");
        assertEquals(List.of(), sentinel.violations());
    }

    @Test
    void healthAlertsKeepTheirFieldsAndRawEventsGoToTheirTablesStream() throws Exception {
        try (SentinelOutput out = new SentinelOutput(sentinel.settings(dir.resolve("spool"), SECRET).rawEvents(true))) {
            out.write(Alerts.health(1));
            Event e = new Event(Table.DeviceProcessEvents);
            for (int i = 0; i < 20; i++) {
                e.reset(Table.DeviceProcessEvents);
                e.setTime(Columns.TIMESTAMP, 1_700_000_000_000_000_000L + i);
                e.set(Columns.DEVICE_NAME, "host-1");
                e.set(Columns.FILE_NAME, "bash");
                e.set(Columns.PROCESS_ID, 100 + i);
                e.set(Columns.REPORT_ID, i);
                e.set(Columns.IS_PROCESS_REMOTE_SESSION, false);
                e.set(Columns.ADDITIONAL_FIELDS, "{\"k\":1}");
                out.write(e);
            }
            Event n = new Event(Table.DeviceNetworkEvents);
            n.setTime(Columns.TIMESTAMP, 1_700_000_000_000_000_000L);
            n.set(Columns.REMOTE_IP, "10.0.0.1");
            n.set(Columns.REMOTE_PORT, 443);
            n.set(Columns.REPORT_ID, 99);
            out.write(n);
            String proc = SentinelStreams.raw(Table.DeviceProcessEvents).name();
            String net = SentinelStreams.raw(Table.DeviceNetworkEvents).name();
            assertTrue(FakeSentinel.await(() -> sentinel.accepted(proc, "ReportId").size() >= 20
                    && sentinel.accepted(net, "ReportId").size() >= 1
                    && sentinel.accepted(SentinelStreams.ALERTS_STREAM, "AlertId").size() >= 1, WAIT),
                    out.counters().toString());
        }
        assertEquals(List.of(), sentinel.violations());
        assertEquals("Custom-HooklineProcessEvents", SentinelStreams.raw(Table.DeviceProcessEvents).name());
        var health = sentinel.calls().stream().filter(c -> c.stream().equals(SentinelStreams.ALERTS_STREAM))
                .flatMap(c -> c.records().stream()).findFirst().orElseThrow();
        assertEquals("AgentHealth", health.get("AlertType").asText());
        assertEquals("audit_lost", health.get("Kind").asText());
        assertEquals("2026-11-20T12:00:00Z", health.get("TimeGenerated").asText());
        assertEquals(7, health.get("AdditionalFields").get("Extra").asInt());
        var proc = sentinel.calls().stream().filter(c -> c.stream().equals("Custom-HooklineProcessEvents"))
                .flatMap(c -> c.records().stream()).findFirst().orElseThrow();
        assertEquals("bash", proc.get("FileName").asText());
        assertEquals(1, proc.get("AdditionalFields").get("k").asInt(), "dynamic AdditionalFields stays JSON");
        assertTrue(!proc.has("Type"), "only declared columns");
    }
}

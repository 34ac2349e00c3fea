package dev.hookline.macos.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.collector.CollectorException;
import dev.hookline.process.ProcessTable;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EsloggerBridgeTest {

    /** A launched child whose stdout is prepared text and whose exit follows the end of that text. */
    static final class FakeRun implements ProcessLauncher.Launched {
        final BufferedReader out;
        final byte[] err;
        final int code;
        final CountDownLatch hold;
        volatile boolean destroyed;

        FakeRun(String stdout, String stderr, int code, CountDownLatch hold) {
            this.out = new BufferedReader(new StringReader(stdout)) {
                @Override
                public String readLine() throws IOException {
                    String l = super.readLine();
                    if (l == null && hold != null) {
                        try {
                            hold.await(10, TimeUnit.SECONDS); // stays "running" until released
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return l;
                }
            };
            this.err = stderr.getBytes(StandardCharsets.UTF_8);
            this.code = code;
            this.hold = hold;
        }

        @Override
        public BufferedReader stdout() {
            return out;
        }

        @Override
        public InputStream stderr() {
            return new ByteArrayInputStream(err);
        }

        @Override
        public int waitFor() {
            return code;
        }

        @Override
        public boolean alive() {
            return !destroyed;
        }

        @Override
        public void destroy() {
            destroyed = true;
            if (hold != null) {
                hold.countDown();
            }
        }
    }

    static final class Script implements ProcessLauncher {
        final Deque<FakeRun> runs = new ArrayDeque<>();
        final List<List<String>> commands = new ArrayList<>();

        @Override
        public synchronized Launched launch(List<String> command) throws IOException {
            commands.add(command);
            FakeRun r = runs.poll();
            if (r == null) {
                throw new IOException("no more runs");
            }
            return r;
        }
    }

    private static EsloggerBridge bridge(Script s, Fixtures.Recorder rec) {
        EsEventMapper m = new EsEventMapper(rec, new ProcessTable(60_000_000_000L), null, null, null, null,
                2_000_000_000L, 60_000_000_000L);
        return new EsloggerBridge("/usr/bin/eslogger", s, new EsloggerParser(), m, rec, 300, 10);
    }

    @Test
    void linesFlowFromEsloggerToEvents() throws Exception {
        Script s = new Script();
        CountDownLatch hold = new CountDownLatch(1);
        s.runs.add(new FakeRun(String.join("\n", Fixtures.lines("npm-postinstall-v8.jsonl")) + "\n", "", 0, hold));
        Fixtures.Recorder rec = new Fixtures.Recorder();
        try (EsloggerBridge b = bridge(s, rec)) {
            b.start();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (rec.events.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(3, rec.events.size(), "three execs");
            assertEquals(List.of("/usr/bin/eslogger", "--format", "json", "exec", "fork", "exit", "create", "write",
                    "rename", "unlink", "close"), s.commands.get(0));
            assertEquals(6L, b.counters().get("esloggerLines"));
        }
    }

    @Test
    void missingFullDiskAccessFailsStartWithWhatToGrant() {
        Script s = new Script();
        s.runs.add(new FakeRun("", "Failed to create ES client: ES_NEW_CLIENT_RESULT_ERR_NOT_PERMITTED\n", 71, null));
        CollectorException e = assertThrows(CollectorException.class, () -> bridge(s, new Fixtures.Recorder()).start());
        assertTrue(e.getMessage().contains("Full Disk Access"), e.getMessage());
        assertTrue(e.getMessage().contains("System Settings → Privacy & Security → Full Disk Access"), e.getMessage());
    }

    @Test
    void notRootFailsStartSayingSo() {
        Script s = new Script();
        s.runs.add(new FakeRun("", "ES_NEW_CLIENT_RESULT_ERR_NOT_PRIVILEGED", 1, null));
        CollectorException e = assertThrows(CollectorException.class, () -> bridge(s, new Fixtures.Recorder()).start());
        assertTrue(e.getMessage().contains("root"), e.getMessage());
    }

    @Test
    void aDeadEsloggerIsRestartedAndTheGapIsCountedAndAlerted() throws Exception {
        Script s = new Script();
        List<String> lines = Fixtures.lines("npm-postinstall-v8.jsonl");
        // First run prints two lines and dies after the startup grace; the second keeps running.
        CountDownLatch firstAlive = new CountDownLatch(1);
        FakeRun first = new FakeRun(lines.get(0) + "\n" + lines.get(1) + "\n", "eslogger: lost connection\n", 3, firstAlive);
        CountDownLatch hold = new CountDownLatch(1);
        s.runs.add(first);
        s.runs.add(new FakeRun(String.join("\n", lines.subList(2, lines.size())) + "\n", "", 0, hold));
        Fixtures.Recorder rec = new Fixtures.Recorder();
        try (EsloggerBridge b = bridge(s, rec)) {
            b.start();
            firstAlive.countDown(); // now it "dies"
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (b.counters().get("esloggerRestarts") < 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1L, b.counters().get("esloggerRestarts"));
            assertTrue(b.counters().get("esloggerGapMillis") >= 10, "the backoff is counted as a gap");
            assertTrue(rec.alerts.get(0).startsWith("EsloggerDied: eslogger exited with code 3: eslogger: lost connection"),
                    rec.alerts.toString());
            while (rec.events.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(3, rec.events.size(), "the restarted run's events arrive");
        }
    }

    static String line(long seq) {
        return "{\"time\":\"2026-01-02T03:04:05Z\",\"event_type\":32,\"global_seq_num\":" + seq
                + ",\"process\":{\"audit_token\":{\"pid\":700},\"executable\":{\"path\":\"\\/bin\\/rm\"}},"
                + "\"event\":{\"unlink\":{\"target\":{\"path\":\"\\/tmp\\/f" + seq + "\"}}}}";
    }

    @Test
    void messagesDroppedByEndpointSecurityAreCountedAndRaisedAsAgentHealth() throws Exception {
        Script s = new Script();
        CountDownLatch hold = new CountDownLatch(1);
        // seq 1, 2, then 6: three messages dropped; stderr reports a drop too
        s.runs.add(new FakeRun(line(1) + "\n" + line(2) + "\n" + line(6) + "\n",
                "eslogger: dropped 3 messages\n", 0, hold));
        Fixtures.Recorder rec = new Fixtures.Recorder();
        try (EsloggerBridge b = bridge(s, rec)) {
            b.start();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while ((rec.events.size() < 3 || rec.alerts.size() < 2) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(3L, b.counters().get("esSequenceGap"));
            assertEquals(1L, b.counters().get("esloggerDropReports"));
            assertTrue(rec.alerts.stream().anyMatch(a -> a.startsWith("EsloggerEventsLost: 3 Endpoint Security")),
                    rec.alerts.toString());
            assertTrue(rec.alerts.stream().anyMatch(a -> a.contains("dropped 3 messages")), rec.alerts.toString());
        }
    }

    @Test
    void theSelfDescriptionSaysWhichDestinationFormTheHostProduced() {
        Script s = new Script();
        EsloggerParser p = new EsloggerParser();
        EsloggerBridge b = new EsloggerBridge("/usr/bin/eslogger", s, p, new EsEventMapper(new Fixtures.Recorder(),
                new ProcessTable(60_000_000_000L), null, null, null, null, 1, 1), new Fixtures.Recorder(), 1, 1);
        assertTrue(b.description().endsWith("create/rename destination form: not seen yet"), b.description());
        p.parse(EsloggerDestinationFormsTest.RENAME_FLAT_NEW);
        assertTrue(b.description().endsWith("flat (existing_file/new_path without destination)"), b.description());
    }
}

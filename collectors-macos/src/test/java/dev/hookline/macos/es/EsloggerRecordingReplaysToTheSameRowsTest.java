package dev.hookline.macos.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.collector.HostIdentity;
import dev.hookline.io.EventJsonWriter;
import dev.hookline.macos.MacSettings;
import dev.hookline.macos.proc.Accounts;
import dev.hookline.process.ProcessTable;
import dev.hookline.record.RawFile;
import dev.hookline.record.Replaying;
import dev.hookline.schema.Event;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hookline record} on macOS, from the fixtures: the bridge hands each eslogger line to the recorder as it
 * reads it, and the recording replays (here, on Linux) through the parser and mapper into the rows the live run made.
 */
class EsloggerRecordingReplaysToTheSameRowsTest {
    private static final HostIdentity HOST = new HostIdentity("mac-1", "dev-1");
    private static final RawFile.Header HEADER = new RawFile.Header("macos-es", "mac-1", "dev-1", -1);

    /** A mapper as the replay builds one: the recorded host, uid-only accounts, no libproc. */
    private static EsEventMapper mapper(Fixtures.Recorder rec) {
        MacSettings s = MacSettings.DEFAULTS;
        return new EsEventMapper(rec, new ProcessTable(60_000_000_000L), HOST, new Accounts("mac-1", uid -> null),
                null, pid -> pid == -1, s.writeQuietMs() * 1_000_000L, s.writeMaxBurstMs() * 1_000_000L);
    }

    /** Every column but ReportId, which each run of the mapper draws afresh (it must not repeat across runs). */
    private static List<String> json(List<Event> events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(EventJsonWriter.toJson(e).replaceAll("\"ReportId\":\\d+,?", "")));
        return out;
    }

    @Test
    void theBridgeRecordsEachLineAsReadAndTheRecordingReplaysToTheLiveRows(@TempDir Path tmp) throws Exception {
        List<String> lines = Fixtures.lines("npm-postinstall-v8.jsonl");
        EsloggerBridgeTest.Script script = new EsloggerBridgeTest.Script();
        CountDownLatch hold = new CountDownLatch(1);
        script.runs.add(new EsloggerBridgeTest.FakeRun(String.join("\n", lines) + "\n", "", 0, hold));
        Fixtures.Recorder live = new Fixtures.Recorder();
        Path file = tmp.resolve("eslogger.hkraw");
        try (RawFile.Writer writer = new RawFile.Writer(file, HEADER);
             EsloggerBridge bridge = new EsloggerBridge("/usr/bin/eslogger", script, new EsloggerParser(),
                     mapper(live), live, 300, 10)) {
            bridge.recordTo(writer);
            bridge.start();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (writer.records() < lines.size() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        assertEquals(3, live.events.size(), "three execs, as EsloggerBridgeTest expects");

        RawFile.Contents recording = RawFile.read(file);
        assertFalse(recording.truncated());
        assertEquals(lines, recording.records().stream()
                .map(r -> new String(r.data(), StandardCharsets.UTF_8)).toList(), "every line, as read, in order");
        Replaying.Result replayed = Replaying.replay(recording);
        assertEquals(json(live.events), json(replayed.events()));
    }

    @Test
    void everyVersionedFixtureReplaysToTheRowsItsLinesMake(@TempDir Path tmp) throws Exception {
        for (String name : Fixtures.VERSIONED) {
            List<String> lines = Fixtures.lines(name);
            Fixtures.Recorder direct = new Fixtures.Recorder();
            EsEventMapper m = mapper(direct);
            EsloggerParser p = new EsloggerParser();
            lines.forEach(l -> m.accept(p.parse(l)));
            assertFalse(direct.events.isEmpty(), name + " makes rows");

            Path file = tmp.resolve(name + ".hkraw");
            try (RawFile.Writer w = new RawFile.Writer(file, HEADER)) {
                lines.forEach(l -> {
                    byte[] b = l.getBytes(StandardCharsets.UTF_8);
                    w.record(0, b, 0, b.length);
                });
            }
            Replaying.Result replayed = Replaying.replay(RawFile.read(file));
            assertEquals(json(direct.events), json(replayed.events()), name);
            assertTrue(replayed.events().stream().allMatch(e -> "mac-1".equals(e.getString(
                    dev.hookline.schema.Columns.DEVICE_NAME))), "the recorded host's name");
        }
    }
}

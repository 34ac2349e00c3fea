package dev.hookline.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.hookline.collector.HostIdentity;
import dev.hookline.collector.RawRecord;
import dev.hookline.io.EventJsonWriter;
import dev.hookline.process.ProcessTable;
import dev.hookline.record.RawFile;
import dev.hookline.record.Replaying;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.windows.etw.EtwRecord;
import dev.hookline.windows.etw.EtwRecordBytes;
import dev.hookline.windows.normalize.DevicePaths;
import dev.hookline.windows.normalize.EtwNormalizer;
import dev.hookline.windows.normalize.SidResolver;
import dev.hookline.windows.testing.Capture;
import dev.hookline.windows.testing.Etw;
import dev.hookline.windows.testing.Records;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hookline record} on Windows, from byte-exact EVENT_RECORDs: what the callback hands the recorder (the
 * record's bytes and its UserData, the host's device map first) replays, here on Linux, through the reader and the
 * normalizer into the rows the live callback made, paths mapped to drive letters as on the host.
 */
class EtwRecordingReplaysToTheSameRowsTest {
    static final long T0 = 1_795_000_000_000_000_000L;
    static final long MS = 1_000_000L;
    static final String VOL = "\\Device\\HarddiskVolume3";
    static final String DEV1 = "S-1-5-21-1-2-3-1001";
    static final long AGENT = 31337;

    /** A session's worth: a process start in both halves, a connect, and the file sequence of the fixture tests. */
    static List<Records.Built> session() {
        return List.of(
                Etw.processStart(T0, 4400, 4412, 4400, VOL + "\\Windows\\System32\\cmd.exe"),
                Etw.classic(1, T0 + MS, 4412, 4400, DEV1, "cmd.exe", "cmd.exe /d /s /c \"whoami\""),
                Etw.tcp(12, T0 + 2 * MS, 4412, new byte[] {93, (byte) 184, (byte) 215, 14}, 443,
                        new byte[] {10, 0, 0, 5}, 50123),
                Etw.fileCreate(30, T0 + 3 * MS, 4412, 0xF1, 0x02000060, VOL + "\\src\\new.txt"),
                Etw.fileWrite(T0 + 4 * MS, 4412, 0xF1),
                Etw.fileCreate(12, T0 + 5 * MS, 4412, 0xF2, 0x01000060, VOL + "\\src\\old.txt"),
                Etw.fileWrite(T0 + 6 * MS, 4412, 0xF2),
                Etw.filePath(27, T0 + 7 * MS, 4412, 0xF2, VOL + "\\src\\renamed.txt"),
                Etw.filePath(26, T0 + 8 * MS, 4412, 0xF3, VOL + "\\src\\gone.txt"),
                Etw.fileCreate(30, T0 + 9 * MS, AGENT, 0xF5, 0x02000060, VOL + "\\hookline\\spool.bin"));
    }

    /** Every column but ReportId, which each run draws afresh. */
    private static List<String> json(List<Event> events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(EventJsonWriter.toJson(e).replaceAll("\"ReportId\":\\d+,?", "")));
        return out;
    }

    @Test
    void recordedEventRecordsReplayToTheRowsTheCallbackMade(@TempDir Path tmp) throws Exception {
        HostIdentity host = new HostIdentity("win-07", "dev-id");
        Capture live = new Capture();
        Map<String, String> devices = Map.of(VOL, "C:");
        EtwNormalizer n = new EtwNormalizer(live, new ProcessTable(60_000 * MS), host, SidResolver.SID_ONLY,
                new DevicePaths(devices), true, EtwNormalizer.DEFAULT_JOIN_WINDOW_NANOS, AGENT);
        Path file = tmp.resolve("etw.hkraw");
        EtwRecord rec = new EtwRecord();
        byte[] scratch = new byte[EtwRecordBytes.MAX_BYTES];
        List<Records.Built> session = session();
        try (RawFile.Writer w = new RawFile.Writer(file, new RawFile.Header("windows-etw", "win-07", "dev-id",
                AGENT))) {
            EtwRecordBytes.recordDeviceMap(w, devices); // as EtwCollector.start does
            for (Records.Built b : session) { // as EtwCollector.onRecord does
                EtwRecord r = rec.read(b.pointer());
                EtwRecordBytes.record(w, b.pointer(), r, scratch);
                n.accept(r);
            }
        }
        n.flush();
        assertEquals(6, live.events.size(), "process, connect, created, modified, renamed, deleted (the agent's own file skipped): "
                + live.events);

        RawFile.Contents recording = RawFile.read(file);
        assertFalse(recording.truncated());
        assertEquals(session.size() + 1, recording.records().size());
        RawRecord first = recording.records().get(1);
        assertEquals(EtwRecordBytes.EVENT_RECORD, first.type());
        Replaying.Result replayed = Replaying.replay(recording);
        assertEquals(json(live.events), json(replayed.events()));
        Event process = replayed.events().get(0);
        assertEquals("C:\\Windows\\System32\\cmd.exe", process.getString(Columns.FOLDER_PATH),
                "the host's device map came with the recording");
        assertEquals("cmd.exe /d /s /c \"whoami\"", process.getString(Columns.PROCESS_COMMAND_LINE));
    }
}

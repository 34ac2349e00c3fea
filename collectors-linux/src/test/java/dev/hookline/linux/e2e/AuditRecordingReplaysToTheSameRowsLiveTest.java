package dev.hookline.linux.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.agent.Agent;
import dev.hookline.agent.HostIdentities;
import dev.hookline.collector.HostIdentity;
import dev.hookline.config.ConfigLoader;
import dev.hookline.linux.scenario.Programs;
import dev.hookline.record.RawFile;
import dev.hookline.record.Replaying;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hookline record} on the real kernel: the audit collector's raw records, captured while shells run and
 * connect to a loopback port, replay through the same parser, assembler and mapper into the same process and
 * network rows the live agent made (the columns the records carry; the live agent also had /proc to ask).
 */
class AuditRecordingReplaysToTheSameRowsLiveTest {
    private static final List<Table> TABLES = List.of(Table.DeviceProcessEvents, Table.DeviceNetworkEvents);

    /** A row by what the audit records themselves say. */
    private static String key(Event e) {
        return e.table() + " " + e.getString(Columns.ACTION_TYPE) + " t=" + e.getLong(Columns.TIMESTAMP)
                + " pid=" + e.getLong(Columns.PROCESS_ID) + " cmd=" + e.getString(Columns.PROCESS_COMMAND_LINE)
                + " path=" + e.getString(Columns.FOLDER_PATH) + " ipid=" + e.getLong(Columns.INITIATING_PROCESS_ID)
                + " remote=" + e.getString(Columns.REMOTE_IP) + ":" + e.getLong(Columns.REMOTE_PORT);
    }

    @Test
    void aLiveAuditRecordingReplaysToTheRowsTheAgentMade(@TempDir Path tmp) throws Exception {
        Facilities.assumeAgentCanRun();
        Path bash = Facilities.assumeProgram("bash");
        Path file = tmp.resolve("audit.hkraw");
        String yaml = "alerts:\n  file:\n    path: " + tmp.resolve("alerts.jsonl") + "\ncontrol:\n  socket: "
                + tmp.resolve("control.sock") + "\nhealth:\n  log_interval_seconds: 0\nstore:\n  enabled: false\n";
        HostIdentity host = HostIdentities.detect();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Event> live = new ArrayList<>();
        String marker = "hookline-record-it-" + ProcessHandle.current().pid();
        RawFile.Writer writer = new RawFile.Writer(file, new RawFile.Header("linux-audit", host.deviceName(),
                host.deviceId(), ProcessHandle.current().pid()));
        try (ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        listener.accept().close();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
            Agent agent = Agent.start(ConfigLoader.parse(yaml, "record-it"),
                    new PrintStream(log, true, StandardCharsets.UTF_8), Map.of("linux-audit", writer));
            try {
                for (int i = 0; i < 3; i++) {
                    Programs.runOk(tmp, Map.of(), 20, List.of(bash.toString(), "-c", "exec 3<>/dev/tcp/127.0.0.1/"
                            + listener.getLocalPort() + "; /bin/true " + marker + "-" + i, marker));
                }
                Thread.sleep(1500); // the last records through the assembler and the ring
            } finally {
                agent.close();
                writer.close();
            }
            // read once the collector has stopped recording: what other processes of a busy host ran between a
            // snapshot and the close would otherwise be in the recording only
            for (Table t : TABLES) {
                live.addAll(agent.ring().snapshot().events(t));
            }
        }
        assertTrue(writer.records() > 0, "records were captured: " + log);

        RawFile.Contents recording = RawFile.read(file);
        assertFalse(recording.truncated());
        assertEquals(writer.records(), recording.records().size());
        assertEquals("linux-audit", recording.header().collector());
        Replaying.Result replayed = Replaying.replay(recording);

        TreeSet<String> liveKeys = new TreeSet<>();
        live.forEach(e -> liveKeys.add(key(e)));
        TreeSet<String> replayKeys = new TreeSet<>();
        replayed.events().stream().filter(e -> TABLES.contains(e.table())).forEach(e -> replayKeys.add(key(e)));
        assertTrue(liveKeys.stream().filter(k -> k.contains(marker)).count() >= 3,
                "the shells' /bin/true runs are among the live rows: " + liveKeys);
        assertTrue(liveKeys.stream().anyMatch(k -> k.contains("ConnectionSuccess")), "a connect row: " + liveKeys);
        TreeSet<String> missing = new TreeSet<>(liveKeys);
        missing.removeAll(replayKeys);
        TreeSet<String> extra = new TreeSet<>(replayKeys);
        extra.removeAll(liveKeys);
        assertTrue(missing.isEmpty() && extra.isEmpty(), "live rows not replayed: " + missing
                + "\nreplayed rows the live agent did not make: " + extra);
    }
}

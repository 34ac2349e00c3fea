package dev.hookline.windows.normalize;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.collector.HostIdentity;
import dev.hookline.process.Account;
import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.windows.etw.EtwRecord;
import dev.hookline.windows.testing.Capture;
import dev.hookline.windows.testing.Etw;
import dev.hookline.windows.testing.Records;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EtwNormalizerTest {
    static final long T0 = 1_795_000_000_000_000_000L;
    static final long MS = 1_000_000L;
    static final String VOL = "\\Device\\HarddiskVolume3";
    static final String DEV1 = "S-1-5-21-1-2-3-1001";

    Capture sink;
    ProcessTable table;
    EtwNormalizer n;
    final EtwRecord rec = new EtwRecord();
    final SidResolver sids = sid -> DEV1.equals(sid) ? new Account("dev1", "CORP", sid) : SidResolver.SID_ONLY.account(sid);

    @BeforeEach
    void setUp() {
        sink = new Capture();
        table = new ProcessTable(60_000 * MS);
        table.put(new ProcessInfo(4400, 4000, T0 - 60_000 * MS, "C:\\Program Files\\nodejs\\node.exe",
                "node npm-cli.js install ./argus-test-pkg", -1, new Account("dev1", "CORP", DEV1)));
        table.put(new ProcessInfo(4000, 900, T0 - 120_000 * MS, "C:\\Windows\\System32\\cmd.exe", "cmd.exe", -1,
                Account.UNKNOWN));
        n = new EtwNormalizer(sink, table, new HostIdentity("win-07", "dev-id"), sids,
                new DevicePaths(Map.of(VOL, "C:")), true, EtwNormalizer.DEFAULT_JOIN_WINDOW_NANOS, 31337);
    }

    void feed(Records.Built b) {
        n.accept(rec.read(b.pointer()));
    }

    @Test
    void processStartHalvesAreJoinedInEitherOrder() {
        feed(Etw.processStart(T0, 4400, 4412, 4400, VOL + "\\Windows\\System32\\cmd.exe"));
        assertTrue(sink.events.isEmpty(), "waits for the command-line half");
        feed(Etw.classic(1, T0 + MS, 4412, 4400, DEV1, "cmd.exe", "cmd.exe /d /s /c \"whoami\""));
        feed(Etw.classic(1, T0 + 2 * MS, 4420, 4400, DEV1, "whoami.exe", "whoami"));
        feed(Etw.processStart(T0 + 3 * MS, 4400, 4420, 4400, VOL + "\\Windows\\System32\\whoami.exe"));
        assertEquals(2, sink.events.size());
        Event e = sink.events.get(0);
        assertEquals(Table.DeviceProcessEvents, e.table());
        assertEquals("ProcessCreated", e.getString(Columns.ACTION_TYPE));
        assertEquals("cmd.exe", e.getString(Columns.FILE_NAME));
        assertEquals("C:\\Windows\\System32\\cmd.exe", e.getString(Columns.FOLDER_PATH));
        assertEquals("cmd.exe /d /s /c \"whoami\"", e.getString(Columns.PROCESS_COMMAND_LINE));
        assertEquals(4412, e.getLong(Columns.PROCESS_ID));
        assertEquals(T0, e.getLong(Columns.PROCESS_CREATION_TIME));
        assertEquals("dev1", e.getString(Columns.ACCOUNT_NAME));
        assertEquals("CORP", e.getString(Columns.ACCOUNT_DOMAIN));
        assertEquals(DEV1, e.getString(Columns.ACCOUNT_SID));
        assertEquals("node.exe", e.getString(Columns.INITIATING_PROCESS_FILE_NAME));
        assertEquals(4400, e.getLong(Columns.INITIATING_PROCESS_ID));
        assertEquals("cmd.exe", e.getString(Columns.INITIATING_PROCESS_PARENT_FILE_NAME));
        assertEquals("win-07", e.getString(Columns.DEVICE_NAME));
        assertTrue(e.isNull(Columns.ADDITIONAL_FIELDS));
        assertEquals("whoami.exe", sink.events.get(1).getString(Columns.FILE_NAME));
        assertEquals("whoami", sink.events.get(1).getString(Columns.PROCESS_COMMAND_LINE));
        assertEquals("cmd.exe /d /s /c \"whoami\"", table.get(4412).commandLine(), "table kept current");
    }

    @Test
    void aHalfWithoutPartnerIsReportedAfterTheJoinWindowSayingWhatIsMissing() {
        feed(Etw.processStart(T0, 4400, 4412, 4400, VOL + "\\Windows\\System32\\cmd.exe"));
        feed(Etw.tcp(12, T0 + 2_000 * MS, 4400, new byte[] {8, 8, 8, 8}, 53, new byte[] {10, 0, 0, 5}, 5000));
        assertEquals(2, sink.events.size());
        Event p = sink.events.get(0);
        assertEquals("C:\\Windows\\System32\\cmd.exe", p.getString(Columns.FOLDER_PATH));
        assertTrue(p.isNull(Columns.PROCESS_COMMAND_LINE));
        assertEquals("{\"CommandLineSource\":\"missing\"}", p.getString(Columns.ADDITIONAL_FIELDS));
        assertEquals(1, n.counters().get("processJoinTimeouts"));
    }

    @Test
    void eventsOfAProcessWaitingForItsSecondHalfStillFindIt() {
        feed(Etw.classic(1, T0, 4412, 4400, DEV1, "cmd.exe", "cmd.exe /c echo x > a.txt"));
        feed(Etw.fileCreate(30, T0 + MS, 4412, 0xF1, 0x02000060, VOL + "\\src\\a.txt"));
        Event f = sink.events.get(0);
        assertEquals("cmd.exe /c echo x > a.txt", f.getString(Columns.INITIATING_PROCESS_COMMAND_LINE));
        n.flush();
        assertEquals("{\"ImagePathSource\":\"SystemTraceProvider ImageFileName\"}",
                sink.events.get(1).getString(Columns.ADDITIONAL_FIELDS));
    }

    @Test
    void withoutCommandLineSessionKernelProcessStartIsReportedAtOnce() {
        n = new EtwNormalizer(sink, table, null, sids, new DevicePaths(Map.of(VOL, "C:")), false,
                EtwNormalizer.DEFAULT_JOIN_WINDOW_NANOS, 31337);
        feed(Etw.processStart(T0, 4400, 4412, 4400, VOL + "\\Windows\\System32\\cmd.exe"));
        assertEquals(1, sink.events.size());
        assertTrue(sink.events.get(0).isNull(Columns.ADDITIONAL_FIELDS));
    }

    @Test
    void creatorDifferentFromParentIsTheInitiatorAndTheParentIsNoted() {
        n = new EtwNormalizer(sink, table, null, sids, new DevicePaths(Map.of(VOL, "C:")), false,
                EtwNormalizer.DEFAULT_JOIN_WINDOW_NANOS, 31337);
        feed(Etw.processStart(T0, 4000, 4412, 4400, VOL + "\\Windows\\System32\\cmd.exe"));
        Event e = sink.events.get(0);
        assertEquals(4000, e.getLong(Columns.INITIATING_PROCESS_ID));
        assertEquals("{\"ParentProcessId\":\"4400\"}", e.getString(Columns.ADDITIONAL_FIELDS));
    }

    @Test
    void rundownFillsCommandLinesOfSeededProcessesWithoutReportingThem() {
        table.put(new ProcessInfo(700, 600, T0 - MS, "C:\\Windows\\System32\\svchost.exe", null, -1, Account.UNKNOWN));
        feed(Etw.classic(3, T0, 700, 600, "S-1-5-18", "svchost.exe", "svchost.exe -k netsvcs"));
        assertTrue(sink.events.isEmpty());
        assertEquals("svchost.exe -k netsvcs", table.get(700).commandLine());
        assertEquals("S-1-5-18", table.get(700).account().sid());
    }

    @Test
    void processStopMarksTheImageExited() {
        feed(Etw.processStop(T0, 4400));
        assertTrue(table.get(4400).exited());
    }

    @Test
    void tcpConnectAndAcceptBecomeNetworkRowsWithIpTypes() {
        feed(Etw.tcp(12, T0, 4400, new byte[] {93, (byte) 184, (byte) 215, 14}, 443, new byte[] {10, 0, 0, 5}, 50123));
        byte[] v6remote = new byte[16];
        v6remote[0] = (byte) 0xfe;
        v6remote[1] = (byte) 0x80;
        v6remote[15] = 9;
        byte[] v6local = new byte[16];
        v6local[15] = 1;
        feed(Etw.tcp(31, T0 + MS, 4400, v6remote, 51000, v6local, 8080));
        Event c = sink.events.get(0);
        assertEquals(Table.DeviceNetworkEvents, c.table());
        assertEquals("ConnectionSuccess", c.getString(Columns.ACTION_TYPE));
        assertEquals("93.184.215.14", c.getString(Columns.REMOTE_IP));
        assertEquals(443, c.getLong(Columns.REMOTE_PORT));
        assertEquals("Public", c.getString(Columns.REMOTE_IP_TYPE));
        assertEquals("10.0.0.5", c.getString(Columns.LOCAL_IP));
        assertEquals(50123, c.getLong(Columns.LOCAL_PORT));
        assertEquals("Private", c.getString(Columns.LOCAL_IP_TYPE));
        assertEquals("Tcp", c.getString(Columns.PROTOCOL));
        assertEquals("node.exe", c.getString(Columns.INITIATING_PROCESS_FILE_NAME));
        assertEquals("dev1", c.getString(Columns.INITIATING_PROCESS_ACCOUNT_NAME));
        Event a = sink.events.get(1);
        assertEquals("InboundConnectionAccepted", a.getString(Columns.ACTION_TYPE));
        assertEquals("fe80::9", a.getString(Columns.REMOTE_IP));
        assertEquals("LinkLocal", a.getString(Columns.REMOTE_IP_TYPE));
        assertEquals("Loopback", a.getString(Columns.LOCAL_IP_TYPE));
        assertEquals(8080, a.getLong(Columns.LOCAL_PORT));
    }

    @Test
    void fileCreateWriteRenameDelete() {
        feed(Etw.fileCreate(30, T0, 4400, 0xF1, 0x02000060, VOL + "\\src\\new.txt"));
        feed(Etw.fileWrite(T0 + MS, 4400, 0xF1));
        feed(Etw.fileCreate(12, T0 + 2 * MS, 4400, 0xF2, 0x01000060, VOL + "\\src\\old.txt"));
        feed(Etw.fileWrite(T0 + 3 * MS, 4400, 0xF2));
        feed(Etw.fileWrite(T0 + 4 * MS, 4400, 0xF2));
        feed(Etw.filePath(27, T0 + 5 * MS, 4400, 0xF2, VOL + "\\src\\renamed.txt"));
        feed(Etw.filePath(26, T0 + 6 * MS, 4400, 0xF3, VOL + "\\src\\gone.txt"));
        feed(Etw.fileWrite(T0 + 7 * MS, 4400, 0xF9));
        feed(Etw.fileCreate(30, T0 + 8 * MS, 4400, 0xF4, 0x02000001, VOL + "\\src\\dir"));
        assertEquals(4, sink.events.size(), sink.events.toString());
        Event created = sink.events.get(0);
        assertEquals(Table.DeviceFileEvents, created.table());
        assertEquals("FileCreated", created.getString(Columns.ACTION_TYPE));
        assertEquals("new.txt", created.getString(Columns.FILE_NAME));
        assertEquals("C:\\src\\new.txt", created.getString(Columns.FOLDER_PATH));
        assertEquals("node.exe", created.getString(Columns.INITIATING_PROCESS_FILE_NAME));
        Event modified = sink.events.get(1);
        assertEquals("FileModified", modified.getString(Columns.ACTION_TYPE));
        assertEquals("C:\\src\\old.txt", modified.getString(Columns.FOLDER_PATH));
        Event renamed = sink.events.get(2);
        assertEquals("FileRenamed", renamed.getString(Columns.ACTION_TYPE));
        assertEquals("C:\\src\\renamed.txt", renamed.getString(Columns.FOLDER_PATH));
        assertEquals("C:\\src\\old.txt", renamed.getString(Columns.PREVIOUS_FOLDER_PATH));
        assertEquals("old.txt", renamed.getString(Columns.PREVIOUS_FILE_NAME));
        Event deleted = sink.events.get(3);
        assertEquals("FileDeleted", deleted.getString(Columns.ACTION_TYPE));
        assertEquals("gone.txt", deleted.getString(Columns.FILE_NAME));
        assertEquals(1, n.counters().get("unnamedWrites"));
    }

    @Test
    void agentsOwnActivityIsSkippedAndBadDataCounted() {
        feed(Etw.fileCreate(30, T0, 31337, 0xF1, 0, VOL + "\\hookline\\spool.bin"));
        feed(Etw.tcp(12, T0, 31337, new byte[] {1, 1, 1, 1}, 443, new byte[] {10, 0, 0, 5}, 1));
        feed(Records.record(dev.hookline.windows.etw.Guids.KERNEL_NETWORK, 12, 0, 0, Etw.X64, 4, 1, T0, new byte[3]));
        feed(Records.record(dev.hookline.windows.etw.Guids.KERNEL_PROCESS, 1, 0, 0, Etw.X64, 4, 1, T0, new byte[6]));
        assertTrue(sink.events.isEmpty());
        assertEquals(2, n.counters().get("ownEventsSkipped"));
        assertEquals(2, n.counters().get("parseErrors"));
    }

    @Test
    void unknownInitiatorKeepsItsPid() {
        feed(Etw.tcp(12, T0, 999, new byte[] {1, 1, 1, 1}, 443, new byte[] {10, 0, 0, 5}, 1));
        Event e = sink.events.get(0);
        assertEquals(999, e.getLong(Columns.INITIATING_PROCESS_ID));
        assertTrue(e.isNull(Columns.INITIATING_PROCESS_FILE_NAME));
        assertEquals(1, n.counters().get("initiatorUnknown"));
    }
}

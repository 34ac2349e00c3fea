package dev.hookline.linux.audit;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.collector.HostIdentity;
import dev.hookline.config.CollectorSettings;
import dev.hookline.linux.proc.Passwd;
import dev.hookline.linux.proc.ProcessLifecycle;
import dev.hookline.process.Account;
import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Literal bind/listen/accept4 audit records in, ListeningConnectionCreated / InboundConnectionAccepted rows out. */
class InboundConnectionMapperTest {
    static final String PY = "exe=\"/usr/bin/python3.12\" comm=\"python3\" key=\"hookline\"";
    @TempDir
    Path dir;
    final List<Event> rows = new ArrayList<>();
    final AuditCounters counters = new AuditCounters();
    final ProcessTable table = new ProcessTable(60_000_000_000L);
    /** What the fake borrowed socket answers, by fd; absent = the socket is gone. */
    final java.util.Map<Long, SocketInspector.Info> sockets = new java.util.HashMap<>();
    AuditAssembler asm;

    @BeforeEach
    void setUp() throws Exception {
        Path passwd = dir.resolve("passwd");
        Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n");
        SocketInspector fake = new SocketInspector() {
            @Override
            public Info inspect(long pid, long fd, SockAddr expectedRemote) {
                return pid == 300 ? sockets.get(fd) : null;
            }
        };
        AuditEventMapper m = new AuditEventMapper(e -> rows.add(e.copy()), new ProcessLifecycle(table, null),
                new Passwd(passwd, "box"), new HostIdentity("box", "id1"), fake, counters);
        asm = new AuditAssembler(m, counters);
        Account alice = new Account("alice", "box", "1000");
        table.put(new ProcessInfo(100, 1, 1_000_000_000L, "/usr/bin/bash", "-bash", 1000, alice));
        table.put(new ProcessInfo(300, 100, 1_600_000_000_000_000_000L, "/usr/bin/python3.12",
                "python3 -m http.server 8080", 1000, alice));
    }

    void feed(long serial, String... typeAndBody) {
        for (String tb : typeAndBody) {
            int sp = tb.indexOf(' ');
            asm.add(AuditRecord.parse(Integer.parseInt(tb.substring(0, sp)),
                    "audit(1700000000.500:" + serial + "): " + tb.substring(sp + 1)), 0);
        }
    }

    static String syscall(int nr, String a0, String exit, int pid) {
        return "1300 arch=c000003e syscall=" + nr + " success=yes exit=" + exit + " a0=" + a0
                + " a1=7ffc5f1e2a40 a2=10 a3=0 items=0 ppid=100 pid=" + pid
                + " auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 "
                + "tty=pts0 ses=3 " + PY;
    }

    static final String PROCTITLE = "1327 proctitle=707974686F6E33002D6D00687474702E7365727665720038303830";

    @Test
    void listenAfterBindIsListeningConnectionCreatedWithTheBoundAddress() {
        // pid 301 is not inspectable: the local address comes from its bind (0.0.0.0:8080) on fd 3.
        feed(70, syscall(49, "3", "0", 301), "1306 saddr=02001F90000000000000000000000000", PROCTITLE, "1320 ");
        assertTrue(rows.isEmpty(), "bind alone gives no row");
        feed(71, syscall(50, "3", "0", 301), PROCTITLE, "1320 ");
        assertEquals(1, rows.size());
        Event e = rows.get(0);
        assertEquals(Table.DeviceNetworkEvents, e.table());
        assertEquals("ListeningConnectionCreated", e.getString(Columns.ACTION_TYPE));
        assertEquals("0.0.0.0", e.getString(Columns.LOCAL_IP));
        assertEquals(8080, e.getLong(Columns.LOCAL_PORT));
        assertEquals("Tcp", e.getString(Columns.PROTOCOL));
        assertNull(e.getString(Columns.REMOTE_IP));
        assertTrue(e.isNull(Columns.REMOTE_PORT));
        assertEquals(301, e.getLong(Columns.INITIATING_PROCESS_ID));
        assertEquals("python3.12", e.getString(Columns.INITIATING_PROCESS_FILE_NAME), "described from the record");
        assertEquals("python3 -m http.server 8080", e.getString(Columns.INITIATING_PROCESS_COMMAND_LINE));
        assertEquals("alice", e.getString(Columns.INITIATING_PROCESS_ACCOUNT_NAME));
        assertEquals(71, e.getLong(Columns.REPORT_ID));
        assertEquals(1_700_000_000_500_000_000L, e.getLong(Columns.TIMESTAMP));
        assertTrue(e.getString(Columns.ADDITIONAL_FIELDS).contains("\"LocalSource\":\"bind\""),
                e.getString(Columns.ADDITIONAL_FIELDS));
    }

    @Test
    void listenUsesTheBorrowedSocketWhenItIsStillOpen() {
        sockets.put(5L, new SocketInspector.Info("Tcp", new byte[] {127, 0, 0, 1}, 4444, null, false));
        feed(72, syscall(50, "5", "0", 300), PROCTITLE, "1320 ");
        Event e = rows.get(0);
        assertEquals("127.0.0.1", e.getString(Columns.LOCAL_IP));
        assertEquals(4444, e.getLong(Columns.LOCAL_PORT));
        assertEquals("Loopback", e.getString(Columns.LOCAL_IP_TYPE));
        assertEquals("Tcp", e.getString(Columns.PROTOCOL));
        assertEquals("python3.12", e.getString(Columns.INITIATING_PROCESS_FILE_NAME));
        assertEquals(300, e.getLong(Columns.INITIATING_PROCESS_ID));
        assertEquals(100, e.getLong(Columns.INITIATING_PROCESS_PARENT_ID));
        assertEquals("bash", e.getString(Columns.INITIATING_PROCESS_PARENT_FILE_NAME));
        assertNull(e.getString(Columns.ADDITIONAL_FIELDS));
    }

    @Test
    void accept4IsInboundConnectionAcceptedWithThePeerFromSockaddr() {
        // 10.0.0.5:54321 connects to the listener on fd 5 (127.0.0.1:4444 per listen); accepted socket fd 6.
        sockets.put(5L, new SocketInspector.Info("Tcp", new byte[] {10, 0, 0, 1}, 8443, null, false));
        feed(80, syscall(50, "5", "0", 300), PROCTITLE, "1320 ");
        sockets.put(6L, new SocketInspector.Info("Tcp", new byte[] {10, 0, 0, 1}, 8443,
                new SockAddr(SockAddr.AF_INET, new byte[] {10, 0, 0, 5}, 54321), false));
        feed(81, syscall(288, "5", "6", 300), "1306 saddr=0200D4310A0000050000000000000000", PROCTITLE, "1320 ");
        assertEquals(2, rows.size());
        Event e = rows.get(1);
        assertEquals("InboundConnectionAccepted", e.getString(Columns.ACTION_TYPE));
        assertEquals("10.0.0.5", e.getString(Columns.REMOTE_IP));
        assertEquals(54321, e.getLong(Columns.REMOTE_PORT));
        assertEquals("Private", e.getString(Columns.REMOTE_IP_TYPE));
        assertEquals("10.0.0.1", e.getString(Columns.LOCAL_IP));
        assertEquals(8443, e.getLong(Columns.LOCAL_PORT));
        assertEquals("Private", e.getString(Columns.LOCAL_IP_TYPE));
        assertEquals("Tcp", e.getString(Columns.PROTOCOL));
        assertEquals(300, e.getLong(Columns.INITIATING_PROCESS_ID));
        assertEquals("python3 -m http.server 8080", e.getString(Columns.INITIATING_PROCESS_COMMAND_LINE));
        assertEquals(2, counters.networkEvents.get());
    }

    @Test
    void acceptedSocketAlreadyClosedTakesTheLocalAddressFromTheListener() {
        sockets.put(5L, new SocketInspector.Info("Tcp", new byte[16], 22, null, false)); // [::]:22
        feed(82, syscall(50, "5", "0", 300), PROCTITLE, "1320 ");
        // fd 7 is gone by the time the event is mapped: local side from the listen of fd 5.
        feed(83, syscall(43, "5", "7", 300),
                "1306 saddr=0A00C35000000000FE800000000000000000000000000001" + "02000000", PROCTITLE, "1320 ");
        Event e = rows.get(1);
        assertEquals("InboundConnectionAccepted", e.getString(Columns.ACTION_TYPE));
        assertEquals("fe80::1", e.getString(Columns.REMOTE_IP));
        assertEquals(50000, e.getLong(Columns.REMOTE_PORT));
        assertEquals("::", e.getString(Columns.LOCAL_IP));
        assertEquals(22, e.getLong(Columns.LOCAL_PORT));
        assertTrue(e.getString(Columns.ADDITIONAL_FIELDS).contains("\"LocalSource\":\"listen\""));
    }

    @Test
    void acceptWithoutAddressArgumentTakesThePeerFromTheSocket() {
        sockets.put(8L, new SocketInspector.Info("Tcp", new byte[] {127, 0, 0, 1}, 9000,
                new SockAddr(SockAddr.AF_INET, new byte[] {127, 0, 0, 1}, 40000), false));
        feed(84, syscall(288, "5", "8", 300), PROCTITLE, "1320 ");
        Event e = rows.get(0);
        assertEquals("127.0.0.1", e.getString(Columns.REMOTE_IP));
        assertEquals(40000, e.getLong(Columns.REMOTE_PORT));
        assertEquals(9000, e.getLong(Columns.LOCAL_PORT));
        assertTrue(e.getString(Columns.ADDITIONAL_FIELDS).contains("\"RemoteSource\":\"socket\""));
    }

    @Test
    void unixSocketsAndUnknowableAddressesGiveNoRowButAreCounted() {
        sockets.put(9L, SocketInspector.NOT_IP);
        feed(90, syscall(50, "9", "0", 300), PROCTITLE, "1320 ");                             // unix listener
        feed(91, syscall(288, "9", "10", 300), "1306 saddr=0100", PROCTITLE, "1320 ");        // unix accept
        feed(92, syscall(49, "4", "0", 301), "1306 saddr=01002F746D702F73", PROCTITLE, "1320 ");
        feed(93, syscall(50, "4", "0", 301), PROCTITLE, "1320 ");                             // after a unix bind
        feed(94, syscall(50, "6", "0", 301), PROCTITLE, "1320 ");                             // nothing known
        feed(95, syscall(288, "6", "7", 301), PROCTITLE, "1320 ");                            // no peer known
        assertTrue(rows.isEmpty(), rows.toString());
        assertEquals(3, counters.inboundNotIp.get());
        assertEquals(2, counters.inboundUnresolved.get());
    }

    @Test
    void inboundRulesAuditOnlySuccessfulCallsAndFollowTheSetting() {
        assertEquals(4, AuditRules.build(1, "k", AuditSettings.Inbound.OFF).size());
        List<AuditRuleData> all = AuditRules.build(1, "k", AuditSettings.Inbound.ALL);
        assertEquals(6, all.size());
        assertEquals(AuditSettings.Inbound.ALL, AuditSettings.defaults().inbound());
        assertEquals(AuditSettings.Inbound.LISTEN, inbound("listen"));
        assertEquals(AuditSettings.Inbound.OFF, inbound("off"));
        assertThrows(IllegalArgumentException.class, () -> inbound("most"));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(all.get(4).bytes()).order(java.nio.ByteOrder.nativeOrder());
        // fields: arch, success=1, key; the mask has bind(49), listen(50), accept(43), accept4(288), not connect(42).
        assertEquals(AuditProtocol.AUDIT_SUCCESS, b.getInt(268 + 4));
        assertEquals(1, b.getInt(524 + 4));
        int word1 = b.getInt(12 + 4);
        assertEquals((1 << (49 - 32)) | (1 << (50 - 32)) | (1 << (43 - 32)), word1);
        assertEquals(1 << (288 % 32), b.getInt(12 + 4 * (288 / 32)));
        java.nio.ByteBuffer l = java.nio.ByteBuffer.wrap(AuditRules.build(1, "k", AuditSettings.Inbound.LISTEN)
                .get(4).bytes()).order(java.nio.ByteOrder.nativeOrder());
        assertEquals((1 << (49 - 32)) | (1 << (50 - 32)), l.getInt(12 + 4));
        assertEquals(0, l.getInt(12 + 4 * (288 / 32)));
    }

    private static AuditSettings.Inbound inbound(String v) {
        return CollectorSettings.bind("linux-audit", java.util.Map.of("inbound_rules", v), AuditSettings.DEFAULTS).inbound();
    }
}

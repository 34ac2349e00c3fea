package dev.hookline.linux.audit;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the collector against the real kernel (root): process and network rows, and a clean restore. */
class AuditCollectorIntegrationTest {

    @BeforeAll
    static void requireAudit() {
        KernelAudit.assumeAvailable();
    }

    static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "command did not finish: " + String.join(" ", cmd));
        return p.exitValue();
    }

    @Test
    void shellChildIsReportedWithTheShellAsInitiatingProcess() throws Exception {
        TestContext ctx = new TestContext(Map.of());
        try (AuditCollector c = new AuditCollector(ctx, AuditSettings.defaults())) {
            c.start();
            // "; true" keeps dash from exec'ing /bin/true in place: the shell forks, so true's parent is sh.
            assertEquals(0, run("/bin/sh", "-c", "/bin/true hello; true"));
            Event e = ctx.await(ev -> ev.table() == Table.DeviceProcessEvents
                    && "true".equals(ev.getString(Columns.FILE_NAME))
                    && "/bin/true hello".equals(ev.getString(Columns.PROCESS_COMMAND_LINE)), 10_000);
            assertNotNull(e, "no ProcessCreated row for /bin/true; got " + ctx.snapshot() + " counters " + c.counters());
            System.out.println("ProcessCreated row: " + e);
            assertEquals("ProcessCreated", e.getString(Columns.ACTION_TYPE));
            String folder = e.getString(Columns.FOLDER_PATH);
            assertTrue(folder.equals("/usr/bin/true") || folder.equals("/bin/true"), folder);
            String shell = Path.of("/bin/sh").toRealPath().getFileName().toString();
            assertEquals(shell, e.getString(Columns.INITIATING_PROCESS_FILE_NAME));
            assertEquals("/bin/sh -c \"/bin/true hello; true\"", e.getString(Columns.INITIATING_PROCESS_COMMAND_LINE));
            assertEquals("root", e.getString(Columns.ACCOUNT_NAME));
            assertEquals("0", e.getString(Columns.ACCOUNT_SID));
            assertEquals("testhost", e.getString(Columns.ACCOUNT_DOMAIN));
            assertEquals("testhost", e.getString(Columns.DEVICE_NAME));
            assertFalse(e.isNull(Columns.PROCESS_ID));
            assertFalse(e.isNull(Columns.PROCESS_CREATION_TIME));
            assertEquals(ProcessHandle.current().pid(), e.getLong(Columns.INITIATING_PROCESS_PARENT_ID),
                    "the shell's parent is this JVM");
            // The shell's own row: its initiating process is this JVM.
            Event sh = ctx.await(ev -> ev.table() == Table.DeviceProcessEvents
                    && shell.equals(ev.getString(Columns.FILE_NAME)), 5_000);
            assertNotNull(sh);
            assertEquals("java", sh.getString(Columns.INITIATING_PROCESS_FILE_NAME));
            assertEquals(AuditCollector.Mode.DAEMON, c.mode());
        }
    }

    @Test
    void anIdleReaderWakesAboutOnceASecond() throws Exception {
        TestContext ctx = new TestContext(Map.of());
        try (AuditCollector c = new AuditCollector(ctx, AuditSettings.defaults())) {
            c.start();
            Thread.sleep(1500); // the start's own records settle
            long before = c.counters().get("receive_timeouts");
            Thread.sleep(4000);
            long woke = c.counters().get("receive_timeouts") - before;
            System.out.println("idle reader: " + woke + " receive timeouts in 4 s; " + c.counters());
            // 16 with the busy 250 ms timeout; 4 when idle, plus one short timeout after any record the host made
            assertTrue(woke <= 8, woke + " receive timeouts in 4 s of idleness");
            assertTrue(woke >= 2, "the reader still wakes to check the proc connector and in-flight events: " + woke);
        }
    }

    @Test
    void connectToLocalListenerGivesSuccessRow() throws Exception {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        TestContext ctx = new TestContext(Map.of());
        try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
             AuditCollector c = new AuditCollector(ctx, AuditSettings.defaults())) {
            c.start();
            int port = server.getLocalPort();
            Thread acceptor = new Thread(() -> {
                try (var s = server.accept()) {
                    s.getInputStream().read();
                } catch (Exception ignored) {
                    // test ends
                }
            });
            acceptor.start();
            // The client stays connected a moment so the collector can read the socket's protocol and local port.
            assertEquals(0, run(python, "-c", "import socket,time; s=socket.create_connection(('127.0.0.1'," + port
                    + ")); time.sleep(1.0); s.close()"));
            Event e = ctx.await(ev -> ev.table() == Table.DeviceNetworkEvents
                    && ev.getLong(Columns.REMOTE_PORT) == port, 10_000);
            assertNotNull(e, "no network row; got " + ctx.snapshot() + " counters " + c.counters());
            System.out.println("network row: " + e);
            System.out.println("counters: " + c.counters());
            assertEquals("ConnectionSuccess", e.getString(Columns.ACTION_TYPE));
            // the proc connector, polled by the reader, saw the python child's fork and reports its own errors
            if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/net/connector"))) {
                assertTrue(c.counters().get("proc_forks") > 0, "forks applied: " + c.counters());
            }
            assertEquals(0L, c.counters().get("proc_connector_errors"), "proc connector errors: " + c.counters());
            assertEquals("127.0.0.1", e.getString(Columns.REMOTE_IP));
            assertEquals("Loopback", e.getString(Columns.REMOTE_IP_TYPE));
            long pid = e.getLong(Columns.INITIATING_PROCESS_ID);
            assertTrue(e.getString(Columns.INITIATING_PROCESS_FILE_NAME).startsWith("python3"),
                    e.getString(Columns.INITIATING_PROCESS_FILE_NAME) + "; rows of that pid: "
                            + ctx.snapshot().stream().filter(x -> x.getLong(Columns.PROCESS_ID) == pid).toList());
            assertEquals("Tcp", e.getString(Columns.PROTOCOL));
            assertEquals("127.0.0.1", e.getString(Columns.LOCAL_IP));
            assertTrue(e.getLong(Columns.LOCAL_PORT) > 0);
            assertNotNull(e.getString(Columns.INITIATING_PROCESS_COMMAND_LINE));
            acceptor.join(5000);
        }
    }

    @Test
    void startAndStopLeaveKernelSettingsAndRulesAsTheyWere() throws Exception {
        AuditStatus before = KernelAudit.status();
        List<AuditRuleData> rulesBefore = KernelAudit.rules();
        TestContext ctx = new TestContext(Map.of("backlog_limit", 12345));
        AuditCollector c = new AuditCollector(ctx, ctx.settings(AuditSettings.DEFAULTS));
        c.start();
        AuditStatus during = KernelAudit.status();
        assertEquals(1, during.enabled());
        assertEquals(12345, during.backlogLimit());
        assertEquals(0, during.backlogWaitTime());
        assertEquals(ProcessHandle.current().pid(), during.pid());
        // exec/connect (4 rules), with inbound_rules: all by default bind/listen/accept (2 more), and the PATH
        // exclusion.
        assertEquals(rulesBefore.size() + 7, KernelAudit.rules().size());
        c.close();
        c.close(); // idempotent
        AuditStatus after = KernelAudit.status();
        assertEquals(before.settings(), after.settings());
        assertEquals(rulesBefore, KernelAudit.rules());
        assertTrue(ctx.alerts().isEmpty(), ctx.alerts().toString());
    }

    @Test
    void pathRecordsOfAnExecAreNeverSentWhileTheRowIsCompleteAndItsCwdIsKept() throws Exception {
        TestContext ctx = new TestContext(Map.of());
        try (AuditCollector c = new AuditCollector(ctx, AuditSettings.defaults());
             AuditSocket watcher = AuditSocket.open(AuditProtocol.AUDIT_NLGRP_READLOG)) {
            c.start();
            assertTrue(c.description().contains("records not collected: PATH"), c.description());
            long pid = ProcessHandle.current().pid();
            long ours = KernelAudit.rules().stream().filter(r -> r.list() == AuditProtocol.AUDIT_FILTER_EXCLUDE
                    && r.fieldValue(1) == pid).count();
            assertEquals(1, ours);
            // The kernel copies every record to the multicast group too: watch what it formats for one exec.
            watcher.netlink().setReceiveTimeoutMillis(200);
            assertEquals(0, run("/bin/true", "no-path"));
            Event e = ctx.await(ev -> "/bin/true no-path".equals(ev.getString(Columns.PROCESS_COMMAND_LINE)),
                    10_000);
            assertNotNull(e, "no row; counters " + c.counters());
            String folder = e.getString(Columns.FOLDER_PATH);
            assertTrue(folder.equals("/usr/bin/true") || folder.equals("/bin/true"), folder); // from SYSCALL exe=
            List<AuditRecord> seen = new java.util.ArrayList<>();
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocateDirect(16 * 1024).order(java.nio.ByteOrder.nativeOrder());
            long serial = -1;
            long until = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < until) {
                int n = watcher.netlink().receive(buf);
                if (n >= 16) {
                    byte[] text = new byte[n - 16];
                    buf.get(16, text);
                    AuditRecord r = AuditRecord.parse(buf.getShort(4) & 0xffff,
                            new String(text, java.nio.charset.StandardCharsets.ISO_8859_1));
                    if (r != null) {
                        seen.add(r);
                        if (r.type() == AuditProtocol.AUDIT_EXECVE && r.body().contains("no-path")) {
                            serial = r.serial();
                        }
                        if (serial >= 0 && r.serial() == serial && r.type() == AuditProtocol.AUDIT_EOE) {
                            break;
                        }
                    }
                }
            }
            assertTrue(serial >= 0, "the watcher saw no EXECVE of the exec: " + seen);
            long s = serial;
            List<Integer> types = seen.stream().filter(r -> r.serial() == s).map(AuditRecord::type).toList();
            assertTrue(types.contains(AuditProtocol.AUDIT_SYSCALL) && types.contains(AuditProtocol.AUDIT_PROCTITLE),
                    types.toString());
            assertTrue(types.contains(AuditProtocol.AUDIT_CWD), types.toString()); // the install resolver reads it
            assertFalse(types.contains(AuditProtocol.AUDIT_PATH), types.toString());
        }
    }

    @Test
    void aUsersOwnExclusionAndEmptyExcludeListAreLeftAlone() throws Exception {
        AuditRuleData users = AuditRuleData.builder(AuditProtocol.AUDIT_FILTER_EXCLUDE, AuditProtocol.AUDIT_ALWAYS)
                .field(AuditProtocol.AUDIT_MSGTYPE, AuditProtocol.AUDIT_EQUAL, AuditProtocol.AUDIT_CWD).build();
        try (AuditSocket s = AuditSocket.open(0)) {
            s.addRule(users);
        }
        try {
            List<AuditRuleData> before = KernelAudit.rules();
            TestContext ctx = new TestContext(Map.of("exclude_record_types", List.of()));
            try (AuditCollector c = new AuditCollector(ctx, ctx.settings(AuditSettings.DEFAULTS))) {
                c.start();
                assertTrue(KernelAudit.rules().contains(users));
                assertEquals(1, KernelAudit.rules().stream()
                        .filter(r -> r.list() == AuditProtocol.AUDIT_FILTER_EXCLUDE).count(), "ours were not added");
            }
            assertEquals(before, KernelAudit.rules());
            TestContext ctx2 = new TestContext(Map.of());
            try (AuditCollector c = new AuditCollector(ctx2, ctx2.settings(AuditSettings.DEFAULTS))) {
                c.start();
                // the user's CWD exclusion and our PATH one (CWD is not excluded by default)
                assertEquals(2, KernelAudit.rules().stream()
                        .filter(r -> r.list() == AuditProtocol.AUDIT_FILTER_EXCLUDE).count());
            }
            assertEquals(before, KernelAudit.rules(), "the user's exclusion survives our stop");
        } finally {
            try (AuditSocket s = AuditSocket.open(0)) {
                s.deleteRule(users);
            }
        }
    }
}

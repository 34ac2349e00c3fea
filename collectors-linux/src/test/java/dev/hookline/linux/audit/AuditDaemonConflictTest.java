package dev.hookline.linux.audit;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.collector.CollectorException;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Another process holding the audit pid, for real: a small python3 "daemon" registers with AUDIT_SET and drains
 * its socket, as auditd would.
 */
class AuditDaemonConflictTest {
    static final String HOLDER = String.join("\n",
            "import socket,struct,os,sys",
            "s=socket.socket(socket.AF_NETLINK,socket.SOCK_RAW,9); s.bind((0,0))",
            "st=struct.pack('=11I',4,0,0,os.getpid(),0,0,0,0,0,0,0)",
            "s.send(struct.pack('=IHHII',16+len(st),1001,5,77,0)+st)",
            "while True:",
            "    d=s.recv(65536)",
            "    t=struct.unpack('=IHHII',d[:16])",
            "    if t[1]==2 and t[3]==77:",
            "        err=struct.unpack('=i',d[16:20])[0]; print('ack',err,flush=True)",
            "        if err!=0: sys.exit(1)");
    Process holder;

    @BeforeAll
    static void requireAudit() {
        KernelAudit.assumeAvailable();
    }

    Process startHolder() throws Exception {
        Process p = new ProcessBuilder("python3", "-c", HOLDER).redirectErrorStream(true).start();
        awaitAck(p);
        return p;
    }

    static void awaitAck(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ack 0", r.readLine(), "the stand-in daemon could not register");
    }

    /** Kills the stand-in daemon and clears its stale registration (register and unregister ourselves). */
    @AfterEach
    void stopHolder() throws Exception {
        if (holder != null) {
            holder.destroyForcibly();
            holder.waitFor(5, TimeUnit.SECONDS);
            holder = null;
            try (AuditSocket s = AuditSocket.open(0)) {
                int us = (int) ProcessHandle.current().pid();
                if (s.getStatus(null).pid() != 0) {
                    s.setStatus(AuditStatus.request(AuditProtocol.STATUS_PID, 0, 0, us, 0, 0), null);
                    s.setStatus(AuditStatus.request(AuditProtocol.STATUS_PID, 0, 0, 0, 0, 0), null);
                }
            }
        }
    }

    static void runTrue() throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", "/bin/true conflict-test; true").start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    }

    @Test
    void anotherLiveDaemonMakesHookLineAMulticastReaderThatLeavesItsSettingsAlone() throws Exception {
        holder = startHolder();
        AuditStatus before = KernelAudit.status();
        assertEquals(holder.pid(), before.pid());
        List<AuditRuleData> rulesBefore = KernelAudit.rules();
        TestContext ctx = new TestContext(Map.of());
        try (AuditCollector c = new AuditCollector(ctx, AuditSettings.defaults())) {
            c.start();
            assertEquals(AuditCollector.Mode.MULTICAST, c.mode());
            assertTrue(c.description().contains("multicast reader"), c.description());
            AuditStatus during = KernelAudit.status();
            assertEquals(holder.pid(), during.pid());
            assertEquals(before.backlogLimit(), during.backlogLimit());
            assertEquals(before.failure(), during.failure());
            // the other daemon's log stays whole: no record type excluded
            assertTrue(KernelAudit.rules().stream().noneMatch(r -> r.list() == AuditProtocol.AUDIT_FILTER_EXCLUDE),
                    KernelAudit.rules().toString());
            runTrue();
            Event e = ctx.await(ev -> ev.table() == Table.DeviceProcessEvents
                    && "/bin/true conflict-test".equals(ev.getString(Columns.PROCESS_COMMAND_LINE)), 10_000);
            assertNotNull(e, "multicast reader saw no exec; counters " + c.counters());
        }
        assertEquals(before.settings(), KernelAudit.status().settings());
        assertEquals(rulesBefore, KernelAudit.rules());
    }

    @Test
    void refuseModeFailsWithAMessageNamingTheHolder() throws Exception {
        holder = startHolder();
        AuditStatus before = KernelAudit.status();
        TestContext ctx = new TestContext(Map.of("when_audit_pid_taken", "refuse"));
        AuditCollector c = new AuditCollector(ctx, ctx.settings(AuditSettings.DEFAULTS));
        CollectorException ex = assertThrows(CollectorException.class, c::start);
        assertTrue(ex.getMessage().contains("pid " + holder.pid()), ex.getMessage());
        assertTrue(ex.getMessage().contains("python3"), ex.getMessage());
        assertTrue(ex.getMessage().contains("multicast"), ex.getMessage());
        c.close();
        assertEquals(before.settings(), KernelAudit.status().settings());
    }

    @Test
    void takenOverAuditPidIsAlertedAndTakenBackWhenTheOtherDaemonDies() throws Exception {
        AuditStatus before = KernelAudit.status();
        TestContext ctx = new TestContext(Map.of("status_poll_ms", 200));
        try (AuditCollector c = new AuditCollector(ctx, ctx.settings(AuditSettings.DEFAULTS))) {
            c.start();
            int us = (int) ProcessHandle.current().pid();
            assertEquals(us, KernelAudit.status().pid());
            // Someone unregisters hookline and another daemon registers (only possible while the pid is free, so
            // the monitor is held meanwhile: otherwise it re-takes the free pid first, as it should).
            c.pauseMonitor(true);
            Thread.sleep(600);
            try (AuditSocket s = AuditSocket.open(0)) {
                s.setStatus(AuditStatus.request(AuditProtocol.STATUS_PID, 0, 0, 0, 0, 0), null);
            }
            holder = startHolder();
            c.pauseMonitor(false);
            waitForAlert(ctx, "AuditPidTakenOver", 5_000);
            assertTrue(ctx.alerts().stream().anyMatch(a -> a.contains("pid " + holder.pid())), ctx.alerts().toString());
            assertEquals(holder.pid(), KernelAudit.status().pid(), "a live daemon cannot be displaced");
            holder.destroyForcibly();
            holder.waitFor(5, TimeUnit.SECONDS);
            holder = null;
            waitForAlert(ctx, "AuditPidRetaken", 10_000);
            assertEquals(us, KernelAudit.status().pid());
            runTrue();
            assertNotNull(ctx.await(ev -> "/bin/true conflict-test".equals(ev.getString(Columns.PROCESS_COMMAND_LINE)),
                    10_000), "no events after the retake; counters " + c.counters());
            assertEquals(1L, c.counters().get("audit_pid_takeovers"));
            assertEquals(1L, c.counters().get("audit_pid_retakes"));
        }
        assertEquals(before.settings(), KernelAudit.status().settings());
    }

    static void waitForAlert(TestContext ctx, String kind, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (ctx.alerts().stream().anyMatch(a -> a.startsWith(kind + ":"))) {
                return;
            }
            Thread.sleep(50);
        }
        fail("no " + kind + " alert within " + millis + " ms; alerts " + ctx.alerts());
    }
}

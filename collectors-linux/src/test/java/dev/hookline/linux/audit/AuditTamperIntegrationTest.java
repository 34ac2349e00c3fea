package dev.hookline.linux.audit;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Another process changes the audit configuration behind the collector's back on the real kernel: a python3 script
 * speaks NETLINK_AUDIT itself (no auditctl). The kernel records the sender's sendto syscall with the script's pid,
 * which is how the change is told apart from the collector's own (its own syscalls are never audited).
 */
class AuditTamperIntegrationTest {
    /** Sends one audit netlink request (type, hex payload) with an ack request; exit 0 when the kernel acked. */
    static final String SEND = String.join("\n",
            "import socket, struct, sys",
            "s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 9)",
            "s.bind((0, 0))",
            "payload = bytes.fromhex(sys.argv[2])",
            "s.send(struct.pack('=IHHII', 16 + len(payload), int(sys.argv[1]), 1 | 4, 1, 0) + payload)",
            "while True:",
            "    d = s.recv(65536)",
            "    t = struct.unpack('=H', d[4:6])[0]",
            "    if t == 2:",
            "        err = struct.unpack('=i', d[16:20])[0]",
            "        print('errno', -err, flush=True)",
            "        sys.exit(0 if err == 0 else 1)");

    @BeforeAll
    static void requireAudit() {
        KernelAudit.assumeAvailable();
    }

    static long send(int type, byte[] payload) throws Exception {
        Process p = new ProcessBuilder(InboundConnectionIntegrationTest.python(), "-c", SEND, Integer.toString(type),
                HexFormat.of().formatHex(payload)).inheritIO().start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "the kernel refused the request");
        return p.pid();
    }

    /** Waits for the condition; the failure message is built when it fails, so it shows the state then. */
    static void await(BooleanSupplier condition, long millis, Supplier<String> what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, what);
            Thread.sleep(50);
        }
    }

    static long ourRules() throws Exception {
        return KernelAudit.rules().stream().filter(r -> "hookline".equals(r.key())).count();
    }

    static String alert(TestContext ctx, String kind, String containing) {
        return ctx.alerts().stream().filter(a -> a.startsWith(kind + ":") && a.contains(containing))
                .findFirst().orElse(null);
    }

    @Test
    void ruleDeletedByAnotherProcessIsAlertedWithItsPidAndReinstalled() throws Exception {
        TestContext ctx = new TestContext(Map.of("status_poll_ms", 200));
        try (AuditCollector c = new AuditCollector(ctx, ctx.settings(AuditSettings.DEFAULTS))) {
            c.start();
            long expected = ourRules();
            // Our own start-up changes (when auditing was already on) arrive as lone CONFIG_CHANGE records, emitted
            // after the 2 s event timeout: none of them may be taken for someone else's.
            Thread.sleep(2_500);
            assertTrue(ctx.alerts().isEmpty(), "our own changes raised alerts: " + ctx.alerts());

            AuditRuleData victim = KernelAudit.rules().stream()
                    .filter(r -> "hookline".equals(r.key()) && r.action() == AuditProtocol.AUDIT_ALWAYS)
                    .findFirst().orElseThrow();
            long pid = send(AuditProtocol.AUDIT_DEL_RULE, victim.bytes());
            assertEquals(expected - 1, ourRules());

            await(() -> alert(ctx, "AuditConfigChanged", "pid " + pid + " ") != null, 10_000,
                    () -> "no AuditConfigChanged alert naming pid " + pid + ": " + ctx.alerts() + " counters " + c.counters());
            String a = alert(ctx, "AuditConfigChanged", "pid " + pid + " ");
            System.out.println(a);
            assertTrue(a.contains("removed an audit rule key=\"hookline\" (one of hookline's)"), a);
            assertTrue(a.contains("python3"), a);
            await(() -> c.auditCounters().rulesReinstalled.get() >= 1, 5_000, () -> "rules not reinstalled: " + c.counters());
            assertEquals(expected, ourRules());
            assertNotNull(alert(ctx, "AuditRulesRemoved", "reinstalling"), ctx.alerts().toString());
            assertEquals(1, c.auditCounters().configChangesForeign.get(), ctx.alerts().toString());
            // The reinstall (remove of the 5 left, add of all 6, auditing on) is ours: recognised, not alerted.
            await(() -> c.auditCounters().configChangesOwn.get() >= 2 * expected - 1, 5_000,
                    () -> "the reinstall's records were not recognised as ours: " + c.counters() + " " + ctx.alerts());
            assertEquals(1, c.auditCounters().configChangesForeign.get(), ctx.alerts().toString());
        }
    }

    @Test
    void auditingDisabledByAnotherProcessIsAlertedAndReEnabled() throws Exception {
        TestContext ctx = new TestContext(Map.of("status_poll_ms", 200));
        try (AuditCollector c = new AuditCollector(ctx, ctx.settings(AuditSettings.DEFAULTS))) {
            c.start();
            long pid = send(AuditProtocol.AUDIT_SET,
                    AuditStatus.request(AuditProtocol.STATUS_ENABLED, 0, 0, 0, 0, 0));
            await(() -> alert(ctx, "AuditConfigChanged", "set audit_enabled from 1 to 0") != null, 10_000,
                    () -> "no AuditConfigChanged alert: " + ctx.alerts() + " counters " + c.counters());
            System.out.println(alert(ctx, "AuditConfigChanged", "audit_enabled"));
            assertNotNull(alert(ctx, "AuditConfigChanged", "pid " + pid + " "), ctx.alerts().toString());
            await(() -> c.auditCounters().auditReenabled.get() >= 1, 5_000, () -> "not re-enabled: " + c.counters());
            await(() -> {
                try {
                    return KernelAudit.status().enabled() == 1;
                } catch (Exception e) {
                    return false;
                }
            }, 5_000, () -> "auditing still off");
            assertNotNull(alert(ctx, "AuditDisabled", "re-enabled"), ctx.alerts().toString());
            List<String> all = ctx.alerts();
            System.out.println(all);
        }
    }
}

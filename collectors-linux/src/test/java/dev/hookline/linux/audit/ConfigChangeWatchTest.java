package dev.hookline.linux.audit;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.process.ProcessInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Literal AUDIT_CONFIG_CHANGE records: whose change it was, what the alert says, and that the repair is asked for. */
class ConfigChangeWatchTest {
    static final long US = 4242;
    static final long T = 1_700_000_000_500_000_000L;
    final List<String> alerts = new ArrayList<>();
    final AuditCounters counters = new AuditCounters();
    int repairs;
    ConfigChangeWatch watch;
    AuditAssembler asm;

    @BeforeEach
    void setUp() {
        watch = new ConfigChangeWatch((k, m) -> alerts.add(k + ": " + m), counters, US, "hookline", "0", "3",
                pid -> pid == 777 ? new ProcessInfo(777, 1, 0, "/usr/sbin/auditctl", "auditctl -D", 0, null) : null,
                () -> repairs++);
        AuditEventMapper m = new AuditEventMapper(e -> fail("no rows expected"), new dev.hookline.linux.proc
                .ProcessLifecycle(new dev.hookline.process.ProcessTable(1), null), null, null, null, counters, watch);
        asm = new AuditAssembler(m, counters, 2_000_000_000L, 4096, 1024, 1 << 20);
    }

    void feed(long serial, String... typeAndBody) {
        for (String tb : typeAndBody) {
            int sp = tb.indexOf(' ');
            asm.add(AuditRecord.parse(Integer.parseInt(tb.substring(0, sp)),
                    "audit(1700000000.500:" + serial + "): " + tb.substring(sp + 1)), 0);
        }
    }

    @Test
    void ruleRemovedByAuditctlNamesTheProcessAndAsksForRepair() {
        feed(10, "1305 auid=0 ses=3 subj=unconfined op=remove_rule key=\"hookline\" list=4 res=1",
                "1300 arch=c000003e syscall=44 success=yes exit=1084 a0=4 ppid=600 pid=777 auid=0 uid=0 gid=0 euid=0 "
                        + "ses=3 comm=\"auditctl\" exe=\"/usr/sbin/auditctl\" key=(null)",
                "1327 proctitle=617564697463746C002D44");
        assertEquals(List.of("AuditConfigChanged: removed an audit rule key=\"hookline\" (one of hookline's) on filter"
                + " list 4 by pid 777 (/usr/sbin/auditctl, comm auditctl) ppid 600 uid 0 auid 0 ses 3, command line:"
                + " auditctl -D; hookline checks its rules and audit settings now and repairs them"), alerts);
        assertEquals(1, repairs);
        assertEquals(1, counters.configChangesForeign.get());
    }

    @Test
    void settingsAndPidChangesSayOldAndNewValueAndRefusals() {
        feed(11, "1305 op=set audit_enabled=0 old=1 auid=1000 ses=7 subj=unconfined res=1",
                "1300 arch=c000003e syscall=44 success=yes exit=60 a0=3 ppid=1 pid=900 auid=1000 uid=0 ses=7 "
                        + "comm=\"python3\" exe=\"/usr/bin/python3.11\"", "1320 ");
        feed(12, "1305 op=set audit_pid=901 old=4242 auid=1000 ses=7 res=0",
                "1300 arch=c000003e syscall=44 success=yes exit=60 a0=3 ppid=1 pid=901 auid=1000 uid=0 ses=7 "
                        + "comm=\"auditd\" exe=\"/usr/sbin/auditd\"", "1320 ");
        assertEquals(2, alerts.size());
        assertTrue(alerts.get(0).startsWith("AuditConfigChanged: set audit_enabled from 1 to 0 by pid 900 "
                + "(/usr/bin/python3.11, comm python3) ppid 1 uid 0 auid 1000 ses 7;"), alerts.get(0));
        assertTrue(alerts.get(1).startsWith("AuditConfigChanged: set audit_pid from 4242 to 901 (attempt refused by "
                + "the kernel) by pid 901 (/usr/sbin/auditd"), alerts.get(1));
    }

    @Test
    void loneRecordInsideOurChangeWindowIsOurs() {
        watch.ownChange(T - 10_000_000L, T - 5_000_000L); // the coarse audit clock may lag: within the margin
        feed(20, "1305 auid=0 ses=3 op=add_rule key=\"hookline\" list=4 res=1");
        asm.flush(); // a lone record completes by timeout; flush stands in for it
        assertTrue(alerts.isEmpty(), alerts.toString());
        assertEquals(1, counters.configChangesOwn.get());
        assertEquals(0, repairs);
    }

    @Test
    void loneRecordOutsideOurWindowsOrFromAnotherSessionIsForeign() {
        watch.ownChange(T - 5_000_000_000L, T - 4_000_000_000L);
        feed(21, "1305 auid=0 ses=3 op=remove_rule key=\"hookline\" list=4 res=1");
        asm.flush();
        watch.ownChange(T - 1_000_000L, T + 1_000_000L); // in our window, but another login session's
        feed(22, "1305 auid=1000 ses=9 op=add_rule key=\"blind\" list=4 res=1");
        asm.flush();
        assertEquals(2, alerts.size(), alerts.toString());
        assertTrue(alerts.get(0).contains("removed an audit rule key=\"hookline\" (one of hookline's) on filter list 4"
                + " by an unknown process (no syscall record: it is not audited) auid 0 ses 3"), alerts.get(0));
        assertTrue(alerts.get(1).contains("added an audit rule key=\"blind\" on filter list 4 by an unknown process"),
                alerts.get(1));
        assertEquals(2, repairs);
    }

    @Test
    void ourOwnPidInTheSyscallRecordIsOurs() {
        feed(30, "1305 auid=0 ses=3 op=add_rule key=\"hookline\" list=4 res=1",
                "1300 arch=c000003e syscall=44 success=yes exit=1084 a0=4 ppid=1 pid=4242 auid=0 uid=0 ses=3", "1320 ");
        assertTrue(alerts.isEmpty());
        assertEquals(1, counters.configChangesOwn.get());
    }

    @Test
    void statusMonitorChecksRulesOnTheNextPollWhenAsked() {
        AuditStatusMonitorTest.FakeKernel k = new AuditStatusMonitorTest.FakeKernel();
        AuditStatusMonitor m = new AuditStatusMonitor(k, (kind, msg) -> alerts.add(kind), counters, 4242, true, true, 4);
        m.poll(0);
        k.rules = 3;
        m.poll(1);
        assertEquals(3, k.rules, "not checked before the tenth poll");
        m.checkNow();
        m.poll(2);
        assertEquals(4, k.rules);
        assertEquals(List.of("AuditRulesRemoved"), alerts);
        assertEquals(1, counters.rulesReinstalled.get());
    }
}

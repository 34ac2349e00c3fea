package dev.hookline.linux.audit;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The monitor's decisions against a scripted kernel. */
class AuditStatusMonitorTest {
    static final int US = 4242;

    static final class FakeKernel implements AuditStatusMonitor.Control {
        int pid = US;
        int enabled = 1;
        long lost;
        int rules = 4;
        int retakes;
        boolean holderAlive = true;

        @Override
        public AuditStatus status() {
            return new AuditStatus(0, enabled, 0, pid, 0, 8192, lost, 0, 0, 0, 0);
        }

        @Override
        public void retakePid() throws IOException {
            retakes++;
            if (holderAlive) {
                throw new IOException("EEXIST");
            }
            pid = US;
        }

        @Override
        public int ourRuleCount() {
            return rules;
        }

        @Override
        public void reinstallRules() {
            rules = 4;
        }

        @Override
        public void enable() {
            enabled = 1;
        }
    }

    final FakeKernel k = new FakeKernel();
    final List<String> alerts = new ArrayList<>();
    final AuditCounters counters = new AuditCounters();

    AuditStatusMonitor monitor(boolean retake) {
        return new AuditStatusMonitor(k, (kind, msg) -> alerts.add(kind), counters, US, true, retake, 4);
    }

    @Test
    void takeoverIsAlertedOnceAndRetakenWhenTheHolderGoes() {
        AuditStatusMonitor m = monitor(true);
        m.poll(0);
        assertTrue(alerts.isEmpty());
        k.pid = 999;
        m.poll(1);
        m.poll(2);
        assertEquals(List.of("AuditPidTakenOver"), alerts);
        assertEquals(2, k.retakes);
        k.holderAlive = false;
        m.poll(3); // retake succeeds during this poll
        m.poll(4); // and is seen here
        assertEquals(List.of("AuditPidTakenOver", "AuditPidRetaken"), alerts);
        assertEquals(1, counters.auditPidTakeovers.get());
        assertEquals(1, counters.auditPidRetakes.get());
    }

    @Test
    void noRetakeWhenDisabled() {
        AuditStatusMonitor m = monitor(false);
        k.pid = 999;
        m.poll(1);
        m.poll(2);
        assertEquals(0, k.retakes);
        assertEquals(List.of("AuditPidTakenOver"), alerts);
        assertTrue(m.takenOver());
    }

    @Test
    void lostGrowthIsCountedFromStartAndAlertedAtMostOncePerMinute() {
        k.lost = 100;
        AuditStatusMonitor m = monitor(true);
        m.poll(0);
        assertEquals(0, counters.kernelLost.get());
        k.lost = 130;
        m.poll(1_000_000_000L);
        k.lost = 150;
        m.poll(2_000_000_000L);
        assertEquals(50, counters.kernelLost.get());
        assertEquals(List.of("AuditRecordsLost"), alerts);
        k.lost = 151;
        m.poll(70_000_000_000L);
        assertEquals(List.of("AuditRecordsLost", "AuditRecordsLost"), alerts);
    }

    @Test
    void disabledAuditingIsReEnabled() {
        AuditStatusMonitor m = monitor(true);
        k.enabled = 0;
        m.poll(0);
        assertEquals(1, k.enabled);
        assertEquals(List.of("AuditDisabled"), alerts);
    }

    @Test
    void deletedRulesAreReinstalledOnTheTenthPoll() {
        AuditStatusMonitor m = monitor(true);
        k.rules = 0;
        for (int i = 0; i < 9; i++) {
            m.poll(i);
        }
        assertEquals(0, k.rules);
        m.poll(10);
        assertEquals(4, k.rules);
        assertEquals(List.of("AuditRulesRemoved"), alerts);
        assertEquals(1, counters.rulesReinstalled.get());
    }
}

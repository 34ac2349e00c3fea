package dev.hookline.linux.audit;

import dev.hookline.collector.HealthSink;
import java.io.IOException;

/**
 * The periodic check of the kernel's audit state (every status_poll_ms): exports `lost` growth and the backlog,
 * and notices when another process has taken the audit pid (alert AuditPidTakenOver; re-take it when configured,
 * then AuditPidRetaken), when auditing was disabled (AuditDisabled; re-enabled), when our rules were deleted
 * (AuditRulesRemoved; reinstalled, checked every tenth poll, or on the next poll after {@link #checkNow()}) and when records are being lost (AuditRecordsLost, at
 * most once a minute). A healthy daemon cannot be displaced on current kernels (AUDIT_SET pid answers EEXIST),
 * so a takeover means our socket was seen as dead, or someone unregistered us; the re-take is repeated every poll
 * until it succeeds.
 */
public final class AuditStatusMonitor {
    /** What the monitor needs from the kernel; the collector implements it over netlink, tests with a fake. */
    public interface Control {
        AuditStatus status() throws IOException;

        void retakePid() throws IOException;

        int ourRuleCount() throws IOException;

        void reinstallRules() throws IOException;

        void enable() throws IOException;
    }

    private static final long LOST_ALERT_INTERVAL_NANOS = 60_000_000_000L;
    private final Control control;
    private final HealthSink health;
    private final AuditCounters counters;
    private final long ourPid;
    private final boolean daemon;
    private final boolean retake;
    private final int expectedRules;
    private long lostAtStart = -1;
    private long lastLost = -1;
    private long lastLostAlert = Long.MIN_VALUE;
    private boolean takenOver;
    private long polls;
    private volatile boolean checkRulesNow;

    public AuditStatusMonitor(Control control, HealthSink health, AuditCounters counters, long ourPid, boolean daemon,
                              boolean retake, int expectedRules) {
        this.control = control;
        this.health = health;
        this.counters = counters;
        this.ourPid = ourPid;
        this.daemon = daemon;
        this.retake = retake;
        this.expectedRules = expectedRules;
    }

    /** Makes the next poll check the rules too (someone else changed the audit configuration). */
    public void checkNow() {
        checkRulesNow = true;
    }

    public boolean takenOver() {
        return takenOver;
    }

    public void poll(long nowNanos) {
        polls++;
        AuditStatus s;
        try {
            s = control.status();
        } catch (IOException e) {
            return; // transient; the next poll tries again
        }
        if (lostAtStart < 0) {
            lostAtStart = s.lost();
            lastLost = s.lost();
        }
        counters.kernelLost.set(Math.max(0, s.lost() - lostAtStart));
        counters.kernelBacklog.set(s.backlog());
        if (s.lost() > lastLost
                && (lastLostAlert == Long.MIN_VALUE || nowNanos - lastLostAlert >= LOST_ALERT_INTERVAL_NANOS)) {
            lastLostAlert = nowNanos;
            health.healthAlert("AuditRecordsLost", "the kernel lost " + (s.lost() - lastLost)
                    + " audit records since the last check (backlog " + s.backlog() + " of " + s.backlogLimit()
                    + "); raise backlog_limit or reduce audited activity");
        }
        lastLost = s.lost();
        if (daemon) {
            checkPid(s);
        }
        if (s.enabled() == 0) {
            counters.auditReenabled.incrementAndGet();
            health.healthAlert("AuditDisabled", "kernel auditing was disabled by someone else; hookline re-enabled it");
            try {
                control.enable();
            } catch (IOException e) {
                health.healthAlert("AuditDisabled", "re-enabling auditing failed: " + e.getMessage());
            }
        }
        if (polls % 10 == 0 || checkRulesNow) {
            checkRulesNow = false;
            try {
                int n = control.ourRuleCount();
                if (n < expectedRules) {
                    health.healthAlert("AuditRulesRemoved", "only " + n + " of hookline's " + expectedRules
                            + " audit rules are loaded (someone ran auditctl -D?); reinstalling them");
                    control.reinstallRules();
                    counters.rulesReinstalled.incrementAndGet();
                }
            } catch (IOException e) {
                health.healthAlert("AuditRulesRemoved", "checking or reinstalling audit rules failed: " + e.getMessage());
            }
        }
    }

    private void checkPid(AuditStatus s) {
        if (s.pid() != ourPid) {
            if (!takenOver) {
                takenOver = true;
                counters.auditPidTakeovers.incrementAndGet();
                String who = s.pid() == 0 ? "no process (hookline was unregistered)" : "pid " + s.pid() + describe(s.pid());
                health.healthAlert("AuditPidTakenOver", "the audit pid is now held by " + who
                        + " instead of hookline (pid " + ourPid + "); "
                        + (retake ? "re-taking it" : "not re-taking it (retake_audit_pid: false): no audit events until it is released"));
            }
            if (retake) {
                try {
                    control.retakePid();
                } catch (IOException e) {
                    // EEXIST while the other daemon is alive; retried next poll
                }
            }
        } else if (takenOver) {
            takenOver = false;
            counters.auditPidRetakes.incrementAndGet();
            health.healthAlert("AuditPidRetaken", "hookline (pid " + ourPid + ") holds the audit pid again");
        }
    }

    private static String describe(long pid) {
        try {
            String comm = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/comm")).trim();
            return " (" + comm + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}

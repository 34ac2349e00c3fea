package dev.hookline.linux.audit;

import dev.hookline.collector.HealthSink;
import dev.hookline.process.ProcessInfo;
import java.util.function.LongFunction;

/**
 * Tamper detection on the kernel's audit configuration: every AUDIT_CONFIG_CHANGE record (op=add_rule,
 * op=remove_rule, op=set audit_enabled=/audit_failure=/audit_backlog_limit=/audit_pid=...) that Hookline did not
 * cause is raised as an {@code AuditConfigChanged} health alert naming who (pid, exe, comm, auid, uid, session,
 * command line from the process table) and what, and asks the status monitor to check and repair at once (rules
 * reinstalled, auditing re-enabled, audit pid re-taken; those repairs raise and count their own alerts).
 * <p>
 * Who changed it: the kernel writes CONFIG_CHANGE while handling the netlink request, inside the sender's sendto
 * syscall, so the event normally also carries that syscall's SYSCALL record with the sender's pid. Hookline's own
 * syscalls are excluded by its pid rule, so its own changes arrive as a lone CONFIG_CHANGE (so do changes by a
 * process without an audit context, e.g. one started before auditing was ever enabled). A lone record is ours
 * when its timestamp falls inside a window in which Hookline was changing the configuration (recorded by the
 * collector around each change, with a margin for the kernel's coarse clock) and its auid/ses are ours; any other
 * lone record is foreign, with the pid unknown.
 */
public final class ConfigChangeWatch {
    /** Audit timestamps come from the coarse real-time clock (up to a tick behind); margin on both sides. */
    static final long MARGIN_NANOS = 50_000_000L;
    private static final int WINDOWS = 32;
    private static final int MAX_COMMAND_LINE = 300;

    private final HealthSink health;
    private final AuditCounters counters;
    private final long ourPid;
    private final String ruleKey;
    private final String ourAuid;
    private final String ourSes;
    private final LongFunction<ProcessInfo> processes;
    private final Runnable repair;
    private final long[] windowStart = new long[WINDOWS];
    private final long[] windowEnd = new long[WINDOWS];
    private int next;
    private int used;

    /**
     * @param ourAuid   this process's loginuid as the kernel prints it (/proc/self/loginuid), or null
     * @param ourSes    this process's session id (/proc/self/sessionid), or null
     * @param processes looks a pid up (table, then /proc); may return null
     * @param repair    called after a foreign change: makes the status monitor check the kernel now
     */
    public ConfigChangeWatch(HealthSink health, AuditCounters counters, long ourPid, String ruleKey, String ourAuid,
                             String ourSes, LongFunction<ProcessInfo> processes, Runnable repair) {
        this.health = health;
        this.counters = counters;
        this.ourPid = ourPid;
        this.ruleKey = ruleKey;
        this.ourAuid = ourAuid;
        this.ourSes = ourSes;
        this.processes = processes;
        this.repair = repair;
    }

    /** Records that Hookline changed the audit configuration between these two epoch-nanosecond instants. */
    public synchronized void ownChange(long startNanos, long endNanos) {
        windowStart[next] = startNanos - MARGIN_NANOS;
        windowEnd[next] = endNanos + MARGIN_NANOS;
        next = (next + 1) % WINDOWS;
        used = Math.min(used + 1, WINDOWS);
    }

    private synchronized boolean inOwnWindow(long t) {
        for (int i = 0; i < used; i++) {
            if (t >= windowStart[i] && t <= windowEnd[i]) {
                return true;
            }
        }
        return false;
    }

    /** An assembled event that carries a CONFIG_CHANGE record. */
    public void changed(AuditEvent ev) {
        AuditRecord cc = ev.first(AuditProtocol.AUDIT_CONFIG_CHANGE);
        if (cc == null) {
            return;
        }
        AuditFields c = cc.fields();
        AuditRecord sysRecord = ev.first(AuditProtocol.AUDIT_SYSCALL);
        AuditFields sys = sysRecord == null ? null : sysRecord.fields();
        long pid = sys == null ? -1 : sys.number("pid", -1);
        boolean own = pid > 0 ? pid == ourPid
                : inOwnWindow(ev.epochNanos()) && same(ourAuid, c.raw("auid")) && same(ourSes, c.raw("ses"));
        if (own) {
            counters.configChangesOwn.incrementAndGet();
            return;
        }
        counters.configChangesForeign.incrementAndGet();
        health.healthAlert("AuditConfigChanged", what(c) + " by " + who(pid, c, sys)
                + "; hookline checks its rules and audit settings now and repairs them");
        if (repair != null) {
            repair.run();
        }
    }

    private static boolean same(String ours, String theirs) {
        return ours == null || theirs == null || ours.equals(theirs);
    }

    /** "removed audit rule key=\"hookline\" (hookline's own) from list 4", "set audit_enabled 1 -> 0", ... */
    String what(AuditFields c) {
        String op = c.raw("op");
        String res = c.raw("res");
        StringBuilder sb = new StringBuilder();
        if ("remove_rule".equals(op) || "add_rule".equals(op)) {
            String key = c.text("key");
            sb.append(op.equals("remove_rule") ? "removed" : "added").append(" an audit rule");
            sb.append(key == null ? " without a key" : " key=\"" + key + "\"");
            if (ruleKey.equals(key)) {
                sb.append(" (one of hookline's)");
            }
            String list = c.raw("list");
            if (list != null) {
                sb.append(" on filter list ").append(list);
            }
        } else if ("set".equals(op)) {
            String setting = null;
            for (int i = 0; i < c.size(); i++) {
                String k = c.key(i);
                if (k.startsWith("audit_")) {
                    setting = k;
                    break;
                }
            }
            if (setting == null) {
                sb.append("changed an audit setting");
            } else {
                sb.append("set ").append(setting).append(" from ").append(c.raw("old")).append(" to ")
                        .append(c.raw(setting));
            }
        } else {
            sb.append("changed the audit configuration (op=").append(op).append(')');
        }
        if ("0".equals(res)) {
            sb.append(" (attempt refused by the kernel)");
        }
        return sb.toString();
    }

    private String who(long pid, AuditFields c, AuditFields sys) {
        StringBuilder sb = new StringBuilder();
        if (pid > 0) {
            sb.append("pid ").append(pid);
            String exe = sys.text("exe");
            String comm = sys.text("comm");
            sb.append(" (").append(exe == null ? "?" : exe);
            if (comm != null) {
                sb.append(", comm ").append(comm);
            }
            sb.append(')');
            String ppid = sys.raw("ppid");
            if (ppid != null) {
                sb.append(" ppid ").append(ppid);
            }
            sb.append(" uid ").append(sys.raw("uid"));
        } else {
            sb.append("an unknown process (no syscall record: it is not audited)");
        }
        String auid = c.raw("auid") != null ? c.raw("auid") : sys == null ? null : sys.raw("auid");
        sb.append(" auid ").append("4294967295".equals(auid) ? "unset" : auid);
        String ses = c.raw("ses") != null ? c.raw("ses") : sys == null ? null : sys.raw("ses");
        sb.append(" ses ").append("4294967295".equals(ses) ? "unset" : ses);
        if (pid > 0 && processes != null) {
            ProcessInfo p = processes.apply(pid);
            String cmd = p == null ? null : p.commandLine();
            if (cmd != null) {
                sb.append(", command line: ").append(cmd.length() > MAX_COMMAND_LINE
                        ? cmd.substring(0, MAX_COMMAND_LINE) + "..." : cmd);
            }
        }
        return sb.toString();
    }
}

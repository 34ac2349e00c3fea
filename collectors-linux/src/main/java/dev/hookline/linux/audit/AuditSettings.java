package dev.hookline.linux.audit;

import java.util.Locale;
import java.util.Map;

/**
 * The linux-audit section of the agent config. Keys (all optional):
 * <pre>
 * backlog_limit: 8192            # kernel queue of records waiting for us; raised, never below 8192 by default
 * failure: silent                # silent | printk: what the kernel does when it loses a record
 * retake_audit_pid: true         # take the audit pid back when another process takes it over
 * when_audit_pid_taken: multicast  # multicast | refuse: another live daemon (auditd) holds the pid at start
 * status_poll_ms: 1000
 * inbound_rules: false           # also audit bind/listen/accept4 (not mapped to events yet)
 * inflight_timeout_ms: 2000
 * inflight_max: 4096
 * proc_connector: true
 * rule_key: hookline
 * receive_buffer_bytes: 8388608
 * </pre>
 * Failure mode defaults to silent: a lost record is already counted (kernel `lost`, sequence gaps) and raised as a
 * health alert, and printk would only add rate-limited console lines during exactly the storms that lose records.
 */
public record AuditSettings(int backlogLimit, int failure, boolean retakeAuditPid, boolean refuseWhenTaken,
                            int statusPollMillis, boolean inboundRules, int inflightTimeoutMillis, int inflightMax,
                            boolean procConnector, String ruleKey, int receiveBufferBytes) {

    public static AuditSettings defaults() {
        return from(Map.of());
    }

    public static AuditSettings from(Map<String, Object> c) {
        Map<String, Object> m = c == null ? Map.of() : c;
        String failure = str(m, "failure", "silent").toLowerCase(Locale.ROOT);
        int fail;
        switch (failure) {
            case "silent": case "0": fail = AuditProtocol.FAIL_SILENT; break;
            case "printk": case "1": fail = AuditProtocol.FAIL_PRINTK; break;
            default: throw new IllegalArgumentException("linux-audit failure: expected silent or printk, got " + failure);
        }
        String taken = str(m, "when_audit_pid_taken", "multicast").toLowerCase(Locale.ROOT);
        if (!taken.equals("multicast") && !taken.equals("refuse")) {
            throw new IllegalArgumentException("linux-audit when_audit_pid_taken: expected multicast or refuse, got " + taken);
        }
        String key = str(m, "rule_key", "hookline");
        if (key.isEmpty() || key.length() > 31) {
            throw new IllegalArgumentException("linux-audit rule_key must be 1-31 characters");
        }
        return new AuditSettings(
                positive(m, "backlog_limit", 8192),
                fail,
                bool(m, "retake_audit_pid", true),
                taken.equals("refuse"),
                positive(m, "status_poll_ms", 1000),
                bool(m, "inbound_rules", false),
                positive(m, "inflight_timeout_ms", 2000),
                positive(m, "inflight_max", 4096),
                bool(m, "proc_connector", true),
                key,
                positive(m, "receive_buffer_bytes", 8 * 1024 * 1024));
    }

    private static String str(Map<String, Object> m, String k, String d) {
        Object v = m.get(k);
        return v == null ? d : v.toString().trim();
    }

    private static int positive(Map<String, Object> m, String k, int d) {
        Object v = m.get(k);
        if (v == null) {
            return d;
        }
        try {
            long n = v instanceof Number ? ((Number) v).longValue() : Long.parseLong(v.toString().trim());
            if (n <= 0 || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("linux-audit " + k + " must be a positive integer, got " + v);
            }
            return (int) n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("linux-audit " + k + " must be a positive integer, got " + v, e);
        }
    }

    private static boolean bool(Map<String, Object> m, String k, boolean d) {
        Object v = m.get(k);
        if (v == null) {
            return d;
        }
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("yes") || s.equals("on")) {
            return true;
        }
        if (s.equals("false") || s.equals("no") || s.equals("off")) {
            return false;
        }
        throw new IllegalArgumentException("linux-audit " + k + " must be true or false, got " + v);
    }
}

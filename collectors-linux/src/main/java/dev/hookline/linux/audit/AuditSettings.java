package dev.hookline.linux.audit;

import java.util.ArrayList;
import java.util.List;
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
 * inbound_rules: all             # all | listen | off: audit bind+listen (ListeningConnectionCreated) and, with
 *                                # all, accept/accept4 (InboundConnectionAccepted); true = all, false = off
 * inflight_timeout_ms: 2000
 * inflight_max: 4096
 * proc_connector: true
 * rule_key: hookline
 * receive_buffer_bytes: 8388608
 * read_coalesce_ms: 3            # under load, read the audit socket at most once per this many ms; 0 = never wait
 * exclude_record_types: [CWD, PATH]  # records the kernel does not even format while we are the audit daemon;
 *                                # any of CWD, PATH, PROCTITLE; [] = keep every record
 * </pre>
 * exclude_record_types: an exec produces SYSCALL, EXECVE, CWD, PATH (two or three), PROCTITLE and EOE records. The
 * mapper takes the image from SYSCALL's exe= and the command line from EXECVE, so CWD and PATH are formatted by
 * the audited process (a d_path each), queued, copied and parsed for nothing. Excluded only in daemon mode: as a
 * multicast reader the records belong to the other daemon's log, which is left whole.
 * read_coalesce_ms trades a little latency for CPU: while records keep coming faster than one per period, the
 * reader sleeps out the rest of the period after each read and then takes everything queued in one go, so an exec
 * storm costs one wake-up per period instead of one per exec (each wake-up is ~70 µs of CPU on the 2-core bench
 * VM, most of an exec's cost). Quiet hosts are unaffected: a lone exec is read as soon as it comes. An alert waits
 * at most one period longer.
 * Failure mode defaults to silent: a lost record is already counted (kernel `lost`, sequence gaps) and raised as a
 * health alert, and printk would only add rate-limited console lines during exactly the storms that lose records.
 * <p>
 * inbound_rules defaults to all. Only successful calls are audited (-F success=1), so a non-blocking server's
 * EAGAIN accepts cost nothing. bind and listen are rare; accept costs one audit event per accepted connection.
 * Measured on the 2-core test machine (python3 client and server on loopback, ~5,000 connections a second): the
 * collector spent 60-80 microseconds of CPU per network event, connect or accept alike, so a few hundred accepts a
 * second cost a few percent of a core; at 5,000 a second (10,000 events a second with the connects) the kernel's
 * backlog of 8192 overflowed and records were lost (counted in kernel_lost, alerted as AuditRecordsLost). On a busy
 * server (thousands of accepts a second) use {@code inbound_rules: listen}: the accept load would otherwise compete
 * with exec records for the backlog.
 */
public record AuditSettings(int backlogLimit, int failure, boolean retakeAuditPid, boolean refuseWhenTaken,
                            int statusPollMillis, Inbound inbound, int inflightTimeoutMillis, int inflightMax,
                            boolean procConnector, String ruleKey, int receiveBufferBytes, int readCoalesceMillis,
                            List<Integer> excludedRecordTypes) {

    /** Which inbound syscalls are audited. */
    public enum Inbound { OFF, LISTEN, ALL }

    /** True when any inbound syscall (bind/listen, maybe accept) is audited. */
    public boolean inboundRules() {
        return inbound != Inbound.OFF;
    }

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
                inbound(m),
                positive(m, "inflight_timeout_ms", 2000),
                positive(m, "inflight_max", 4096),
                bool(m, "proc_connector", true),
                key,
                positive(m, "receive_buffer_bytes", 8 * 1024 * 1024),
                integer(m, "read_coalesce_ms", 3, 0, 100),
                excludedTypes(m.getOrDefault("exclude_record_types", List.of("CWD", "PATH"))));
    }

    /** A YAML list or a comma-separated string of record type names; [] / "" / none = none. */
    private static List<Integer> excludedTypes(Object v) {
        List<String> names = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                names.add(String.valueOf(o));
            }
        } else if (v != null) {
            for (String s : v.toString().split(",")) {
                names.add(s);
            }
        }
        List<Integer> types = new ArrayList<>();
        for (String n : names) {
            String name = n.trim().toUpperCase(Locale.ROOT);
            if (name.isEmpty() || (name.equals("NONE") && names.size() == 1)) {
                continue;
            }
            Integer t = AuditRules.EXCLUDABLE.get(name);
            if (t == null) {
                throw new IllegalArgumentException("linux-audit exclude_record_types: " + n.trim()
                        + " cannot be excluded (Hookline needs it, or it is not an audit record type); allowed: "
                        + String.join(", ", AuditRules.EXCLUDABLE.keySet()));
            }
            if (!types.contains(t)) {
                types.add(t);
            }
        }
        return List.copyOf(types);
    }

    private static Inbound inbound(Map<String, Object> m) {
        String v = str(m, "inbound_rules", "all").toLowerCase(Locale.ROOT);
        switch (v) {
            case "all": case "true": case "yes": case "on": return Inbound.ALL;
            case "listen": return Inbound.LISTEN;
            case "off": case "false": case "no": case "none": return Inbound.OFF;
            default:
                throw new IllegalArgumentException("linux-audit inbound_rules: expected all, listen or off, got " + v);
        }
    }

    private static String str(Map<String, Object> m, String k, String d) {
        Object v = m.get(k);
        return v == null ? d : v.toString().trim();
    }

    private static int positive(Map<String, Object> m, String k, int d) {
        return integer(m, k, d, 1, Integer.MAX_VALUE);
    }

    private static int integer(Map<String, Object> m, String k, int d, int min, int max) {
        Object v = m.get(k);
        if (v == null) {
            return d;
        }
        String expected = max == Integer.MAX_VALUE && min == 1 ? "a positive integer" : "an integer " + min + "-" + max;
        try {
            long n = v instanceof Number ? ((Number) v).longValue() : Long.parseLong(v.toString().trim());
            if (n < min || n > max) {
                throw new IllegalArgumentException("linux-audit " + k + " must be " + expected + ", got " + v);
            }
            return (int) n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("linux-audit " + k + " must be " + expected + ", got " + v, e);
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

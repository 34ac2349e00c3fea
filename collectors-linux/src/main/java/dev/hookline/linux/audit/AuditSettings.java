package dev.hookline.linux.audit;

import dev.hookline.collector.InvalidSetting;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code collectors: linux-audit:} section of the agent config, bound over {@link #DEFAULTS} by the agent's
 * config mapper ({@code CollectorContext.settings}); documented with its defaults in {@code linux-audit.yaml} beside
 * this class.
 * Keys (all optional):
 * <pre>
 * backlog_limit: 8192            # kernel queue of records waiting for us; raised, never below 8192 by default
 * failure: silent                # silent | printk: what the kernel does when it loses a record
 * retake_audit_pid: true         # take the audit pid back when another process takes it over
 * when_audit_pid_taken: multicast  # multicast | refuse: another live daemon (auditd) holds the pid at start
 * status_poll_ms: 1000
 * inbound_rules: all             # all | listen | off: audit bind+listen (ListeningConnectionCreated) and, with
 *                                # all, accept/accept4 (InboundConnectionAccepted)
 * inflight_timeout_ms: 2000
 * inflight_max: 4096
 * proc_connector: true
 * rule_key: hookline
 * receive_buffer_bytes: 8388608
 * read_coalesce_ms: 3            # under load, read the audit socket at most once per this many ms; 0 = never wait
 * exclude_record_types: [PATH]    # records the kernel does not even format while we are the audit daemon;
 *                                # any of CWD, PATH, PROCTITLE; [] keeps every record
 * previous_settings_file: /var/lib/hookline/audit-previous-settings  # the kernel's settings before Hookline
 * </pre>
 * previous_settings_file: written (atomically) when the collector first changes the kernel's audit settings and
 * deleted once they are restored at a clean stop. A run killed with -9 leaves it, and the next start restores
 * from it instead of taking the dead agent's settings for the host's own.
 * exclude_record_types: an exec produces SYSCALL, EXECVE, CWD, PATH (two or three), PROCTITLE and EOE records. The
 * mapper takes the image from SYSCALL's exe= and the command line from EXECVE, so PATH records are formatted by
 * the audited process (a d_path each), queued, copied and parsed for nothing. CWD is kept by default: the install
 * resolver reads it for a child of a package manager that has exited before its /proc entry could be read (an npm
 * lifecycle script runs in its package's directory); [CWD, PATH] saves one record per exec and loses that.
 * Excluded only in daemon mode: as a multicast reader the records belong to the other daemon's log, which is left
 * whole.
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
public record AuditSettings(int backlogLimit, Failure failure, boolean retakeAuditPid,
                            WhenTaken whenAuditPidTaken, int statusPollMs, Inbound inboundRules, int inflightTimeoutMs,
                            int inflightMax, boolean procConnector, String ruleKey, int receiveBufferBytes,
                            int readCoalesceMs, List<String> excludeRecordTypes, String previousSettingsFile) {

    /** What the kernel does when it loses a record. */
    public enum Failure { SILENT, PRINTK }

    /** What to do when another live daemon holds the audit pid at start. */
    public enum WhenTaken { MULTICAST, REFUSE }

    /** Which inbound syscalls are audited. */
    public enum Inbound { OFF, LISTEN, ALL }

    public static final AuditSettings DEFAULTS = new AuditSettings(8192, Failure.SILENT, true, WhenTaken.MULTICAST,
            1000, Inbound.ALL, 2000, 4096, true, "hookline", 8 * 1024 * 1024, 3, List.of("PATH"),
            "/var/lib/hookline/audit-previous-settings");

    public AuditSettings {
        positive("backlog_limit", backlogLimit);
        positive("status_poll_ms", statusPollMs);
        positive("inflight_timeout_ms", inflightTimeoutMs);
        positive("inflight_max", inflightMax);
        positive("receive_buffer_bytes", receiveBufferBytes);
        InvalidSetting.require(readCoalesceMs >= 0 && readCoalesceMs <= 100, "read_coalesce_ms",
                "must be between 0 and 100, got " + readCoalesceMs);
        InvalidSetting.require(ruleKey != null && !ruleKey.isEmpty() && ruleKey.length() <= 31, "rule_key",
                "must be 1-31 characters");
        List<String> types = new ArrayList<>();
        for (String n : excludeRecordTypes) {
            String name = n == null ? "" : n.trim().toUpperCase(Locale.ROOT);
            InvalidSetting.require(AuditRules.EXCLUDABLE.containsKey(name), "exclude_record_types", "'" + n
                    + "' cannot be excluded (Hookline needs it, or it is not an audit record type); allowed: "
                    + String.join(", ", AuditRules.EXCLUDABLE.keySet()));
            if (!types.contains(name)) {
                types.add(name);
            }
        }
        excludeRecordTypes = List.copyOf(types);
        InvalidSetting.require(previousSettingsFile != null && !previousSettingsFile.isBlank(),
                "previous_settings_file", "must be a file path");
    }

    /** These settings with another previous-settings file (tests). */
    public AuditSettings withPreviousSettingsFile(String file) {
        return new AuditSettings(backlogLimit, failure, retakeAuditPid, whenAuditPidTaken, statusPollMs, inboundRules,
                inflightTimeoutMs, inflightMax, procConnector, ruleKey, receiveBufferBytes, readCoalesceMs,
                excludeRecordTypes, file);
    }

    private static void positive(String key, int v) {
        InvalidSetting.require(v >= 1, key, "must be a positive whole number, got " + v);
    }

    public static AuditSettings defaults() {
        return DEFAULTS;
    }

    /** The kernel's failure mode (AuditProtocol.FAIL_*). */
    public int failureMode() {
        return failure == Failure.PRINTK ? AuditProtocol.FAIL_PRINTK : AuditProtocol.FAIL_SILENT;
    }

    public boolean refuseWhenTaken() {
        return whenAuditPidTaken == WhenTaken.REFUSE;
    }

    public Inbound inbound() {
        return inboundRules;
    }

    public int statusPollMillis() {
        return statusPollMs;
    }

    public int inflightTimeoutMillis() {
        return inflightTimeoutMs;
    }

    public int readCoalesceMillis() {
        return readCoalesceMs;
    }

    /** The audit record types (numbers) the kernel is told not to make. */
    public List<Integer> excludedRecordTypes() {
        List<Integer> out = new ArrayList<>();
        for (String n : excludeRecordTypes) {
            out.add(AuditRules.EXCLUDABLE.get(n));
        }
        return out;
    }
}

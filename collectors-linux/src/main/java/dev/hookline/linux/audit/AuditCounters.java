package dev.hookline.linux.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The linux-audit collector's counters, exported by name through Collector.counters(). */
public final class AuditCounters {
    /** Audit records read from the netlink socket. */
    public final AtomicLong recordsReceived = new AtomicLong();
    /** Records whose header could not be parsed (skipped). */
    public final AtomicLong parseErrors = new AtomicLong();
    public final AtomicLong duplicateRecords = new AtomicLong();
    /** Records for an event already completed (except the normal EOE after PROCTITLE). */
    public final AtomicLong lateRecords = new AtomicLong();
    public final AtomicLong eventsAssembled = new AtomicLong();
    public final AtomicLong inflightTimeouts = new AtomicLong();
    public final AtomicLong inflightEvicted = new AtomicLong();
    public final AtomicLong oversizedEvents = new AtomicLong();
    /** Serials that never arrived (jumps in the serial sequence). */
    public final AtomicLong sequenceGaps = new AtomicLong();
    /** Growth of the kernel's audit `lost` counter since start (backlog overflow, rate limit, no memory). */
    public final AtomicLong kernelLost = new AtomicLong();
    /** The kernel's audit backlog at the last status poll (a gauge). */
    public final AtomicLong kernelBacklog = new AtomicLong();
    /** ENOBUFS on our socket: the kernel could not queue records to us. */
    public final AtomicLong netlinkOverruns = new AtomicLong();
    public final AtomicLong processEvents = new AtomicLong();
    public final AtomicLong networkEvents = new AtomicLong();
    /** Events the sink refused (its ring was full). */
    public final AtomicLong sinkDropped = new AtomicLong();
    public final AtomicLong execFailed = new AtomicLong();
    public final AtomicLong connectNotIp = new AtomicLong();
    public final AtomicLong argvIncomplete = new AtomicLong();
    public final AtomicLong initiatorUnknown = new AtomicLong();
    /** Events of syscalls Hookline does not map (yet), e.g. other rules' events in multicast mode. */
    public final AtomicLong eventsIgnored = new AtomicLong();
    /** Exceptions while mapping an event (a bug; the event is skipped). */
    public final AtomicLong mapErrors = new AtomicLong();
    public final AtomicLong auditPidTakeovers = new AtomicLong();
    public final AtomicLong auditPidRetakes = new AtomicLong();
    public final AtomicLong rulesReinstalled = new AtomicLong();
    public final AtomicLong auditReenabled = new AtomicLong();
    public final AtomicLong processesSeeded = new AtomicLong();
    /** listen/accept on sockets that are not IPv4/IPv6 (AF_UNIX...): no row. */
    public final AtomicLong inboundNotIp = new AtomicLong();
    /** listen/accept whose socket could not be borrowed and no earlier bind/listen told its address: no row. */
    public final AtomicLong inboundUnresolved = new AtomicLong();
    /** AUDIT_CONFIG_CHANGE records caused by Hookline itself (rules, settings, audit pid). */
    public final AtomicLong configChangesOwn = new AtomicLong();
    /** AUDIT_CONFIG_CHANGE records caused by another process (each raised as AuditConfigChanged). */
    public final AtomicLong configChangesForeign = new AtomicLong();

    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("records_received", recordsReceived.get());
        m.put("parse_errors", parseErrors.get());
        m.put("duplicate_records", duplicateRecords.get());
        m.put("late_records", lateRecords.get());
        m.put("events_assembled", eventsAssembled.get());
        m.put("inflight_timeouts", inflightTimeouts.get());
        m.put("inflight_evicted", inflightEvicted.get());
        m.put("oversized_events", oversizedEvents.get());
        m.put("sequence_gaps", sequenceGaps.get());
        m.put("kernel_lost", kernelLost.get());
        m.put("kernel_backlog", kernelBacklog.get());
        m.put("netlink_overruns", netlinkOverruns.get());
        m.put("events_DeviceProcessEvents", processEvents.get());
        m.put("events_DeviceNetworkEvents", networkEvents.get());
        m.put("sink_dropped", sinkDropped.get());
        m.put("exec_failed", execFailed.get());
        m.put("connect_not_ip", connectNotIp.get());
        m.put("argv_incomplete", argvIncomplete.get());
        m.put("initiator_unknown", initiatorUnknown.get());
        m.put("events_ignored", eventsIgnored.get());
        m.put("map_errors", mapErrors.get());
        m.put("audit_pid_takeovers", auditPidTakeovers.get());
        m.put("audit_pid_retakes", auditPidRetakes.get());
        m.put("rules_reinstalled", rulesReinstalled.get());
        m.put("audit_reenabled", auditReenabled.get());
        m.put("processes_seeded", processesSeeded.get());
        m.put("inbound_not_ip", inboundNotIp.get());
        m.put("inbound_unresolved", inboundUnresolved.get());
        m.put("config_changes_own", configChangesOwn.get());
        m.put("config_changes_foreign", configChangesForeign.get());
        return m;
    }
}

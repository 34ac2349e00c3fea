package dev.hookline.agent;

import dev.hookline.kql.eval.Kql;
import dev.hookline.alert.Alert;
import dev.hookline.alert.AlertJson;
import dev.hookline.io.EventJsonWriter;
import dev.hookline.kql.AncestryResolver;
import dev.hookline.output.AlertOutput;
import dev.hookline.output.EventOutput;
import dev.hookline.output.RawEventFiles;
import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import dev.hookline.ring.BatchHandler;
import dev.hookline.rules.AlertEvents;
import dev.hookline.rules.Detector;
import dev.hookline.rules.Platform;
import dev.hookline.rules.Rule;
import dev.hookline.rules.RuleException;
import dev.hookline.rules.ScheduledRule;
import dev.hookline.rules.Tuning;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.schema.Times;
import dev.hookline.writes.RecentWrites;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ring's consumer: runs every event through the detector, turns matches into alert lines with the process
 * ancestry from the live table, and optionally copies raw events to per-table files. Runs on the one consumer
 * thread; "now" is taken once per batch, so every ago() of one batch shares it.
 */
public final class DetectionPipeline implements BatchHandler {
    private final Detector detector;
    private final ProcessTable processes;
    private final AlertOutput alerts;
    private final RawEventFiles raw;
    private final EventOutput eventOutput;
    private final int ancestryDepth;
    /** Files written recently, for hookline_recently_written_*(): fed before each event is evaluated. */
    private final RecentWrites writes = new RecentWrites();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong alertCount = new AtomicLong();
    private final AtomicLong outputErrors = new AtomicLong();
    private final AtomicLong rawErrors = new AtomicLong();
    private final AtomicLong eventOutputErrors = new AtomicLong();
    private final AtomicLong lastAlertNanos = new AtomicLong(Event.NULL);
    private long batchNow = Event.NULL;

    public DetectionPipeline(List<Rule> rules, Tuning tuning, ProcessTable processes, AlertOutput alerts,
                             RawEventFiles raw, int ancestryDepth) throws RuleException {
        this(rules, tuning, processes, alerts, raw, null, ancestryDepth);
    }

    /** @param eventOutput where every event also goes (e.g. Sentinel raw events), or null (the default: none) */
    public DetectionPipeline(List<Rule> rules, Tuning tuning, ProcessTable processes, AlertOutput alerts,
                             RawEventFiles raw, EventOutput eventOutput, int ancestryDepth) throws RuleException {
        this.processes = processes;
        this.alerts = alerts;
        this.raw = raw;
        this.eventOutput = eventOutput;
        this.ancestryDepth = ancestryDepth;
        // hookline_has_ancestor() walks the live process table beyond the levels an event carries; every row is
        // this host's, so a rule for another OS (a Sigma rule's logsource.product) is left out
        // emit writes each alert out before it returns: the alert can borrow the ring's slot instead of a copy
        this.detector = new Detector(rules, tuning, this::emit,
                processes == null ? AncestryResolver.writesOnly(writes) : new TableAncestry(processes, writes),
                Platform.current(), AlertEvents.LENT);
    }

    /** Rules for another operating system than this host's: loaded, not run. */
    public List<Rule> otherPlatform() {
        return detector.otherPlatform();
    }

    public List<String> warnings() {
        return detector.warnings();
    }

    /** Rules kept apart because their queries cannot stream; the pipeline does not evaluate them. */
    public List<ScheduledRule> scheduled() {
        return detector.scheduled();
    }

    @Override
    public void onEvent(Event event, long sequence, boolean endOfBatch) {
        if (batchNow == Event.NULL) {
            batchNow = Times.nowNanos();
        }
        events.incrementAndGet();
        writes.observe(event);
        detector.accept(event, batchNow);
        if (raw != null) {
            try {
                raw.write(event.table(), EventJsonWriter.toJson(event));
            } catch (IOException | RuntimeException e) {
                rawErrors.incrementAndGet(); // and RawEventFiles' listener raises EventFileFailing once per streak
            }
        }
        if (eventOutput != null) {
            try {
                eventOutput.write(event);
            } catch (IOException | RuntimeException e) {
                eventOutputErrors.incrementAndGet();
            }
        }
        if (endOfBatch) {
            // No flush here: each output forces to disk by its own fsync policy (every line, its interval timer,
            // or never). A flush per batch was an fsync per alert on the collector thread whatever the policy.
            batchNow = Event.NULL;
        }
    }

    private void emit(Alert a) {
        Alert withAncestry = new Alert(a.alertId(), a.rule(), a.arm(), a.columns(), a.row(), a.event(),
                a.detectedAtNanos(), ancestry(a.event()), a.eventJson());
        write(AlertJson.toJson(withAncestry));
        alertCount.incrementAndGet();
        lastAlertNanos.set(Times.nowNanos());
    }

    /** The triggering process and its ancestors: the created process for ProcessCreated, else the initiator. */
    private List<ProcessInfo> ancestry(Event e) {
        if (processes == null || ancestryDepth <= 0) {
            return List.of();
        }
        long pid = e.table() == Table.DeviceProcessEvents ? e.getLong(Columns.PROCESS_ID)
                : e.getLong(Columns.INITIATING_PROCESS_ID);
        if (pid == Event.NULL) {
            pid = e.getLong(Columns.INITIATING_PROCESS_ID);
        }
        return pid == Event.NULL ? List.of() : processes.ancestry(pid, ancestryDepth);
    }

    /** Writes a line to the alert outputs; a failing output is counted, never fatal. */
    public synchronized void write(String line) {
        try {
            alerts.write(line);
        } catch (IOException | RuntimeException e) {
            outputErrors.incrementAndGet();
        }
    }

    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("events_evaluated", events.get());
        m.put("alerts", alertCount.get());
        m.put("alerts_suppressed", detector.suppressed());
        m.put("alert_output_errors", outputErrors.get());
        m.put("raw_output_errors", rawErrors.get());
        m.put("recent_writes_held", (long) writes.size());
        m.put("recent_writes_evicted", writes.evicted());
        m.put("regex_matches_abandoned", Kql.regexMatchesAbandoned());
        if (eventOutput != null) {
            m.put("event_output_errors", eventOutputErrors.get());
        }
        return m;
    }
}

package dev.hookline.schedule;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.alert.AlertIds;
import dev.hookline.alert.Entity;
import dev.hookline.alert.ScheduledAlert;
import dev.hookline.io.ValueJson;
import dev.hookline.kql.CompiledQuery;
import dev.hookline.kql.KqlOptions;
import dev.hookline.kql.ResultTable;
import dev.hookline.kql.eval.Kql;
import dev.hookline.rules.EntityMapping;
import dev.hookline.rules.Schedule;
import dev.hookline.rules.ScheduledRule;
import dev.hookline.schema.Times;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One scheduled rule and what it remembers between runs: the ids of the rows it already alerted on (a row still
 * inside the next, overlapping window is not raised again), and until when it is suppressed. Not thread-safe: one
 * thread runs it (the agent's scheduler, or `detect` stepping through a file).
 */
public final class RuleRunner {
    /** Sentinel raises at most 150 alerts per run of a rule with an alert per result; so does the agent. */
    public static final int MAX_ALERTS_PER_RUN = 150;
    /** Ids remembered at most, so a rule with a huge, changing result cannot grow the heap without end. */
    static final int MAX_REMEMBERED = 100_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ScheduledRule rule;
    private final Schedule schedule;
    private final CompiledQuery query;
    /** Alert id → end of the window that raised it; forgotten once no later window can overlap that one. */
    private final LinkedHashMap<String, Long> raised = new LinkedHashMap<>();
    private long quietUntil = Long.MIN_VALUE;
    private volatile RunReport last;
    private volatile long runs;
    private volatile long failures;
    private volatile long alerts;
    private volatile long deduplicated;
    private volatile long quietRuns;

    /** Compiles the rule's query with the given options (row budget, externaldata). */
    public RuleRunner(ScheduledRule rule, KqlOptions options) {
        this.rule = rule;
        this.schedule = rule.schedule();
        this.query = Kql.compile(rule.rule().query(), options);
    }

    public ScheduledRule rule() {
        return rule;
    }

    /**
     * Runs the rule as of {@code now} over {@code [now - period, now)} and returns the alerts to raise (none when the
     * trigger does not fire, every row was raised before, the rule is suppressed, or the run failed: see {@link
     * #last()}).
     */
    public List<ScheduledAlert> run(Windows windows, long now) {
        if (now < quietUntil) {
            quietRuns++;
            last = new RunReport(now, 0, 0, 0, 0, null, true);
            return List.of();
        }
        runs++;
        long from = now - schedule.periodNanos();
        long started = System.nanoTime();
        ResultTable result;
        try {
            result = query.run(windows.window(from, now), now);
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                // the scheduler is closing (shutdownNow interrupts a store read mid-file): a stopped run, not a failure
                return List.of();
            }
            // a KqlException (row budget, a bad regex, ...) or a source that failed: counted, reported, tried again
            failures++;
            last = new RunReport(now, System.nanoTime() - started, 0, 0, 0,
                    e.getMessage() == null ? e.toString() : e.getMessage(), false);
            return List.of();
        }
        forget(now);
        List<ScheduledAlert> out = new ArrayList<>();
        int dups = 0;
        long rows = result.rows().size();
        if (schedule.trigger().fires(rows, schedule.threshold()) && rows > 0) {
            List<String> cols = result.columnNames();
            if (schedule.alertPerResult()) {
                for (Object[] row : result.rows()) {
                    if (out.size() >= MAX_ALERTS_PER_RUN) {
                        break;
                    }
                    String id = AlertIds.of(rule.rule().id(), "scheduled", rowJson(List.<Object[]>of(row)));
                    if (raised.containsKey(id)) {
                        dups++;
                        continue;
                    }
                    raised.put(id, now);
                    out.add(new ScheduledAlert(id, rule.rule().meta(), true, cols, List.<Object[]>of(row), rows,
                            entities(cols, List.<Object[]>of(row)), from, now, Times.nowNanos()));
                }
            } else {
                String id = AlertIds.of(rule.rule().id(), "scheduled-single", rowJson(result.rows()));
                if (raised.containsKey(id)) {
                    dups++;
                } else {
                    raised.put(id, now);
                    out.add(new ScheduledAlert(id, rule.rule().meta(), false, cols, result.rows(), rows,
                            entities(cols, result.rows()), from, now, Times.nowNanos()));
                }
            }
        }
        while (raised.size() > MAX_REMEMBERED) {
            Iterator<String> it = raised.keySet().iterator();
            it.next();
            it.remove();
        }
        if (!out.isEmpty() && schedule.suppressionNanos() > 0) {
            quietUntil = now + schedule.suppressionNanos();
        }
        alerts += out.size();
        deduplicated += dups;
        last = new RunReport(now, System.nanoTime() - started, rows, out.size(), dups, null, false);
        return out;
    }

    /** An id raised by the window ending at E overlaps a later window [now - period, now) while now - period < E. */
    private void forget(long now) {
        long oldestOverlapping = now - schedule.periodNanos();
        raised.values().removeIf(end -> end <= oldestOverlapping);
    }

    /** Per entity mapping, the identifiers whose columns hold a value; entities with none are left out, as Sentinel does. */
    private List<Entity> entities(List<String> cols, List<Object[]> rows) {
        Set<Entity> out = new LinkedHashSet<>();
        for (Object[] row : rows) {
            for (EntityMapping m : schedule.entities()) {
                Map<String, String> ids = new LinkedHashMap<>();
                for (EntityMapping.Field f : m.fields()) {
                    int i = cols.indexOf(f.columnName());
                    String v = i < 0 ? "" : ValueJson.text(row[i]);
                    if (!v.isEmpty()) {
                        ids.put(f.identifier(), v);
                    }
                }
                if (!ids.isEmpty()) {
                    out.add(new Entity(m.entityType(), ids));
                }
            }
        }
        return List.copyOf(out);
    }

    /** The rows' values as a JSON array of arrays: what the alert id is computed over. */
    private static String rowJson(List<Object[]> rows) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(w)) {
            g.writeStartArray();
            for (Object[] row : rows) {
                g.writeStartArray();
                for (Object v : row) {
                    ValueJson.write(g, v);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** The last run, or null before the first. */
    public RunReport last() {
        return last;
    }

    public long runs() {
        return runs;
    }

    public long failures() {
        return failures;
    }

    public long alerts() {
        return alerts;
    }

    public long deduplicated() {
        return deduplicated;
    }

    public long quietRuns() {
        return quietRuns;
    }
}

package dev.hookline.rules;

import dev.hookline.alert.Alert;
import dev.hookline.alert.AlertIdHasher;
import dev.hookline.io.EventJsonWriter;
import dev.hookline.kql.AncestryMemo;
import dev.hookline.kql.AncestryResolver;
import dev.hookline.kql.Arm;
import dev.hookline.kql.ArmGate;
import dev.hookline.kql.EventPredicate;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.MatchSink;
import dev.hookline.kql.NotStreamableException;
import dev.hookline.kql.StreamingQuery;
import dev.hookline.kql.WriteHistory;
import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Streaming detection: every event is tested once against every arm of every rule that reads its table; a match
 * that no enabled exclusion suppresses becomes an {@link Alert}. One instance per evaluating thread.
 */
public final class Detector {
    private static final EventPredicate[] NONE = new EventPredicate[0];

    private final List<Compiled> compiled = new ArrayList<>();
    /** Rules whose queries cannot stream (summarize, join, ...): loaded and reported, not evaluated per event. */
    private final List<ScheduledRule> scheduled = new ArrayList<>();
    /** Per table, in rule order, the arms over it and which of them an event must run. */
    private final Dispatch[] byTable;
    private final Consumer<Alert> alerts;
    /** The resolver every arm reads, remembering each event's hookline_has_ancestor*() answers across arms. */
    private final AncestryMemo ancestry;
    /** The alerting event's JSON, written once for its id and its alert line (this detector's thread only). */
    private final EventJsonWriter eventJson = new EventJsonWriter();
    private final AlertIdHasher alertIds = new AlertIdHasher();
    /** Whether alerts carry the evaluated event itself ({@link AlertEvents#LENT}) rather than a copy. */
    private final boolean lendEvents;
    private final Set<String> warnings = new LinkedHashSet<>();
    /** Rules for another OS than the one given: not run. */
    private final List<Rule> otherPlatform = new ArrayList<>();
    private long nowNanos;
    private long events;
    private long alertCount;
    private long suppressed;

    /** A detector whose hookline_has_ancestor() sees only the ancestry each event's own columns carry. */
    public Detector(List<Rule> rules, Tuning tuning, Consumer<Alert> alerts) throws RuleException {
        this(rules, tuning, alerts, AncestryResolver.NONE);
    }

    /**
     * @param ancestry process lineage for hookline_has_ancestor() (the agent's process table, or an events file's)
     *                 ; a rule for one OS runs on the rows whose paths say they come from it ({@link Platform})
     */
    public Detector(List<Rule> rules, Tuning tuning, Consumer<Alert> alerts, AncestryResolver ancestry)
            throws RuleException {
        this(rules, tuning, alerts, ancestry, true, null, AlertEvents.SNAPSHOT);
    }

    /**
     * @param platform the OS every row comes from (the agent's own; `detect --platform`): rules for another OS are
     *                 left out ({@link #otherPlatform()}); null: each row tells by its paths
     */
    public Detector(List<Rule> rules, Tuning tuning, Consumer<Alert> alerts, AncestryResolver ancestry,
                    Platform platform) throws RuleException {
        this(rules, tuning, alerts, ancestry, true, platform, AlertEvents.SNAPSHOT);
    }

    /**
     * @param alertEvents {@link AlertEvents#LENT} when the consumer is done with each alert before it returns: the
     *                    alert then carries the evaluated event, not a copy
     */
    public Detector(List<Rule> rules, Tuning tuning, Consumer<Alert> alerts, AncestryResolver ancestry,
                    Platform platform, AlertEvents alertEvents) throws RuleException {
        this(rules, tuning, alerts, ancestry, true, platform, alertEvents);
    }

    /** @param gated whether arms are skipped by their gates; false (tests only) runs every arm on every event */
    Detector(List<Rule> rules, Tuning tuning, Consumer<Alert> alerts, AncestryResolver ancestry, boolean gated)
            throws RuleException {
        this(rules, tuning, alerts, ancestry, gated, null, AlertEvents.SNAPSHOT);
    }

    private Detector(List<Rule> rules, Tuning tuning, Consumer<Alert> alerts, AncestryResolver ancestry,
                     boolean gated, Platform platform, AlertEvents alertEvents) throws RuleException {
        this.alerts = alerts;
        this.ancestry = new AncestryMemo(ancestry);
        this.lendEvents = alertEvents == AlertEvents.LENT;
        for (Rule r : rules) {
            if (platform != null && !Platform.runsOn(r.platform(), platform)) {
                otherPlatform.add(r);
                continue;
            }
            for (String w : r.compiled().warnings()) {
                warnings.add(r.source() + ": " + w);
            }
            if (r.schedule().sentinel()) {
                // a Sentinel analytic rule runs as Sentinel runs it, on its schedule, even when it could stream
                scheduled.add(ScheduledRule.sentinel(r));
                continue;
            }
            Compiled c;
            try {
                c = compile(r, tuning, this.ancestry);
            } catch (NotStreamableException e) {
                // valid but not per-event: kept apart, never streamed, so the streaming arms stay as they were
                scheduled.add(ScheduledRule.of(r, e));
                continue;
            }
            compiled.add(c);
        }
        byTable = new Dispatch[Table.values().length];
        for (Table t : Table.values()) {
            List<Compiled> owners = new ArrayList<>();
            List<Arm> arms = new ArrayList<>();
            List<List<ArmGate>> gates = new ArrayList<>();
            for (Compiled c : compiled) {
                for (Arm a : c.query.arms()) {
                    if (a.table() == t) {
                        owners.add(c);
                        arms.add(a);
                        gates.add(gated ? a.gates() : List.of());
                    }
                }
            }
            // with no platform given, the arms of OS-specific rules are masked per row (windowsRow: one path look)
            long[] windowsOnly = new long[Math.max(1, (owners.size() + 63) >>> 6)];
            long[] unixOnly = new long[windowsOnly.length];
            boolean byRow = false;
            for (int i = 0; i < owners.size(); i++) {
                Platform p = platform == null ? owners.get(i).rule.platform() : null;
                if (p != null) {
                    byRow = true;
                    (p == Platform.WINDOWS ? windowsOnly : unixOnly)[i >>> 6] |= 1L << i;
                }
            }
            byTable[t.ordinal()] = new Dispatch(owners.toArray(new Compiled[0]), arms.toArray(new Arm[0]),
                    new ArmSelector(gates, ancestry == null || ancestry.writes() == null ? WriteHistory.NONE
                            : ancestry.writes()), byRow ? windowsOnly : null, byRow ? unixOnly : null);
        }
    }

    /**
     * The arms over one table in rule order, with the rule each belongs to, and the selector over them; when rows
     * tell their OS, the arms of Windows-only rules and of Linux/macOS-only rules (else null).
     */
    private record Dispatch(Compiled[] owners, Arm[] arms, ArmSelector selector, long[] windowsOnly,
                            long[] unixOnly) {
    }

    private Compiled compile(Rule rule, Tuning tuning, AncestryResolver ancestry) throws RuleException {
        StreamingQuery sq;
        try {
            sq = rule.compiled().streaming(ancestry);
        } catch (NotStreamableException e) {
            throw e;
        } catch (KqlException e) {
            throw new RuleException(rule.source() + ": cannot run as a detection: " + e.getMessage());
        }
        List<Exclusion> active = new ArrayList<>();
        for (Exclusion x : rule.exclusions()) {
            if (x.enabled() || tuning.enables(x.id())) {
                active.add(x);
            }
        }
        for (Exclusion x : tuning.exclusions()) {
            if (x.rule().equals(rule.id()) && x.enabled()) {
                active.add(x);
            }
        }
        Map<Arm, EventPredicate[]> byArm = new IdentityHashMap<>();
        for (Exclusion x : active) {
            boolean matchedArm = false;
            for (Arm arm : sq.arms()) {
                if (x.arm() != null && !x.arm().equals(arm.name()) && !x.arm().equals(arm.letName())) {
                    continue;
                }
                matchedArm = true;
                EventPredicate p;
                try {
                    p = Kql.compilePredicate(x.where(), arm.table());
                } catch (KqlException e) {
                    throw new RuleException("exclusion " + x.id() + " (rule " + rule.id() + "): " + e.getMessage());
                }
                EventPredicate[] old = byArm.getOrDefault(arm, NONE);
                EventPredicate[] grown = java.util.Arrays.copyOf(old, old.length + 1);
                grown[old.length] = p;
                byArm.put(arm, grown);
            }
            if (!matchedArm) {
                throw new RuleException("exclusion " + x.id() + ": rule " + rule.id() + " has no arm named " + x.arm());
            }
        }
        return new Compiled(rule, sq, byArm);
    }

    /** Evaluates one event; every ago()/now() in every rule uses nowNanos. */
    public void accept(Event e, long nowNanos) {
        this.nowNanos = nowNanos;
        events++;
        Table t = e.table();
        if (t == null) {
            return;
        }
        Dispatch d = byTable[t.ordinal()];
        ancestry.begin(e);
        long[] run = d.selector.select(e);
        if (d.windowsOnly != null) {
            long[] off = Platform.windowsRow(e) ? d.unixOnly : d.windowsOnly;
            for (int w = 0; w < run.length; w++) {
                run[w] &= ~off[w];
            }
        }
        for (int w = 0; w < run.length; w++) {
            for (long bits = run[w]; bits != 0; bits &= bits - 1) {
                int i = (w << 6) + Long.numberOfTrailingZeros(bits);
                Compiled c = d.owners[i];
                c.query.accept(d.arms[i], e, nowNanos, c);
            }
        }
    }

    /** The rules left out because they are for another OS than the platform given. */
    public List<Rule> otherPlatform() {
        return List.copyOf(otherPlatform);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public long events() {
        return events;
    }

    public long alerts() {
        return alertCount;
    }

    public long suppressed() {
        return suppressed;
    }

    /** The rules streamed, one per evaluated event. */
    public int ruleCount() {
        return compiled.size();
    }

    /** The rules kept apart because streaming cannot evaluate their queries, in load order. */
    public List<ScheduledRule> scheduled() {
        return List.copyOf(scheduled);
    }

    private final class Compiled implements MatchSink {
        final Rule rule;
        final StreamingQuery query;
        final Map<Arm, EventPredicate[]> exclusions;

        Compiled(Rule rule, StreamingQuery query, Map<Arm, EventPredicate[]> exclusions) {
            this.rule = rule;
            this.query = query;
            this.exclusions = exclusions;
        }

        @Override
        public void onMatch(Arm arm, Event event, Object[] row) {
            EventPredicate[] ex = exclusions.isEmpty() ? NONE : exclusions.getOrDefault(arm, NONE);
            for (EventPredicate p : ex) {
                if (p.test(event, nowNanos)) {
                    suppressed++;
                    return;
                }
            }
            alertCount++;
            Event kept = lendEvents ? event : event.copy();
            String armName = arm.name();
            String json = eventJson.write(event).toString();
            alerts.accept(new Alert(alertIds.of(rule.id(), armName, json), rule.meta(), armName, arm.outputColumns(),
                    row, kept, nowNanos, List.of(), json));
        }
    }
}

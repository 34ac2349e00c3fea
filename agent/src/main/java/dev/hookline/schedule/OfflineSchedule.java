package dev.hookline.schedule;

import dev.hookline.alert.ScheduledAlert;
import dev.hookline.kql.KqlOptions;
import dev.hookline.rules.ScheduledRule;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Scheduled rules over an events file as the agent would have run them: for each rule, windows ending at
 * t0 + f, t0 + 2f, ... (f its queryFrequency, t0 a nanosecond before the first event) until one ends after the last event, each over
 * [end - queryPeriod, end) with now() = end; dedup and suppression carry from window to window as in the agent.
 */
public final class OfflineSchedule {
    private OfflineSchedule() {
    }

    /** Totals of a replay: runs, failed runs, alerts. */
    public record Totals(long runs, long failures, long alerts) {
    }

    /** @param failures told "rule id: error" for every failed run */
    public static Totals replay(List<ScheduledRule> rules, EventList events, KqlOptions options,
                                Consumer<ScheduledAlert> alerts, Consumer<String> failures) {
        if (!events.hasTimes()) {
            return new Totals(0, 0, 0);
        }
        return replay(rules, (from, to) -> new WindowSource(events, from, to), events.first(), events.last(),
                r -> options, alerts, failures);
    }

    /**
     * The same over any history (a store the file was spooled into): {@code first} and {@code last} the earliest
     * and latest Timestamp in it, {@code options} each rule's (its row budget).
     */
    public static Totals replay(List<ScheduledRule> rules, Windows windows, long first, long last,
                                Function<ScheduledRule, KqlOptions> options, Consumer<ScheduledAlert> alerts,
                                Consumer<String> failures) {
        long runs = 0;
        long failed = 0;
        long raised = 0;
        for (ScheduledRule r : rules) {
            RuleRunner runner = new RuleRunner(r, options.apply(r));
            long f = r.schedule().frequencyNanos();
            // the timeline starts a nanosecond before the first event, so a rule's own `TimeGenerated > ago(period)`
            // still sees the first event in the first window
            for (long end = first - 1 + f; ; end += f) {
                for (ScheduledAlert a : runner.run(windows, end)) {
                    alerts.accept(a);
                }
                RunReport report = runner.last();
                if (report.error() != null) {
                    failures.accept(r.rule().id() + ": " + report.error());
                }
                if (end > last) {
                    break;
                }
            }
            runs += runner.runs();
            failed += runner.failures();
            raised += runner.alerts();
        }
        return new Totals(runs, failed, raised);
    }
}

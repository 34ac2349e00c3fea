package dev.hookline.rules;

import dev.hookline.kql.NotStreamableException;

/**
 * A rule that runs over history on its {@link Schedule} rather than once per event: a Sentinel analytic rule (as in
 * Sentinel), or a rule whose query streaming cannot evaluate (summarize, join, distinct, ...; {@code operator} names
 * the first such operator, null for a Sentinel rule).
 */
public record ScheduledRule(Rule rule, String operator, int line, int column) {
    static ScheduledRule of(Rule rule, NotStreamableException e) {
        return new ScheduledRule(rule, e.operator(), e.line(), e.column());
    }

    static ScheduledRule sentinel(Rule rule) {
        return new ScheduledRule(rule, null, 0, 0);
    }

    public Schedule schedule() {
        return rule.schedule();
    }

    /** The line `rules check` prints for it. */
    public String describe() {
        return "scheduled rule (" + (operator == null ? "Sentinel analytic rule"
                : "not streamable: " + operator + " at line " + line) + "): runs " + rule.schedule().describe();
    }
}

package dev.hookline.rules;

import dev.hookline.kql.NotStreamableException;

/**
 * A rule whose query streaming cannot evaluate (summarize, join, distinct, ...): valid, kept apart from the
 * streamed rules, and meant to run over history on a schedule (issue #26) rather than once per event.
 */
public record ScheduledRule(Rule rule, String operator, int line, int column) {
    static ScheduledRule of(Rule rule, NotStreamableException e) {
        return new ScheduledRule(rule, e.operator(), e.line(), e.column());
    }

    /** The line `rules check` prints for it. */
    public String describe() {
        return "scheduled rule (not streamable: " + operator + " at line " + line
                + "): will run over history once scheduled rules land (issue #26)";
    }
}

package dev.hookline.schedule;

import dev.hookline.kql.KqlOptions;
import dev.hookline.rules.ScheduledRule;
import java.util.Map;

/**
 * The KQL row budget of scheduled runs (rows a join's build side, a summarize's groups, a sort... may hold before
 * the run stops with an error instead of exhausting the heap): one for every rule, and per rule id where a rule
 * over a busy host needs more (or should be held to less). Runs on the scheduler's threads are concurrent, so
 * the heap a run may take is about the budget times the threads.
 */
public record RowBudgets(long global, Map<String, Long> perRule) {
    public static final RowBudgets DEFAULT = new RowBudgets(KqlOptions.DEFAULT_ROW_BUDGET, Map.of());

    public RowBudgets {
        if (global < 1) {
            throw new IllegalArgumentException("the row budget must be positive, got " + global);
        }
        perRule = Map.copyOf(perRule);
        perRule.forEach((id, n) -> {
            if (n == null || n < 1) {
                throw new IllegalArgumentException("the row budget of " + id + " must be positive, got " + n);
            }
        });
    }

    /** The rule's budget: its own, else the global one. */
    public long of(ScheduledRule r) {
        return perRule.getOrDefault(r.rule().id(), global);
    }

    /** {@code base} with the rule's budget. */
    public KqlOptions options(KqlOptions base, ScheduledRule r) {
        return base.withRowBudget(of(r));
    }
}

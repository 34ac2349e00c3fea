package dev.hookline.schedule;

import dev.hookline.schema.Times;

/**
 * What one run of a scheduled rule did: when ({@code nowNanos}, the window's end), how long it took, the result's
 * rows, the alerts raised and the ones left out as already raised, or the error that stopped it; {@code quiet} when
 * the run was skipped because the rule is suppressed after an alert.
 */
public record RunReport(long nowNanos, long durationNanos, long rows, int alerts, int deduplicated, String error,
                        boolean quiet) {
    /** The line `hookline status` shows for the rule. */
    public String describe() {
        String at = "last run " + Times.format(nowNanos) + ": ";
        if (quiet) {
            return at + "skipped, suppressed after an alert";
        }
        if (error != null) {
            return at + "failed after " + durationNanos / 1_000_000 + " ms: " + error + " (retried next period)";
        }
        return at + durationNanos / 1_000_000 + " ms, " + rows + " rows, " + alerts + " alerts"
                + (deduplicated > 0 ? ", " + deduplicated + " already raised" : "");
    }
}

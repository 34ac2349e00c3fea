package dev.hookline.rules;

import java.util.List;

/**
 * How a scheduled rule runs: every {@code frequencyNanos} over the last {@code periodNanos} of history; the result
 * alerts when its row count passes the trigger; one alert per result row unless {@code alertPerResult} is false
 * (Sentinel's SingleAlert); after an alert the rule sleeps {@code suppressionNanos} (0: no suppression).
 *
 * @param sentinel whether the rule came as a Sentinel analytic rule: those always run on the schedule, as in
 *     Sentinel, even when their query could stream
 */
public record Schedule(long frequencyNanos, long periodNanos, Trigger trigger, long threshold, boolean alertPerResult,
                       List<EntityMapping> entities, long suppressionNanos, boolean sentinel) {
    /** Defaults for a query that cannot stream and says nothing of its schedule: every 5 minutes over the last hour. */
    public static final long DEFAULT_FREQUENCY = 5 * 60_000_000_000L;
    public static final long DEFAULT_PERIOD = 60 * 60_000_000_000L;
    public static final Schedule DEFAULT = new Schedule(DEFAULT_FREQUENCY, DEFAULT_PERIOD, Trigger.GT, 0, true,
            List.of(), 0, false);

    /** "every 5m over 1h, alerts when rows gt 0" */
    public String describe() {
        return "every " + Durations.format(frequencyNanos) + " over " + Durations.format(periodNanos)
                + ", alerts when rows " + trigger + " " + threshold
                + (alertPerResult ? "" : " (one alert per run)")
                + (suppressionNanos > 0 ? ", then quiet for " + Durations.format(suppressionNanos) : "");
    }
}

package dev.hookline.alert;

import java.util.List;

/**
 * One alert of a scheduled rule: the rule, the window [{@code windowStartNanos}, {@code windowEndNanos}) its query
 * ran over, how many rows the result had, and the row(s) it is about: one row for an alert per result, the whole
 * result (at most {@link ScheduledAlertJson#MAX_ROWS} rows written) for a single alert per run. {@code alertId} is
 * stable over the rows' values, so a row seen again by an overlapping window gets the same id.
 */
public record ScheduledAlert(String alertId, RuleMeta rule, boolean perResult, List<String> columns, List<Object[]> rows,
                             long resultRows, List<Entity> entities, long windowStartNanos, long windowEndNanos,
                             long detectedAtNanos) {
}

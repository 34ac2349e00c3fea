package dev.hookline.alert;

import dev.hookline.process.ProcessInfo;
import dev.hookline.schema.Event;
import java.util.List;

/**
 * One detection: the rule and arm that fired, the row exactly as the arm projects it, and the full triggering
 * event. {@code ancestry} (nearest first) is filled by the running agent from its process table, empty offline.
 * {@code eventJson}, when not null, is {@code event} as {@link dev.hookline.io.EventJsonWriter} writes it: the
 * detector serializes the event once for the alert id and the alert line reuses it.
 */
public record Alert(String alertId, RuleMeta rule, String arm, List<String> columns, Object[] row, Event event,
                    long detectedAtNanos, List<ProcessInfo> ancestry, String eventJson) {
    public Alert(String alertId, RuleMeta rule, String arm, List<String> columns, Object[] row, Event event,
                 long detectedAtNanos, List<ProcessInfo> ancestry) {
        this(alertId, rule, arm, columns, row, event, detectedAtNanos, ancestry, null);
    }
}

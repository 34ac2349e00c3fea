package dev.hookline.alert;

import dev.hookline.install.InstallContext;
import dev.hookline.process.ProcessInfo;
import dev.hookline.schema.Columns;
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

    /**
     * The package install step the row happened under (its AdditionalFields' Install* keys: the created process's
     * on a process row, the initiator's otherwise), or null.
     */
    public InstallContext install() {
        return event == null ? null : InstallContext.fromAdditionalFields(event.getString(Columns.ADDITIONAL_FIELDS));
    }

    /** The rule's title, naming the package where known: "... (evil@1.0.3, npm postinstall)". */
    public String title() {
        InstallContext c = install();
        return c == null || !c.identified() ? rule.title() : rule.title() + " (" + c.label() + ")";
    }
}

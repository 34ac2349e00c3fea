package dev.hookline.alert;

import dev.hookline.io.EventJsonWriter;
import dev.hookline.schema.Event;

/**
 * Stable alert ids: SHA-256 over rule id, arm and the event's canonical JSON (every column, in schema order), so
 * the same event seen by the same rule and arm always yields the same id, wherever and however often it is
 * evaluated. Downstream dedup (the collector, Sentinel) relies on this. The id is the digest's first 16 bytes in
 * lower-case hex.
 */
public final class AlertIds {
    private static final ThreadLocal<AlertIdHasher> HASHER = ThreadLocal.withInitial(AlertIdHasher::new);

    private AlertIds() {
    }

    public static String of(String ruleId, String arm, Event event) {
        return of(ruleId, arm, EventJsonWriter.toJson(event));
    }

    /** @param eventJson the event as {@link EventJsonWriter#toJson} writes it */
    public static String of(String ruleId, String arm, String eventJson) {
        return HASHER.get().of(ruleId, arm, eventJson);
    }
}

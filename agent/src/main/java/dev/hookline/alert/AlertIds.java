package dev.hookline.alert;

import dev.hookline.io.EventJsonWriter;
import dev.hookline.schema.Event;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Stable alert ids: SHA-256 over rule id, arm and the event's canonical JSON (every column, in schema order), so
 * the same event seen by the same rule and arm always yields the same id, wherever and however often it is
 * evaluated. Downstream dedup (the collector, Sentinel) relies on this.
 */
public final class AlertIds {
    /** One digest per thread: MessageDigest.getInstance walks the security providers, a third of an id's cost. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private AlertIds() {
    }

    public static String of(String ruleId, String arm, Event event) {
        return of(ruleId, arm, EventJsonWriter.toJson(event));
    }

    /** @param eventJson the event as {@link EventJsonWriter#toJson} writes it */
    public static String of(String ruleId, String arm, String eventJson) {
        MessageDigest md = SHA256.get();
        md.reset();
        md.update(ruleId.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(arm.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(eventJson.getBytes(StandardCharsets.UTF_8));
        byte[] d = md.digest();
        StringBuilder sb = new StringBuilder(32);
        for (int i = 0; i < 16; i++) {
            sb.append(Character.forDigit((d[i] >> 4) & 0xF, 16)).append(Character.forDigit(d[i] & 0xF, 16));
        }
        return sb.toString();
    }
}

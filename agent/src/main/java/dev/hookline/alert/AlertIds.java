package dev.hookline.alert;

import dev.hookline.io.EventJsonWriter;
import dev.hookline.io.JsonText;
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

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private AlertIds() {
    }

    public static String of(String ruleId, String arm, Event event) {
        return of(ruleId, arm, EventJsonWriter.toJson(event));
    }

    /** @param eventJson the event as {@link EventJsonWriter#toJson} writes it */
    public static String of(String ruleId, String arm, String eventJson) {
        byte[] json = eventJson.getBytes(StandardCharsets.UTF_8);
        return of(ruleId, arm, json, json.length);
    }

    /**
     * The same id from the event's JSON already written (the detector's reusable buffer): its UTF-8 bytes are
     * hashed where they are, without a String or a byte array per alert.
     */
    public static String of(String ruleId, String arm, JsonText eventJson) {
        int length = eventJson.encodeUtf8(); // first: it may grow the array utf8() returns
        return of(ruleId, arm, eventJson.utf8(), length);
    }

    private static String of(String ruleId, String arm, byte[] eventJson, int length) {
        MessageDigest md = SHA256.get();
        md.reset();
        md.update(ruleId.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(arm.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(eventJson, 0, length);
        byte[] d = md.digest();
        char[] hex = new char[32];
        for (int i = 0; i < 16; i++) {
            hex[2 * i] = HEX[(d[i] >> 4) & 0xF];
            hex[2 * i + 1] = HEX[d[i] & 0xF];
        }
        return new String(hex);
    }
}

package dev.hookline.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Computes {@link AlertIds} with a digest of its own: a detector keeps one, so an alert does not look its digest
 * up in a ThreadLocal (a miss in the thread's map showed in profiles). Not thread-safe.
 */
public final class AlertIdHasher {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** MessageDigest.getInstance walks the security providers: once per hasher, never per id. */
    private final MessageDigest sha256;

    public AlertIdHasher() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param eventJson the event as {@link dev.hookline.io.EventJsonWriter} writes it; hashed as its UTF-8 bytes
     *                  (String.getBytes: a copy for ASCII text, faster at C1 and C2 than encoding by hand)
     */
    public String of(String ruleId, String arm, String eventJson) {
        byte[] json = eventJson.getBytes(StandardCharsets.UTF_8);
        return of(ruleId, arm, json, json.length);
    }

    /** @param eventJson the event's JSON in UTF-8, its first {@code length} bytes */
    public String of(String ruleId, String arm, byte[] eventJson, int length) {
        MessageDigest md = sha256;
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

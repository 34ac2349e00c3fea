package dev.hookline.alert;

import dev.hookline.io.JsonText;
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

    /** The id over the event's JSON already written: its UTF-8 bytes are hashed where they are. */
    public String of(String ruleId, String arm, JsonText eventJson) {
        int length = eventJson.encodeUtf8(); // first: it may grow the array utf8() returns
        return of(ruleId, arm, eventJson.utf8(), length);
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

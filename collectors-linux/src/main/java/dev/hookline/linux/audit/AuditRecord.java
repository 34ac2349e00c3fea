package dev.hookline.linux.audit;

import java.nio.charset.StandardCharsets;

/**
 * One audit record as the kernel sends it: the netlink message type and the text
 * {@code audit(SECONDS.MILLIS:SERIAL): key=value ...}. The text is kept as ISO-8859-1 so every byte maps to one
 * char (hex-decoded values are turned into UTF-8 later). Fields are parsed on first use.
 */
public final class AuditRecord {
    private final int type;
    private final long epochNanos;
    private final long serial;
    private final String body;
    private AuditFields fields;

    public AuditRecord(int type, long epochNanos, long serial, String body) {
        this.type = type;
        this.epochNanos = epochNanos;
        this.serial = serial;
        this.body = body;
    }

    private static final byte[] MARK = {'a', 'u', 'd', 'i', 't', '('};

    /** Parses the header; null when the text is not an audit record (counted by the caller as a parse error). */
    public static AuditRecord parse(int type, String text) {
        if (text == null) {
            return null;
        }
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return parse(type, b, b.length);
    }

    /**
     * Parses the first {@code len} bytes of {@code t} (ISO-8859-1) as a record: only the body is copied, once, into
     * its String (the header's numbers are read in place).
     */
    public static AuditRecord parse(int type, byte[] t, int len) {
        int start = indexOf(t, len, 0, MARK);
        if (start < 0 || start > 64) {
            return null;
        }
        int p = start + MARK.length;
        int dot = indexOf(t, len, p, '.');
        int colon = indexOf(t, len, p, ':');
        int close = indexOf(t, len, p, ')');
        if (dot < 0 || colon < dot || close < colon || close - p > 40) {
            return null;
        }
        long sec = digits(t, p, dot);
        long millis = digits(t, dot + 1, colon);
        long serial = digits(t, colon + 1, close);
        if (sec < 0 || millis < 0 || serial < 0 || dot + 1 == colon || millis > 999_999_999L) {
            return null;
        }
        int frac = colon - dot - 1;
        long nanos = millis;
        for (int i = frac; i < 9; i++) {
            nanos *= 10;
        }
        if (frac > 9 || sec > 9_000_000_000L) {
            return null;
        }
        int b = close + 1;
        if (b < len && t[b] == ':') {
            b++;
        }
        while (b < len && t[b] == ' ') {
            b++;
        }
        int end = len;
        while (end > b && (t[end - 1] == '\0' || t[end - 1] == '\n')) {
            end--;
        }
        return new AuditRecord(type, sec * 1_000_000_000L + nanos, serial,
                new String(t, b, end - b, StandardCharsets.ISO_8859_1));
    }

    private static int indexOf(byte[] t, int len, int from, char c) {
        for (int i = from; i < len; i++) {
            if (t[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] t, int len, int from, byte[] s) {
        outer:
        for (int i = from; i + s.length <= len; i++) {
            for (int j = 0; j < s.length; j++) {
                if (t[i + j] != s[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static long digits(byte[] s, int from, int to) {
        if (from >= to || to - from > 18) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            byte c = s[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    public int type() {
        return type;
    }

    public long epochNanos() {
        return epochNanos;
    }

    public long serial() {
        return serial;
    }

    public String body() {
        return body;
    }

    public AuditFields fields() {
        AuditFields f = fields;
        if (f == null) {
            f = AuditFields.parse(body);
            fields = f;
        }
        return f;
    }

    @Override
    public String toString() {
        return "type=" + type + " serial=" + serial + " " + body;
    }
}

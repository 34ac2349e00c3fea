package dev.hookline.linux.audit;

import java.nio.charset.StandardCharsets;

/**
 * The key=value fields of a record body. Values are raw: {@code "quoted"} (a trusted or printable string),
 * {@code 'single quoted'} (user-space msg=), or bare (numbers, hex-encoded untrusted strings, {@code (null)}).
 * {@link #text(String)} and {@link #bytes(String)} decode the audit string encoding: quoted → as is, bare hex →
 * decoded bytes, {@code (null)}/{@code (none)} → null.
 */
public final class AuditFields {
    private static final int MAX_FIELDS = 4096;
    private final String[] keys;
    private final String[] values;
    private final int count;

    private AuditFields(String[] keys, String[] values, int count) {
        this.keys = keys;
        this.values = values;
        this.count = count;
    }

    public static AuditFields parse(String body) {
        int cap = 16;
        String[] keys = new String[cap];
        String[] values = new String[cap];
        int n = 0;
        int i = 0;
        int len = body.length();
        while (i < len && n < MAX_FIELDS) {
            while (i < len && (body.charAt(i) == ' ' || body.charAt(i) == '\u001d')) {
                i++;
            }
            int eq = -1;
            int j = i;
            while (j < len && body.charAt(j) != ' ') {
                if (body.charAt(j) == '=') {
                    eq = j;
                    break;
                }
                j++;
            }
            if (eq < 0) {
                i = j; // a bare word without '=': skip it
                continue;
            }
            String key = body.substring(i, eq);
            int v = eq + 1;
            int end;
            if (v < len && (body.charAt(v) == '"' || body.charAt(v) == '\'')) {
                int q = body.indexOf(body.charAt(v), v + 1);
                end = q < 0 ? len : q + 1;
            } else {
                end = v;
                while (end < len && body.charAt(end) != ' ' && body.charAt(end) != '\u001d') {
                    end++;
                }
            }
            if (n == cap) {
                cap *= 2;
                keys = java.util.Arrays.copyOf(keys, cap);
                values = java.util.Arrays.copyOf(values, cap);
            }
            keys[n] = key;
            values[n] = body.substring(v, end);
            n++;
            i = end;
        }
        return new AuditFields(keys, values, n);
    }

    public int size() {
        return count;
    }

    public String key(int i) {
        return keys[i];
    }

    public String rawValue(int i) {
        return values[i];
    }

    /** The raw value of the first field with this key, or null. */
    public String raw(String key) {
        for (int i = 0; i < count; i++) {
            if (keys[i].equals(key)) {
                return values[i];
            }
        }
        return null;
    }

    /** A decimal field (negative allowed), or dflt when absent or not a number. */
    public long number(String key, long dflt) {
        return parseDecimal(raw(key), dflt);
    }

    static long parseDecimal(String s, long dflt) {
        if (s == null || s.isEmpty() || s.length() > 20) {
            return dflt;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /** A hex field such as arch=c000003e or a0=3, or dflt. */
    public long hex(String key, long dflt) {
        String s = raw(key);
        if (s == null || s.isEmpty() || s.length() > 16) {
            return dflt;
        }
        try {
            return Long.parseUnsignedLong(s, 16);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /** The decoded string value (UTF-8 for hex), or null when absent, (null) or not decodable. */
    public String text(String key) {
        byte[] b = bytes(key);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    public byte[] bytes(String key) {
        return decode(raw(key));
    }

    /** Decodes one raw value; null for absent, "(null)", "(none)", or malformed hex. */
    public static byte[] decode(String raw) {
        if (raw == null || raw.equals("(null)") || raw.equals("(none)")) {
            return null;
        }
        int n = raw.length();
        if (n >= 2 && (raw.charAt(0) == '"' || raw.charAt(0) == '\'') && raw.charAt(n - 1) == raw.charAt(0)) {
            byte[] out = new byte[n - 2];
            for (int i = 1; i < n - 1; i++) {
                out[i - 1] = (byte) raw.charAt(i);
            }
            return out;
        }
        return unhex(raw);
    }

    /** Hex to bytes; null when the length is odd or a character is not a hex digit. */
    public static byte[] unhex(String s) {
        int n = s.length();
        if ((n & 1) != 0) {
            return null;
        }
        byte[] out = new byte[n / 2];
        for (int i = 0; i < n; i += 2) {
            int hi = Character.digit(s.charAt(i), 16);
            int lo = Character.digit(s.charAt(i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i / 2] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    /** Length of the value in audit's encoded units (hex digits, or characters inside the quotes). */
    public static int encodedLength(String raw) {
        if (raw == null) {
            return 0;
        }
        int n = raw.length();
        if (n >= 2 && raw.charAt(0) == '"' && raw.charAt(n - 1) == '"') {
            return n - 2;
        }
        return n;
    }
}

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
    private final String body;
    /**
     * Per field: key start, key end, value start, value end in {@link #body}. Strings are made only for the keys
     * and values that are asked for (a SYSCALL record has about 25 fields; the mapper reads a dozen, numbers
     * straight from the body): the audit reader allocated two substrings per field of every record.
     */
    private final int[] spans;
    private final int count;
    private String[] keys;
    private String[] values;

    private AuditFields(String body, int[] spans, int count) {
        this.body = body;
        this.spans = spans;
        this.count = count;
    }

    public static AuditFields parse(String body) {
        // Sized by the '=' count (an upper bound of the fields): a fixed 32-field start was 528 bytes per record,
        // most of it unused (CWD, PROCTITLE and a short EXECVE have 1-3 fields), a third of an exec's garbage.
        int cap = Math.max(1, Math.min(MAX_FIELDS, countEquals(body)));
        int[] spans = new int[4 * cap];
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
                spans = java.util.Arrays.copyOf(spans, 4 * cap);
            }
            spans[4 * n] = i;
            spans[4 * n + 1] = eq;
            spans[4 * n + 2] = v;
            spans[4 * n + 3] = end;
            n++;
            i = end;
        }
        return new AuditFields(body, spans, n);
    }

    private static int countEquals(String body) {
        int n = 0;
        for (int i = body.indexOf('='); i >= 0; i = body.indexOf('=', i + 1)) {
            n++;
        }
        return n;
    }

    public int size() {
        return count;
    }

    public String key(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException(i + " of " + count);
        }
        if (keys == null) {
            keys = new String[count];
        }
        String k = keys[i];
        if (k == null) {
            k = body.substring(spans[4 * i], spans[4 * i + 1]);
            keys[i] = k;
        }
        return k;
    }

    public String rawValue(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException(i + " of " + count);
        }
        if (values == null) {
            values = new String[count];
        }
        String v = values[i];
        if (v == null) {
            v = body.substring(spans[4 * i + 2], spans[4 * i + 3]);
            values[i] = v;
        }
        return v;
    }

    /** The index of the first field with this key, or -1; compares in place, no key String is made. */
    private int indexOf(String key) {
        int kl = key.length();
        for (int i = 0; i < count; i++) {
            int ks = spans[4 * i];
            if (spans[4 * i + 1] - ks == kl && body.regionMatches(ks, key, 0, kl)) {
                return i;
            }
        }
        return -1;
    }

    /** The raw value of the first field with this key, or null. */
    public String raw(String key) {
        int i = indexOf(key);
        return i < 0 ? null : rawValue(i);
    }

    /** A decimal field (negative allowed), or dflt when absent or not a number. Read in place. */
    public long number(String key, long dflt) {
        int i = indexOf(key);
        return i < 0 ? dflt : parseDecimal(body, spans[4 * i + 2], spans[4 * i + 3], dflt);
    }

    static long parseDecimal(String s, long dflt) {
        return s == null ? dflt : parseDecimal(s, 0, s.length(), dflt);
    }

    /** Long.parseLong's rules (optional sign, decimal digits, overflow is not a number) over s[from, to). */
    static long parseDecimal(String s, int from, int to, long dflt) {
        int n = to - from;
        if (n <= 0 || n > 20) {
            return dflt;
        }
        int i = from;
        boolean neg = false;
        char c0 = s.charAt(i);
        if (c0 == '-' || c0 == '+') {
            neg = c0 == '-';
            i++;
            if (i == to) {
                return dflt;
            }
        }
        long v = 0; // accumulated negatively, as Long.parseLong does, so MIN_VALUE parses
        long limit = neg ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multMin = limit / 10;
        for (; i < to; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9 || v < multMin) {
                return dflt;
            }
            v *= 10;
            if (v < limit + d) {
                return dflt;
            }
            v -= d;
        }
        return neg ? v : -v;
    }

    /** A hex field such as arch=c000003e or a0=3, or dflt. Read in place. */
    public long hex(String key, long dflt) {
        int i = indexOf(key);
        if (i < 0) {
            return dflt;
        }
        int from = spans[4 * i + 2];
        int to = spans[4 * i + 3];
        if (to <= from || to - from > 16) {
            return dflt;
        }
        if (body.charAt(from) == '+') { // Long.parseUnsignedLong's optional sign
            from++;
            if (from == to) {
                return dflt;
            }
        }
        long v = 0;
        for (int j = from; j < to; j++) {
            int d = Character.digit(body.charAt(j), 16);
            if (d < 0) {
                return dflt;
            }
            v = (v << 4) | d;
        }
        return v;
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

package dev.hookline.io;

import dev.hookline.schema.IsoInstant;
import java.util.Arrays;

/**
 * A reusable buffer JSON text is written into, escaping strings exactly as Jackson's default (Writer based)
 * generator does: '"', '\\' and the controls below 0x20 escaped (\b \t \n \f \r, the others as a
 * backslash-u escape in upper-case hex), everything else, non-ASCII and lone surrogates included, as is. Not
 * thread-safe.
 */
public final class JsonText {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** Per ASCII char: 0 as is, a letter for its short escape, -1 for the backslash-u escape. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = -1;
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\f'] = 'f';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
    }

    /** Buffers past this size are dropped on clear(). */
    private static final int RETAINED = 1 << 16;

    private char[] chars = new char[1024];
    private int length;
    /** The day last written by appendInstant and its "yyyy-MM-dd". */
    private long lastDay = Long.MIN_VALUE;
    private final char[] lastDate = new char[10];

    public JsonText clear() {
        length = 0;
        if (chars.length > RETAINED) {
            // one huge value must not pin a huge buffer to the thread
            chars = new char[1024];
        }
        return this;
    }

    public int length() {
        return length;
    }

    public JsonText append(char c) {
        ensure(1);
        chars[length++] = c;
        return this;
    }

    /** Appends text as is (JSON already, or a name known to need no escape). */
    public JsonText appendRaw(String s) {
        int n = s.length();
        ensure(n);
        s.getChars(0, n, chars, length);
        length += n;
        return this;
    }

    public JsonText appendRaw(char[] s) {
        ensure(s.length);
        System.arraycopy(s, 0, chars, length, s.length);
        length += s.length;
        return this;
    }

    /** Appends the string as a quoted, escaped JSON string. */
    public JsonText appendString(String s) {
        int n = s.length();
        // worst case every char becomes a 6-char escape, plus the quotes
        ensure(6 * n + 2);
        char[] out = chars;
        int o = length;
        out[o++] = '"';
        s.getChars(0, n, out, o);
        // copied first, then scanned in place without a branch per char: most strings need no escape
        int end = o + n;
        int escape = 0;
        for (int i = o; i < end; i++) {
            int c = out[i];
            // negative when c is a control, '"' or '\\'
            escape |= (c - 0x20) | ((c ^ '"') - 1) | ((c ^ '\\') - 1);
        }
        if (escape < 0) {
            length = o;
            return appendEscaped(s, 0);
        }
        out[end] = '"';
        length = end + 1;
        return this;
    }

    /** The rest of an appendString from s's char {@code from} on, escaping, then the closing quote. */
    private JsonText appendEscaped(String s, int from) {
        char[] out = chars;
        int o = length;
        for (int i = from, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            int esc = c < 128 ? ESCAPES[c] : 0;
            if (esc == 0) {
                out[o++] = c;
            } else if (esc > 0) {
                out[o++] = '\\';
                out[o++] = (char) esc;
            } else {
                out[o++] = '\\';
                out[o++] = 'u';
                out[o++] = '0';
                out[o++] = '0';
                out[o++] = HEX[c >> 4];
                out[o++] = HEX[c & 0xF];
            }
        }
        out[o++] = '"';
        length = o;
        return this;
    }

    /** Appends a long in decimal, as Jackson's writeNumber(long) does. */
    public JsonText appendLong(long v) {
        ensure(20);
        if (v == Long.MIN_VALUE) {
            return appendRaw("-9223372036854775808");
        }
        char[] out = chars;
        if (v < 0) {
            out[length++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long p = 10; digits < 19 && v >= p; p *= 10) {
            digits++;
        }
        int end = length + digits;
        for (int i = end - 1; i >= length; i--) {
            out[i] = (char) ('0' + (int) (v % 10));
            v /= 10;
        }
        length = end;
        return this;
    }

    /** Appends a datetime (epoch nanoseconds) as a JSON string in Instant.toString's form. */
    public JsonText appendInstant(long epochNanos) {
        if (!IsoInstant.inRange(epochNanos)) {
            return appendString(dev.hookline.schema.Times.format(epochNanos));
        }
        ensure(IsoInstant.MAX_CHARS + 2);
        char[] out = chars;
        out[length++] = '"';
        long secs = Math.floorDiv(epochNanos, 1_000_000_000L);
        long days = Math.floorDiv(secs, 86_400L);
        if (days != lastDay) {
            // an event's datetimes, and the next event's, mostly fall on one day
            IsoInstant.writeDate(days, lastDate, 0);
            lastDay = days;
        }
        System.arraycopy(lastDate, 0, out, length, 10);
        length = IsoInstant.writeTime((int) (secs - days * 86_400L), (int) Math.floorMod(epochNanos, 1_000_000_000L),
                out, length + 10);
        out[length++] = '"';
        return this;
    }

    @Override
    public String toString() {
        return new String(chars, 0, length);
    }

    private void ensure(int more) {
        if (length + more > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(length + more, 2 * chars.length));
        }
    }
}

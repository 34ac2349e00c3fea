package dev.hookline.transport.server;

import java.nio.charset.StandardCharsets;

/**
 * The collector's per-line check, without a JSON library: one pass over the received bytes that accepts exactly one
 * strict JSON object (RFC 8259, Jackson's defaults: no comments, trailing commas, leading zeros, unquoted control
 * characters; nesting, number, string and name lengths capped like Jackson's default {@code StreamReadConstraints})
 * and returns its top-level {@code "AlertId"} string, or null. The bytes must already be valid UTF-8 (the caller
 * checks). Jackson is the reference ({@code AlertIdExtractor} in the tests): a property test holds the two to the same verdict
 * on every line; this one exists because creating a Jackson parser per line and tokenizing every value was the
 * largest per-alert cost left on the event loops.
 */
final class AlertIdScanner {
    static final int MAX_DEPTH = 1000;
    static final int MAX_NUMBER_LENGTH = 1000;
    static final int MAX_STRING_LENGTH = 20_000_000;
    static final int MAX_NAME_LENGTH = 50_000;
    private static final byte[] ALERT_ID = "AlertId".getBytes(StandardCharsets.US_ASCII);
    private static final int FAIL = -1;
    /** A non-ASCII or otherwise unusable id: the line is invalid unless a later AlertId replaces it. */
    private static final String BAD_ID = "";

    private AlertIdScanner() {
    }

    static String alertId(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        if (len >= 3 && b[i] == (byte) 0xEF && b[i + 1] == (byte) 0xBB && b[i + 2] == (byte) 0xBF) {
            i += 3; // a UTF-8 byte order mark at the very start, as Jackson allows
        }
        i = ws(b, i, end);
        if (i >= end || b[i] != '{') {
            return null;
        }
        String id = null;
        i = ws(b, i + 1, end);
        if (i < end && b[i] == '}') {
            i++;
        } else {
            while (true) {
                if (i >= end || b[i] != '"') {
                    return null;
                }
                int nameEnd = string(b, i, end, MAX_NAME_LENGTH);
                if (nameEnd == FAIL) {
                    return null;
                }
                boolean isId = isAlertId(b, i + 1, nameEnd - 1);
                i = ws(b, nameEnd, end);
                if (i >= end || b[i] != ':') {
                    return null;
                }
                i = ws(b, i + 1, end);
                if (i >= end) {
                    return null;
                }
                if (isId && b[i] == '"') {
                    int valueEnd = string(b, i, end, MAX_STRING_LENGTH);
                    if (valueEnd == FAIL) {
                        return null;
                    }
                    id = text(b, i + 1, valueEnd - 1);
                    i = valueEnd;
                } else {
                    i = value(b, i, end, 1);
                    if (i == FAIL) {
                        return null;
                    }
                }
                i = ws(b, i, end);
                if (i >= end) {
                    return null;
                }
                if (b[i] == ',') {
                    i = ws(b, i + 1, end);
                    continue;
                }
                if (b[i] == '}') {
                    i++;
                    break;
                }
                return null;
            }
        }
        if (ws(b, i, end) != end) {
            return null;
        }
        return valid(id) ? id : null;
    }

    /** Ids are limited to 1..128 printable ASCII characters: they become lines of the dedup file. */
    static boolean valid(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    private static int ws(byte[] b, int i, int end) {
        while (i < end && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** One value starting at {@code b[i]} inside a container at {@code depth}; the index after it, or FAIL. */
    private static int value(byte[] b, int i, int end, int depth) {
        byte c = b[i];
        switch (c) {
            case '"':
                return string(b, i, end, MAX_STRING_LENGTH);
            case '{':
                return container(b, i, end, depth + 1, true);
            case '[':
                return container(b, i, end, depth + 1, false);
            case 't':
                return literal(b, i, end, "true");
            case 'f':
                return literal(b, i, end, "false");
            case 'n':
                return literal(b, i, end, "null");
            default:
                return c == '-' || (c >= '0' && c <= '9') ? number(b, i, end) : FAIL;
        }
    }

    private static int container(byte[] b, int i, int end, int depth, boolean object) {
        if (depth > MAX_DEPTH) {
            return FAIL;
        }
        byte close = (byte) (object ? '}' : ']');
        i = ws(b, i + 1, end);
        if (i < end && b[i] == close) {
            return i + 1;
        }
        while (true) {
            if (i >= end) {
                return FAIL;
            }
            if (object) {
                if (b[i] != '"' || (i = string(b, i, end, MAX_NAME_LENGTH)) == FAIL) {
                    return FAIL;
                }
                i = ws(b, i, end);
                if (i >= end || b[i] != ':') {
                    return FAIL;
                }
                i = ws(b, i + 1, end);
                if (i >= end) {
                    return FAIL;
                }
            }
            if ((i = value(b, i, end, depth)) == FAIL) {
                return FAIL;
            }
            i = ws(b, i, end);
            if (i >= end) {
                return FAIL;
            }
            if (b[i] == close) {
                return i + 1;
            }
            if (b[i] != ',') {
                return FAIL;
            }
            i = ws(b, i + 1, end);
        }
    }

    /** A string starting at the quote {@code b[i]}; the index after its closing quote, or FAIL. */
    private static int string(byte[] b, int i, int end, int maxLength) {
        int j = i + 1;
        int chars = 0;
        while (j < end) {
            int c = b[j] & 0xff;
            if (c == '"') {
                return chars > maxLength ? FAIL : j + 1;
            }
            if (c < 0x20) {
                return FAIL;
            }
            if (c == '\\') {
                if (j + 1 >= end) {
                    return FAIL;
                }
                switch (b[j + 1]) {
                    case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> j += 2;
                    case 'u' -> {
                        if (j + 5 >= end || !hex(b[j + 2]) || !hex(b[j + 3]) || !hex(b[j + 4]) || !hex(b[j + 5])) {
                            return FAIL;
                        }
                        j += 6;
                    }
                    default -> {
                        return FAIL;
                    }
                }
                chars++;
                continue;
            }
            if (c < 0x80 || c >= 0xC0) {
                chars++; // one character per ASCII or UTF-8 lead byte (an approximation of Jackson's char count)
            }
            j++;
        }
        return FAIL;
    }

    private static boolean hex(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int literal(byte[] b, int i, int end, String word) {
        int n = word.length();
        if (i + n > end) {
            return FAIL;
        }
        for (int k = 0; k < n; k++) {
            if (b[i + k] != word.charAt(k)) {
                return FAIL;
            }
        }
        return i + n;
    }

    /** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    private static int number(byte[] b, int i, int end) {
        int start = i;
        if (b[i] == '-') {
            i++;
        }
        if (i >= end) {
            return FAIL;
        }
        if (b[i] == '0') {
            i++;
            if (i < end && b[i] >= '0' && b[i] <= '9') {
                return FAIL; // leading zero
            }
        } else if (b[i] >= '1' && b[i] <= '9') {
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
        } else {
            return FAIL;
        }
        if (i < end && b[i] == '.') {
            int d = ++i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == d) {
                return FAIL;
            }
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int d = i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == d) {
                return FAIL;
            }
        }
        return digits(b, start, i) > MAX_NUMBER_LENGTH ? FAIL : i;
    }

    /** Digits in a number token: Jackson's length limit counts these, not the sign, point or exponent mark. */
    private static int digits(byte[] b, int from, int to) {
        if (to - from <= MAX_NUMBER_LENGTH) {
            return to - from;
        }
        int n = 0;
        for (int k = from; k < to; k++) {
            if (b[k] >= '0' && b[k] <= '9') {
                n++;
            }
        }
        return n;
    }

    /** Whether the name between the quotes (raw, possibly escaped) is AlertId. */
    private static boolean isAlertId(byte[] b, int from, int to) {
        if (to - from == ALERT_ID.length) {
            for (int k = 0; k < ALERT_ID.length; k++) {
                if (b[from + k] != ALERT_ID[k]) {
                    return false;
                }
            }
            return true;
        }
        for (int k = from; k < to; k++) {
            if (b[k] == '\\') {
                return "AlertId".equals(text(b, from, to));
            }
        }
        return false;
    }

    /**
     * The text of a string's content, escapes decoded; {@link #BAD_ID} for non-ASCII content (no valid id has any),
     * which is all it is used for besides comparing escaped names.
     */
    private static String text(byte[] b, int from, int to) {
        boolean escaped = false;
        for (int k = from; k < to; k++) {
            if (b[k] < 0) {
                return BAD_ID;
            }
            escaped |= b[k] == '\\';
        }
        if (!escaped) {
            return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        }
        StringBuilder sb = new StringBuilder(to - from);
        for (int k = from; k < to; k++) {
            char c = (char) b[k];
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = (char) b[++k];
            switch (e) {
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(new String(b, k + 1, 4, StandardCharsets.ISO_8859_1), 16));
                    k += 4;
                }
                default -> sb.append(e);
            }
        }
        return sb.toString();
    }
}

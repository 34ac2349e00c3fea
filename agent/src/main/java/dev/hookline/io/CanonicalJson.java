package dev.hookline.io;

/**
 * Whether a JSON text is already exactly what Jackson writes after reading it as a tree (ObjectMapper.readTree,
 * then writeTree): then a dynamic column's text can be copied as is instead of parsed and re-written. Sound, not
 * complete: true only for text with no whitespace outside strings, strings escaped as {@link JsonText} escapes,
 * integers of at most 18 digits (no "-0", no fraction or exponent: Jackson re-prints those), objects without
 * duplicate keys, modest nesting and size (below Jackson's read limits); anything else is left to Jackson.
 */
final class CanonicalJson {
    /** Below Jackson's 50 000-char name limit, so no text copied as is could fail its read. */
    private static final int MAX_LENGTH = 40_000;
    private static final int MAX_DEPTH = 64;
    private static final int MAX_DIGITS = 18;
    /** Duplicate keys are looked for pairwise; a wider object is left to Jackson. */
    private static final int MAX_KEYS = 64;

    private final String s;
    private int pos;

    private CanonicalJson(String s) {
        this.s = s;
    }

    /** @param json a trimmed text starting with '{' or '[' */
    static boolean isCanonical(String json) {
        if (json.length() > MAX_LENGTH) {
            return false;
        }
        CanonicalJson c = new CanonicalJson(json);
        return c.value(0) && c.pos == json.length();
    }

    private boolean value(int depth) {
        if (pos >= s.length()) {
            return false;
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return depth < MAX_DEPTH && object(depth + 1);
            case '[':
                return depth < MAX_DEPTH && array(depth + 1);
            case '"':
                return string();
            case 't':
                return literal("true");
            case 'f':
                return literal("false");
            case 'n':
                return literal("null");
            default:
                return number();
        }
    }

    private boolean object(int depth) {
        pos++;
        if (at('}')) {
            pos++;
            return true;
        }
        int[] keys = new int[2 * MAX_KEYS];
        int count = 0;
        while (true) {
            int start = pos;
            if (!at('"') || !string()) {
                return false;
            }
            if (count == MAX_KEYS) {
                return false;
            }
            int len = pos - start;
            for (int k = 0; k < count; k++) {
                if (keys[2 * k + 1] == len && s.regionMatches(keys[2 * k], s, start, len)) {
                    return false; // Jackson keeps the last value at the first key's place
                }
            }
            keys[2 * count] = start;
            keys[2 * count + 1] = len;
            count++;
            if (!at(':')) {
                return false;
            }
            pos++;
            if (!value(depth)) {
                return false;
            }
            if (at('}')) {
                pos++;
                return true;
            }
            if (!at(',')) {
                return false;
            }
            pos++;
        }
    }

    private boolean array(int depth) {
        pos++;
        if (at(']')) {
            pos++;
            return true;
        }
        while (true) {
            if (!value(depth)) {
                return false;
            }
            if (at(']')) {
                pos++;
                return true;
            }
            if (!at(',')) {
                return false;
            }
            pos++;
        }
    }

    /** A string whose every escape is the one Jackson writes for its char, and that needs no other. */
    private boolean string() {
        pos++;
        int n = s.length();
        while (pos < n) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return true;
            }
            if (c < 0x20) {
                return false; // Jackson's parser refuses it: the text is then written as a string
            }
            if (c == '\\') {
                if (pos >= n) {
                    return false;
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"', '\\', 'b', 't', 'f', 'n', 'r':
                        break;
                    case 'u':
                        if (!controlEscape()) {
                            return false;
                        }
                        break;
                    default:
                        return false;
                }
            }
        }
        return false;
    }

    /** After a backslash-u: "00" and two upper-case hex digits naming a control char without a short escape. */
    private boolean controlEscape() {
        if (pos + 4 > s.length() || s.charAt(pos) != '0' || s.charAt(pos + 1) != '0') {
            return false;
        }
        int hi = s.charAt(pos + 2) - '0';
        int lo = hexUpper(s.charAt(pos + 3));
        if (hi < 0 || hi > 1 || lo < 0) {
            return false;
        }
        int c = hi << 4 | lo;
        pos += 4;
        return c != '\b' && c != '\t' && c != '\f' && c != '\n' && c != '\r';
    }

    private static int hexUpper(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** An integer as Jackson prints it back: no leading zero, no "-0", no fraction or exponent. */
    private boolean number() {
        int start = pos;
        if (at('-')) {
            pos++;
        }
        int digitsStart = pos;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            pos++;
        }
        int digits = pos - digitsStart;
        if (digits == 0 || digits > MAX_DIGITS) {
            return false;
        }
        if (s.charAt(digitsStart) == '0' && (digits > 1 || digitsStart > start)) {
            return false;
        }
        // a fraction or exponent follows: not an integer
        return !(at('.') || at('e') || at('E'));
    }

    private boolean literal(String word) {
        if (!s.startsWith(word, pos)) {
            return false;
        }
        pos += word.length();
        return true;
    }

    private boolean at(char c) {
        return pos < s.length() && s.charAt(pos) == c;
    }
}

package dev.hookline.kql.expr;

import dev.hookline.kql.parse.Lexer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Kusto regular expressions are RE2's; Hookline runs them on java.util.regex. This class checks that a pattern only
 * uses what RE2 accepts, and rewrites the few RE2 spellings Java reads differently, so a pattern means the same here
 * as in Sentinel or is refused with a clear error. Refused (RE2 has no such thing): backreferences ({@code \1},
 * {@code \k<n>}), lookahead and lookbehind ({@code (?=}, {@code (?!}, {@code (?<=}, {@code (?<!}), atomic groups
 * {@code (?>}, possessive quantifiers ({@code a*+}), {@code \G \Z \R \X \h \H \V \e \c}, inline flags other
 * than i, m, s ({@code (?U)} is "ungreedy" in RE2 but something else
 * in Java), repetition counts over 1000, and more than 16 groups (Kusto's own limit). Rewritten: {@code (?P<name>}
 * to {@code (?<name>}, POSIX classes {@code [[:alpha:]]} to {@code \p{Alpha}}, a literal {@code [} or {@code &}
 * inside a class to its escape (Java reads nested classes and {@code &&}), {@code \v} to the vertical tab, and {@code $}
 * outside multi-line mode to {@code \z} (in RE2 it matches only at the very end; in Java also before a final
 * newline). Patterns are compiled with UNIX_LINES so {@code .} and multi-line anchors treat only \n as a line end,
 * as RE2 does, and UNICODE_CASE so (?i) folds as RE2's does. Remaining known difference: Java's {@code \b} counts
 * non-ASCII letters as word characters, RE2's only ASCII ones.
 */
public final class Re2 {
    static final int MAX_GROUPS = 16;
    static final int MAX_REPEAT = 1000;

    /** A pattern RE2 would not accept; the message says which construct and where. */
    public static final class Unsupported extends RuntimeException {
        Unsupported(String msg) {
            super(msg, null, false, false);
        }
    }

    private Re2() {
    }

    /** Checks and translates an RE2 pattern and compiles it with java.util.regex. */
    public static Pattern compile(String re2) {
        String java = translate(re2);
        try {
            // UNICODE_CASE: RE2's (?i) folds Unicode case, Java's only ASCII without it
            return Pattern.compile(java, Pattern.UNIX_LINES | Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException e) {
            throw new Unsupported("invalid regular expression: " + e.getDescription() + " near index "
                    + e.getIndex());
        }
    }

    static String translate(String re) {
        boolean multiline = re.contains("(?") && hasMultilineFlag(re);
        StringBuilder out = new StringBuilder(re.length() + 8);
        int groups = 0;
        int n = re.length();
        int classDepth = 0;
        for (int i = 0; i < n; i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (i + 1 >= n) {
                    throw new Unsupported("trailing backslash at index " + i);
                }
                char e = re.charAt(i + 1);
                if (e >= '1' && e <= '9' && classDepth == 0 || e == 'k') {
                    throw new Unsupported("backreference \\" + e + " at index " + i
                            + " (RE2, which Kusto uses, has no backreferences)");
                }
                if ("GZRXhHVec".indexOf(e) >= 0) {
                    throw new Unsupported("escape \\" + e + " at index " + i + " is not RE2 syntax");
                }
                if (e == '0' && (i + 2 >= n || re.charAt(i + 2) < '0' || re.charAt(i + 2) > '7')) {
                    out.append("\\x00"); // RE2's bare \0 is NUL; Java wants octal digits after it
                    i++;
                    continue;
                }
                if (e == 'v') {
                    out.append("\\x0B"); // RE2's \v is the vertical tab; Java's is a class of vertical space
                    i++;
                    continue;
                }
                if (e == 'Q') {
                    int end = re.indexOf("\\E", i + 2);
                    int stop = end < 0 ? n : end + 2;
                    out.append(re, i, stop);
                    i = stop - 1;
                    continue;
                }
                out.append(c).append(e);
                i++;
                continue;
            }
            if (classDepth > 0) {
                if (c == '[' && i + 1 < n && re.charAt(i + 1) == ':') {
                    int end = re.indexOf(":]", i + 2);
                    if (end > 0) {
                        out.append(posix(re.substring(i + 2, end), i));
                        i = end + 1;
                        continue;
                    }
                }
                if (c == '[' || c == '&') {
                    // literal in an RE2 class; Java would read [ as a nested class and && as an intersection
                    out.append('\\').append(c);
                    continue;
                }
                if (c == ']') {
                    classDepth = 0;
                }
                out.append(c);
                continue;
            }
            switch (c) {
                case '[':
                    classDepth = 1;
                    out.append(c);
                    // a ] right after [ or [^ is a literal in both dialects
                    if (i + 1 < n && re.charAt(i + 1) == '^') {
                        out.append('^');
                        i++;
                    }
                    if (i + 1 < n && re.charAt(i + 1) == ']') {
                        out.append("\\]");
                        i++;
                    }
                    break;
                case '(': {
                    boolean capturing = !re.startsWith("(?", i) || re.startsWith("(?P<", i)
                            || re.startsWith("(?<", i) && !re.startsWith("(?<=", i) && !re.startsWith("(?<!", i);
                    i = group(re, i, out);
                    if (capturing) {
                        groups++;
                    }
                    break;
                }
                case '$':
                    out.append(multiline ? "$" : "\\z");
                    break;
                case '*':
                case '+':
                case '?':
                case '}':
                    out.append(c);
                    if (i + 1 < n && re.charAt(i + 1) == '+') {
                        throw new Unsupported("possessive quantifier " + c + "+ at index " + i
                                + " is not RE2 syntax");
                    }
                    break;
                case '{':
                    checkRepeat(re, i);
                    out.append(c);
                    break;
                default:
                    out.append(c);
            }
            if (groups > MAX_GROUPS) {
                throw new Unsupported("more than " + MAX_GROUPS + " groups (Kusto's limit)");
            }
        }
        return out.toString();
    }

    /** Handles "(" at i: appends what Java needs and returns the index of the last character consumed. */
    private static int group(String re, int i, StringBuilder out) {
        if (!re.startsWith("(?", i)) {
            out.append('(');
            return i;
        }
        String[] refused = {"(?=", "(?!", "(?<=", "(?<!", "(?>"};
        for (String r : refused) {
            if (re.startsWith(r, i)) {
                throw new Unsupported((r.contains("<") ? "lookbehind " : r.equals("(?>") ? "atomic group "
                        : "lookahead ") + r + " at index " + i + " (RE2, which Kusto uses, has no lookaround)");
            }
        }
        if (re.startsWith("(?P<", i)) {
            out.append("(?<");
            return i + 3;
        }
        if (re.startsWith("(?<", i) || re.startsWith("(?:", i)) {
            out.append(re, i, i + 3);
            return i + 2;
        }
        // inline flags: (?flags) or (?flags:re); RE2 knows i, m, s and U
        int j = i + 2;
        while (j < re.length() && re.charAt(j) != ')' && re.charAt(j) != ':') {
            char f = re.charAt(j);
            if (f != 'i' && f != 'm' && f != 's' && f != '-') {
                throw new Unsupported("inline flag '" + f + "' at index " + j + " is not supported (RE2 flags: i,"
                        + " m, s; U, ungreedy, has no java.util.regex equivalent)");
            }
            j++;
        }
        if (j >= re.length()) {
            throw new Unsupported("unterminated group at index " + i);
        }
        out.append(re, i, j + 1);
        return j;
    }

    private static void checkRepeat(String re, int i) {
        int j = i + 1;
        long a = -1;
        long b = -1;
        long v = 0;
        boolean digits = false;
        while (j < re.length() && (Lexer.digit(re.charAt(j)) || re.charAt(j) == ',')) {
            char ch = re.charAt(j);
            if (ch == ',') {
                a = digits ? v : -1;
                v = 0;
                digits = false;
            } else {
                v = Math.min(v * 10 + (ch - '0'), 1_000_000);
                digits = true;
            }
            j++;
        }
        if (j < re.length() && re.charAt(j) == '}') {
            b = digits ? v : -1;
            if (Math.max(a, b) > MAX_REPEAT) {
                throw new Unsupported("repetition count over " + MAX_REPEAT + " at index " + i + " (RE2's limit)");
            }
        }
    }

    private static String posix(String name, int at) {
        boolean neg = name.startsWith("^");
        String n = neg ? name.substring(1) : name;
        String java;
        switch (n) {
            case "alnum": java = "Alnum"; break;
            case "alpha": java = "Alpha"; break;
            case "ascii": java = "ASCII"; break;
            case "blank": java = "Blank"; break;
            case "cntrl": java = "Cntrl"; break;
            case "digit": java = "Digit"; break;
            case "graph": java = "Graph"; break;
            case "lower": java = "Lower"; break;
            case "print": java = "Print"; break;
            case "punct": java = "Punct"; break;
            case "space": java = "Space"; break;
            case "upper": java = "Upper"; break;
            case "xdigit": java = "XDigit"; break;
            case "word": return neg ? "\\W" : "\\w";
            default: throw new Unsupported("unknown POSIX class [:" + name + ":] at index " + at);
        }
        return (neg ? "\\P{" : "\\p{") + java + "}";
    }

    private static boolean hasMultilineFlag(String re) {
        for (int i = re.indexOf("(?"); i >= 0; i = re.indexOf("(?", i + 2)) {
            int j = i + 2;
            while (j < re.length() && re.charAt(j) != ')' && re.charAt(j) != ':') {
                if (re.charAt(j) == '-') {
                    break;
                }
                if (re.charAt(j) == 'm') {
                    return true;
                }
                j++;
            }
        }
        return false;
    }
}

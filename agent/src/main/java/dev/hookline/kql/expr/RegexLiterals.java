package dev.hookline.kql.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Strings one of which every match of a regular expression contains, read from its opening: the literal chars it
 * starts with and, when a group of plain alternatives follows, each alternative appended (`-(W|R)\s?...` gives
 * "-W" and "-R"). An arm whose filter is such a regex can then be skipped by the same needle scan as `contains`.
 * Anything not plainly literal ends the reading (a class, a wildcard, an escape of a letter or digit such as \s or
 * \Q, a quantified char, inline flags); a pattern with an alternation at its top level, or case-insensitive, gives
 * none. Conservative by construction: what it cannot read, it leaves out.
 */
final class RegexLiterals {
    private static final String META = "\\.^$|?*+()[]{}";

    private RegexLiterals() {
    }

    /** The needles, case-sensitive, every match contains one of; empty when none can be proven. */
    static List<String> required(Pattern pattern) {
        if ((pattern.flags() & (Pattern.CASE_INSENSITIVE | Pattern.COMMENTS | Pattern.LITERAL)) != 0) {
            return List.of();
        }
        String p = pattern.pattern();
        if (p.contains("\\Q") || hasTopLevelAlternation(p)) { // a quoted span could hide a '(' or '|'
            return List.of();
        }
        int[] at = {p.startsWith("^") ? 1 : 0};
        String prefix = literals(p, at, false);
        List<String> needles = new ArrayList<>();
        List<String> alternatives = at[0] < p.length() && p.charAt(at[0]) == '(' ? group(p, at) : null;
        if (alternatives == null) {
            needles.add(prefix);
        } else {
            for (String a : alternatives) {
                needles.add(prefix + a);
            }
        }
        for (String n : needles) {
            if (n.isEmpty()) {
                return List.of();
            }
        }
        return needles;
    }

    /**
     * The literal chars from at[0] on, leaving at[0] at the first char not read. A literal followed by ?, * or {
     * may be absent, so it is not part of the result; one followed by + is, and ends the reading. Inside a group
     * (alternatives), a quantified literal makes the group unreadable: null.
     */
    private static String literals(String p, int[] at, boolean inGroup) {
        StringBuilder sb = new StringBuilder();
        int i = at[0];
        while (i < p.length()) {
            char c = p.charAt(i);
            int width;
            if (c == '\\') {
                if (i + 1 >= p.length() || Character.isLetterOrDigit(p.charAt(i + 1))) {
                    break;
                }
                c = p.charAt(i + 1);
                width = 2;
            } else if (META.indexOf(c) >= 0) {
                break;
            } else {
                width = 1;
            }
            char next = i + width < p.length() ? p.charAt(i + width) : 0;
            if (next == '?' || next == '*' || next == '{' || next == '+') {
                if (inGroup) {
                    return null;
                }
                if (next == '+') {
                    sb.append(c);
                }
                at[0] = p.length(); // nothing after a quantified char is read
                return sb.toString();
            }
            sb.append(c);
            i += width;
        }
        at[0] = i;
        return sb.toString();
    }

    /**
     * `(a|b|c)` or `(?:a|b|c)` of plain literals at at[0], not itself quantified: the alternatives; else null.
     */
    private static List<String> group(String p, int[] at) {
        int i = at[0] + 1;
        if (p.startsWith("?:", i)) {
            i += 2;
        } else if (i < p.length() && p.charAt(i) == '?') {
            return null; // inline flags, lookaround, named group
        }
        List<String> alternatives = new ArrayList<>();
        while (true) {
            int[] pos = {i};
            String a = literals(p, pos, true);
            if (a == null || pos[0] >= p.length()) {
                return null;
            }
            alternatives.add(a);
            char c = p.charAt(pos[0]);
            if (c == '|') {
                i = pos[0] + 1;
            } else if (c == ')') {
                char next = pos[0] + 1 < p.length() ? p.charAt(pos[0] + 1) : 0;
                return next == '?' || next == '*' || next == '{' ? null : alternatives;
            } else {
                return null;
            }
        }
    }

    /** Whether a '|' stands outside every group and class (then no literal is required). */
    private static boolean hasTopLevelAlternation(String p) {
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
                if (i + 1 < p.length() && p.charAt(i + 1) == ']') {
                    i++; // a ']' first in a class is a literal
                } else if (i + 2 < p.length() && p.charAt(i + 1) == '^' && p.charAt(i + 2) == ']') {
                    i += 2;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                return true;
            }
        }
        return false;
    }
}

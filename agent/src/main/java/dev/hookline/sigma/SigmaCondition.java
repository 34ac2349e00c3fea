package dev.hookline.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Sigma's condition language for single-event rules: and, or, not, parentheses, identifiers, identifier patterns
 * with *, and "1 of X" / "all of X" / "any of X" where X is a pattern or "them". Translates straight to KQL text,
 * given the KQL of every search identifier. Aggregations ("| count() ...") and "near" are rejected.
 */
final class SigmaCondition {
    private final String text;
    private final List<String> tokens = new ArrayList<>();
    private final Map<String, String> searches; // identifier → KQL, in file order
    private final Function<String, SigmaException> error;
    private int pos;

    private SigmaCondition(String text, Map<String, String> searches, Function<String, SigmaException> error) {
        this.text = text;
        this.searches = searches;
        this.error = error;
    }

    /** The KQL boolean expression of a condition. */
    static String toKql(String condition, Map<String, String> searches, Function<String, SigmaException> error) {
        SigmaCondition c = new SigmaCondition(condition, searches, error);
        c.tokenize();
        String e = c.or();
        if (c.pos < c.tokens.size()) {
            throw error.apply("condition \"" + condition + "\": unexpected '" + c.tokens.get(c.pos) + "'");
        }
        return e;
    }

    private void tokenize() {
        if (text.contains("|")) {
            throw error.apply("condition \"" + text + "\": aggregations (| count() ...) are not supported");
        }
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (Character.isWhitespace(ch)) {
                i++;
            } else if (ch == '(' || ch == ')') {
                tokens.add(String.valueOf(ch));
                i++;
            } else {
                int j = i;
                while (j < text.length() && !Character.isWhitespace(text.charAt(j)) && text.charAt(j) != '('
                        && text.charAt(j) != ')') {
                    j++;
                }
                tokens.add(text.substring(i, j));
                i = j;
            }
        }
        if (tokens.isEmpty()) {
            throw error.apply("empty condition");
        }
    }

    private String peek() {
        return pos < tokens.size() ? tokens.get(pos) : null;
    }

    private boolean accept(String kw) {
        if (kw.equalsIgnoreCase(peek() == null ? "" : peek())) {
            pos++;
            return true;
        }
        return false;
    }

    private String or() {
        List<String> terms = new ArrayList<>();
        terms.add(and());
        while (accept("or")) {
            terms.add(and());
        }
        return join(terms, "or");
    }

    private String and() {
        List<String> terms = new ArrayList<>();
        terms.add(not());
        while (accept("and")) {
            terms.add(not());
        }
        return join(terms, "and");
    }

    private String not() {
        if (accept("not")) {
            String e = not();
            return e.equals("true") ? "false" : e.equals("false") ? "true" : "not(" + e + ")";
        }
        return primary();
    }

    /**
     * Terms joined by and/or, with the constants "true" and "false" (a search that always or never matches an
     * MDE row) folded away: false drops out of an or and decides an and, true the other way round.
     */
    static String join(List<String> terms, String op) {
        String absorbing = op.equals("and") ? "false" : "true";
        String neutral = op.equals("and") ? "true" : "false";
        List<String> kept = new ArrayList<>();
        for (String t : terms) {
            if (t.equals(absorbing)) {
                return absorbing;
            }
            if (!t.equals(neutral)) {
                kept.add(t);
            }
        }
        if (kept.isEmpty()) {
            return neutral;
        }
        return kept.size() == 1 ? kept.get(0) : "(" + String.join(" " + op + " ", kept) + ")";
    }

    private String primary() {
        String t = peek();
        if (t == null) {
            throw error.apply("condition \"" + text + "\" ends too early");
        }
        pos++;
        if (t.equals("(")) {
            String e = or();
            if (!accept(")")) {
                throw error.apply("condition \"" + text + "\": missing ')'");
            }
            return e;
        }
        if (t.equals(")") || t.equalsIgnoreCase("and") || t.equalsIgnoreCase("or")) {
            throw error.apply("condition \"" + text + "\": unexpected '" + t + "'");
        }
        if (t.equalsIgnoreCase("near")) {
            throw error.apply("condition \"" + text + "\": 'near' is not supported");
        }
        if (peek() != null && peek().equalsIgnoreCase("of")) {
            pos++;
            String pattern = peek();
            if (pattern == null || pattern.equals("(") || pattern.equals(")")) {
                throw error.apply("condition \"" + text + "\": '" + t + " of' needs an identifier pattern or 'them'");
            }
            pos++;
            boolean all = t.equalsIgnoreCase("all");
            if (!all && !t.equals("1") && !t.equalsIgnoreCase("any")) {
                throw error.apply("condition \"" + text + "\": '" + t + " of' is not supported (only '1 of' and 'all of')");
            }
            return join(matching(pattern), all ? "and" : "or");
        }
        String kql = searches.get(t);
        if (kql == null) {
            throw error.apply("condition \"" + text + "\" names '" + t + "', which is not a search identifier under"
                    + " detection (have " + searches.keySet() + ")");
        }
        return kql;
    }

    private List<String> matching(String pattern) {
        List<String> out = new ArrayList<>();
        boolean them = pattern.equalsIgnoreCase("them");
        Pattern glob = them ? null : Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
        for (Map.Entry<String, String> s : searches.entrySet()) {
            boolean hit = them ? !s.getKey().startsWith("_") : glob.matcher(s.getKey()).matches();
            if (hit) {
                out.add(s.getValue());
            }
        }
        if (out.isEmpty()) {
            throw error.apply("condition \"" + text + "\": no search identifier matches '" + pattern + "'");
        }
        return out;
    }
}

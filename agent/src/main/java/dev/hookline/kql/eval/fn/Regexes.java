package dev.hookline.kql.eval.fn;

import dev.hookline.kql.eval.Frame;
import dev.hookline.kql.eval.Node;
import dev.hookline.kql.eval.Re2;
import java.util.regex.Pattern;

/**
 * A regular-expression argument of a library function (extract, replace_regex, trim, countof): a constant is
 * checked against RE2's syntax and compiled once at compile time, its faults reported at the argument's line and
 * column; a pattern read from the row is compiled per distinct text (a one-entry cache per thread) and an invalid
 * one makes the function's result null, as Kusto does.
 */
final class Regexes {
    private Regexes() {
    }

    /** Gives the pattern for a row, or null when the row's pattern text is not a valid RE2 expression. */
    interface Source {
        Pattern get(Frame f);
    }

    static Source of(CallSite c, int i) {
        return of(c, i, "", "");
    }

    /** The pattern wrapped in prefix and suffix (RE2 text, e.g. "\\A(?:" and ")+" to match repeats at the start). */
    static Source of(CallSite c, int i, String prefix, String suffix) {
        Node n = c.text(i);
        if (n.isConstant()) {
            try {
                Pattern p = Re2.compile(prefix + n.evalString(null) + suffix);
                return f -> p;
            } catch (Re2.Unsupported e) {
                throw c.error(i, c.name() + "() regular expression: " + e.getMessage());
            }
        }
        ThreadLocal<Object[]> last = ThreadLocal.withInitial(() -> new Object[2]);
        return f -> {
            String text = n.evalString(f);
            Object[] cache = last.get();
            if (!text.equals(cache[0])) {
                Pattern p;
                try {
                    p = Re2.compile(prefix + text + suffix);
                } catch (Re2.Unsupported e) {
                    p = null;
                }
                cache[0] = text;
                cache[1] = p;
            }
            return (Pattern) cache[1];
        };
    }
}

package dev.hookline.kql.eval.fn;

import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Re2;
import dev.hookline.kql.expr.RegexMatch;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regular-expression argument of a library function (extract, replace_regex, trim, countof): a constant is
 * checked against RE2's syntax and compiled once at compile time, its faults reported at the argument's line and
 * column; a pattern read from the row is compiled per distinct text (a one-entry cache per thread) and an invalid
 * one makes the function's result null, as Kusto does. Matching runs under the same budget of character reads as
 * {@code matches regex} (java.util.regex backtracks where RE2 would not): a match past it is abandoned, counted in
 * {@link RegexMatch#abandoned()}, and the function's result is null.
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

    /** A matcher over s under the read budget; use it inside {@link #guarded}. */
    static Matcher matcher(Pattern p, String s) {
        return RegexMatch.budgetedMatcher(p, s);
    }

    /** body's value, or onAbandon when a budgeted match in it ran past its budget (counted). */
    static <T> T guarded(Supplier<T> body, T onAbandon) {
        try {
            return body.get();
        } catch (RegexMatch.BudgetExceeded e) {
            RegexMatch.countAbandoned();
            return onAbandon;
        }
    }
}

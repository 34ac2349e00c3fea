package dev.hookline.kql.eval.fn;

import dev.hookline.kql.eval.Frame;
import dev.hookline.kql.eval.Node;
import dev.hookline.kql.eval.Values;
import dev.hookline.kql.parse.KType;
import java.util.Locale;

/**
 * String functions: tolower, toupper, strcat, strlen.
 *
 * <p><b>Adding a function</b> (here or in any family class):
 * <ol>
 *   <li>Write its node: a small class extending {@link Node} whose constructor passes the operands to
 *       {@code super(type, operands...)} (that is all constant folding, cost walks and the now/row checks need),
 *       and which overrides the eval method of its result type ({@code evalLong} for long, int, bool, datetime,
 *       timespan; {@code evalReal}; {@code evalString}). Follow Kusto's null rules: a number, datetime or timespan
 *       null is {@link Node#NULL} (NaN for real), a string is never null ("").</li>
 *   <li>Add one definition to {@code register}:
 *       <pre>{@code
 * t.add(FunctionDef.named("strlen").args(1).signature("strlen(text)")
 *         .doc("The number of characters in text.")
 *         .returns(KType.LONG)                       // or c -> { check c.type(i)...; return type; }
 *         .node((c, type) -> new Strlen(c.text(0))));
 * }</pre>
 *       {@code args(min, max)} with {@link FunctionDef#VARARGS} for open lists; {@code alias(...)} for other
 *       names. Type checks throw {@code c.error(i, ...)} so the message names the argument's line and column.</li>
 *   <li>Add a row to the family's table-driven test ({@code StringFunctionsFollowKustoTest} and siblings):
 *       the expression, an input event, and the expected value, taken from Kusto's documented examples where
 *       there are some.</li>
 * </ol>
 * The compiler, the "did you mean" suggestions and the list of supported functions all read the table.
 */
public final class StringFunctions {
    private StringFunctions() {
    }

    static void register(FunctionTable t) {
        t.add(FunctionDef.named("tolower").args(1).signature("tolower(text)")
                .doc("text in lower case.")
                .returns(KType.STRING).node((c, type) -> new Case(c.text(0), false)));
        t.add(FunctionDef.named("toupper").args(1).signature("toupper(text)")
                .doc("text in upper case.")
                .returns(KType.STRING).node((c, type) -> new Case(c.text(0), true)));
        t.add(FunctionDef.named("strcat").args(1, 64).signature("strcat(a, b, ...)")
                .doc("The text forms of 1 to 64 values joined.")
                .returns(KType.STRING).node((c, type) -> {
                    Node[] args = new Node[c.size()];
                    for (int i = 0; i < args.length; i++) {
                        args[i] = c.arg(i);
                    }
                    return new Strcat(args);
                }));
        t.add(FunctionDef.named("strlen").args(1).signature("strlen(text)")
                .doc("The number of characters in text.")
                .returns(KType.LONG).node((c, type) -> new Strlen(c.text(0))));
    }

    static final class Case extends Node {
        private final Node inner;
        private final boolean upper;

        Case(Node inner, boolean upper) {
            super(KType.STRING, inner);
            this.inner = inner;
            this.upper = upper;
        }

        @Override
        public String evalString(Frame f) {
            String s = inner.evalString(f);
            return upper ? s.toUpperCase(Locale.ROOT) : s.toLowerCase(Locale.ROOT);
        }

        /** Builds a new string per row. */
        @Override
        public double cost() {
            return 20 + inner.cost();
        }
    }

    static final class Strcat extends Node {
        private final Node[] args;

        Strcat(Node[] args) {
            super(KType.STRING, args);
            this.args = args;
        }

        @Override
        public String evalString(Frame f) {
            StringBuilder sb = new StringBuilder();
            for (Node a : args) {
                sb.append(Values.text(a, f));
            }
            return sb.toString();
        }

        /** Builds a new string per row. */
        @Override
        public double cost() {
            return 20 + childrenCost();
        }
    }

    static final class Strlen extends Node {
        private final Node inner;

        Strlen(Node inner) {
            super(KType.LONG, inner);
            this.inner = inner;
        }

        @Override
        public long evalLong(Frame f) {
            return inner.evalString(f).length();
        }
    }
}

package dev.hookline.kql.eval.fn;

import dev.hookline.kql.eval.Frame;
import dev.hookline.kql.eval.LogicNodes;
import dev.hookline.kql.eval.Node;
import dev.hookline.kql.parse.KType;

/**
 * Logic and null tests: not, iff/iif, isempty, isnotempty, isnull, isnotnull. See {@link StringFunctions} for how
 * to add a function.
 */
public final class ConditionalFunctions {
    private ConditionalFunctions() {
    }

    static void register(FunctionTable t) {
        t.add(FunctionDef.named("not").args(1).signature("not(condition)")
                .doc("true when condition is false; null stays null.")
                .returns(c -> {
                    c.bool(0);
                    return KType.BOOL;
                })
                .node((c, type) -> new LogicNodes.Not(c.bool(0))));
        t.add(FunctionDef.named("iff").alias("iif").args(3).signature("iff(condition, then, else)")
                .doc("then when condition is true, else otherwise (null counts as false).")
                .returns(c -> {
                    c.bool(0);
                    KType u = Types.unify(c.type(1), c.type(2));
                    if (u == null) {
                        throw c.error(c.name() + "() branches have different types: " + c.type(1).kustoName()
                                + " and " + c.type(2).kustoName());
                    }
                    return u;
                })
                .node((c, type) -> {
                    Node a = c.arg(1);
                    Node b = c.arg(2);
                    if (type == KType.REAL) {
                        a = ConversionFunctions.real(a);
                        b = ConversionFunctions.real(b);
                    }
                    return new Iff(type, c.bool(0), a, b);
                }));
        for (boolean negate : new boolean[] {false, true}) {
            String name = negate ? "isnotempty" : "isempty";
            t.add(FunctionDef.named(name).args(1).signature(name + "(value)")
                    .doc(negate ? "true unless value is \"\" or null." : "true when value is \"\" or null.")
                    .returns(KType.BOOL).node((c, type) -> new IsEmpty(c.arg(0), negate)));
        }
        for (boolean negate : new boolean[] {false, true}) {
            String name = negate ? "isnotnull" : "isnull";
            t.add(FunctionDef.named(name).args(1).signature(name + "(value)")
                    .doc(negate ? "false when value is null (a string is never null)."
                            : "true when value is null (a string is never null, so isnull(\"\") is false).")
                    .returns(KType.BOOL).node((c, type) -> new IsNull(c.arg(0), negate)));
        }
    }

    /** isempty/isnotempty: "" or null is empty. */
    static final class IsEmpty extends Node {
        private final Node inner;
        private final boolean negate;

        IsEmpty(Node inner, boolean negate) {
            super(KType.BOOL, inner);
            this.inner = inner;
            this.negate = negate;
        }

        @Override
        public long evalLong(Frame f) {
            boolean empty = inner.type.isText() ? inner.evalString(f).isEmpty() : inner.isNull(f);
            return empty != negate ? TRUE : FALSE;
        }

        @Override
        public double cost() {
            return inner.cost() + 0.5;
        }

        @Override
        public double trueRate() {
            return negate ? 0.8 : 0.2;
        }
    }

    /** isnull/isnotnull: strings are never null in Kusto (isnull("") is false). */
    static final class IsNull extends Node {
        private final Node inner;
        private final boolean negate;

        IsNull(Node inner, boolean negate) {
            super(KType.BOOL, inner);
            this.inner = inner;
            this.negate = negate;
        }

        @Override
        public long evalLong(Frame f) {
            boolean isNull = inner.type != KType.STRING && inner.isNull(f);
            return isNull != negate ? TRUE : FALSE;
        }

        @Override
        public double cost() {
            return inner.cost() + 0.5;
        }

        @Override
        public double trueRate() {
            return negate ? 0.8 : 0.2;
        }
    }

    static final class Iff extends Node {
        private final Node cond;
        private final Node a;
        private final Node b;

        Iff(KType type, Node cond, Node a, Node b) {
            super(type, cond, a, b);
            this.cond = cond;
            this.a = a;
            this.b = b;
        }

        private Node pick(Frame f) {
            return cond.evalLong(f) == TRUE ? a : b;
        }

        @Override
        public long evalLong(Frame f) {
            return pick(f).evalLong(f);
        }

        @Override
        public double evalReal(Frame f) {
            return pick(f).evalReal(f);
        }

        @Override
        public String evalString(Frame f) {
            return pick(f).evalString(f);
        }

        @Override
        public Object evalDynamic(Frame f) {
            return type == KType.DYNAMIC ? pick(f).evalDynamic(f) : super.evalDynamic(f);
        }
    }
}

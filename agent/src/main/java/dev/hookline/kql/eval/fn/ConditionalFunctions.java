package dev.hookline.kql.eval.fn;

import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.LogicNodes;
import dev.hookline.kql.expr.Node;
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
            t.add(FunctionDef.named(name).alias(negate ? new String[] {"notempty"} : new String[0]).args(1).signature(name + "(value)")
                    .doc(negate ? "true unless value is \"\" or null." : "true when value is \"\" or null.")
                    .returns(KType.BOOL).node((c, type) -> new IsEmpty(c.arg(0), negate)));
        }
        for (boolean negate : new boolean[] {false, true}) {
            String name = negate ? "isnotnull" : "isnull";
            t.add(FunctionDef.named(name).alias(negate ? new String[] {"notnull"} : new String[0]).args(1).signature(name + "(value)")
                    .doc(negate ? "false when value is null (a string is never null)."
                            : "true when value is null (a string is never null, so isnull(\"\") is false).")
                    .returns(KType.BOOL).node((c, type) -> new IsNull(c.arg(0), negate)));
        }
        t.add(FunctionDef.named("case").args(3, FunctionDef.VARARGS)
                .signature("case(condition1, then1, condition2, then2, ..., else)")
                .usage("case(ProcessId < 10, 'low', ProcessId < 100, 'mid', 'high')")
                .doc("The then of the first true condition (null counts as false), else the last argument.")
                .returns(c -> {
                    if (c.size() % 2 == 0) {
                        throw c.error(c.name() + "() takes condition/value pairs and a final else value: an odd"
                                + " number of arguments, got " + c.size());
                    }
                    int[] values = new int[c.size() / 2 + 1];
                    for (int i = 0; i + 1 < c.size(); i += 2) {
                        c.bool(i);
                        values[i / 2] = i + 1;
                    }
                    values[values.length - 1] = c.size() - 1;
                    return Choice.unify(c, values, "values");
                })
                .node((c, type) -> {
                    int pairs = c.size() / 2;
                    Node[] conditions = new Node[pairs];
                    Node[] values = new Node[pairs + 1];
                    for (int i = 0; i < pairs; i++) {
                        conditions[i] = c.bool(2 * i);
                        values[i] = Choice.as(c, 2 * i + 1, type);
                    }
                    values[pairs] = Choice.as(c, c.size() - 1, type);
                    return Choice.ofCase(type, conditions, values);
                }));
        t.add(FunctionDef.named("coalesce").args(2, 64).signature("coalesce(a, b, ...)")
                .doc("The first argument that is not null (for strings: not empty), else the last.")
                .returns(c -> {
                    int[] all = new int[c.size()];
                    for (int i = 0; i < all.length; i++) {
                        all[i] = i;
                    }
                    return Choice.unify(c, all, "arguments");
                })
                .node((c, type) -> {
                    Node[] values = new Node[c.size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = Choice.as(c, i, type);
                    }
                    return Choice.ofCoalesce(type, values);
                }));
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

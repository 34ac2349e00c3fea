package dev.hookline.kql.eval.fn;

import dev.hookline.kql.expr.Dynamic;
import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Values;
import dev.hookline.kql.parse.KType;
import dev.hookline.schema.Times;

/**
 * Conversions: tostring, tolong, toint, todatetime, toreal/todouble. A value that does not convert is null (an
 * empty string for tostring). See {@link StringFunctions} for how to add a function.
 */
public final class ConversionFunctions {
    private ConversionFunctions() {
    }

    static void register(FunctionTable t) {
        t.add(FunctionDef.named("tostring").args(1).signature("tostring(value)")
                .doc("The value as text; null becomes \"\".")
                .returns(KType.STRING).node((c, type) -> new ToText(c.arg(0))));
        t.add(FunctionDef.named("tolong").args(1).signature("tolong(value)")
                .doc("The value as a long; text that is not a whole number gives null.")
                .returns(KType.LONG).node((c, type) -> new ToLong(type, c.arg(0))));
        t.add(FunctionDef.named("toint").args(1).signature("toint(value)")
                .doc("The value as an int; text that is not a whole number gives null.")
                .returns(KType.INT).node((c, type) -> new ToLong(type, c.arg(0))));
        t.add(FunctionDef.named("todatetime").args(1).signature("todatetime(text)")
                .doc("Text in ISO 8601 form as a datetime; anything else gives null.")
                .returns(c -> {
                    KType a = c.type(0);
                    if (!(a.isText() || a == KType.DATETIME)) {
                        throw c.error("todatetime() needs a string or datetime");
                    }
                    return KType.DATETIME;
                })
                .node((c, type) -> new ToLong(type, c.arg(0))));
        t.add(FunctionDef.named("toreal").alias("todouble").args(1).signature("toreal(value)")
                .doc("The value as a real; text that is not a number gives null.")
                .returns(KType.REAL).node((c, type) -> new ToReal(c.arg(0))));
    }

    /** The node's text form, as string operators read non-strings; a text node is returned as it is. */
    public static Node text(Node n) {
        return n.type.isText() ? n : new ToText(n);
    }

    /**
     * A dynamic node converted to a scalar type where Kusto converts implicitly (a comparison or arithmetic with a
     * number, bool or datetime): {@code x.count > 3}, {@code x.enabled == true}.
     */
    public static Node fromDynamic(Node n, KType to) {
        switch (to) {
            case REAL: return new ToReal(n);
            case STRING: return new ToText(n);
            case DYNAMIC: return n;
            default: return new ToLong(to, n);
        }
    }

    /** The node as a real; a real node is returned as it is. */
    public static Node real(Node n) {
        return n.type == KType.REAL ? n : new ToReal(n);
    }

    /** tostring(): builds a new string per row unless the value already is one. */
    static final class ToText extends Node {
        private final Node inner;

        ToText(Node inner) {
            super(KType.STRING, inner);
            this.inner = inner;
        }

        @Override
        public String evalString(Frame f) {
            return Values.text(inner, f);
        }

        @Override
        public double cost() {
            return 20 + inner.cost();
        }
    }

    /** tolong/toint/todatetime... from a string or another long-stored value; unparsable gives null. */
    static final class ToLong extends Node {
        private final Node inner;

        ToLong(KType type, Node inner) {
            super(type, inner);
            this.inner = inner;
        }

        @Override
        public long evalLong(Frame f) {
            if (inner.type == KType.DYNAMIC && type != KType.DATETIME) {
                Object v = inner.evalDynamic(f);
                if (type == KType.BOOL) {
                    return Dynamic.toBool(v);
                }
                long l = Dynamic.toLong(v);
                return (type == KType.INT && l != NULL) ? (int) l : l;
            }
            if (inner.type.isLong()) {
                long v = inner.evalLong(f);
                return (type == KType.INT && v != NULL) ? (int) v : v;
            }
            if (inner.type == KType.REAL) {
                double d = inner.evalReal(f);
                return Double.isNaN(d) ? NULL : (long) d;
            }
            String s = inner.evalString(f).trim();
            try {
                if (type == KType.DATETIME) {
                    return Times.parse(s);
                }
                long v = TypeFunctions.parseWhole(s);
                return type == KType.INT && v != NULL ? (int) v : v;
            } catch (RuntimeException e) {
                return NULL;
            }
        }
    }

    static final class ToReal extends Node {
        private final Node inner;

        ToReal(Node inner) {
            super(KType.REAL, inner);
            this.inner = inner;
        }

        @Override
        public double evalReal(Frame f) {
            if (inner.type == KType.DYNAMIC) {
                return Dynamic.toReal(inner.evalDynamic(f));
            }
            if (inner.type.isText()) {
                try {
                    return Double.parseDouble(inner.evalString(f).trim());
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
            return inner.evalReal(f);
        }
    }
}

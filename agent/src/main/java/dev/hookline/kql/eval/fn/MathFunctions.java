package dev.hookline.kql.eval.fn;

import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Nodes;
import dev.hookline.kql.parse.KType;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * Numeric functions: bin, floor, ceiling, abs, round, sign, the logarithms and exponentials, pow, sqrt, rand,
 * max_of/min_of, isnan/isinf/isfinite. A whole-number argument keeps a whole-number result where Kusto's does (abs,
 * floor, ceiling, sign); the others give real. Out-of-domain arguments (log of 0 or less, sqrt of a negative) give
 * null. See {@link StringFunctions} for how to add a function.
 */
public final class MathFunctions {
    private MathFunctions() {
    }

    static void register(FunctionTable t) {
        t.add(FunctionDef.named("bin").args(2).signature("bin(value, size)")
                .doc("value rounded down to a multiple of size: numbers, or datetime/timespan by a timespan.")
                .returns(MathFunctions::binType)
                .node(MathFunctions::binNode));
        t.add(FunctionDef.named("floor").args(1, 2).signature("floor(value [, size])")
                .doc("value rounded down to a whole number; with size, the same as bin(value, size).")
                .returns(c -> c.size() == 2 ? binType(c) : numberType(c, false))
                .node((c, type) -> c.size() == 2 ? binNode(c, type) : rounding(c, type, Math::floor)));
        t.add(FunctionDef.named("ceiling").args(1).signature("ceiling(value)")
                .doc("value rounded up to a whole number.")
                .returns(c -> numberType(c, false))
                .node((c, type) -> rounding(c, type, Math::ceil)));
        t.add(FunctionDef.named("abs").args(1).signature("abs(value)")
                .doc("The absolute value of a number or timespan.")
                .returns(c -> {
                    if (c.type(0) == KType.TIMESPAN) {
                        return KType.TIMESPAN;
                    }
                    return numberType(c, false);
                })
                .node((c, type) -> {
                    Node v = c.arg(0);
                    if (type == KType.REAL) {
                        return FnNode.ofReal(f -> Math.abs(v.evalReal(f)), v);
                    }
                    return FnNode.ofLong(type, f -> {
                        long x = v.evalLong(f);
                        return x == NULL ? NULL : Math.abs(x);
                    }, v);
                }));
        t.add(FunctionDef.named("sign").args(1).signature("sign(value)")
                .doc("-1, 0 or 1 as value is negative, zero or positive.")
                .returns(c -> numberType(c, false))
                .node((c, type) -> {
                    Node v = c.arg(0);
                    if (type == KType.REAL) {
                        return FnNode.ofReal(f -> Math.signum(v.evalReal(f)), v);
                    }
                    return FnNode.ofLong(type, f -> {
                        long x = v.evalLong(f);
                        return x == NULL ? NULL : Long.signum(x);
                    }, v);
                }));
        t.add(FunctionDef.named("round").args(1, 2).signature("round(value [, precision])")
                .doc("value rounded to precision decimal digits (0 by default; negative rounds left of the point),"
                        + " halves away from zero.")
                .returns(c -> {
                    if (c.size() == 2) {
                        Types.whole(c, 1, "precision");
                    }
                    return numberType(c, false);
                })
                .node((c, type) -> {
                    Node v = ConversionFunctions.real(c.arg(0));
                    Node precision = c.size() == 2 ? c.arg(1) : Nodes.Const.ofLong(KType.LONG, 0);
                    FnNode.RealFn fn = f -> {
                        long p = precision.evalLong(f);
                        return p == NULL ? Double.NaN : round(v.evalReal(f), p);
                    };
                    if (type == KType.REAL) {
                        return FnNode.ofReal(fn, v, precision);
                    }
                    return FnNode.ofLong(type, f -> {
                        double d = fn.eval(f);
                        return Double.isNaN(d) ? NULL : (long) d;
                    }, v, precision);
                }));
        realFunction(t, "sqrt", "The square root of value; null for a negative value.", Math::sqrt);
        realFunction(t, "exp", "e to the power value.", Math::exp);
        realFunction(t, "exp2", "2 to the power value.", x -> Math.pow(2, x));
        realFunction(t, "exp10", "10 to the power value.", x -> Math.pow(10, x));
        realFunction(t, "log", "The natural logarithm of value; null for 0 or less.", x -> x > 0 ? Math.log(x) : Double.NaN);
        realFunction(t, "log10", "The base-10 logarithm of value; null for 0 or less.",
                x -> x > 0 ? Math.log10(x) : Double.NaN);
        realFunction(t, "log2", "The base-2 logarithm of value; null for 0 or less.",
                x -> x > 0 ? Math.log(x) / Math.log(2) : Double.NaN);
        t.add(FunctionDef.named("pow").args(2).signature("pow(base, exponent)")
                .doc("base to the power exponent, as a real.")
                .returns(c -> {
                    Types.number(c, 0, "base");
                    Types.number(c, 1, "exponent");
                    return KType.REAL;
                })
                .node((c, type) -> {
                    Node b = ConversionFunctions.real(c.arg(0));
                    Node e = ConversionFunctions.real(c.arg(1));
                    return FnNode.ofReal(f -> Math.pow(b.evalReal(f), e.evalReal(f)), b, e);
                }));
        t.add(FunctionDef.named("rand").args(0, 1).signature("rand([n])")
                .doc("A random real in [0, 1), or with n a random long in [0, n); different on every row.")
                .returns(c -> {
                    if (c.size() == 1) {
                        Types.whole(c, 0, "n");
                        return KType.LONG;
                    }
                    return KType.REAL;
                })
                .node((c, type) -> {
                    if (c.size() == 0) {
                        return FnNode.volatileReal(f -> ThreadLocalRandom.current().nextDouble());
                    }
                    Node n = c.arg(0);
                    return FnNode.volatileLong(KType.LONG, f -> {
                        long bound = n.evalLong(f);
                        return bound == NULL || bound <= 0 ? NULL : ThreadLocalRandom.current().nextLong(bound);
                    }, n);
                }));
        for (boolean max : new boolean[] {true, false}) {
            String name = max ? "max_of" : "min_of";
            t.add(FunctionDef.named(name).args(2, 64).signature(name + "(a, b, ...)")
                    .doc("The " + (max ? "largest" : "smallest") + " of the arguments, nulls ignored (null when all"
                            + " are null).")
                    .returns(c -> {
                        int[] all = new int[c.size()];
                        for (int i = 0; i < all.length; i++) {
                            all[i] = i;
                        }
                        KType u = Choice.unify(c, all, "arguments");
                        if (u == KType.BOOL || u == KType.DYNAMIC) {
                            throw c.error(c.name() + "() needs numbers, datetimes, timespans or strings");
                        }
                        return u;
                    })
                    .node((c, type) -> {
                        Node[] args = new Node[c.size()];
                        for (int i = 0; i < args.length; i++) {
                            args[i] = Choice.as(c, i, type);
                        }
                        return extreme(type, args, max);
                    }));
        }
        String[][] tests = {{"isnan", "Whether value is NaN (a real that is not a number)."},
                {"isinf", "Whether value is positive or negative infinity."},
                {"isfinite", "Whether value is neither infinite nor NaN."}};
        for (String[] test : tests) {
            String name = test[0];
            t.add(FunctionDef.named(name).args(1).signature(name + "(value)").doc(test[1])
                    .returns(c -> {
                        Types.number(c, 0, "value");
                        return KType.BOOL;
                    })
                    .node((c, type) -> {
                        Node v = ConversionFunctions.real(c.arg(0));
                        return FnNode.ofLong(KType.BOOL, f -> {
                            double d = v.evalReal(f);
                            boolean r = name.equals("isnan") ? Double.isNaN(d)
                                    : name.equals("isinf") ? Double.isInfinite(d) : Double.isFinite(d);
                            return r ? Node.TRUE : Node.FALSE;
                        }, v);
                    }));
        }
    }

    private static final long NULL = Node.NULL;

    private static KType binType(CallSite c) {
        KType v = c.type(0);
        KType size = c.type(1);
        boolean ok = (v == KType.DATETIME && size == KType.TIMESPAN)
                || (v == KType.TIMESPAN && size == KType.TIMESPAN)
                || (v.isNumber() && size.isNumber());
        if (!ok) {
            throw c.error(c.name() + "() needs (number, number), (datetime, timespan) or (timespan, timespan)");
        }
        return v == KType.REAL || size == KType.REAL ? KType.REAL : v;
    }

    private static Node binNode(CallSite c, KType type) {
        return type == KType.REAL
                ? new Bin(ConversionFunctions.real(c.arg(0)), ConversionFunctions.real(c.arg(1)))
                : new Bin(c.arg(0), c.arg(1));
    }

    /** A number argument's type: real stays real, int and long become long (or stay int when keepInt). */
    private static KType numberType(CallSite c, boolean keepInt) {
        Types.number(c, 0, "value");
        KType t = c.type(0);
        return t == KType.INT && !keepInt ? KType.LONG : t;
    }

    /** floor/ceiling: a whole number is already whole. */
    private static Node rounding(CallSite c, KType type, DoubleUnaryOperator op) {
        Node v = c.arg(0);
        if (type == KType.REAL) {
            return FnNode.ofReal(f -> op.applyAsDouble(v.evalReal(f)), v);
        }
        return FnNode.ofLong(type, v::evalLong, v);
    }

    private static void realFunction(FunctionTable t, String name, String doc, DoubleUnaryOperator op) {
        t.add(FunctionDef.named(name).args(1).signature(name + "(value)").doc(doc)
                .returns(c -> {
                    Types.number(c, 0, "value");
                    return KType.REAL;
                })
                .node((c, type) -> {
                    Node v = ConversionFunctions.real(c.arg(0));
                    return FnNode.ofReal(f -> op.applyAsDouble(v.evalReal(f)), v);
                }));
    }

    /** Kusto rounds halves away from zero, scaling by a power of ten as .NET's Math.Round does. */
    static double round(double v, long precision) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        int p = (int) Math.max(-15, Math.min(15, precision));
        double scale = Math.pow(10, Math.abs(p));
        double scaled = p >= 0 ? v * scale : v / scale;
        double r = Math.signum(scaled) * Math.floor(Math.abs(scaled) + 0.5);
        return p >= 0 ? r / scale : r * scale;
    }

    private static Node extreme(KType type, Node[] args, boolean max) {
        int sign = max ? 1 : -1;
        if (type == KType.REAL) {
            return FnNode.ofReal(f -> {
                double best = Double.NaN;
                for (Node a : args) {
                    double d = a.evalReal(f);
                    if (!Double.isNaN(d) && (Double.isNaN(best) || Double.compare(d, best) * sign > 0)) {
                        best = d;
                    }
                }
                return best;
            }, args);
        }
        if (type.isText()) {
            return FnNode.ofString(f -> {
                String best = null;
                for (Node a : args) {
                    String s = a.evalString(f);
                    if (!s.isEmpty() && (best == null || s.compareTo(best) * sign > 0)) {
                        best = s;
                    }
                }
                return best;
            }, args);
        }
        return FnNode.ofLong(type, f -> {
            long best = NULL;
            for (Node a : args) {
                long v = a.evalLong(f);
                if (v != NULL && (best == NULL || Long.compare(v, best) * sign > 0)) {
                    best = v;
                }
            }
            return best;
        }, args);
    }

    /** bin(value, size): rounds down to a multiple of size (datetimes from the epoch). */
    static final class Bin extends Node {
        private final Node value;
        private final Node size;

        Bin(Node value, Node size) {
            super(value.type, value, size);
            this.value = value;
            this.size = size;
        }

        @Override
        public long evalLong(Frame f) {
            long v = value.evalLong(f);
            long s = size.evalLong(f);
            if (v == NULL || s == NULL || s <= 0) {
                return NULL;
            }
            return Math.floorDiv(v, s) * s;
        }

        @Override
        public double evalReal(Frame f) {
            if (type != KType.REAL) {
                return super.evalReal(f);
            }
            double v = value.evalReal(f);
            double s = size.evalReal(f);
            return s > 0 ? Math.floor(v / s) * s : Double.NaN;
        }
    }
}

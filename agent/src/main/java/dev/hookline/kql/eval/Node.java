package dev.hookline.kql.eval;

import dev.hookline.kql.ArmGate;
import dev.hookline.kql.parse.KType;

/**
 * A compiled scalar expression. Values travel unboxed: long-stored types (long, int, bool as 0/1, datetime and
 * timespan in nanoseconds) through {@link #evalLong} with {@link #NULL} for null; real through {@link #evalReal}
 * with NaN for null; string and dynamic through {@link #evalString}, never null for string (Kusto strings have no
 * null; missing reads as ""). Bool results are 1, 0 or NULL.
 */
public abstract class Node {
    public static final long NULL = Long.MIN_VALUE;
    public static final long TRUE = 1;
    public static final long FALSE = 0;

    public final KType type;

    protected Node(KType type) {
        this.type = type;
    }

    /**
     * For a boolean node: a column condition every row for which this node is TRUE meets (see
     * {@link ArmGate}), or null when none is proven: equality to constants, has/has_any/has_all of constants
     * on an event column, and and/or of those.
     */
    ArmGate gate() {
        return null;
    }

    public long evalLong(Frame f) {
        throw new IllegalStateException(getClass().getSimpleName() + " has no long value");
    }

    public double evalReal(Frame f) {
        if (type.isLong()) {
            long v = evalLong(f);
            return v == NULL ? Double.NaN : (double) v;
        }
        throw new IllegalStateException(getClass().getSimpleName() + " has no real value");
    }

    public String evalString(Frame f) {
        throw new IllegalStateException(getClass().getSimpleName() + " has no string value");
    }

    /**
     * Estimated cost of one evaluation, in rough units of one column read; used only to order the terms of
     * and/or and consecutive where filters (see {@link Order}), never for semantics. The default fits an
     * unknown function of a few operands.
     */
    public double cost() {
        return 10;
    }

    /**
     * For a bool node, the estimated share of streaming rows for which it is TRUE; used with {@link #cost()} to
     * order terms. A guess about typical telemetry, never a semantic property.
     */
    public double trueRate() {
        return 0.5;
    }

    /** True when the value depends neither on the row nor on now (so it can be folded at compile time). */
    public boolean isConstant() {
        return false;
    }

    public boolean isNull(Frame f) {
        if (type.isLong()) {
            return evalLong(f) == NULL;
        }
        if (type == KType.REAL) {
            return Double.isNaN(evalReal(f));
        }
        if (type == KType.DYNAMIC) {
            String s = evalString(f);
            return s == null || s.isEmpty();
        }
        return false;
    }

    /** The value as an output object (String, Long, Integer, Double, Boolean, Instant, Duration) or null. */
    public Object box(Frame f) {
        switch (type) {
            case STRING:
                return evalString(f);
            case DYNAMIC: {
                String s = evalString(f);
                return s == null || s.isEmpty() ? null : s;
            }
            case REAL: {
                double d = evalReal(f);
                return Double.isNaN(d) ? null : d;
            }
            default:
                return Values.boxLong(type, evalLong(f));
        }
    }
}

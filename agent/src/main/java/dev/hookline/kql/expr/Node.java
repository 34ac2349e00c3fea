package dev.hookline.kql.expr;

import dev.hookline.kql.ArmGate;
import dev.hookline.kql.parse.KType;
import java.util.List;

/**
 * A compiled scalar expression. Values travel unboxed: long-stored types (long, int, bool as 0/1, datetime and
 * timespan in nanoseconds) through {@link #evalLong} with {@link #NULL} for null; real through {@link #evalReal}
 * with NaN for null; string and dynamic through {@link #evalString}, never null for string (Kusto strings have no
 * null; missing reads as ""). Bool results are 1, 0 or NULL.
 *
 * <p>A node is given its operands ({@link #children()}) at construction, so the walks over a tree are written once
 * here: {@link #isConstant()} (fold at compile time), {@link #dependsOnNow()} and {@link #dependsOnRow()}. A node that
 * reads something besides its children says so by overriding {@link #readsRow()} or {@link #readsNow()}.
 */
public abstract class Node {
    public static final long NULL = Long.MIN_VALUE;
    public static final long TRUE = 1;
    public static final long FALSE = 0;

    private static final Node[] NONE = {};

    public final KType type;
    private final Node[] children;
    /** Cached walk results: bit 0 computed, bit 1 depends on the row, bit 2 depends on now. */
    private byte deps;

    protected Node(KType type, Node... children) {
        this.type = type;
        this.children = children == null || children.length == 0 ? NONE : children.clone();
        for (Node c : this.children) {
            if (c == null) {
                throw new IllegalArgumentException(getClass().getSimpleName() + " given a null operand");
            }
        }
    }

    /** The operands this node evaluates, in order (empty for a leaf). */
    public final List<Node> children() {
        return List.of(children);
    }

    /** Whether this node itself reads the row (an event column, a slot, the process table), children aside. */
    protected boolean readsRow() {
        return false;
    }

    /** Whether this node itself reads the frame's now, children aside. */
    protected boolean readsNow() {
        return false;
    }

    private int deps() {
        int d = deps;
        if (d == 0) {
            d = 1 | (readsRow() ? 2 : 0) | (readsNow() ? 4 : 0);
            for (Node c : children) {
                d |= c.deps();
            }
            deps = (byte) d; // idempotent, so a race between threads is harmless
        }
        return d;
    }

    /** True when the value depends on the row being evaluated (here or anywhere below). */
    public final boolean dependsOnRow() {
        return (deps() & 2) != 0;
    }

    /** True when the value depends on now (now(), ago(), here or anywhere below). */
    public final boolean dependsOnNow() {
        return (deps() & 4) != 0;
    }

    /** True when the value depends neither on the row nor on now (so it can be folded at compile time). */
    public final boolean isConstant() {
        return (deps() & 6) == 0;
    }

    /** The summed cost of the children, for nodes whose cost is their operands' plus a little of their own. */
    protected final double childrenCost() {
        double c = 0;
        for (Node n : children) {
            c += n.cost();
        }
        return c;
    }

    /**
     * For a boolean node: a column condition every row for which this node is TRUE meets (see
     * {@link ArmGate}), or null when none is proven: equality to constants, has/has_any/has_all of constants
     * on an event column, and and/or of those.
     */
    public ArmGate gate() {
        return null;
    }

    /**
     * Every gate this node proves, each a necessary condition on its own (an `and` gives each of its terms' gates,
     * so an arm can be required to meet them all); empty when none. {@link #gate()} is the narrowest of them.
     */
    public List<ArmGate> gates() {
        ArmGate g = gate();
        return g == null ? List.of() : List.of(g);
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

    /** A dynamic node's text is its tostring(): a string as it is, arrays and bags as JSON. */
    public String evalString(Frame f) {
        if (type == KType.DYNAMIC) {
            return Dynamic.text(evalDynamic(f));
        }
        throw new IllegalStateException(getClass().getSimpleName() + " has no string value");
    }

    /**
     * The value as a dynamic value ({@link Dynamic}): what a dynamic node computes; any other node's value
     * converted (todynamic()).
     */
    public Object evalDynamic(Frame f) {
        if (type == KType.DYNAMIC) {
            throw new IllegalStateException(getClass().getSimpleName() + " has no dynamic value");
        }
        return Dynamic.of(box(f));
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

    public boolean isNull(Frame f) {
        if (type.isLong()) {
            return evalLong(f) == NULL;
        }
        if (type == KType.REAL) {
            return Double.isNaN(evalReal(f));
        }
        if (type == KType.DYNAMIC) {
            return evalDynamic(f) == null;
        }
        return false;
    }

    /**
     * The value as an output object (String, Long, Integer, Double, Boolean, Instant, Duration; for dynamic: List,
     * Map or a scalar) or null.
     */
    public Object box(Frame f) {
        switch (type) {
            case STRING:
                return evalString(f);
            case DYNAMIC:
                return evalDynamic(f);
            case REAL: {
                double d = evalReal(f);
                return Double.isNaN(d) ? null : d;
            }
            default:
                return Values.boxLong(type, evalLong(f));
        }
    }
}

package dev.hookline.kql.eval.fn;

import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.parse.KType;

/**
 * case() and coalesce(): a value picked per row among operands of one type. case picks the value after the first
 * true condition (null counts as false), else the last; coalesce picks the first operand that is not null (for
 * strings: not empty), else the last.
 */
final class Choice extends Node {
    private final Node[] conditions; // null for coalesce
    private final Node[] values;

    private Choice(KType type, Node[] conditions, Node[] values, Node[] all) {
        super(type, all);
        this.conditions = conditions;
        this.values = values;
    }

    /** case(c1, v1, c2, v2, ..., otherwise): values has one more element than conditions. */
    static Choice ofCase(KType type, Node[] conditions, Node[] values) {
        Node[] all = new Node[conditions.length + values.length];
        for (int i = 0; i < conditions.length; i++) {
            all[2 * i] = conditions[i];
            all[2 * i + 1] = values[i];
        }
        all[all.length - 1] = values[values.length - 1];
        return new Choice(type, conditions, values, all);
    }

    static Choice ofCoalesce(KType type, Node[] values) {
        return new Choice(type, null, values, values);
    }

    private Node pick(Frame f) {
        int last = values.length - 1;
        if (conditions != null) {
            for (int i = 0; i < conditions.length; i++) {
                if (conditions[i].evalLong(f) == TRUE) {
                    return values[i];
                }
            }
            return values[last];
        }
        for (int i = 0; i < last; i++) {
            Node v = values[i];
            boolean empty = v.type == KType.STRING ? v.evalString(f).isEmpty() : v.isNull(f);
            if (!empty) {
                return v;
            }
        }
        return values[last];
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

    @Override
    public double cost() {
        return childrenCost();
    }

    /** The common type of the given arguments, or an error at the first that does not fit. */
    static KType unify(CallSite c, int[] indexes, String what) {
        KType u = c.type(indexes[0]);
        for (int k = 1; k < indexes.length; k++) {
            KType next = Types.unify(u, c.type(indexes[k]));
            if (next == null) {
                throw c.error(indexes[k], c.name() + "() " + what + " have different types: " + u.kustoName()
                        + " and " + c.type(indexes[k]).kustoName());
            }
            u = next;
        }
        return u;
    }

    /** Argument i converted to the unified type (a long becomes a real when the result is real). */
    static Node as(CallSite c, int i, KType type) {
        return type == KType.REAL ? ConversionFunctions.real(c.arg(i)) : c.arg(i);
    }
}

package dev.hookline.kql.expr;

import dev.hookline.kql.ArmGate;
import dev.hookline.kql.expr.Nodes.Const;
import dev.hookline.kql.expr.Nodes.EventLong;
import dev.hookline.kql.expr.Nodes.Now;
import dev.hookline.kql.parse.KType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** ==, !=, <, <=, >, >= over numbers, datetimes, timespans and strings; in over numbers; between. */
public final class CompareNodes {
    private CompareNodes() {
    }

    static Node[] withFirst(Node first, List<Node> rest) {
        Node[] all = new Node[rest.size() + 1];
        all[0] = first;
        for (int i = 0; i < rest.size(); i++) {
            all[i + 1] = rest.get(i);
        }
        return all;
    }


    /** Whether n reads an int or long event column (a datetime, timespan or bool column is left ungated). */
    static boolean integerColumn(Node n) {
        return n instanceof EventLong && (n.type == KType.INT || n.type == KType.LONG);
    }

    /** Equality on a column is selective, inequality is not; an ordering comparison is a coin toss. */
    static double cmpRate(Cmp op) {
        return op == Cmp.EQ ? 0.1 : op == Cmp.NE ? 0.9 : 0.5;
    }

    public enum Cmp {
        EQ, NE, LT, LE, GT, GE;

        /**
         * Kusto's null rules (null-values.md): ordering comparisons with a null operand give null; == gives null
         * for two nulls and false for one; != gives null for two nulls and TRUE for one.
         */
        long withNull(boolean xNull, boolean yNull) {
            if (xNull && yNull) {
                return Node.NULL;
            }
            switch (this) {
                case EQ: return Node.FALSE;
                case NE: return Node.TRUE;
                default: return Node.NULL;
            }
        }

        boolean test(int c) {
            switch (this) {
                case EQ: return c == 0;
                case NE: return c != 0;
                case LT: return c < 0;
                case LE: return c <= 0;
                case GT: return c > 0;
                default: return c >= 0;
            }
        }

        public static Cmp of(String op) {
            switch (op) {
                case "==": return EQ;
                case "!=": return NE;
                case "<": return LT;
                case "<=": return LE;
                case ">": return GT;
                case ">=": return GE;
                default: return null;
            }
        }
    }

    /**
     * Comparison of long-stored values (numbers, datetimes, timespans, bools); nulls as {@link Cmp#withNull}.
     * The operator is turned into three outcomes (less, equal, greater) and the null outcomes at construction, so an
     * evaluation is two reads and a compare with no switch. The common detection shapes read their operands without
     * a virtual call: an event column on the left; a constant, or now() plus a constant offset (ago(24h) is now -
     * 24h), on the right, so `Timestamp > ago(24h)` costs one column read and one add per row.
     */
    public static final class CmpLong extends Node {
        private static final int GENERIC = 0;
        private static final int CONSTANT = 1;
        private static final int NOW_PLUS = 2;

        private final Cmp op;
        private final Node a;
        private final Node b;
        private final long less;
        private final long equal;
        private final long greater;
        private final long oneNull;
        /** The event column the left side reads, or -1. */
        private final int aColumn;
        private final int bKind;
        /** CONSTANT: the value; NOW_PLUS: the offset added to now. */
        private final long bValue;

        public CmpLong(Cmp op, Node a, Node b) {
            super(KType.BOOL, a, b);
            this.op = op;
            this.a = a;
            this.b = b;
            less = op.test(-1) ? TRUE : FALSE;
            equal = op.test(0) ? TRUE : FALSE;
            greater = op.test(1) ? TRUE : FALSE;
            oneNull = op.withNull(true, false);
            aColumn = a instanceof EventLong ? ((EventLong) a).id : -1;
            long off = b instanceof Now ? ((Now) b).constantOffset() : NULL;
            if (b instanceof Const) {
                bKind = CONSTANT;
                bValue = b.evalLong(null);
            } else if (off != NULL) {
                bKind = NOW_PLUS;
                bValue = off;
            } else {
                bKind = GENERIC;
                bValue = 0;
            }
        }

        @Override
        public long evalLong(Frame f) {
            long x = aColumn >= 0 ? f.event.getLong(aColumn) : a.evalLong(f);
            long y = bKind == CONSTANT ? bValue : bKind == NOW_PLUS ? f.now + bValue : b.evalLong(f);
            if (x == NULL || y == NULL) {
                return x == y ? NULL : oneNull;
            }
            return x < y ? less : x == y ? equal : greater;
        }

        /** `IntColumn == constant`: only rows holding that value pass (see {@link ArmGate.Match#NUMBER}). */
        @Override
        public ArmGate gate() {
            if (op != Cmp.EQ || bKind != CONSTANT || bValue == NULL || !integerColumn(a)
                    || !(b.type == KType.INT || b.type == KType.LONG)) {
                return null;
            }
            return ArmGate.numbers(aColumn, Set.of(bValue));
        }

        /** Whether this compares with now() or ago() (a time window: on live events nearly always true when >). */
        boolean againstNow() {
            return bKind == NOW_PLUS || b instanceof Now;
        }

        Cmp op() {
            return op;
        }

        @Override
        public double cost() {
            return (aColumn >= 0 ? 1 : a.cost()) + (bKind != GENERIC ? 0.5 : b.cost()) + 0.5;
        }

        /** A time window (`Timestamp > ago(24h)`) holds for nearly every live event; equality is selective. */
        @Override
        public double trueRate() {
            if (againstNow()) {
                return greater == TRUE || (op == Cmp.NE) ? 0.99 : 0.01;
            }
            return cmpRate(op);
        }
    }

    public static final class CmpReal extends Node {
        private final Cmp op;
        private final Node a;
        private final Node b;

        public CmpReal(Cmp op, Node a, Node b) {
            super(KType.BOOL, a, b);
            this.op = op;
            this.a = a;
            this.b = b;
        }

        @Override
        public long evalLong(Frame f) {
            double x = a.evalReal(f);
            double y = b.evalReal(f);
            if (Double.isNaN(x) || Double.isNaN(y)) {
                return op.withNull(Double.isNaN(x), Double.isNaN(y));
            }
            return op.test(Double.compare(x, y)) ? TRUE : FALSE;
        }

        @Override
        public double cost() {
            return a.cost() + b.cost() + 1;
        }

        @Override
        public double trueRate() {
            return cmpRate(op);
        }
    }

    /** ==, !=, <, ... on strings: ordinal and case-sensitive. */
    public static final class CmpString extends Node {
        private final Cmp op;
        private final Node a;
        private final Node b;

        public CmpString(Cmp op, Node a, Node b) {
            super(KType.BOOL, a, b);
            this.op = op;
            this.a = a;
            this.b = b;
        }

        @Override
        public long evalLong(Frame f) {
            String x = a.evalString(f);
            String y = b.evalString(f);
            if (op == Cmp.EQ || op == Cmp.NE) {
                return (x.equals(y) == (op == Cmp.EQ)) ? TRUE : FALSE;
            }
            return op.test(x.compareTo(y)) ? TRUE : FALSE;
        }

        @Override
        public double cost() {
            return a.cost() + b.cost() + 2;
        }

        @Override
        public double trueRate() {
            return cmpRate(op);
        }
    }

    private static boolean dynamicHas(Object v, double x) {
        if (v instanceof List) {
            for (Object o : (List<?>) v) {
                if (Dynamic.toReal(o) == x) {
                    return true;
                }
            }
            return false;
        }
        return v != null && Dynamic.toReal(v) == x;
    }

    /** x in (numbers...): null x gives null. A dynamic item computed per row stands for its elements. */
    public static final class InNumber extends Node {
        private final boolean negate;
        private final Node value;
        private final Node[] items;

        public InNumber(boolean negate, Node value, List<Node> items) {
            super(KType.BOOL, withFirst(value, items));
            this.negate = negate;
            this.value = value;
            this.items = items.toArray(new Node[0]);
        }

        @Override
        public long evalLong(Frame f) {
            boolean real = value.type == KType.REAL;
            double xd = real ? value.evalReal(f) : 0;
            long x = real ? 0 : value.evalLong(f);
            if (real ? Double.isNaN(xd) : x == NULL) {
                return NULL;
            }
            boolean found = false;
            for (Node it : items) {
                if (it.type == KType.DYNAMIC) { // an array computed per row: compare its elements
                    if (dynamicHas(it.evalDynamic(f), real ? xd : (double) x)) {
                        found = true;
                        break;
                    }
                } else if (real || it.type == KType.REAL) {
                    double y = it.evalReal(f);
                    if (!Double.isNaN(y) && y == (real ? xd : (double) x)) {
                        found = true;
                        break;
                    }
                } else {
                    long y = it.evalLong(f);
                    if (y != NULL && y == x) {
                        found = true;
                        break;
                    }
                }
            }
            return found != negate ? TRUE : FALSE;
        }

        @Override
        public double cost() {
            return value.cost() + 0.5 * items.length;
        }

        /**
         * `IntColumn in (whole numbers)`: only rows holding one of them pass (see {@link ArmGate.Match#NUMBER}).
         * None for `!in`, a real or per-row item, or a dynamic list (compared as reals, element by element).
         */
        @Override
        public ArmGate gate() {
            if (negate || !integerColumn(value)) {
                return null;
            }
            Set<Long> keys = new HashSet<>();
            for (Node it : items) {
                if (!it.isConstant() || !(it.type == KType.INT || it.type == KType.LONG)) {
                    return null;
                }
                long v = it.evalLong(null);
                if (v != NULL) { // a null item never equals
                    keys.add(v);
                }
            }
            return keys.isEmpty() ? null : ArmGate.numbers(((EventLong) value).id, keys);
        }

        @Override
        public double trueRate() {
            return negate ? 0.9 : 0.1;
        }
    }

    public static final class Between extends Node {
        private final boolean negate;
        private final Node value;
        private final Node lo;
        private final Node hi;

        public Between(boolean negate, Node value, Node lo, Node hi) {
            super(KType.BOOL, value, lo, hi);
            this.negate = negate;
            this.value = value;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        public long evalLong(Frame f) {
            boolean real = value.type == KType.REAL || lo.type == KType.REAL || hi.type == KType.REAL;
            boolean in;
            if (real) {
                double x = value.evalReal(f);
                double a = lo.evalReal(f);
                double b = hi.evalReal(f);
                if (Double.isNaN(x) || Double.isNaN(a) || Double.isNaN(b)) {
                    return NULL;
                }
                in = x >= a && x <= b;
            } else {
                long x = value.evalLong(f);
                long a = lo.evalLong(f);
                long b = hi.evalLong(f);
                if (x == NULL || a == NULL || b == NULL) {
                    return NULL;
                }
                in = x >= a && x <= b;
            }
            return in != negate ? TRUE : FALSE;
        }
    }
}

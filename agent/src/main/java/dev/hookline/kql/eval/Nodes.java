package dev.hookline.kql.eval;

import dev.hookline.kql.ArmGate;
import dev.hookline.kql.parse.KType;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The compiled expression node kinds. Every eval method here is allocation-free unless it builds a new string. */
public final class Nodes {
    private Nodes() {
    }

    // ---------------------------------------------------------------- leaves

    /** A constant. Dynamic arrays keep their elements for in/has_any flattening and their JSON text for output. */
    public static class Const extends Node {
        final long l;
        final double d;
        final String s;
        public final List<Object> list;

        private Const(KType type, long l, double d, String s, List<Object> list) {
            super(type);
            this.l = l;
            this.d = d;
            this.s = s;
            this.list = list;
        }

        public static Const ofLong(KType type, long v) {
            return new Const(type, v, Double.NaN, null, null);
        }

        public static Const ofReal(double v) {
            return new Const(KType.REAL, NULL, v, null, null);
        }

        public static Const ofString(String v) {
            return new Const(KType.STRING, NULL, Double.NaN, v == null ? "" : v, null);
        }

        @SuppressWarnings("unchecked")
        public static Const ofDynamic(Object v) {
            List<Object> list = v instanceof List ? (List<Object>) v : null;
            String text = v == null ? "" : v instanceof String ? (String) v : Values.json(v);
            return new Const(KType.DYNAMIC, NULL, Double.NaN, text, list);
        }

        /** A typed null. A null string reads as "" (Kusto strings have no null) but is output as null. */
        public static Const nullOf(KType type) {
            switch (type) {
                case STRING: return new Const(KType.STRING, NULL, Double.NaN, "", null) {
                    @Override
                    public Object box(Frame f) {
                        return null;
                    }
                };
                case DYNAMIC: return ofDynamic(null);
                case REAL: return ofReal(Double.NaN);
                default: return ofLong(type, NULL);
            }
        }

        /** Folds a constant node by evaluating it once. */
        public static Const fold(Node n) {
            Frame none = new Frame(0, 0, 0);
            if (n instanceof Const) {
                return (Const) n;
            }
            switch (n.type) {
                case STRING: return ofString(n.evalString(none));
                case DYNAMIC: return ofDynamic(n.evalString(none));
                case REAL: return ofReal(n.evalReal(none));
                default: return ofLong(n.type, n.evalLong(none));
            }
        }

        /** The constant as an output object. */
        public Object value() {
            return box(null);
        }

        @Override
        public long evalLong(Frame f) {
            return l;
        }

        @Override
        public double evalReal(Frame f) {
            return type == KType.REAL ? d : super.evalReal(f);
        }

        @Override
        public String evalString(Frame f) {
            return s;
        }

        @Override
        public double cost() {
            return 0;
        }

        @Override
        public double trueRate() {
            return l == TRUE ? 1 : 0;
        }

        @Override
        public boolean isConstant() {
            return true;
        }
    }

    public static final class EventLong extends Node {
        final int id;

        public EventLong(KType type, int id) {
            super(type);
            this.id = id;
        }

        @Override
        public long evalLong(Frame f) {
            return f.event.getLong(id);
        }

        @Override
        public double cost() {
            return 1;
        }
    }

    public static final class EventString extends Node {
        final int id;

        public EventString(KType type, int id) {
            super(type);
            this.id = id;
        }

        @Override
        public String evalString(Frame f) {
            String s = f.event.getString(id);
            return s == null ? "" : s;
        }

        @Override
        public double cost() {
            return 1;
        }
    }

    public static final class SlotLong extends Node {
        final int slot;

        public SlotLong(KType type, int slot) {
            super(type);
            this.slot = slot;
        }

        @Override
        public long evalLong(Frame f) {
            return f.longs[slot];
        }

        @Override
        public double cost() {
            return 1;
        }
    }

    public static final class SlotReal extends Node {
        final int slot;

        public SlotReal(int slot) {
            super(KType.REAL);
            this.slot = slot;
        }

        @Override
        public double evalReal(Frame f) {
            return f.reals[slot];
        }

        @Override
        public double cost() {
            return 1;
        }
    }

    public static final class SlotString extends Node {
        final int slot;

        public SlotString(KType type, int slot) {
            super(type);
            this.slot = slot;
        }

        @Override
        public String evalString(Frame f) {
            String s = f.strings[slot];
            return s == null ? "" : s;
        }

        /** A null loaded from a materialized row (a union's missing column) stays null in the output. */
        @Override
        public Object box(Frame f) {
            String s = f.strings[slot];
            return s == null ? null : type == KType.DYNAMIC && s.isEmpty() ? null : s;
        }

        @Override
        public double cost() {
            return 1;
        }
    }

    /** now() plus an optional constant offset; ago(x) is now - x. Every use reads the one now of the frame. */
    public static final class Now extends Node {
        private final Node offset;
        private final boolean subtract;

        public Now(Node offset, boolean subtract) {
            super(KType.DATETIME);
            this.offset = offset;
            this.subtract = subtract;
        }

        @Override
        public long evalLong(Frame f) {
            if (offset == null) {
                return f.now;
            }
            long o = offset.evalLong(f);
            if (o == NULL) {
                return NULL;
            }
            return subtract ? f.now - o : f.now + o;
        }

        /** The constant added to now (negative for ago), or NULL when there is none or it is not a constant. */
        long constantOffset() {
            if (offset == null) {
                return 0;
            }
            if (!offset.isConstant()) {
                return NULL;
            }
            long o = offset.evalLong(null);
            return o == NULL ? NULL : subtract ? -o : o;
        }

        @Override
        public double cost() {
            return offset == null ? 1 : 1 + offset.cost();
        }
    }

    // ---------------------------------------------------------------- logic

    /** and: true only when every term is true; a null term counts as false (Kusto: bool(null) and true is false). */
    public static final class And extends Node {
        private final Node[] terms;

        public And(Node[] terms) {
            super(KType.BOOL);
            this.terms = terms;
        }

        /** TRUE needs every term TRUE, so each term's gate holds: the narrowest. */
        @Override
        ArmGate gate() {
            ArmGate best = null;
            for (Node t : terms) {
                best = ArmGate.narrower(best, t.gate());
            }
            return best;
        }

        @Override
        public long evalLong(Frame f) {
            for (Node t : terms) {
                if (t.evalLong(f) != TRUE) {
                    return FALSE;
                }
            }
            return TRUE;
        }

        @Override
        public double cost() {
            return Order.andCost(terms);
        }

        @Override
        public double trueRate() {
            return Order.andRate(terms);
        }

        @Override
        public boolean isConstant() {
            return allConstant(terms);
        }
    }

    /** or: true when any term is true, else false (bool(null) or true is true). */
    public static final class Or extends Node {
        private final Node[] terms;

        public Or(Node[] terms) {
            super(KType.BOOL);
            this.terms = terms;
        }

        /** TRUE needs some term TRUE: the union of the terms' gates, none when any term has none. */
        @Override
        ArmGate gate() {
            ArmGate union = terms.length == 0 ? null : terms[0].gate();
            for (int i = 1; i < terms.length && union != null; i++) {
                union = ArmGate.either(union, terms[i].gate());
            }
            return union;
        }

        @Override
        public long evalLong(Frame f) {
            for (Node t : terms) {
                if (t.evalLong(f) == TRUE) {
                    return TRUE;
                }
            }
            return FALSE;
        }

        @Override
        public double cost() {
            return Order.orCost(terms);
        }

        @Override
        public double trueRate() {
            return Order.orRate(terms);
        }

        @Override
        public boolean isConstant() {
            return allConstant(terms);
        }
    }

    /** not(): null stays null, so a null comparison matches neither x nor not(x). */
    public static final class Not extends Node {
        private final Node inner;

        public Not(Node inner) {
            super(KType.BOOL);
            this.inner = inner;
        }

        @Override
        public long evalLong(Frame f) {
            long v = inner.evalLong(f);
            return v == NULL ? NULL : v == 0 ? TRUE : FALSE;
        }

        @Override
        public double cost() {
            return inner.cost() + 0.5;
        }

        @Override
        public double trueRate() {
            return 1 - inner.trueRate();
        }

        @Override
        public boolean isConstant() {
            return inner.isConstant();
        }
    }

    static boolean allConstant(Node[] nodes) {
        for (Node n : nodes) {
            if (!n.isConstant()) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- comparisons

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
            super(KType.BOOL);
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

        @Override
        public boolean isConstant() {
            return a.isConstant() && b.isConstant();
        }
    }

    public static final class CmpReal extends Node {
        private final Cmp op;
        private final Node a;
        private final Node b;

        public CmpReal(Cmp op, Node a, Node b) {
            super(KType.BOOL);
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

        @Override
        public boolean isConstant() {
            return a.isConstant() && b.isConstant();
        }
    }

    /** ==, !=, <, ... on strings: ordinal and case-sensitive. */
    public static final class CmpString extends Node {
        private final Cmp op;
        private final Node a;
        private final Node b;

        public CmpString(Cmp op, Node a, Node b) {
            super(KType.BOOL);
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

        @Override
        public boolean isConstant() {
            return a.isConstant() && b.isConstant();
        }
    }

    // ---------------------------------------------------------------- string operators

    public enum StrKind {
        HAS, HASPREFIX, HASSUFFIX, CONTAINS, STARTSWITH, ENDSWITH, EQUALS;

        /**
         * Reference comparisons rather than a switch: a switch on an enum reads ordinal() and a synthetic switch
         * map per call, which showed in the engine profile. The most frequent kinds come first.
         */
        boolean match(String hay, String needle, boolean ci, boolean folded) {
            if (this == EQUALS) {
                return Terms.equals(hay, needle, ci, folded);
            }
            if (this == HAS) {
                return Terms.has(hay, needle, ci, folded);
            }
            if (this == CONTAINS) {
                return Terms.contains(hay, needle, ci, folded);
            }
            if (this == ENDSWITH) {
                return Terms.endsWith(hay, needle, ci, folded);
            }
            if (this == STARTSWITH) {
                return Terms.startsWith(hay, needle, ci, folded);
            }
            if (this == HASPREFIX) {
                return Terms.hasPrefix(hay, needle, ci, folded);
            }
            if (this == HASSUFFIX) {
                return Terms.hasSuffix(hay, needle, ci, folded);
            }
            throw new IllegalStateException("no matcher for " + this); // a new kind needs its branch here
        }
    }

    /**
     * hay OP needle for has/contains/startswith/endswith/=~ and their negations. A constant needle is folded once
     * at compile time; otherwise both sides are folded char by char. Strings are never null, so negation is exact.
     */
    public static final class StrOp extends Node {
        private final StrKind kind;
        private final boolean ci;
        private final boolean negate;
        private final Node hay;
        private final Node needle;
        private final String constNeedle;

        public StrOp(StrKind kind, boolean ci, boolean negate, Node hay, Node needle) {
            super(KType.BOOL);
            this.kind = kind;
            this.ci = ci;
            this.negate = negate;
            this.hay = hay;
            this.needle = needle;
            this.constNeedle = needle.isConstant() ? prepare(Values.text(needle, null), ci) : null;
        }

        /**
         * `Col =~ "x"`: TRUE only when the column equals the (folded) constant; `Col has "x y"`: only when the
         * column has the needle's key term.
         */
        @Override
        ArmGate gate() {
            if (negate || constNeedle == null || !(hay instanceof EventString)) {
                return null;
            }
            int column = ((EventString) hay).id;
            if (kind == StrKind.EQUALS) {
                return ArmGate.equality(column, ci, Set.of(constNeedle));
            }
            String term = kind == StrKind.HAS ? Terms.keyTerm(constNeedle) : null;
            return term == null ? null : ArmGate.terms(column, ci, Set.of(term));
        }

        @Override
        public long evalLong(Frame f) {
            String h = hay.evalString(f);
            boolean m = constNeedle != null ? kind.match(h, constNeedle, ci, true)
                    : kind.match(h, Values.text(needle, f), ci, false);
            return m != negate ? TRUE : FALSE;
        }

        /** Operators that may scan the whole haystack cost with its length; anchored ones do not. */
        @Override
        public double cost() {
            boolean scans = kind == StrKind.HAS || kind == StrKind.CONTAINS || kind == StrKind.HASPREFIX
                    || kind == StrKind.HASSUFFIX;
            return hay.cost() + (constNeedle != null ? 0 : needle.cost()) + 2
                    + (scans ? Order.textLength(hay) / 4 : 0);
        }

        @Override
        public double trueRate() {
            return negate ? 0.9 : 0.1;
        }

        @Override
        public boolean isConstant() {
            return hay.isConstant() && needle.isConstant();
        }
    }

    /**
     * Rewrites the terms of an `or`: tests of one column by the same string operator against constants
     * (`X contains "a" or X contains "b" or ...`, what Sigma's value lists become) turn into one {@link StrList},
     * which is exactly "some constant matches" and scans the column once ({@link PhraseSet} for has and contains).
     * Other terms are kept as they are, in place; a group of one is kept as it is.
     */
    static Node[] mergeOrOfStrOps(Node[] terms) {
        List<Node> out = new java.util.ArrayList<>();
        boolean[] used = new boolean[terms.length];
        for (int i = 0; i < terms.length; i++) {
            if (used[i]) {
                continue;
            }
            StrOp first = mergeable(terms[i]);
            if (first == null) {
                out.add(terms[i]);
                continue;
            }
            List<String> needles = new java.util.ArrayList<>();
            needles.add(Values.text(first.needle, null));
            for (int j = i + 1; j < terms.length; j++) {
                StrOp o = mergeable(terms[j]);
                if (!used[j] && o != null && o.kind == first.kind && o.ci == first.ci && sameColumn(o.hay, first.hay)) {
                    needles.add(Values.text(o.needle, null));
                    used[j] = true;
                }
            }
            out.add(needles.size() == 1 ? terms[i]
                    : new StrList(first.kind, first.ci, false, false, first.hay, needles, List.of()));
        }
        return out.toArray(new Node[0]);
    }

    private static StrOp mergeable(Node n) {
        if (!(n instanceof StrOp)) {
            return null;
        }
        StrOp o = (StrOp) n;
        return !o.negate && o.constNeedle != null && o.hay instanceof EventString ? o : null;
    }

    private static boolean sameColumn(Node a, Node b) {
        return a instanceof EventString && b instanceof EventString && ((EventString) a).id == ((EventString) b).id;
    }

    static String prepare(String s, boolean ci) {
        return ci ? Terms.foldAll(s) : s;
    }

    /**
     * has_any / has_all / in / in~ and negations over a list whose elements are constants (dynamic arrays already
     * flattened) and/or per-row expressions.
     */
    public static final class StrList extends Node {
        private final StrKind kind;
        private final boolean ci;
        private final boolean all;
        private final boolean negate;
        private final Node hay;
        private final String[] consts;
        private final Node[] dynamic;
        /** has_any over constants: one automaton pass instead of one scan per needle. */
        private final PhraseSet phrases;

        public StrList(StrKind kind, boolean ci, boolean all, boolean negate, Node hay, List<String> consts,
                List<Node> dynamic) {
            super(KType.BOOL);
            this.kind = kind;
            this.ci = ci;
            this.all = all;
            this.negate = negate;
            this.hay = hay;
            this.consts = new String[consts.size()];
            for (int i = 0; i < this.consts.length; i++) {
                this.consts[i] = prepare(consts.get(i), ci);
            }
            this.dynamic = dynamic.toArray(new Node[0]);
            // contains "" is true for every string, which an automaton of non-empty needles cannot say: loop then
            this.phrases = (kind == StrKind.HAS || (kind == StrKind.CONTAINS && !Arrays.asList(this.consts).contains("")))
                    && !all && this.consts.length > 1
                    ? new PhraseSet(Arrays.asList(this.consts), ci, kind == StrKind.HAS) : null;
        }

        /**
         * `Col in~ (constants)` / `Col in (constants)`: TRUE only when the column equals one of them.
         * `Col has_any (constants)`: only when the column has the key term of one of them (an empty needle matches
         * nothing and adds none; a needle without a term means no gate). `Col has_all (...)`: the key term of any
         * one needle, the most selective.
         */
        @Override
        ArmGate gate() {
            if (negate || dynamic.length > 0 || !(hay instanceof EventString)) {
                return null;
            }
            int column = ((EventString) hay).id;
            if (kind == StrKind.EQUALS) {
                return all ? null : ArmGate.equality(column, ci, new HashSet<>(Arrays.asList(consts)));
            }
            if (kind != StrKind.HAS) {
                return null;
            }
            if (all) { // every term of every needle must be there: the best of them all
                String term = Terms.keyTerm(String.join(" ", consts));
                return term == null ? null : ArmGate.terms(column, ci, Set.of(term));
            }
            Set<String> keys = new HashSet<>();
            for (String c : consts) {
                String term = Terms.keyTerm(c);
                if (term != null) {
                    keys.add(term);
                } else if (!c.isEmpty()) {
                    return null;
                }
            }
            return keys.isEmpty() ? null : ArmGate.terms(column, ci, keys);
        }

        @Override
        public long evalLong(Frame f) {
            String h = hay.evalString(f);
            if (phrases != null) {
                boolean any = phrases.hasAny(h);
                for (int i = 0; !any && i < dynamic.length; i++) {
                    any = kind.match(h, Values.text(dynamic[i], f), ci, false);
                }
                return any != negate ? TRUE : FALSE;
            }
            boolean result = all;
            for (String c : consts) {
                if (kind.match(h, c, ci, true) != all) {
                    result = !all;
                    break;
                }
            }
            if (result == all) {
                for (Node d : dynamic) {
                    if (kind.match(h, Values.text(d, f), ci, false) != all) {
                        result = !all;
                        break;
                    }
                }
            }
            return result != negate ? TRUE : FALSE;
        }

        /** in/in~ mostly stops at a length check per value; has_any over constants is one automaton pass. */
        @Override
        public double cost() {
            double c = hay.cost() + 1;
            for (Node d : dynamic) {
                c += d.cost();
            }
            int values = consts.length + dynamic.length;
            if (kind == StrKind.EQUALS) {
                return c + 0.5 * values;
            }
            if (phrases != null) {
                return c + 2 + Order.textLength(hay) / 2 + dynamic.length * Order.textLength(hay) / 4;
            }
            boolean anchored = kind == StrKind.STARTSWITH || kind == StrKind.ENDSWITH;
            return c + values * (anchored ? 1 : 2 + Order.textLength(hay) / 4);
        }

        @Override
        public double trueRate() {
            double r = all ? 0.05 : 0.1;
            return negate ? 1 - r : r;
        }

        @Override
        public boolean isConstant() {
            return hay.isConstant() && allConstant(dynamic);
        }
    }

    /** x in (numbers...): null x gives null. */
    public static final class InNumber extends Node {
        private final boolean negate;
        private final Node value;
        private final Node[] items;

        public InNumber(boolean negate, Node value, List<Node> items) {
            super(KType.BOOL);
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
                if (real || it.type == KType.REAL) {
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

        @Override
        public double trueRate() {
            return negate ? 0.9 : 0.1;
        }

        @Override
        public boolean isConstant() {
            return value.isConstant() && allConstant(items);
        }
    }

    public static final class Between extends Node {
        private final boolean negate;
        private final Node value;
        private final Node lo;
        private final Node hi;

        public Between(boolean negate, Node value, Node lo, Node hi) {
            super(KType.BOOL);
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

        @Override
        public boolean isConstant() {
            return value.isConstant() && lo.isConstant() && hi.isConstant();
        }
    }

    // ---------------------------------------------------------------- arithmetic

    /** + - * / % over long-stored operands (numbers, datetime +- timespan, ...). Null in, null out. */
    public static final class ArithLong extends Node {
        private final char op;
        private final Node a;
        private final Node b;

        public ArithLong(KType type, char op, Node a, Node b) {
            super(type);
            this.op = op;
            this.a = a;
            this.b = b;
        }

        @Override
        public long evalLong(Frame f) {
            long x = a.evalLong(f);
            long y = b.evalLong(f);
            if (x == NULL || y == NULL) {
                return NULL;
            }
            switch (op) {
                case '+': return x + y;
                case '-': return x - y;
                case '*': return x * y;
                case '/': return y == 0 ? NULL : x / y;
                default: return y == 0 ? NULL : x % y;
            }
        }

        @Override
        public boolean isConstant() {
            return a.isConstant() && b.isConstant();
        }
    }

    public static final class ArithReal extends Node {
        private final char op;
        private final Node a;
        private final Node b;

        public ArithReal(char op, Node a, Node b) {
            super(KType.REAL);
            this.op = op;
            this.a = a;
            this.b = b;
        }

        @Override
        public double evalReal(Frame f) {
            double x = a.evalReal(f);
            double y = b.evalReal(f);
            switch (op) {
                case '+': return x + y;
                case '-': return x - y;
                case '*': return x * y;
                case '/': return x / y;
                default: return x % y;
            }
        }

        @Override
        public boolean isConstant() {
            return a.isConstant() && b.isConstant();
        }
    }

    /** timespan scaled by a real (1h * 1.5, 1d / 2.0). */
    public static final class ScaleTimespan extends Node {
        private final boolean divide;
        private final Node span;
        private final Node factor;

        public ScaleTimespan(boolean divide, Node span, Node factor) {
            super(KType.TIMESPAN);
            this.divide = divide;
            this.span = span;
            this.factor = factor;
        }

        @Override
        public long evalLong(Frame f) {
            long s = span.evalLong(f);
            double k = factor.evalReal(f);
            if (s == NULL || Double.isNaN(k) || (divide && k == 0)) {
                return NULL;
            }
            return Math.round(divide ? s / k : s * k);
        }

        @Override
        public boolean isConstant() {
            return span.isConstant() && factor.isConstant();
        }
    }

    public static final class Negate extends Node {
        private final Node inner;

        public Negate(Node inner) {
            super(inner.type);
            this.inner = inner;
        }

        @Override
        public long evalLong(Frame f) {
            long v = inner.evalLong(f);
            return v == NULL ? NULL : -v;
        }

        @Override
        public double evalReal(Frame f) {
            return type == KType.REAL ? -inner.evalReal(f) : super.evalReal(f);
        }

        @Override
        public boolean isConstant() {
            return inner.isConstant();
        }
    }

    // ---------------------------------------------------------------- functions

    /** isempty/isnotempty: "" or null is empty. */
    public static final class IsEmpty extends Node {
        private final Node inner;
        private final boolean negate;

        public IsEmpty(Node inner, boolean negate) {
            super(KType.BOOL);
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

        @Override
        public boolean isConstant() {
            return inner.isConstant();
        }
    }

    /** isnull/isnotnull: strings are never null in Kusto (isnull("") is false). */
    public static final class IsNull extends Node {
        private final Node inner;
        private final boolean negate;

        public IsNull(Node inner, boolean negate) {
            super(KType.BOOL);
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

        @Override
        public boolean isConstant() {
            return inner.isConstant();
        }
    }

    public static final class Iff extends Node {
        private final Node cond;
        private final Node a;
        private final Node b;

        public Iff(KType type, Node cond, Node a, Node b) {
            super(type);
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
        public boolean isConstant() {
            return cond.isConstant() && a.isConstant() && b.isConstant();
        }
    }

    /** String-valued functions: tolower, toupper, strcat, tostring (these allocate the result by nature). */
    public static final class StringFn extends Node {
        public enum Fn { TOLOWER, TOUPPER, STRCAT, TOSTRING }

        private final Fn fn;
        private final Node[] args;

        public StringFn(Fn fn, Node[] args) {
            super(KType.STRING);
            this.fn = fn;
            this.args = args;
        }

        @Override
        public String evalString(Frame f) {
            switch (fn) {
                case TOLOWER: return args[0].evalString(f).toLowerCase(Locale.ROOT);
                case TOUPPER: return args[0].evalString(f).toUpperCase(Locale.ROOT);
                case TOSTRING: return Values.text(args[0], f);
                default: {
                    StringBuilder sb = new StringBuilder();
                    for (Node a : args) {
                        sb.append(Values.text(a, f));
                    }
                    return sb.toString();
                }
            }
        }

        /** These build a new string per row. */
        @Override
        public double cost() {
            double c = 20;
            for (Node a : args) {
                c += a.cost();
            }
            return c;
        }

        @Override
        public boolean isConstant() {
            return allConstant(args);
        }
    }

    public static final class Strlen extends Node {
        private final Node inner;

        public Strlen(Node inner) {
            super(KType.LONG);
            this.inner = inner;
        }

        @Override
        public long evalLong(Frame f) {
            return inner.evalString(f).length();
        }

        @Override
        public boolean isConstant() {
            return inner.isConstant();
        }
    }

    /** tolong/toint/todatetime... from a string or another long-stored value; unparsable gives null. */
    public static final class ToLong extends Node {
        private final Node inner;

        public ToLong(KType type, Node inner) {
            super(type);
            this.inner = inner;
        }

        @Override
        public long evalLong(Frame f) {
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
                    return dev.hookline.schema.Times.parse(s);
                }
                long v = Long.parseLong(s);
                return type == KType.INT ? (int) v : v;
            } catch (RuntimeException e) {
                return NULL;
            }
        }

        @Override
        public boolean isConstant() {
            return inner.isConstant();
        }
    }

    public static final class ToReal extends Node {
        private final Node inner;

        public ToReal(Node inner) {
            super(KType.REAL);
            this.inner = inner;
        }

        @Override
        public double evalReal(Frame f) {
            if (inner.type.isText()) {
                try {
                    return Double.parseDouble(inner.evalString(f).trim());
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
            return inner.evalReal(f);
        }

        @Override
        public boolean isConstant() {
            return inner.isConstant();
        }
    }

    /** bin(value, size): rounds down to a multiple of size (datetimes from the epoch). */
    public static final class Bin extends Node {
        private final Node value;
        private final Node size;

        public Bin(Node value, Node size) {
            super(value.type);
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

        @Override
        public boolean isConstant() {
            return value.isConstant() && size.isConstant();
        }
    }
}

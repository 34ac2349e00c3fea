package dev.hookline.kql.expr;

import dev.hookline.kql.parse.KType;
import java.util.List;

/**
 * The leaf nodes: constants, event columns, frame slots and now(). The other node families sit beside it
 * ({@link LogicNodes}, {@link CompareNodes}, {@link StringOpNodes}, {@link ArithNodes}) and the function nodes with
 * their definitions in {@code eval.fn}. Every eval method is allocation-free unless it builds a new string.
 */
public final class Nodes {
    private Nodes() {
    }

    // ---------------------------------------------------------------- leaves

    /**
     * A constant. A dynamic constant keeps its value ({@link Dynamic}), its text, and its elements when it is an array
     * (for in/has_any flattening).
     */
    public static class Const extends Node {
        final long l;
        final double d;
        final String s;
        final Object dyn;
        public final List<Object> list;

        private Const(KType type, long l, double d, String s, Object dyn) {
            super(type);
            this.l = l;
            this.d = d;
            this.s = s;
            this.dyn = dyn;
            this.list = dyn instanceof List ? castList(dyn) : null;
        }

        @SuppressWarnings("unchecked")
        private static List<Object> castList(Object o) {
            return (List<Object>) o;
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

        /** A dynamic constant from a literal's or a folded node's value (normalized to {@link Dynamic} form). */
        public static Const ofDynamic(Object v) {
            Object dyn = Dynamic.normalize(v);
            return new Const(KType.DYNAMIC, NULL, Double.NaN, Dynamic.text(dyn), dyn);
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
            Frame none = new Frame(0, 0, 0, 0);
            if (n instanceof Const) {
                return (Const) n;
            }
            switch (n.type) {
                case STRING: return ofString(n.evalString(none));
                case DYNAMIC: return ofDynamic(n.evalDynamic(none));
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
        public Object evalDynamic(Frame f) {
            return type == KType.DYNAMIC ? dyn : super.evalDynamic(f);
        }

        @Override
        public double cost() {
            return 0;
        }

        @Override
        public double trueRate() {
            return l == TRUE ? 1 : 0;
        }
    }

    public static final class EventLong extends Node {
        public final int id;

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

        @Override
        protected boolean readsRow() {
            return true;
        }
    }

    /**
     * A string column, or a dynamic one (AdditionalFields) held as JSON text in the event. A dynamic column's text is
     * read as it is (has, contains, tostring() need no parse); its value is parsed only when a query asks for it
     * (property access, dynamic functions, output), and the last parse is kept, so several accesses to one row's
     * AdditionalFields parse it once.
     */
    public static final class EventString extends Node {
        public final int id;
        /** The last text parsed and its value (one object, so a reader on another thread sees a consistent pair). */
        private volatile Parsed last;

        private record Parsed(String text, Object value) {
        }

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
        public Object evalDynamic(Frame f) {
            if (type != KType.DYNAMIC) {
                return super.evalDynamic(f);
            }
            String s = f.event.getString(id);
            if (s == null || s.isEmpty()) {
                return null;
            }
            Parsed p = last;
            if (p != null && p.text == s) {
                return p.value;
            }
            Object v = Dynamic.parseOrString(s);
            last = new Parsed(s, v);
            return v;
        }

        /** A dynamic column is null when its text is empty; no parse needed. */
        @Override
        public boolean isNull(Frame f) {
            if (type != KType.DYNAMIC) {
                return super.isNull(f);
            }
            String s = f.event.getString(id);
            return s == null || s.isEmpty() || s.equals("null");
        }

        @Override
        public double cost() {
            return 1;
        }

        @Override
        protected boolean readsRow() {
            return true;
        }
    }

    public static final class SlotLong extends Node {
        public final int slot;

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

        @Override
        protected boolean readsRow() {
            return true;
        }
    }

    public static final class SlotReal extends Node {
        public final int slot;

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

        @Override
        protected boolean readsRow() {
            return true;
        }
    }

    public static final class SlotString extends Node {
        public final int slot;

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
            return f.strings[slot];
        }

        @Override
        public double cost() {
            return 1;
        }

        @Override
        protected boolean readsRow() {
            return true;
        }
    }

    /** A dynamic computed or loaded column. */
    public static final class SlotDynamic extends Node {
        public final int slot;

        public SlotDynamic(int slot) {
            super(KType.DYNAMIC);
            this.slot = slot;
        }

        @Override
        public Object evalDynamic(Frame f) {
            return f.objects[slot];
        }

        @Override
        public double cost() {
            return 1;
        }

        @Override
        protected boolean readsRow() {
            return true;
        }
    }

    /** now() plus an optional constant offset; ago(x) is now - x. Every use reads the one now of the frame. */
    public static final class Now extends Node {
        private final Node offset;
        private final boolean subtract;

        public Now(Node offset, boolean subtract) {
            super(KType.DATETIME, offset == null ? new Node[0] : new Node[] {offset});
            this.offset = offset;
            this.subtract = subtract;
        }

        @Override
        protected boolean readsNow() {
            return true;
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

    /** in and has_any flatten dynamic arrays (nested ones too) into their elements. */
    public static void flatten(Node n, List<Node> out) {
        if (n instanceof Nodes.Const && ((Nodes.Const) n).list != null) {
            flattenList(((Nodes.Const) n).list, out, 0);
        } else if (n instanceof Nodes.Const && n.type == KType.DYNAMIC && n.isNull(null)) {
            // dynamic(null) contributes nothing
        } else {
            out.add(n);
        }
    }

    private static void flattenList(List<?> list, List<Node> out, int depth) {
        for (Object o : list) {
            if (o instanceof List && depth < 100) {
                flattenList((List<?>) o, out, depth + 1);
            } else if (o instanceof String) {
                out.add(Nodes.Const.ofString((String) o));
            } else if (o instanceof Long) {
                out.add(Nodes.Const.ofLong(KType.LONG, (Long) o));
            } else if (o instanceof Double) {
                out.add(Nodes.Const.ofReal((Double) o));
            } else if (o instanceof Boolean) {
                out.add(Nodes.Const.ofLong(KType.BOOL, ((Boolean) o) ? 1 : 0));
            }
        }
    }
}

package dev.hookline.kql.eval.fn;

import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.parse.KType;

/**
 * A node whose value is one lambda over its operands, for the many library functions that are a line of Java
 * each (a hash, a date part, a string rewrite). The operands are still given to {@link Node}, so constant folding
 * and the now/row walks see them; the lambda reads them directly. A function with per-node state or a fast path
 * gets its own class instead.
 */
final class FnNode {
    private FnNode() {
    }

    @FunctionalInterface
    interface LongFn {
        long eval(Frame f);
    }

    @FunctionalInterface
    interface RealFn {
        double eval(Frame f);
    }

    @FunctionalInterface
    interface StringFn {
        String eval(Frame f);
    }

    @FunctionalInterface
    interface DynamicFn {
        Object eval(Frame f);
    }

    /** A dynamic result (a {@link dev.hookline.kql.expr.Dynamic} value; null for null). */
    static Node ofDynamic(DynamicFn fn, Node... args) {
        return new D(fn, args);
    }

    /** A long-stored result (long, int, bool, datetime, timespan); NULL for null. */
    static Node ofLong(KType type, LongFn fn, Node... args) {
        return new L(type, fn, false, args);
    }

    static Node ofReal(RealFn fn, Node... args) {
        return new R(fn, false, args);
    }

    /** A string result, never null. */
    static Node ofString(StringFn fn, Node... args) {
        return new S(fn, false, args);
    }

    /** A long result that differs per evaluation (rand): never folded to a constant. */
    static Node volatileLong(KType type, LongFn fn, Node... args) {
        return new L(type, fn, true, args);
    }

    static Node volatileReal(RealFn fn, Node... args) {
        return new R(fn, true, args);
    }

    static Node volatileString(StringFn fn, Node... args) {
        return new S(fn, true, args);
    }

    private static final class L extends Node {
        private final LongFn fn;
        private final boolean perRow;

        L(KType type, LongFn fn, boolean perRow, Node... args) {
            super(type, args);
            this.fn = fn;
            this.perRow = perRow;
        }

        @Override
        public long evalLong(Frame f) {
            return fn.eval(f);
        }

        @Override
        protected boolean readsRow() {
            return perRow;
        }
    }

    private static final class R extends Node {
        private final RealFn fn;
        private final boolean perRow;

        R(RealFn fn, boolean perRow, Node... args) {
            super(KType.REAL, args);
            this.fn = fn;
            this.perRow = perRow;
        }

        @Override
        public double evalReal(Frame f) {
            return fn.eval(f);
        }

        @Override
        protected boolean readsRow() {
            return perRow;
        }
    }

    private static final class S extends Node {
        private final StringFn fn;
        private final boolean perRow;

        S(StringFn fn, boolean perRow, Node... args) {
            super(KType.STRING, args);
            this.fn = fn;
            this.perRow = perRow;
        }

        @Override
        public String evalString(Frame f) {
            String s = fn.eval(f);
            return s == null ? "" : s;
        }

        /** Builds a new string per row. */
        @Override
        public double cost() {
            return 20 + childrenCost();
        }

        @Override
        protected boolean readsRow() {
            return perRow;
        }
    }

    private static final class D extends Node {
        private final DynamicFn fn;

        D(DynamicFn fn, Node... args) {
            super(KType.DYNAMIC, args);
            this.fn = fn;
        }

        @Override
        public Object evalDynamic(Frame f) {
            return fn.eval(f);
        }

        /** Builds a new value per row. */
        @Override
        public double cost() {
            return 20 + childrenCost();
        }
    }
}

package dev.hookline.kql.expr;

import dev.hookline.kql.parse.KType;

/** + - * / % and unary minus over numbers, datetimes and timespans. */
public final class ArithNodes {
    private ArithNodes() {
    }


    /** + - * / % over long-stored operands (numbers, datetime +- timespan, ...). Null in, null out. */
    public static final class ArithLong extends Node {
        private final char op;
        private final Node a;
        private final Node b;

        public ArithLong(KType type, char op, Node a, Node b) {
            super(type, a, b);
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
    }

    public static final class ArithReal extends Node {
        private final char op;
        private final Node a;
        private final Node b;

        public ArithReal(char op, Node a, Node b) {
            super(KType.REAL, a, b);
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
    }

    /** timespan scaled by a real (1h * 1.5, 1d / 2.0). */
    public static final class ScaleTimespan extends Node {
        private final boolean divide;
        private final Node span;
        private final Node factor;

        public ScaleTimespan(boolean divide, Node span, Node factor) {
            super(KType.TIMESPAN, span, factor);
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
    }

    public static final class Negate extends Node {
        private final Node inner;

        public Negate(Node inner) {
            super(inner.type, inner);
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
    }
}

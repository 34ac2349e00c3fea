package dev.hookline.kql.eval;

import dev.hookline.kql.KqlException;
import dev.hookline.kql.TableSource;
import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Values;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.Ast.Call;
import dev.hookline.kql.parse.Ast.Ident;
import dev.hookline.kql.parse.KType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * row_number(), prev() and next(): valid only on serialized input (after serialize, sort, top or range). A row chain
 * that uses them holds its input's rows, so prev/next can read neighbours by position.
 */
final class Serial {
    private Serial() {
    }

    /** The input rows of a serialized chain and the position of the row being evaluated. */
    static final class State {
        final List<String> names;
        final List<KType> types;
        List<Object[]> rows = List.of();
        int index;
        boolean used;

        State(TabNode input) {
            this.names = input.names;
            this.types = input.types;
        }
    }

    static Node compile(ExprCompiler ec, Call c, CompileContext ctx) {
        State st = ctx.serial;
        if (st == null) {
            throw ExprCompiler.error(c.pos(), c.name() + "() needs serialized input: put '| serialize' (or '| sort by')"
                    + " before it");
        }
        st.used = true;
        int n = c.args().size();
        if (c.name().equals("row_number")) {
            if (n > 1) {
                throw ExprCompiler.error(c.pos(), "row_number() takes 0 or 1 argument(s), got " + n);
            }
            long start = 1;
            if (n == 1) {
                Node s = ec.compile(c.args().get(0));
                if (!s.isConstant() || !s.type.isLong()) {
                    throw ExprCompiler.error(c.pos(), "row_number() start must be a constant whole number");
                }
                start = s.evalLong(null);
            }
            return new RowNumber(st, start);
        }
        if (n < 1 || n > 3) {
            throw ExprCompiler.error(c.pos(), c.name() + "() takes 1 to 3 argument(s), got " + n);
        }
        if (!(c.args().get(0) instanceof Ident) || !st.names.contains(((Ident) c.args().get(0)).name())) {
            throw ExprCompiler.error(c.args().get(0).pos(), c.name() + "() needs a column of its input, e.g. "
                    + c.name() + "(Timestamp)");
        }
        int col = st.names.indexOf(((Ident) c.args().get(0)).name());
        long offset = 1;
        if (n >= 2) {
            Node o = ec.compile(c.args().get(1));
            if (!o.isConstant() || !o.type.isLong()) {
                throw ExprCompiler.error(c.pos(), c.name() + "() offset must be a constant whole number");
            }
            offset = o.evalLong(null);
        }
        Object dflt = null;
        KType type = st.types.get(col);
        if (n == 3) {
            Node d = ec.compile(c.args().get(2));
            if (!d.isConstant()) {
                throw ExprCompiler.error(c.pos(), c.name() + "() default must be a constant");
            }
            dflt = d.box(null);
        }
        return new Neighbour(st, col, c.name().equals("prev") ? -offset : offset, type, dflt);
    }

    private static final class RowNumber extends Node {
        private final State st;
        private final long start;

        RowNumber(State st, long start) {
            super(KType.LONG);
            this.st = st;
            this.start = start;
        }

        /** Reads the run's state (the current serialized row, or values computed when the query runs), never folded. */
        @Override
        protected boolean readsRow() {
            return true;
        }

        @Override
        public long evalLong(Frame f) {
            return st.index + start;
        }
    }

    private static final class Neighbour extends Node {
        private final State st;
        private final int col;
        private final long delta;
        private final Object dflt;

        Neighbour(State st, int col, long delta, KType type, Object dflt) {
            super(type);
            this.st = st;
            this.col = col;
            this.delta = delta;
            this.dflt = dflt;
        }

        /** Reads the run's state (the current serialized row, or values computed when the query runs), never folded. */
        @Override
        protected boolean readsRow() {
            return true;
        }

        private Object value() {
            long i = st.index + delta;
            if (i < 0 || i >= st.rows.size()) {
                return dflt;
            }
            return st.rows.get((int) i)[col];
        }

        @Override
        public long evalLong(Frame f) {
            return Values.unboxLong(value());
        }

        @Override
        public double evalReal(Frame f) {
            return type.isLong() ? super.evalReal(f) : Values.unboxReal(value());
        }

        @Override
        public String evalString(Frame f) {
            Object v = value();
            return v == null ? (type == KType.STRING ? "" : null) : v.toString();
        }
    }

    /** A row chain over serialized input that uses row_number/prev/next: holds the input, then runs row by row. */
    static final class Chained extends TabNode {
        private final TabNode input;
        private final TabNode.RowReader reader;
        private final Chain chain;
        private final State state;
        private final long budget;
        private final Ast.Pos pos;

        Chained(TabNode input, TabNode.RowReader reader, Chain chain, State state, long budget,
                Ast.Pos pos) {
            super(chain.out.names, chain.out.types(), input.origin);
            this.pos = pos;
            this.input = input;
            this.reader = reader;
            this.chain = chain;
            this.state = state;
            this.budget = budget;
        }

        @Override
        void run(TableSource source, long now, Consumer<Object[]> out) {
            List<Object[]> rows = new ArrayList<>();
            input.run(source, now, row -> {
                if (rows.size() >= budget) {
                    throw new KqlException(pos.line(), pos.column(), "row_number()/prev()/next() input exceeds the row budget of "
                            + budget + " rows");
                }
                rows.add(row);
            });
            Frame f = reader.slots.newFrame();
            f.now = now;
            state.rows = rows;
            try {
                for (int i = 0; i < rows.size(); i++) {
                    state.index = i;
                    reader.load(rows.get(i), f);
                    if (chain.run(f)) {
                        out.accept(chain.row(f));
                    }
                }
            } finally {
                state.rows = List.of();
            }
        }
    }
}

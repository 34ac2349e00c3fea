package dev.hookline.kql.eval;

import dev.hookline.kql.eval.fn.Aggregation;
import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Values;
import dev.hookline.kql.parse.KType;

/**
 * The aggregates that give several columns from one row of the group: arg_max / arg_min (the row where the first
 * value is greatest / least; the first such row on a tie) and any / take_any of several values (one row whose first
 * value is not null, else the first row). Its result is an Object[] of the values, one per output column, which
 * {@link Summarize} spreads over them.
 */
final class RowPick extends Aggregation {
    enum Kind { MAX, MIN, ANY }

    private final Kind kind;
    private final Node key;
    private final Node[] values;

    /** key: what arg_max/arg_min compare (any: the value that must not be null); values: the output columns. */
    RowPick(Kind kind, Node key, Node[] values) {
        super(KType.DYNAMIC);
        this.kind = kind;
        this.key = key;
        this.values = values;
    }

    @Override
    public Accumulator start() {
        return new Accumulator() {
            Object best;
            Object[] row;

            @Override
            public void add(Frame f) {
                Object k = key.box(f);
                if (row != null) {
                    if (k == null || best != null && (kind == Kind.ANY || !better(k))) {
                        return;
                    }
                }
                best = k;
                row = new Object[values.length];
                for (int i = 0; i < values.length; i++) {
                    row[i] = values[i].box(f);
                }
            }

            private boolean better(Object k) {
                int c = Values.compare(k, best);
                return kind == Kind.MAX ? c > 0 : c < 0;
            }

            @Override
            public Object result() {
                return row == null ? new Object[values.length] : row;
            }
        };
    }
}

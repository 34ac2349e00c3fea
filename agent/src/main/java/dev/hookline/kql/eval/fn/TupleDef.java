package dev.hookline.kql.eval.fn;

import dev.hookline.kql.expr.Dynamic;
import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.parse.KType;
import java.util.List;

/**
 * A Kusto function whose result is several columns (series_decompose_anomalies: ad_flag, ad_score, baseline;
 * series_stats: min, min_idx, ...). extend and project give each its column, named as Kusto names them: the
 * assigned name (or names, {@code (a, b, c) = f(X)}) for the first ones, {@code f_X_suffix} for the rest
 * ({@code series_stats_ConnCounts_avg}). Anywhere else a call is its first column. The whole call compiles to one
 * node whose value is the list of the column values, computed once per row; {@link #column} reads one of them.
 */
public final class TupleDef {
    public final String name;
    /** The columns' name suffixes and types, in Kusto's order. */
    public final List<String> columns;
    public final List<KType> types;
    private final FunctionDef whole;

    TupleDef(FunctionDef whole, List<String> columns, List<KType> types) {
        this.name = whole.name;
        this.whole = whole;
        this.columns = List.copyOf(columns);
        this.types = List.copyOf(types);
    }

    /** The call as one node whose dynamic value is the list of the column values. */
    public Node compile(CallSite c) {
        return whole.compile(c);
    }

    /** Column i of a compiled call (read from its list, which the caller computes once per row). */
    public Node column(Node tuple, int i) {
        return new Column(tuple, i, types.get(i));
    }

    /** The definition the function table holds for a call outside extend/project: the first column. */
    FunctionDef firstColumn() {
        KType t = types.get(0);
        return FunctionDef.named(name).args(whole.minArgs, whole.maxArgs).signature(whole.signature)
                .doc(whole.doc).usage(whole.usage).returns(t).node((c, type) -> column(whole.compile(c), 0));
    }

    private static final class Column extends Node {
        private final Node tuple;
        private final int index;

        Column(Node tuple, int index, KType type) {
            super(type, tuple);
            this.tuple = tuple;
            this.index = index;
        }

        private Object value(Frame f) {
            Object v = tuple.evalDynamic(f);
            return v instanceof List<?> l && index < l.size() ? l.get(index) : null;
        }

        @Override
        public Object evalDynamic(Frame f) {
            if (type != KType.DYNAMIC) {
                return super.evalDynamic(f);
            }
            return value(f);
        }

        @Override
        public double evalReal(Frame f) {
            Object v = value(f);
            return v == null ? Double.NaN : Dynamic.toReal(v);
        }

        @Override
        public long evalLong(Frame f) {
            Object v = value(f);
            return v == null ? NULL : Dynamic.toLong(v);
        }
    }
}

package dev.hookline.kql.eval;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.TableSource;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.KType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * mv-apply: for each input row, the expanded values (and item index) form a subtable that the subquery runs over
 * (its rows also carry the input row's other columns, which the subquery may read); each result row is output after
 * the input row's columns that were not expanded (Kusto's processing steps).
 */
final class MvApply extends TabNode {
    /** Replays the current subtable to the subquery. */
    private static final class Feed extends TabNode {
        List<Object[]> rows = List.of();

        Feed(List<String> names, List<KType> types) {
            super(names, types, null);
        }

        @Override
        void run(TableSource source, long now, Consumer<Object[]> out) {
            rows.forEach(out);
        }
    }

    private final TabNode input;
    private final RowReader reader;
    private final Node[] values;
    private final KType[] types;
    private final boolean bagAsArray;
    private final boolean withIndex;
    private final long limit;
    /** The input columns the subtable carries after its expanded values (and index), at expandedWidth on. */
    private final int[] kept;
    private final int expandedWidth;
    /** Per kept output column: the input column (>= 0), or -1 - the subquery column that replaces it. */
    private final int[] from;
    /** The subquery's columns that follow the kept ones. */
    private final int[] rest;
    private final Feed feed;
    private final TabNode sub;

    private MvApply(List<String> names, List<KType> outTypes, TabNode input, RowReader reader, Node[] values,
            KType[] types, boolean bagAsArray, boolean withIndex, long limit, int[] kept, int expandedWidth, int[] from,
            int[] rest, Feed feed, TabNode sub) {
        super(names, outTypes, null);
        this.input = input;
        this.reader = reader;
        this.values = values;
        this.types = types;
        this.bagAsArray = bagAsArray;
        this.withIndex = withIndex;
        this.limit = limit;
        this.kept = kept;
        this.expandedWidth = expandedWidth;
        this.from = from;
        this.rest = rest;
        this.feed = feed;
        this.sub = sub;
    }

    static MvApply of(TabNode in, Ast.MvApply op, BatchPlanner planner, CompileContext ctx,
            java.util.function.ToLongFunction<Ast.Expr> count) {
        Ast.MvExpand ex = op.expand();
        RowReader reader = new RowReader(in);
        ExprCompiler ec = new ExprCompiler(reader.schema, ctx);
        int n = ex.items().size();
        Node[] values = new Node[n];
        KType[] types = new KType[n];
        List<String> subNames = new ArrayList<>();
        List<KType> subTypes = new ArrayList<>();
        List<String> expandedColumns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Ast.Assign a = ex.items().get(i).target();
            values[i] = ec.compile(a.expr());
            types[i] = ex.items().get(i).type() == null ? KType.DYNAMIC : ex.items().get(i).type();
            String name = a.name() != null ? a.name()
                    : a.expr() instanceof Ast.Ident ? ((Ast.Ident) a.expr()).name() : "expanded_" + i;
            if (a.name() == null && a.expr() instanceof Ast.Ident) {
                // mv-apply X on (...) replaces X; mv-apply K = X on (...) keeps X beside the subquery's K
                expandedColumns.add(((Ast.Ident) a.expr()).name());
            }
            subNames.add(name);
            subTypes.add(types[i]);
        }
        if (ex.indexColumn() != null) {
            subNames.add(ex.indexColumn());
            subTypes.add(KType.LONG);
        }
        // the subquery sees the row's other columns too (Kusto's analyzer types `mv-apply I = range(...) on
        // (project C = substring(S, I, 1))` with S); they follow the expanded values in the subtable's rows
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < in.names.size(); i++) {
            if (!expandedColumns.contains(in.names.get(i)) && !subNames.contains(in.names.get(i))) {
                kept.add(i);
            }
        }
        int expandedWidth = subNames.size();
        for (int k : kept) {
            subNames.add(in.names.get(k));
            subTypes.add(in.types.get(k));
        }
        Feed feed = new Feed(subNames, subTypes);
        TabNode sub = planner.applyOps(feed, op.subquery(), 0, true);
        // output: the kept columns (the subquery's value where it has a column of that name), then the subquery's
        // other columns
        List<String> names = new ArrayList<>();
        List<KType> outTypes = new ArrayList<>();
        int[] from = new int[kept.size()];
        for (int k = 0; k < kept.size(); k++) {
            String name = in.names.get(kept.get(k));
            int inSub = sub.names.indexOf(name);
            names.add(name);
            outTypes.add(inSub >= 0 ? sub.types.get(inSub) : in.types.get(kept.get(k)));
            from[k] = inSub >= 0 ? -1 - inSub : kept.get(k);
        }
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < sub.names.size(); i++) {
            if (!names.subList(0, kept.size()).contains(sub.names.get(i))) {
                rest.add(i);
                names.add(JoinNode.unique(sub.names.get(i), names));
                outTypes.add(sub.types.get(i));
            }
        }
        long limit = ex.limit() != null ? count.applyAsLong(ex.limit()) : Long.MAX_VALUE;
        return new MvApply(names, outTypes, in, reader, values, types, ex.bagAsArray(), ex.indexColumn() != null,
                limit, kept.stream().mapToInt(Integer::intValue).toArray(), expandedWidth, from,
                rest.stream().mapToInt(Integer::intValue).toArray(), feed, sub);
    }

    @Override
    void run(TableSource source, long now, Consumer<Object[]> out) {
        Frame f = reader.slots.newFrame();
        f.now = now;
        int width = names.size();
        input.run(source, now, row -> {
            reader.load(row, f);
            List<List<Object>> lists = new ArrayList<>();
            int rows = 0;
            for (int i = 0; i < values.length; i++) {
                List<Object> els = MvExpand.elements(values[i], f, types[i], bagAsArray);
                lists.add(els);
                rows = Math.max(rows, els.size());
            }
            long count = Math.min(rows, limit);
            List<Object[]> table = new ArrayList<>();
            for (int r = 0; r < count; r++) {
                Object[] t = new Object[feed.names.size()];
                for (int i = 0; i < values.length; i++) {
                    t[i] = r < lists.get(i).size() ? lists.get(i).get(r) : null;
                }
                if (withIndex) {
                    t[values.length] = (long) r;
                }
                for (int k = 0; k < kept.length; k++) {
                    t[expandedWidth + k] = row[kept[k]];
                }
                table.add(t);
            }
            feed.rows = table;
            sub.run(source, now, s -> {
                Object[] o = new Object[width];
                for (int k = 0; k < from.length; k++) {
                    o[k] = from[k] >= 0 ? row[from[k]] : s[-1 - from[k]];
                }
                for (int k = 0; k < rest.length; k++) {
                    o[from.length + k] = s[rest[k]];
                }
                out.accept(o);
            });
            feed.rows = List.of();
        });
    }
}

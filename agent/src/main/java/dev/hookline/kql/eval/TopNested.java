package dev.hookline.kql.eval;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.TableSource;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.KType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * top-nested: level one groups all rows by its expression and keeps the top N groups by its aggregate; each
 * further level does the same inside every group the previous level kept. A row per kept leaf, with each level's
 * value and aggregate (named `aggregated_<Name>` unless the aggregate is named). Holds its input (row budget).
 */
final class TopNested extends TabNode {
    /** Replays the rows of the group being aggregated into a level's summarize. */
    private static final class Feed extends TabNode {
        List<Object[]> rows = List.of();

        Feed(TabNode like) {
            super(like.names, like.types, like.origin);
        }

        @Override
        void run(TableSource source, long now, Consumer<Object[]> out) {
            rows.forEach(out);
        }
    }

    private record Level(Node key, long count, boolean asc, Summarize agg) {
    }

    private final TabNode input;
    private final RowReader reader;
    private final Feed feed;
    private final Level[] levels;
    private final long budget;
    private final Ast.Pos pos;

    private TopNested(List<String> names, List<KType> types, TabNode input, RowReader reader, Feed feed,
            Level[] levels, long budget, Ast.Pos pos) {
        super(names, types, null);
        this.pos = pos;
        this.input = input;
        this.reader = reader;
        this.feed = feed;
        this.levels = levels;
        this.budget = budget;
    }

    static TopNested of(TabNode in, Ast.TopNested op, CompileContext ctx,
            java.util.function.ToLongFunction<Ast.Expr> count) {
        RowReader reader = new RowReader(in);
        Feed feed = new Feed(in);
        ExprCompiler ec = new ExprCompiler(reader.schema, ctx);
        List<String> names = new ArrayList<>();
        List<KType> types = new ArrayList<>();
        Level[] levels = new Level[op.levels().size()];
        int unnamed = 0;
        for (int i = 0; i < levels.length; i++) {
            Ast.NestedLevel l = op.levels().get(i);
            Node key = ec.compile(l.of().expr());
            String keyName = l.of().name() != null ? l.of().name()
                    : l.of().expr() instanceof Ast.Ident ? ((Ast.Ident) l.of().expr()).name() : "Column" + (++unnamed);
            String aggName = l.by().name() != null ? l.by().name() : "aggregated_" + keyName;
            Summarize agg = Summarize.of(feed, new Ast.Summarize(l.pos(), List.of(new Ast.Assign(l.by().pos(), aggName,
                    l.by().expr())), List.of()), ctx);
            for (String n : List.of(keyName, aggName)) {
                if (names.contains(n)) {
                    throw ExprCompiler.error(l.pos(), "duplicate column name '" + n + "' in top-nested");
                }
            }
            names.add(keyName);
            types.add(key.type);
            names.add(aggName);
            types.add(agg.types.get(0));
            levels[i] = new Level(key, l.count() == null ? Long.MAX_VALUE : count.applyAsLong(l.count()), l.asc(), agg);
        }
        return new TopNested(names, types, in, reader, feed, levels, ctx.options.rowBudget(), op.pos());
    }

    @Override
    void run(TableSource source, long now, Consumer<Object[]> out) {
        List<Object[]> rows = new ArrayList<>();
        input.run(source, now, r -> {
            if (rows.size() >= budget) {
                throw new KqlException(pos.line(), pos.column(), "top-nested input exceeds the row budget of " + budget + " rows");
            }
            rows.add(r);
        });
        Frame f = reader.slots.newFrame();
        f.now = now;
        level(rows, 0, new Object[names.size()], f, source, now, out);
    }

    private void level(List<Object[]> rows, int depth, Object[] prefix, Frame f, TableSource source, long now,
            Consumer<Object[]> out) {
        Level lv = levels[depth];
        Map<Object, List<Object[]>> groups = new LinkedHashMap<>();
        for (Object[] r : rows) {
            reader.load(r, f);
            groups.computeIfAbsent(new Key(lv.key.box(f)), k -> new ArrayList<>()).add(r);
        }
        List<Object[]> scored = new ArrayList<>(); // {key, aggregate, rows}
        for (Map.Entry<Object, List<Object[]>> g : groups.entrySet()) {
            feed.rows = g.getValue();
            Object[] agg = new Object[1];
            lv.agg.run(source, now, a -> agg[0] = a[0]);
            scored.add(new Object[] {((Key) g.getKey()).value, agg[0], g.getValue()});
        }
        feed.rows = List.of();
        scored.sort((a, b) -> Sort.compareKey(a[1], b[1], lv.asc, lv.asc));
        long n = 0;
        for (Object[] s : scored) {
            if (n++ >= lv.count) {
                break;
            }
            Object[] p = prefix.clone();
            p[2 * depth] = s[0];
            p[2 * depth + 1] = s[1];
            if (depth + 1 == levels.length) {
                out.accept(p);
            } else {
                @SuppressWarnings("unchecked")
                List<Object[]> sub = (List<Object[]>) s[2];
                level(sub, depth + 1, p, f, source, now, out);
            }
        }
    }

    /** A group key: equal values (nulls included) form one group. */
    private record Key(Object value) {
    }
}

package dev.hookline.kql.eval;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.AncestryResolver;
import dev.hookline.kql.CompiledQuery;
import dev.hookline.kql.EventPredicate;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.KqlOptions;
import dev.hookline.kql.ResultTable;
import dev.hookline.kql.StreamingQuery;
import dev.hookline.kql.TableSource;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.KType;
import dev.hookline.kql.parse.Parser;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Parses, resolves lets, type-checks and plans a query; the entry point behind {@link Kql}. */
public final class QueryCompiler {
    private QueryCompiler() {
    }

    public static CompiledQuery compile(String text) {
        return compile(text, true, KqlOptions.DEFAULT);
    }

    public static CompiledQuery compile(String text, KqlOptions options) {
        return compile(text, true, options == null ? KqlOptions.DEFAULT : options);
    }

    static CompiledQuery compile(String text, boolean reorder) {
        return compile(text, reorder, KqlOptions.DEFAULT);
    }

    /** @param reorder false keeps and/or terms and where filters in the query's order (tests compare both) */
    static CompiledQuery compile(String text, boolean reorder, KqlOptions options) {
        if (text == null) {
            throw new KqlException(1, 1, "empty query");
        }
        Ast.Query q = Parser.parseQuery(text);
        Planned first = plan(q, reorder, options, List.of());
        return new Compiled(text, q, reorder, options, first);
    }

    /** A query's let-expanded tree and its batch plan (null: a bag_unpack needs the data first, see below). */
    private record Planned(CompileContext ctx, Logical root, TabNode batch, BagUnpack.NeedsData needs) {
    }

    /**
     * Resolves the lets and plans the batch operators, with the columns earlier runs found for the bag_unpacks
     * without output schema; when planning meets one more of those, the plan is null and needs says where.
     */
    private static Planned plan(Ast.Query q, boolean reorder, KqlOptions options,
            List<Map<String, KType>> unpacked) {
        CompileContext ctx = new CompileContext();
        ctx.reorder = reorder;
        ctx.options = options;
        ctx.unpacked = unpacked;
        Logical.Env env = ctx.env;
        Schema empty = new Schema(null, null);
        for (Ast.Let let : q.lets()) {
            if (let.function() != null) {
                env.functions.put(let.name(), let.function());
                env.lets.remove(let.name());
                ctx.scalarLets.remove(let.name());
            } else if (let.scalar() != null) {
                ctx.scalarLets.put(let.name(), new ExprCompiler(empty, ctx).compile(let.scalar()));
                env.lets.remove(let.name());
                env.functions.remove(let.name());
            } else {
                Logical l = Logical.build(let.tabular(), env);
                Logical.checkSize(l, let.pos());
                env.lets.put(let.name(), l);
                env.functions.remove(let.name());
                ctx.scalarLets.remove(let.name());
            }
        }
        Logical root = Logical.build(q.body(), env);
        Logical.checkSize(root, q.body().pos());
        try {
            return new Planned(ctx, root, new BatchPlanner(ctx).plan(root), null);
        } catch (BagUnpack.NeedsData needs) {
            return new Planned(ctx, root, null, needs);
        }
    }

    public static EventPredicate compilePredicate(String expression, Table table) {
        if (expression == null || table == null) {
            throw new KqlException(1, 1, "empty expression");
        }
        CompileContext ctx = new CompileContext();
        Node n = new ExprCompiler(Schema.ofTable(table), ctx).compileBool(Parser.parseExpression(expression),
                "the expression");
        // A predicate needs no slots, only the event and now; one frame per thread keeps test() allocation-free
        // and safe to share between threads.
        if (ctx.ancestryUse != null) {
            throw new KqlException(ctx.ancestryUse.line(), ctx.ancestryUse.column(), noAncestry("an exclusion or predicate"));
        }
        ThreadLocal<Frame> frames = ThreadLocal.withInitial(() -> new Frame(0, 0, 0));
        return (event, nowNanos) -> {
            Frame f = frames.get();
            f.event = event;
            f.now = nowNanos;
            boolean r = n.evalLong(f) == Node.TRUE;
            f.event = null;
            return r;
        };
    }

    private static String noAncestry(String where) {
        return "hookline_has_ancestor*() and hookline_recently_written_*() need process ancestry and recent file writes, which only detection supplies (the agent's process table,"
                + " or an events file's processes in `hookline detect`); it cannot be used in " + where;
    }

    private static final class Compiled implements CompiledQuery {
        private final String text;
        private final List<String> warnings;
        private final Ast.Query query;
        private final boolean reorder;
        private final KqlOptions options;
        /** The plan made at compile time; its batch is null when a bag_unpack takes its columns from the data. */
        private final Planned planned;
        private final CompileContext ctx;

        Compiled(String text, Ast.Query query, boolean reorder, KqlOptions options, Planned planned) {
            this.text = text;
            this.warnings = List.copyOf(planned.ctx().warnings());
            this.query = query;
            this.reorder = reorder;
            this.options = options;
            this.planned = planned;
            this.ctx = planned.ctx();
        }

        @Override
        public String text() {
            return text;
        }

        @Override
        public List<String> warnings() {
            return warnings;
        }

        @Override
        public ResultTable run(TableSource source, long nowNanos) {
            if (ctx.ancestryUse != null) {
                throw new KqlException(ctx.ancestryUse.line(), ctx.ancestryUse.column(), noAncestry("a hunting (batch) query"));
            }
            Planned p = planned;
            if (p.batch() == null) {
                p = planWithTheData(source, nowNanos);
            }
            List<Object[]> rows = new ArrayList<>();
            synchronized (p.ctx()) { // subqueries and materialize() keep per-run state in their nodes
                runPreruns(p.ctx(), source, nowNanos);
                p.batch().run(source, nowNanos, rows::add);
                for (Subqueries.Prerun pr : p.ctx().preruns) {
                    pr.rows = List.of();
                }
            }
            List<String> types = new ArrayList<>();
            for (KType t : p.batch().types) {
                types.add(t.kustoName());
            }
            return new ResultTable(List.copyOf(p.batch().names), List.copyOf(types), rows);
        }

        /**
         * Kusto's way with a bag_unpack that has no output schema: run its input, take the properties found as its
         * columns, and plan again (once per such bag_unpack met, in planning order), with a fresh context each time.
         */
        private Planned planWithTheData(TableSource source, long nowNanos) {
            List<Map<String, KType>> found = new ArrayList<>();
            Planned p = planned;
            while (p.batch() == null) {
                BagUnpack.NeedsData needs = p.needs();
                synchronized (p.ctx()) {
                    runPreruns(p.ctx(), source, nowNanos);
                    found.add(BagUnpack.discover(needs.input, needs.args, source, nowNanos, options.rowBudget()));
                }
                p = plan(query, reorder, options, List.copyOf(found));
            }
            return p;
        }

        private static void runPreruns(CompileContext c, TableSource source, long nowNanos) {
            c.runs++;
            for (Subqueries.Prerun pr : c.preruns) {
                pr.run(source, nowNanos);
            }
        }

        @Override
        public StreamingQuery streaming() {
            return streaming(AncestryResolver.NONE);
        }

        @Override
        public StreamingQuery streaming(AncestryResolver ancestry) {
            return new StreamPlanner(ctx).plan(planned.root(), ancestry == null ? AncestryResolver.NONE : ancestry);
        }
    }
}

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
        CompileContext ctx = new CompileContext();
        ctx.reorder = reorder;
        ctx.options = options;
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
        TabNode batch = new BatchPlanner(ctx).plan(root);
        return new Compiled(text, List.copyOf(ctx.warnings()), batch, root, ctx);
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
        private final TabNode batch;
        private final Logical root;
        private final CompileContext ctx;

        Compiled(String text, List<String> warnings, TabNode batch, Logical root, CompileContext ctx) {
            this.text = text;
            this.warnings = warnings;
            this.batch = batch;
            this.root = root;
            this.ctx = ctx;
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
            List<Object[]> rows = new ArrayList<>();
            synchronized (ctx) { // subqueries and materialize() keep per-run state in their nodes
                ctx.runs++;
                for (Subqueries.Prerun p : ctx.preruns) {
                    p.run(source, nowNanos);
                }
                batch.run(source, nowNanos, rows::add);
                for (Subqueries.Prerun p : ctx.preruns) {
                    p.rows = List.of();
                }
            }
            List<String> types = new ArrayList<>();
            for (KType t : batch.types) {
                types.add(t.kustoName());
            }
            return new ResultTable(List.copyOf(batch.names), List.copyOf(types), rows);
        }

        @Override
        public StreamingQuery streaming() {
            return streaming(AncestryResolver.NONE);
        }

        @Override
        public StreamingQuery streaming(AncestryResolver ancestry) {
            return new StreamPlanner(ctx).plan(root, ancestry == null ? AncestryResolver.NONE : ancestry);
        }
    }
}

package dev.hookline.kql.eval;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Dynamic;
import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Values;
import dev.hookline.kql.expr.Nodes;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.TableSource;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.Ast.*;
import dev.hookline.kql.parse.KType;
import dev.hookline.schema.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Tabular expressions inside scalar ones: `X in (T | project c)`, `X has_any (LetName)`, `toscalar(T)`, and calls of
 * user-defined scalar functions. A subquery is planned like any batch query and run once per query run, before the
 * main query (see {@link Prerun}); the expression reads its rows then.
 */
final class Subqueries {
    private Subqueries() {
    }

    /** A subquery's plan and, after {@link #run}, its rows for the current run. */
    static final class Prerun {
        final TabNode node;
        final Pos pos;
        final long budget;
        /** Whether it reads an event table or a file (else its rows are the same every run). */
        final boolean readsTables;
        List<Object[]> rows = List.of();

        Prerun(TabNode node, Pos pos, long budget, boolean readsTables) {
            this.node = node;
            this.pos = pos;
            this.budget = budget;
            this.readsTables = readsTables;
        }

        void run(TableSource source, long now) {
            List<Object[]> out = new ArrayList<>();
            node.run(source, now, row -> {
                if (out.size() >= budget) {
                    throw new KqlException(pos.line(), pos.column(), "the subquery here returned more than " + budget
                            + " rows (the row budget); narrow it with where or summarize");
                }
                out.add(row);
            });
            rows = out;
        }
    }

    static boolean readsTables(Logical l) {
        if (l instanceof Logical.LTable) {
            return true;
        }
        if (l instanceof Logical.LLeaf && ((Logical.LLeaf) l).source() instanceof Ast.ExternalData) {
            return true;
        }
        for (Logical c : Logical.children(l)) {
            if (readsTables(c)) {
                return true;
            }
        }
        return false;
    }

    static boolean hasSubquery(ListOp lo) {
        for (Expr e : lo.items()) {
            if (e instanceof Subquery) {
                return true;
            }
        }
        return false;
    }

    /** Plans a subquery and registers it to run before the main query. */
    static Prerun prerun(Subquery sq, CompileContext ctx) {
        Logical l = Logical.build(sq.tabular(), ctx.env);
        Logical.checkSize(l, sq.pos());
        TabNode node = new BatchPlanner(ctx).plan(l);
        Prerun p = new Prerun(node, sq.pos(), ctx.options.rowBudget(), readsTables(l));
        ctx.preruns.add(p);
        return p;
    }

    /**
     * in / !in / in~ / has_any / has_all with subquery items: each run, the subqueries' first columns join the
     * constant items and the operator is compiled afresh over them (so it has exactly the semantics of a list).
     */
    static Node listOp(ExprCompiler ec, ListOp lo, CompileContext ctx) {
        List<Object> parts = new ArrayList<>();
        for (Expr e : lo.items()) {
            if (e instanceof Subquery) {
                Prerun p = prerun((Subquery) e, ctx);
                if (p.node.names.isEmpty()) {
                    throw ExprCompiler.error(e.pos(), "the tabular expression in '" + lo.op() + "' has no columns");
                }
                parts.add(p); // Kusto's in/has_any docs: of several columns, the first is used
            } else {
                parts.add(e);
            }
        }
        List<Expr> typeCheck = constantsOnly(parts);
        for (Object o : parts) {
            if (o instanceof Prerun) {
                typeCheck.add(sample(lo.pos(), ((Prerun) o).node.types.get(0)));
            }
        }
        ec.compile(new ListOp(lo.pos(), lo.op(), lo.left(), typeCheck)); // type-check now, with stand-in values
        return new PerRun(ec, lo, parts, ctx, new java.util.HashMap<>(ctx.scalarLets), ctx.env);
    }

    private static List<Expr> constantsOnly(List<Object> parts) {
        List<Expr> out = new ArrayList<>();
        for (Object o : parts) {
            if (o instanceof Expr) {
                out.add((Expr) o);
            }
        }
        return out;
    }

    /** A list operator recompiled once per run with the subqueries' values as literal items. */
    private static final class PerRun extends Node {
        private final ExprCompiler ec;
        private final ListOp lo;
        private final List<Object> parts;
        private final CompileContext ctx;
        /** The scalar names and tables in scope where the operator was written (a function body's parameters). */
        private final java.util.Map<String, Node> lets;
        private final Logical.Env env;
        private volatile long compiledFor = -1;
        private volatile Node current;

        PerRun(ExprCompiler ec, ListOp lo, List<Object> parts, CompileContext ctx, java.util.Map<String, Node> lets,
                Logical.Env env) {
            super(KType.BOOL);
            this.ec = ec;
            this.lo = lo;
            this.parts = parts;
            this.ctx = ctx;
            this.lets = lets;
            this.env = env;
        }

        /** Reads the run's state (the current serialized row, or values computed when the query runs), never folded. */
        @Override
        protected boolean readsRow() {
            return true;
        }

        private Node current() {
            Node c = current;
            if (c != null && compiledFor == ctx.runs) {
                return c;
            }
            synchronized (ctx) { // compiling swaps the context's scalar names; a streaming arm may be on another thread
                return recompile();
            }
        }

        private Node recompile() {
            if (current == null || compiledFor != ctx.runs) {
                List<Expr> items = new ArrayList<>();
                for (Object o : parts) {
                    if (o instanceof Expr) {
                        items.add((Expr) o);
                    } else {
                        Prerun p = (Prerun) o;
                        boolean dynamic = p.node.types.get(0) == KType.DYNAMIC;
                        for (Object[] row : p.rows) {
                            if (dynamic && row[0] instanceof List) {
                                flattenList(lo.pos(), (List<?>) row[0], items, 0);
                                continue;
                            }
                            Lit l = literal(lo.pos(), row[0]);
                            if (l != null) {
                                items.add(l);
                            }
                        }
                    }
                }
                if (items.isEmpty() && lo.op().startsWith("has_")) {
                    // has_any over nothing matches nothing; has_all over nothing is vacuously true
                    current = Nodes.Const.ofLong(KType.BOOL, lo.op().equals("has_all") ? 1 : 0);
                } else {
                    java.util.Map<String, Node> savedLets = new java.util.HashMap<>(ctx.scalarLets);
                    Logical.Env savedEnv = ctx.env;
                    ctx.scalarLets.clear();
                    ctx.scalarLets.putAll(lets);
                    ctx.env = env;
                    try {
                        current = ec.compile(new ListOp(lo.pos(), lo.op(), lo.left(), items));
                    } finally {
                        ctx.scalarLets.clear();
                        ctx.scalarLets.putAll(savedLets);
                        ctx.env = savedEnv;
                    }
                }
                compiledFor = ctx.runs;
            }
            return current;
        }

        @Override
        public long evalLong(Frame f) {
            return current().evalLong(f);
        }

        @Override
        public double cost() {
            return 30;
        }
    }

    /** A value of the type, only to type-check the operator before the subquery has run. */
    private static Lit sample(Pos pos, KType t) {
        switch (t) {
            case LONG:
            case INT:
                return new Lit(pos, KType.LONG, 0L);
            case REAL:
                return new Lit(pos, KType.REAL, 0.0);
            case BOOL:
                return new Lit(pos, KType.BOOL, Boolean.FALSE);
            case DATETIME:
            case TIMESPAN:
                return new Lit(pos, t, 0L);
            default:
                return new Lit(pos, KType.STRING, "");
        }
    }

    /** A dynamic array value (make_set/make_list output) contributes its elements, nested arrays flattened. */
    private static void flattenList(Pos pos, List<?> list, List<Expr> items, int depth) {
        for (Object o : list) {
            if (o instanceof List && depth < 100) {
                flattenList(pos, (List<?>) o, items, depth + 1);
            } else {
                Lit l = literal(pos, o);
                if (l != null) {
                    items.add(l);
                }
            }
        }
    }

    /** An output value as a literal (null values are left out: `in` never matches them). */
    static Lit literal(Pos pos, Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof String) {
            return new Lit(pos, KType.STRING, v);
        }
        if (v instanceof Integer || v instanceof Long) {
            return new Lit(pos, KType.LONG, ((Number) v).longValue());
        }
        if (v instanceof Double) {
            return new Lit(pos, KType.REAL, v);
        }
        if (v instanceof Boolean) {
            return new Lit(pos, KType.BOOL, v);
        }
        if (v instanceof Instant) {
            return new Lit(pos, KType.DATETIME, Times.toNanos((Instant) v));
        }
        if (v instanceof Duration) {
            return new Lit(pos, KType.TIMESPAN, ((Duration) v).toNanos());
        }
        return new Lit(pos, KType.STRING, v.toString());
    }

    /** toscalar(T): the first column of T's first row (null when T is empty). */
    static Node toscalar(Call c, CompileContext ctx) {
        if (c.args().size() != 1) {
            throw ExprCompiler.error(c.pos(), "toscalar() needs one tabular expression, e.g. toscalar(T | count)");
        }
        if (!(c.args().get(0) instanceof Subquery)) {
            // toscalar(array_length(Verses)): Kusto takes a scalar expression too, evaluated once (no row columns)
            return new ExprCompiler(new Schema(null, null), ctx).compile(c.args().get(0));
        }
        Prerun p = prerun((Subquery) c.args().get(0), ctx);
        if (p.node.names.isEmpty()) {
            throw ExprCompiler.error(c.pos(), "toscalar(): the tabular expression has no columns");
        }
        return new Scalar(p, p.node.types.get(0));
    }

    private static final class Scalar extends Node {
        private final Prerun p;

        Scalar(Prerun p, KType type) {
            super(type);
            this.p = p;
        }

        /** Reads the run's state (the current serialized row, or values computed when the query runs), never folded. */
        @Override
        protected boolean readsRow() {
            return true;
        }

        private Object value() {
            return p.rows.isEmpty() ? null : p.rows.get(0)[0];
        }

        @Override
        public long evalLong(Frame f) {
            return Values.unboxLong(value());
        }

        @Override
        public double evalReal(Frame f) {
            if (type.isLong()) {
                return super.evalReal(f);
            }
            return Values.unboxReal(value());
        }

        @Override
        public String evalString(Frame f) {
            if (type == KType.DYNAMIC) {
                return Dynamic.text(evalDynamic(f));
            }
            Object v = value();
            return v == null ? (type == KType.STRING ? "" : null) : v.toString();
        }

        @Override
        public Object evalDynamic(Frame f) {
            return Dynamic.of(value());
        }
    }

    /**
     * A call of a user-defined scalar function: the arguments compile in the caller's row, then the body compiles
     * with each parameter (and each of the body's scalar lets) bound as a scalar let; the bindings end with the
     * call. Returns null when name is no scalar function in scope.
     */
    /**
     * The calls ExprCompiler hands over before its own function lookup: toscalar(), user-defined scalar functions,
     * and row_number()/prev()/next() of serialized input. Returns null for any other name.
     */
    static Node hook(ExprCompiler ec, Call c, CompileContext ctx) {
        switch (c.name()) {
            case "toscalar":
                return toscalar(c, ctx);
            case "row_number":
            case "prev":
            case "next":
                return Serial.compile(ec, c, ctx);
            default:
                return userCall(ec, c, ctx);
        }
    }

    static Node userCall(ExprCompiler ec, Call c, CompileContext ctx) {
        Ast.Function fn = ctx.env.functions.get(c.name());
        if (fn == null) {
            return null;
        }
        if (fn.isTabular()) {
            throw ExprCompiler.error(c.pos(), "'" + c.name() + "' is a tabular function; use it as a table (or with"
                    + " invoke), not in an expression");
        }
        List<Param> params = fn.params();
        if (c.args().size() > params.size()) {
            throw ExprCompiler.error(c.pos(), "function '" + c.name() + "' takes " + params.size()
                    + " argument(s), got " + c.args().size());
        }
        if (ctx.env.depth >= Logical.MAX_CALL_DEPTH) {
            throw ExprCompiler.error(c.pos(), "function calls nested too deeply at '" + c.name() + "'");
        }
        List<Node> values = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            if (p.tabular()) {
                throw ExprCompiler.error(c.pos(), "function '" + c.name() + "' has a tabular parameter; scalar"
                        + " functions with tabular parameters are not supported");
            }
            Expr arg = i < c.args().size() ? c.args().get(i) : p.defaultValue();
            if (arg == null) {
                throw ExprCompiler.error(c.pos(), "function '" + c.name() + "' needs a value for parameter '"
                        + p.name() + "'");
            }
            values.add(ec.compile(arg));
        }
        Logical.Env saved = ctx.env;
        java.util.Map<String, Node> savedLets = new java.util.HashMap<>(ctx.scalarLets);
        ctx.env = saved.child();
        try {
            for (int i = 0; i < params.size(); i++) {
                ctx.scalarLets.put(params.get(i).name(), values.get(i));
                ctx.env.lets.remove(params.get(i).name());
            }
            for (Let let : fn.lets()) {
                if (let.function() != null) {
                    ctx.env.functions.put(let.name(), let.function());
                } else if (let.tabular() != null) {
                    ctx.env.lets.put(let.name(), Logical.build(let.tabular(), ctx.env));
                } else {
                    ctx.scalarLets.put(let.name(), new ExprCompiler(new Schema(null, null), ctx).compile(let.scalar()));
                }
            }
            // the body sees its parameters and lets, not the caller's columns (as in Kusto)
            return new ExprCompiler(new Schema(null, null), ctx).compile(fn.scalarBody());
        } finally {
            ctx.env = saved;
            ctx.scalarLets.clear();
            ctx.scalarLets.putAll(savedLets);
        }
    }
}

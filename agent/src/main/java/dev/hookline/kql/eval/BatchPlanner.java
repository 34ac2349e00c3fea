package dev.hookline.kql.eval;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.Ast.Op;
import dev.hookline.kql.parse.KType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Compiles a let-expanded tabular expression into batch operators. */
final class BatchPlanner {
    private final CompileContext ctx;

    BatchPlanner(CompileContext ctx) {
        this.ctx = ctx;
    }

    TabNode plan(Logical l) {
        if (l instanceof Logical.LTable) {
            Logical.LTable t = (Logical.LTable) l;
            Slots slots = new Slots();
            return new TabNode.Scan(t.table(), Chain.compile(Schema.ofTable(t.table()), List.of(), slots, ctx), slots);
        }
        if (l instanceof Logical.LNamed) {
            return plan(((Logical.LNamed) l).inner());
        }
        if (l instanceof Logical.LUnion) {
            return union((Logical.LUnion) l);
        }
        if (l instanceof Logical.LJoin) {
            Logical.LJoin j = (Logical.LJoin) l;
            TabNode left = plan(j.left());
            TabNode right = plan(j.right());
            return Ipv4Lookup.is(j.op()) ? Ipv4Lookup.of(left, right, j.op(), ctx.options.rowBudget())
                    : JoinNode.of(left, right, j.op(), ctx.options.rowBudget());
        }
        if (l instanceof Logical.LLeaf) {
            return Leaves.plan(((Logical.LLeaf) l).source(), ctx);
        }
        if (l instanceof Logical.LScope) {
            return scoped((Logical.LScope) l, () -> plan(((Logical.LScope) l).inner()));
        }
        if (l instanceof Logical.LMaterialize) {
            Logical.LMaterialize m = (Logical.LMaterialize) l;
            TabNode known = ctx.materialized.get(m);
            if (known == null) {
                known = new TabNode.Cached(plan(m.inner()), ctx, m.pos());
                ctx.materialized.put(m, known);
            }
            return known;
        }
        Logical.LOps lo = (Logical.LOps) l;
        List<Op> ops = lo.ops();
        int i = 0;
        TabNode node;
        Logical base = lo.input();
        while (base instanceof Logical.LNamed) {
            base = ((Logical.LNamed) base).inner();
        }
        if (base instanceof Logical.LTable) {
            // the leading row operators run straight on the table's events
            Logical.LTable t = (Logical.LTable) base;
            List<Chain.OpIn> rowOps = new ArrayList<>();
            while (i < ops.size() && Chain.isRowOp(ops.get(i))) {
                rowOps.add(new Chain.OpIn(ops.get(i++), null));
            }
            Slots slots = new Slots();
            node = new TabNode.Scan(t.table(), Chain.compile(Schema.ofTable(t.table()), rowOps, slots, ctx), slots);
        } else {
            node = plan(lo.input());
        }
        return applyOps(node, ops, i, serializes(base));
    }

    /** Plans ops[from..] over an already planned input. */
    TabNode applyOps(TabNode input, List<Op> ops, int from, boolean serializedInput) {
        TabNode node = input;
        int i = from;
        boolean serialized = serializedInput;
        while (i < ops.size()) {
            Op op = ops.get(i);
            if (Chain.isRowOp(op) || op instanceof Ast.Serialize) {
                List<Chain.OpIn> rowOps = new ArrayList<>();
                while (i < ops.size() && (Chain.isRowOp(ops.get(i)) || ops.get(i) instanceof Ast.Serialize)) {
                    Op o = ops.get(i++);
                    if (o instanceof Ast.Serialize) {
                        serialized = true;
                        if (!((Ast.Serialize) o).assigns().isEmpty()) {
                            rowOps.add(new Chain.OpIn(new Ast.Extend(o.pos(), ((Ast.Serialize) o).assigns()), null));
                        }
                    } else {
                        rowOps.add(new Chain.OpIn(o, null));
                    }
                }
                node = rowChain(node, rowOps, serialized);
                continue;
            }
            node = blocking(node, op);
            serialized = op instanceof Ast.Sort || op instanceof Ast.Top || op instanceof Ast.GetSchema
                    || (serialized && (op instanceof Ast.Take || op instanceof Ast.Render));
            i++;
        }
        return node;
    }

    /** Whether an input's rows come out serialized (ordered), so row_number()/prev()/next() may follow. */
    private static boolean serializes(Logical l) {
        while (l instanceof Logical.LNamed || l instanceof Logical.LScope) {
            l = l instanceof Logical.LNamed ? ((Logical.LNamed) l).inner() : ((Logical.LScope) l).inner();
        }
        if (l instanceof Logical.LLeaf) {
            return ((Logical.LLeaf) l).source() instanceof Ast.Range;
        }
        if (l instanceof Logical.LOps) {
            List<Op> ops = ((Logical.LOps) l).ops();
            Op last = ops.get(ops.size() - 1);
            return last instanceof Ast.Sort || last instanceof Ast.Top || last instanceof Ast.Serialize;
        }
        return false;
    }

    private TabNode rowChain(TabNode node, List<Chain.OpIn> rowOps, boolean serialized) {
        TabNode.RowReader reader = new TabNode.RowReader(node);
        Serial.State saved = ctx.serial;
        Serial.State state = serialized ? new Serial.State(node) : null;
        ctx.serial = state;
        try {
            Chain chain = Chain.compile(reader.schema, rowOps, reader.slots, ctx);
            if (state != null && state.used) {
                Ast.Pos at = rowOps.get(0).op().pos();
                return new Serial.Chained(node, reader, chain, state, ctx.options.rowBudget(), at);
            }
            return new TabNode.RowChain(node, reader, chain);
        } finally {
            ctx.serial = saved;
        }
    }

    /** Plans with a function body's scalar bindings in scope, restoring the caller's names afterwards. */
    <T> T scoped(Logical.LScope s, java.util.function.Supplier<T> body) {
        Map<String, Node> savedLets = new HashMap<>(ctx.scalarLets);
        Logical.Env savedEnv = ctx.env;
        ctx.env = s.env();
        try {
            Schema empty = new Schema(null, null);
            for (Logical.Binding b : s.bindings()) {
                Node n = new ExprCompiler(empty, ctx).compile(b.expr());
                ctx.scalarLets.put(b.name(), n);
            }
            return body.get();
        } finally {
            ctx.scalarLets.clear();
            ctx.scalarLets.putAll(savedLets);
            ctx.env = savedEnv;
        }
    }

    private TabNode union(Logical.LUnion u) {
        List<TabNode> inputs = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        int k = 0;
        for (Logical in : u.inputs()) {
            TabNode n = plan(in);
            inputs.add(n);
            sources.add(sourceName(in, n, k++));
        }
        for (String missing : u.params().missing()) {
            ctx.warnings.add("union isfuzzy=true: table '" + missing + "' does not exist here and was left out");
        }
        return TabNode.Union.of(inputs, u.params().inner(), u.params().withSource(), sources);
    }

    /** withsource's value: the table an input reads when it reads one, else its let name, else union_argN. */
    static String sourceName(Logical in, TabNode planned, int index) {
        if (planned.origin != null) {
            return planned.origin.name();
        }
        if (in instanceof Logical.LNamed) {
            return ((Logical.LNamed) in).name();
        }
        return "union_arg" + index;
    }

    private TabNode blocking(TabNode in, Op op) {
        if (op instanceof Ast.Sort) {
            return sort(in, ((Ast.Sort) op).keys(), Long.MAX_VALUE, "sort", op.pos());
        }
        if (op instanceof Ast.Top) {
            Ast.Top t = (Ast.Top) op;
            return sort(in, List.of(t.key()), constantCount(t.count(), "top"), "top", op.pos());
        }
        if (op instanceof Ast.Take) {
            Ast.Take t = (Ast.Take) op;
            return new TabNode.Take(in, constantCount(t.count(), t.keyword()));
        }
        if (op instanceof Ast.Sample) {
            // any n rows are a valid sample; the first n keep results reproducible
            return new TabNode.Take(in, constantCount(((Ast.Sample) op).count(), "sample"));
        }
        if (op instanceof Ast.Count) {
            return new TabNode.Count(in);
        }
        if (op instanceof Ast.Summarize && ScalarOverAggregates.present((Ast.Summarize) op)) {
            Ast.Summarize s = (Ast.Summarize) op;
            TabNode aggregated = Summarize.of(in, ScalarOverAggregates.inner(s), ctx);
            Ast.Project outer = ScalarOverAggregates.outer(s, aggregated.names);
            return rowChain(aggregated, List.of(new Chain.OpIn(outer, null)), false);
        }
        if (op instanceof Ast.Summarize) {
            return Summarize.of(in, (Ast.Summarize) op, ctx);
        }
        if (op instanceof Ast.Distinct) {
            Ast.Distinct d = (Ast.Distinct) op;
            if (d.columns().isEmpty()) {
                List<Ast.Assign> all = new ArrayList<>();
                for (String n : in.names) {
                    all.add(new Ast.Assign(d.pos(), n, new Ast.Ident(d.pos(), n)));
                }
                d = new Ast.Distinct(d.pos(), all);
            }
            return Summarize.distinct(in, d, ctx);
        }
        if (op instanceof Ast.Render) {
            ctx.warnings.add("render " + ((Ast.Render) op).chart() + " was ignored: Hookline returns the table only");
            return in;
        }
        if (op instanceof Ast.MvApply) {
            return MvApply.of(in, (Ast.MvApply) op, this, ctx, e -> constantCount(e, "mv-apply limit"));
        }
        if (op instanceof Ast.MvExpand) {
            return MvExpand.of(in, (Ast.MvExpand) op, ctx, e -> constantCount(e, "mv-expand limit"));
        }
        if (op instanceof Ast.TopNested) {
            return TopNested.of(in, (Ast.TopNested) op, ctx, e -> constantCount(e, "top-nested"));
        }
        if (op instanceof Ast.GetSchema) {
            return Leaves.getSchema(in);
        }
        if (op instanceof Ast.BagUnpack) {
            Ast.BagUnpack b = (Ast.BagUnpack) op;
            BagUnpack.Args a = BagUnpack.args(in, b, ctx);
            Ast.Project project;
            if (b.schema() != null) {
                project = BagUnpack.declared(in, a);
            } else {
                int k = ctx.unpackedSeen++;
                if (k >= ctx.unpacked.size()) {
                    throw new BagUnpack.NeedsData(in, a);
                }
                project = BagUnpack.discovered(in, a, ctx.unpacked.get(k));
            }
            return rowChain(in, List.of(new Chain.OpIn(project, null)), false);
        }
        throw ExprCompiler.error(op.pos(), "operator '" + op.keyword() + "' is not supported here");
    }

    private TabNode sort(TabNode in, List<Ast.SortKey> keys, long limit, String operator, Ast.Pos pos) {
        TabNode.RowReader reader = new TabNode.RowReader(in);
        ExprCompiler ec = new ExprCompiler(reader.schema, ctx);
        Node[] nodes = new Node[keys.size()];
        boolean[] asc = new boolean[keys.size()];
        boolean[] nullsFirst = new boolean[keys.size()];
        for (int k = 0; k < nodes.length; k++) {
            nodes[k] = ec.compile(keys.get(k).expr());
            asc[k] = keys.get(k).asc();
            nullsFirst[k] = keys.get(k).nullsFirst();
        }
        return new TabNode.Sort(in, reader, nodes, asc, nullsFirst, limit, ctx.options.rowBudget(), operator, pos);
    }

    private long constantCount(Ast.Expr e, String op) {
        Node n = new ExprCompiler(new Schema(null, null), ctx).compile(e);
        if (!n.isConstant() || !(n.type == KType.LONG || n.type == KType.INT)) {
            throw ExprCompiler.error(e.pos(), "'" + op + "' needs a constant whole number of rows");
        }
        long v = n.evalLong(null);
        if (v < 0) {
            throw ExprCompiler.error(e.pos(), "'" + op + "' needs a non-negative number of rows");
        }
        return v;
    }
}

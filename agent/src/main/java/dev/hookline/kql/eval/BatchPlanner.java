package dev.hookline.kql.eval;

import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.Ast.Op;
import dev.hookline.kql.parse.KType;
import java.util.ArrayList;
import java.util.List;

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
            List<TabNode> inputs = new ArrayList<>();
            for (Logical in : ((Logical.LUnion) l).inputs()) {
                inputs.add(plan(in));
            }
            return TabNode.Union.of(inputs);
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
        while (i < ops.size()) {
            Op op = ops.get(i);
            if (Chain.isRowOp(op)) {
                List<Chain.OpIn> rowOps = new ArrayList<>();
                while (i < ops.size() && Chain.isRowOp(ops.get(i))) {
                    rowOps.add(new Chain.OpIn(ops.get(i++), null));
                }
                TabNode.RowReader reader = new TabNode.RowReader(node);
                node = new TabNode.RowChain(node, reader, Chain.compile(reader.schema, rowOps, reader.slots, ctx));
                continue;
            }
            node = blocking(node, op);
            i++;
        }
        return node;
    }

    private TabNode blocking(TabNode in, Op op) {
        if (op instanceof Ast.Sort) {
            return sort(in, ((Ast.Sort) op).keys(), Long.MAX_VALUE);
        }
        if (op instanceof Ast.Top) {
            Ast.Top t = (Ast.Top) op;
            return sort(in, List.of(t.key()), constantCount(t.count(), "top"));
        }
        if (op instanceof Ast.Take) {
            Ast.Take t = (Ast.Take) op;
            return new TabNode.Take(in, constantCount(t.count(), t.keyword()));
        }
        if (op instanceof Ast.Count) {
            return new TabNode.Count(in);
        }
        if (op instanceof Ast.Summarize) {
            return Summarize.of(in, (Ast.Summarize) op, ctx);
        }
        if (op instanceof Ast.Distinct) {
            return Summarize.distinct(in, (Ast.Distinct) op, ctx);
        }
        throw ExprCompiler.error(op.pos(), "operator '" + op.keyword() + "' is not supported here");
    }

    private TabNode sort(TabNode in, List<Ast.SortKey> keys, long limit) {
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
        return new TabNode.Sort(in, reader, nodes, asc, nullsFirst, limit);
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

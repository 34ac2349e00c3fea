package dev.hookline.kql.eval;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Nodes;
import dev.hookline.kql.AncestryResolver;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.NotStreamableException;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.Ast.Op;
import dev.hookline.kql.parse.KType;
import dev.hookline.schema.Table;
import dev.hookline.schema.Times;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a query into streaming arms: each branch of the final union (or the single pipeline) becomes a row chain
 * over one table, with the operators written after the union appended to every arm. sort/take/top at the very end
 * only order or trim hunting output and are dropped; any other operator that needs the whole table is an error.
 */
final class StreamPlanner {
    /** scopes: the function bodies (outermost first) whose scalar bindings the arm's operators see. */
    private record Pending(String letName, Table table, List<Chain.OpIn> ops, List<Logical.LScope> scopes) {
    }

    private final CompileContext ctx;
    private final List<Pending> found = new ArrayList<>();
    private final List<Logical.LScope> scopes = new ArrayList<>();

    StreamPlanner(CompileContext ctx) {
        this.ctx = ctx;
    }

    StreamingQueryImpl plan(Logical root, AncestryResolver ancestry) {
        int preruns = ctx.preruns.size();
        collect(stripTrailing(root), List.of(), null);
        List<ArmImpl> arms = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            Pending p = found.get(i);
            Slots slots = new Slots();
            Chain chain = inScopes(p.scopes, 0, () -> Chain.compile(Schema.ofTable(p.table), p.ops, slots, ctx));
            ArmImpl arm = new ArmImpl(armName(chain, p.letName, i), p.letName, p.table, chain, slots);
            arm.frame.ancestry = ancestry == null ? AncestryResolver.NONE : ancestry; // never null in a frame
            arms.add(arm);
        }
        constantSubqueries(preruns);
        return new StreamingQueryImpl(arms);
    }

    private <T> T inScopes(List<Logical.LScope> list, int i, java.util.function.Supplier<T> body) {
        if (i == list.size()) {
            return body.get();
        }
        return new BatchPlanner(ctx).scoped(list.get(i), () -> inScopes(list, i + 1, body));
    }

    /**
     * Subqueries the arms use (in/has_any over a let, toscalar) stream only when they read no table: a datatable
     * list of indicators is computed once, now. One over a table needs the whole table and is refused.
     */
    private void constantSubqueries(int from) {
        List<Subqueries.Prerun> mine = new ArrayList<>(ctx.preruns.subList(from, ctx.preruns.size()));
        ctx.preruns.subList(from, ctx.preruns.size()).clear(); // batch runs must not clear their rows
        for (Subqueries.Prerun p : mine) {
            if (p.readsTables) {
                throw new NotStreamableException(p.pos.line(), p.pos.column(), "subquery", "a tabular expression over a table inside an"
                        + " expression (in/has_any over such a let or subquery, toscalar) cannot run in streaming"
                        + " (detection) mode; it needs the whole table (a datatable list can)");
            }
        }
        long now = Times.nowNanos();
        for (Subqueries.Prerun p : mine) {
            p.run((table, consumer) -> { }, now);
        }
    }

    /** The DetectionArm/EventType constant when the arm sets one, else its let name, else "armN". */
    private static String armName(Chain chain, String letName, int index) {
        for (String col : new String[] {"DetectionArm", "EventType"}) {
            Node n = chain.out.find(col);
            if (n instanceof Nodes.Const && n.type == KType.STRING && !n.evalString(null).isEmpty()) {
                return n.evalString(null);
            }
        }
        return letName != null ? letName : "arm" + (index + 1);
    }

    private static Logical stripTrailing(Logical l) {
        if (l instanceof Logical.LNamed) {
            Logical.LNamed n = (Logical.LNamed) l;
            return new Logical.LNamed(n.name(), stripTrailing(n.inner()));
        }
        if (!(l instanceof Logical.LOps)) {
            return l;
        }
        Logical.LOps lo = (Logical.LOps) l;
        List<Op> ops = new ArrayList<>(lo.ops());
        while (!ops.isEmpty() && isOrdering(ops.get(ops.size() - 1))) {
            ops.remove(ops.size() - 1);
        }
        if (ops.isEmpty()) {
            return stripTrailing(lo.input());
        }
        return new Logical.LOps(lo.input(), ops);
    }

    private static boolean onlyRowOpsAfter(List<Op> ops, int i) {
        for (int k = i + 1; k < ops.size(); k++) {
            if (!Chain.isRowOp(ops.get(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isOrdering(Op op) {
        return op instanceof Ast.Sort || op instanceof Ast.Take || op instanceof Ast.Top || op instanceof Ast.Render;
    }

    private static KqlException refuse(Ast.Pos p, String what) {
        return new NotStreamableException(p.line(), p.column(), what, what + " cannot run in streaming (detection) mode: it needs"
                + " whole tables, not one event at a time; it runs as a hunting (batch) query");
    }

    private void collect(Logical l, List<Chain.OpIn> suffix, String letName) {
        if (l instanceof Logical.LTable) {
            found.add(new Pending(letName, ((Logical.LTable) l).table(), suffix, List.copyOf(scopes)));
        } else if (l instanceof Logical.LNamed) {
            Logical.LNamed n = (Logical.LNamed) l;
            collect(n.inner(), suffix, letName != null ? letName : n.name());
        } else if (l instanceof Logical.LJoin) {
            Ast.Join j = ((Logical.LJoin) l).op();
            throw refuse(j.pos(), "operator '" + j.keyword() + "'");
        } else if (l instanceof Logical.LLeaf) {
            Ast.Source src = ((Logical.LLeaf) l).source();
            throw refuse(src.pos(), "'" + leafName(src) + "'");
        } else if (l instanceof Logical.LMaterialize) {
            collect(((Logical.LMaterialize) l).inner(), suffix, letName); // each event passes once anyway
        } else if (l instanceof Logical.LScope) {
            Logical.LScope sc = (Logical.LScope) l;
            scopes.add(sc);
            try {
                collect(sc.inner(), suffix, letName);
            } finally {
                scopes.remove(scopes.size() - 1);
            }
        } else if (l instanceof Logical.LUnion) {
            Logical.LUnion u = (Logical.LUnion) l;
            if (u.params().inner()) {
                throw new NotStreamableException(u.pos().line(), u.pos().column(), "union kind=inner", "union kind=inner cannot run in streaming"
                        + " (detection) mode");
            }
            int k = 0;
            for (Logical in : u.inputs()) {
                int before = found.size();
                List<Chain.OpIn> armSuffix = suffix;
                if (u.params().withSource() != null) {
                    // withsource in an arm: a constant column naming the arm's input, ahead of the later operators
                    String src = BatchPlanner.sourceName(in, new BatchPlanner(ctx).plan(in), k);
                    Ast.Pos p = new Ast.Pos(1, 1);
                    armSuffix = new ArrayList<>();
                    armSuffix.add(new Chain.OpIn(new Ast.Extend(p, List.of(new Ast.Assign(p, u.params().withSource(),
                            new Ast.Lit(p, KType.STRING, src)))), null));
                    armSuffix.addAll(suffix);
                }
                k++;
                collect(in, armSuffix, null);
                for (int i = before; i < found.size(); i++) {
                    Pending p = found.get(i);
                    if (p.letName == null && letName != null) {
                        found.set(i, new Pending(letName, p.table, p.ops, p.scopes));
                    }
                }
            }
        } else {
            Logical.LOps lo = (Logical.LOps) l;
            Map<String, KType> outer = outerColumns(lo.input());
            List<Chain.OpIn> ops = new ArrayList<>();
            List<Op> all = lo.ops();
            for (int i = 0; i < all.size(); i++) {
                Op op = all.get(i);
                if (op instanceof Ast.Sort && onlyRowOpsAfter(all, i)) {
                    continue; // order does not change which events match; row operators after it see one row each
                }
                if (!Chain.isRowOp(op)) {
                    throw new NotStreamableException(op.pos().line(), op.pos().column(), op.keyword(), "operator '" + op.keyword()
                            + "' cannot run in streaming (detection) mode; only where, extend, project, project-away,"
                            + " project-keep, project-rename, project-reorder, parse, parse-where and union can, with"
                            + " sort/take/render allowed at the very end");
                }
                ops.add(new Chain.OpIn(op, outer));
            }
            ops.addAll(suffix);
            collect(lo.input(), ops, letName);
        }
    }

    private static String leafName(Ast.Source s) {
        if (s instanceof Ast.DataTable) {
            return "datatable";
        }
        if (s instanceof Ast.Print) {
            return "print";
        }
        if (s instanceof Ast.Range) {
            return "range";
        }
        return "externaldata";
    }

    /** After a union, a column some branches lack reads as null in those branches (union kind=outer). */
    private Map<String, KType> outerColumns(Logical input) {
        Logical base = input;
        while (base instanceof Logical.LNamed) {
            base = ((Logical.LNamed) base).inner();
        }
        if (!(base instanceof Logical.LUnion)) {
            return null;
        }
        TabNode u = new BatchPlanner(ctx).plan(base);
        Map<String, KType> m = new HashMap<>();
        for (int i = 0; i < u.names.size(); i++) {
            m.put(u.names.get(i), u.types.get(i));
        }
        return m;
    }
}

package dev.hookline.kql.eval;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Nodes;
import dev.hookline.kql.expr.Order;
import dev.hookline.kql.ArmGate;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.parse.Ast.*;
import dev.hookline.kql.parse.KType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled run of row-at-a-time operators (where, extend, project, project-away, project-rename). Running it
 * on a frame either rejects the row or leaves the frame ready for {@link #row} to box the output. Filters and
 * computed columns run in query order, so columns computed after the last `where` are only computed for matches.
 */
public final class Chain {
    /** One step on a frame; false drops the row. */
    interface Step {
        boolean run(Frame f);
    }

    private static final class Filter implements Step {
        private final Node predicate;

        Filter(Node predicate) {
            this.predicate = predicate;
        }

        @Override
        public boolean run(Frame f) {
            return predicate.evalLong(f) == Node.TRUE;
        }
    }

    private static final class Compute implements Step {
        private final Node slot;
        private final Node value;

        Compute(Node slot, Node value) {
            this.slot = slot;
            this.value = value;
        }

        @Override
        public boolean run(Frame f) {
            Slots.store(slot, value, f);
            return true;
        }
    }

    private final Step[] steps;
    final Schema out;
    private final Node[] outNodes;

    private Chain(List<Step> steps, Schema out) {
        this.steps = steps.toArray(new Step[0]);
        this.out = out;
        this.outNodes = out.nodes.toArray(new Node[0]);
    }

    /** Whether the op can run row by row (and so stream). */
    static boolean isRowOp(Op op) {
        return op instanceof Where || op instanceof Extend || op instanceof Project || op instanceof ProjectAway
                || op instanceof ProjectRename || op instanceof ProjectReorder || op instanceof ProjectKeep
                || op instanceof Parse || op instanceof Search || FileProfile.is(op);
    }

    boolean run(Frame f) {
        for (Step s : steps) {
            if (!s.run(f)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The narrowest gate of the filters that run before the first computed column (a later filter may read a
     * computed column named like an event column, so only the leading ones speak for the event), or null.
     */
    ArmGate gate() {
        ArmGate best = null;
        for (ArmGate g : gates()) {
            best = ArmGate.narrower(best, g);
        }
        return best;
    }

    /**
     * The gates of those same leading filters, in order (the filters with none left out), an `and` giving each of
     * its terms' (Sigma's `selection and filter` conditions are one where of several conjuncts); each is necessary.
     */
    List<ArmGate> gates() {
        List<ArmGate> all = new ArrayList<>();
        for (Step s : steps) {
            if (!(s instanceof Filter)) {
                break;
            }
            for (ArmGate g : ((Filter) s).predicate.gates()) {
                if (!all.contains(g)) {
                    all.add(g);
                }
            }
        }
        return List.copyOf(all);
    }

    Object[] row(Frame f) {
        Object[] r = new Object[outNodes.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = outNodes[i].box(f);
        }
        return r;
    }

    /** Only the given columns of {@link #row(Frame)}, in that order. */
    Object[] row(Frame f, int[] only) {
        Object[] r = new Object[only.length];
        for (int p = 0; p < r.length; p++) {
            r[p] = outNodes[only[p]].box(f);
        }
        return r;
    }

    /** One op of a chain together with the union columns visible to it (streaming arms only; else null). */
    record OpIn(Op op, Map<String, KType> outer) {
    }

    static Chain compile(Schema input, List<OpIn> ops, Slots slots, CompileContext ctx) {
        List<Step> steps = new ArrayList<>();
        Schema s = input;
        for (OpIn oi : ops) {
            if (oi.outer() != null) {
                s = s.withOuter(oi.outer());
            }
            s = apply(s, oi.op(), steps, slots, ctx);
        }
        return new Chain(ctx.reorder ? orderFilters(steps) : steps, s);
    }

    private static Schema apply(Schema in, Op op, List<Step> steps, Slots slots, CompileContext ctx) {
        if (op instanceof Where) {
            Node p = new ExprCompiler(in, ctx).compileBool(((Where) op).predicate(), "'where'");
            steps.add(new Filter(p));
            return in;
        }
        if (op instanceof Extend) {
            Schema s = in.withOuter(in.outer);
            int unnamed = 0;
            for (Assign a : ((Extend) op).assigns()) {
                List<TupleColumns.Out> cols = TupleColumns.of(a, new ExprCompiler(s, ctx), n -> materialize(n, steps,
                        slots));
                if (cols != null) { // series_stats(X) and the like: several columns
                    for (TupleColumns.Out c : cols) {
                        s.put(c.name(), materialize(c.node(), steps, slots));
                    }
                    continue;
                }
                String name = a.name() != null ? a.name() : ResultNames.of(a.expr());
                if (name == null) {
                    unnamed = ResultNames.nextColumnNumber(unnamed, s.names);
                    name = "Column" + unnamed;
                }
                s.put(name, materialize(new ExprCompiler(s, ctx).compile(a.expr()), steps, slots));
            }
            return s;
        }
        if (op instanceof Project) {
            Schema s = in.derive();
            Set<String> declared = new HashSet<>();
            int unnamed = 0;
            for (Assign a : ((Project) op).assigns()) {
                List<TupleColumns.Out> cols = TupleColumns.of(a, new ExprCompiler(in, ctx), n -> materialize(n, steps,
                        slots));
                if (cols != null) {
                    for (TupleColumns.Out c : cols) {
                        String name = ResultNames.place(s.names, declared, c.name(), true, a.pos(), "project");
                        s.add(name, materialize(c.node(), steps, slots));
                    }
                    continue;
                }
                String name = a.name() != null ? a.name() : ResultNames.of(a.expr());
                if (name == null) {
                    unnamed = ResultNames.nextColumnNumber(unnamed, in.names);
                    name = "Column" + unnamed;
                }
                name = ResultNames.place(s.names, declared, name, a.name() != null || a.expr() instanceof Ident, a.pos(),
                        "project");
                s.add(name, materialize(new ExprCompiler(in, ctx).compile(a.expr()), steps, slots));
            }
            return s;
        }
        if (op instanceof ProjectAway) {
            Set<String> drop = new HashSet<>();
            for (Ident id : ((ProjectAway) op).columns()) {
                if (in.indexOf(id.name()) < 0) {
                    throw ExprCompiler.error(id.pos(), "unknown column '" + id.name() + "' in project-away");
                }
                drop.add(id.name());
            }
            Schema s = in.derive();
            for (int i = 0; i < in.names.size(); i++) {
                if (!drop.contains(in.names.get(i))) {
                    s.add(in.names.get(i), in.nodes.get(i));
                }
            }
            return s;
        }
        if (op instanceof ProjectRename) {
            Schema s = in.withOuter(in.outer);
            for (Assign a : ((ProjectRename) op).renames()) {
                Ident old = (Ident) a.expr();
                int i = s.indexOf(old.name());
                if (i < 0) {
                    throw ExprCompiler.error(old.pos(), "unknown column '" + old.name() + "' in project-rename");
                }
                if (s.indexOf(a.name()) >= 0 && !a.name().equals(old.name())) {
                    throw ExprCompiler.error(a.pos(), "column '" + a.name() + "' already exists");
                }
                s.names.set(i, a.name());
            }
            return s;
        }
        if (op instanceof Search) {
            Node p = new ExprCompiler(in, ctx).compileBool(SearchPredicate.rewrite((Search) op, in), "'search'");
            steps.add(new Filter(p));
            return in;
        }
        if (FileProfile.is(op)) {
            return FileProfile.apply(in);
        }
        if (op instanceof Parse) {
            return ParseStep.compile((Parse) op, in, steps, slots, ctx);
        }
        if (op instanceof ProjectReorder) {
            return reorder(in, (ProjectReorder) op);
        }
        if (op instanceof ProjectKeep) {
            ProjectKeep pk = (ProjectKeep) op;
            boolean[] hit = new boolean[in.names.size()];
            for (ReorderSpec sp : pk.patterns()) {
                boolean any = false;
                for (int i = 0; i < hit.length; i++) {
                    if (wildcard(sp.pattern(), in.names.get(i))) {
                        hit[i] = true;
                        any = true;
                    }
                }
                if (!any && !sp.pattern().contains("*")) {
                    throw ExprCompiler.error(sp.pos(), "unknown column '" + sp.pattern() + "' in " + pk.keyword());
                }
            }
            Schema s = in.derive();
            for (int i = 0; i < hit.length; i++) {
                if (hit[i] == pk.keep()) {
                    s.add(in.names.get(i), in.nodes.get(i));
                }
            }
            return s;
        }
        throw new KqlException(op.pos().line(), op.pos().column(), "'" + op.keyword() + "' is not a row operator");
    }

    /**
     * project-reorder: the named columns first, in the order written (a wildcard's matches in input order, or by
     * name with asc/desc), then every other column in input order.
     */
    private static Schema reorder(Schema in, ProjectReorder op) {
        List<Integer> order = new ArrayList<>();
        Set<Integer> placed = new HashSet<>();
        for (ReorderSpec sp : op.specs()) {
            List<Integer> hits = new ArrayList<>();
            for (int i = 0; i < in.names.size(); i++) {
                if (!placed.contains(i) && wildcard(sp.pattern(), in.names.get(i))) {
                    hits.add(i);
                }
            }
            if (hits.isEmpty() && !sp.pattern().contains("*") && in.indexOf(sp.pattern()) < 0) {
                throw ExprCompiler.error(sp.pos(), "unknown column '" + sp.pattern() + "' in project-reorder");
            }
            if (sp.order() != null) {
                java.util.Comparator<Integer> byName = java.util.Comparator.comparing(in.names::get);
                hits.sort(sp.order().equals("asc") ? byName : byName.reversed());
            }
            order.addAll(hits);
            placed.addAll(hits);
        }
        for (int i = 0; i < in.names.size(); i++) {
            if (!placed.contains(i)) {
                order.add(i);
            }
        }
        Schema s = in.derive();
        for (int i : order) {
            s.add(in.names.get(i), in.nodes.get(i));
        }
        return s;
    }

    /** Whether name matches pattern, where '*' stands for any run of characters (case-sensitive, as Kusto). */
    static boolean wildcard(String pattern, String name) {
        if (pattern.indexOf('*') < 0) {
            return pattern.equals(name);
        }
        String[] parts = pattern.split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                re.append(".*");
            }
            re.append(java.util.regex.Pattern.quote(parts[i]));
        }
        return name.matches(re.toString());
    }

    /**
     * Puts each run of consecutive filters in cost order ({@link Order#forAnd}): `where A | where B` keeps the rows
     * for which A and B are both TRUE, in any order. A filter never moves across a computed column, which a later
     * filter may read.
     */
    private static List<Step> orderFilters(List<Step> steps) {
        List<Step> out = new ArrayList<>(steps.size());
        int i = 0;
        while (i < steps.size()) {
            if (!(steps.get(i) instanceof Filter)) {
                out.add(steps.get(i++));
                continue;
            }
            int end = i;
            while (end < steps.size() && steps.get(end) instanceof Filter) {
                end++;
            }
            Node[] run = new Node[end - i];
            for (int k = i; k < end; k++) {
                run[k - i] = ((Filter) steps.get(k)).predicate;
            }
            for (Node p : Order.forAnd(run)) {
                out.add(new Filter(p));
            }
            i = end;
        }
        return out;
    }

    /** Column reads and constants are reused as they are; anything else is computed once into a slot. */
    private static Node materialize(Node n, List<Step> steps, Slots slots) {
        if (n instanceof Nodes.Const || n instanceof Nodes.EventLong || n instanceof Nodes.EventString
                || n instanceof Nodes.SlotLong || n instanceof Nodes.SlotReal || n instanceof Nodes.SlotString) {
            return n;
        }
        Node slot = slots.allocate(n.type);
        steps.add(new Compute(slot, n));
        return slot;
    }
}

package dev.hookline.kql.eval;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Values;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.TableSource;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.Ast.Assign;
import dev.hookline.kql.parse.Ast.Call;
import dev.hookline.kql.parse.Ast.Ident;
import dev.hookline.kql.eval.fn.AggregateDef;
import dev.hookline.kql.eval.fn.Aggregation;
import dev.hookline.kql.eval.fn.Aggregation.Accumulator;
import dev.hookline.kql.eval.fn.Functions;
import dev.hookline.kql.parse.KType;
import dev.hookline.kql.parse.Parser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * summarize (and distinct): groups by the `by` expressions in order of first appearance; output columns are the
 * group keys then the aggregates. The aggregate functions come from the function table
 * ({@link Functions#aggregate}, defined in {@link dev.hookline.kql.eval.fn.AggregateFunctions}).
 */
final class Summarize extends TabNode {
    /**
     * One aggregate: the canonical function name (for the default column name), its compiled form and how many
     * output columns it fills (more than one: its result is an Object[] of that many values).
     */
    private record Agg(String fn, Aggregation aggregation, int width) {
    }

    /** The aggregates that may give several columns (arg_max(T, *), any(A, B), ...): {@link RowPick}. */
    static final Map<String, String> SPREAD = Map.of(
            "arg_max", "arg_max(maximized, * | value [, ...]): the group's row where maximized is greatest: its"
                    + " value and the values named (* = every column but the by columns)",
            "arg_min", "arg_min(minimized, * | value [, ...]): as arg_max, where the first argument is least",
            "any", "any(value [, ...] | *) with several values: one row's values, named any_X",
            "take_any", "take_any(value [, ...] | *) with several values: one row's values, named X");

    private final TabNode input;
    private final RowReader reader;
    private final Node[] keys;
    private final Agg[] aggs;
    private final int width;
    /** "summarize" or "distinct", for the budget's message. */
    private final String operator;
    private final long budget;
    private final Ast.Pos pos;

    private Summarize(TabNode input, RowReader reader, List<String> names, List<KType> types, Node[] keys, Agg[] aggs,
            String operator, long budget, Ast.Pos pos) {
        super(names, types, null);
        this.input = input;
        this.reader = reader;
        this.keys = keys;
        this.aggs = aggs;
        this.width = names.size();
        this.operator = operator;
        this.budget = budget;
        this.pos = pos;
    }

    static Summarize distinct(TabNode input, Ast.Distinct d, CompileContext ctx) {
        return build(input, List.of(), d.columns(), ctx, "distinct", d.pos());
    }

    static Summarize of(TabNode input, Ast.Summarize s, CompileContext ctx) {
        return build(input, s.aggregates(), s.by(), ctx, "summarize", s.pos());
    }

    private static Summarize build(TabNode input, List<Assign> aggList, List<Assign> byList, CompileContext ctx,
            String operator, Ast.Pos pos) {
        RowReader reader = new RowReader(input);
        ExprCompiler ec = new ExprCompiler(reader.schema, ctx);
        List<String> names = new ArrayList<>();
        List<KType> types = new ArrayList<>();
        Set<String> declared = new HashSet<>();
        Node[] keys = new Node[byList.size()];
        int unnamed = 0;
        for (int i = 0; i < keys.length; i++) {
            Assign a = byList.get(i);
            keys[i] = ec.compile(a.expr());
            String name = a.name() != null ? a.name() : ResultNames.of(a.expr());
            if (name == null) {
                unnamed = ResultNames.nextColumnNumber(unnamed, reader.schema.names);
                name = "Column" + unnamed;
            }
            names.add(ResultNames.place(names, declared, name, a.name() != null || a.expr() instanceof Ident, a.pos(),
                    "summarize"));
            types.add(keys[i].type);
        }
        Set<String> byColumns = new HashSet<>();
        for (Assign a : byList) {
            if (a.name() == null && a.expr() instanceof Ident id) {
                byColumns.add(id.name());
            }
        }
        Agg[] aggs = new Agg[aggList.size()];
        for (int i = 0; i < aggs.length; i++) {
            Assign a = aggList.get(i);
            List<String> given = a.name() == null ? null : List.of(a.name());
            Ast.Expr e = a.expr();
            if (e instanceof Call m && m.name().equals(Parser.MULTI_ASSIGN)) {
                given = new ArrayList<>();
                for (Ast.Expr n : m.args().subList(0, m.args().size() - 1)) {
                    given.add(((Ident) n).name());
                }
                e = m.args().get(m.args().size() - 1);
            }
            if (!(e instanceof Call)) {
                throw ExprCompiler.error(e.pos(), "expected an aggregate function such as count()");
            }
            Call c = (Call) e;
            if (spreads(c)) {
                aggs[i] = spread(c, given, a.pos(), ec, reader.schema, byColumns, names, types, declared);
                continue;
            }
            if (given != null && given.size() != 1 && !c.name().equals("percentiles")) {
                throw ExprCompiler.error(a.pos(), c.name() + "() gives one column but " + given.size()
                        + " names are assigned");
            }
            if (c.name().equals("percentiles") || c.name().equals("percentile")) {
                aggs[i] = percentiles(c, given, a.pos(), ec, names, types, declared);
                continue;
            }
            aggs[i] = aggregate(c, ec);
            String name = given != null ? given.get(0) : ResultNames.ofAggregate(c);
            if (name == null) {
                String argName = !c.args().isEmpty() && c.args().get(0) instanceof Ident
                        ? ((Ident) c.args().get(0)).name() : "";
                name = defaultAggName(aggs[i].fn, argName);
            }
            names.add(ResultNames.place(names, declared, name, given != null, a.pos(), "summarize"));
            types.add(aggs[i].aggregation.type);
        }
        // only the columns the keys and aggregates read are loaded, and boxed by the input where it can leave
        // the others out (a table scan): a summarize over a wide table reads a few of its columns
        BitSet read = reader.schema.read();
        reader.loadOnly(read, input.needOnly(read));
        return new Summarize(input, reader, names, types, keys, aggs, operator, ctx.options.rowBudget(), pos);
    }

    /** percentile(X, 50) and percentiles(X, 50, 95.5): a column per rank, percentile_X_50, percentile_X_95_5. */
    private static Agg percentiles(Call c, List<String> given, Ast.Pos pos, ExprCompiler ec, List<String> names,
            List<KType> types, Set<String> declared) {
        Agg agg = aggregate(c, ec);
        int width = c.args().size() - 1;
        if (given != null && given.size() != width) {
            throw ExprCompiler.error(pos, c.name() + "() gives " + width + " columns but " + given.size()
                    + " names are assigned");
        }
        String arg = ResultNames.of(c.args().get(0));
        for (int k = 0; k < width; k++) {
            String n;
            if (given != null) {
                n = given.get(k);
            } else {
                Ast.Expr p = c.args().get(k + 1);
                String rank = p instanceof Ast.Lit l && l.value() != null ? l.value().toString() : "";
                if (rank.endsWith(".0")) {
                    rank = rank.substring(0, rank.length() - 2);
                }
                n = "percentile_" + (arg == null ? "" : arg) + "_" + rank.replace('.', '_');
            }
            names.add(ResultNames.place(names, declared, n, given != null, pos, "summarize"));
            types.add(agg.aggregation.type);
        }
        return new Agg(agg.fn, agg.aggregation, width);
    }

    private static boolean spreads(Call c) {
        if (c.name().equals("arg_max") || c.name().equals("arg_min")) {
            return true;
        }
        return (c.name().equals("any") || c.name().equals("take_any"))
                && (c.args().size() > 1 || c.args().stream().anyMatch(Summarize::isStar));
    }

    private static boolean isStar(Ast.Expr e) {
        return e instanceof Ident id && id.name().equals("*");
    }

    /**
     * arg_max / arg_min / any / take_any over several values: one column per value, named as Kusto names them
     * (checked against the analyzer): arg_max(Timestamp, *) by DeviceId gives Timestamp then every other column
     * but DeviceId; arg_max(X + 1, Y) max_ then Y; any(A, B) any_A, any_B; take_any(A, B) A, B.
     */
    private static Agg spread(Call c, List<String> given, Ast.Pos pos, ExprCompiler ec, Schema input,
            Set<String> byColumns, List<String> names, List<KType> types, Set<String> declared) {
        boolean arg = c.name().startsWith("arg_");
        if (c.args().size() < (arg ? 2 : 1)) {
            throw ExprCompiler.error(c.pos(), c.name() + "() needs " + (arg ? "the value to compare and the values to"
                    + " return (or *)" : "a value"));
        }
        String prefix = c.name().equals("any") ? "any_" : "";
        List<Node> nodes = new ArrayList<>();
        List<String> colNames = new ArrayList<>();
        Ast.Expr first = c.args().get(0);
        if (isStar(first) && arg) {
            throw ExprCompiler.error(first.pos(), c.name() + "() compares its first argument: a value, not *");
        }
        String key = first instanceof Ident id ? id.name() : null;
        Set<String> listed = new HashSet<>(); // a column named twice (arg_max(T, *, B)) is returned once
        for (int k = 0; k < c.args().size(); k++) {
            Ast.Expr x = c.args().get(k);
            if (isStar(x)) {
                for (String col : input.names) {
                    if (!byColumns.contains(col) && !(arg && col.equals(key)) && !listed.contains(col)) {
                        listed.add(col);
                        nodes.add(ec.compile(new Ident(x.pos(), col)));
                        colNames.add(prefix + col);
                    }
                }
                continue;
            }
            if (x instanceof Ident id && k > 0 && !listed.add(id.name())) {
                continue;
            }
            nodes.add(ec.compile(x));
            String n = ResultNames.of(x);
            if (n != null) {
                n = prefix + n;
            } else if (arg) {
                // arg_max(X + 1, Y): max_; arg_max(T, Y + 1): max_T_arg1
                String which = c.name().substring(4) + "_";
                n = k == 0 ? which : which + (key == null ? "" : key) + "_arg" + k;
            } else {
                n = k == 0 ? "any_arg0" : null;
            }
            colNames.add(n);
        }
        if (given != null && given.size() > nodes.size()) {
            throw ExprCompiler.error(pos, c.name() + "() gives " + nodes.size() + " columns but " + given.size()
                    + " names are assigned");
        }
        int unnamed = 0;
        for (int k = 0; k < nodes.size(); k++) {
            boolean isGiven = given != null && k < given.size();
            String n = isGiven ? given.get(k) : colNames.get(k);
            if (n == null) {
                unnamed = ResultNames.nextColumnNumber(unnamed, input.names);
                n = "Column" + unnamed;
            }
            names.add(ResultNames.place(names, declared, n, isGiven, pos, "summarize"));
            types.add(nodes.get(k).type);
        }
        RowPick.Kind kind = c.name().equals("arg_max") ? RowPick.Kind.MAX
                : c.name().equals("arg_min") ? RowPick.Kind.MIN : RowPick.Kind.ANY;
        if (nodes.isEmpty()) {
            throw ExprCompiler.error(c.pos(), c.name() + "(*) has no columns to return");
        }
        // the first value is what arg_max compares, and what any() wants not null
        return new Agg(c.name(), new RowPick(kind, nodes.get(0), nodes.toArray(new Node[0])), nodes.size());
    }

    private static String defaultAggName(String fn, String arg) {
        switch (fn) {
            case "count": return "count_";
            case "countif": return "countif_";
            case "dcount": return "dcount_" + arg;
            case "sum": return "sum_" + arg;
            case "min": return "min_" + arg;
            case "max": return "max_" + arg;
            case "avg": return "avg_" + arg;
            case "make_set": return "set_" + arg;
            case "make_list": return "list_" + arg;
            case "make_set_if": return "set_" + arg;
            case "make_list_if": return "list_" + arg;
            case "make_bag": return "bag_" + arg;
            case "take_any": return arg.isEmpty() ? "any_" : arg;
            default: return fn + "_" + arg;
        }
    }

    private static Agg aggregate(Call c, ExprCompiler ec) {
        AggregateDef def = Functions.aggregate(c.name());
        if (def == null) {
            String hint = Functions.suggest(c.name());
            throw ExprCompiler.error(c.pos(), "unknown aggregate function '" + c.name() + "'"
                    + (hint != null && Functions.aggregate(hint) != null ? "; did you mean '" + hint + "'?" : ""));
        }
        return new Agg(def.name, def.compile(ec.site(c)), 1);
    }

    @Override
    void run(TableSource source, long now, Consumer<Object[]> out) {
        Grouping g = new Grouping(now);
        input.run(source, now, g);
        g.output(out);
    }

    /**
     * One run's groups: a {@link GroupTable} of the keys with each group's accumulators after its key in the table's
     * entries, so that a row costs one table lookup and no allocation once its group exists.
     */
    private final class Grouping implements Consumer<Object[]>, Aggregation.Held {
        private final Frame f = reader.slots.newFrame();
        /** One key of a long-valued type: looked up by its long, boxed only for a new group. */
        private final boolean longKey = keys.length == 1 && keys[0].type.isLong();
        private final GroupTable groups = longKey ? GroupTable.ofLongs(1 + aggs.length, 16)
                : new GroupTable(keys.length != 1, 1 + aggs.length, 16);
        /** The row's values of several keys, copied only for a new group. */
        private final Object[] scratch = keys.length == 1 ? null : new Object[keys.length];
        /** The values all groups' accumulators keep (make_set, dcount, ...), against the budget. */
        private long values;

        Grouping(long now) {
            f.now = now;
        }

        @Override
        public void grow() {
            if (++values > budget) {
                throw new KqlException(pos.line(), pos.column(), operator + ": its groups hold more than " + budget
                        + " values of make_set/make_list/make_bag/dcount (the row budget); narrow the input or"
                        + " the keys, or give make_set/make_list a smaller maxSize");
            }
        }

        @Override
        public void accept(Object[] row) {
            reader.load(row, f);
            int g;
            if (longKey) {
                long v = keys[0].evalLong(f);
                g = groups.findLong(v);
                if (g < 0) {
                    checkBudget();
                    g = newGroup(Values.boxLong(keys[0].type, v));
                }
            } else {
                Object k;
                if (scratch == null) {
                    k = keys[0].box(f);
                } else {
                    for (int i = 0; i < scratch.length; i++) {
                        scratch[i] = keys[i].box(f);
                    }
                    k = scratch;
                }
                g = groups.find(k);
                if (g < 0) {
                    checkBudget();
                    g = newGroup(scratch == null ? k : scratch.clone());
                }
            }
            Object[] e = groups.entries();
            int n = aggs.length;
            for (int i = g * (n + 1) + 1, end = i + n; i < end; i++) {
                ((Accumulator) e[i]).add(f);
            }
        }

        private void checkBudget() {
            if (groups.size() >= budget) {
                throw new KqlException(pos.line(), pos.column(), operator + ": more than " + budget
                        + " groups (the row budget); narrow the input with where, or summarize by fewer or"
                        + " coarser keys (bin())");
            }
        }

        private int newGroup(Object key) {
            int g = groups.add(key);
            Object[] e = groups.entries();
            int n = aggs.length;
            for (int i = 0; i < n; i++) {
                e[g * (n + 1) + 1 + i] = aggs[i].aggregation.start(this);
            }
            return g;
        }

        void output(Consumer<Object[]> out) {
            if (groups.size() == 0 && keys.length == 0) {
                groups.find(scratch);
                newGroup(new Object[0]);
            }
            int n = aggs.length;
            for (int g = 0; g < groups.size(); g++) {
                Object[] r = new Object[width];
                if (scratch == null) {
                    r[0] = groups.key(g);
                } else {
                    System.arraycopy((Object[]) groups.key(g), 0, r, 0, keys.length);
                }
                int at = keys.length;
                for (int i = 0; i < n; i++) {
                    Object[] e = groups.entries();
                    int place = g * (n + 1) + 1 + i;
                    Object v = ((Accumulator) e[place]).result();
                    e[place] = null; // output: the group's state may go
                    if (aggs[i].width == 1) {
                        r[at++] = v;
                    } else {
                        Object[] vs = (Object[]) v;
                        System.arraycopy(vs, 0, r, at, vs.length);
                        at += vs.length;
                    }
                }
                out.accept(r);
            }
        }
    }
}

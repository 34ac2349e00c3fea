package dev.hookline.kql.eval;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Frame;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
    /** One aggregate column: the canonical function name (for the default column name) and its compiled form. */
    private record Agg(String fn, Aggregation aggregation) {
    }

    private final TabNode input;
    private final RowReader reader;
    private final Node[] keys;
    private final Agg[] aggs;

    private Summarize(TabNode input, RowReader reader, List<String> names, List<KType> types, Node[] keys, Agg[] aggs) {
        super(names, types, null);
        this.input = input;
        this.reader = reader;
        this.keys = keys;
        this.aggs = aggs;
    }

    static Summarize distinct(TabNode input, Ast.Distinct d, CompileContext ctx) {
        return build(input, List.of(), d.columns(), ctx);
    }

    static Summarize of(TabNode input, Ast.Summarize s, CompileContext ctx) {
        return build(input, s.aggregates(), s.by(), ctx);
    }

    private static Summarize build(TabNode input, List<Assign> aggList, List<Assign> byList, CompileContext ctx) {
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
        Agg[] aggs = new Agg[aggList.size()];
        for (int i = 0; i < aggs.length; i++) {
            Assign a = aggList.get(i);
            if (!(a.expr() instanceof Call)) {
                throw ExprCompiler.error(a.expr().pos(), "expected an aggregate function such as count()");
            }
            Call c = (Call) a.expr();
            aggs[i] = aggregate(c, ec);
            String name = a.name() != null ? a.name() : ResultNames.ofAggregate(c);
            if (name == null) {
                String argName = !c.args().isEmpty() && c.args().get(0) instanceof Ident
                        ? ((Ident) c.args().get(0)).name() : "";
                name = defaultAggName(aggs[i].fn, argName);
            }
            names.add(ResultNames.place(names, declared, name, a.name() != null, a.pos(), "summarize"));
            types.add(aggs[i].aggregation.type);
        }
        return new Summarize(input, reader, names, types, keys, aggs);
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
        return new Agg(def.name, def.compile(ec.site(c)));
    }

    @Override
    void run(TableSource source, long now, Consumer<Object[]> out) {
        Frame f = reader.slots.newFrame();
        f.now = now;
        Map<List<Object>, Accumulator[]> groups = new LinkedHashMap<>();
        input.run(source, now, row -> {
            reader.load(row, f);
            Object[] k = new Object[keys.length];
            for (int i = 0; i < k.length; i++) {
                k[i] = keys[i].box(f);
            }
            Accumulator[] accs = groups.computeIfAbsent(Arrays.asList(k), x -> newAccs());
            for (Accumulator acc : accs) {
                acc.add(f);
            }
        });
        if (groups.isEmpty() && keys.length == 0) {
            groups.put(List.of(), newAccs());
        }
        for (Map.Entry<List<Object>, Accumulator[]> e : groups.entrySet()) {
            Object[] r = new Object[keys.length + aggs.length];
            for (int i = 0; i < keys.length; i++) {
                r[i] = e.getKey().get(i);
            }
            for (int i = 0; i < aggs.length; i++) {
                r[keys.length + i] = e.getValue()[i].result();
            }
            out.accept(r);
        }
    }

    private Accumulator[] newAccs() {
        Accumulator[] a = new Accumulator[aggs.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = aggs[i].aggregation.start();
        }
        return a;
    }
}

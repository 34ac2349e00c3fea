package dev.hookline.kql.eval;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Frame;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
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
        // only the columns the keys and aggregates read are loaded, and boxed by the input where it can leave
        // the others out (a table scan): a summarize over a wide table reads a few of its columns
        BitSet read = reader.schema.read();
        reader.loadOnly(read, input.needOnly(read));
        return new Summarize(input, reader, names, types, keys, aggs, operator, ctx.options.rowBudget(), pos);
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
        Aggregation.Held held = new Aggregation.Held() {
            long values;

            @Override
            public void grow() {
                if (++values > budget) {
                    throw new KqlException(pos.line(), pos.column(), operator + ": its groups hold more than " + budget
                            + " values of make_set/make_list/make_bag/dcount (the row budget); narrow the input or"
                            + " the keys, or give make_set/make_list a smaller maxSize");
                }
            }
        };
        // one key is the group key itself (no array or list per row); several are a list of their values
        Map<Object, Accumulator[]> groups = new LinkedHashMap<>();
        boolean single = keys.length == 1;
        input.run(source, now, row -> {
            reader.load(row, f);
            Object k;
            if (single) {
                k = keys[0].box(f);
            } else {
                Object[] ks = new Object[keys.length];
                for (int i = 0; i < ks.length; i++) {
                    ks[i] = keys[i].box(f);
                }
                k = Arrays.asList(ks);
            }
            Accumulator[] accs = groups.get(k);
            if (accs == null) {
                if (groups.size() >= budget) {
                    throw new KqlException(pos.line(), pos.column(), operator + ": more than " + budget
                            + " groups (the row budget); narrow the input with where, or summarize by fewer or"
                            + " coarser keys (bin())");
                }
                accs = newAccs(held);
                groups.put(k, accs);
            }
            for (Accumulator acc : accs) {
                acc.add(f);
            }
        });
        if (groups.isEmpty() && keys.length == 0) {
            groups.put(List.of(), newAccs(held));
        }
        for (Map.Entry<Object, Accumulator[]> e : groups.entrySet()) {
            Object[] r = new Object[keys.length + aggs.length];
            if (single) {
                r[0] = e.getKey();
            } else {
                List<?> key = (List<?>) e.getKey();
                for (int i = 0; i < keys.length; i++) {
                    r[i] = key.get(i);
                }
            }
            for (int i = 0; i < aggs.length; i++) {
                r[keys.length + i] = e.getValue()[i].result();
            }
            out.accept(r);
        }
    }

    private Accumulator[] newAccs(Aggregation.Held held) {
        Accumulator[] a = new Accumulator[aggs.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = aggs[i].aggregation.start(held);
        }
        return a;
    }
}

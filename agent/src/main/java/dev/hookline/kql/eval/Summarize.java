package dev.hookline.kql.eval;

import dev.hookline.kql.TableSource;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.Ast.Assign;
import dev.hookline.kql.parse.Ast.Call;
import dev.hookline.kql.parse.Ast.Ident;
import dev.hookline.kql.parse.KType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * summarize (and distinct): groups by the `by` expressions in order of first appearance; output columns are the
 * group keys then the aggregates. Supported: count, countif, dcount, sum, min, max, avg, make_set, make_list, take_any.
 */
final class Summarize extends TabNode {
    private enum Kind { COUNT, COUNTIF, DCOUNT, SUM, MIN, MAX, AVG, MAKE_SET, MAKE_LIST, TAKE_ANY }

    private record Agg(Kind kind, Node arg, KType type) {
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
                name = defaultAggName(aggs[i].kind, argName);
            }
            names.add(ResultNames.place(names, declared, name, a.name() != null, a.pos(), "summarize"));
            types.add(aggs[i].type);
        }
        return new Summarize(input, reader, names, types, keys, aggs);
    }

    private static String defaultAggName(Kind k, String arg) {
        switch (k) {
            case COUNT: return "count_";
            case COUNTIF: return "countif_";
            case DCOUNT: return "dcount_" + arg;
            case SUM: return "sum_" + arg;
            case MIN: return "min_" + arg;
            case MAX: return "max_" + arg;
            case AVG: return "avg_" + arg;
            case MAKE_SET: return "set_" + arg;
            case MAKE_LIST: return "list_" + arg;
            default: return arg.isEmpty() ? "any_" : arg;
        }
    }

    private static Agg aggregate(Call c, ExprCompiler ec) {
        int n = c.args().size();
        switch (c.name()) {
            case "count":
                if (n != 0) {
                    throw ExprCompiler.error(c.pos(), "count() takes no arguments");
                }
                return new Agg(Kind.COUNT, null, KType.LONG);
            case "countif":
                one(c);
                return new Agg(Kind.COUNTIF, ec.compileBool(c.args().get(0), "countif()"), KType.LONG);
            case "dcount":
                one(c);
                return new Agg(Kind.DCOUNT, ec.compile(c.args().get(0)), KType.LONG);
            case "sum": {
                one(c);
                Node a = ec.compile(c.args().get(0));
                if (!a.type.isNumber() && a.type != KType.TIMESPAN) {
                    throw ExprCompiler.error(c.pos(), "sum() needs a number");
                }
                return new Agg(Kind.SUM, a, a.type == KType.INT ? KType.LONG : a.type);
            }
            case "avg": {
                one(c);
                Node a = ec.compile(c.args().get(0));
                if (!a.type.isNumber()) {
                    throw ExprCompiler.error(c.pos(), "avg() needs a number");
                }
                return new Agg(Kind.AVG, a, KType.REAL);
            }
            case "min":
            case "max": {
                one(c);
                Node a = ec.compile(c.args().get(0));
                return new Agg(c.name().equals("min") ? Kind.MIN : Kind.MAX, a, a.type);
            }
            case "make_set":
            case "make_list":
                one(c);
                return new Agg(c.name().equals("make_set") ? Kind.MAKE_SET : Kind.MAKE_LIST,
                        ec.compile(c.args().get(0)), KType.DYNAMIC);
            case "take_any":
            case "any": {
                one(c);
                Node a = ec.compile(c.args().get(0));
                return new Agg(Kind.TAKE_ANY, a, a.type);
            }
            default:
                throw ExprCompiler.error(c.pos(), "unknown aggregate function '" + c.name() + "'");
        }
    }

    private static void one(Call c) {
        if (c.args().size() != 1) {
            throw ExprCompiler.error(c.pos(), c.name() + "() takes 1 argument, got " + c.args().size());
        }
    }

    /** Per-group, per-aggregate running state. */
    private static final class Acc {
        long count;
        double sum;
        Object best;
        Set<Object> set;
        List<Object> list;
    }

    @Override
    void run(TableSource source, long now, Consumer<Object[]> out) {
        Frame f = reader.slots.newFrame();
        f.now = now;
        Map<List<Object>, Acc[]> groups = new LinkedHashMap<>();
        input.run(source, now, row -> {
            reader.load(row, f);
            Object[] k = new Object[keys.length];
            for (int i = 0; i < k.length; i++) {
                k[i] = keys[i].box(f);
            }
            Acc[] accs = groups.computeIfAbsent(Arrays.asList(k), x -> newAccs());
            for (int i = 0; i < aggs.length; i++) {
                add(aggs[i], accs[i], f);
            }
        });
        if (groups.isEmpty() && keys.length == 0) {
            groups.put(List.of(), newAccs());
        }
        for (Map.Entry<List<Object>, Acc[]> e : groups.entrySet()) {
            Object[] r = new Object[keys.length + aggs.length];
            for (int i = 0; i < keys.length; i++) {
                r[i] = e.getKey().get(i);
            }
            for (int i = 0; i < aggs.length; i++) {
                r[keys.length + i] = result(aggs[i], e.getValue()[i]);
            }
            out.accept(r);
        }
    }

    private Acc[] newAccs() {
        Acc[] a = new Acc[aggs.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new Acc();
        }
        return a;
    }

    private static void add(Agg agg, Acc acc, Frame f) {
        switch (agg.kind) {
            case COUNT:
                acc.count++;
                return;
            case COUNTIF:
                if (agg.arg.evalLong(f) == Node.TRUE) {
                    acc.count++;
                }
                return;
            default:
                break;
        }
        Object v = agg.arg.box(f);
        switch (agg.kind) {
            case DCOUNT:
                if (v != null) {
                    if (acc.set == null) {
                        acc.set = new HashSet<>();
                    }
                    acc.set.add(v);
                }
                return;
            case SUM:
            case AVG:
                if (v != null) {
                    acc.sum += v instanceof java.time.Duration ? ((java.time.Duration) v).toNanos()
                            : ((Number) v).doubleValue();
                    acc.count++;
                }
                return;
            case MIN:
            case MAX:
                if (v != null && (acc.best == null
                        || (Values.compare(v, acc.best) < 0) == (agg.kind == Kind.MIN) && Values.compare(v, acc.best) != 0)) {
                    acc.best = v;
                }
                return;
            case MAKE_SET:
                if (v != null) {
                    if (acc.set == null) {
                        acc.set = new LinkedHashSet<>();
                    }
                    acc.set.add(v);
                }
                return;
            case MAKE_LIST:
                if (v != null) {
                    if (acc.list == null) {
                        acc.list = new ArrayList<>();
                    }
                    acc.list.add(v);
                }
                return;
            default: // TAKE_ANY
                if (acc.best == null) {
                    acc.best = v;
                }
        }
    }

    private static Object result(Agg agg, Acc acc) {
        switch (agg.kind) {
            case COUNT:
            case COUNTIF:
                return acc.count;
            case DCOUNT:
                return (long) (acc.set == null ? 0 : acc.set.size());
            case SUM:
                if (agg.type == KType.REAL) {
                    return acc.sum;
                }
                return agg.type == KType.TIMESPAN ? java.time.Duration.ofNanos((long) acc.sum) : (Object) (long) acc.sum;
            case AVG:
                return acc.count == 0 ? null : acc.sum / acc.count;
            case MAKE_SET:
                return Values.json(jsonable(acc.set == null ? List.of() : new ArrayList<>(acc.set)));
            case MAKE_LIST:
                return Values.json(jsonable(acc.list == null ? List.of() : acc.list));
            default:
                return acc.best;
        }
    }

    private static List<Object> jsonable(List<Object> in) {
        List<Object> out = new ArrayList<>();
        for (Object o : in) {
            out.add(o instanceof Number || o instanceof Boolean || o instanceof String ? o : o.toString());
        }
        return out;
    }
}

package dev.hookline.kql.eval.fn;

import dev.hookline.kql.expr.Dynamic;
import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Values;
import dev.hookline.kql.parse.KType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The aggregates of summarize: count, countif, dcount, sum, avg, min, max, make_set, make_list (and _if forms,
 * deprecated makeset/makelist), make_bag, take_any/any.
 *
 * <p><b>Adding an aggregate</b>: write an {@link Aggregation} whose {@code start()} returns a fresh
 * {@link Aggregation.Accumulator} (add a row from the frame, give the group's result as an output object), then
 * one definition in {@code register}:
 * <pre>{@code
 * t.add(AggregateDef.named("dcount").args(1).signature("dcount(value)")
 *         .doc("The number of distinct non-null values.")
 *         .returns(KType.LONG)
 *         .create((c, type) -> new Distinct(c.arg(0))));
 * }</pre>
 * and a row in the aggregate test. Arguments are compiled against the summarize's input row ({@link CallSite}).
 */
public final class AggregateFunctions {
    /** Kusto's default and largest maxSize of make_set, make_list, make_bag. */
    static final int MAX_SIZE = 1_048_576;
    /** The default of the deprecated makeset() and makelist(). */
    static final int DEPRECATED_MAX_SIZE = 128;

    private AggregateFunctions() {
    }

    /** A dynamic argument of sum/avg read as a real (Kusto sums dynamic numbers). */
    private static Node numeric(Node n) {
        return n.type == KType.DYNAMIC ? ConversionFunctions.fromDynamic(n, KType.REAL) : n;
    }

    /** The optional constant maxSize argument at index i (clamped to {@link #MAX_SIZE}). */
    private static int maxSize(CallSite c, int i) {
        if (c.size() <= i) {
            return c.name().equals("makeset") || c.name().equals("makelist") ? DEPRECATED_MAX_SIZE : MAX_SIZE;
        }
        Node n = c.constant(i, "maxSize");
        long v = n.evalLong(null);
        if (!Types.isWhole(n.type) || v == Node.NULL || v < 1) {
            throw c.error(i, c.name() + "() maxSize must be a positive whole number");
        }
        return (int) Math.min(v, MAX_SIZE);
    }

    static void register(FunctionTable t) {
        t.add(AggregateDef.named("count").args(0).signature("count()")
                .doc("The number of rows in the group.")
                .returns(KType.LONG).create((c, type) -> new Count(null)));
        t.add(AggregateDef.named("countif").args(1).signature("countif(condition)")
                .doc("The number of rows for which condition is true.")
                .returns(c -> {
                    c.bool(0);
                    return KType.LONG;
                })
                .create((c, type) -> new Count(c.bool(0))));
        t.add(AggregateDef.named("dcount").args(1).signature("dcount(value)")
                .doc("The number of distinct non-null values (exact).")
                .returns(KType.LONG).create((c, type) -> new Distinct(c.arg(0))));
        t.add(AggregateDef.named("sum").args(1).signature("sum(value)")
                .doc("The sum of the non-null numbers or timespans (a dynamic value counts as a real).")
                .returns(c -> {
                    KType a = c.type(0);
                    if (a == KType.DYNAMIC) {
                        return KType.REAL;
                    }
                    if (!a.isNumber() && a != KType.TIMESPAN) {
                        throw c.error("sum() needs a number");
                    }
                    return a == KType.INT ? KType.LONG : a;
                })
                .create((c, type) -> new Sum(numeric(c.arg(0)), type, false)));
        t.add(AggregateDef.named("avg").args(1).signature("avg(value)")
                .doc("The mean of the non-null numbers; null for none.")
                .returns(c -> {
                    if (!c.type(0).isNumber() && c.type(0) != KType.DYNAMIC) {
                        throw c.error("avg() needs a number");
                    }
                    return KType.REAL;
                })
                .create((c, type) -> new Sum(numeric(c.arg(0)), type, true)));
        t.add(AggregateDef.named("min").args(1).signature("min(value)")
                .doc("The least non-null value.")
                .returns(Types.argType(0)).create((c, type) -> new Extreme(c.arg(0), true)));
        t.add(AggregateDef.named("max").args(1).signature("max(value)")
                .doc("The greatest non-null value.")
                .returns(Types.argType(0)).create((c, type) -> new Extreme(c.arg(0), false)));
        for (boolean distinct : new boolean[] {true, false}) {
            String base = distinct ? "make_set" : "make_list";
            String what = distinct ? "distinct non-null values" : "non-null values, in row order";
            t.add(AggregateDef.named(base).alias(distinct ? "makeset" : "makelist").args(1, 2)
                    .signature(base + "(value [, maxSize])")
                    .doc("A dynamic array of the " + what + " (arrays contribute their elements), at most maxSize"
                            + " (default " + MAX_SIZE + "; " + (distinct ? "makeset" : "makelist") + ": "
                            + DEPRECATED_MAX_SIZE + ").")
                    .returns(KType.DYNAMIC)
                    .create((c, type) -> new Collect(c.arg(0), null, distinct, maxSize(c, 1))));
            t.add(AggregateDef.named(base + "_if").args(2, 3)
                    .signature(base + "_if(value, condition [, maxSize])")
                    .doc("As " + base + "(), over the rows for which condition is true.")
                    .returns(c -> {
                        c.bool(1);
                        return KType.DYNAMIC;
                    })
                    .create((c, type) -> new Collect(c.arg(0), c.bool(1), distinct, maxSize(c, 2))));
        }
        t.add(AggregateDef.named("make_bag").alias("make_dictionary").args(1, 2)
                .signature("make_bag(bag [, maxSize])")
                .doc("One property bag of the properties of all the group's bags (values that are not bags are"
                        + " ignored; a key seen again keeps its first value).")
                .returns(KType.DYNAMIC).create((c, type) -> new MakeBag(c.arg(0), maxSize(c, 1))));
        t.add(AggregateDef.named("take_any").alias("any").args(1).signature("take_any(value)")
                .doc("Some value of the group (the first non-null one here).")
                .returns(Types.argType(0)).create((c, type) -> new TakeAny(c.arg(0))));
        t.add(AggregateDef.named("count_distinct").args(1).signature("count_distinct(value)")
                .doc("The number of distinct non-null values (exact, as dcount here).")
                .returns(KType.LONG).create((c, type) -> new Distinct(c.arg(0))));
        t.add(AggregateDef.named("make_list_with_nulls").args(1, 2).signature("make_list_with_nulls(value [, maxSize])")
                .doc("A dynamic array of the values in row order, nulls included.")
                .returns(KType.DYNAMIC).create((c, type) -> new Collect(c.arg(0), null, false, maxSize(c, 1), true)));
        for (boolean population : new boolean[] {false, true}) {
            String p = population ? "p" : "";
            String whose = population ? "population" : "sample";
            t.add(AggregateDef.named("variance" + p).args(1).signature("variance" + p + "(value)")
                    .doc("The " + whose + " variance of the non-null numbers.")
                    .returns(numberToReal("variance" + p))
                    .create((c, type) -> new Spread(numeric(c.arg(0)), population, false)));
            t.add(AggregateDef.named("stdev" + p).args(1).signature("stdev" + p + "(value)")
                    .doc("The " + whose + " standard deviation of the non-null numbers.")
                    .returns(numberToReal("stdev" + p))
                    .create((c, type) -> new Spread(numeric(c.arg(0)), population, true)));
        }
        t.add(AggregateDef.named("percentile").args(2).signature("percentile(value, p)")
                .doc("The nearest-rank p-th percentile of the non-null values (exact; Kusto estimates).")
                .returns(percentileType()).create((c, type) -> new Percentiles(c.arg(0), type, ranks(c), false)));
        t.add(AggregateDef.named("percentiles").args(2, 64).signature("percentiles(value, p [, ...])")
                .doc("percentile() at each p, one column each (percentile_X_50, ...).")
                .returns(percentileType()).create((c, type) -> new Percentiles(c.arg(0), type, ranks(c), false)));
        t.add(AggregateDef.named("percentiles_array").args(2, 64).signature("percentiles_array(value, p [, ...])")
                .doc("percentile() at each p, as one dynamic array.")
                .returns(c -> {
                    percentileType().of(c);
                    return KType.DYNAMIC;
                })
                .create((c, type) -> new Percentiles(c.arg(0), type, ranks(c), true)));
        registerConditional(t);
    }

    /**
     * The _if forms (dcountif, sumif, ...): the aggregate of the same name without "if" over the rows for which the
     * last argument is true. Kusto names them prefix_X like their base.
     */
    private static void registerConditional(FunctionTable t) {
        String[][] forms = {
            {"dcountif", "dcount"}, {"count_distinctif", "count_distinct"}, {"sumif", "sum"}, {"avgif", "avg"},
            {"minif", "min"}, {"maxif", "max"}, {"take_anyif", "take_any"}, {"anyif", "take_any"},
            {"stdevif", "stdev"}, {"varianceif", "variance"}, {"make_bag_if", "make_bag"},
        };
        for (String[] f : forms) {
            AggregateDef base = t.aggregate(f[1]);
            t.add(AggregateDef.named(f[0]).args(base.minArgs + 1, base.maxArgs + 1)
                    .signature(f[0] + "(" + base.signature.substring(base.signature.indexOf('(') + 1,
                            base.signature.length() - 1) + ", condition)")
                    .doc("As " + f[1] + "(), over the rows for which condition is true.")
                    .returns(c -> {
                        c.bool(c.size() - 1);
                        return base.compile(new Without(c, c.size() - 1)).type;
                    })
                    .create((c, type) -> new If(base.compile(new Without(c, c.size() - 1)), c.bool(c.size() - 1))));
        }
    }

    private static FunctionDef.ResultType numberToReal(String name) {
        return c -> {
            if (!c.type(0).isNumber() && c.type(0) != KType.DYNAMIC) {
                throw c.error(name + "() needs a number");
            }
            return KType.REAL;
        };
    }

    /** percentile's type: the value's (a dynamic value is read as a real); the ranks must be constant numbers. */
    private static FunctionDef.ResultType percentileType() {
        return c -> {
            KType a = c.type(0);
            if (!a.isNumber() && a != KType.DATETIME && a != KType.TIMESPAN && a != KType.DYNAMIC) {
                throw c.error(c.name() + "() needs a number, datetime or timespan");
            }
            ranks(c);
            return a == KType.DYNAMIC ? KType.REAL : a == KType.INT ? KType.LONG : a; // an int's percentile is a long
        };
    }

    private static double[] ranks(CallSite c) {
        double[] p = new double[c.size() - 1];
        for (int i = 1; i < c.size(); i++) {
            Node n = c.constant(i, "percentile");
            double v = n.type == KType.REAL ? n.evalReal(null) : n.evalLong(null);
            if (!n.type.isNumber() || Double.isNaN(v) || v < 0 || v > 100) {
                throw c.error(i, c.name() + "() percentiles are constant numbers from 0 to 100");
            }
            p[i - 1] = v;
        }
        return p;
    }

    /** count() (no condition) and countif(condition). */
    static final class Count extends Aggregation {
        private final Node condition;

        Count(Node condition) {
            super(KType.LONG);
            this.condition = condition;
        }

        @Override
        public Accumulator start() {
            return new Accumulator() {
                long n;

                @Override
                public void add(Frame f) {
                    if (condition == null || condition.evalLong(f) == Node.TRUE) {
                        n++;
                    }
                }

                @Override
                public Object result() {
                    return n;
                }
            };
        }
    }

    static final class Distinct extends Aggregation.Growing {
        private final Node arg;

        Distinct(Node arg) {
            super(KType.LONG);
            this.arg = arg;
        }

        @Override
        public Accumulator start(Held held) {
            return new Counter(arg, held);
        }

        /** A group's distinct values, counted (exact, so it keeps them: see {@link DistinctValues}). */
        private static final class Counter extends DistinctValues implements Accumulator {
            private final Node arg;
            private final Held held;

            Counter(Node arg, Held held) {
                super(false);
                this.arg = arg;
                this.held = held;
            }

            @Override
            public void add(Frame f) {
                Object v = arg.box(f);
                if (v != null && add(v, v)) {
                    held.grow();
                }
            }

            @Override
            public Object result() {
                return (long) size();
            }
        }
    }

    /** sum (of type {@code type}) or avg (real, null over no values). */
    static final class Sum extends Aggregation {
        private final Node arg;
        private final boolean mean;

        Sum(Node arg, KType type, boolean mean) {
            super(type);
            this.arg = arg;
            this.mean = mean;
        }

        @Override
        public Accumulator start() {
            return new Accumulator() {
                double sum;
                long n;

                @Override
                public void add(Frame f) {
                    Object v = arg.box(f);
                    if (v != null) {
                        sum += v instanceof Duration ? ((Duration) v).toNanos() : ((Number) v).doubleValue();
                        n++;
                    }
                }

                @Override
                public Object result() {
                    if (mean) {
                        return n == 0 ? null : sum / n;
                    }
                    if (type == KType.REAL) {
                        return sum;
                    }
                    return type == KType.TIMESPAN ? Duration.ofNanos((long) sum) : (Object) (long) sum;
                }
            };
        }
    }

    static final class Extreme extends Aggregation {
        private final Node arg;
        private final boolean min;

        Extreme(Node arg, boolean min) {
            super(arg.type);
            this.arg = arg;
            this.min = min;
        }

        @Override
        public Accumulator start() {
            return new Accumulator() {
                Object best;

                @Override
                public void add(Frame f) {
                    Object v = arg.box(f);
                    if (v != null && (best == null
                            || (Values.compare(v, best) < 0) == min && Values.compare(v, best) != 0)) {
                        best = v;
                    }
                }

                @Override
                public Object result() {
                    return best;
                }
            };
        }
    }

    /** make_set / make_list and their _if forms: arrays are flattened into their elements; nulls are skipped. */
    static final class Collect extends Aggregation.Growing {
        private final Node arg;
        private final Node condition;
        private final boolean distinct;
        private final int max;
        private final boolean nulls;

        Collect(Node arg, Node condition, boolean distinct, int max) {
            this(arg, condition, distinct, max, false);
        }

        Collect(Node arg, Node condition, boolean distinct, int max, boolean nulls) {
            super(KType.DYNAMIC);
            this.arg = arg;
            this.condition = condition;
            this.distinct = distinct;
            this.max = max;
            this.nulls = nulls;
        }

        @Override
        public Accumulator start(Held held) {
            return distinct ? new SetOf(this, held) : new ListOf(this, held);
        }

        /** Whether the row counts (the _if forms' condition). */
        boolean takes(Frame f) {
            return condition == null || condition.evalLong(f) == Node.TRUE;
        }

        /** make_set: the group's distinct values in first-seen order, kept small while they are few. */
        private static final class SetOf extends DistinctValues implements Accumulator {
            private final Collect c;
            private final Held held;

            SetOf(Collect c, Held held) {
                super(true);
                this.c = c;
                this.held = held;
            }

            @Override
            public void add(Frame f) {
                if (!c.takes(f)) {
                    return;
                }
                Object v = c.arg.evalDynamic(f);
                if (v instanceof List) {
                    for (Object o : (List<?>) v) {
                        one(o);
                    }
                } else {
                    one(v);
                }
            }

            private void one(Object v) {
                if (v != null && size() < c.max && add(Dynamic.key(v), v)) {
                    held.grow();
                }
            }

            @Override
            public Object result() {
                return Dynamic.array(values()); // called once, at the end: the values need no copy
            }
        }

        /** make_list (and make_list_with_nulls): the values in row order; the list is made at the first. */
        private static final class ListOf implements Accumulator {
            private final Collect c;
            private final Held held;
            private ArrayList<Object> list;

            ListOf(Collect c, Held held) {
                this.c = c;
                this.held = held;
            }

            @Override
            public void add(Frame f) {
                if (!c.takes(f)) {
                    return;
                }
                Object v = c.arg.evalDynamic(f);
                if (c.nulls) {
                    one(v);
                } else if (v instanceof List) {
                    for (Object o : (List<?>) v) {
                        if (o != null) {
                            one(o);
                        }
                    }
                } else if (v != null) {
                    one(v);
                }
            }

            private void one(Object v) {
                if (list == null) {
                    list = new ArrayList<>(4);
                }
                if (list.size() < c.max) {
                    list.add(v);
                    held.grow();
                }
            }

            @Override
            public Object result() {
                return Dynamic.array(list == null ? new ArrayList<>(0) : list); // called once: no copy
            }
        }
    }

    static final class MakeBag extends Aggregation.Growing {
        private final Node arg;
        private final int max;

        MakeBag(Node arg, int max) {
            super(KType.DYNAMIC);
            this.arg = arg;
            this.max = max;
        }

        @Override
        public Accumulator start(Held held) {
            return new Accumulator() {
                Map<String, Object> bag;

                @Override
                public void add(Frame f) {
                    Object v = arg.evalDynamic(f);
                    if (v instanceof Map) {
                        if (bag == null) {
                            bag = new LinkedHashMap<>();
                        }
                        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                            if (bag.size() >= max) {
                                return;
                            }
                            String key = String.valueOf(e.getKey());
                            if (!bag.containsKey(key)) {
                                bag.put(key, e.getValue());
                                held.grow();
                            }
                        }
                    }
                }

                @Override
                public Object result() {
                    return Dynamic.bag(bag == null ? new LinkedHashMap<>() : bag); // called once: no copy
                }
            };
        }
    }

    static final class TakeAny extends Aggregation {
        private final Node arg;

        TakeAny(Node arg) {
            super(arg.type);
            this.arg = arg;
        }

        @Override
        public Accumulator start() {
            return new Accumulator() {
                Object best;

                @Override
                public void add(Frame f) {
                    if (best == null) {
                        best = arg.box(f);
                    }
                }

                @Override
                public Object result() {
                    return best;
                }
            };
        }
    }

    /** An aggregate over the rows for which a condition is true (the _if forms). */
    static final class If extends Aggregation.Growing {
        private final Aggregation inner;
        private final Node condition;

        If(Aggregation inner, Node condition) {
            super(inner.type);
            this.inner = inner;
            this.condition = condition;
        }

        @Override
        public Accumulator start(Held held) {
            Accumulator a = inner.start(held); // dcountif, make_bag_if, ... count what they keep like their base
            return new Accumulator() {
                @Override
                public void add(Frame f) {
                    if (condition.evalLong(f) == Node.TRUE) {
                        a.add(f);
                    }
                }

                @Override
                public Object result() {
                    return a.result();
                }
            };
        }
    }

    /** variance / stdev (sample: n - 1, null under two values) and their population forms (n). */
    static final class Spread extends Aggregation {
        private final Node arg;
        private final boolean population;
        private final boolean root;

        Spread(Node arg, boolean population, boolean root) {
            super(KType.REAL);
            this.arg = arg;
            this.population = population;
            this.root = root;
        }

        @Override
        public Accumulator start() {
            return new Accumulator() {
                long n;
                double mean;
                double m2; // Welford: stable for large values

                @Override
                public void add(Frame f) {
                    Object v = arg.box(f);
                    if (v instanceof Number x) {
                        double d = x.doubleValue();
                        n++;
                        double delta = d - mean;
                        mean += delta / n;
                        m2 += delta * (d - mean);
                    }
                }

                @Override
                public Object result() {
                    long div = population ? n : n - 1;
                    if (div <= 0) {
                        return population && n == 1 ? 0.0 : null;
                    }
                    double var = m2 / div;
                    return root ? Math.sqrt(var) : var;
                }
            };
        }
    }

    /**
     * percentile / percentiles / percentiles_array: nearest rank over the sorted non-null values (the smallest value
     * with at least p% of the values at or below it). One rank gives the value; several an Object[] (summarize
     * spreads it over columns) or, as an array, a dynamic list.
     */
    static final class Percentiles extends Aggregation.Growing {
        private final Node arg;
        private final double[] ranks;
        private final boolean array;

        Percentiles(Node arg, KType type, double[] ranks, boolean array) {
            super(type);
            this.arg = arg.type == KType.DYNAMIC ? ConversionFunctions.fromDynamic(arg, KType.REAL) : arg;
            this.ranks = ranks;
            this.array = array;
        }

        /** How many output columns: one per rank unless the result is one array. */
        public int width() {
            return array ? 1 : ranks.length;
        }

        @Override
        public Accumulator start(Held held) {
            return new Accumulator() {
                final List<Object> values = new ArrayList<>();

                @Override
                public void add(Frame f) {
                    Object v = arg.box(f);
                    if (v != null) {
                        values.add(type == KType.LONG && v instanceof Number x ? (Object) x.longValue() : v);
                        held.grow(); // every value is kept until the group ends
                    }
                }

                @Override
                public Object result() {
                    values.sort(Values::compare);
                    Object[] out = new Object[ranks.length];
                    for (int i = 0; i < ranks.length; i++) {
                        if (!values.isEmpty()) {
                            int k = (int) Math.ceil(ranks[i] / 100.0 * values.size());
                            out[i] = values.get(Math.max(0, Math.min(values.size(), k) - 1));
                        }
                    }
                    if (array) {
                        return Dynamic.array(new ArrayList<>(java.util.Arrays.asList(out)));
                    }
                    return out.length == 1 ? out[0] : out;
                }
            };
        }
    }
}

package dev.hookline.kql.eval;

import dev.hookline.kql.KqlException;
import dev.hookline.kql.TableSource;
import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Values;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.KType;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/** A batch (hunting) operator: pushes its output rows, in order, to a consumer. */
abstract class TabNode {
    final List<String> names;
    final List<KType> types;
    /** The table the rows come from, when there is exactly one; for missing-column warnings downstream. */
    final Table origin;

    TabNode(List<String> names, List<KType> types, Table origin) {
        this.names = names;
        this.types = types;
        this.origin = origin;
    }

    abstract void run(TableSource source, long now, Consumer<Object[]> out);

    /**
     * Tells this node that its one consumer reads only these columns of its rows. Called at planning time, by a
     * consumer that compiled all it reads (summarize). Returns true when the node then emits rows of only those
     * columns, in column order (compact rows); false when its rows stay whole: a node that may have other readers
     * (materialize) or does not benefit.
     */
    boolean needOnly(BitSet columns) {
        return false;
    }

    static int[] indices(BitSet columns) {
        return columns.stream().toArray();
    }

    /** Reads a table's events through a row chain. */
    static final class Scan extends TabNode {
        private final Table table;
        private final Chain chain;
        private final Slots slots;
        /** The columns the consumer reads (the rows hold only these, in order), or null for all. */
        private int[] only;

        Scan(Table table, Chain chain, Slots slots) {
            super(chain.out.names, chain.out.types(), table);
            this.table = table;
            this.chain = chain;
            this.slots = slots;
        }

        @Override
        boolean needOnly(BitSet columns) {
            only = indices(columns);
            return true;
        }

        @Override
        void run(TableSource source, long now, Consumer<Object[]> out) {
            Frame f = slots.newFrame();
            f.now = now;
            source.scan(table, ev -> {
                if (ev.table() != null && ev.table() != table) {
                    return;
                }
                f.event = ev;
                if (chain.run(f)) {
                    out.accept(only == null ? chain.row(f) : chain.row(f, only));
                }
            });
        }
    }

    /** Loads materialized rows into frame slots so scalar expressions can read them. */
    static final class RowReader {
        final Slots slots = new Slots();
        final Schema schema;
        private final Node[] slotNodes;

        RowReader(TabNode input) {
            schema = new Schema(input.origin, null);
            slotNodes = new Node[input.names.size()];
            for (int i = 0; i < slotNodes.length; i++) {
                slotNodes[i] = slots.allocate(input.types.get(i));
                schema.add(input.names.get(i), slotNodes[i]);
            }
        }

        /** The columns load() copies into the frame: all (null), or those the consumer's expressions read. */
        private int[] loaded;
        /** Whether the input's rows hold only the loaded columns, in order (see {@link TabNode#needOnly}). */
        private boolean compact;

        /** Loads only these columns; the rows hold only them when compact. */
        void loadOnly(BitSet columns, boolean compactRows) {
            loaded = indices(columns);
            compact = compactRows;
        }

        void load(Object[] row, Frame f) {
            if (loaded != null) {
                for (int p = 0; p < loaded.length; p++) {
                    int i = loaded[p];
                    Slots.load(slotNodes[i], row[compact ? p : i], f);
                }
                return;
            }
            for (int i = 0; i < slotNodes.length; i++) {
                Slots.load(slotNodes[i], row[i], f);
            }
        }
    }

    /** A row chain over a materialized input. */
    static final class RowChain extends TabNode {
        private final TabNode input;
        private final RowReader reader;
        private final Chain chain;

        RowChain(TabNode input, RowReader reader, Chain chain) {
            super(chain.out.names, chain.out.types(), input.origin);
            this.input = input;
            this.reader = reader;
            this.chain = chain;
        }

        @Override
        void run(TableSource source, long now, Consumer<Object[]> out) {
            Frame f = reader.slots.newFrame();
            f.now = now;
            input.run(source, now, row -> {
                reader.load(row, f);
                if (chain.run(f)) {
                    out.accept(chain.row(f));
                }
            });
        }
    }

    /**
     * union: kind=outer (default) has all columns in order of first appearance, a column an input lacks is null;
     * kind=inner only the columns every input has. withsource adds a first column naming each row's input.
     */
    static final class Union extends TabNode {
        private final List<TabNode> inputs;
        private final int[][] mapping;
        private final List<String> sources;

        private Union(List<TabNode> inputs, List<String> names, List<KType> types, int[][] mapping, Table origin,
                List<String> sources) {
            super(names, types, origin);
            this.inputs = inputs;
            this.mapping = mapping;
            this.sources = sources;
        }

        static Union of(List<TabNode> inputs) {
            return of(inputs, false, null, null);
        }

        /** sources: the value of the withSource column for each input (when withSource is set). */
        static Union of(List<TabNode> inputs, boolean inner, String withSource, List<String> sources) {
            List<String> names = new ArrayList<>();
            List<KType> types = new ArrayList<>();
            Map<String, Integer> index = new HashMap<>();
            int base = 0;
            if (withSource != null) {
                names.add(withSource);
                types.add(KType.STRING);
                index.put(withSource, 0);
                base = 1;
            }
            int[][] mapping = new int[inputs.size()][];
            Table origin = inputs.get(0).origin;
            for (int k = 0; k < inputs.size(); k++) {
                TabNode in = inputs.get(k);
                if (in.origin != origin) {
                    origin = null;
                }
                mapping[k] = new int[in.names.size()];
                for (int i = 0; i < in.names.size(); i++) {
                    String n = in.names.get(i);
                    Integer at = index.get(n);
                    if (at != null && types.get(at) != in.types.get(i)) {
                        // Kusto keeps differently typed columns apart by suffixing the type name
                        n = n + "_" + in.types.get(i).kustoName();
                        at = index.get(n);
                    }
                    if (at == null) {
                        at = names.size();
                        index.put(n, at);
                        names.add(n);
                        types.add(in.types.get(i));
                    }
                    mapping[k][i] = at;
                }
            }
            if (inner) {
                // keep the columns every input maps to, in their outer order
                boolean[] keep = new boolean[names.size()];
                Arrays.fill(keep, true);
                for (int[] map : mapping) {
                    boolean[] has = new boolean[names.size()];
                    for (int at : map) {
                        has[at] = true;
                    }
                    for (int c = base; c < keep.length; c++) {
                        keep[c] &= has[c];
                    }
                }
                int[] renumber = new int[names.size()];
                List<String> kn = new ArrayList<>();
                List<KType> kt = new ArrayList<>();
                for (int c = 0; c < keep.length; c++) {
                    renumber[c] = keep[c] ? kn.size() : -1;
                    if (keep[c]) {
                        kn.add(names.get(c));
                        kt.add(types.get(c));
                    }
                }
                for (int[] map : mapping) {
                    for (int i = 0; i < map.length; i++) {
                        map[i] = renumber[map[i]];
                    }
                }
                names = kn;
                types = kt;
            }
            return new Union(inputs, names, types, mapping, origin, withSource == null ? null : sources);
        }

        @Override
        void run(TableSource source, long now, Consumer<Object[]> out) {
            int width = names.size();
            for (int k = 0; k < inputs.size(); k++) {
                int[] map = mapping[k];
                String src = sources == null ? null : sources.get(k);
                inputs.get(k).run(source, now, row -> {
                    Object[] r = new Object[width];
                    if (src != null) {
                        r[0] = src;
                    }
                    for (int i = 0; i < map.length; i++) {
                        if (map[i] >= 0) {
                            r[map[i]] = row[i];
                        }
                    }
                    out.accept(r);
                });
            }
        }
    }

    /** Rows computed once per run and replayed to every reader (materialize()). */
    static final class Cached extends TabNode {
        private final TabNode input;
        private final CompileContext ctx;
        private final long budget;
        private final Ast.Pos pos;
        private long cachedFor = -1;
        private List<Object[]> rows;

        Cached(TabNode input, CompileContext ctx, Ast.Pos pos) {
            super(input.names, input.types, input.origin);
            this.pos = pos;
            this.input = input;
            this.ctx = ctx;
            this.budget = ctx.options.rowBudget();
        }

        @Override
        void run(TableSource source, long now, Consumer<Object[]> out) {
            if (cachedFor != ctx.runs) {
                List<Object[]> got = new ArrayList<>();
                input.run(source, now, row -> {
                    if (got.size() >= budget) {
                        throw new KqlException(pos.line(), pos.column(), "materialize(): more than " + budget
                                + " rows (the row budget)");
                    }
                    got.add(row);
                });
                rows = got;
                cachedFor = ctx.runs;
            }
            for (Object[] r : rows) {
                out.accept(r);
            }
        }
    }

    /** Rows fixed at compile time or computed from constants at run time (datatable, print, range, getschema). */
    static final class Rows extends TabNode {
        interface Producer {
            void produce(long now, Consumer<Object[]> out);
        }

        private final Producer producer;

        Rows(List<String> names, List<KType> types, Producer producer) {
            super(names, types, null);
            this.producer = producer;
        }

        @Override
        void run(TableSource source, long now, Consumer<Object[]> out) {
            producer.produce(now, out);
        }
    }

    /** sort/order by: stable; per key asc or desc and nulls first or last. */
    static final class Sort extends TabNode {
        private final TabNode input;
        private final RowReader reader;
        private final Node[] keys;
        private final boolean[] asc;
        private final boolean[] nullsFirst;
        private final long limit;
        private final long budget;
        private final String operator;
        private final Ast.Pos pos;

        Sort(TabNode input, RowReader reader, Node[] keys, boolean[] asc, boolean[] nullsFirst, long limit,
                long budget, String operator, Ast.Pos pos) {
            super(input.names, input.types, input.origin);
            this.budget = budget;
            this.operator = operator;
            this.pos = pos;
            this.input = input;
            this.reader = reader;
            this.keys = keys;
            this.asc = asc;
            this.nullsFirst = nullsFirst;
            this.limit = limit;
        }

        @Override
        void run(TableSource source, long now, Consumer<Object[]> out) {
            Frame f = reader.slots.newFrame();
            f.now = now;
            // an entry is {keys, arrival number, row}; the arrival number keeps the sort stable
            Comparator<Object[]> cmp = (x, y) -> {
                Object[] a = (Object[]) x[0];
                Object[] b = (Object[]) y[0];
                for (int i = 0; i < a.length; i++) {
                    int c = compareKey(a[i], b[i], asc[i], nullsFirst[i]);
                    if (c != 0) {
                        return c;
                    }
                }
                return Long.compare((Long) x[1], (Long) y[1]);
            };
            // top N keeps the best N seen so far (worst on top of the heap), so it holds N rows, not the input
            boolean bounded = limit < budget;
            PriorityQueue<Object[]> best = bounded ? new PriorityQueue<>(cmp.reversed()) : null;
            List<Object[]> all = bounded ? null : new ArrayList<>();
            long[] seq = {0};
            input.run(source, now, row -> {
                if (bounded && limit == 0) {
                    return;
                }
                reader.load(row, f);
                Object[] k = new Object[keys.length];
                for (int i = 0; i < k.length; i++) {
                    k[i] = keys[i].box(f);
                }
                Object[] entry = {k, seq[0]++, row};
                if (bounded) {
                    if (best.size() < limit) {
                        best.add(entry);
                    } else if (cmp.compare(entry, best.peek()) < 0) {
                        best.poll();
                        best.add(entry);
                    }
                    return;
                }
                if (all.size() >= budget) {
                    throw new KqlException(pos.line(), pos.column(), operator + ": more than " + budget
                            + " rows to sort (the row budget); narrow the input, or use top N");
                }
                all.add(entry);
            });
            List<Object[]> sorted = bounded ? new ArrayList<>(best) : all;
            sorted.sort(cmp);
            long n = 0;
            for (Object[] e : sorted) {
                if (n++ >= limit) {
                    break;
                }
                out.accept((Object[]) e[2]);
            }
        }

        static int compareKey(Object a, Object b, boolean asc, boolean nullsFirst) {
            if (a == null || b == null) {
                if (a == b) {
                    return 0;
                }
                return (a == null) == nullsFirst ? -1 : 1;
            }
            int c = Values.compare(a, b);
            return asc ? c : -c;
        }
    }

    static final class Take extends TabNode {
        private final TabNode input;
        private final long limit;

        Take(TabNode input, long limit) {
            super(input.names, input.types, input.origin);
            this.input = input;
            this.limit = limit;
        }

        @Override
        void run(TableSource source, long now, Consumer<Object[]> out) {
            long[] n = {0};
            input.run(source, now, row -> {
                if (n[0]++ < limit) {
                    out.accept(row);
                }
            });
        }
    }

    static final class Count extends TabNode {
        private final TabNode input;

        Count(TabNode input) {
            super(List.of("Count"), List.of(KType.LONG), null);
            this.input = input;
        }

        @Override
        void run(TableSource source, long now, Consumer<Object[]> out) {
            long[] n = {0};
            input.run(source, now, row -> n[0]++);
            out.accept(new Object[] {n[0]});
        }
    }
}

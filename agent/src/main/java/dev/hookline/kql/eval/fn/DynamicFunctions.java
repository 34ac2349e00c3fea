package dev.hookline.kql.eval.fn;

import dev.hookline.kql.expr.Dynamic;
import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.parse.KType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Functions over {@code dynamic} values ({@link Dynamic}): parse_json/todynamic, array_length, array_concat,
 * array_slice, array_index_of, set_has_element, set_union, set_intersect, set_difference, pack/bag_pack,
 * pack_array, bag_keys, bag_merge; and property/element access ({@link #access}). An argument that should be an
 * array or a bag and is not makes the result null, as in Kusto. See {@link StringFunctions} for how to add a
 * function.
 */
public final class DynamicFunctions {
    private static final int MAX_ARGS = 64;
    /** pack_array is written out by hand over long IOC lists (a published query has 65 values). */
    private static final int PACK_ARRAY_MAX_ARGS = 4096;
    /** Kusto's largest array. */
    static final int RANGE_MAX = 1_048_576;

    private DynamicFunctions() {
    }

    static void register(FunctionTable t) {
        t.add(FunctionDef.named("parse_json").alias("todynamic", "parsejson", "toobject").args(1)
                .signature("parse_json(text)")
                .doc("text parsed as JSON; text that is not JSON becomes a dynamic string; a dynamic is kept.")
                .returns(KType.DYNAMIC).node((c, type) -> new ParseJson(c.arg(0))));
        t.add(FunctionDef.named("array_length").args(1).signature("array_length(array)")
                .doc("The number of elements of array; null when it is not an array.")
                .returns(KType.LONG).node((c, type) -> new ArrayLength(c.arg(0))));
        t.add(FunctionDef.named("array_concat").args(1, MAX_ARGS).signature("array_concat(array1, array2, ...)")
                .doc("The arrays joined into one; null when any argument is not an array.")
                .returns(KType.DYNAMIC).node((c, type) -> new SetOp(SetOp.CONCAT, all(c))));
        t.add(FunctionDef.named("array_slice").args(3).signature("array_slice(array, start, end)")
                .doc("Elements start to end (both inclusive; negative counts from the end).")
                .returns(c -> {
                    Types.require(c, 1, Types.isWhole(c.type(1)), "a whole-number start");
                    Types.require(c, 2, Types.isWhole(c.type(2)), "a whole-number end");
                    return KType.DYNAMIC;
                })
                .node((c, type) -> new ArraySlice(c.arg(0), c.arg(1), c.arg(2))));
        t.add(FunctionDef.named("array_index_of").args(2, 5)
                .signature("array_index_of(array, value [, start [, length [, occurrence]]])")
                .doc("The index of value in array (-1 when absent); null for an array that is not one.")
                .returns(c -> {
                    for (int i = 2; i < c.size(); i++) {
                        Types.require(c, i, Types.isWhole(c.type(i)), "a whole number");
                    }
                    return KType.LONG;
                })
                .node((c, type) -> new ArrayIndexOf(all(c))));
        t.add(FunctionDef.named("set_has_element").args(2).signature("set_has_element(array, value)")
                .doc("Whether array holds value.")
                .returns(KType.BOOL).node((c, type) -> new SetHasElement(c.arg(0), c.arg(1))));
        t.add(FunctionDef.named("set_union").args(2, MAX_ARGS).signature("set_union(array1, array2, ...)")
                .doc("The distinct values of all the arrays.")
                .returns(KType.DYNAMIC).node((c, type) -> new SetOp(SetOp.UNION, all(c))));
        t.add(FunctionDef.named("set_intersect").args(2, MAX_ARGS).signature("set_intersect(array1, array2, ...)")
                .doc("The distinct values found in every array.")
                .returns(KType.DYNAMIC).node((c, type) -> new SetOp(SetOp.INTERSECT, all(c))));
        t.add(FunctionDef.named("set_difference").args(2, MAX_ARGS)
                .signature("set_difference(array1, array2, ...)")
                .doc("The distinct values of array1 that are in none of the other arrays.")
                .returns(KType.DYNAMIC).node((c, type) -> new SetOp(SetOp.DIFFERENCE, all(c))));
        t.add(FunctionDef.named("bag_pack").alias("pack").args(2, MAX_ARGS)
                .signature("bag_pack(key1, value1, key2, value2, ...)")
                .doc("A property bag of the keys and values.")
                .returns(c -> {
                    if (c.size() % 2 != 0) {
                        throw c.error(c.name() + "() needs pairs of key and value, got " + c.size() + " arguments");
                    }
                    for (int i = 0; i < c.size(); i += 2) {
                        Types.require(c, i, c.type(i).isText(), "a string key");
                    }
                    return KType.DYNAMIC;
                })
                .node((c, type) -> new Pack(all(c))));
        t.add(FunctionDef.named("range").args(2, 3).signature("range(start, stop [, step])")
                .doc("A dynamic array of the numbers from start to stop (inclusive) by step (default 1), at most"
                        + " " + RANGE_MAX + " of them; null when step is 0 or points away from stop.")
                .returns(c -> {
                    for (int i = 0; i < c.size(); i++) {
                        Types.require(c, i, c.type(i).isNumber(), "a number");
                    }
                    return KType.DYNAMIC;
                })
                .node((c, type) -> new NumberRange(all(c))));
        t.add(FunctionDef.named("pack_array").args(1, PACK_ARRAY_MAX_ARGS).signature("pack_array(value1, value2, ...)")
                .doc("An array of the values.")
                .returns(KType.DYNAMIC).node((c, type) -> new PackArray(all(c))));
        t.add(FunctionDef.named("bag_keys").args(1).signature("bag_keys(bag)")
                .doc("The keys of a property bag, in order; null when it is not a bag.")
                .returns(KType.DYNAMIC).node((c, type) -> new BagKeys(c.arg(0))));
        t.add(FunctionDef.named("bag_merge").args(2, MAX_ARGS).signature("bag_merge(bag1, bag2, ...)")
                .doc("One property bag of all the bags' properties; on a key in several bags the leftmost wins.")
                .returns(KType.DYNAMIC).node((c, type) -> new BagMerge(all(c))));
    }

    private static Node[] all(CallSite c) {
        Node[] out = new Node[c.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = c.arg(i);
        }
        return out;
    }

    /** {@code target.key} / {@code target["key"]} (key set) or {@code target[index]}: null when absent. */
    public static Node access(Node target, String key, Node index) {
        return new Access(target, key, index);
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object v) {
        return v instanceof List ? (List<Object>) v : null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asBag(Object v) {
        return v instanceof Map ? (Map<String, Object>) v : null;
    }

    /** A dynamic-valued node: subclasses compute {@link #evalDynamic}; text and output follow from it. */
    abstract static class DynamicNode extends Node {
        DynamicNode(Node... children) {
            super(KType.DYNAMIC, children);
        }

        /** Builds a new value per row. */
        @Override
        public double cost() {
            return 20 + childrenCost();
        }
    }

    static final class ParseJson extends DynamicNode {
        private final Node arg;

        ParseJson(Node arg) {
            super(arg);
            this.arg = arg;
        }

        @Override
        public Object evalDynamic(Frame f) {
            if (arg.type == KType.DYNAMIC) {
                return arg.evalDynamic(f);
            }
            if (arg.type == KType.STRING) {
                return Dynamic.parseOrString(arg.evalString(f));
            }
            return arg.evalDynamic(f);
        }
    }

    static final class Access extends DynamicNode {
        private final Node target;
        private final String key;
        private final Node index;

        Access(Node target, String key, Node index) {
            super(index == null ? new Node[] {target} : new Node[] {target, index});
            this.target = target;
            this.key = key;
            this.index = index;
        }

        @Override
        public Object evalDynamic(Frame f) {
            Object t = target.evalDynamic(f);
            if (t == null) {
                return null;
            }
            if (key != null) {
                Map<String, Object> bag = asBag(t);
                return bag == null ? null : bag.get(key);
            }
            if (index.type.isText()) {
                Map<String, Object> bag = asBag(t);
                return bag == null ? null : bag.get(index.evalString(f));
            }
            List<Object> list = asList(t);
            long i = index.type == KType.REAL ? (long) index.evalReal(f) : index.evalLong(f);
            if (list == null || i == NULL) {
                return null;
            }
            if (i < 0) {
                i += list.size();
            }
            return i >= 0 && i < list.size() ? list.get((int) i) : null;
        }

        /** One map or list lookup. */
        @Override
        public double cost() {
            return 2 + childrenCost();
        }
    }

    static final class ArrayLength extends Node {
        private final Node arg;

        ArrayLength(Node arg) {
            super(KType.LONG, arg);
            this.arg = arg;
        }

        @Override
        public long evalLong(Frame f) {
            List<Object> l = asList(arg.evalDynamic(f));
            return l == null ? NULL : l.size();
        }
    }

    static final class ArraySlice extends DynamicNode {
        private final Node array;
        private final Node start;
        private final Node end;

        ArraySlice(Node array, Node start, Node end) {
            super(array, start, end);
            this.array = array;
            this.start = start;
            this.end = end;
        }

        @Override
        public Object evalDynamic(Frame f) {
            List<Object> l = asList(array.evalDynamic(f));
            long s = start.evalLong(f);
            long e = end.evalLong(f);
            if (l == null || s == NULL || e == NULL) {
                return null;
            }
            int n = l.size();
            if (s < 0) {
                s += n;
            }
            if (e < 0) {
                e += n;
            }
            s = Math.max(0, s);
            e = Math.min(n - 1, e);
            return Dynamic.array(s > e ? new ArrayList<>() : new ArrayList<>(l.subList((int) s, (int) e + 1)));
        }
    }

    static final class ArrayIndexOf extends Node {
        private final Node[] args;

        ArrayIndexOf(Node[] args) {
            super(KType.LONG, args);
            this.args = args;
        }

        @Override
        public long evalLong(Frame f) {
            List<Object> l = asList(args[0].evalDynamic(f));
            if (l == null) {
                return NULL;
            }
            Object value = args[1].evalDynamic(f);
            int n = l.size();
            long start = args.length > 2 ? args[2].evalLong(f) : 0;
            long length = args.length > 3 ? args[3].evalLong(f) : -1;
            long occurrence = args.length > 4 ? args[4].evalLong(f) : 1;
            if (start == NULL || length == NULL || occurrence == NULL || occurrence < 0 || length < -1) {
                return NULL;
            }
            if (start < 0) {
                start = Math.max(0, start + n);
            }
            long end = length == -1 ? n : Math.min(n, start + length);
            long seen = 0;
            for (long i = start; i < end; i++) {
                if (Dynamic.same(l.get((int) i), value) && ++seen >= occurrence) {
                    return i;
                }
            }
            return -1;
        }
    }

    static final class SetHasElement extends Node {
        private final Node array;
        private final Node value;

        SetHasElement(Node array, Node value) {
            super(KType.BOOL, array, value);
            this.array = array;
            this.value = value;
        }

        @Override
        public long evalLong(Frame f) {
            List<Object> l = asList(array.evalDynamic(f));
            if (l == null) {
                return NULL;
            }
            Object v = value.evalDynamic(f);
            for (Object o : l) {
                if (Dynamic.same(o, v)) {
                    return TRUE;
                }
            }
            return FALSE;
        }
    }

    /** array_concat and the set functions: every argument must be an array, else null. */
    static final class SetOp extends DynamicNode {
        static final int CONCAT = 0;
        static final int UNION = 1;
        static final int INTERSECT = 2;
        static final int DIFFERENCE = 3;

        private final int op;
        private final Node[] args;

        SetOp(int op, Node[] args) {
            super(args);
            this.op = op;
            this.args = args;
        }

        @Override
        public Object evalDynamic(Frame f) {
            List<List<Object>> arrays = new ArrayList<>();
            for (Node a : args) {
                List<Object> l = asList(a.evalDynamic(f));
                if (l == null) {
                    return null;
                }
                arrays.add(l);
            }
            if (op == CONCAT) {
                List<Object> out = new ArrayList<>();
                arrays.forEach(out::addAll);
                return Dynamic.array(out);
            }
            Map<Object, Object> result = new LinkedHashMap<>(); // key -> first value seen
            for (Object o : arrays.get(0)) {
                result.putIfAbsent(Dynamic.key(o), o);
            }
            for (int i = 1; i < arrays.size(); i++) {
                if (op == UNION) {
                    for (Object o : arrays.get(i)) {
                        result.putIfAbsent(Dynamic.key(o), o);
                    }
                } else {
                    Set<Object> other = new HashSet<>();
                    for (Object o : arrays.get(i)) {
                        other.add(Dynamic.key(o));
                    }
                    if (op == INTERSECT) {
                        result.keySet().retainAll(other);
                    } else {
                        result.keySet().removeAll(other);
                    }
                }
            }
            return Dynamic.array(new ArrayList<>(result.values()));
        }
    }

    static final class Pack extends DynamicNode {
        private final Node[] args;

        Pack(Node[] args) {
            super(args);
            this.args = args;
        }

        @Override
        public Object evalDynamic(Frame f) {
            Map<String, Object> bag = new LinkedHashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                bag.put(args[i].evalString(f), args[i + 1].evalDynamic(f));
            }
            return Dynamic.bag(bag);
        }
    }

    /** range(start, stop, step): whole numbers when all three are whole, else reals. */
    static final class NumberRange extends DynamicNode {
        private final Node[] args;
        private final boolean whole;

        NumberRange(Node[] args) {
            super(args);
            this.args = args;
            boolean w = true;
            for (Node a : args) {
                w &= Types.isWhole(a.type);
            }
            this.whole = w;
        }

        @Override
        public Object evalDynamic(Frame f) {
            Object[] v = new Object[3];
            for (int i = 0; i < args.length; i++) {
                v[i] = args[i].box(f);
                if (v[i] == null) {
                    return null;
                }
            }
            double start = ((Number) v[0]).doubleValue();
            double stop = ((Number) v[1]).doubleValue();
            double step = args.length > 2 ? ((Number) v[2]).doubleValue() : 1;
            if (step == 0 || (stop - start) / step < 0) {
                return null;
            }
            List<Object> out = new ArrayList<>();
            for (long k = 0; out.size() < RANGE_MAX; k++) {
                double x = start + k * step;
                if (step > 0 ? x > stop : x < stop) {
                    break;
                }
                out.add(whole ? (Object) (long) x : (Object) x);
            }
            return Dynamic.array(out);
        }
    }

    static final class PackArray extends DynamicNode {
        private final Node[] args;

        PackArray(Node[] args) {
            super(args);
            this.args = args;
        }

        @Override
        public Object evalDynamic(Frame f) {
            List<Object> out = new ArrayList<>(args.length);
            for (Node a : args) {
                out.add(a.evalDynamic(f));
            }
            return Dynamic.array(out);
        }
    }

    static final class BagKeys extends DynamicNode {
        private final Node bag;

        BagKeys(Node bag) {
            super(bag);
            this.bag = bag;
        }

        @Override
        public Object evalDynamic(Frame f) {
            Map<String, Object> b = asBag(bag.evalDynamic(f));
            return b == null ? null : Dynamic.array(new ArrayList<>(b.keySet()));
        }
    }

    static final class BagMerge extends DynamicNode {
        private final Node[] args;

        BagMerge(Node[] args) {
            super(args);
            this.args = args;
        }

        @Override
        public Object evalDynamic(Frame f) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Node a : args) {
                Map<String, Object> b = asBag(a.evalDynamic(f));
                if (b != null) {
                    for (Map.Entry<String, Object> e : b.entrySet()) {
                        out.putIfAbsent(e.getKey(), e.getValue());
                    }
                }
            }
            return Dynamic.bag(out);
        }
    }
}

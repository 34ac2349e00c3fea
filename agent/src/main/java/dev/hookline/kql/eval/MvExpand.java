package dev.hookline.kql.eval;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Values;
import dev.hookline.kql.expr.Dynamic;
import dev.hookline.kql.TableSource;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.KType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * mv-expand: each row becomes one row per element of its dynamic arrays (or property bags), expanded in parallel;
 * a shorter array reads as null past its end. A null value gives one row (null); an empty array or bag gives none;
 * a scalar gives one row. A bag's entries become {"key": value} bags (kind=bag) or [key, value] arrays
 * (kind=array). Expanded columns are dynamic unless `to typeof(T)`, where a value that is not a T is null.
 */
final class MvExpand extends TabNode {
    /** The legacy mvexpand's default row limit per input row. */
    private static final long LEGACY_LIMIT = 128;

    private final TabNode input;
    private final RowReader reader;
    private final Node[] values;
    private final int[] outAt;
    private final KType[] outTypes;
    private final boolean bagAsArray;
    private final int indexAt;
    private final long limit;
    private final int width;

    private MvExpand(List<String> names, List<KType> types, TabNode input, RowReader reader, Node[] values,
            int[] outAt, KType[] outTypes, boolean bagAsArray, int indexAt, long limit) {
        super(names, types, input.origin);
        this.input = input;
        this.reader = reader;
        this.values = values;
        this.outAt = outAt;
        this.outTypes = outTypes;
        this.bagAsArray = bagAsArray;
        this.indexAt = indexAt;
        this.limit = limit;
        this.width = names.size();
    }

    static MvExpand of(TabNode in, Ast.MvExpand op, CompileContext ctx,
            java.util.function.ToLongFunction<Ast.Expr> count) {
        RowReader reader = new RowReader(in);
        ExprCompiler ec = new ExprCompiler(reader.schema, ctx);
        List<String> names = new ArrayList<>(in.names);
        List<KType> types = new ArrayList<>(in.types);
        int n = op.items().size();
        Node[] values = new Node[n];
        int[] outAt = new int[n];
        KType[] outTypes = new KType[n];
        for (int i = 0; i < n; i++) {
            Ast.MvItem it = op.items().get(i);
            Ast.Assign a = it.target();
            values[i] = ec.compile(a.expr());
            String name = a.name() != null ? a.name()
                    : a.expr() instanceof Ast.Ident ? ((Ast.Ident) a.expr()).name() : null;
            if (name == null) {
                throw ExprCompiler.error(a.pos(), "mv-expand of an expression needs a name: Name = expression");
            }
            outTypes[i] = it.type() == null ? KType.DYNAMIC : it.type();
            int at = names.indexOf(name);
            if (at < 0) {
                at = names.size();
                names.add(name);
                types.add(outTypes[i]);
            } else {
                types.set(at, outTypes[i]);
            }
            outAt[i] = at;
        }
        int indexAt = -1;
        if (op.indexColumn() != null) {
            indexAt = names.size();
            names.add(op.indexColumn());
            types.add(KType.LONG);
        }
        long limit = op.limit() != null ? count.applyAsLong(op.limit()) : op.legacy() ? LEGACY_LIMIT : Long.MAX_VALUE;
        return new MvExpand(names, types, in, reader, values, outAt, outTypes, op.bagAsArray(), indexAt, limit);
    }

    @Override
    void run(TableSource source, long now, Consumer<Object[]> out) {
        Frame f = reader.slots.newFrame();
        f.now = now;
        input.run(source, now, row -> {
            reader.load(row, f);
            List<List<Object>> lists = new ArrayList<>(values.length);
            int rows = 0;
            for (int i = 0; i < values.length; i++) {
                List<Object> els = elements(values[i], f, outTypes[i], bagAsArray);
                lists.add(els);
                rows = Math.max(rows, els.size());
            }
            long n = Math.min(rows, limit);
            for (int r = 0; r < n; r++) {
                Object[] o = new Object[width];
                System.arraycopy(row, 0, o, 0, row.length);
                for (int i = 0; i < values.length; i++) {
                    List<Object> els = lists.get(i);
                    o[outAt[i]] = r < els.size() ? els.get(r) : null;
                }
                if (indexAt >= 0) {
                    o[indexAt] = (long) r;
                }
                out.accept(o);
            }
        });
    }

    /** The values one row expands to, already as the output type. */
    static List<Object> elements(Node n, Frame f, KType type, boolean bagAsArray) {
        List<Object> out = new ArrayList<>();
        Object v;
        if (n.type == KType.DYNAMIC) {
            v = n.evalDynamic(f);
        } else if (n.type == KType.STRING) {
            // a string holding JSON expands as the array or bag it spells, as Kusto's implicit todynamic() does
            v = Dynamic.parseOrString(n.evalString(f));
        } else {
            v = n.box(f);
            out.add(v == null ? null : cast(Values.text(n, f), type));
            return out;
        }
        if (v instanceof List) {
            for (Object el : (List<?>) v) {
                out.add(cast(el, type));
            }
        } else if (v instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                Object entry;
                if (bagAsArray) {
                    List<Object> pair = new ArrayList<>(2);
                    pair.add(e.getKey());
                    pair.add(e.getValue());
                    entry = Dynamic.array(pair);
                } else {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put((String) e.getKey(), e.getValue());
                    entry = Dynamic.bag(one);
                }
                out.add(cast(entry, type));
            }
        } else {
            out.add(cast(v, type));
        }
        return out;
    }

    /** A dynamic element as the output type: dynamic keeps the value; typeof() converts it or gives null. */
    private static Object cast(Object el, KType type) {
        if (el == null) {
            return null;
        }
        switch (type) {
            case DYNAMIC:
                return el;
            case STRING:
                return Dynamic.text(el);
            case LONG:
            case INT: {
                long v = Dynamic.toLong(el);
                return v == Node.NULL ? null : type == KType.INT ? (Object) (int) v : (Object) v;
            }
            case REAL: {
                double d = Dynamic.toReal(el);
                return Double.isNaN(d) ? null : d;
            }
            case BOOL: {
                long b = Dynamic.toBool(el);
                return b == Node.NULL ? null : b != 0;
            }
            default:
                return Leaves.fromText(Dynamic.text(el), type);
        }
    }
}

package dev.hookline.kql.eval;

import dev.hookline.kql.KqlException;
import dev.hookline.kql.TableSource;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.KType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code evaluate bag_unpack(Column [, OutputColumnPrefix] [, columnsConflict] [, ignoredProperties]) [: schema]}
 * as Kusto runs it (bag-unpack-plugin.md): the input's columns other than Column, then one column per top-level
 * property of Column's bags, in ordinal order of name (Kusto's own examples list Age before Name), prefixed by
 * OutputColumnPrefix. A property's column has the type its non-null values share, or dynamic when they differ.
 * A property that is also a column of the input is an error, unless columnsConflict says replace_source (the bag's
 * value) or keep_source (the input's); either way the column takes the property's place among the new ones.
 *
 * <p>With an output schema the columns are the declared ones (after the input's other columns when the schema starts
 * with {@code *}), each the property of that name converted to the declared type, so the query is planned when it
 * is compiled. Without one the columns come from the data: like Kusto, which runs the plugin's input first to learn
 * them, Hookline plans the query up to bag_unpack, runs that input, and then plans the rest with the columns found
 * (see {@link NeedsData}). Either way the plugin becomes a {@code project} of the unpacked properties.
 */
final class BagUnpack {
    private static final Set<String> CONFLICT_MODES = Set.of("error", "replace_source", "keep_source");

    private BagUnpack() {
    }

    /** The plugin's arguments, checked against its input. */
    record Args(Ast.BagUnpack op, String column, String prefix, String conflict, Set<String> ignored) {
    }

    /** Thrown while planning a bag_unpack without output schema whose columns are not known yet. */
    static final class NeedsData extends KqlException {
        private static final long serialVersionUID = 1L;
        final transient TabNode input;
        final transient Args args;

        NeedsData(TabNode input, Args args) {
            super(args.op().pos().line(), args.op().pos().column(), "bag_unpack without an output schema takes its"
                    + " columns from the data, so the query is planned when it runs, not here");
            this.input = input;
            this.args = args;
        }
    }

    static Args args(TabNode in, Ast.BagUnpack op, CompileContext ctx) {
        if (!(op.column() instanceof Ast.Ident)) {
            throw ExprCompiler.error(op.column().pos(), "bag_unpack needs the name of a column to unpack");
        }
        String column = ((Ast.Ident) op.column()).name();
        int at = in.names.indexOf(column);
        if (at < 0) {
            throw ExprCompiler.error(op.column().pos(), "bag_unpack: unknown column '" + column + "'");
        }
        if (in.types.get(at) != KType.DYNAMIC) {
            throw ExprCompiler.error(op.column().pos(), "bag_unpack needs a dynamic column; '" + column + "' is "
                    + in.types.get(at).kustoName() + " (extend it with todynamic() first)");
        }
        String prefix = op.prefix() == null ? "" : constantText(op.prefix(), "OutputColumnPrefix", ctx);
        String conflict = op.conflict() == null ? "error"
                : constantText(op.conflict(), "columnsConflict", ctx).toLowerCase(Locale.ROOT);
        if (!CONFLICT_MODES.contains(conflict)) {
            throw ExprCompiler.error(op.conflict().pos(), "bag_unpack: columnsConflict is 'error', 'replace_source'"
                    + " or 'keep_source', not '" + conflict + "'");
        }
        Set<String> ignored = new HashSet<>();
        if (op.ignored() != null) {
            Node n = new ExprCompiler(new Schema(null, null), ctx).compile(op.ignored());
            Object v = n.isConstant() && n.type == KType.DYNAMIC ? n.evalDynamic(null) : null;
            if (!(v instanceof List)) {
                throw ExprCompiler.error(op.ignored().pos(), "bag_unpack: ignoredProperties is a constant dynamic"
                        + " array of property names");
            }
            for (Object o : (List<?>) v) {
                if (o != null) {
                    ignored.add(o.toString());
                }
            }
        }
        return new Args(op, column, prefix, conflict, ignored);
    }

    private static String constantText(Ast.Expr e, String what, CompileContext ctx) {
        Node n = new ExprCompiler(new Schema(null, null), ctx).compile(e);
        if (!n.isConstant() || !n.type.isText()) {
            throw ExprCompiler.error(e.pos(), "bag_unpack: " + what + " is a constant string");
        }
        String s = n.type == KType.DYNAMIC ? String.valueOf(n.evalDynamic(null)) : n.evalString(null);
        return s == null ? "" : s;
    }

    /** The project for an output schema: the declared columns, each its property converted to the declared type. */
    static Ast.Project declared(TabNode in, Args a) {
        Ast.Pos p = a.op().pos();
        List<Ast.Assign> out = new ArrayList<>();
        Map<String, KType> declared = new HashMap<>();
        for (Ast.ColumnDecl c : a.op().schema()) {
            declared.put(c.name(), c.type());
        }
        Set<String> placed = new HashSet<>();
        if (a.op().star()) {
            for (String n : in.names) {
                if (n.equals(a.column())) {
                    continue;
                }
                KType t = declared.get(n);
                if (t == null) {
                    out.add(new Ast.Assign(p, n, new Ast.Ident(p, n)));
                } else { // declared and already a column: it keeps the input's place (as the analyzer types it)
                    out.add(new Ast.Assign(p, n, a.conflict().equals("keep_source") ? convert(new Ast.Ident(p, n), t, p)
                            : property(a, key(a, n), t, p)));
                    placed.add(n);
                }
            }
        }
        for (Ast.ColumnDecl c : a.op().schema()) {
            if (!placed.contains(c.name())) {
                out.add(new Ast.Assign(p, c.name(), property(a, key(a, c.name()), c.type(), p)));
            }
        }
        return new Ast.Project(p, out);
    }

    /** The property a declared column reads: its name without the prefix, when it has it. */
    private static String key(Args a, String name) {
        return !a.prefix().isEmpty() && name.startsWith(a.prefix()) ? name.substring(a.prefix().length()) : name;
    }

    /** The project for the properties found in the data (name to type, see {@link #discover}). */
    static Ast.Project discovered(TabNode in, Args a, Map<String, KType> found) {
        Ast.Pos p = a.op().pos();
        List<Ast.Assign> out = new ArrayList<>();
        Set<String> fromBag = new HashSet<>();
        for (String k : found.keySet()) {
            fromBag.add(a.prefix() + k);
        }
        for (String n : in.names) {
            if (!n.equals(a.column()) && !fromBag.contains(n)) {
                out.add(new Ast.Assign(p, n, new Ast.Ident(p, n)));
            }
        }
        for (Map.Entry<String, KType> e : found.entrySet()) {
            String name = a.prefix() + e.getKey();
            boolean clash = !name.equals(a.column()) && in.names.contains(name);
            if (clash && a.conflict().equals("error")) {
                throw ExprCompiler.error(p, "bag_unpack: property '" + e.getKey() + "' would be column '" + name
                        + "', which the input already has; columnsConflict='replace_source' or 'keep_source' settles it");
            }
            Ast.Expr value = clash && a.conflict().equals("keep_source") ? new Ast.Ident(p, name)
                    : property(a, e.getKey(), e.getValue(), p);
            out.add(new Ast.Assign(p, name, value));
        }
        return new Ast.Project(p, out);
    }

    /** Column[key], converted to type. */
    private static Ast.Expr property(Args a, String key, KType type, Ast.Pos p) {
        Ast.Expr member = new Ast.Member(p, new Ast.Ident(p, a.column()), key, null);
        return convert(member, type, p);
    }

    private static Ast.Expr convert(Ast.Expr e, KType type, Ast.Pos p) {
        switch (type) {
            case DYNAMIC: return e;
            case STRING: return new Ast.Call(p, "tostring", List.of(e));
            case LONG: return new Ast.Call(p, "tolong", List.of(e));
            case INT: return new Ast.Call(p, "toint", List.of(e));
            case REAL: return new Ast.Call(p, "toreal", List.of(e));
            case BOOL: return new Ast.Call(p, "tobool", List.of(e));
            case DATETIME: return new Ast.Call(p, "todatetime", List.of(new Ast.Call(p, "tostring", List.of(e))));
            case TIMESPAN: return new Ast.Call(p, "totimespan", List.of(new Ast.Call(p, "tostring", List.of(e))));
            default: throw new IllegalStateException(type.name());
        }
    }

    /**
     * Runs the input and collects its bags' top-level properties (null values ignored, as Kusto's plugin does;
     * ignoredProperties left out), each with the type all its values share, or dynamic; ordinal order of name.
     */
    static Map<String, KType> discover(TabNode input, Args a, TableSource source, long now, long rowBudget) {
        int col = input.names.indexOf(a.column());
        Map<String, KType> found = new TreeMap<>();
        long[] rows = {0};
        input.run(source, now, row -> {
            if (++rows[0] > rowBudget) {
                Ast.Pos p = a.op().pos();
                throw new KqlException(p.line(), p.column(), "bag_unpack: more than " + rowBudget
                        + " input rows (the row budget)");
            }
            if (!(row[col] instanceof Map)) {
                return;
            }
            for (Map.Entry<?, ?> e : ((Map<?, ?>) row[col]).entrySet()) {
                String k = String.valueOf(e.getKey());
                if (e.getValue() == null || a.ignored().contains(k)) {
                    continue;
                }
                KType t = typeOf(e.getValue());
                found.merge(k, t, (was, now2) -> was == now2 ? was : KType.DYNAMIC);
            }
        });
        return found;
    }

    /** The Kusto type of a dynamic value's slot: string, long, real, bool, or dynamic (arrays and bags). */
    static KType typeOf(Object v) {
        if (v instanceof String) {
            return KType.STRING;
        }
        if (v instanceof Long || v instanceof Integer) {
            return KType.LONG;
        }
        if (v instanceof Double) {
            return KType.REAL;
        }
        if (v instanceof Boolean) {
            return KType.BOOL;
        }
        return KType.DYNAMIC;
    }
}

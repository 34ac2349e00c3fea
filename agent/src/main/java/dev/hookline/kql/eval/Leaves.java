package dev.hookline.kql.eval;

import dev.hookline.kql.KqlException;
import dev.hookline.kql.expr.Dynamic;
import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Values;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.Durations;
import dev.hookline.kql.parse.KType;
import dev.hookline.schema.Times;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Sources that read no table: datatable, print, range, externaldata; and getschema, which describes its input. */
final class Leaves {
    private Leaves() {
    }

    static TabNode plan(Ast.Source s, CompileContext ctx) {
        if (s instanceof Ast.DataTable) {
            return dataTable((Ast.DataTable) s, ctx);
        }
        if (s instanceof Ast.Print) {
            return print((Ast.Print) s, ctx);
        }
        if (s instanceof Ast.Range) {
            return range((Ast.Range) s, ctx);
        }
        if (s instanceof Ast.ExternalData) {
            return ExternalData.plan((Ast.ExternalData) s, ctx);
        }
        throw ExprCompiler.error(s.pos(), "unsupported source");
    }

    private static ExprCompiler constants(CompileContext ctx) {
        return new ExprCompiler(new Schema(null, null), ctx);
    }

    static List<String> names(List<Ast.ColumnDecl> cols) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Ast.ColumnDecl c : cols) {
            if (!seen.add(c.name())) {
                throw ExprCompiler.error(c.pos(), "duplicate column name '" + c.name() + "'");
            }
            names.add(c.name());
        }
        return names;
    }

    static List<KType> types(List<Ast.ColumnDecl> cols) {
        List<KType> types = new ArrayList<>();
        for (Ast.ColumnDecl c : cols) {
            types.add(c.type());
        }
        return types;
    }

    private static TabNode dataTable(Ast.DataTable d, CompileContext ctx) {
        List<String> names = names(d.columns());
        List<KType> types = types(d.columns());
        int w = names.size();
        List<Object[]> rows = new ArrayList<>();
        ExprCompiler ec = constants(ctx);
        for (int i = 0; i < d.values().size(); i += w) {
            Object[] row = new Object[w];
            for (int c = 0; c < w; c++) {
                Ast.Expr e = d.values().get(i + c);
                Node n = ec.compile(e);
                if (!n.isConstant()) {
                    throw ExprCompiler.error(e.pos(), "datatable values must be constants");
                }
                row[c] = coerce(n, types.get(c), e.pos(), names.get(c));
            }
            rows.add(row);
        }
        return new TabNode.Rows(names, types, (now, out) -> rows.forEach(out));
    }

    /** A constant as the declared column type (numbers widen or narrow; anything else must already match). */
    private static Object coerce(Node n, KType want, Ast.Pos pos, String column) {
        Object v = n.box(null);
        if (v == null) {
            return want == KType.STRING ? "" : null;
        }
        KType have = n.type;
        if (want == KType.DYNAMIC) {
            return Dynamic.of(v); // a dynamic constant keeps its array or bag; a scalar becomes a dynamic scalar
        }
        if (have == want) {
            return v;
        }
        if (want.isNumber() && have.isNumber()) {
            Number num = (Number) v;
            switch (want) {
                case LONG: return num.longValue();
                case INT: return num.intValue();
                default: return num.doubleValue();
            }
        }
        if (want == KType.STRING) {
            return Values.text(n, null);
        }
        throw ExprCompiler.error(pos, "column '" + column + "' is " + want.kustoName() + " but the value is "
                + have.kustoName());
    }

    private static TabNode print(Ast.Print p, CompileContext ctx) {
        ExprCompiler ec = constants(ctx);
        List<String> names = new ArrayList<>();
        List<KType> types = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        int unnamed = 0;
        for (Ast.Assign a : p.assigns()) {
            Node n = ec.compile(a.expr());
            String name = a.name() != null ? a.name() : "print_" + unnamed++;
            if (names.contains(name)) {
                throw ExprCompiler.error(a.pos(), "duplicate column name '" + name + "' in print");
            }
            names.add(name);
            types.add(n.type);
            nodes.add(n);
        }
        return new TabNode.Rows(names, types, (now, out) -> {
            Frame f = new Frame(0, 0, 0);
            f.now = now;
            Object[] row = new Object[nodes.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = nodes.get(i).box(f);
            }
            out.accept(row);
        });
    }

    private static TabNode range(Ast.Range r, CompileContext ctx) {
        ExprCompiler ec = constants(ctx);
        Node from = ec.compile(r.from());
        Node to = ec.compile(r.to());
        Node step = ec.compile(r.step());
        KType t = from.type;
        boolean time = t == KType.DATETIME || t == KType.TIMESPAN;
        boolean ok = time ? step.type == KType.TIMESPAN && to.type == t
                : (t == KType.LONG || t == KType.INT) && (to.type == KType.LONG || to.type == KType.INT)
                        && (step.type == KType.LONG || step.type == KType.INT);
        if (t == KType.REAL || to.type == KType.REAL || step.type == KType.REAL) {
            throw ExprCompiler.error(r.pos(), "range over real numbers is not supported (use long, datetime or"
                    + " timespan)");
        }
        if (!ok) {
            throw ExprCompiler.error(r.pos(), "range needs from and to of one type (long, datetime or timespan) and a"
                    + " matching step (a timespan for datetime and timespan)");
        }
        KType out = t == KType.INT ? KType.LONG : t;
        long budget = ctx.options.rowBudget();
        Ast.Pos pos = r.pos();
        return new TabNode.Rows(List.of(r.name()), List.of(out), (now, sink) -> {
            Frame f = new Frame(0, 0, 0);
            f.now = now;
            long a = from.evalLong(f);
            long b = to.evalLong(f);
            long s = step.evalLong(f);
            if (a == Node.NULL || b == Node.NULL || s == Node.NULL || s == 0) {
                return;
            }
            long n = 0;
            for (long v = a; s > 0 ? v <= b : v >= b; v += s) {
                if (++n > budget) {
                    throw new KqlException(pos.line(), pos.column(), "range produces more than " + budget
                            + " rows (the row budget)");
                }
                sink.accept(new Object[] {Values.boxLong(out, v)});
                if (s > 0 ? v > Long.MAX_VALUE - s : v < Long.MIN_VALUE - s) {
                    break;
                }
            }
        });
    }

    /** getschema: one row per input column (name, 0-based position, .NET type, Kusto type). */
    static TabNode getSchema(TabNode in) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < in.names.size(); i++) {
            KType t = in.types.get(i);
            rows.add(new Object[] {in.names.get(i), i, dotNetType(t), t.kustoName()});
        }
        return new TabNode.Rows(List.of("ColumnName", "ColumnOrdinal", "DataType", "ColumnType"),
                List.of(KType.STRING, KType.INT, KType.STRING, KType.STRING), (now, out) -> rows.forEach(out));
    }

    static String dotNetType(KType t) {
        switch (t) {
            case LONG: return "System.Int64";
            case INT: return "System.Int32";
            case REAL: return "System.Double";
            case BOOL: return "System.SByte";
            case DATETIME: return "System.DateTime";
            case TIMESPAN: return "System.TimeSpan";
            case DYNAMIC: return "System.Object";
            default: return "System.String";
        }
    }

    /** Text read from a file as a column value; null when it does not convert (an empty string stays ""). */
    static Object fromText(String s, KType t) {
        if (t == KType.STRING) {
            return s == null ? "" : s;
        }
        if (t == KType.DYNAMIC) {
            return Dynamic.parseOrString(s); // JSON text is its value, other text a dynamic string
        }
        if (s == null || s.isBlank()) {
            return null;
        }
        String v = s.trim();
        try {
            switch (t) {
                case LONG: return Long.parseLong(v);
                case INT: return Integer.parseInt(v);
                case REAL: return Double.parseDouble(v);
                case BOOL:
                    if (v.equalsIgnoreCase("true") || v.equals("1")) {
                        return Boolean.TRUE;
                    }
                    return v.equalsIgnoreCase("false") || v.equals("0") ? Boolean.FALSE : null;
                case DATETIME: return Times.toInstant(Times.parse(v));
                case TIMESPAN: {
                    Long ns = Durations.parse(v);
                    return ns == null ? null : Duration.ofNanos(ns);
                }
                default: return v;
            }
        } catch (RuntimeException e) {
            return null;
        }
    }
}

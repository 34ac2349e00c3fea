package dev.hookline.kql.eval.fn;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Nodes;
import dev.hookline.kql.parse.Durations;
import dev.hookline.kql.parse.KType;
import dev.hookline.schema.Times;
import java.util.Locale;

/**
 * Conversions beyond {@link ConversionFunctions}' tostring/tolong/toreal family: tobool, totimespan, gettype,
 * column_ifexists (a column when the rows have it, else a default), and
 * the text-to-type parsing that extract(..., typeof(T)) shares with them. As elsewhere, a value that does not
 * convert is null. See {@link StringFunctions} for how to add a function.
 */
public final class TypeFunctions {
    private TypeFunctions() {
    }

    static void register(FunctionTable t) {
        t.add(FunctionDef.named("tobool").alias("toboolean").args(1).signature("tobool(value)")
                .doc("The value as a bool: \"true\"/\"false\" (any case) or a number (non-zero is true); anything else"
                        + " gives null.")
                .returns(KType.BOOL).node((c, type) -> {
                    Node v = c.arg(0);
                    if (v.type == KType.BOOL) {
                        return FnNode.ofLong(KType.BOOL, v::evalLong, v);
                    }
                    if (v.type == KType.REAL) {
                        return FnNode.ofLong(KType.BOOL, f -> {
                            double d = v.evalReal(f);
                            return Double.isNaN(d) ? Node.NULL : d != 0 ? Node.TRUE : Node.FALSE;
                        }, v);
                    }
                    if (v.type.isNumber()) {
                        return FnNode.ofLong(KType.BOOL, f -> {
                            long l = v.evalLong(f);
                            return l == Node.NULL ? Node.NULL : l != 0 ? Node.TRUE : Node.FALSE;
                        }, v);
                    }
                    if (!v.type.isText()) {
                        throw c.error(0, "tobool() needs a string, bool or number, not " + v.type.kustoName());
                    }
                    return FnNode.ofLong(KType.BOOL, f -> parse(KType.BOOL, v.evalString(f)), v);
                }));
        t.add(FunctionDef.named("totimespan").alias("totime").args(1).signature("totimespan(value)")
                .doc("Text such as \"1.02:03:04.5\", \"00:10:00\" or \"10m\" as a timespan; anything else gives null.")
                .returns(KType.TIMESPAN).node((c, type) -> {
                    Node v = c.arg(0);
                    if (v.type == KType.TIMESPAN) {
                        return v;
                    }
                    if (v.type.isNumber()) {
                        // a number is a count of ticks (100 ns), as Kusto reads it
                        return FnNode.ofLong(KType.TIMESPAN, f -> {
                            double d = v.evalReal(f);
                            return Double.isNaN(d) ? Node.NULL : (long) (d * 100);
                        }, v);
                    }
                    if (!v.type.isText()) {
                        throw c.error(0, "totimespan() needs a string or number, not " + v.type.kustoName());
                    }
                    return FnNode.ofLong(KType.TIMESPAN, f -> parse(KType.TIMESPAN, v.evalString(f)), v);
                }));
        t.add(FunctionDef.named("column_ifexists").args(2).signature("column_ifexists(column_name, default)")
                .usage("column_ifexists('InitiatingProcessCommandLine', '')")
                .doc("The column of that name (a constant string) when the rows have it, else default.")
                .returns(c -> {
                    String name = Types.constantText(c, 0, "column name");
                    Node col = c.column(name);
                    return col != null ? col.type : c.type(1);
                })
                .node((c, type) -> {
                    Node col = c.column(c.arg(0).evalString(null));
                    return col != null ? col : c.arg(1);
                }));
        t.add(FunctionDef.named("gettype").args(1).signature("gettype(value)")
                .doc("The name of value's type: string, long, int, real, bool, datetime, timespan; for a dynamic"
                        + " value, that of the value inside (array, dictionary, string, long, real, bool, null).")
                .returns(KType.STRING).node((c, type) -> {
                    Node v = c.arg(0);
                    if (v.type == KType.DYNAMIC) {
                        return FnNode.ofString(f -> dynamicTypeName(v.evalDynamic(f)), v);
                    }
                    return Nodes.Const.ofString(v.type.kustoName());
                }));
    }

    /** gettype() of a dynamic value: array, dictionary, string, long, real, bool or null. */
    static String dynamicTypeName(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof java.util.List) {
            return "array";
        }
        if (v instanceof java.util.Map) {
            return "dictionary";
        }
        if (v instanceof Long) {
            return "long";
        }
        if (v instanceof Double) {
            return "real";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        return "string";
    }

    /**
     * text parsed as a long-stored type (bool, long, int, datetime, timespan), or {@link Node#NULL} when it is not
     * one. Surrounding blanks are ignored.
     */
    static long parse(KType type, String text) {
        if (text == null) {
            return Node.NULL;
        }
        String s = text.trim();
        if (s.isEmpty()) {
            return Node.NULL;
        }
        try {
            switch (type) {
                case BOOL: {
                    String l = s.toLowerCase(Locale.ROOT);
                    if (l.equals("true")) {
                        return Node.TRUE;
                    }
                    if (l.equals("false")) {
                        return Node.FALSE;
                    }
                    return Long.parseLong(s) != 0 ? Node.TRUE : Node.FALSE;
                }
                case DATETIME:
                    return Times.parse(s);
                case TIMESPAN: {
                    Long v = Durations.parse(s);
                    return v == null ? Node.NULL : v;
                }
                case INT: {
                    long v = parseWhole(s);
                    return v == Node.NULL ? v : (int) v;
                }
                default:
                    return parseWhole(s);
            }
        } catch (RuntimeException e) {
            return Node.NULL;
        }
    }

    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /**
     * Text as a whole number, as tolong/toint read it: an integer, or a decimal number truncated toward zero
     * (toint("2.8") is 2, as toint(2.8) is); {@link Node#NULL} for anything else.
     */
    static long parseWhole(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            if (!DECIMAL.matcher(s).matches()) {
                return Node.NULL; // Java would also read "1.5d", "0x1p3" and "Infinity"
            }
            try {
                double d = Double.parseDouble(s);
                return Double.isFinite(d) && Math.abs(d) < 9.2e18 ? (long) d : Node.NULL;
            } catch (NumberFormatException e2) {
                return Node.NULL;
            }
        }
    }

    static double parseReal(String text) {
        if (text == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A node of the given type whose value is text (null meaning no value) converted to it. */
    static Node fromText(KType type, FnNode.StringFn text, Node... children) {
        switch (type) {
            case STRING:
                return FnNode.ofString(text, children);
            case REAL:
                return FnNode.ofReal(f -> parseReal(text.eval(f)), children);
            default:
                return FnNode.ofLong(type, f -> parse(type, text.eval(f)), children);
        }
    }
}

package dev.hookline.kql.eval;

import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.Ast.Call;
import dev.hookline.kql.parse.Ast.Ident;
import dev.hookline.kql.parse.Ast.Lit;
import dev.hookline.kql.parse.Ast.Member;
import dev.hookline.kql.parse.KType;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The names Kusto gives result columns nobody named, so a query's output has the columns an analyst's next step
 * (or a Sentinel workbook) refers to: `summarize any(FileName)` makes any_FileName, `project tostring(FileSize)`
 * FileSize, `strlen(FileName)` strlen_FileName, `AdditionalFields.a` AdditionalFields_a, anything else Column1,
 * Column2, ...; a repeated generated name gets 1, 2, ... appended (any_FileName1). The tables are Kusto.Language's
 * ResultNameKind of each function and aggregate, checked against Microsoft's analyzer (KustoOracleTest).
 */
final class ResultNames {
    /** Functions whose result is named after their first argument (ResultNameKind FirstArgument). */
    private static final Set<String> FIRST_ARGUMENT = Set.of("split", "tostring", "tohex", "todynamic", "toobject",
            "tolong", "toint", "toreal", "todouble", "todatetime", "totimespan", "totime", "tobool", "toboolean",
            "todecimal", "toguid", "parse_csv", "parsejson", "parse_json", "parse_xml", "format_datetime",
            "format_timespan", "startofday", "bin", "floor", "bin_at", "bin_auto", "binary_and", "binary_or",
            "binary_xor", "binary_not", "binary_shift_right", "binary_shift_left", "bitset_count_ones", "round",
            "ceiling", "pow", "sqrt", "log", "log2", "log10", "exp", "exp2", "exp10", "cos", "sin", "tan", "acos",
            "asin", "atan", "atan2", "abs", "rand", "gamma", "loggamma", "erf", "erfc", "format_bytes",
            "series_fir", "series_outliers", "series_iir", "series_fill_backward", "series_fill_forward",
            "series_fill_const", "series_fill_linear");
    /** Functions named prefix_firstArgument (NameAndFirstArgument, PrefixAndFirstArgument). */
    private static final Map<String, String> PREFIX_AND_FIRST_ARGUMENT = Map.of("strlen", "strlen", "string_size",
            "string_size", "percentile_tdigest", "percentile_tdigest", "dcount_hll", "dcount_hll", "gettype", "type",
            "treepath", "tree", "repeat", "repeat");
    /** Functions named after their only argument (OnlyArgument). */
    private static final Set<String> ONLY_ARGUMENT = Set.of("make_datetime", "make_timespan");
    /** Aggregates named prefix_firstArgument (PrefixAndFirstArgument). */
    private static final Map<String, String> AGGREGATE_PREFIX = Map.ofEntries(Map.entry("sum", "sum"),
            Map.entry("sumif", "sumif"), Map.entry("cnt", "cnt"), Map.entry("count", "count"),
            Map.entry("countif", "countif"), Map.entry("dcount", "dcount"), Map.entry("dcountif", "dcountif"),
            Map.entry("min", "min"), Map.entry("minif", "minif"), Map.entry("max", "max"), Map.entry("maxif", "maxif"),
            Map.entry("avg", "avg"), Map.entry("avgif", "avgif"), Map.entry("makelist", "list"),
            Map.entry("make_list", "list"), Map.entry("make_list_if", "list"), Map.entry("make_list_with_nulls", "list"),
            Map.entry("makeset", "set"), Map.entry("make_set", "set"), Map.entry("make_set_if", "set"),
            Map.entry("make_dictionary", "dictionary"), Map.entry("make_bag", "bag"), Map.entry("make_bag_if", "bag"),
            Map.entry("buildschema", "schema"), Map.entry("stdev", "stdev"), Map.entry("stdevif", "stdevif"),
            Map.entry("stdevp", "stdevp"), Map.entry("variance", "variance"), Map.entry("varianceif", "varianceif"),
            Map.entry("variancep", "variancep"), Map.entry("any", "any"), Map.entry("anyif", "anyif"),
            Map.entry("count_distinct", "count_distinct"), Map.entry("count_distinctif", "count_distinctif"),
            Map.entry("hll", "hll"), Map.entry("tdigest", "tdigest"), Map.entry("percentiles_array", "percentiles"));

    private ResultNames() {
    }

    /** The name Kusto derives from an expression, or null when it numbers the column (Column1, ...). */
    static String of(Ast.Expr e) {
        if (e instanceof Ident id) {
            return id.name();
        }
        if (e instanceof Member m) {
            String target = of(m.target());
            return target == null ? null : target + "_" + m.key();
        }
        if (!(e instanceof Call c)) {
            return null;
        }
        String fn = c.name();
        Ast.Expr first = c.args().isEmpty() ? null : c.args().get(0);
        if (FIRST_ARGUMENT.contains(fn)) {
            return first == null ? null : of(first);
        }
        if (ONLY_ARGUMENT.contains(fn)) {
            return c.args().size() == 1 ? of(first) : null;
        }
        String prefix = PREFIX_AND_FIRST_ARGUMENT.get(fn);
        if (prefix != null) {
            String arg = first == null ? null : of(first);
            return prefix + "_" + (arg == null ? "" : arg);
        }
        if (fn.equals("column_ifexists") || fn.equals("columnifexists")) {
            return first instanceof Lit l && l.type() == KType.STRING ? (String) l.value() : null;
        }
        if (fn.equals("ingestion_time")) {
            return "$IngestionTime";
        }
        return null;
    }

    /** Whether a function's result is named after its first argument (tostring(X) is X). */
    static boolean passesName(String fn) {
        return FIRST_ARGUMENT.contains(fn);
    }

    /** The name of an unnamed aggregate: count_, any_FileName, set_FileName, FileName for take_any(FileName). */
    static String ofAggregate(Call c) {
        Ast.Expr first = c.args().isEmpty() ? null : c.args().get(0);
        String arg = first == null ? null : of(first);
        if (c.name().equals("take_any") || c.name().equals("take_anyif")) {
            // take_any(X) keeps X's name; an expression without one is Kusto's first argument, arg0
            return arg != null ? arg : c.name().equals("take_any") ? "any_arg0" : null;
        }
        String prefix = AGGREGATE_PREFIX.get(c.name());
        return prefix == null ? null : prefix + "_" + (arg == null ? "" : arg);
    }

    /** Kusto's next ColumnN after {@code last} that no column of the input already has. */
    static int nextColumnNumber(int last, Collection<String> taken) {
        int n = last + 1;
        while (taken.contains("Column" + n)) {
            n++;
        }
        return n;
    }

    /**
     * The name a column takes in an output under construction whose names so far are {@code names}. A declared
     * name (written by the query, or a bare column) that repeats another declared name is an error, as in Kusto;
     * any other repeat gets a suffix ({@link #unique}).
     */
    static String place(Collection<String> names, Set<String> declared, String name, boolean isDeclared, Ast.Pos pos,
            String operator) {
        if (isDeclared && !declared.add(name)) {
            throw ExprCompiler.error(pos, "duplicate column name '" + name + "' in " + operator);
        }
        return unique(name, names);
    }

    /** The name itself when free, else the name with the first of 1, 2, ... that makes it unique (any_FileName1). */
    static String unique(String name, Collection<String> taken) {
        if (!taken.contains(name)) {
            return name;
        }
        int k = 1;
        while (taken.contains(name + k)) {
            k++;
        }
        return name + k;
    }
}

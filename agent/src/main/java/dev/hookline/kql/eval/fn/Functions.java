package dev.hookline.kql.eval.fn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The function table: every scalar and aggregate function the engine knows, registered once here by family. The
 * compiler looks calls up here, unknown names get a "did you mean" from here, and {@link #catalog()} lists what
 * is supported (for the README and the CLI).
 *
 * <p>To add a function, add one definition to its family's {@code register} method (the recipe is in
 * {@link StringFunctions}'s comment) and one row to that family's table-driven test. A new family is one more
 * class with a {@code register(FunctionTable)} method, called below.
 */
public final class Functions {
    private static final FunctionTable TABLE = build();

    private Functions() {
    }

    private static FunctionTable build() {
        FunctionTable t = new FunctionTable();
        ConditionalFunctions.register(t);
        StringFunctions.register(t);
        EncodingFunctions.register(t);
        TypeFunctions.register(t);
        DynamicTextFunctions.register(t);
        RefusedFunctions.register(t);
        ConversionFunctions.register(t);
        DateTimeFunctions.register(t);
        MathFunctions.register(t);
        DynamicFunctions.register(t);
        IpFunctions.register(t);
        GeoFunctions.register(t);
        SeriesFunctions.register(t);
        HooklineFunctions.register(t);
        AggregateFunctions.register(t);
        return t;
    }

    /** The scalar function of that name or alias (names are case-sensitive, as in Kusto), or null. */
    public static FunctionDef scalar(String name) {
        return TABLE.scalar(name);
    }

    /** The function of that name with several result columns (series_stats, ...), or null. */
    public static TupleDef tuple(String name) {
        return SeriesFunctions.tuple(name);
    }

    /** The aggregate function of that name or alias, or null. */
    public static AggregateDef aggregate(String name) {
        return TABLE.aggregate(name);
    }

    /** One supported function, for listings. */
    public record Entry(String kind, String name, List<String> aliases, String signature, String doc) {
    }

    /**
     * Every function: supported scalars, then aggregates, then the Kusto functions Hookline refuses (kind
     * "unsupported", doc saying why), each sorted by name.
     */
    public static List<Entry> catalog() {
        List<Entry> out = new ArrayList<>();
        List<FunctionDef> s = new ArrayList<>(TABLE.scalars());
        s.sort(Comparator.comparing(d -> d.name));
        for (FunctionDef d : s) {
            if (d.refusal == null) {
                out.add(new Entry("scalar", d.name, d.aliases, d.signature, d.doc));
            }
        }
        List<AggregateDef> a = new ArrayList<>(TABLE.aggregates());
        a.sort(Comparator.comparing(d -> d.name));
        for (AggregateDef d : a) {
            out.add(new Entry("aggregate", d.name, d.aliases, d.signature, d.doc));
        }
        for (FunctionDef d : s) {
            if (d.refusal != null) {
                out.add(new Entry("unsupported", d.name, d.aliases, d.signature, d.doc));
            }
        }
        return out;
    }

    /** The catalog as text, one function a line: "name(args)  doc  (also: aliases)", scalars then aggregates. */
    public static String catalogText() {
        StringBuilder sb = new StringBuilder();
        String kind = null;
        for (Entry e : catalog()) {
            if (!e.kind().equals(kind)) {
                kind = e.kind();
                sb.append(kind.equals("scalar") ? "Scalar functions:\n"
                        : kind.equals("aggregate") ? "Aggregate functions (summarize):\n"
                        : "Kusto functions Hookline does not support:\n");
            }
            sb.append("  ").append(e.signature()).append("  ").append(e.doc());
            if (!e.aliases().isEmpty()) {
                sb.append("  (also: ").append(String.join(", ", e.aliases())).append(')');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * The known name closest to an unknown one, or null when none is close: the same name in other case first,
     * else the nearest by edit distance within a third of the name's length (at least 1, at most 3).
     */
    public static String suggest(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Math.max(1, Math.min(3, name.length() / 3)) + 1;
        List<String> names = TABLE.names();
        names.sort(null); // deterministic among ties
        for (String n : names) {
            if (n.toLowerCase(Locale.ROOT).equals(lower)) {
                return n;
            }
            int d = distance(lower, n.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = n;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}

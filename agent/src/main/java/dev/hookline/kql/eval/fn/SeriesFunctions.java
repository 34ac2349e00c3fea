package dev.hookline.kql.eval.fn;

import dev.hookline.kql.expr.Dynamic;
import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.parse.KType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kusto's time-series functions over dynamic arrays (what make_list / make-series give): series_decompose,
 * series_decompose_anomalies, series_outliers, series_stats and series_stats_dynamic, with the arithmetic of
 * {@link SeriesMath}. The ones with several result columns are {@link TupleDef}s. Optional arguments left out take
 * Kusto's defaults; trend and the outlier method are constant strings, checked when the query compiles.
 */
final class SeriesFunctions {
    private static final Map<String, TupleDef> TUPLES = new HashMap<>();
    private static final List<String> TRENDS = List.of("avg", "linefit", "none");
    private static final List<String> AD_METHODS = List.of("ctukey", "tukey");

    private SeriesFunctions() {
    }

    /** The multi-column function of that name, or null. */
    static TupleDef tuple(String name) {
        synchronized (TUPLES) {
            return TUPLES.get(name);
        }
    }

    static void register(FunctionTable t) {
        tuple(t, FunctionDef.named("series_decompose_anomalies").args(1, 7)
                .signature("series_decompose_anomalies(series [, threshold, seasonality, trend, test_points,"
                        + " ad_method, seasonality_threshold])")
                .doc("Anomalies of a series by decomposition: ad_flag (+1 up, -1 down, 0), ad_score (Tukey score of the"
                        + " residual) and baseline (seasonal + trend); threshold 1.5, seasonality -1 (detect), trend"
                        + " 'avg', ad_method 'ctukey' (10th-90th percentiles) by default.")
                .returns(KType.DYNAMIC).node((c, type) -> {
                    Node series = series(c);
                    Node threshold = optionalNumber(c, 1, "threshold");
                    Node season = optionalWhole(c, 2, "seasonality");
                    String trend = optionalChoice(c, 3, "trend", TRENDS, "avg");
                    Node test = optionalWhole(c, 4, "test_points");
                    String method = optionalChoice(c, 5, "ad_method", AD_METHODS, "ctukey");
                    Node seasonThreshold = optionalNumber(c, 6, "seasonality_threshold");
                    return FnNode.ofDynamic(f -> anomalies(values(series, f), real(threshold, f, 1.5),
                            (int) whole(season, f, -1), trend, (int) whole(test, f, 0), method,
                            real(seasonThreshold, f, 0.6)), args(series, threshold, season, test, seasonThreshold));
                }), List.of("ad_flag", "ad_score", "baseline"), List.of(KType.DYNAMIC, KType.DYNAMIC, KType.DYNAMIC));
        tuple(t, FunctionDef.named("series_decompose").args(1, 5)
                .signature("series_decompose(series [, seasonality, trend, test_points, seasonality_threshold])")
                .doc("A series as baseline, seasonal (median of the points in the same phase), trend ('avg', 'linefit'"
                        + " or 'none') and residual (series - baseline); seasonality -1 detects the period.")
                .returns(KType.DYNAMIC).node((c, type) -> {
                    Node series = series(c);
                    Node season = optionalWhole(c, 1, "seasonality");
                    String trend = optionalChoice(c, 2, "trend", TRENDS, "avg");
                    Node test = optionalWhole(c, 3, "test_points");
                    Node seasonThreshold = optionalNumber(c, 4, "seasonality_threshold");
                    return FnNode.ofDynamic(f -> {
                        double[] x = values(series, f);
                        if (x == null) {
                            return null;
                        }
                        SeriesMath.Decomposition d = SeriesMath.decompose(x, (int) whole(season, f, -1), trend,
                                (int) whole(test, f, 0), real(seasonThreshold, f, 0.6));
                        return Dynamic.array(List.of(reals(d.baseline()), reals(d.seasonal()), reals(d.trend()),
                                reals(d.residual())));
                    }, args(series, season, test, seasonThreshold));
                }), List.of("baseline", "seasonal", "trend", "residual"),
                List.of(KType.DYNAMIC, KType.DYNAMIC, KType.DYNAMIC, KType.DYNAMIC));
        t.add(FunctionDef.named("series_outliers").args(1, 5)
                .signature("series_outliers(series [, kind, ignore_val, min_percentile, max_percentile])")
                .doc("Tukey's test score per point: above the upper percentile by how many inter-percentile ranges"
                        + " (negative below the lower one), 0 inside; kind 'ctukey' (10th-90th, adjustable) or 'tukey'"
                        + " (25th-75th); points equal to ignore_val score 0.")
                .returns(KType.DYNAMIC).node((c, type) -> {
                    Node series = series(c);
                    String kind = optionalChoice(c, 1, "kind", AD_METHODS, "ctukey");
                    Node ignore = optionalNumber(c, 2, "ignore_val");
                    Node lo = optionalNumber(c, 3, "min_percentile");
                    Node hi = optionalNumber(c, 4, "max_percentile");
                    return FnNode.ofDynamic(f -> {
                        double[] x = values(series, f);
                        if (x == null) {
                            return null;
                        }
                        double skip = real(ignore, f, Double.NaN);
                        if (!Double.isNaN(skip)) {
                            for (int i = 0; i < x.length; i++) {
                                x[i] = x[i] == skip ? Double.NaN : x[i];
                            }
                        }
                        boolean custom = kind.equals("ctukey");
                        double low = custom ? clampPercentile(real(lo, f, 10)) : 25;
                        double high = custom ? clampPercentile(real(hi, f, 90)) : 75;
                        return reals(SeriesMath.outlierScores(x, x.length, low, high));
                    }, args(series, ignore, lo, hi));
                }));
        tuple(t, FunctionDef.named("series_stats").args(1, 2).signature("series_stats(series [, ignore_nonfinite])")
                .doc("min, min_idx, max, max_idx, avg, stdev and variance (sample) of a series; with a null or"
                        + " non-number in it all are null unless ignore_nonfinite is true.")
                .returns(KType.DYNAMIC).node((c, type) -> {
                    Node series = series(c);
                    Node ignore = c.size() > 1 ? c.bool(1) : null;
                    return FnNode.ofDynamic(f -> stats(values(series, f), ignore != null
                            && ignore.evalLong(f) == Node.TRUE), args(series, ignore));
                }), List.of("min", "min_idx", "max", "max_idx", "avg", "stdev", "variance"),
                List.of(KType.REAL, KType.LONG, KType.REAL, KType.LONG, KType.REAL, KType.REAL, KType.REAL));
        t.add(FunctionDef.named("series_stats_dynamic").args(1, 2)
                .signature("series_stats_dynamic(series [, ignore_nonfinite])")
                .doc("series_stats as one property bag {min, min_idx, max, max_idx, avg, stdev, variance}.")
                .returns(KType.DYNAMIC).node((c, type) -> {
                    Node series = series(c);
                    Node ignore = c.size() > 1 ? c.bool(1) : null;
                    List<String> keys = tuple("series_stats").columns;
                    return FnNode.ofDynamic(f -> {
                        List<Object> s = stats(values(series, f), ignore != null && ignore.evalLong(f) == Node.TRUE);
                        if (s == null) {
                            return null;
                        }
                        Map<String, Object> bag = new LinkedHashMap<>();
                        for (int i = 0; i < keys.size(); i++) {
                            bag.put(keys.get(i), s.get(i));
                        }
                        return Dynamic.bag(bag);
                    }, args(series, ignore));
                }));
    }

    private static void tuple(FunctionTable t, FunctionDef whole, List<String> columns, List<KType> types) {
        TupleDef d = new TupleDef(whole, columns, types);
        synchronized (TUPLES) {
            TUPLES.put(d.name, d);
        }
        t.add(d.firstColumn());
    }

    /** series_decompose_anomalies over one series: [ad_flag, ad_score, baseline], or null for no array. */
    static List<Object> anomalies(double[] x, double threshold, int season, String trend, int testPoints,
            String method, double seasonThreshold) {
        if (x == null) {
            return null;
        }
        SeriesMath.Decomposition d = SeriesMath.decompose(x, season, trend, testPoints, seasonThreshold);
        int learn = Math.max(0, x.length - Math.max(0, testPoints));
        double[] score = method.equals("tukey") ? SeriesMath.outlierScores(d.residual(), learn, 25, 75)
                : SeriesMath.outlierScores(d.residual(), learn, 10, 90);
        List<Object> flags = new ArrayList<>(x.length);
        for (double s : score) {
            flags.add(s > threshold ? 1L : s < -threshold ? -1L : 0L);
        }
        return Dynamic.array(List.of(Dynamic.array(flags), reals(score), reals(d.baseline())));
    }

    /** series_stats over one series: [min, min_idx, max, max_idx, avg, stdev, variance], or null. */
    static List<Object> stats(double[] x, boolean ignoreNonFinite) {
        if (x == null) {
            return null;
        }
        Object[] out = new Object[7];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long minIdx = -1;
        long maxIdx = -1;
        double sum = 0;
        int k = 0;
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            if (!Double.isFinite(v)) {
                if (ignoreNonFinite) {
                    continue;
                }
                return Arrays.asList(out); // Kusto: a non-finite value without ignore_nonfinite makes all null
            }
            if (v < min) {
                min = v;
                minIdx = i;
            }
            if (v > max) {
                max = v;
                maxIdx = i;
            }
            sum += v;
            k++;
        }
        if (k == 0) {
            return Arrays.asList(out);
        }
        double avg = sum / k;
        double sq = 0;
        for (double v : x) {
            if (Double.isFinite(v)) {
                sq += (v - avg) * (v - avg);
            }
        }
        double variance = k > 1 ? sq / (k - 1) : 0;
        out[0] = min;
        out[1] = minIdx;
        out[2] = max;
        out[3] = maxIdx;
        out[4] = avg;
        out[5] = Math.sqrt(variance);
        out[6] = variance;
        return Arrays.asList(out);
    }

    /** The series argument: a dynamic array (make_list, make-series, dynamic([...])). */
    private static Node series(CallSite c) {
        if (c.type(0) != KType.DYNAMIC) {
            throw c.error(0, c.name() + "() needs a series, a dynamic array of numbers (make_list(X), make-series),"
                    + " not " + c.type(0).kustoName());
        }
        return c.arg(0);
    }

    /** The array's elements as doubles (NaN for null or non-numbers), or null when the value is not an array. */
    static double[] values(Node series, Frame f) {
        Object v = series.evalDynamic(f);
        if (!(v instanceof List<?> l)) {
            return null;
        }
        double[] x = new double[l.size()];
        for (int i = 0; i < x.length; i++) {
            Object e = l.get(i);
            x[i] = e instanceof Number || e instanceof String ? Dynamic.toReal(e) : Double.NaN;
        }
        return x;
    }

    private static List<Object> reals(double[] v) {
        List<Object> out = new ArrayList<>(v.length);
        for (double d : v) {
            out.add(Double.isFinite(d) ? (Object) d : null);
        }
        return Dynamic.array(out);
    }

    private static Node optionalNumber(CallSite c, int i, String what) {
        return c.size() > i ? Types.number(c, i, what) : null;
    }

    private static Node optionalWhole(CallSite c, int i, String what) {
        return c.size() > i ? Types.whole(c, i, what) : null;
    }

    private static String optionalChoice(CallSite c, int i, String what, List<String> allowed, String dflt) {
        if (c.size() <= i) {
            return dflt;
        }
        String v = Types.constantText(c, i, what);
        if (v.isEmpty()) {
            return dflt;
        }
        if (!allowed.contains(v)) {
            throw c.error(i, c.name() + "() " + what + " is one of " + String.join(", ", allowed) + ", not '" + v + "'");
        }
        return v;
    }

    private static double real(Node n, Frame f, double dflt) {
        if (n == null) {
            return dflt;
        }
        double v = n.evalReal(f);
        return Double.isNaN(v) ? dflt : v;
    }

    private static long whole(Node n, Frame f, long dflt) {
        if (n == null) {
            return dflt;
        }
        long v = n.evalLong(f);
        return v == Node.NULL ? dflt : v;
    }

    private static double clampPercentile(double p) {
        return Math.max(2.0, Math.min(98.0, p));
    }

    private static Node[] args(Node... nodes) {
        return Arrays.stream(nodes).filter(n -> n != null).toArray(Node[]::new);
    }
}

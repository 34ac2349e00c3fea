package dev.hookline.kql.eval.fn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.KqlException;
import dev.hookline.kql.ResultTable;
import dev.hookline.kql.eval.Kql;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The time-series functions against cases worked by hand in the way the Kusto pages explain them: a weekly shape
 * with a spike and a dip (the series_decompose / series_decompose_anomalies examples' idea, our own numbers), a
 * straight line for linefit, Tukey scores of a small series, series_stats; and the result columns named as Kusto
 * names them.
 */
class SeriesFunctionsFollowKustoTest {
    /** Five weeks of a daily shape, weeks 0, 2, 4 slightly up and 1, 3 slightly down, a spike on day 17, a dip on 25. */
    static String weekly() {
        int[] shape = {10, 12, 14, 12, 10, 3, 3};
        List<String> v = new ArrayList<>();
        for (int i = 0; i < 35; i++) {
            double x = shape[i % 7] + ((i / 7) % 2 == 0 ? 0.25 : -0.25);
            if (i == 17) {
                x += 40;
            }
            if (i == 25) {
                x -= 30;
            }
            v.add(String.valueOf(x));
        }
        return "dynamic([" + String.join(", ", v) + "])";
    }

    static Stream<Arguments> cases() {
        String line = "dynamic([3, 5, 7, 9, 11, 13, 15, 17, 19, 21])"; // 2i + 3
        String small = "dynamic([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 50])";
        return Stream.of(
                // series_stats: min 1 (first at 1), max 9 at 2, avg 4, sample variance 44 / 4
                Arguments.of("tostring(series_stats_dynamic(dynamic([4, 1, 9, 1, 5])))", "{\"min\":1.0,\"min_idx\":1,"
                        + "\"max\":9.0,\"max_idx\":2,\"avg\":4.0,\"stdev\":3.3166247903554,\"variance\":11.0}"),
                Arguments.of("isnull(series_stats_dynamic(dynamic([4, 1, null, 5])).avg)", true),
                Arguments.of("toreal(series_stats_dynamic(dynamic([4, 1, null, 7]), true).avg)", 4.0),
                Arguments.of("series_stats(dynamic([4, 1, 9, 1, 5]))", 1.0), // outside extend: the first column
                // linefit over a straight line: the trend is the line, nothing is left over
                Arguments.of("tostring(series_decompose(" + line + ", 0, 'linefit'))", "[3.0,5.0,7.0,9.0,11.0,13.0,15.0,"
                        + "17.0,19.0,21.0]"),
                // Tukey scores (25th 3.75, 75th 9.25, range 5.5): 50 is (50 - 9.25) / 5.5 above, 1 half a range below
                Arguments.of("tostring(series_outliers(" + small + ", 'tukey'))", "[-0.5,-0.3181818181818182,"
                        + "-0.13636363636363635,0.0,0.0,0.0,0.0,0.0,0.0,0.13636363636363635,0.3181818181818182,"
                        + "7.409090909090909]"),
                // ctukey (10th 2.1, 90th 10.9): 50 scores 4.44
                Arguments.of("toreal(series_outliers(" + small + ")[11])", 4.443181818181818),
                Arguments.of("toreal(series_outliers(" + small + ", 'ctukey', 50)[11])", 0.0), // the ignored value
                // no trend, no season: the baseline is 0 and only 50 is past 1.5 ranges
                Arguments.of("tostring(series_decompose_anomalies(" + small + ", 1.5, 0, 'none'))",
                        "[0,0,0,0,0,0,0,0,0,0,0,1]"),
                // a threshold of 5 lets 50 (4.44) pass as normal
                Arguments.of("tostring(series_decompose_anomalies(" + small + ", 5, 0, 'none'))",
                        "[0,0,0,0,0,0,0,0,0,0,0,0]"),
                Arguments.of("isnull(series_decompose_anomalies(dynamic({'a': 1})))", true));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("cases")
    void evaluatesAsKustoDoes(String expr, Object expected) {
        ResultTable r = Kql.compile("print X = " + expr).run((t, sink) -> { }, Scalar.NOW);
        assertEquals(expected, r.rows().get(0)[0]);
    }

    @Test
    void aWeeklySeasonIsDetectedAndTheSpikeAndDipAreFlagged() {
        ResultTable r = Kql.compile("print y = " + weekly() + "\n| extend (flag, score, baseline) ="
                + " series_decompose_anomalies(y)\n| extend series_decompose(y)"
                + "\n| project tostring(flag), tostring(series_decompose_y_seasonal), toreal(baseline[0])").run((t, sink) -> { }, Scalar.NOW);
        StringBuilder flags = new StringBuilder("[");
        StringBuilder seasonal = new StringBuilder("[");
        int[] shape = {10, 12, 14, 12, 10, 3, 3};
        for (int i = 0; i < 35; i++) {
            flags.append(i == 0 ? "" : ",").append(i == 17 ? 1 : i == 25 ? -1 : 0);
            // the median of each day of the week over the five weeks: three of them are 0.25 up
            seasonal.append(i == 0 ? "" : ",").append(shape[i % 7] + 0.25);
        }
        assertEquals(flags + "]", r.rows().get(0)[0]);
        assertEquals(seasonal + "]", r.rows().get(0)[1]);
        // baseline = seasonal + the average of what is left: 14 points 0.5 down, +40, -30, over 35 points
        assertEquals(10.25 + 3.0 / 35, (Double) r.rows().get(0)[2], 1e-9);
    }

    @Test
    void theResultColumnsAreNamedAndTypedAsKustoNamesThem() {
        // as Microsoft's analyzer gives them for `T | extend a = series_decompose_anomalies(X, 1.5, -1),
        // series_stats(X)`: the name given for the first column, f_X_column for the others
        ResultTable r = Kql.compile("print X = dynamic([1, 2, 3, 4, 40, 6, 7, 8])\n| extend a ="
                + " series_decompose_anomalies(X, 1.5, -1), series_stats(X)\n| take 0").run((t, sink) -> { },
                Scalar.NOW);
        assertEquals(List.of("X", "a", "series_decompose_anomalies_X_ad_score", "series_decompose_anomalies_X_baseline",
                "series_stats_X_min", "series_stats_X_min_idx", "series_stats_X_max", "series_stats_X_max_idx",
                "series_stats_X_avg", "series_stats_X_stdev", "series_stats_X_variance"), r.columnNames());
        assertEquals(List.of("dynamic", "dynamic", "dynamic", "dynamic", "real", "long", "real", "long", "real", "real",
                "real"), r.columnTypes());
        ResultTable d = Kql.compile("print X = dynamic([1, 2])\n| extend d = series_decompose(X)").run((t, sink) -> { },
                Scalar.NOW);
        assertEquals(List.of("X", "d", "series_decompose_X_seasonal", "series_decompose_X_trend",
                "series_decompose_X_residual"), d.columnNames());
    }

    @Test
    void badArgumentsAreCompileErrorsAtTheArgument() {
        KqlException trend = assertThrows(KqlException.class,
                () -> Kql.compile("print X = series_decompose(dynamic([1, 2]), 0, 'cubic')"));
        assertTrue(trend.getMessage().contains("trend is one of avg, linefit, none, not 'cubic'"), trend.getMessage());
        assertEquals(48, trend.column());
        KqlException notSeries = assertThrows(KqlException.class,
                () -> Kql.compile("print X = series_stats(42)"));
        assertTrue(notSeries.getMessage().contains("series_stats() needs a series"), notSeries.getMessage());
        KqlException tooMany = assertThrows(KqlException.class,
                () -> Kql.compile("print X = dynamic([1])\n| extend (a, b, c, d) = series_decompose_anomalies(X)"));
        assertTrue(tooMany.getMessage().contains("gives 3 columns (ad_flag, ad_score, baseline), not 4"),
                tooMany.getMessage());
    }
}

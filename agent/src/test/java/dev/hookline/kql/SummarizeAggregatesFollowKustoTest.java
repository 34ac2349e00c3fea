package dev.hookline.kql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The aggregates beyond count/sum/min/max, over one small table of our own (values chosen so each aggregate's
 * answer is worked out by hand), and the aggregates that give several columns from one row.
 */
class SummarizeAggregatesFollowKustoTest {
    // N: 1, 2, 4, 4, 9 and a null; G: a, a, b, b, b, a; F: the fifth row is the one with the latest T
    private static final String T = "datatable(G:string, N:long, T:datetime, F:string)["
            + "'a', 1, datetime(2024-01-01), 'one',"
            + "'a', 2, datetime(2024-01-03), 'two',"
            + "'b', 4, datetime(2024-01-02), 'three',"
            + "'b', 4, datetime(2024-01-05), 'four',"
            + "'b', 9, datetime(2024-01-04), 'five',"
            + "'a', long(null), datetime(2024-01-06), 'six']";

    private static Object one(String aggregate) {
        ResultTable r = Q.run(T + " | summarize X = " + aggregate);
        return r.rows().get(0)[0];
    }

    static Stream<Arguments> aggregates() {
        return Stream.of(
                Arguments.of("count_distinct(N)", 4L),
                Arguments.of("count_distinctif(N, G == 'b')", 2L),
                Arguments.of("dcountif(G, N > 3)", 1L),
                Arguments.of("sumif(N, G == 'b')", 17L),
                Arguments.of("avgif(N, G == 'a')", 1.5),
                Arguments.of("minif(N, G == 'b')", 4L),
                Arguments.of("maxif(N, G == 'a')", 2L),
                Arguments.of("maxif(N, G == 'c')", null),
                Arguments.of("take_anyif(F, N > 8)", "five"),
                // mean 4, squared deviations 9 + 4 + 0 + 0 + 25 = 38
                Arguments.of("variance(N)", 38.0 / 4),
                Arguments.of("variancep(N)", 38.0 / 5),
                Arguments.of("stdev(N)", Math.sqrt(38.0 / 4)),
                Arguments.of("stdevp(N)", Math.sqrt(38.0 / 5)),
                Arguments.of("varianceif(N, G == 'b')", 25.0 / 3), // 4, 4, 9: mean 17/3, squares sum 50/3
                Arguments.of("stdevif(N, G == 'a' and N == 1)", null), // one value: no sample deviation
                // nearest rank over 1, 2, 4, 4, 9
                Arguments.of("percentile(N, 50)", 4L),
                Arguments.of("percentile(N, 0)", 1L),
                Arguments.of("percentile(N, 100)", 9L),
                Arguments.of("percentile(N, 20)", 1L),
                Arguments.of("percentile(N, 21)", 2L),
                Arguments.of("percentiles_array(N, 50, 90)", List.of(4L, 9L)),
                Arguments.of("make_list_with_nulls(N)", Arrays.asList(1L, 2L, 4L, 4L, 9L, null)));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("aggregates")
    void aggregatesGiveKustosAnswer(String aggregate, Object expected) {
        Object got = one(aggregate);
        if (expected instanceof Double d) {
            assertEquals(d, (Double) got, 1e-9, aggregate);
        } else {
            assertEquals(expected, got, aggregate);
        }
    }

    @Test
    void argMaxReturnsTheWholeRowWhereItsValueIsGreatest() {
        ResultTable r = Q.run(T + " | summarize arg_max(T, *) by G | order by G asc");
        assertEquals(List.of("G", "T", "N", "F"), r.columnNames());
        assertArrayEquals(new Object[] {"a", Instant.parse("2024-01-06T00:00:00Z"), null, "six"}, r.rows().get(0));
        assertArrayEquals(new Object[] {"b", Instant.parse("2024-01-05T00:00:00Z"), 4L, "four"}, r.rows().get(1));
    }

    @Test
    void argMinTakesTheFirstRowOfATieAndSkipsNullKeys() {
        ResultTable r = Q.run(T + " | summarize arg_min(N, F), arg_max(N, F) by G | order by G asc");
        assertEquals(List.of("G", "N", "F", "N1", "F1"), r.columnNames());
        assertArrayEquals(new Object[] {"a", 1L, "one", 2L, "two"}, r.rows().get(0));
        assertArrayEquals(new Object[] {"b", 4L, "three", 9L, "five"}, r.rows().get(1));
    }

    @Test
    void severalValuesOfAnyComeFromOneRow() {
        ResultTable r = Q.run(T + " | where G == 'b' | summarize any(N, F), (n, f) = take_any(N, F)");
        Object[] row = r.rows().get(0);
        assertEquals(List.of("any_N", "any_F", "n", "f"), r.columnNames());
        assertEquals(List.of(4L, "three"), List.of(row[0], row[1]));
        assertEquals(List.of(4L, "three"), List.of(row[2], row[3]));
    }

    @Test
    void percentilesGiveAColumnPerRank() {
        ResultTable r = Q.run(T + " | summarize percentiles(N, 50, 95) by G | order by G asc");
        assertEquals(List.of("G", "percentile_N_50", "percentile_N_95"), r.columnNames());
        assertArrayEquals(new Object[] {"a", 1L, 2L}, r.rows().get(0));
        assertArrayEquals(new Object[] {"b", 4L, 9L}, r.rows().get(1));
    }

    @Test
    void starOutsideTheRowAggregatesIsAnErrorWithItsPlace() {
        KqlException e = assertThrows(KqlException.class, () -> Q.run(T + " | summarize count_distinct(*)"));
        assertTrue(e.getMessage().contains("'*' (every column) is allowed only"), e.getMessage());
        e = assertThrows(KqlException.class, () -> Q.run(T + " | summarize arg_max(*, N)"));
        assertTrue(e.getMessage().contains("compares its first argument"), e.getMessage());
        e = assertThrows(KqlException.class, () -> Q.run(T + " | summarize (a, b) = count()"));
        assertTrue(e.getMessage().contains("gives one column but 2 names"), e.getMessage());
        e = assertThrows(KqlException.class, () -> Q.run(T + " | extend (a, b) = N"));
        assertTrue(e.getMessage().contains("several columns at once"), e.getMessage());
    }

    static Stream<Arguments> comparisons() {
        return Stream.of(
                // a number and text compare as numbers; text that is no number matches nothing
                Arguments.of("N == '4'", 2L),
                Arguments.of("'9' == N", 1L),
                Arguments.of("N > '3'", 3L),
                Arguments.of("N == 'four'", 0L),
                Arguments.of("(N > 3) == 1", 3L),
                Arguments.of("(N > 3) == 0", 2L));
    }

    @ParameterizedTest(name = "{0} holds for {1} rows")
    @MethodSource("comparisons")
    void numbersCompareWithTextAndBoolsWithNumbersAsKustoAllows(String predicate, long rows) {
        ResultTable r = Q.run(T + " | where " + predicate + " | count");
        assertEquals(rows, r.rows().get(0)[0], predicate);
    }
}

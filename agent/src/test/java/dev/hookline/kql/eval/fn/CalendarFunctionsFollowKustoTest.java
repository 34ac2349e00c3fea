package dev.hookline.kql.eval.fn;

import static dev.hookline.kql.eval.fn.Scalar.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.eval.Kql;
import dev.hookline.kql.KqlException;
import dev.hookline.schema.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The calendar functions of {@link DateTimeFunctions}; the row's Timestamp is 2023-11-14T21:13:20Z, a Tuesday. */
class CalendarFunctionsFollowKustoTest {
    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    static Stream<Arguments> cases() {
        String d = "datetime(2017-10-30 01:02:03.7654321)";
        return Stream.of(
                // datetime_diff counts boundaries crossed (the documented examples)
                row("datetime_diff('year', datetime(2017-01-01), datetime(2000-12-31))", 17L),
                row("datetime_diff('quarter', datetime(2017-07-01), datetime(2017-03-30))", 2L),
                row("datetime_diff('month', datetime(2017-01-01), datetime(2015-12-30))", 13L),
                row("datetime_diff('week', datetime(2017-10-29 00:00), datetime(2017-09-30 23:59))", 5L),
                row("datetime_diff('day', datetime(2017-10-29 00:00), datetime(2017-09-30 23:59))", 29L),
                row("datetime_diff('hour', datetime(2017-10-31 01:00), datetime(2017-10-30 23:59))", 2L),
                row("datetime_diff('minute', datetime(2017-10-30 23:05:01), datetime(2017-10-30 23:00:59))", 5L),
                row("datetime_diff('second', datetime(2017-10-30 23:00:10.100), datetime(2017-10-30 23:00:00.900))", 10L),
                row("datetime_diff('Millisecond', datetime(2017-10-30 23:00:00.200100), datetime(2017-10-30 23:00:00.100900))",
                        100L),
                row("datetime_diff('day', Timestamp, now())", 0L),
                row("datetime_diff('hour', Timestamp, now())", -1L),
                // datetime_add: a month step clamps to the month's last day
                row("datetime_add('month', 1, datetime(2017-01-31))", at("2017-02-28T00:00:00Z")),
                row("datetime_add('year', -5, datetime(2017-01-01))", at("2012-01-01T00:00:00Z")),
                row("datetime_add('quarter', 1, datetime(2017-01-15))", at("2017-04-15T00:00:00Z")),
                row("datetime_add('week', 2, datetime(2017-01-01))", at("2017-01-15T00:00:00Z")),
                row("datetime_add('minute', 90, Timestamp)", at("2023-11-14T22:43:20Z")),
                row("datetime_add('day', InitiatingProcessId, Timestamp)", null),
                // datetime_part
                row("datetime_part('year', " + d + ")", 2017),
                row("datetime_part('Quarter', " + d + ")", 4),
                row("datetime_part('month', " + d + ")", 10),
                row("datetime_part('week_of_year', " + d + ")", 44),
                row("datetime_part('day', " + d + ")", 30),
                row("datetime_part('dayOfYear', " + d + ")", 303),
                row("datetime_part('hour', " + d + ")", 1),
                row("datetime_part('minute', " + d + ")", 2),
                row("datetime_part('second', " + d + ")", 3),
                row("datetime_part('millisecond', " + d + ")", 765),
                row("datetime_part('microsecond', " + d + ")", 765432),
                row("datetime_part('nanosecond', " + d + ")", 765432100),
                // format_datetime / format_timespan (the documented examples)
                row("format_datetime(datetime(2017-01-29 09:00:05), 'yy-MM-dd [HH:mm:ss]')", "17-01-29 [09:00:05]"),
                row("format_datetime(datetime(2017-01-29 09:00:05), 'yyyy-M-dd [H:mm:ss]')", "2017-1-29 [9:00:05]"),
                row("format_datetime(datetime(2017-01-29 09:00:05), 'yy-MM-dd [hh:mm:ss tt]')", "17-01-29 [09:00:05 AM]"),
                row("format_datetime(Timestamp, 'yyyy-MM-dd hh tt')", "2023-11-14 09 PM"),
                row("format_datetime(datetime(2009-06-15 13:45:30.617), 'ss.fff|ss.FFFF|ss.ff')", "30.617|30.617|30.61"),
                row("format_datetime(datetime(2009-06-15 13:45:30), 'HH:mm:ss.FFF')", "13:45:30"),
                row("format_datetime(datetime(null), 'yyyy')", ""),
                row("format_timespan(1d, 'd-[hh:mm:ss]')", "1-[00:00:00]"),
                row("format_timespan(time(29.09:00:05.12345), 'ddd.h:mm:ss [fffffff]')", "029.9:00:05 [1234500]"),
                row("format_timespan(-90m, 'hh:mm')", "-01:30"),
                // start/end of periods, with offsets
                row("startofday(datetime(2017-01-01 10:10:17))", at("2017-01-01T00:00:00Z")),
                row("startofday(datetime(2017-01-01 10:10:17), -1)", at("2016-12-31T00:00:00Z")),
                row("startofweek(datetime(2017-01-01 10:10:17))", at("2017-01-01T00:00:00Z")),
                row("startofweek(Timestamp)", at("2023-11-12T00:00:00Z")),
                row("startofweek(Timestamp, 1)", at("2023-11-19T00:00:00Z")),
                row("startofmonth(datetime(2017-01-01 10:10:17), 1)", at("2017-02-01T00:00:00Z")),
                row("startofyear(datetime(2017-01-01 10:10:17), -1)", at("2016-01-01T00:00:00Z")),
                row("endofday(datetime(2017-01-01 10:10:17))", at("2017-01-01T23:59:59.9999999Z")),
                row("endofweek(datetime(2017-01-01 10:10:17))", at("2017-01-07T23:59:59.9999999Z")),
                row("endofmonth(datetime(2017-02-10), 0)", at("2017-02-28T23:59:59.9999999Z")),
                row("endofyear(datetime(2017-01-01 10:10:17), 1)", at("2018-12-31T23:59:59.9999999Z")),
                // parts
                row("dayofweek(datetime(1947-11-30 10:00:05))", Duration.ZERO),
                row("dayofweek(datetime(1970-05-11))", Duration.ofDays(1)),
                row("dayofweek(Timestamp)", Duration.ofDays(2)),
                row("dayofmonth(datetime(2015-12-14))", 14),
                row("dayofyear(datetime(2015-12-14))", 348),
                row("hourofday(datetime(2015-12-14 18:54))", 18),
                row("getmonth(datetime(2015-10-12))", 10),
                row("monthofyear(datetime(2015-10-12))", 10),
                row("getyear(datetime(2015-10-12))", 2015),
                row("week_of_year(datetime(2020-12-31))", 53),
                row("week_of_year(datetime(2021-01-01))", 53),
                row("week_of_year(datetime(2021-01-04))", 1),
                // bin_at (the documented examples)
                row("bin_at(6.5, 2.5, 7)", 4.5),
                row("bin_at(time(1h), 1d, 12h)", Duration.ofHours(-12)),
                row("bin_at(datetime(2017-05-15 10:20:00), 1d, datetime(1970-01-01 12:00:00))",
                        at("2017-05-14T12:00:00Z")),
                row("bin_at(ProcessId, 10, 5)", 35L),
                // Unix time
                row("unixtime_seconds_todatetime(1546300800)", at("2019-01-01T00:00:00Z")),
                row("unixtime_seconds_todatetime(1546300800.5)", at("2019-01-01T00:00:00.5Z")),
                row("unixtime_milliseconds_todatetime(1546300800123)", at("2019-01-01T00:00:00.123Z")),
                row("unixtime_microseconds_todatetime(1546300800123456)", at("2019-01-01T00:00:00.123456Z")),
                row("unixtime_nanoseconds_todatetime(1546300800123456789)", at("2019-01-01T00:00:00.1234567Z")),
                row("unixtime_seconds_todatetime(InitiatingProcessId)", null),
                // make_timespan / make_datetime
                row("make_timespan(1, 12, 30, 55.123)", Duration.parse("P1DT12H30M55.123S")),
                row("make_timespan(12, 30)", Duration.parse("PT12H30M")),
                row("make_timespan(2, 3, 4)", Duration.parse("PT2H3M4S")),
                row("make_timespan(25, 0)", null),
                row("make_datetime(2017, 10, 01, 12, 10)", at("2017-10-01T12:10:00Z")),
                row("make_datetime(2017, 10, 01)", at("2017-10-01T00:00:00Z")),
                row("make_datetime(2017, 10, 01, 12, 11, 0.1234567)", at("2017-10-01T12:11:00.1234567Z")),
                row("make_datetime(2017, 2, 30)", null),
                // ingestion_time is the row's Timestamp (Hookline has no separate receive time)
                row("ingestion_time()", Times.toInstant(Scalar.NOW - Scalar.HOUR)));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("cases")
    void evaluatesAsKustoDoes(String expr, Object expected) {
        assertEquals(expected, Scalar.eval(expr));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                row("datetime_diff('fortnight', Timestamp, now())", "datetime_diff() period 'fortnight' is not one of"),
                row("datetime_diff('day', Timestamp, 5)", "datetime_diff() date2 must be a datetime, not long"),
                row("datetime_part('week', Timestamp)", "datetime_part() part 'week' is not one of"),
                row("datetime_add('day', 1.5, Timestamp)", "datetime_add() amount must be a whole number"),
                row("datetime_add(FileName, 1, Timestamp)", "datetime_add() period must be a constant"),
                row("format_datetime(Timestamp, 'dddd MMM')", "format_datetime() format element 'dddd' is not supported"),
                row("format_timespan(1h, 'yyyy')", "format_timespan() format element 'yyyy' is not supported"),
                row("startofday(FileName)", "startofday() date must be a datetime, not string"),
                row("make_datetime(2017, 1, 1, 12)", "make_datetime() takes year, month, day, then hour and minute"),
                row("bin_at(Timestamp, 1d, 5)", "bin_at() needs (number, number, number)"));
    }

    @ParameterizedTest(name = "{0} fails with {1}")
    @MethodSource("errors")
    void badArgumentsAreNamed(String expr, Object message) {
        KqlException e = assertThrows(KqlException.class, () -> Scalar.eval(expr));
        assertTrue(e.getMessage().contains((String) message), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void ingestionTimeNeedsTheTimestampColumn() {
        KqlException e = assertThrows(KqlException.class, () -> Kql.compile(
                "DeviceProcessEvents | project FileName | extend T = ingestion_time()"));
        assertTrue(e.getMessage().contains("ingestion_time() reads the row's Timestamp"), e.getMessage());
        assertEquals(53, e.column());
    }
}

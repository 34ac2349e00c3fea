package dev.hookline.kql.eval.fn;

import static dev.hookline.kql.eval.fn.Scalar.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConversionFunctionsFollowKustoTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                row("tostring(ProcessId)", "42"),
                row("tostring(InitiatingProcessId)", ""),
                row("tostring(1d + 2h)", "1.02:00:00"),
                row("tostring(true)", "true"),
                row("tolong(' 123 ')", 123L),
                row("tolong('12x')", null),
                row("tolong(2.9)", 2L),
                row("toint('7')", 7),
                row("todatetime('2023-11-14T22:13:20Z')", Instant.parse("2023-11-14T22:13:20Z")),
                row("todatetime('yesterday')", null),
                row("toreal('1.5')", 1.5),
                row("todouble(3)", 3.0),
                row("toreal('x')", null),
                row("toint('123')", 123),
                row("toint(2.3)", 2),
                row("toint('2.8')", 2),
                row("tolong('-7.9')", -7L),
                row("tolong(' 42 ')", 42L),
                row("tolong('1e3')", 1000L),
                row("tolong('NaN')", null),
                row("tolong('12abc')", null),
                row("tolong('1.5d')", null),
                row("column_ifexists('FileName', 'none')", "Cmd.exe"),
                row("column_ifexists('ProcessId', 0)", 42L),
                row("column_ifexists('NoSuchColumn', 'none')", "none"),
                row("column_ifexists('NoSuchColumn', 7) + 1", 8L),
                row("tobool('true')", true),
                row("toboolean('FALSE')", false),
                row("tobool(1)", true),
                row("tobool(123)", true),
                row("tobool(0)", false),
                row("tobool(0.5)", true),
                row("tobool('yes')", null),
                row("tobool(InitiatingProcessId)", null),
                row("totimespan('0.00:01:00')", java.time.Duration.ofMinutes(1)),
                row("totime('1.02:03:04.5')", java.time.Duration.parse("P1DT2H3M4.5S")),
                row("totimespan('-00:00:30')", java.time.Duration.ofSeconds(-30)),
                row("totimespan('10m')", java.time.Duration.ofMinutes(10)),
                row("totimespan('soon')", null),
                row("gettype(FileName)", "string"),
                row("gettype(ProcessId)", "long"),
                row("gettype(1.5)", "real"),
                row("gettype(Timestamp)", "datetime"),
                row("gettype(1h)", "timespan"),
                row("gettype(true)", "bool"),
                row("gettype(toint(1))", "int"));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("cases")
    void evaluatesAsKustoDoes(String expr, Object expected) {
        assertEquals(expected, Scalar.eval(expr));
    }
}

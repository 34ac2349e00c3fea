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
                row("toreal('x')", null));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("cases")
    void evaluatesAsKustoDoes(String expr, Object expected) {
        assertEquals(expected, Scalar.eval(expr));
    }
}

package dev.hookline.kql.eval.fn;

import static dev.hookline.kql.eval.fn.Scalar.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookline.schema.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DateTimeAndMathFunctionsFollowKustoTest {
    private static final Instant NOW = Times.toInstant(Scalar.NOW);

    static Stream<Arguments> cases() {
        return Stream.of(
                row("now()", NOW),
                row("now(-1h)", NOW.minus(Duration.ofHours(1))),
                row("ago(1d)", NOW.minus(Duration.ofDays(1))),
                row("now() - Timestamp", Duration.ofHours(1)),
                row("bin(ProcessId, 10)", 40L),
                row("floor(-3, 2)", -4L),
                row("bin(7.5, 2)", 6.0),
                row("bin(90m, 1h)", Duration.ofHours(1)),
                row("bin(datetime(2024-01-02 10:45), 1h)", Instant.parse("2024-01-02T10:00:00Z")),
                row("bin(InitiatingProcessId, 5)", null),
                row("bin(5, 0)", null));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("cases")
    void evaluatesAsKustoDoes(String expr, Object expected) {
        assertEquals(expected, Scalar.eval(expr));
    }
}

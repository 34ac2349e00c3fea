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
                row("bin(5, 0)", null),
                // rounding (round's documented examples: halves away from zero)
                row("round(2.98765, 3)", 2.988),
                row("round(2.15, 1)", 2.2),
                row("round(2.5)", 3.0),
                row("round(-2.5)", -3.0),
                row("round(-50.55, -2)", -100.0),
                row("round(21.5, -1)", 20.0),
                row("round(ProcessId, -1)", 40L),
                row("floor(1.7)", 1.0),
                row("floor(-1.2)", -2.0),
                row("floor(ProcessId)", 42L),
                row("ceiling(1.2)", 2.0),
                row("ceiling(5)", 5L),
                row("abs(-5)", 5L),
                row("abs(-2.5)", 2.5),
                row("abs(-1h)", Duration.ofHours(1)),
                row("abs(InitiatingProcessId)", null),
                row("sign(-42)", -1L),
                row("sign(0)", 0L),
                row("sign(1.5)", 1.0),
                // logarithms, powers, roots: out-of-domain is null
                row("log(1)", 0.0),
                row("log(0)", null),
                row("log10(100)", 2.0),
                row("log2(8)", 3.0),
                row("log2(-8)", null),
                row("exp(0)", 1.0),
                row("exp2(3)", 8.0),
                row("exp10(2)", 100.0),
                row("pow(2, 10)", 1024.0),
                row("pow(ProcessId, 0.5) > 6.48", true),
                row("sqrt(16)", 4.0),
                row("sqrt(-1)", null),
                row("isnan(1.5)", false),
                row("isinf(exp(1000.0))", true),
                row("isfinite(exp(1000.0))", false),
                row("isfinite(ProcessId)", true),
                // max_of / min_of ignore nulls
                row("max_of(10, 1, -3, 17)", 17L),
                row("max_of(1, 2.5)", 2.5),
                row("max_of(InitiatingProcessId, 3)", 3L),
                row("min_of(InitiatingProcessId, ProcessId, 50)", 42L),
                row("max_of(long(null), InitiatingProcessId)", null),
                row("min_of('b', 'a', 'c')", "a"),
                row("max_of(Timestamp, now())", NOW),
                row("min_of(1h, 30m)", Duration.ofMinutes(30)),
                // rand: [0, 1) or [0, n)
                row("rand() >= 0 and rand() < 1", true),
                row("rand(1)", 0L));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("cases")
    void evaluatesAsKustoDoes(String expr, Object expected) {
        assertEquals(expected, Scalar.eval(expr));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                row("round(FileName)", "round() value must be a number, not string"),
                row("round(1.5, 1.5)", "round() precision must be a whole number"),
                row("log(Timestamp)", "log() value must be a number, not datetime"),
                row("pow(2, '3')", "pow() exponent must be a number, not string"),
                row("max_of(1, FileName)", "max_of() arguments have different types: long and string"),
                row("max_of(true, false)", "max_of() needs numbers, datetimes, timespans or strings"),
                row("floor(Timestamp)", "floor() value must be a number"),
                row("rand(1.5)", "rand() n must be a whole number"));
    }

    @ParameterizedTest(name = "{0} fails with {1}")
    @MethodSource("errors")
    void badArgumentsAreNamed(String expr, Object message) {
        dev.hookline.kql.KqlException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.hookline.kql.KqlException.class, () -> Scalar.eval(expr));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains((String) message), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void randIsDrawnPerRowNotFolded() {
        assertEquals(5, new java.util.HashSet<>(Scalar.evalRows("rand()", 5)).size());
        assertEquals(5, new java.util.HashSet<>(Scalar.evalRows("rand(1000000000)", 5)).size());
    }
}

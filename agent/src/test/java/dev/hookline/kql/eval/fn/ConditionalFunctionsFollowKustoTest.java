package dev.hookline.kql.eval.fn;

import static dev.hookline.kql.eval.fn.Scalar.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.KqlException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConditionalFunctionsFollowKustoTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                row("not(ProcessId == 42)", false),
                row("not(InitiatingProcessId == 1)", true), // null == 1 is false, so not() is true
                row("not(InitiatingProcessId > 1)", null),
                row("iff(ProcessId > 40, 'big', 'small')", "big"),
                row("iif(ProcessId > 50, 1, 2.5)", 2.5),
                row("iff(InitiatingProcessId > 1, 1, 2)", 2L),
                row("isempty(AccountName)", true),
                row("isempty(InitiatingProcessId)", true),
                row("isnotempty(FileName)", true),
                row("isnull(AccountName)", false),
                row("isnull(InitiatingProcessId)", true),
                row("isnotnull(ProcessId)", true),
                row("notnull(InitiatingProcessId)", false),
                row("notempty(FileName)", true),
                // case: the first true condition's value, else the last; null conditions count as false
                row("case(ProcessId < 10, 'low', ProcessId < 100, 'mid', 'high')", "mid"),
                row("case(ProcessId < 10, 'low', 'other')", "other"),
                row("case(InitiatingProcessId > 0, 1, 2.5)", 2.5),
                row("case(ProcessId == 42, 1, 0)", 1L),
                // coalesce: first non-null (non-empty string), else the last
                row("coalesce(InitiatingProcessId, ProcessId, 7)", 42L),
                row("coalesce(AccountName, '', FileName)", "Cmd.exe"),
                row("coalesce(AccountName, '')", ""),
                row("coalesce(real(null), 1)", 1.0),
                row("coalesce(InitiatingProcessId, long(null))", null));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                row("case(ProcessId < 10, 'low')", "case() takes at least 3 arguments"),
                row("case(ProcessId < 10, 'low', ProcessId < 20, 'mid')", "case() takes condition/value pairs"),
                row("case(ProcessId, 'low', 'high')", "case() needs a bool expression but this is long"),
                row("case(ProcessId < 10, 'low', 5)", "case() values have different types: string and long"),
                row("coalesce(FileName, 5)", "coalesce() arguments have different types"));
    }

    @ParameterizedTest(name = "{0} fails with {1}")
    @MethodSource("errors")
    void badArgumentsAreNamed(String expr, Object message) {
        KqlException e = assertThrows(KqlException.class, () -> Scalar.eval(expr));
        assertTrue(e.getMessage().contains((String) message), e.getMessage());
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("cases")
    void evaluatesAsKustoDoes(String expr, Object expected) {
        assertEquals(expected, Scalar.eval(expr));
    }
}

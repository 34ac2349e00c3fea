package dev.hookline.kql.eval.fn;

import static dev.hookline.kql.eval.fn.Scalar.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
                row("isnotnull(ProcessId)", true));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("cases")
    void evaluatesAsKustoDoes(String expr, Object expected) {
        assertEquals(expected, Scalar.eval(expr));
    }
}

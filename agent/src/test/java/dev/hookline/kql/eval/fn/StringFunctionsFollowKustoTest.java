package dev.hookline.kql.eval.fn;

import static dev.hookline.kql.eval.fn.Scalar.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StringFunctionsFollowKustoTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                row("tolower(FileName)", "cmd.exe"),
                row("toupper(FileName)", "CMD.EXE"),
                row("tolower(42)", "42"),
                row("strcat(FileName, ':', ProcessId)", "Cmd.exe:42"),
                row("strcat('a', 1.5, true, 2h)", "a1.5true02:00:00"),
                row("strcat(InitiatingProcessId, 'x')", "x"),
                row("strlen(ProcessCommandLine)", 17L),
                row("strlen(AccountName)", 0L),
                row("strlen(12345)", 5L));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("cases")
    void evaluatesAsKustoDoes(String expr, Object expected) {
        assertEquals(expected, Scalar.eval(expr));
    }
}

package dev.hookline.kql;

import dev.hookline.kql.eval.Kql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** parse and parse-where in simple, regex and relaxed mode, with typed columns. */
class ParseOperatorFollowsKustoTest {
    private static final String LOG = "print Line = 'user=ann pid=4120 cmd=curl -s http://x'";

    static Stream<Arguments> patterns() {
        return Stream.of(
                Arguments.of("parse Line with 'user=' User ' pid=' Pid:long ' cmd=' Cmd",
                        "Line,User,Pid,Cmd", "ann|4120|curl -s http://x"),
                // '*' skips text; the last string column takes the rest
                Arguments.of("parse Line with * 'pid=' Pid:long * 'cmd=' Tool ' ' *",
                        "Line,Pid,Tool", "4120|curl"),
                // a pattern may start with a column
                Arguments.of("parse Line with Key '=' Rest", "Line,Key,Rest", "user|ann pid=4120 cmd=curl -s http://x"),
                Arguments.of("parse kind=regex Line with @'user=' User @'\\s+pid=' Pid:int @'\\s+cmd=' Cmd",
                        "Line,User,Pid,Cmd", "ann|4120|curl -s http://x"),
                Arguments.of("parse kind=regex flags=i Line with @'USER=' User @'\\s'", "Line,User", "ann"),
                // simple mode is strict: a value that is not a long fails the whole match
                Arguments.of("parse Line with 'user=' User:long ' pid=' Pid", "Line,User,Pid", "~|"),
                // relaxed mode nulls only the column that does not convert
                Arguments.of("parse kind=relaxed Line with 'user=' User:long ' pid=' Pid:long ' ' *",
                        "Line,User,Pid", "~|4120"),
                // no match: strings empty, other types null, the row kept
                Arguments.of("parse Line with 'host=' Host ' port=' Port:long", "Line,Host,Port", "|~"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void extractsTypedColumns(String op, String columns, String values) {
        String q = LOG + " | " + op;
        assertEquals(columns, Rows.columns(q));
        String row = Rows.run(q).get(0);
        assertEquals(values, row.substring(row.indexOf("http://x") + "http://x".length() + 1));
    }

    @Test
    void parseWhereDropsRowsThatDoNotMatch() {
        String q = "datatable(s:string) ['a=1', 'b', 'a=x', 'a=22'] | parse-where s with 'a=' n:long | project n";
        assertEquals(List.of("1", "22"), Rows.run(q));
        assertEquals(List.of("1", "~", "~", "22"), Rows.run(q.replace("parse-where", "parse")));
    }

    @Test
    void parsedColumnsReplaceExistingOnesAndNonStringsParseAsText() {
        assertEquals("b,a", Rows.columns("print b = 'old', a = 123 | parse a with b:long '3'"));
        assertEquals(List.of("12|123"), Rows.run("print b = 'old', a = 123 | parse a with b:long '3'"));
    }

    @Test
    void parseStreams() {
        StreamingQuery sq = Kql.compile("DeviceProcessEvents | parse-where ProcessCommandLine with * '-enc ' Payload"
                + " | project Payload").streaming();
        int[] n = {0};
        sq.accept(Ev.proc(Ev.NOW).s("ProcessCommandLine", "powershell -enc SQBFAFgA").build(), Ev.NOW,
                (arm, ev, row) -> {
                    assertEquals("SQBFAFgA", row[0]);
                    n[0]++;
                });
        sq.accept(Ev.proc(Ev.NOW).s("ProcessCommandLine", "cmd /c dir").build(), Ev.NOW, (arm, ev, row) -> n[0]++);
        assertEquals(1, n[0]);
    }

    @Test
    void badPatternsAreErrorsWithPositions() {
        assertTrue(assertThrows(KqlException.class, () -> Kql.compile(LOG + " | parse Line with 'a' 'b'"))
                .getMessage().contains("names no column"));
        assertTrue(assertThrows(KqlException.class, () -> Kql.compile(LOG + " | parse kind=regex Line with '(' X"))
                .getMessage().contains("bad regular expression"));
        assertTrue(assertThrows(KqlException.class, () -> Kql.compile(LOG + " | parse Line with 'a' X:nosuch"))
                .getMessage().contains("unknown type 'nosuch'"));
    }
}

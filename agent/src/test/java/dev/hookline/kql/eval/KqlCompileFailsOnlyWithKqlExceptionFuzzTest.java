package dev.hookline.kql.eval;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.parse.Lexer;
import dev.hookline.kql.parse.Parser;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the KQL front end: any text through the lexer, the parser and the compiler
 * ({@link Kql#compile}). The contract users see: a query compiles, or fails with a {@link KqlException} whose message
 * names a line and column; any other exception (and a hang, caught by the fuzzer's timeout) is a finding.
 */
class KqlCompileFailsOnlyWithKqlExceptionFuzzTest {

    @FuzzTest
    // Dictionary tokens are in libFuzzer's dictionary syntax: \" for a quote, \xNN for other bytes.
    @DictionaryEntries({"DeviceProcessEvents", "DeviceNetworkEvents", "DeviceFileEvents", " | where ", " | extend ",
            " | project ", " | summarize ", " count() by ", " | join kind=inner (", " on ", " | take 10", " | sort by ",
            " | top 5 by ", " | parse ", " | mv-expand ", " | make-series ", " | union ", "let x = ", ";", " == ",
            " != ", " =~ ", " contains ", " has ", " startswith ", " matches regex ", " in (", " between (", " and ",
            " or ", "not(", "ago(1h)", "datetime(2026-01-02)", "timespan(", "dynamic([", "todynamic(", "strcat(",
            "extract(\\\"", "iff(", "case(", "tostring(", "toint(", "bin(Timestamp, 1h)", "arg_max(", "make_set(",
            "dcount(", "percentile(", "FileName", "ProcessCommandLine", "InitiatingProcessFileName", "RemoteIP",
            "Timestamp", "@\\\"", "'", "\\\"", "//", "(", ")", "[", "]", "{", "}", "=>", "..", "1d", "0x1F",
            "real(nan)", "bool(true)", "externaldata(", "materialize(", "toscalar(", "range x from 1 to 3 step 1",
            "datatable(a:int)[1,2]", "print ", "evaluate ", "invoke ", "as T", "getschema", "serialize", "prev(",
            "row_number("})
    void anyTextCompilesOrFailsWithLineAndColumn(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        try {
            Lexer.tokenize(text);
            Parser.parseQuery(text);
            Kql.compile(text);
        } catch (KqlException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("line ") || e.line() < 1 || e.column() < 1) {
                throw new AssertionError("a KqlException without line and column: " + e.getMessage(), e);
            }
        }
    }
}

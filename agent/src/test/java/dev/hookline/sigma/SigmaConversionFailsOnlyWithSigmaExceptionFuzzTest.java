package dev.hookline.sigma;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hookline.kql.eval.Kql;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the Sigma converter: any text as a rule file. The contract: the rule converts, or
 * fails with a {@link SigmaException} whose message names the file; and what it converts to is KQL the engine
 * compiles (a converted rule that the detector then refuses would be a converter bug).
 */
class SigmaConversionFailsOnlyWithSigmaExceptionFuzzTest {

    @FuzzTest
    // Dictionary tokens are in libFuzzer's dictionary syntax: \" for a quote, \xNN for other bytes.
    @DictionaryEntries({"title: ", "id: ", "status: test\\x0A", "level: high\\x0A", "description: ", "logsource:\\x0A",
            "  category: process_creation\\x0A", "  category: network_connection\\x0A", "  category: file_event\\x0A",
            "  product: linux\\x0A", "detection:\\x0A", "  selection:\\x0A", "    Image|endswith: ",
            "    CommandLine|contains:\\x0A", "      - ", "|contains|all", "|startswith", "|endswith", "|re", "|re|i",
            "|cidr", "|windash", "|exists", "|cased", "|gt", "|base64", "    DestinationPort: 443\\x0A",
            "  condition: ", "selection", " and not ", " or ", "1 of selection*", "all of them", "1 of filter_*", "(",
            ")", "null", "'*'", "\\\"", "\\\\", "?", "tags:\\x0A", "  - attack.t1059.004\\x0A",
            "  - attack.execution\\x0A", "falsepositives:\\x0A", "  timeframe: 5m\\x0A", " | count() > 5",
            "keywords:\\x0A", "&a ", "*a", "!!str ", "{", "}", "[", "]"})
    void anyRuleConvertsToCompilableKqlOrFailsNamingTheFile(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        SigmaConversion c;
        try {
            c = SigmaConverter.convert("fuzz.yml", text);
        } catch (SigmaException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("fuzz.yml")) {
                throw new AssertionError("a SigmaException that does not name the file: " + e.getMessage(), e);
            }
            return;
        }
        Kql.compile(c.kql());
    }
}

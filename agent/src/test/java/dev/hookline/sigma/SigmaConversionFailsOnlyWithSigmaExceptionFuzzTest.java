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
    @DictionaryEntries({"title: ", "id: ", "status: test\n", "level: high\n", "description: ", "logsource:\n",
            "  category: process_creation\n", "  category: network_connection\n", "  category: file_event\n",
            "  product: linux\n", "detection:\n", "  selection:\n", "    Image|endswith: ", "    CommandLine|contains:\n",
            "      - ", "|contains|all", "|startswith", "|endswith", "|re", "|re|i", "|cidr", "|windash", "|exists",
            "|cased", "|gt", "|base64", "    DestinationPort: 443\n", "  condition: ", "selection", " and not ",
            " or ", "1 of selection*", "all of them", "1 of filter_*", "(", ")", "null", "'*'", "\"", "\\", "?",
            "tags:\n", "  - attack.t1059.004\n", "  - attack.execution\n", "falsepositives:\n", "  timeframe: 5m\n",
            " | count() > 5", "keywords:\n", "&a ", "*a", "!!str ", "{", "}", "[", "]"})
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

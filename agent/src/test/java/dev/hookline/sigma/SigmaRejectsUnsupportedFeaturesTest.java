package dev.hookline.sigma;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each unsupported feature fails with the rule file and the feature named. */
class SigmaRejectsUnsupportedFeaturesTest {
    private static void rejects(String category, String detection, String... expected) {
        String rule = "title: t\nlogsource:\n  category: " + category + "\ndetection:\n" + detection;
        SigmaException e = assertThrows(SigmaException.class, () -> SigmaConverter.convert("rules/bad.yml", rule));
        assertTrue(e.getMessage().startsWith("rules/bad.yml: "), e.getMessage());
        for (String x : expected) {
            assertTrue(e.getMessage().contains(x), e.getMessage() + " should mention " + x);
        }
    }

    @Test
    void regexRe2CannotExpress() {
        rejects("process_creation", "  sel:\n    CommandLine|re: '(curl) \\1'\n  condition: sel", "'re'", "CommandLine",
                "backreference");
        rejects("process_creation", "  sel:\n    CommandLine|re: 'curl(?= )'\n  condition: sel", "'re'", "lookaround");
        rejects("process_creation", "  sel:\n    CommandLine|re|contains: 'x'\n  condition: sel", "'re'",
                "cannot be combined");
        rejects("process_creation", "  sel:\n    CommandLine|i: 'x'\n  condition: sel", "only go with 're'");
    }

    @Test
    void cidrThatIsNotAPrefix() {
        rejects("network_connection", "  sel:\n    DestinationIp|cidr: 10.0.0/8\n  condition: sel", "'cidr'",
                "'10.0.0/8' is not an IPv4 prefix");
        rejects("network_connection", "  sel:\n    DestinationIp|cidr: 'fe80:::1/10'\n  condition: sel", "IPv6");
        rejects("network_connection", "  sel:\n    DestinationIp|cidr|contains: 10.0.0.0/8\n  condition: sel",
                "cannot be combined");
    }

    @Test
    void currentDirectoryField() {
        rejects("process_creation", "  sel:\n    CurrentDirectory: /tmp\n  condition: sel", "CurrentDirectory",
                "not supported");
    }

    @Test
    void unknownFieldAndModifier() {
        rejects("process_creation", "  sel:\n    TerminalSessionId: 1\n  condition: sel", "'TerminalSessionId'",
                "process_creation");
        rejects("process_creation", "  sel:\n    CommandLine|fieldref: ParentCommandLine\n  condition: sel",
                "'fieldref'");
    }

    @Test
    void unsupportedCategory() {
        rejects("registry_set", "  sel:\n    TargetObject: x\n  condition: sel", "registry_set", "process_creation");
    }

    @Test
    void keywordSearch() {
        rejects("process_creation", "  keywords:\n    - evil\n    - worse\n  condition: keywords", "keyword");
    }

    @Test
    void aggregationsAndNear() {
        rejects("process_creation", "  sel:\n    Image: x\n  condition: sel | count() by User > 5", "aggregations");
        rejects("process_creation", "  sel:\n    Image: x\n  condition: sel near sel", "near");
    }

    @Test
    void badConditions() {
        rejects("process_creation", "  sel:\n    Image: x\n  condition: sel and other", "'other'");
        rejects("process_creation", "  sel:\n    Image: x\n  condition: 1 of filter_*", "filter_*");
        rejects("process_creation", "  sel:\n    Image: x\n  condition: (sel", "missing ')'");
        rejects("process_creation", "  sel:\n    Image: x\n", "no 'condition'");
        rejects("process_creation", "  sel:\n    Image: x\n  condition: 2 of sel", "'2 of'");
    }

    @Test
    void brokenYamlNamesTheFile() {
        SigmaException e = assertThrows(SigmaException.class,
                () -> SigmaConverter.convert("rules/bad.yml", "title: [unclosed\nlogsource:\ndetection:\n"));
        assertTrue(e.getMessage().startsWith("rules/bad.yml:"), e.getMessage());
    }
}

package dev.hookline.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Table;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The KQL text Sigma rules convert to, with pySigma's microsoft_xdr field names and Sigma's value semantics. */
class SigmaConvertsToKqlTest {
    static String resource(String name) throws IOException {
        try (InputStream in = SigmaConvertsToKqlTest.class.getResourceAsStream("/sigma/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The lines after the // comments. */
    static String body(SigmaConversion c) {
        StringBuilder b = new StringBuilder();
        for (String l : c.kql().split("\n")) {
            if (!l.startsWith("//")) {
                b.append(l).append('\n');
            }
        }
        return b.toString();
    }

    static String where(String detection) {
        return where("process_creation", detection);
    }

    static String where(String category, String detection) {
        String rule = "title: t\nlogsource:\n  category: " + category + "\ndetection:\n" + detection;
        SigmaConversion c = SigmaConverter.convert("t.yml", rule);
        Kql.compile(c.kql()); // every conversion must compile
        String b = body(c);
        return b.substring(b.indexOf("| where ") + 8).trim();
    }

    @Test
    void curlPipedToShellProcessCreation() throws Exception {
        SigmaConversion c = SigmaConverter.convert("proc_curl_piped_to_shell.yml", resource("proc_curl_piped_to_shell.yml"));
        assertEquals(Table.DeviceProcessEvents, c.table());
        assertEquals("DeviceProcessEvents\n"
                + "| where (((ProcessCommandLine contains \"curl \" or ProcessCommandLine contains \"wget \") and"
                + " (ProcessCommandLine contains \"| sh\" or ProcessCommandLine contains \"| bash\" or"
                + " ProcessCommandLine contains \"|sh\" or ProcessCommandLine contains \"|bash\"))"
                + " and not(ProcessCommandLine contains \"://127.0.0.1\"))\n", body(c));
        assertTrue(c.kql().startsWith("// Curl Or Wget Output Piped To A Shell\n// Converted from Sigma rule"
                + " 5f0a7d2e-1c4b-4c61-9d7e-2f3a1b6c8e01"), c.kql());
        assertEquals(List.of("Execution"), c.tactics());
        assertEquals(List.of("T1059.004"), c.techniques());
        assertEquals("high", c.level());
        Kql.compile(c.kql()).streaming();
    }

    @Test
    void networkRuleWithPortListAndIgnoredInitiated() throws Exception {
        SigmaConversion c = SigmaConverter.convert("net.yml", resource("net_pm_registry_ports.yml"));
        assertEquals("DeviceNetworkEvents\n| where ((InitiatingProcessFolderPath endswith \"/node\" or"
                + " InitiatingProcessFolderPath endswith \"/pip\" or InitiatingProcessFolderPath endswith \"/pip3\")"
                + " and RemotePort in (4873, 8081, 3141))\n", body(c));
        assertTrue(c.kql().contains("// note: Initiated is ignored"), c.kql());
        assertEquals(1, c.notes().size());
        Kql.compile(c.kql()).streaming();
    }

    @Test
    void fileRuleWithContainsAll() throws Exception {
        SigmaConversion c = SigmaConverter.convert("file.yml", resource("file_workflow_written_by_node.yml"));
        assertEquals("DeviceFileEvents\n| where ((FolderPath contains \"/.github/\" and FolderPath contains"
                + " \"/workflows/\") and (FolderPath endswith \".yml\" or FolderPath endswith \".yaml\") and"
                + " InitiatingProcessFolderPath endswith \"/node\")\n", body(c));
        assertEquals("stable", c.status());
    }

    @Test
    void plainValuesAreCaseInsensitiveEqualityAndListsBecomeInTilde() {
        assertEquals("FolderPath =~ \"/usr/bin/curl\"", where("  sel:\n    Image: /usr/bin/curl\n  condition: sel"));
        assertEquals("FolderPath in~ (\"/usr/bin/curl\", \"/usr/bin/wget\")",
                where("  sel:\n    Image:\n      - /usr/bin/curl\n      - /usr/bin/wget\n  condition: sel"));
        assertEquals("FolderPath == \"/usr/bin/Curl\"", where("  sel:\n    Image|cased: /usr/bin/Curl\n  condition: sel"));
        assertEquals("ProcessCommandLine contains_cs \"X\"",
                where("  sel:\n    CommandLine|contains|cased: X\n  condition: sel"));
    }

    @Test
    void wildcardsAtTheEndsBecomeStringOperators() {
        assertEquals("FolderPath endswith \"\\\\curl.exe\"", where("  sel:\n    Image: '*\\curl.exe'\n  condition: sel"));
        assertEquals("ProcessCommandLine startswith \"curl \"", where("  sel:\n    CommandLine: 'curl *'\n  condition: sel"));
        assertEquals("ProcessCommandLine contains \"| sh\"", where("  sel:\n    CommandLine: '*| sh*'\n  condition: sel"));
        assertEquals("ProcessCommandLine =~ \"a*b\"", where("  sel:\n    CommandLine: 'a\\*b'\n  condition: sel"),
                "an escaped star is a literal star");
        assertEquals("isnotempty(ProcessCommandLine)", where("  sel:\n    CommandLine: '*'\n  condition: sel"));
        assertEquals("ProcessCommandLine contains \"x\"",
                where("  sel:\n    CommandLine|startswith: '*x'\n  condition: sel"));
    }

    @Test
    void reBecomesMatchesRegexCaseSensitiveWithItsFlags() {
        assertEquals("ProcessCommandLine matches regex @\"curl .* \\| (ba)?sh\"",
                where("  sel:\n    CommandLine|re: 'curl .* \\| (ba)?sh'\n  condition: sel"));
        assertEquals("ProcessCommandLine matches regex @\"(?i)invoke-webrequest\"",
                where("  sel:\n    CommandLine|re|i: 'invoke-webrequest'\n  condition: sel"));
        assertEquals("(ProcessCommandLine matches regex @\"^a\" or ProcessCommandLine matches regex @\"\"\"b\"\"\")",
                where("  sel:\n    CommandLine|re:\n      - '^a'\n      - '\"b\"'\n  condition: sel"),
                "a list is an or; a double quote is doubled in the verbatim string");
        assertEquals("(ProcessCommandLine matches regex @\"a\" and ProcessCommandLine matches regex @\"b\")",
                where("  sel:\n    CommandLine|re|all:\n      - a\n      - b\n  condition: sel"));
    }

    @Test
    void cidrBecomesIpRangeFunctionsAndAListIsAnOr() {
        assertEquals("ipv4_is_in_range(RemoteIP, \"10.0.0.0/8\")",
                where("network_connection", "  sel:\n    DestinationIp|cidr: 10.0.0.0/8\n  condition: sel"));
        assertEquals("(ipv4_is_in_range(RemoteIP, \"10.0.0.0/8\") or ipv4_is_in_range(RemoteIP, \"192.168.0.0/16\")"
                + " or ipv6_is_in_range(RemoteIP, \"fd00::/8\"))",
                where("network_connection", "  sel:\n    DestinationIp|cidr:\n      - 10.0.0.0/8\n"
                        + "      - 192.168.0.0/16\n      - 'fd00::/8'\n  condition: sel"));
        assertEquals("not(ipv4_is_in_range(RemoteIP, \"127.0.0.0/8\"))",
                where("network_connection", "  sel:\n    DestinationIp|cidr: 127.0.0.0/8\n  condition: not sel"));
    }

    @Test
    void aWildcardInsideAValueBecomesAnAnchoredCaseInsensitiveRegex() {
        assertEquals("ProcessCommandLine matches regex @\"(?is)^curl.*\\| sh$\"",
                where("  sel:\n    CommandLine: 'curl*| sh'\n  condition: sel"));
        assertEquals("FolderPath matches regex @\"(?is)^/usr/bin/pytho.3$\"",
                where("  sel:\n    Image: '/usr/bin/pytho?3'\n  condition: sel"));
        assertEquals("ProcessCommandLine matches regex @\"(?s)curl.*\\.sh\"",
                where("  sel:\n    CommandLine|contains|cased: 'curl*.sh'\n  condition: sel"));
    }

    @Test
    void windashExpandsDashAndSlashVariants() {
        String w = where("  sel:\n    CommandLine|windash|contains: ' -enc '\n  condition: sel");
        assertEquals("(ProcessCommandLine contains \" -enc \" or ProcessCommandLine contains \" /enc \" or"
                + " ProcessCommandLine contains \" \u2013enc \" or ProcessCommandLine contains \" \u2014enc \" or"
                + " ProcessCommandLine contains \" \u2015enc \")", w);
        assertEquals(List.of("a-b"), SigmaConverter.windash("a-b"), "a dash inside a word stays");
    }

    @Test
    void conditionsOfThemAndPatternsAndParentheses() {
        String det = "  a_1:\n    Image: x\n  a_2:\n    Image: y\n  _helper:\n    User: root\n";
        assertEquals("(FolderPath =~ \"x\" or FolderPath =~ \"y\")", where(det + "  condition: 1 of them"));
        assertEquals("(FolderPath =~ \"x\" and FolderPath =~ \"y\")", where(det + "  condition: all of a_*"));
        assertEquals("(FolderPath =~ \"x\" and (FolderPath =~ \"y\" or not(AccountName =~ \"root\")))",
                where(det + "  condition: a_1 and (a_2 or not _helper)"));
        assertEquals("(FolderPath =~ \"x\" or FolderPath =~ \"y\")", where(det + "  condition:\n    - a_1\n    - a_2"));
    }

    @Test
    void listOfMapsIsOrAndNullIsEmpty() {
        assertEquals("(FolderPath =~ \"x\" or ProcessCommandLine contains \"y\")",
                where("  sel:\n    - Image: x\n    - CommandLine|contains: y\n  condition: sel"));
        assertEquals("isempty(ProcessCommandLine)", where("  sel:\n    CommandLine: null\n  condition: sel"));
        assertEquals("isnotempty(InitiatingProcessCommandLine)",
                where("  sel:\n    ParentCommandLine|exists: true\n  condition: sel"));
        assertEquals("ProcessId == 4242", where("  sel:\n    ProcessId: 4242\n  condition: sel"));
        assertEquals("RemotePort >= 1024", where("network_connection", "  sel:\n    DestinationPort|gte: 1024\n  condition: sel"));
    }

    @Test
    void fileVariantsFilterOnActionType() {
        SigmaConversion c = SigmaConverter.convert("d.yml", "title: t\nlogsource:\n  category: file_delete\n"
                + "detection:\n  sel:\n    TargetFilename|endswith: .bash_history\n  condition: sel\n");
        assertTrue(body(c).contains("| where ActionType == \"FileDeleted\"\n"), c.kql());
    }

    @Test
    void recognisesSigmaByTopLevelKeys() {
        assertTrue(SigmaConverter.looksLikeSigma("title: x\nlogsource:\n  category: a\ndetection:\n  c: 1\n"));
        assertFalse(SigmaConverter.looksLikeSigma("id: x\nquery: |\n  logsource:\n  detection:\n"));
    }
}

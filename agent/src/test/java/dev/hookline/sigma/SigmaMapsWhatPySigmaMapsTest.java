package dev.hookline.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.eval.Kql;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fields, values and modifiers SigmaHQ rules use that pySigma's Defender (microsoft_xdr) pipeline maps: each
 * converts, and the KQL compiles here.
 */
class SigmaMapsWhatPySigmaMapsTest {
    private static String kql(String category, String detection) {
        String text = "title: t\nlogsource:\n  category: " + category + "\n  product: windows\ndetection:\n"
                + detection + "\n  condition: sel\n";
        SigmaConversion c = SigmaConverter.convert("t.yml", text);
        Kql.compile(c.kql());
        return c.kql();
    }

    @Test
    void hexAndOtherNumberFormsCompareAsNumbers() {
        assertTrue(kql("process_creation", "  sel:\n    LogonId: '0x3e7'").contains("LogonId == 999"));
        assertTrue(kql("process_creation", "  sel:\n    LogonId:\n      - '0x3E7'\n      - '0999'")
                .contains("LogonId in (999, 999)"));
        assertTrue(kql("network_connection", "  sel:\n    DestinationPort: '04444'").contains("RemotePort == 4444"));
    }

    @Test
    void aNumberPastAKqlLongComparesAsTextAndStillCompiles() {
        // found by fuzzing: YAML reads the digits as a BigInteger, which was written into the KQL as a long literal
        assertTrue(kql("network_connection", "  sel:\n    DestinationPort:\n      - 443\n"
                + "      - 844222222222222222222222223").contains("tostring(RemotePort)"));
        assertTrue(kql("process_creation", "  sel:\n    LogonId: '0xffffffffffffffff'").contains("tostring(LogonId)"));
    }

    @Test
    void aRuleIdSpanningLinesStaysInItsComment() {
        // found by fuzzing: a folded YAML id with an empty line holds a newline, which began a line of KQL
        String text = "title: t\nid: abc\n  \n  | take 1\nlogsource:\n  category: process_creation\n"
                + "detection:\n  sel:\n    Image|endswith: '/sh'\n  condition: sel\n";
        String k = SigmaConverter.convert("t.yml", text).kql();
        Kql.compile(k);
        assertTrue(k.contains("rule abc") && k.lines().noneMatch(l -> l.startsWith("| take")), k);
    }

    @Test
    void aWildcardOnANumberMatchesItsText() {
        assertTrue(kql("network_connection", "  sel:\n    DestinationPort: '44*'")
                .contains("tostring(RemotePort) startswith \"44\""));
    }

    @Test
    void hashesGoToTheirAlgorithmsColumnsAndOtherAlgorithmsAreLeftOutWithANote() {
        String md5 = "0123456789abcdef0123456789abcdef";
        String sha256 = "a".repeat(64);
        String k = kql("process_creation", "  sel:\n    Hashes|contains:\n      - MD5=" + md5 + "\n      - SHA256="
                + sha256 + "\n      - IMPHASH=ffff");
        assertTrue(k.contains("MD5 =~ \"" + md5 + "\""), k);
        assertTrue(k.contains("SHA256 =~ \"" + sha256 + "\""), k);
        assertTrue(k.contains("// note: Hashes values left out") && k.contains("IMPHASH"), k);
        String net = kql("network_connection", "  sel:\n    Hashes: 'SHA1=" + "b".repeat(40) + "'");
        assertTrue(net.contains("InitiatingProcessSHA1 =~"), net);
        SigmaException e = assertThrows(SigmaException.class,
                () -> kql("process_creation", "  sel:\n    Hashes: IMPHASH=ffff"));
        assertTrue(e.getMessage().contains("can never match an MDE row"), e.getMessage());
    }

    @Test
    void anImphashAlternativeDropsOutOfAnOrAndAnImphashFilterExcludesNothing() {
        String text = "title: t\nlogsource:\n  category: process_creation\ndetection:\n  sel:\n"
                + "    - Image|endswith: '\\tool.exe'\n    - Hashes|contains: IMPHASH=ffff\n  filter:\n"
                + "    Hashes|contains: IMPHASH=eeee\n  condition: sel and not filter\n";
        String k = SigmaConverter.convert("t.yml", text).kql();
        assertTrue(k.contains("| where FolderPath endswith \"\\\\tool.exe\"\n"), k);
    }

    @Test
    void aTextValueOnANumericFieldComparesItsText() {
        assertTrue(kql("process_creation", "  sel:\n    LogonId:\n      - '0x3e7'\n      - 'null'")
                .contains("tostring(LogonId) =~ \"null\""));
    }

    @Test
    void processFieldsInFileAndNetworkRulesAreTheInitiatingProcesss() {
        String f = kql("file_event", "  sel:\n    CommandLine|contains: ' -enc '\n    ParentImage|endswith: "
                + "'\\rundll32.exe'");
        assertTrue(f.contains("InitiatingProcessCommandLine contains \" -enc \""), f);
        assertTrue(f.contains("InitiatingProcessParentFileName endswith \"rundll32.exe\""), f);
        String n = kql("network_connection", "  sel:\n    ParentImage: 'C:\\Windows\\explorer.exe'");
        assertTrue(n.contains("InitiatingProcessParentFileName =~ \"explorer.exe\""), n);
        SigmaException folder = assertThrows(SigmaException.class,
                () -> kql("file_event", "  sel:\n    ParentImage|contains: '\\AppData\\'"));
        assertTrue(folder.getMessage().contains("names a folder"), folder.getMessage());
    }

    @Test
    void parentUserFileVersionAndSecurityLogNamesMap() {
        String k = kql("process_creation", "  sel:\n    ParentUser|contains: SYSTEM\n    FileVersion: '1.0'\n"
                + "    NewProcessName|endswith: '\\cmd.exe'\n    ParentProcessName|endswith: '\\winword.exe'");
        assertTrue(k.contains("InitiatingProcessAccountName contains \"SYSTEM\""), k);
        assertTrue(k.contains("ProcessVersionInfoProductVersion =~ \"1.0\""), k);
        assertTrue(k.contains("FolderPath endswith \"\\\\cmd.exe\""), k);
        assertTrue(k.contains("InitiatingProcessFolderPath endswith \"\\\\winword.exe\""), k);
    }

    @Test
    void aSysmonEventIdOfTheRulesOwnCategoryIsDroppedAndAnyOtherRefusedWithWhatItIs() {
        String k = kql("process_creation", "  sel:\n    EventID: 1\n    Image|endswith: '\\whoami.exe'");
        assertFalse(k.substring(k.indexOf("| where")).contains("EventID"), "no such column; the note says why: " + k);
        assertTrue(k.contains("// note: EventID 1 is dropped"), k);
        assertTrue(kql("file_delete", "  sel:\n    EventID:\n      - 23\n      - 26\n    TargetFilename|endswith: .log")
                .contains("ActionType == \"FileDeleted\""));
        SigmaException e = assertThrows(SigmaException.class,
                () -> kql("process_creation", "  sel:\n    EventID: 13\n    Image|endswith: '\\reg.exe'"));
        assertTrue(e.getMessage().contains("EventID 13") && e.getMessage().contains("registry value set")
                && e.getMessage().contains("EventID 1 or 4688"), e.getMessage());
        assertEquals("value", e.feature());
    }

    @Test
    void base64offsetExpandsAsPySigmaDoesAndContainsAppliesToEachShift() {
        // the three shifts of "curl -s" (and of "curl" in UTF-16LE), as Python's base64 gives them
        String k = kql("process_creation", "  sel:\n    CommandLine|base64offset|contains: 'curl -s'");
        for (String s : List.of("Y3VybCAtc", "N1cmwgLX", "jdXJsIC1z")) {
            assertTrue(k.contains("ProcessCommandLine contains \"" + s + "\""), k);
        }
        String wide = kql("process_creation", "  sel:\n    CommandLine|wide|base64offset|contains: curl");
        for (String s : List.of("YwB1AHIAbA", "MAdQByAGwA", "jAHUAcgBsA")) {
            assertTrue(wide.contains("\"" + s + "\""), wide);
        }
        assertTrue(kql("process_creation", "  sel:\n    CommandLine|base64|contains: whoami")
                .contains("ProcessCommandLine contains \"d2hvYW1p\""));
    }

    @Test
    void allOverBase64offsetValuesNeedsEachValueInOneOfItsShifts() {
        String k = kql("process_creation", "  sel:\n    CommandLine|base64offset|contains|all:\n      - ab\n"
                + "      - cd");
        assertTrue(k.startsWith("// t") && k.contains(") and ("), k);
    }

    @Test
    void theRefusalOfAnUnmappedFieldListsOnlyFieldsThatMap() {
        SigmaException e = assertThrows(SigmaException.class,
                () -> kql("process_creation", "  sel:\n    TerminalSessionId: 1"));
        assertTrue(e.getMessage().contains("(mapped: Image,"), e.getMessage());
        assertFalse(e.getMessage().contains("CurrentDirectory"), e.getMessage());
    }

    @Test
    void anEmojiAtSnakeYamlsBufferEdgeConverts() {
        // pad so that the emoji's first UTF-16 unit is the 1,024th char: SnakeYAML's reader used to fail there
        String head = "title: t\nlogsource:\n  category: process_creation\ndetection:\n  sel:\n"
                + "    CommandLine|contains: '";
        String pad = "x".repeat(1023 - head.length());
        String text = head + pad + "\uD83D\uDE00'\n  condition: sel\n";
        assertEquals(0xD83D, text.charAt(1023));
        SigmaConversion c = SigmaConverter.convert("emoji.yml", text);
        assertTrue(c.kql().contains("\uD83D\uDE00"), c.kql());
    }

    @Test
    void brokenYamlIsThatFilesErrorWithItsPositionNotAnException() {
        List<SigmaOutcome> all = SigmaConverter.convertAll("odd.yml", "title: [\n");
        assertEquals(1, all.size());
        assertTrue(all.get(0).error().getMessage().matches("(?s)odd\\.yml:\\d+:\\d+: .*"),
                all.get(0).error().getMessage());
        assertEquals("yaml", all.get(0).error().feature());
    }
}

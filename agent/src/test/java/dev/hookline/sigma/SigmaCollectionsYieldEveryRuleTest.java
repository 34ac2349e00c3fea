package dev.hookline.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A file of several YAML documents gives every rule in it, with Sigma's global/reset/repeat actions applied. */
class SigmaCollectionsYieldEveryRuleTest {
    private static final String PROC = "logsource:\n  category: process_creation\n  product: linux\n";

    private static String rule(String title, String image) {
        return "title: " + title + "\n" + PROC + "detection:\n  sel:\n    Image|endswith: " + image
                + "\n  condition: sel\n";
    }

    @Test
    void threeRulesSeparatedByDashesAreThreeConversions() {
        String text = rule("one", "/a") + "---\n" + rule("two", "/b") + "---\n" + rule("three", "/c");
        List<SigmaOutcome> all = SigmaConverter.convertAll("pack.yml", text);
        assertEquals(3, all.size());
        assertTrue(all.stream().allMatch(SigmaOutcome::ok), all.toString());
        assertEquals(List.of("pack.yml#1", "pack.yml#2", "pack.yml#3"), all.stream().map(SigmaOutcome::where).toList());
        assertTrue(all.get(2).conversion().kql().contains("FolderPath endswith \"/c\""), all.get(2).conversion().kql());
    }

    @Test
    void aGlobalDocumentIsMergedIntoEveryLaterRuleAndTheRulesOwnValuesWin() {
        String text = "action: global\nlevel: high\n" + PROC + "detection:\n  condition: sel\n---\n"
                + "title: curl\nlevel: low\ndetection:\n  sel:\n    CommandLine|contains: curl\n---\n"
                + "title: wget\ndetection:\n  sel:\n    CommandLine|contains: wget\n";
        List<SigmaOutcome> all = SigmaConverter.convertAll("g.yml", text);
        assertEquals(2, all.size(), "the global document is no rule of its own");
        assertTrue(all.stream().allMatch(SigmaOutcome::ok), all.toString());
        assertEquals("low", all.get(0).conversion().level());
        assertEquals("high", all.get(1).conversion().level());
        assertEquals("linux", all.get(1).conversion().product());
        assertTrue(all.get(1).conversion().kql().contains("ProcessCommandLine contains \"wget\""));
    }

    @Test
    void repeatGeneratesThePreviousRuleAgainWithItsOwnChanges() {
        String text = rule("shell in tmp", "/sh") + "---\naction: repeat\ntitle: bash in tmp\ndetection:\n  sel:\n"
                + "    Image|endswith: /bash\n";
        List<SigmaOutcome> all = SigmaConverter.convertAll("r.yml", text);
        assertEquals(2, all.size());
        SigmaConversion second = all.get(1).conversion();
        assertEquals("bash in tmp", second.title());
        assertTrue(second.kql().contains("FolderPath endswith \"/bash\""), second.kql());
        assertFalse(second.kql().contains("\"/sh\""), second.kql());
    }

    @Test
    void resetForgetsTheGlobalDocumentSoARuleWithoutItsOwnLogsourceIsReportedNotDropped() {
        String text = "action: global\n" + PROC + "---\ntitle: a\ndetection:\n  sel:\n    Image: /x\n  condition: sel\n"
                + "---\naction: reset\n---\ntitle: b\ndetection:\n  sel:\n    Image: /y\n  condition: sel\n";
        List<SigmaOutcome> all = SigmaConverter.convertAll("c.yml", text);
        assertEquals(2, all.size());
        assertTrue(all.get(0).ok());
        assertFalse(all.get(1).ok());
        assertEquals("c.yml#4", all.get(1).where());
        assertTrue(all.get(1).error().getMessage().startsWith("c.yml#4: missing 'logsource'"),
                all.get(1).error().getMessage());
    }

    @Test
    void anUnsupportedDocumentIsReportedWithItsNumberAndTheOthersStillConvert() {
        String text = rule("one", "/a") + "---\ntitle: agg\n" + PROC + "detection:\n  sel:\n    Image: /b\n"
                + "  condition: sel | count() > 5\n---\naction: frobnicate\n---\n" + rule("four", "/d");
        List<SigmaOutcome> all = SigmaConverter.convertAll("m.yml", text);
        assertEquals(4, all.size(), all.toString());
        assertTrue(all.get(0).ok());
        assertTrue(all.get(1).error().getMessage().contains("m.yml#2") && all.get(1).error().getMessage()
                .contains("aggregations"), all.get(1).error().getMessage());
        assertEquals("condition", all.get(1).error().feature());
        assertTrue(all.get(2).error().getMessage().contains("unknown collection action 'frobnicate'"));
        assertTrue(all.get(3).ok());
    }

    @Test
    void aSingleRuleFileKeepsItsPlainNameAndATrailingSeparatorAddsNothing() {
        List<SigmaOutcome> all = SigmaConverter.convertAll("one.yml", "---\n" + rule("one", "/a") + "---\n");
        assertEquals(1, all.size());
        assertEquals("one.yml", all.get(0).where());
    }
}

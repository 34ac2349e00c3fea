package dev.hookline.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder of Sigma rules loads every supported rule; each unsupported one is skipped with the file and why. */
class FoldersOfSigmaRulesLoadWithSkipsReportedTest {
    @TempDir
    Path dir;

    private static final String GOOD = "title: good\nid: good-1\nlogsource:\n  category: process_creation\n"
            + "detection:\n  sel:\n    Image|endswith: /nc\n  condition: sel\n";
    private static final String UNSUPPORTED = "title: cwd\nlogsource:\n  category: process_creation\ndetection:\n"
            + "  sel:\n    CurrentDirectory: /tmp\n  condition: sel\n";

    @Test
    void theSupportedRulesLoadAndTheOtherIsSkippedNamingFileFeatureAndWhy() throws Exception {
        Files.writeString(dir.resolve("a_good.yml"), GOOD);
        Files.writeString(dir.resolve("b_cwd.yml"), UNSUPPORTED);
        RuleLoader.LoadReport r = new RuleLoader().loadReport(dir);
        assertEquals(1, r.rules().size());
        assertEquals(1, r.skipped().size());
        RuleLoader.Skipped s = r.skipped().get(0);
        assertEquals(dir.resolve("b_cwd.yml").toString(), s.source());
        assertEquals("field", s.feature());
        assertTrue(s.message().contains("CurrentDirectory") && s.message().contains("no current-directory column"),
                s.message());
        assertTrue(r.errors().isEmpty());
    }

    @Test
    void strictLoadingStopsAtTheSkippedRule() throws Exception {
        Files.writeString(dir.resolve("a_good.yml"), GOOD);
        Files.writeString(dir.resolve("b_cwd.yml"), UNSUPPORTED);
        RuleException e = assertThrows(RuleException.class, () -> new RuleLoader().load(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("b_cwd.yml").toString()), e.getMessage());
    }

    @Test
    void aMultiDocumentFileYieldsAllItsRulesWithDistinctIds() throws Exception {
        Files.writeString(dir.resolve("pack.yml"), GOOD + "---\naction: repeat\ntitle: good too\ndetection:\n"
                + "  sel:\n    Image|endswith: /ncat\n");
        RuleLoader.LoadReport r = new RuleLoader().loadReport(dir);
        assertEquals(2, r.rules().size(), r.skipped().toString());
        assertEquals("sigma.good-1", r.rules().get(0).id());
        assertEquals("sigma.good-1#2", r.rules().get(1).id());
    }

    @Test
    void aBrokenHooklineRuleIsAnErrorNotASkip() throws Exception {
        Files.writeString(dir.resolve("mine.yaml"), "id: x\ntitle: x\nquery: DeviceProcessEvents | where nope ==\n");
        RuleLoader.LoadReport r = new RuleLoader().loadReport(dir);
        assertEquals(1, r.errors().size());
        assertTrue(r.skipped().isEmpty());
    }

    @Test
    void sigmaHqsLinuxRulesLoadAndTheirSkipsAreReported() {
        Path linux = Path.of("..", "..", "shared", "corpora", "sigma", "rules", "linux");
        if (!Files.isDirectory(linux)) {
            linux = Path.of("..", "shared", "corpora", "sigma", "rules", "linux");
        }
        if (!Files.isDirectory(linux)) {
            System.out.println("skipped: no SigmaHQ corpus at ../shared/corpora/sigma/rules/linux");
        }
        Assumptions.assumeTrue(Files.isDirectory(linux));
        RuleLoader.LoadReport r = new RuleLoader().loadReport(linux);
        assertTrue(r.errors().isEmpty(), r.errors().toString());
        assertEquals(135, r.rules().size() + r.skipped().size());
        assertTrue(r.rules().size() >= 133, r.rules().size() + " loaded");
        for (RuleLoader.Skipped s : r.skipped()) {
            assertTrue(s.message().startsWith(s.source() + ": ") && s.source().endsWith(".yml"), s.message());
        }
    }
}

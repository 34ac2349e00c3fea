package dev.hookline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.schedule.SentinelCorpus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `detect` with scheduled rules spools the file's events into a temporary store under --spool-dir (not the heap),
 * removes it afterwards, and bounds each run by --row-budget.
 */
class DetectSpoolsEventsForScheduledRulesTest {
    private static final Path FIRES = Path.of("src/test/resources/sentinel-rules/"
            + "1bf6e165-5e32-420e-ab4f-0da8558a8be2.fires.jsonl");

    @TempDir
    Path spool;

    private int detect(StringWriter out, StringWriter err, String... extra) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] args = Stream.concat(Stream.of("detect", "--events", FIRES.toString(), "--rules",
                SentinelCorpus.rule(SentinelCorpus.BUILD_PROCESS).toString(), "--spool-dir", spool.toString()),
                Stream.of(extra)).toArray(String[]::new);
        return cl.execute(args);
    }

    @Test
    void theSpooledStoreIsReadForTheRuleAndRemovedAfterwards() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, detect(out, err), err.toString());
        assertTrue(out.toString().contains("\"RuleId\":\"1bf6e165-5e32-420e-ab4f-0da8558a8be2\""), out.toString());
        assertTrue(err.toString().contains("2 events, 0 alerts; scheduled rules: 1 runs, 1 alerts"), err.toString());
        try (Stream<Path> s = Files.list(spool)) {
            assertEquals(0, s.count(), "the temporary store is deleted");
        }
    }

    @Test
    void aRunOverTheRowBudgetFailsWithTheReasonAndExitCodeOne() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(1, detect(out, err, "--row-budget", "1"), err.toString());
        assertTrue(err.toString().contains("hookline: scheduled rule 1bf6e165-5e32-420e-ab4f-0da8558a8be2: ")
                && err.toString().contains("row budget"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void aRowBudgetBelowOneIsAUsageError() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(2, detect(out, err, "--row-budget", "0"));
        assertTrue(err.toString().contains("--row-budget must be at least 1, got 0"), err.toString());
    }
}

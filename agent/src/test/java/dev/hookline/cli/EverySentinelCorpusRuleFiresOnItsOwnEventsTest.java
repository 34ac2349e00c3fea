package dev.hookline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.rules.Rule;
import dev.hookline.rules.RuleException;
import dev.hookline.rules.RuleLoader;
import dev.hookline.schedule.SentinelCorpus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Every rule of ../shared/corpora/sentinel-rules that loads fires through `hookline detect` on the events file
 * written for it (src/test/resources/sentinel-rules/ID.fires.jsonl) and stays quiet on its near miss
 * (ID.quiet.jsonl). A rule that loads without events files fails the test, so a new corpus rule cannot go untested.
 */
class EverySentinelCorpusRuleFiresOnItsOwnEventsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path EVENTS = Path.of("src/test/resources/sentinel-rules");

    record Loaded(Path file, String id) {
    }

    record Run(int code, List<JsonNode> alerts, String err) {
    }

    static List<Path> corpusFiles() throws Exception {
        Path dir = SentinelCorpus.rule(SentinelCorpus.BUILD_PROCESS).getParent();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    static List<Loaded> loadable() throws Exception {
        RuleLoader loader = new RuleLoader();
        List<Loaded> out = new ArrayList<>();
        for (Path f : corpusFiles()) {
            try {
                Rule r = loader.load(f).get(0);
                out.add(new Loaded(f, r.id()));
            } catch (RuleException e) {
                // the three the analyzer rejects too (SentinelRulesHooklineRefusesTheAnalyzerRefusesTest)
            }
        }
        return out;
    }

    static Run detect(Path rule, Path events) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("detect", "--events", events.toString(), "--rules", rule.toString());
        List<JsonNode> alerts = new ArrayList<>();
        try {
            for (String line : out.toString().split("\n")) {
                if (!line.isBlank()) {
                    alerts.add(MAPPER.readTree(line));
                }
            }
        } catch (Exception e) {
            fail("detect printed a line that is not JSON: " + out, e);
        }
        return new Run(code, alerts, err.toString());
    }

    private static String shortName(Path f) {
        String n = f.getFileName().toString();
        return n.substring(n.lastIndexOf("__") + 2);
    }

    @TestFactory
    Stream<DynamicTest> eachLoadableRuleFiresOnItsEventsAndStaysQuietOnItsNearMiss() throws Exception {
        return loadable().stream().map(l -> DynamicTest.dynamicTest(shortName(l.file()), () -> {
            Path fires = EVENTS.resolve(l.id() + ".fires.jsonl");
            Path quiet = EVENTS.resolve(l.id() + ".quiet.jsonl");
            assertTrue(Files.isRegularFile(fires) && Files.isRegularFile(quiet),
                    "no events files for " + l.file().getFileName() + " (" + fires + ", " + quiet + ")");
            Run hit = detect(l.file(), fires);
            assertEquals(0, hit.code(), hit.err());
            assertTrue(!hit.alerts().isEmpty(), "no alert from " + fires + ": " + hit.err());
            for (JsonNode a : hit.alerts()) {
                assertEquals("Scheduled", a.get("AlertType").asText());
                assertEquals(l.id(), a.get("RuleId").asText());
            }
            Run miss = detect(l.file(), quiet);
            assertEquals(0, miss.code(), miss.err());
            assertEquals(List.of(), miss.alerts(), "the near miss " + quiet + " fired: " + miss.err());
            assertTrue(miss.err().contains("scheduled rules: ") && !miss.err().contains("scheduled rules: 0 runs"),
                    "the near miss must be evaluated: " + miss.err());
        }));
    }

    @Test
    void everyRuleThatLoadsHasItsEventsAndTheCountIsReported() throws Exception {
        List<Path> files = corpusFiles();
        List<Loaded> loaded = loadable();
        List<String> missing = loaded.stream().filter(l -> !Files.isRegularFile(EVENTS.resolve(l.id()
                + ".fires.jsonl"))).map(l -> shortName(l.file())).toList();
        assertEquals(List.of(), missing);
        System.out.println("Sentinel corpus: " + loaded.size() + "/" + files.size() + " rule files load and each"
                + " fires on its events file; the other " + (files.size() - loaded.size())
                + " are rejected by Microsoft's analyzer too");
        assertEquals(files.size() - 3, loaded.size());
    }
}

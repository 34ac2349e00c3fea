package dev.hookline.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hookline.rules.RuleException;
import dev.hookline.rules.RuleLoader;
import dev.hookline.schedule.SentinelCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The corpus rules Hookline refuses to load are exactly the ones Microsoft's analyzer rejects over the MDE schema
 * (and for the same reason: DeviceName used after a summarize or project dropped it), and every rule the analyzer
 * accepts loads. So "every rule the analyzer accepts fires" (EverySentinelCorpusRuleFiresOnItsOwnEventsTest)
 * covers the whole corpus that Sentinel itself could run.
 */
class SentinelRulesHooklineRefusesTheAnalyzerRefusesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theAnalyzerRejectsExactlyTheRulesThatDoNotLoadAndNamesTheDroppedDeviceName() throws Exception {
        Path dir = SentinelCorpus.rule(SentinelCorpus.BUILD_PROCESS).getParent();
        KustoOracle.Found found = KustoOracle.find();
        if (found.oracle() == null) {
            System.out.println("SKIPPED: Microsoft's KQL analyzer is unavailable: " + found.reason());
        }
        Assumptions.assumeTrue(found.oracle() != null, found.reason());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        List<String> queries = new ArrayList<>();
        for (Path f : files) {
            queries.add(YAML.readTree(f.toFile()).get("query").asText());
        }
        List<KustoOracle.Verdict> verdicts = found.oracle().analyze(queries);
        RuleLoader loader = new RuleLoader();
        List<String> rejected = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String name = files.get(i).getFileName().toString();
            name = name.substring(name.lastIndexOf("__") + 2);
            boolean loads;
            try {
                loader.load(files.get(i));
                loads = true;
            } catch (RuleException e) {
                loads = false;
            }
            KustoOracle.Verdict v = verdicts.get(i);
            if (loads != v.accepted()) {
                disagreements.add(name + ": loads " + loads + ", analyzer " + v.diagnostics());
            }
            if (!v.accepted()) {
                KustoOracle.Diagnostic d = v.firstError();
                rejected.add(name);
                assertTrue(d.message().contains("DeviceName"), name + ": " + d);
            }
        }
        assertEquals(List.of(), disagreements);
        assertEquals(List.of("LaZagneCredTheft.yaml", "LogDeletionUsingWevtutil.yaml",
                "QakbotDiscoveryActivities.yaml"), rejected);
    }
}

package dev.hookline.structure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A collectors module uses, of the agent, only what the agent promises to keep for them (the README's Layout
 * section says the same in one sentence): anything else would tie OS code to agent internals it cannot see change.
 */
class CollectorsUseOnlyTheCollectorApiTest {
    /** The collector API: whole packages, or single types of a package that is otherwise the agent's own. */
    static final List<String> COLLECTOR_API = List.of(
            "dev.hookline.collector", // the SPI: provider, collector, context, sinks
            "dev.hookline.schema", // MDE tables, columns, the Event row, AdditionalFields
            "dev.hookline.process", // the process table and its enrichment
            "dev.hookline.install", // install provenance: parsers and the resolver a collector calls at exec
            "dev.hookline.net", // IP text, classification, the DNS name cache
            "dev.hookline.scenario.Scenario", // the scenario SPI; the runner around it is the agent's
            "dev.hookline.scenario.ScenarioSuite",
            "dev.hookline.scenario.Expectation");

    static boolean allowed(ImportGraph.Ref r, String ownTree) {
        String p = r.targetPackage();
        if (p.equals(ownTree) || p.startsWith(ownTree + ".")) {
            return true;
        }
        for (String api : COLLECTOR_API) {
            if (p.equals(api) || r.target().equals(api) || r.target().startsWith(api + ".")) {
                return true;
            }
        }
        return false;
    }

    static String violations(ImportGraph g, String ownTree) {
        return g.refs().stream().filter(r -> !allowed(r, ownTree)).map(r -> "  " + r)
                .collect(Collectors.joining("\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"collectors-linux", "collectors-windows", "collectors-macos"})
    void aCollectorsModuleImportsOnlyTheCollectorApiAndItsOwnTree(String module) {
        Path src = Modules.mainSources(module);
        Assumptions.assumeTrue(src != null, () -> {
            System.out.println("skipped: " + module + "/src/main/java is not in this checkout");
            return module + " absent";
        });
        String own = Modules.ownTree(module);
        ImportGraph g = ImportGraph.scan(src);
        assertFalse(g.refs().isEmpty(), module + ": found no dev.hookline references under " + src);
        assertTrue(g.packages().stream().allMatch(p -> p.equals(own) || p.startsWith(own + ".")),
                module + " declares packages outside " + own + ": " + g.packages());
        assertEquals("", violations(g, own), module + " uses agent packages outside the collector API "
                + COLLECTOR_API + ":\n" + violations(g, own));
    }

    @Test
    void theCollectorApiItselfUsesNothingElseOfTheAgent() {
        ImportGraph g = ImportGraph.scan(Modules.mainSources("agent"));
        String leaks = g.refs().stream().filter(CollectorsUseOnlyTheCollectorApiTest::fromApi)
                .filter(r -> !allowed(r, "dev.hookline.collector")).map(r -> "  " + r)
                .collect(Collectors.joining("\n"));
        assertEquals("", leaks, "the collector API would drag agent internals into every collector:\n" + leaks);
    }

    /** Whether the use is made by a type of the collector API. */
    private static boolean fromApi(ImportGraph.Ref r) {
        String type = r.fromPackage() + "." + Path.of(r.file()).getFileName().toString().replace(".java", "");
        return COLLECTOR_API.contains(r.fromPackage()) || COLLECTOR_API.contains(type);
    }

    @Test
    void anAgentInternalOrAnotherOsTreeIsAViolationAndTheApiIsNot() {
        ImportGraph g = ImportGraph.of(Map.of("X.java", String.join("\n",
                "package dev.hookline.linux.audit;",
                "import dev.hookline.collector.Collector;",
                "import dev.hookline.schema.Event;",
                "import dev.hookline.linux.jna.Libc;",
                "import dev.hookline.scenario.Scenario;",
                "import dev.hookline.scenario.ScenarioRunner;",
                "import dev.hookline.agent.Agent;",
                "class X { Object o = dev.hookline.windows.etw.EtwApi.class; Object c = dev.hookline.config.Secret.of(\"\"); }")));
        assertEquals(String.join("\n",
                "  X.java:6 imports dev.hookline.scenario.ScenarioRunner",
                "  X.java:7 imports dev.hookline.agent.Agent",
                "  X.java:8 names dev.hookline.windows.etw.EtwApi",
                "  X.java:8 names dev.hookline.config.Secret"), violations(g, "dev.hookline.linux"));
    }
}

package dev.hookline.watch;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.hookline.install.InstallContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watch --sarif} output against the official SARIF 2.1.0 JSON schema, the sarif-2.1.0.json Microsoft's SARIF
 * Multitool npm package ships (installed by .ci/run with {@code npm ci} in src/test/sarif, as the KQL oracle is).
 */
class SarifOutputValidatesAgainstTheSarifSchemaTest {
    static final Path SCHEMA = Path.of("src/test/sarif/node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json");

    private static Schema schema() throws Exception {
        if (!Files.exists(SCHEMA)) {
            System.out.println("SKIPPED: " + SCHEMA + " is absent: run `npm ci` in agent/src/test/sarif");
            Assumptions.abort(SCHEMA + " is absent: run `npm ci` in agent/src/test/sarif");
        }
        String text = Files.readString(SCHEMA);
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text);
    }

    private static WatchReport report(List<WatchReport.AlertLine> alerts) {
        return new WatchReport(List.of("npm", "ci"), 0, 0, 1, 3, List.of(), List.of(), List.of(), List.of(), 0,
                alerts, 0, List.of(), List.of(), List.of());
    }

    @Test
    void oneResultPerAlertWithThePackageAsLocationAndTheLogValidates(@TempDir Path wd) throws Exception {
        Files.writeString(wd.resolve("package.json"), "{}");
        InstallContext evil = new InstallContext("npm", "evil", "1.0.3", "postinstall", null);
        String sarif = Sarif.write(report(List.of(
                new WatchReport.AlertLine("high", "hookline.seed.t1195-001", "PackageManagerSpawnedSuspiciousChild",
                        "node", "sh -c curl http://x", "id1", evil, "Package manager spawned a suspicious child"),
                new WatchReport.AlertLine("medium", "hookline.seed.t1195-001", "Other", "dash", "", "id2", null,
                        "Package manager spawned a suspicious child"),
                new WatchReport.AlertLine("low", "r2", "A", "curl", "x", "", null, ""))), wd, null);
        List<Error> errors = schema().validate(sarif, InputFormat.JSON);
        assertEquals(List.of(), errors, sarif);

        JsonNode run = new ObjectMapper().readTree(sarif).path("runs").get(0);
        assertEquals(3, run.path("results").size());
        assertEquals(2, run.path("tool").path("driver").path("rules").size());
        JsonNode first = run.path("results").get(0);
        assertEquals("error", first.path("level").asText());
        assertEquals("package.json", first.path("locations").get(0).path("physicalLocation")
                .path("artifactLocation").path("uri").asText());
        assertEquals("evil@1.0.3", first.path("locations").get(0).path("logicalLocations").get(0).path("name").asText());
        assertTrue(first.path("message").path("text").asText().contains("(evil@1.0.3, npm postinstall)"), sarif);
        assertEquals("warning", run.path("results").get(1).path("level").asText());
        assertEquals(0, run.path("results").get(1).path("ruleIndex").asInt());
        assertEquals(1, run.path("results").get(2).path("ruleIndex").asInt());
        assertEquals("note", run.path("results").get(2).path("level").asText());
    }

    @Test
    void aRunWithoutAlertsIsAValidEmptyLogAndABrokenOneIsNot() throws Exception {
        String sarif = Sarif.write(report(List.of()), null, "1.2.3");
        assertEquals(List.of(), schema().validate(sarif, InputFormat.JSON), sarif);
        // The validator does catch a log that breaks the schema (so the test above can fail).
        assertFalse(schema().validate(sarif.replace("\"2.1.0\"", "\"9\""), InputFormat.JSON).isEmpty());
    }
}

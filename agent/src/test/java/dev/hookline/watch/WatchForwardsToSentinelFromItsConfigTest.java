package dev.hookline.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.config.AgentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchForwardsToSentinelFromItsConfigTest {
    @TempDir
    Path dir;

    @Test
    void onlyTheSentinelSectionOfTheFileIsTakenAndTheWatchWaitsForDelivery() throws Exception {
        Path f = dir.resolve("hookline.yaml");
        Files.writeString(f, "alerts:\n  file:\n    path: /elsewhere/alerts.jsonl\n  sentinel:\n"
                + "    endpoint: https://dcr-1.eastus-1.ingest.monitor.azure.com\n    dcr_immutable_id: dcr-1\n"
                + "    cloud: AzureUSGovernment\n    tenant_id: t1\n    client_id: c1\n    github_oidc: true\n"
                + "    spool_dir: " + dir.resolve("spool") + "\n");
        AgentConfig c = Watch.config(dir.resolve("tmp"), 64, f);
        AgentConfig.Sentinel s = c.alerts().sentinel();
        assertTrue(s.enabled() && s.githubOidc());
        assertEquals("AzureUSGovernment", s.cloud());
        assertEquals(Watch.SENTINEL_DRAIN_SECONDS, s.closeDrainSeconds());
        assertEquals(dir.resolve("tmp").resolve("alerts.jsonl").toAbsolutePath(), c.alerts().file().path(),
                "the rest of the file is not used");
        assertFalse(Watch.config(dir.resolve("tmp"), 64, null).alerts().sentinel().enabled());
    }

    @Test
    void aFileWithoutSentinelIsRefusedBeforeTheCommandRuns() throws Exception {
        Path f = dir.resolve("empty.yaml");
        Files.writeString(f, "health:\n  log_interval_seconds: 0\n");
        WatchException e = assertThrows(WatchException.class, () -> Watch.config(dir.resolve("tmp"), 64, f));
        assertTrue(e.getMessage().contains("alerts.sentinel.endpoint is not set"), e.getMessage());
        assertEquals(Watch.EXIT_NOT_WATCHED, e.exitCode());
    }
}

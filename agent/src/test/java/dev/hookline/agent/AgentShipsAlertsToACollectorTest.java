package dev.hookline.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookline.config.ConfigLoader;
import dev.hookline.transport.server.CollectorConfig;
import dev.hookline.transport.server.CollectorServer;
import dev.hookline.transport.tls.FleetCerts;
import dev.hookline.transport.tls.TlsFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent config's alerts.collector section ships every alert to a collector over mutual TLS. */
class AgentShipsAlertsToACollectorTest {
    @Test
    void alertsReachTheCollectorOverMutualTls(@TempDir Path dir) throws Exception {
        FleetCerts.Issued ca = FleetCerts.createCa("test CA", Duration.ofDays(1));
        ca.writePem(dir.resolve("ca.pem"), dir.resolve("ca-key.pem"));
        FleetCerts.issueCollector(ca, "127.0.0.1", List.of("127.0.0.1"), Duration.ofDays(1))
                .writePem(dir.resolve("collector.pem"), dir.resolve("collector-key.pem"));
        FleetCerts.issueAgent(ca, "agent-1", Duration.ofDays(1)).writePem(dir.resolve("agent.pem"), dir.resolve("agent-key.pem"));
        CollectorConfig cc = new CollectorConfig(dir.resolve("collector")).bind("127.0.0.1", 0)
                .tls(new TlsFiles(dir.resolve("ca.pem"), dir.resolve("collector.pem"), dir.resolve("collector-key.pem")));
        System.setProperty(ReplayCollectorProvider.ENABLE, "true");
        try (CollectorServer server = new CollectorServer(cc)) {
            String yaml = "alerts:\n  file:\n    path: " + dir.resolve("alerts.jsonl") + "\n"
                    + "  collector:\n    host: 127.0.0.1\n    port: " + server.port() + "\n"
                    + "    spool_dir: " + dir.resolve("spool") + "\n"
                    + "    ca_cert: " + dir.resolve("ca.pem") + "\n    cert: " + dir.resolve("agent.pem") + "\n"
                    + "    key: " + dir.resolve("agent-key.pem") + "\n"
                    + "control:\n  socket: " + dir.resolve("ctl.sock") + "\nhealth:\n  log_interval_seconds: 0\n"
                    + "store:\n  path: " + dir.resolve("store") + "\n";
            try (Agent agent = Agent.start(ConfigLoader.parse(yaml, "test"), new PrintStream(new ByteArrayOutputStream()))) {
                Path received = cc.alertFile();
                long deadline = System.nanoTime() + 20_000_000_000L;
                List<String> lines = List.of();
                while (System.nanoTime() < deadline) {
                    lines = Files.exists(received) ? Files.readAllLines(received) : List.of();
                    if (lines.size() >= 31) {
                        break;
                    }
                    Thread.sleep(100);
                }
                // 30 detections (20 seed pack, 10 Hookline pack) and the replay collector's health alert, once each.
                assertEquals(31, lines.size(), String.join("\n", lines));
                assertEquals(31, lines.stream().distinct().count());
            }
        } finally {
            System.clearProperty(ReplayCollectorProvider.ENABLE);
        }
    }
}

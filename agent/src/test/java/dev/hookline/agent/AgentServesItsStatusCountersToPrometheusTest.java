package dev.hookline.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hookline.config.AgentConfig;
import dev.hookline.config.ConfigLoader;
import dev.hookline.control.ControlClient;
import dev.hookline.metrics.ListeningPorts;
import dev.hookline.metrics.MetricNames;
import dev.hookline.metrics.Scrape;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `hookline run` with metrics.listen: every numeric status counter is a Prometheus series, read when scraped. */
class AgentServesItsStatusCountersToPrometheusTest {
    private static AgentConfig config(Path dir, String metrics) throws Exception {
        return ConfigLoader.parse("alerts:\n  file:\n    path: " + dir.resolve("alerts.jsonl") + "\n"
                + "control:\n  socket: " + dir.resolve("ctl/control.sock") + "\nhealth:\n  log_interval_seconds: 0\n"
                + "store:\n  path: " + dir.resolve("store") + "\n" + metrics, "test");
    }

    @Test
    void everyStatusCounterIsScrapedAndMovesWithTheAgent(@TempDir Path dir) throws Exception {
        System.setProperty(ReplayCollectorProvider.ENABLE, "true");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        // "0": an ephemeral port on the default address
        try (Agent agent = Agent.start(config(dir, "metrics:\n  listen: \"0\"\n"), new PrintStream(log, true))) {
            int port = agent.metricsPort();
            assertTrue(port > 0);
            assertTrue(log.toString().contains("hookline: metrics on http://127.0.0.1:" + port + "/metrics"),
                    log.toString());
            ControlClient client = new ControlClient(dir.resolve("ctl/control.sock"));
            long deadline = System.nanoTime() + 10_000_000_000L;
            String body = Scrape.get("127.0.0.1", port);
            while (System.nanoTime() < deadline && Scrape.value(body, "hookline_events_evaluated_total") < 39) {
                Thread.sleep(50);
                body = Scrape.get("127.0.0.1", port);
            }
            assertEquals(39, Scrape.value(body, "hookline_events_evaluated_total"), body);
            assertEquals(30, Scrape.value(body, "hookline_alerts_total"), body);
            assertTrue(Scrape.value(body, "hookline_ring_published_total") >= 39, body);
            assertTrue(Scrape.value(body, "hookline_ring_events_total{table=\"DeviceProcessEvents\"}") > 0, body);
            assertTrue(body.contains("# TYPE hookline_ring_backlog gauge"), body);
            assertTrue(Scrape.value(body, "hookline_health_alerts_total") >= 1, body);

            // every number `hookline status` shows has its series (status first: keys only appear, never leave)
            Map<String, Object> status = client.status();
            body = Scrape.get("127.0.0.1", port);
            List<String> missing = new ArrayList<>();
            for (Map.Entry<String, Object> e : status.entrySet()) {
                if (!(e.getValue() instanceof Number)) {
                    continue; // names and paths: not counters
                }
                MetricNames.Series s = MetricNames.of("hookline_", e.getKey());
                String sample = s.name() + (s.counter() ? "_total" : "")
                        + (s.labelName() == null ? "" : "{" + s.labelName() + "=\"" + s.labelValue() + "\"}");
                if (Double.isNaN(Scrape.value(body, sample))) {
                    missing.add(e.getKey() + " -> " + sample);
                }
            }
            assertTrue(missing.isEmpty(), "status counters without a series: " + missing + "\n" + body);
            assertTrue(status.size() > 40, status.toString());
        } finally {
            System.clearProperty(ReplayCollectorProvider.ENABLE);
        }
    }

    @Test
    void withoutMetricsListenTheAgentListensOnNoTcpPort(@TempDir Path dir) throws Exception {
        assumeTrue(ListeningPorts.available(), "no /proc/self/fd or /proc/net/tcp: cannot see listening sockets");
        System.setProperty(ReplayCollectorProvider.ENABLE, "true");
        Set<Integer> before = ListeningPorts.ofThisProcess();
        try (Agent agent = Agent.start(config(dir, ""), new PrintStream(new ByteArrayOutputStream(), true))) {
            assertEquals(-1, agent.metricsPort());
            assertEquals(before, ListeningPorts.ofThisProcess());
        } finally {
            System.clearProperty(ReplayCollectorProvider.ENABLE);
        }
        // and the same check sees the endpoint when it is on: the test can fail
        System.setProperty(ReplayCollectorProvider.ENABLE, "true");
        try (Agent agent = Agent.start(config(dir, "metrics:\n  listen: 127.0.0.1:0\n"),
                new PrintStream(new ByteArrayOutputStream(), true))) {
            assertTrue(ListeningPorts.ofThisProcess().contains(agent.metricsPort()));
        } finally {
            System.clearProperty(ReplayCollectorProvider.ENABLE);
        }
    }
}

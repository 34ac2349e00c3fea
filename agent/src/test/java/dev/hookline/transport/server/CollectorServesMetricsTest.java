package dev.hookline.transport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hookline.metrics.ListeningPorts;
import dev.hookline.metrics.Listen;
import dev.hookline.metrics.Scrape;
import dev.hookline.transport.TestPki;
import dev.hookline.transport.client.CollectorClient;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector's metrics over a real mutual-TLS collector: the counters move with what agents send (invalid lines,
 * dedup hits, responses by status, TLS failures, fsync latency), and nothing listens when metrics are off.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CollectorServesMetricsTest {
    @TempDir
    Path tmp;

    private static byte[] body(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void countersMoveWithWhatAgentsSend() throws Exception {
        TestPki pki = new TestPki(tmp.resolve("pki"));
        CollectorConfig cfg = new CollectorConfig(tmp.resolve("c")).bind("127.0.0.1", 0).tls(pki.collector)
                .metrics(Listen.parse("0"));
        try (CollectorServer server = new CollectorServer(cfg);
                CollectorClient agent = new CollectorClient("127.0.0.1", server.port(), pki.agent("host-a"), null,
                        "host-a", 5_000)) {
            int port = server.metricsPort();
            assertTrue(port > 0);
            String before = Scrape.get("127.0.0.1", port);
            assertEquals(0, Scrape.value(before, "hookline_collector_lines_invalid_total"), before);
            assertEquals(0, Scrape.value(before, "hookline_collector_alerts_duplicate_total"), before);
            assertTrue(before.contains("# TYPE hookline_collector_sink_queue gauge"), before);
            assertTrue(before.contains("# TYPE hookline_collector_fsync_duration_seconds histogram"), before);

            // one good alert and one line that is not an alert
            assertEquals(200, agent.post(body("{\"AlertId\":\"m-1\"}", "not json"), false, "b1", 5_000).status());
            String s1 = Scrape.get("127.0.0.1", port);
            assertEquals(1, Scrape.value(s1, "hookline_collector_lines_invalid_total"), s1);
            assertEquals(1, Scrape.value(s1, "hookline_collector_alerts_accepted_total"), s1);
            assertEquals(1, Scrape.value(s1, "hookline_collector_http_responses_total{code=\"200\"}"), s1);
            assertTrue(Scrape.value(s1, "hookline_collector_fsync_duration_seconds_count") >= 1, s1);
            assertTrue(Scrape.value(s1, "hookline_collector_fsync_duration_seconds_sum") > 0, s1);

            // the same batch again: a dedup hit
            assertEquals(200, agent.post(body("{\"AlertId\":\"m-1\"}"), false, "b1", 5_000).status());
            String s2 = Scrape.get("127.0.0.1", port);
            assertEquals(1, Scrape.value(s2, "hookline_collector_alerts_duplicate_total"), s2);
            assertEquals(1, Scrape.value(s2, "hookline_collector_alerts_accepted_total"), s2);
            assertEquals(2, Scrape.value(s2, "hookline_collector_http_responses_total{code=\"200\"}"), s2);

            // plaintext HTTP to the TLS port: a TLS failure
            try (Socket raw = new Socket("127.0.0.1", server.port())) {
                OutputStream out = raw.getOutputStream();
                out.write("POST /v1/alerts HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                raw.getInputStream().read(new byte[256]);
            } catch (java.io.IOException e) {
                // the collector drops the connection: what this test wants
            }
            await(() -> value(port, "hookline_collector_tls_failures_total"), 1);
        }
    }

    @Test
    void aRefusalIsCountedUnderItsStatusCode() throws Exception {
        CollectorConfig cfg = new CollectorConfig(tmp.resolve("c")).bind("127.0.0.1", 0).metrics(Listen.parse("0"));
        try (CollectorServer server = new CollectorServer(cfg)) {
            try (Socket raw = new Socket("127.0.0.1", server.port())) {
                raw.getOutputStream().write(MalformedHttpIsRefusedTest.headerWithoutColon()
                        .getBytes(StandardCharsets.US_ASCII));
                raw.getOutputStream().flush();
                raw.getInputStream().readAllBytes();
            }
            await(() -> value(server.metricsPort(), "hookline_collector_http_responses_total{code=\"400\"}"), 1);
            assertEquals(Double.NaN, value(server.metricsPort(),
                    "hookline_collector_http_responses_total{code=\"200\"}"));
        }
    }

    @Test
    void withoutMetricsTheCollectorListensOnlyOnItsAgentsPort() throws Exception {
        assumeTrue(ListeningPorts.available(), "no /proc/self/fd or /proc/net/tcp: cannot see listening sockets");
        Set<Integer> before = ListeningPorts.ofThisProcess();
        try (CollectorServer server = new CollectorServer(new CollectorConfig(tmp.resolve("c")).bind("127.0.0.1", 0))) {
            assertEquals(-1, server.metricsPort());
            Set<Integer> now = ListeningPorts.ofThisProcess();
            now.removeAll(before);
            assertEquals(Set.of(server.port()), now);
        }
        try (CollectorServer server = new CollectorServer(new CollectorConfig(tmp.resolve("d")).bind("127.0.0.1", 0)
                .metrics(Listen.parse("0")))) {
            Set<Integer> now = ListeningPorts.ofThisProcess();
            now.removeAll(before);
            assertEquals(Set.of(server.port(), server.metricsPort()), now);
        }
    }

    private static double value(int port, String series) throws java.io.IOException {
        return Scrape.value(Scrape.get("127.0.0.1", port), series);
    }

    private interface Probe {
        double get() throws Exception;
    }

    private static void await(Probe p, double want) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        double v = p.get();
        while (v != want && System.nanoTime() < deadline) {
            Thread.sleep(50);
            v = p.get();
        }
        assertEquals(want, v);
    }
}

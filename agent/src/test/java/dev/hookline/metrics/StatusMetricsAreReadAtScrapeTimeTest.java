package dev.hookline.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class StatusMetricsAreReadAtScrapeTimeTest {
    @Test
    void aScrapeShowsTheCountersAsTheyAreNowInTheTextFormat() throws Exception {
        Map<String, Long> status = new ConcurrentHashMap<>(Map.of("ring_published", 5L, "ring_backlog", 2L,
                "uptime_s", 7L, "events_DeviceProcessEvents", 3L));
        PrometheusRegistry r = new PrometheusRegistry();
        r.register(new StatusMetrics("hookline_", () -> new LinkedHashMap<>(status)));
        try (MetricsEndpoint m = MetricsEndpoint.start(Listen.parse("0"), r, "test-metrics")) {
            String body = Scrape.get("127.0.0.1", m.port());
            assertTrue(body.contains("# TYPE hookline_ring_published_total counter"), body);
            assertTrue(body.contains("# HELP hookline_ring_published_total hookline status: ring_published"), body);
            assertTrue(body.contains("# TYPE hookline_ring_backlog gauge"), body);
            assertEquals(5, Scrape.value(body, "hookline_ring_published_total"));
            assertEquals(7, Scrape.value(body, "hookline_uptime_seconds"));
            assertEquals(3, Scrape.value(body, "hookline_events_total{table=\"DeviceProcessEvents\"}"));

            status.put("ring_published", 9L);
            assertEquals(9, Scrape.value(Scrape.get("127.0.0.1", m.port()), "hookline_ring_published_total"));
        }
    }

    @Test
    void theDefaultAddressIsLoopbackOnlyAndCloseStopsListening() throws Exception {
        PrometheusRegistry r = new PrometheusRegistry();
        r.register(new StatusMetrics("hookline_", () -> Map.of("x", 1L)));
        int port;
        try (MetricsEndpoint m = MetricsEndpoint.start(Listen.parse("0"), r, "test-metrics")) {
            port = m.port();
            assertTrue(m.address().startsWith("127.0.0.1:"), m.address());
            assertEquals(1, Scrape.value(Scrape.get("127.0.0.1", port), "hookline_x_total"));
            // 127.0.0.2 is this host too (all of 127/8 is loopback on Linux), but not the address bound
            assertThrows(ConnectException.class, () -> connect("127.0.0.2", port));
        }
        assertThrows(IOException.class, () -> Scrape.get("127.0.0.1", port));
    }

    @Test
    void aTakenPortIsAnErrorThatNamesTheAddress() throws Exception {
        PrometheusRegistry r = new PrometheusRegistry();
        try (MetricsEndpoint m = MetricsEndpoint.start(Listen.parse("0"), r, "test-metrics")) {
            IOException e = assertThrows(IOException.class,
                    () -> MetricsEndpoint.start(Listen.parse(Integer.toString(m.port())), r, "test-metrics-2"));
            assertTrue(e.getMessage().contains("127.0.0.1:" + m.port()), e.getMessage());
        }
    }

    @Test
    void aNegativeCounterOrANameTakenTwiceIsLeftOutRatherThanFailingTheScrape() throws Exception {
        Map<String, Long> status = new LinkedHashMap<>();
        status.put("a.b_c", 1L);
        status.put("a_b.c", 2L); // the same name once sanitized
        status.put("errors", -1L);
        PrometheusRegistry r = new PrometheusRegistry();
        r.register(new StatusMetrics("hookline_", () -> status));
        try (MetricsEndpoint m = MetricsEndpoint.start(Listen.parse("0"), r, "test-metrics")) {
            String body = Scrape.get("127.0.0.1", m.port());
            assertEquals(1, Scrape.value(body, "hookline_a_b_c_total"));
            assertFalse(body.contains("hookline_errors"), body);
        }
    }

    private static void connect(String host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2_000);
        }
    }
}

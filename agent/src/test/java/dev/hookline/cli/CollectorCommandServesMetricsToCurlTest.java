package dev.hookline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.metrics.Scrape;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `hookline collector` as its own process with collector_server.metrics.listen: `curl .../metrics` answers. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CollectorCommandServesMetricsToCurlTest {
    private static final Pattern LISTENING = Pattern.compile("metrics on port (\\d+)");

    @Test
    void curlOnTheMetricsPortOfARunningCollectorShowsItsCounters(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("hookline.yaml"), "collector_server:\n  bind: 127.0.0.1\n"
                + "  port: 0\n  data_dir: " + dir.resolve("data") + "\n  metrics:\n    listen: \"0\"\n");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "collector", "--config", config.toString())
                .redirectErrorStream(true).start();
        try {
            int port = -1;
            StringBuilder out = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while (port < 0 && (line = r.readLine()) != null) {
                    out.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port = Integer.parseInt(m.group(1));
                    }
                }
                assertTrue(port > 0, "the collector printed no metrics port:\n" + out);
                String body = curl(port);
                assertNotNull(body);
                assertEquals(0, Scrape.value(body, "hookline_collector_alerts_accepted_total"), body);
                assertTrue(body.contains("# TYPE hookline_collector_requests_total counter"), body);
                assertTrue(body.contains("hookline_collector_fsync_duration_seconds_count"), body);
            }
        } finally {
            p.destroy(); // SIGTERM: the collector's shutdown hook closes it
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** curl when installed (what an operator runs), else the JDK's HTTP client, with the reason printed. */
    private static String curl(int port) throws Exception {
        Path curl = Path.of("/usr/bin/curl");
        if (!Files.isExecutable(curl)) {
            System.out.println("curl not installed: scraping with the JDK's HTTP client instead");
            return Scrape.get("127.0.0.1", port);
        }
        Process c = new ProcessBuilder(curl.toString(), "-sS", "--max-time", "10", "http://127.0.0.1:" + port
                + "/metrics").redirectErrorStream(true).start();
        String body = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, c.waitFor(), "curl failed: " + body);
        return body;
    }
}

package dev.hookline.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hookline.transport.client.CollectorClient;
import dev.hookline.transport.client.CollectorResponse;
import dev.hookline.transport.client.ShippingConfig;
import dev.hookline.transport.client.ShippingOutput;
import dev.hookline.transport.server.CollectorConfig;
import dev.hookline.transport.server.CollectorServer;
import dev.hookline.transport.spool.Spool;
import dev.hookline.transport.tls.FleetCerts;
import dev.hookline.transport.tls.TlsFiles;
import dev.hookline.output.FsyncPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Agents and a collector on real loopback sockets with mutual TLS. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FleetDeliveryTest {
    private static final Pattern ID = Pattern.compile("\"AlertId\":\"([^\"]+)\"");

    @TempDir
    Path tmp;

    private static String alert(String agent, int i) {
        return "{\"AlertId\":\"" + agent + "-" + i + "\",\"Title\":\"test alert\",\"DeviceName\":\"" + agent
                + "\",\"N\":" + i + "}";
    }

    private CollectorConfig collectorConfig(TestPki pki, int port) {
        return new CollectorConfig(tmp.resolve("collector")).bind("127.0.0.1", port).tls(pki.collector)
                .idleTimeoutMillis(10_000).requestTimeoutMillis(5_000);
    }

    private ShippingOutput agent(TestPki pki, String id, int port) throws IOException {
        return new ShippingOutput(new ShippingConfig("127.0.0.1", port, tmp.resolve("spool-" + id))
                .agentId(id).tls(pki.agent(id))
                .spool(new Spool.Config(4L << 20, 64 << 10, FsyncPolicy.interval(100)))
                .batch(50, 256 << 10, 20).timeouts(2_000, 5_000).backoff(20, 300));
    }

    /** AlertId → how often it is in the collector's alert file (all rotations). */
    private Map<String, Integer> sinkCounts() throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        try (var files = Files.list(tmp.resolve("collector"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("alerts.jsonl")).toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    Matcher m = ID.matcher(line);
                    if (!m.find()) {
                        fail("alert line without id: " + line);
                    }
                    counts.merge(m.group(1), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private static void await(String what, long millis, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void everyAlertArrivesExactlyOnceAcrossACollectorRestart() throws Exception {
        TestPki pki = new TestPki(tmp.resolve("pki"));
        CollectorServer server = new CollectorServer(collectorConfig(pki, 0));
        int port = server.port();
        int agents = 3;
        int perAgent = 300;
        List<ShippingOutput> outs = new ArrayList<>();
        for (int a = 0; a < agents; a++) {
            outs.add(agent(pki, "host-" + a, port));
        }
        List<Thread> writers = new ArrayList<>();
        for (int a = 0; a < agents; a++) {
            ShippingOutput out = outs.get(a);
            String id = "host-" + a;
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < perAgent; i++) {
                        out.write(alert(id, i));
                        if (i % 10 == 0) {
                            out.write(alert(id, i)); // the same alert twice (same id): stored once
                            Thread.sleep(5);
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            writers.add(t);
        }
        await("some alerts to arrive", 20_000, () -> server.counters().get("alerts_accepted") > 100);
        server.close(); // mid-stream
        Thread.sleep(300);
        CollectorServer restarted = new CollectorServer(collectorConfig(pki, port));
        try {
            for (Thread t : writers) {
                t.join(30_000);
            }
            await("all spools to drain", 60_000, () -> outs.stream().allMatch(o -> o.spoolDepth() == 0));
            Map<String, Integer> counts = sinkCounts();
            assertEquals(agents * perAgent, counts.size());
            counts.forEach((id, n) -> assertEquals(1, n, "alert " + id + " stored " + n + " times"));
            assertTrue(restarted.counters().get("dedup_ids_loaded") > 100, "dedup window reloaded");
            long retries = outs.stream().mapToLong(o -> o.counters().get("retries")).sum();
            assertTrue(retries > 0, "the restart made the agents retry");
        } finally {
            for (ShippingOutput o : outs) {
                o.close();
            }
            restarted.close();
        }
    }

    @Test
    void aKilledAgentsUnsentAlertsAreDeliveredOnceByItsSuccessor() throws Exception {
        TestPki pki = new TestPki(tmp.resolve("pki"));
        int port = freePort(); // the collector is down at first
        ShippingOutput first = agent(pki, "host-k", port);
        for (int i = 0; i < 40; i++) {
            first.write(alert("host-k", i));
        }
        await("a failed attempt", 10_000, () -> first.counters().get("retries") > 0);
        first.abandonForCrashTest(); // killed: no close, no flush

        ShippingOutput second = agent(pki, "host-k", port);
        try {
            assertEquals(40, second.spoolDepth(), "the successor finds the unsent alerts");
            second.write(alert("host-k", 40));
            CollectorServer server = new CollectorServer(collectorConfig(pki, port));
            try {
                await("delivery", 30_000, () -> second.spoolDepth() == 0);
                Map<String, Integer> counts = sinkCounts();
                assertEquals(41, counts.size());
                counts.forEach((id, n) -> assertEquals(1, n, id));
            } finally {
                server.close();
            }
        } finally {
            second.close();
        }
    }

    @Test
    void anAgentKilledWhileSendingResendsAndTheCollectorDropsTheDuplicates() throws Exception {
        TestPki pki = new TestPki(tmp.resolve("pki"));
        try (CollectorServer server = new CollectorServer(collectorConfig(pki, 0))) {
            ShippingOutput first = agent(pki, "host-m", server.port());
            for (int i = 0; i < 500; i++) {
                first.write(alert("host-m", i));
            }
            await("a first ack", 20_000, () -> first.counters().get("records_acked") > 0);
            first.abandonForCrashTest(); // likely with a batch in flight or unacked
            try (ShippingOutput second = agent(pki, "host-m", server.port())) {
                await("delivery", 30_000, () -> second.spoolDepth() == 0);
            }
            Map<String, Integer> counts = sinkCounts();
            assertEquals(500, counts.size());
            counts.forEach((id, n) -> assertEquals(1, n, id));
        }
    }

    @Test
    void clientsWithoutAFleetCertificateAreRejected() throws Exception {
        TestPki pki = new TestPki(tmp.resolve("pki"));
        try (CollectorServer server = new CollectorServer(collectorConfig(pki, 0))) {
            byte[] body = (alert("intruder", 1) + "\n").getBytes(StandardCharsets.UTF_8);
            // A certificate from another CA.
            FleetCerts.Issued otherCa = FleetCerts.createCa("other-ca", Duration.ofDays(1));
            FleetCerts.Issued rogue = FleetCerts.issueAgent(otherCa, "intruder", Duration.ofDays(1));
            Path d = tmp.resolve("rogue");
            rogue.writePem(d.resolve("a.crt"), d.resolve("a.key"));
            TlsFiles rogueFiles = new TlsFiles(pki.collector.caCert(), d.resolve("a.crt"), d.resolve("a.key"));
            try (CollectorClient c = new CollectorClient("127.0.0.1", server.port(), rogueFiles, null, "x", 2_000)) {
                assertThrows(IOException.class, () -> c.post(body, false, "b1", 3_000));
            }
            // No TLS at all.
            try (CollectorClient c = new CollectorClient("127.0.0.1", server.port(), null, null, "x", 2_000)) {
                assertThrows(IOException.class, () -> c.post(body, false, "b2", 3_000));
            }
            await("TLS failures counted", 5_000, () -> server.counters().get("tls_failures") >= 1);
            assertEquals(0, server.counters().get("alerts_accepted"));
            // A fleet agent still gets through.
            try (CollectorClient c = new CollectorClient("127.0.0.1", server.port(), pki.agent("good"), null,
                    "good", 2_000)) {
                assertEquals(200, c.post(body, false, "b3", 3_000).status());
            }
        }
    }

    @Test
    void oversizedAndGzipBombRequestsGet413AndCloseButTheServerStaysUp() throws Exception {
        TestPki pki = new TestPki(tmp.resolve("pki"));
        CollectorConfig cfg = collectorConfig(pki, 0).maxRequestBytes(64 << 10).maxBatchBytes(1 << 20);
        try (CollectorServer server = new CollectorServer(cfg);
                CollectorClient c = new CollectorClient("127.0.0.1", server.port(), pki.agent("host-b"), null,
                        "host-b", 2_000)) {
            byte[] big = new byte[200 << 10];
            new Random(1).nextBytes(big);
            CollectorResponse r = c.post(big, true, "big", 5_000);
            assertEquals(413, r.status());
            await("connection closed after 413", 3_000, () -> !c.connected());

            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
                byte[] zeros = new byte[1 << 20];
                for (int i = 0; i < 64; i++) {
                    gz.write(zeros); // 64 MiB of zeros: ~64 KiB compressed, far over the 1 MiB inflated limit
                }
            }
            byte[] bomb = bos.toByteArray();
            assertTrue(bomb.length < (64 << 10), "the bomb itself passes the request size limit: " + bomb.length);
            assertEquals(413, c.post(bomb, true, "bomb", 5_000).status());
            await("connection closed after 413", 3_000, () -> !c.connected());

            CollectorResponse ok = c.post((alert("host-b", 1) + "\n").getBytes(StandardCharsets.UTF_8), false,
                    "ok", 5_000);
            assertEquals(200, ok.status());
            assertEquals(1, ok.field("accepted"));
            assertEquals(2, server.counters().get("rejected_too_large"));
        }
    }
}

package dev.hookline.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.transport.client.CollectorClient;
import dev.hookline.transport.server.CollectorConfig;
import dev.hookline.transport.server.CollectorServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage bytes instead of a TLS handshake, a slow client that never finishes its handshake, and half-open
 * connections that stop mid-handshake are each dropped by their timeouts or errors, while a real agent keeps
 * being served the whole time. Real sockets on loopback.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostilePeersDoNotStopTheCollectorTest {
    @TempDir
    Path tmp;

    @Test
    void garbageSlowAndHalfOpenPeersAreDroppedAndAnAgentIsStillServed() throws Exception {
        TestPki pki = new TestPki(tmp.resolve("pki"));
        CollectorConfig cfg = new CollectorConfig(tmp.resolve("collector")).bind("127.0.0.1", 0).tls(pki.collector)
                .idleTimeoutMillis(1_000).requestTimeoutMillis(1_000);
        try (CollectorServer server = new CollectorServer(cfg)) {
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", server.port());
            List<Socket> hostile = new ArrayList<>();
            try {
                // Garbage: random bytes where a TLS ClientHello should be.
                Socket garbage = new Socket();
                garbage.connect(at, 2_000);
                byte[] junk = new byte[8192];
                new Random(7).nextBytes(junk);
                garbage.getOutputStream().write(junk);
                garbage.getOutputStream().flush();
                hostile.add(garbage);
                // Slow and half-open: connect, send one byte of a handshake, then nothing.
                for (int i = 0; i < 20; i++) {
                    Socket s = new Socket();
                    s.connect(at, 2_000);
                    s.getOutputStream().write(0x16);
                    s.getOutputStream().flush();
                    hostile.add(s);
                }
                // A real agent is served while they hang around.
                try (CollectorClient c = new CollectorClient("127.0.0.1", server.port(), pki.agent("good"), null,
                        "good", 2_000)) {
                    byte[] body = "{\"AlertId\":\"good-1\"}\n".getBytes(StandardCharsets.UTF_8);
                    assertEquals(200, c.post(body, false, "b1", 5_000).status());
                }
                // Every hostile connection is closed by the server within its timeouts.
                for (Socket s : hostile) {
                    s.setSoTimeout(10_000);
                    assertTrue(closedByServer(s), "the collector left a hostile connection open");
                }
            } finally {
                for (Socket s : hostile) {
                    s.close();
                }
            }
            try (CollectorClient c = new CollectorClient("127.0.0.1", server.port(), pki.agent("good2"), null,
                    "good2", 2_000)) {
                byte[] body = "{\"AlertId\":\"good-2\"}\n".getBytes(StandardCharsets.UTF_8);
                assertEquals(200, c.post(body, false, "b2", 5_000).status());
            }
        }
    }

    /** Reads until the server closes (EOF or reset); false if it is still open after the socket timeout. */
    private static boolean closedByServer(Socket s) {
        try {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                // TLS alerts or nothing: keep reading until the close
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.io.IOException e) {
            return true; // reset by the server
        }
    }
}

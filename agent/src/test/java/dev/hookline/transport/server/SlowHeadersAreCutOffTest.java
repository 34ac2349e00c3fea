package dev.hookline.transport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.transport.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slowloris over loopback with short deadlines: connections that trickle their headers (or their body) a byte at a
 * time are answered 408 and closed once the header (body) deadline passes, and counted; the idle timeout, which a
 * trickle keeps resetting, is far away.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowHeadersAreCutOffTest {
    @TempDir
    Path tmp;

    /** Trickles {@code tail} a byte per 50 ms on every socket until all are closed; returns how long it took. */
    private static long trickleUntilClosed(List<Socket> sockets, String tail, List<String> answers)
            throws IOException {
        long start = System.nanoTime();
        List<Socket> open = new ArrayList<>(sockets);
        int i = 0;
        while (!open.isEmpty() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20)) {
            char c = tail.charAt(i++ % tail.length());
            for (Socket s : List.copyOf(open)) {
                try {
                    s.getOutputStream().write(c);
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    open.remove(s);
                    continue;
                }
                byte[] buf = new byte[512];
                try {
                    InputStream in = s.getInputStream();
                    int n = in.read(buf);
                    if (n > 0) {
                        answers.add(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    }
                    open.remove(s); // an answer or EOF: the collector is done with it
                } catch (SocketTimeoutException e) {
                    // still held
                } catch (IOException e) {
                    open.remove(s);
                }
            }
        }
        assertTrue(open.isEmpty(), open.size() + " connections still held");
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static List<Socket> connect(int port, int n, String first) throws IOException {
        List<Socket> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Socket s = new Socket("127.0.0.1", port);
            s.setSoTimeout(2);
            s.getOutputStream().write(first.getBytes(StandardCharsets.ISO_8859_1));
            l.add(s);
        }
        return l;
    }

    @Test
    void connectionsTricklingTheirHeadersAreAnswered408AndClosedAtTheHeaderDeadline() throws Exception {
        CollectorConfig cfg = new CollectorConfig(tmp.resolve("c")).bind("127.0.0.1", 0).headerTimeoutMillis(500)
                .requestTimeoutMillis(60_000).idleTimeoutMillis(60_000);
        try (CollectorServer server = new CollectorServer(cfg)) {
            List<Socket> sockets = connect(server.port(), 20, "POST " + Wire.PATH + " HTTP/1.1\r\nHost: c\r\nX-A: ");
            List<String> answers = new ArrayList<>();
            try {
                long took = trickleUntilClosed(sockets, "abcdefgh", answers);
                assertTrue(took < 10_000, "held " + took + " ms");
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            assertEquals(20L, server.counters().get("header_timeouts"));
            assertTrue(answers.stream().allMatch(a -> a.startsWith("HTTP/1.1 408 ")), answers.toString());
        }
    }

    @Test
    void aBodyTrickledAfterCompleteHeadersIsCutOffAtTheBodyDeadline() throws Exception {
        CollectorConfig cfg = new CollectorConfig(tmp.resolve("c")).bind("127.0.0.1", 0).headerTimeoutMillis(60_000)
                .requestTimeoutMillis(500).idleTimeoutMillis(60_000);
        try (CollectorServer server = new CollectorServer(cfg)) {
            List<Socket> sockets = connect(server.port(), 3,
                    "POST " + Wire.PATH + " HTTP/1.1\r\nHost: c\r\nContent-Length: 100000\r\n\r\n");
            List<String> answers = new ArrayList<>();
            try {
                assertTrue(trickleUntilClosed(sockets, "{}", answers) < 10_000);
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            assertEquals(3L, server.counters().get("request_timeouts"));
            assertEquals(0L, server.counters().get("header_timeouts"));
        }
    }
}

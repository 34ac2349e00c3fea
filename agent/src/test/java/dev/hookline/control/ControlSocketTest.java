package dev.hookline.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.ResultTable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlSocketTest {
    @TempDir
    Path dir;
    private final List<ControlServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(ControlServer::close);
    }

    private static class Fake implements ControlHandler {
        @Override
        public Map<String, Object> status() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ring_published", 1234L);
            m.put("version", "0.1.0");
            m.put("collecting", true);
            return m;
        }

        @Override
        public ResultTable query(String kql) {
            if (kql.contains("bad")) {
                throw new KqlException(2, 7, "expected an operator after '|'");
            }
            if (kql.contains("crash")) {
                throw new IllegalStateException("engine bug");
            }
            return new ResultTable(
                    List.of("FileName", "ProcessId", "RemotePort", "Score", "Elevated", "Timestamp", "Age", "Extra"),
                    List.of("string", "long", "int", "real", "bool", "datetime", "timespan", "dynamic"),
                    List.of(new Object[] {"bash", 42L, 443, 0.5, true, Instant.parse("2024-05-01T10:00:00.123456789Z"),
                                    Duration.ofMillis(1500), "{\"a\":1}"},
                            new Object[] {null, null, null, Double.NaN, null, null, null, null}));
        }
    }

    private ControlServer start(Path socket, ControlHandler h) throws ControlException {
        ControlServer s = new ControlServer(socket, h);
        servers.add(s);
        s.start();
        return s;
    }

    /** Sends raw bytes and returns the answer lines. */
    private static List<String> raw(Path socket, byte[] request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            Thread writer = new Thread(() -> {
                try {
                    ByteBuffer b = ByteBuffer.wrap(request);
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                    ch.shutdownOutput();
                } catch (IOException e) {
                    // the server may close on us (oversized request)
                }
            });
            writer.start();
            ByteBuffer in = ByteBuffer.allocate(1 << 16);
            try {
                while (ch.read(in) >= 0) {
                    if (!in.hasRemaining()) {
                        break;
                    }
                }
            } catch (IOException e) {
                // reset after the answer: the server closed with our (oversized) request unread
            }
            try {
                writer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String text = new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
        }
    }

    @Test
    void statusRoundTrip() throws Exception {
        Path sock = dir.resolve("control.sock");
        start(sock, new Fake());
        Map<String, Object> status = new ControlClient(sock).status();
        assertEquals(Map.of("ring_published", 1234L, "version", "0.1.0", "collecting", true), status);
        assertEquals(List.of("ring_published", "version", "collecting"), List.copyOf(status.keySet()));
    }

    @Test
    void queryRoundTripKeepsColumnsTypesAndValues() throws Exception {
        Path sock = dir.resolve("control.sock");
        start(sock, new Fake());
        ResultTable expected = new Fake().query("x");
        ResultTable got = new ControlClient(sock).query("DeviceProcessEvents | take 2");
        assertEquals(expected.columnNames(), got.columnNames());
        assertEquals(expected.columnTypes(), got.columnTypes());
        assertEquals(2, got.rows().size());
        assertArrayEquals(expected.rows().get(0), got.rows().get(0));
        assertArrayEquals(expected.rows().get(1), got.rows().get(1));
    }

    @Test
    void aLongQueryTellsTheClientHowFarItHasReadBeforeItsAnswer() throws Exception {
        Path sock = dir.resolve("control.sock");
        AtomicLong read = new AtomicLong();
        ControlServer s = start(sock, new Fake() {
            @Override
            public ResultTable query(String kql, long sinceNanos, QueryProgress progress) {
                progress.track(read::get, () -> read.get() / 100);
                for (int i = 0; i < 40; i++) {
                    read.addAndGet(1000);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return query(kql);
            }
        });
        s.progressIntervalMillis = 20;
        List<JsonNode> reports = new ArrayList<>();
        ResultTable got = new ControlClient(sock).query("DeviceProcessEvents | take 2", 86_400_000_000_000L,
                reports::add);
        assertEquals(2, got.rows().size(), "the answer is whole after the progress lines");
        assertTrue(reports.size() >= 3, "reports: " + reports);
        long last = -1;
        for (JsonNode r : reports) {
            long events = r.path("events").asLong(-1);
            assertTrue(events >= last && events <= 40_000, "events only grow: " + reports);
            // blocks are read just after events, and the scan may step once (1000 events, 10 blocks) in between
            long blocks = r.path("blocks").asLong(-1);
            assertTrue(blocks >= events / 100 && blocks <= events / 100 + 10, "blocks from the same source: " + r);
            last = events;
        }
        assertTrue(last > 0, "the reports saw the scan move: " + reports);
        // without asking, no progress line comes: the plain query answers as before
        assertEquals(2, new ControlClient(sock).query("x", 86_400_000_000_000L).rows().size());
    }

    @Test
    void aKqlErrorComesBackAsTheSameKqlException() throws Exception {
        Path sock = dir.resolve("control.sock");
        start(sock, new Fake());
        KqlException e = assertThrows(KqlException.class, () -> new ControlClient(sock).query("bad |"));
        assertEquals(2, e.line());
        assertEquals(7, e.column());
        assertEquals("line 2, column 7: expected an operator after '|'", e.getMessage());
    }

    @Test
    void aHandlerCrashIsAnErrorAnswerAndTheServerGoesOn() throws Exception {
        Path sock = dir.resolve("control.sock");
        ControlServer s = start(sock, new Fake());
        ControlException e = assertThrows(ControlException.class, () -> new ControlClient(sock).query("crash"));
        assertTrue(e.getMessage().contains("internal error"), e.getMessage());
        assertEquals(1L, s.counters().get("control_handler_errors"));
        assertEquals(1234L, new ControlClient(sock).status().get("ring_published"));
    }

    @Test
    void malformedRequestsGetAnErrorLine() throws Exception {
        Path sock = dir.resolve("control.sock");
        ControlServer s = start(sock, new Fake());
        List<String> a = raw(sock, "this is not json\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("{\"ok\":false,\"error\":\"malformed request: not JSON\"}"), a);
        assertTrue(raw(sock, "[1,2]\n".getBytes(StandardCharsets.UTF_8)).get(0).contains("malformed request"));
        assertTrue(raw(sock, "{\"op\":\"reboot\"}\n".getBytes(StandardCharsets.UTF_8)).get(0)
                .contains("unknown op 'reboot'"));
        assertTrue(raw(sock, "{\"op\":\"query\",\"query\":5}\n".getBytes(StandardCharsets.UTF_8)).get(0)
                .contains("query needs a \\\"query\\\" text"));
        assertTrue(raw(sock, new byte[] {(byte) 0xff, (byte) 0xfe, 0, '\n'}).get(0).contains("malformed request"));
        // No newline but EOF: still one request.
        assertTrue(raw(sock, "{\"op\":\"status\"}".getBytes(StandardCharsets.UTF_8)).get(0).startsWith("{\"ok\":true"));
        assertEquals(5L, s.counters().get("control_bad_requests"));
    }

    @Test
    void aQuerySinceReachesTheHandlerWithItsRangeAndAHandlerWithoutAStoreSaysSo() throws Exception {
        Path sock = dir.resolve("control.sock");
        long[] seen = {0};
        start(sock, new Fake() {
            @Override
            public ResultTable query(String kql, long sinceNanos) {
                seen[0] = sinceNanos;
                return super.query(kql);
            }
        });
        ControlClient c = new ControlClient(sock);
        assertEquals(2, c.query("x", 86_400_000_000_000L).rows().size());
        assertEquals(86_400_000_000_000L, seen[0]);
        seen[0] = 0;
        c.query("x");
        assertEquals(0, seen[0], "without since, the ring-only query as before");
        assertTrue(raw(sock, "{\"op\":\"query\",\"query\":\"x\",\"since_ns\":-5}\n".getBytes(StandardCharsets.UTF_8))
                .get(0).contains("since_ns must be a positive number"));

        Path sock2 = dir.resolve("control2.sock");
        start(sock2, new Fake());
        ControlException e = assertThrows(ControlException.class, () -> new ControlClient(sock2).query("x", 1_000_000_000L));
        assertTrue(e.getMessage().contains("keeps no event store"), e.getMessage());
    }

    @Test
    void anOversizedRequestIsRefused() throws Exception {
        Path sock = dir.resolve("control.sock");
        ControlServer s = start(sock, new Fake());
        byte[] big = new byte[ControlServer.MAX_REQUEST_BYTES + 100];
        Arrays.fill(big, (byte) 'a');
        List<String> a = raw(sock, big);
        assertEquals(List.of("{\"ok\":false,\"error\":\"request too large (limit 1048576 bytes)\"}"), a);
        assertEquals(1L, s.counters().get("control_oversized_requests"));
        assertEquals(1234L, new ControlClient(sock).status().get("ring_published"), "still serving");
    }

    @Test
    void aSilentClientIsDisconnected() throws Exception {
        Path sock = dir.resolve("control.sock");
        ControlServer s = new ControlServer(sock, new Fake(), 200);
        servers.add(s);
        s.start();
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(sock));
            assertEquals(-1, ch.read(ByteBuffer.allocate(16)), "closed by the server after the read timeout");
        }
        assertEquals(1L, s.counters().get("control_timeouts"));
    }

    @Test
    void tooManyConcurrentConnectionsGetABusyAnswer() throws Exception {
        Path sock = dir.resolve("control.sock");
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inside = new AtomicInteger();
        start(sock, new Fake() {
            @Override
            public ResultTable query(String kql) {
                inside.incrementAndGet();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new ResultTable(List.of("a"), List.of("long"), List.<Object[]>of(new Object[] {1L}));
            }
        });
        List<Thread> clients = new ArrayList<>();
        AtomicInteger ok = new AtomicInteger();
        for (int i = 0; i < ControlServer.MAX_CONNECTIONS; i++) {
            Thread t = new Thread(() -> {
                try {
                    new ControlClient(sock).query("slow");
                    ok.incrementAndGet();
                } catch (ControlException e) {
                    // counted by ok staying low
                }
            });
            t.start();
            clients.add(t);
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (inside.get() < ControlServer.MAX_CONNECTIONS && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        ControlException busy = assertThrows(ControlException.class, () -> new ControlClient(sock).status());
        assertTrue(busy.getMessage().contains("agent busy"), busy.getMessage());
        release.countDown();
        for (Thread t : clients) {
            t.join(5_000);
        }
        assertEquals(ControlServer.MAX_CONNECTIONS, ok.get());
    }

    @Test
    void theSocketIsOwnerOnlyAndItsNewDirectoryToo() throws Exception {
        Path sock = dir.resolve("run/hookline/control.sock");
        start(sock, new Fake());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock.getParent())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("run"))));
    }

    @Test
    void aStaleSocketFromACrashedAgentIsReplaced() throws Exception {
        Path sock = dir.resolve("control.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(sock)); // closing leaves the file behind, like a crash
        }
        assertTrue(Files.exists(sock));
        ControlException notRunning = assertThrows(ControlException.class, () -> new ControlClient(sock).status());
        assertTrue(notRunning.getMessage().startsWith("the hookline agent is not running"), notRunning.getMessage());
        start(sock, new Fake());
        assertEquals(1234L, new ControlClient(sock).status().get("ring_published"));
    }

    @Test
    void aSecondAgentRefusesToTakeOverALiveSocket() throws Exception {
        Path sock = dir.resolve("control.sock");
        start(sock, new Fake());
        ControlServer second = new ControlServer(sock, new Fake());
        servers.add(second);
        ControlException e = assertThrows(ControlException.class, second::start);
        assertTrue(e.getMessage().startsWith("another hookline agent is running"), e.getMessage());
        second.close();
        assertEquals(1234L, new ControlClient(sock).status().get("ring_published"), "the first agent is untouched");
    }

    @Test
    void aFileThatIsNotASocketIsNeverDeleted() throws Exception {
        Path sock = dir.resolve("control.sock");
        Files.writeString(sock, "precious");
        ControlServer s = new ControlServer(sock, new Fake());
        servers.add(s);
        ControlException e = assertThrows(ControlException.class, s::start);
        assertTrue(e.getMessage().contains("is not a socket"), e.getMessage());
        assertEquals("precious", Files.readString(sock));
    }

    @Test
    void closeRemovesTheSocketFile() throws Exception {
        Path sock = dir.resolve("control.sock");
        ControlServer s = start(sock, new Fake());
        s.close();
        assertFalse(Files.exists(sock));
        ControlException e = assertThrows(ControlException.class, () -> new ControlClient(sock).status());
        assertEquals("the hookline agent is not running (nothing answers on " + sock + ")", e.getMessage());
    }

    @Test
    void connectErrorsAreExplainedForAPerson() {
        ControlClient c = new ControlClient(dir.resolve("control.sock"));
        assertEquals("permission denied: hookline query needs root",
                c.connectError("query", new IOException("Permission denied")).getMessage());
        assertTrue(c.connectError("status", new java.net.ConnectException("Connection refused")).getMessage()
                .startsWith("the hookline agent is not running"));
        ControlException denied = assertThrows(ControlException.class,
                () -> new ControlClient(Path.of("/proc/1/root/nonexistent/x.sock")).query("x"));
        assertTrue(denied.getMessage().startsWith("the hookline agent is not running")
                || denied.getMessage().startsWith("permission denied"), denied.getMessage());
    }
}

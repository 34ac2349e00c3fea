package dev.hookline.transport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.transport.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests the HTTP decoder cannot parse (a 64 KiB header, a header line without a colon, a bad chunk size) are
 * answered 431 or 400 and nothing of them is stored: once on the handlers alone, once over a loopback socket.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MalformedHttpIsRefusedTest {
    private static final String ALERT = "{\"AlertId\":\"m-1\"}\n";
    private static final String HEAD = "POST " + Wire.PATH + " HTTP/1.1\r\nHost: c\r\n";

    @TempDir
    Path tmp;

    static String hugeHeader() {
        return HEAD + "X-Big: " + "a".repeat(64 * 1024) + "\r\nContent-Length: " + ALERT.length() + "\r\n\r\n"
                + ALERT;
    }

    static String headerWithoutColon() {
        return HEAD + "NoColonHere\r\nContent-Length: " + ALERT.length() + "\r\n\r\n" + ALERT;
    }

    static String badChunkSize() {
        return HEAD + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(ALERT.length()) + "\r\n" + ALERT
                + "\r\nzz\r\nmore\r\n0\r\n\r\n";
    }

    private final ServerCounters counters = new ServerCounters();

    private String embedded(String request) {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(4096, 16 * 1024, 64 * 1024),
                new LimitedAggregator(1 << 20, counters), new BatchDecoder(null, 1 << 20, 100, counters));
        ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        assertNull(ch.readInbound(), "no batch reaches the sink");
        StringBuilder out = new StringBuilder();
        for (ByteBuf b; (b = ch.readOutbound()) != null;) {
            out.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        assertFalse(ch.isOpen(), "the connection is closed after a malformed request");
        return out.toString();
    }

    @Test
    void onTheHandlersAMalformedRequestGets431Or400AndNoBatch() {
        assertTrue(embedded(hugeHeader()).startsWith("HTTP/1.1 431 "));
        assertTrue(embedded(headerWithoutColon()).startsWith("HTTP/1.1 400 "));
        assertTrue(embedded(badChunkSize()).startsWith("HTTP/1.1 400 "));
        assertEquals(1, counters.headersTooLarge.get());
        assertEquals(2, counters.malformed.get());
    }

    private static String roundTrip(int port, String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream o = s.getOutputStream();
            try {
                o.write(request.getBytes(StandardCharsets.ISO_8859_1));
                o.flush();
            } catch (java.io.IOException e) {
                // the collector may answer and close before the whole request is written
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) > 0;) {
                    got.write(buf, 0, n);
                }
            } catch (java.net.SocketException e) {
                // a reset after the answer
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void overLoopbackAMalformedRequestGets431Or400AndNothingIsStored() throws Exception {
        CollectorConfig cfg = new CollectorConfig(tmp.resolve("c")).bind("127.0.0.1", 0).statusLogMillis(100);
        List<String> logged = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(CollectorServer.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try (CollectorServer server = new CollectorServer(cfg)) {
            assertTrue(roundTrip(server.port(), hugeHeader()).startsWith("HTTP/1.1 431 "));
            assertTrue(roundTrip(server.port(), headerWithoutColon()).startsWith("HTTP/1.1 400 "));
            assertTrue(roundTrip(server.port(), badChunkSize()).startsWith("HTTP/1.1 400 "));
            assertEquals(1L, server.counters().get("rejected_headers_too_large"));
            assertEquals(2L, server.counters().get("rejected_malformed_http"));
            assertEquals(0L, server.counters().get("alerts_accepted"));
            // a good request on the same collector is still stored
            String good = HEAD + "Content-Length: " + ALERT.length() + "\r\nConnection: close\r\n\r\n" + ALERT;
            assertTrue(roundTrip(server.port(), good).startsWith("HTTP/1.1 200 "));
        } finally {
            log.removeHandler(capture);
        }
        assertTrue(logged.stream().anyMatch(l -> l.startsWith("collector status: ")
                && l.contains("rejected_malformed_http=2") && l.contains("rejected_headers_too_large=1")),
                "the refusals are in the collector's log: " + logged);
        assertEquals(ALERT, Files.readString(cfg.alertFile()));
    }
}

package dev.hookline.transport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.transport.Wire;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Each collector handler alone on an EmbeddedChannel. */
class CollectorHandlersTest {
    private final ServerCounters counters = new ServerCounters();

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(b);
        }
        return bos.toByteArray();
    }

    private static FullHttpRequest post(String path, byte[] body, boolean gzip) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                Unpooled.wrappedBuffer(body));
        if (gzip) {
            r.headers().set(HttpHeaderNames.CONTENT_ENCODING, "gzip");
        }
        r.headers().set(Wire.HEADER_AGENT, "host-1");
        r.headers().set(Wire.HEADER_BATCH_ID, "b-1");
        return r;
    }

    @Test
    void theDecoderInflatesAndSplitsABatch() throws IOException {
        EmbeddedChannel ch = new EmbeddedChannel(new BatchDecoder(null, 1 << 20, 100, counters));
        ch.writeInbound(post(Wire.PATH, gzip("{\"AlertId\":\"a\"}\r\n{\"AlertId\":\"b\"}\n\n".getBytes()), true));
        AlertBatch b = ch.readInbound();
        assertEquals(List.of("{\"AlertId\":\"a\"}", "{\"AlertId\":\"b\"}"), b.lines().strings());
        assertEquals("host-1", b.agentId());
        assertEquals("b-1", b.batchId());
    }

    @Test
    void aGzipTrailerThatLiesAboutTheSizeChangesNothing() throws IOException {
        byte[] body = "{\"AlertId\":\"a\"}\n{\"AlertId\":\"b\"}\n".getBytes();
        for (int isize : new int[] {0, 1, body.length - 1, body.length, body.length + 1, Integer.MAX_VALUE, -1}) {
            byte[] gz = gzip(body);
            java.nio.ByteBuffer.wrap(gz, gz.length - 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(isize);
            byte[] out;
            try {
                out = BoundedGunzip.gunzip(new java.io.ByteArrayInputStream(gz), 1 << 20, isize & 0xffffffffL);
            } catch (java.util.zip.ZipException e) {
                assertTrue(isize != body.length, "only a wrong trailer fails the gzip check");
                continue;
            }
            assertEquals(new String(body), new String(out));
        }
        byte[] exact = BoundedGunzip.gunzip(new java.io.ByteArrayInputStream(gzip(body)), body.length, body.length);
        assertEquals(body.length, exact.length, "exactly at the cap is allowed");
        assertThrows(BoundedGunzip.TooLargeException.class, () -> BoundedGunzip.gunzip(
                new java.io.ByteArrayInputStream(gzip(body)), body.length - 1, body.length));
    }

    @Test
    void theDecoderStopsAGzipBombWith413AndCloses() throws IOException {
        EmbeddedChannel ch = new EmbeddedChannel(new BatchDecoder(null, 1 << 20, 100, counters));
        ch.writeInbound(post(Wire.PATH, gzip(new byte[8 << 20]), true));
        assertNull(ch.readInbound());
        FullHttpResponse r = ch.readOutbound();
        assertEquals(413, r.status().code());
        assertFalse(ch.isOpen());
        assertEquals(1, counters.tooLarge.get());
    }

    @Test
    void theDecoderRefusesAWrongTokenPathOrCorruptGzip() {
        EmbeddedChannel ch = new EmbeddedChannel(new BatchDecoder("s3cret", 1 << 20, 100, counters));
        ch.writeInbound(post(Wire.PATH, "{}".getBytes(), false));
        assertEquals(401, ((FullHttpResponse) ch.readOutbound()).status().code());

        EmbeddedChannel ch2 = new EmbeddedChannel(new BatchDecoder(null, 1 << 20, 100, counters));
        ch2.writeInbound(post("/elsewhere", "{}".getBytes(), false));
        assertEquals(404, ((FullHttpResponse) ch2.readOutbound()).status().code());
        ch2.writeInbound(post(Wire.PATH, "not gzip".getBytes(), true));
        assertEquals(400, ((FullHttpResponse) ch2.readOutbound()).status().code());
    }

    @Test
    void theAggregatorAnswers413ToAnOversizedContentLengthAndClosesAfterLingering() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(new LimitedAggregator(1024, counters));
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, Wire.PATH);
        head.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 1 << 20);
        ch.writeInbound(head);
        FullHttpResponse r = ch.readOutbound();
        assertEquals(413, r.status().code());
        assertEquals("close", r.headers().get(HttpHeaderNames.CONNECTION));
        // The rest of the body is read and dropped while the close lingers (no reset that could destroy the 413).
        ch.writeInbound(new io.netty.handler.codec.http.DefaultHttpContent(io.netty.buffer.Unpooled.wrappedBuffer(new byte[4096])));
        assertTrue(ch.isOpen());
        Thread.sleep(LimitedAggregator.LINGER_MILLIS + 100);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isOpen());
    }

    @Test
    void theSinkHandlerStopsReadingUntilTheBatchIsStoredThenAcks() {
        List<Runnable> queued = new ArrayList<>();
        Executor manual = queued::add;
        BatchSink sink = lines -> new AlertSink.Result(lines.size() - 1, 1, 0);
        EmbeddedChannel ch = new EmbeddedChannel(new SinkHandler(sink, manual, counters));
        ch.writeInbound(new AlertBatch("host-1", "b", List.of("x", "y", "z"), true));
        assertFalse(ch.config().isAutoRead(), "backpressure while the sink works");
        assertNull(ch.readOutbound());
        queued.remove(0).run(); // the sink thread stores the batch
        ch.runPendingTasks();
        FullHttpResponse r = ch.readOutbound();
        assertEquals(200, r.status().code());
        assertEquals("{\"accepted\":2,\"duplicates\":1,\"invalid\":0}", r.content().toString(StandardCharsets.UTF_8));
        assertTrue(ch.config().isAutoRead());
        assertTrue(ch.isOpen(), "keep-alive");
    }

    @Test
    void aFullSinkQueueAnswers503WithRetryAfter() {
        Executor full = r -> {
            throw new java.util.concurrent.RejectedExecutionException("full");
        };
        EmbeddedChannel ch = new EmbeddedChannel(new SinkHandler(lines -> null, full, counters));
        ch.writeInbound(new AlertBatch("host-1", "b", List.of("x"), true));
        FullHttpResponse r = ch.readOutbound();
        assertEquals(503, r.status().code());
        assertEquals("1", r.headers().get(HttpHeaderNames.RETRY_AFTER));
        assertTrue(ch.config().isAutoRead());
    }

    @Test
    void batchesBeyondTheSinkQueuesByteBudgetAre503UntilTheQueuedOnesAreWritten() {
        List<Runnable> queued = new ArrayList<>();
        Executor manual = queued::add;
        BatchSink sink = lines -> new AlertSink.Result(lines.size(), 0, 0);
        SinkBudget budget = new SinkBudget(10);
        EmbeddedChannel a = new EmbeddedChannel(new SinkHandler(sink, manual, counters, new GroupCommit(), budget));
        EmbeddedChannel b = new EmbeddedChannel(new SinkHandler(sink, manual, counters, new GroupCommit(), budget));
        a.writeInbound(new AlertBatch("a", "1", List.of("0123456789abcdef"), true));
        assertEquals(1, queued.size(), "one batch larger than the budget still passes when nothing is queued");
        b.writeInbound(new AlertBatch("b", "2", List.of("x"), true));
        FullHttpResponse busy = b.readOutbound();
        assertEquals(503, busy.status().code());
        assertEquals("1", busy.headers().get(HttpHeaderNames.RETRY_AFTER));
        assertEquals(1, counters.sinkBusy.get());
        assertTrue(b.config().isAutoRead());
        queued.remove(0).run();
        assertEquals(0, budget.used(), "written: the bytes are released (the ack waits for the sync only)");
        b.writeInbound(new AlertBatch("b", "3", List.of("x"), true));
        assertEquals(1, queued.size());
    }

    @Test
    void theRateLimitHandlerAnswers429WithRetryAfter() {
        RateLimiter limiter = new RateLimiter(10, 10, () -> 0L);
        EmbeddedChannel ch = new EmbeddedChannel(new RateLimitHandler(limiter, counters));
        ch.writeInbound(new AlertBatch("host-1", "b", List.of("x".repeat(1)).subList(0, 1), true));
        assertTrue(ch.readInbound() instanceof AlertBatch);
        ch.writeInbound(new AlertBatch("host-1", "b", new ArrayList<>(java.util.Collections.nCopies(50, "x")), true));
        assertTrue(ch.readInbound() instanceof AlertBatch, "overdraws once");
        ch.writeInbound(new AlertBatch("host-1", "b", List.of("x"), true));
        FullHttpResponse r = ch.readOutbound();
        assertEquals(429, r.status().code());
        assertEquals(1, counters.rateLimited.get());
    }

    @Test
    void aRequestThatDoesNotCompleteInTimeGets408AndIsClosed() throws InterruptedException {
        EmbeddedChannel ch = new EmbeddedChannel(new RequestDeadlineHandler(60_000, 50, counters));
        ch.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, Wire.PATH));
        Thread.sleep(120);
        ch.runPendingTasks();
        FullHttpResponse r = ch.readOutbound();
        assertEquals(408, r.status().code());
        assertFalse(ch.isOpen());
        assertEquals(1, counters.requestTimeouts.get());
    }

    @Test
    void anIdleConnectionIsClosedButNotOneWaitingForItsAck() {
        EmbeddedChannel waiting = new EmbeddedChannel(new RequestDeadlineHandler(60_000, 60_000, counters));
        waiting.writeInbound(post(Wire.PATH, new byte[0], false)); // complete request, not yet answered
        waiting.pipeline().fireUserEventTriggered(io.netty.handler.timeout.IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertTrue(waiting.isOpen(), "a slow sink is not idleness");

        EmbeddedChannel idle = new EmbeddedChannel(new RequestDeadlineHandler(60_000, 60_000, counters));
        idle.pipeline().fireUserEventTriggered(io.netty.handler.timeout.IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertFalse(idle.isOpen());
        assertEquals(1, counters.idleClosed.get());
    }
}

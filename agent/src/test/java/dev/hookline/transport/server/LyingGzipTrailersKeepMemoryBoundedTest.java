package dev.hookline.transport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.transport.Wire;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A tiny gzip body whose size trailer claims 4 GiB made the collector allocate its whole decompression cap (32 MiB)
 * per request. Measured by bytes allocated (the decoder's own counter, and the JVM's count for this thread), not by
 * timing: 1,000 such requests now cost at most a small buffer each.
 */
class LyingGzipTrailersKeepMemoryBoundedTest {
    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(b);
        }
        return bos.toByteArray();
    }

    static byte[] lying() throws IOException {
        byte[] gz = gzip("{\"AlertId\":\"x\"}\n".getBytes());
        ByteBuffer.wrap(gz, gz.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(-1); // "4 GiB"
        return gz;
    }

    @Test
    void aThousandRequestsWithALyingSizeTrailerAllocateOnlySmallBuffers() throws IOException {
        ServerCounters counters = new ServerCounters();
        EmbeddedChannel ch = new EmbeddedChannel(new BatchDecoder(null, 32 << 20, 100_000, counters));
        byte[] body = lying();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1000; i++) {
            FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, Wire.PATH,
                    Unpooled.wrappedBuffer(body));
            r.headers().set(HttpHeaderNames.CONTENT_ENCODING, "gzip");
            ch.writeInbound(r);
            assertNull(ch.readInbound());
            FullHttpResponse resp = ch.readOutbound();
            assertEquals(400, resp.status().code(), "a trailer that does not match the data is a bad body");
            resp.release();
            ch = ch.isOpen() ? ch : new EmbeddedChannel(new BatchDecoder(null, 32 << 20, 100_000, counters));
        }
        long threadBytes = mx.getCurrentThreadAllocatedBytes() - before;
        long perRequest = counters.gunzipAllocatedBytes.get() / 1000;
        assertTrue(perRequest <= BoundedGunzip.MIN_BUFFER, "gunzip buffers per request: " + perRequest);
        assertTrue(threadBytes < 1000L * 1024 * 1024 / 4, "allocated by 1,000 requests: " + threadBytes
                + " bytes (32 MiB each before)");
        assertEquals(1000, counters.badRequests.get());
    }

    @Test
    void aTruthfulHintStillInflatesInOneBufferAndTheCapStillHolds() throws IOException {
        StringBuilder sb = new StringBuilder();
        java.util.Random rnd = new java.util.Random(1);
        for (int i = 0; i < 5_000; i++) { // alert-like lines: some repetition, some entropy (gzip ~3x)
            sb.append("{\"AlertId\":\"").append(Long.toHexString(rnd.nextLong())).append("\",\"Cmd\":\"")
                    .append(Long.toString(rnd.nextLong(), 36)).append("\"}\n");
        }
        byte[] data = sb.toString().getBytes();
        byte[] gz = gzip(data);
        AtomicLong allocated = new AtomicLong();
        byte[] out = BoundedGunzip.gunzip(new ByteArrayInputStream(gz), 1 << 20, data.length, gz.length, allocated);
        assertEquals(data.length, out.length);
        assertEquals(data.length, allocated.get(), "allocated " + allocated.get() + " for " + data.length);
        AtomicLong capped = new AtomicLong();
        org.junit.jupiter.api.Assertions.assertThrows(BoundedGunzip.TooLargeException.class, () -> BoundedGunzip
                .gunzip(new ByteArrayInputStream(gz), data.length / 2, 0xFFFFFFFFL, gz.length, capped));
        assertTrue(capped.get() <= 2L * (data.length / 2), "growth stops at the cap: " + capped.get());
    }
}

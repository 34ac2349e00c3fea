package dev.hookline.transport.server;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the collector's request path on an {@link EmbeddedChannel} (no socket): any bytes, cut
 * in two reads at a point the input picks, through the server's decoding handlers in its order (HTTP codec with the
 * server's limits, the size-limited aggregator, the batch decoder with bounded gunzip, the guard). The contract: no
 * exception escapes the pipeline and whatever is written back is HTTP (a status line first); malformed requests are
 * answered or the connection is closed, never a crash.
 */
class CollectorRequestPathSurvivesAnyBytesFuzzTest {
    private final ServerCounters counters = new ServerCounters();

    @FuzzTest
    // Dictionary tokens are in libFuzzer's dictionary syntax: \" for a quote, \xNN for other bytes.
    @DictionaryEntries({"POST /v1/alerts HTTP/1.1\\x0D\\x0A", "GET / HTTP/1.1\\x0D\\x0A", "Host: c\\x0D\\x0A",
            "Content-Length: ", "Transfer-Encoding: chunked\\x0D\\x0A", "Content-Encoding: gzip\\x0D\\x0A",
            "Content-Type: application/x-ndjson\\x0D\\x0A", "Authorization: Bearer ", "Connection: close\\x0D\\x0A",
            "Expect: 100-continue\\x0D\\x0A", "\\x0D\\x0A\\x0D\\x0A", "\\x0D\\x0A", "{\\\"AlertId\\\":\\\"a\\\"}\\x0A",
            "\\x1F\\x8B\\x08\\x00", "0\\x0D\\x0A\\x0D\\x0A"})
    void anyBytesAreAnsweredOrClosedNeverThrown(byte[] data) {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(4096, 16 * 1024, 64 * 1024),
                new LimitedAggregator(64 << 10, counters), new BatchDecoder(null, 1 << 20, 1000, counters),
                new ChannelGuard(counters));
        try {
            int cut = data.length == 0 ? 0 : (data[0] & 0xff) % (data.length + 1);
            ch.writeInbound(Unpooled.wrappedBuffer(data, 0, cut));
            if (ch.isOpen()) {
                ch.writeInbound(Unpooled.wrappedBuffer(data, cut, data.length - cut));
            }
            ch.runPendingTasks();
            ch.checkException();
            StringBuilder out = new StringBuilder();
            Object o;
            while ((o = ch.readOutbound()) != null) {
                if (o instanceof ByteBuf b) {
                    out.append(b.toString(StandardCharsets.ISO_8859_1));
                }
                ReferenceCountUtil.release(o);
            }
            if (out.length() > 0 && !out.toString().matches("(?s)HTTP/1\\.1 [1-5][0-9][0-9] .*")) {
                throw new AssertionError("an answer that is not HTTP: " + out.substring(0, Math.min(out.length(), 40)));
            }
            while ((o = ch.readInbound()) != null) {
                ReferenceCountUtil.release(o);
            }
        } finally {
            ch.finishAndReleaseAll();
        }
    }
}

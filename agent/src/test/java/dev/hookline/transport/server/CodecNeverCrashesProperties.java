package dev.hookline.transport.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import dev.hookline.transport.Wire;

/**
 * The collector's codec on random and truncated input: raw bytes through the HTTP codec, the size-limited
 * aggregator and the batch decoder; random, truncated and corrupted (gzip'd) bodies through the decoder. Nothing
 * may throw out of the pipeline (a peer that closes mid-request is the guard's to close), every request gets an
 * answer or the connection closes, and nothing is leaked.
 */
class CodecNeverCrashesProperties {
    private final ServerCounters counters = new ServerCounters();

    /** The server's decoding handlers in its order, ending like the server's with the guard that closes on errors. */
    private EmbeddedChannel pipeline() {
        return new EmbeddedChannel(new HttpServerCodec(4096, 16 * 1024, 64 * 1024),
                new LimitedAggregator(64 << 10, counters), new BatchDecoder(null, 1 << 20, 1000, counters),
                new ChannelGuard(counters));
    }

    private static void drain(EmbeddedChannel ch) {
        Object o;
        while ((o = ch.readInbound()) != null) {
            ReferenceCountUtil.release(o);
        }
        while ((o = ch.readOutbound()) != null) {
            ReferenceCountUtil.release(o);
        }
    }

    @Property(tries = 400)
    void rawGarbageBytesNeverEscapeThePipeline(@ForAll @Size(max = 4096) byte[] bytes) {
        EmbeddedChannel ch = pipeline();
        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
        ch.runPendingTasks();
        ch.checkException(); // throws if a handler let an exception escape
        drain(ch);
        ch.finishAndReleaseAll();
    }

    @Property(tries = 400)
    void aValidRequestCutAnywhereNeverEscapes(@ForAll @IntRange(min = 0, max = 400) int cut) throws IOException {
        byte[] body = gzip("{\"AlertId\":\"a\"}\n{\"AlertId\":\"b\"}\n".getBytes());
        byte[] head = ("POST " + Wire.PATH + " HTTP/1.1\r\nHost: c\r\nContent-Encoding: gzip\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes();
        byte[] req = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, req, head.length, body.length);
        EmbeddedChannel ch = pipeline();
        ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(req, Math.min(cut, req.length))));
        ch.checkException();
        drain(ch);
        ch.finishAndReleaseAll();
    }

    @Property(tries = 400)
    void randomOrCorruptBodiesAreAnsweredNotThrown(@ForAll @Size(max = 2048) byte[] body, @ForAll boolean gzipped,
            @ForAll boolean corrupt) throws IOException {
        byte[] b = gzipped ? gzip(body) : body;
        if (corrupt && b.length > 12) {
            b[b.length / 2] ^= 0x5a;
            b = Arrays.copyOf(b, b.length - 3);
        }
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, Wire.PATH,
                Unpooled.wrappedBuffer(b));
        if (gzipped) {
            r.headers().set(HttpHeaderNames.CONTENT_ENCODING, "gzip");
        }
        EmbeddedChannel ch = new EmbeddedChannel(new BatchDecoder(null, 1 << 20, 1000, counters),
                new ChannelGuard(counters));
        ch.writeInbound(r);
        ch.checkException();
        Object batch = ch.readInbound();
        Object answer = ch.readOutbound();
        assertTrue(batch != null || answer instanceof FullHttpResponse || !ch.isOpen(),
                "a request must become a batch, an answer, or a closed connection");
        ReferenceCountUtil.release(batch);
        ReferenceCountUtil.release(answer);
        drain(ch);
        ch.finishAndReleaseAll();
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(b);
        }
        return bos.toByteArray();
    }
}

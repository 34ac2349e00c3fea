package dev.hookline.transport.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts the responses the collector sends, by status code: placed right after the HTTP codec, it sees every
 * response any later handler writes (200 acks, 400/408/413/429/431/503 refusals). One atomic add per response.
 */
@ChannelHandler.Sharable
final class ResponseCodes extends ChannelOutboundHandlerAdapter {
    private final AtomicLongArray byCode = new AtomicLongArray(600);

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse r) {
            int code = r.status().code();
            if (code >= 100 && code < 600) {
                byCode.incrementAndGet(code);
            }
        }
        ctx.write(msg, promise);
    }

    /** Codes sent at least once, ascending, with their counts. */
    Map<Integer, Long> snapshot() {
        Map<Integer, Long> m = new LinkedHashMap<>();
        for (int c = 100; c < 600; c++) {
            long n = byCode.get(c);
            if (n > 0) {
                m.put(c, n);
            }
        }
        return m;
    }
}

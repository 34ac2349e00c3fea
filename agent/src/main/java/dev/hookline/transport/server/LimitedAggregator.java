package dev.hookline.transport.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.TimeUnit;

/**
 * Aggregates a request body up to {@code maxBytes}; beyond that (by Content-Length up front, or while chunks
 * arrive) it answers 413 and closes the connection — Netty's default would keep a keep-alive connection open and
 * keep reading the rest of the oversized body. The close lingers: the rest of the body is read and discarded (the
 * aggregator drops it, nothing is kept) for up to {@link #LINGER_MILLIS} ms before the close, because closing a
 * socket with unread input sends a TCP reset that can destroy the 413 before the client has read it.
 */
final class LimitedAggregator extends HttpObjectAggregator {
    static final long LINGER_MILLIS = 1000;
    private final ServerCounters counters;

    LimitedAggregator(int maxBytes, ServerCounters counters) {
        super(maxBytes);
        this.counters = counters;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        counters.tooLarge.incrementAndGet();
        Responses.json(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "{\"error\":\"request body too large\"}",
                false, 0, true);
        ctx.executor().schedule(() -> {
            ctx.close();
        }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }
}

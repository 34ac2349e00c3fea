package dev.hookline.transport.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Aggregates a request body up to {@code maxBytes}; beyond that (by Content-Length up front, or while chunks
 * arrive) it answers 413 and closes the connection — Netty's default would keep a keep-alive connection open and
 * keep reading the rest of the oversized body.
 */
final class LimitedAggregator extends HttpObjectAggregator {
    private final ServerCounters counters;

    LimitedAggregator(int maxBytes, ServerCounters counters) {
        super(maxBytes);
        this.counters = counters;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        counters.tooLarge.incrementAndGet();
        ctx.channel().config().setAutoRead(false); // read no more of the body
        Responses.error(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body too large", true);
    }
}

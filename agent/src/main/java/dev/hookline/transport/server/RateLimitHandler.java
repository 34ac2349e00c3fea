package dev.hookline.transport.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Refuses a batch with 429 + Retry-After when its agent is over its alert rate. */
final class RateLimitHandler extends SimpleChannelInboundHandler<AlertBatch> {
    private final RateLimiter limiter;
    private final ServerCounters counters;

    RateLimitHandler(RateLimiter limiter, ServerCounters counters) {
        super(false);
        this.limiter = limiter;
        this.counters = counters;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, AlertBatch batch) {
        long wait = limiter.acquire(batch.agentId(), batch.lines().size());
        if (wait > 0) {
            counters.rateLimited.incrementAndGet();
            Responses.json(ctx, HttpResponseStatus.TOO_MANY_REQUESTS, "{\"error\":\"rate limited\"}",
                    !batch.keepAlive(), wait);
            return;
        }
        ctx.fireChannelRead(batch);
    }
}

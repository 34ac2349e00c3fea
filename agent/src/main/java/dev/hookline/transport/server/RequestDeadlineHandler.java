package dev.hookline.transport.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Timeouts that protect the collector from slow or silent peers: a request must arrive completely within
 * {@code requestMillis} of its first line (408 + close otherwise: a slow-loris sender cannot hold a connection),
 * and a connection idle between requests is closed on the {@link IdleStateEvent} of the IdleStateHandler before it.
 */
final class RequestDeadlineHandler extends ChannelDuplexHandler {
    private final long requestMillis;
    private final ServerCounters counters;
    private ScheduledFuture<?> deadline;
    private boolean inRequest;

    RequestDeadlineHandler(long requestMillis, ServerCounters counters) {
        this.requestMillis = requestMillis;
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest) {
            inRequest = true;
            cancel();
            deadline = ctx.executor().schedule(() -> {
                counters.requestTimeouts.incrementAndGet();
                Responses.error(ctx, HttpResponseStatus.REQUEST_TIMEOUT, "request not received in time", true);
            }, requestMillis, TimeUnit.MILLISECONDS);
        }
        if (msg instanceof LastHttpContent) {
            cancel(); // complete; stays "in request" until answered (the sink may be slow: that is not idleness)
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse) {
            inRequest = false;
            cancel();
        }
        ctx.write(msg, promise);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent && !inRequest) {
            counters.idleClosed.incrementAndGet();
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        ctx.fireChannelInactive();
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}

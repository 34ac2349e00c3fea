package dev.hookline.transport.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Timeouts that protect the collector from slow or silent peers, one per phase of a request: its headers must be
 * complete within {@code headerMillis} of its first byte, its body within {@code bodyMillis} of the end of the
 * headers (408 + close otherwise, counted as {@code header_timeouts} / {@code request_timeouts}), and a connection
 * idle between requests is closed on the {@link IdleStateEvent} of the IdleStateHandler before it. The header
 * phase needs its own clock: the codec emits nothing until the headers are complete, so 200 connections sending a
 * header byte a second were held for two minutes each. {@link #byteWatch()} sits before the codec and starts it.
 */
final class RequestDeadlineHandler extends ChannelDuplexHandler {
    private enum Phase { IDLE, HEADERS, BODY, ANSWERING }

    private final long headerMillis;
    private final long bodyMillis;
    private final ServerCounters counters;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> deadline;
    private Phase phase = Phase.IDLE;
    /** Bytes of a next (pipelined) request arrived while this one was being answered. */
    private boolean nextStarted;

    RequestDeadlineHandler(long headerMillis, long bodyMillis, ServerCounters counters) {
        this.headerMillis = headerMillis;
        this.bodyMillis = bodyMillis;
        this.counters = counters;
    }

    /** The handler to place before the HTTP codec (after TLS): the first bytes of a request start its clock. */
    ChannelHandler byteWatch() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext c, Object msg) throws Exception {
                if (phase == Phase.IDLE) {
                    startHeaders();
                } else if (phase == Phase.ANSWERING) {
                    nextStarted = true;
                }
                c.fireChannelRead(msg);
            }
        };
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    private void startHeaders() {
        if (ctx == null) {
            return;
        }
        phase = Phase.HEADERS;
        cancel();
        deadline = ctx.executor().schedule(() -> {
            counters.headerTimeouts.incrementAndGet();
            Responses.error(ctx, HttpResponseStatus.REQUEST_TIMEOUT, "request headers not received in time", true);
        }, headerMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest) {
            phase = Phase.BODY;
            cancel();
            deadline = ctx.executor().schedule(() -> {
                counters.requestTimeouts.incrementAndGet();
                Responses.error(ctx, HttpResponseStatus.REQUEST_TIMEOUT, "request body not received in time", true);
            }, bodyMillis, TimeUnit.MILLISECONDS);
        }
        if (msg instanceof LastHttpContent) {
            cancel(); // complete; not idle until answered (the sink may be slow: that is not the peer's fault)
            phase = Phase.ANSWERING;
            nextStarted = false;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse) {
            cancel();
            phase = Phase.IDLE;
            if (nextStarted) {
                nextStarted = false;
                startHeaders();
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent && phase == Phase.IDLE) {
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

package dev.hookline.transport.server;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Small JSON responses; {@code close} also closes the connection once the response is flushed. */
final class Responses {
    private Responses() {
    }

    static void json(ChannelHandlerContext ctx, HttpResponseStatus status, String body, boolean close,
            long retryAfterSeconds) {
        json(ctx, status, body, close, retryAfterSeconds, close);
    }

    /** @param announceClose send "Connection: close" (the caller may close later itself) */
    static void json(ChannelHandlerContext ctx, HttpResponseStatus status, String body, boolean close,
            long retryAfterSeconds, boolean announceClose) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        if (retryAfterSeconds > 0) {
            r.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
        if (announceClose) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        if (close) {
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(r);
        }
    }

    static void error(ChannelHandlerContext ctx, HttpResponseStatus status, String message, boolean close) {
        json(ctx, status, errorBody(message), close, 0);
    }

    /** {"error":"message"}, the message escaped by Jackson (it may quote a client's bytes). */
    static String errorBody(String message) {
        return "{\"error\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(String.valueOf(message)))
                + "\"}";
    }
}

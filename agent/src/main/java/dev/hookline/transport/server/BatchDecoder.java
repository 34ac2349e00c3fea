package dev.hookline.transport.server;

import dev.hookline.transport.Wire;
import dev.hookline.transport.tls.TlsContexts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Turns a complete {@code POST /v1/alerts} request into an {@link AlertBatch}: checks method, path and bearer token,
 * inflates a gzip body under a hard size cap (413 + close past it), splits NDJSON lines and pulls each
 * line's AlertId ({@link BatchLines}). The agent id is the CN of
 * the verified client certificate when TLS is on; without TLS (tests, or behind a TLS-terminating proxy) it is the
 * {@code X-Hookline-Agent} header, else the peer address.
 */
final class BatchDecoder extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final byte[] token;
    private final int maxDecompressedBytes;
    private final int maxLines;
    private final ServerCounters counters;

    BatchDecoder(String bearerToken, int maxDecompressedBytes, int maxLines, ServerCounters counters) {
        this.token = bearerToken == null || bearerToken.isEmpty() ? null
                : ("Bearer " + bearerToken).getBytes(StandardCharsets.UTF_8);
        this.maxDecompressedBytes = maxDecompressedBytes;
        this.maxLines = maxLines;
        this.counters = counters;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        counters.requests.incrementAndGet();
        if (req.decoderResult().isFailure()) {
            refuseMalformed(ctx, req.decoderResult().cause());
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        String path = req.uri();
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        if (!Wire.PATH.equals(path)) {
            counters.badRequests.incrementAndGet();
            Responses.error(ctx, HttpResponseStatus.NOT_FOUND, "unknown path", !keepAlive);
            return;
        }
        if (!HttpMethod.POST.equals(req.method())) {
            counters.badRequests.incrementAndGet();
            Responses.error(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "POST only", !keepAlive);
            return;
        }
        if (token != null) {
            String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
            // Constant-time compare: the token must not leak through response timing.
            if (auth == null || !MessageDigest.isEqual(token, auth.getBytes(StandardCharsets.UTF_8))) {
                counters.unauthorized.incrementAndGet();
                Responses.error(ctx, HttpResponseStatus.UNAUTHORIZED, "bad or missing bearer token", true);
                return;
            }
        }
        byte[] body;
        try {
            body = body(req);
        } catch (BoundedGunzip.TooLargeException e) {
            counters.tooLarge.incrementAndGet();
            Responses.error(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, e.getMessage(), true);
            return;
        } catch (IOException e) {
            counters.badRequests.incrementAndGet();
            Responses.error(ctx, HttpResponseStatus.BAD_REQUEST, "cannot decode body: " + e.getMessage(), true);
            return;
        }
        BatchLines lines = BatchLines.parse(body, maxLines);
        if (lines == null) {
            counters.tooLarge.incrementAndGet();
            Responses.error(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "too many lines in one batch", true);
            return;
        }
        String batchId = req.headers().get(Wire.HEADER_BATCH_ID, "");
        ctx.fireChannelRead(new AlertBatch(agentId(ctx, req), batchId, lines, keepAlive));
    }

    /**
     * The HTTP decoder gave up on this request (a header past the limit, a header line without a colon, a bad chunk
     * size ...): the aggregator still hands it on, with what was read before the error as its body. None of it is
     * stored: 431 for oversized headers, 414 for an oversized request line, 400 otherwise, and the connection is
     * closed (the decoder discards everything after a bad message).
     */
    private void refuseMalformed(ChannelHandlerContext ctx, Throwable cause) {
        HttpResponseStatus status;
        if (cause instanceof TooLongHttpHeaderException) {
            counters.headersTooLarge.incrementAndGet();
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        } else if (cause instanceof TooLongHttpLineException) {
            counters.headersTooLarge.incrementAndGet();
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
        } else {
            counters.malformed.incrementAndGet();
            status = HttpResponseStatus.BAD_REQUEST;
        }
        Responses.error(ctx, status, "malformed HTTP request: " + (cause == null ? "?" : cause.getMessage()), true);
    }

    private byte[] body(FullHttpRequest req) throws IOException {
        String enc = req.headers().get(HttpHeaderNames.CONTENT_ENCODING, "identity").trim();
        ByteBuf content = req.content();
        if (enc.equalsIgnoreCase("gzip")) {
            // The gzip trailer's last 4 bytes: the (last member's) uncompressed size, little-endian, mod 2^32.
            long isize = content.readableBytes() >= 18
                    ? content.getUnsignedIntLE(content.readerIndex() + content.readableBytes() - 4) : 0;
            return BoundedGunzip.gunzip(new ByteBufInputStream(content.duplicate()), maxDecompressedBytes, isize,
                    content.readableBytes(), counters.gunzipAllocatedBytes);
        }
        if (!enc.equalsIgnoreCase("identity")) {
            throw new IOException("unsupported Content-Encoding " + enc);
        }
        if (content.readableBytes() > maxDecompressedBytes) {
            throw new BoundedGunzip.TooLargeException(maxDecompressedBytes);
        }
        byte[] b = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), b);
        return b;
    }

    private static String agentId(ChannelHandlerContext ctx, FullHttpRequest req) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl != null) {
            String cn = TlsContexts.peerCommonName(ssl);
            if (cn != null) {
                return cn;
            }
        }
        String h = req.headers().get(Wire.HEADER_AGENT);
        if (h != null && !h.isBlank() && h.length() <= 128) {
            return h;
        }
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress()
                : String.valueOf(ctx.channel().remoteAddress());
    }
}

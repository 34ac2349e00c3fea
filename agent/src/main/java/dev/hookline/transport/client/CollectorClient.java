package dev.hookline.transport.client;

import dev.hookline.transport.Wire;
import dev.hookline.transport.tls.TlsContexts;
import dev.hookline.transport.tls.TlsFiles;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A minimal blocking HTTP/1.1 client for the collector: one keep-alive connection (re-established on demand), one
 * request in flight, mutual TLS with server-name verification. Used by the {@link ShippingOutput} sender thread
 * (one thread of its own for I/O: an agent sends little). Not thread-safe: one caller at a time.
 */
public final class CollectorClient implements Closeable {
    private final String host;
    private final int port;
    private final SslContext ssl;
    private final String bearerToken;
    private final String agentId;
    private final long connectTimeoutMillis;
    private final EventLoopGroup group = new NioEventLoopGroup(1, r -> {
        Thread t = new Thread(r, "hookline-shipper-io");
        t.setDaemon(true);
        return t;
    });
    private Channel channel;
    private volatile CompletableFuture<CollectorResponse> pending;

    /** {@code tls} null = plaintext (tests only). */
    public CollectorClient(String host, int port, TlsFiles tls, String bearerToken, String agentId,
            long connectTimeoutMillis) throws IOException {
        this.host = host;
        this.port = port;
        this.ssl = tls == null ? null : TlsContexts.client(tls);
        this.bearerToken = bearerToken;
        this.agentId = agentId;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    public boolean connected() {
        Channel c = channel;
        return c != null && c.isActive();
    }

    /**
     * POSTs one body to {@link Wire#PATH} and waits for the answer. Throws IOException when the connection or TLS
     * handshake fails, the connection drops, or no answer arrives in {@code timeoutMillis}.
     */
    public CollectorResponse post(byte[] body, boolean gzip, String batchId, long timeoutMillis) throws IOException {
        Channel ch = connect();
        CompletableFuture<CollectorResponse> f = new CompletableFuture<>();
        pending = f;
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, Wire.PATH,
                Unpooled.wrappedBuffer(body));
        req.headers().set(HttpHeaderNames.HOST, host + ":" + port);
        req.headers().set(HttpHeaderNames.CONTENT_TYPE, Wire.CONTENT_TYPE);
        if (gzip) {
            req.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
        }
        req.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        req.headers().set(Wire.HEADER_BATCH_ID, batchId);
        if (agentId != null) {
            req.headers().set(Wire.HEADER_AGENT, agentId);
        }
        if (bearerToken != null && !bearerToken.isEmpty()) {
            req.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + bearerToken);
        }
        ch.writeAndFlush(req).addListener(w -> {
            if (!w.isSuccess()) {
                f.completeExceptionally(w.cause());
            }
        });
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            disconnect();
            throw new IOException("no answer from " + host + ":" + port + " within " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            disconnect();
            throw new IOException("request to " + host + ":" + port + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            disconnect();
            throw new IOException("interrupted");
        } finally {
            pending = null;
        }
    }

    /** Connects (and completes the TLS handshake) now if not connected; {@link #post} does it on demand. */
    public Channel connect() throws IOException {
        if (connected()) {
            return channel;
        }
        disconnect();
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast("tls", TlsContexts.clientHandler(ssl, ch.alloc(), host, port));
                        }
                        ch.pipeline().addLast(new HttpClientCodec());
                        ch.pipeline().addLast(new HttpObjectAggregator(64 * 1024));
                        ch.pipeline().addLast(new ResponseHandler());
                    }
                });
        ChannelFuture cf = b.connect(host, port);
        if (!cf.awaitUninterruptibly(connectTimeoutMillis + 1000) || !cf.isSuccess()) {
            cf.channel().close();
            throw new IOException("cannot connect to " + host + ":" + port + ": "
                    + (cf.cause() == null ? "timeout" : cf.cause().getMessage()));
        }
        Channel ch = cf.channel();
        SslHandler sh = ch.pipeline().get(SslHandler.class);
        if (sh != null) {
            var hs = sh.handshakeFuture();
            if (!hs.awaitUninterruptibly(connectTimeoutMillis + 1000) || !hs.isSuccess()) {
                ch.close();
                throw new IOException("TLS handshake with " + host + ":" + port + " failed: "
                        + (hs.cause() == null ? "timeout" : hs.cause().getMessage()));
            }
        }
        channel = ch;
        return ch;
    }

    /** Drops the connection (the next post reconnects). */
    public void disconnect() {
        Channel c = channel;
        channel = null;
        if (c != null) {
            c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        disconnect();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
            long retry = 0;
            try {
                retry = Long.parseLong(r.headers().get(HttpHeaderNames.RETRY_AFTER, "0").trim());
            } catch (NumberFormatException e) {
                // not a delay in seconds: ignore
            }
            CompletableFuture<CollectorResponse> f = pending;
            if (f != null) {
                f.complete(new CollectorResponse(r.status().code(), r.content().toString(StandardCharsets.UTF_8),
                        retry));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            CompletableFuture<CollectorResponse> f = pending;
            if (f != null) {
                f.completeExceptionally(new ClosedChannelException());
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            CompletableFuture<CollectorResponse> f = pending;
            if (f != null) {
                f.completeExceptionally(cause);
            }
            ctx.close();
        }
    }
}

package dev.hookline.transport.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;

/**
 * First and last line of every connection: counts opens/closes and failed TLS handshakes (no or untrusted client
 * certificate), and closes the connection on any error so a misbehaving peer never takes the server down.
 * Stateless: one shared instance.
 */
@ChannelHandler.Sharable
final class ChannelGuard extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = Logger.getLogger(ChannelGuard.class.getName());
    private final ServerCounters counters;

    ChannelGuard(ServerCounters counters) {
        this.counters = counters;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        counters.connections.incrementAndGet();
        counters.openConnections.incrementAndGet();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        counters.openConnections.decrementAndGet();
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent e && !e.isSuccess()) {
            counters.tlsFailures.incrementAndGet();
            LOG.log(Level.FINE, "TLS handshake from " + ctx.channel().remoteAddress() + " failed: " + e.cause());
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
            // counted by the handshake event when it is one; other TLS errors land here
            LOG.log(Level.FINE, "TLS error from " + ctx.channel().remoteAddress() + ": " + cause.getCause());
        } else {
            counters.channelErrors.incrementAndGet();
            LOG.log(Level.FINE, "connection " + ctx.channel().remoteAddress() + " failed", cause);
        }
        ctx.close();
    }
}

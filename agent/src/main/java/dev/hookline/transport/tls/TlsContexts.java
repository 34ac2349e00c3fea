package dev.hookline.transport.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Netty TLS contexts for the collector (client certificate required) and the agent (server name verified). */
public final class TlsContexts {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    /** Server side: presents the collector certificate, requires a client certificate chaining to the fleet CA. */
    public static SslContext server(TlsFiles f) throws SSLException {
        f.requireReadable();
        return SslContextBuilder.forServer(f.cert().toFile(), f.key().toFile())
                .trustManager(f.caCert().toFile())
                .clientAuth(ClientAuth.REQUIRE)
                .protocols(PROTOCOLS)
                .build();
    }

    /** Client side: presents the agent certificate, trusts only the fleet CA. */
    public static SslContext client(TlsFiles f) throws SSLException {
        f.requireReadable();
        return SslContextBuilder.forClient()
                .keyManager(f.cert().toFile(), f.key().toFile())
                .trustManager(f.caCert().toFile())
                .protocols(PROTOCOLS)
                .build();
    }

    /** A client handler that also checks the collector certificate names {@code host} (DNS or IP SAN). */
    public static SslHandler clientHandler(SslContext ctx, ByteBufAllocator alloc, String host, int port) {
        SslHandler h = ctx.newHandler(alloc, host, port);
        SSLEngine e = h.engine();
        SSLParameters p = e.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        e.setSSLParameters(p);
        return h;
    }

    /** The CN of the verified peer certificate, or null if there is none. */
    public static String peerCommonName(SslHandler h) {
        try {
            Certificate[] chain = h.engine().getSession().getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate x) {
                return FleetCerts.commonName(x);
            }
        } catch (SSLPeerUnverifiedException e) {
            // no client certificate
        }
        return null;
    }
}

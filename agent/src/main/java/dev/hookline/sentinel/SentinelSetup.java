package dev.hookline.sentinel;

import dev.hookline.config.AgentConfig;
import dev.hookline.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the Sentinel output from the agent config (alerts.sentinel). */
public final class SentinelSetup {
    private SentinelSetup() {
    }

    /** The output, or null when alerts.sentinel is off. Errors name the config key, never a secret. */
    public static SentinelOutput output(AgentConfig.Sentinel c) throws IOException {
        if (!c.enabled()) {
            return null;
        }
        return new SentinelOutput(settings(c));
    }

    static SentinelSettings settings(AgentConfig.Sentinel c) throws IOException {
        Secret secret = Secret.of(c.clientSecret());
        if (secret == null) {
            secret = Secret.fromEnv(c.clientSecretEnv(), "alerts.sentinel.client_secret_env");
        }
        SentinelSettings s;
        try {
            s = new SentinelSettings(URI.create(c.endpoint()), c.dcrImmutableId(), c.tenantId(), c.clientId(),
                    secret, c.spoolDir())
                    .alertsStream(c.alertsStream())
                    .rawEvents(c.rawEvents())
                    .authorityHost(URI.create(c.authorityHost()))
                    .spoolMaxBytes(c.spoolMaxMb() << 20);
        } catch (IllegalArgumentException e) {
            throw new IOException("alerts.sentinel: " + e.getMessage());
        }
        if (!c.clientCertificate().isBlank()) {
            try {
                s.clientCertificate(ClientCertificate.load(Path.of(c.clientCertificate()),
                        Path.of(c.clientCertificateKey())));
            } catch (IllegalArgumentException e) {
                throw new IOException("alerts.sentinel.client_certificate: " + e.getMessage());
            }
        }
        if (!c.caCert().isBlank()) {
            s.sslContext(trusting(Path.of(c.caCert())));
        }
        return s;
    }

    /** A TLS context trusting only the CA certificates in a PEM file. */
    public static SSLContext trusting(Path pemFile) throws IOException {
        try (InputStream in = Files.newInputStream(pemFile)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + i++, cert);
            }
            if (i == 0) {
                throw new IOException(pemFile + ": no certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException(pemFile + ": cannot use as a CA: " + e.getMessage(), e);
        }
    }
}

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
import java.util.function.Function;
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
        return settings(c, System::getenv);
    }

    /** The settings, reading environment variables through {@code env} (tests pass a map). */
    static SentinelSettings settings(AgentConfig.Sentinel c, Function<String, String> env) throws IOException {
        Secret secret = Secret.of(c.clientSecret());
        if (secret == null) {
            secret = fromEnv(env, c.clientSecretEnv(), "alerts.sentinel.client_secret_env");
        }
        SentinelSettings s;
        try {
            s = new SentinelSettings(URI.create(c.endpoint()), c.dcrImmutableId(), c.tenantId(), c.clientId(),
                    secret, c.spoolDir())
                    .alertsStream(c.alertsStream())
                    .rawEvents(c.rawEvents())
                    .cloud(AzureCloud.byName(c.cloud()))
                    .spoolMaxBytes(c.spoolMaxMb() << 20)
                    .closeDrainMillis(c.closeDrainSeconds() * 1000);
            if (!c.authorityHost().isBlank()) {
                s.authorityHost(URI.create(c.authorityHost()));
            }
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
        ManagedIdentity.Kind mi = ManagedIdentity.Kind.byConfigName(c.managedIdentity());
        if (mi != null) {
            s.managedIdentity(mi, managedIdentityEndpoint(c, mi, env));
        }
        if (!c.federatedTokenFile().isBlank()) {
            s.federatedTokenFile(Path.of(c.federatedTokenFile()));
        }
        if (!c.federatedTokenFileEnv().isBlank()) {
            String f = env.apply(c.federatedTokenFileEnv());
            if (f == null || f.isBlank()) {
                throw new IOException("alerts.sentinel.federated_token_file_env names environment variable "
                        + c.federatedTokenFileEnv() + ", which is not set (Kubernetes workload identity sets "
                        + "AZURE_FEDERATED_TOKEN_FILE in pods labelled azure.workload.identity/use: \"true\")");
            }
            s.federatedTokenFile(Path.of(f));
        }
        if (c.githubOidc()) {
            String url = env.apply(GitHubOidc.URL_ENV);
            Secret token = Secret.of(env.apply(GitHubOidc.TOKEN_ENV));
            if (url == null || url.isBlank() || token == null) {
                throw new IOException("alerts.sentinel.github_oidc: " + GitHubOidc.URL_ENV + " and "
                        + GitHubOidc.TOKEN_ENV + " are not set; GitHub Actions sets them only in a job with "
                        + "'permissions: id-token: write'");
            }
            try {
                s.githubOidc(URI.create(url.trim()), token).federatedAudience(c.federatedAudience());
            } catch (IllegalArgumentException e) {
                throw new IOException("alerts.sentinel.github_oidc: " + GitHubOidc.URL_ENV + " is not a URL");
            }
        }
        if (!c.caCert().isBlank()) {
            s.sslContext(trusting(Path.of(c.caCert())));
        }
        return s;
    }

    private static URI managedIdentityEndpoint(AgentConfig.Sentinel c, ManagedIdentity.Kind mi,
            Function<String, String> env) throws IOException {
        String configured = c.managedIdentityEndpoint().trim();
        if (!configured.isEmpty()) {
            return uri(configured, "alerts.sentinel.managed_identity_endpoint");
        }
        if (mi == ManagedIdentity.Kind.IMDS) {
            return null; // the documented address
        }
        String e = env.apply(ManagedIdentity.ARC_ENDPOINT_ENV);
        if (e == null || e.isBlank()) {
            throw new IOException("alerts.sentinel.managed_identity: arc needs environment variable "
                    + ManagedIdentity.ARC_ENDPOINT_ENV + " (the Azure Connected Machine agent sets it, usually "
                    + "http://localhost:40342/metadata/identity/oauth2/token) or managed_identity_endpoint");
        }
        return uri(e.trim(), ManagedIdentity.ARC_ENDPOINT_ENV);
    }

    private static URI uri(String v, String what) throws IOException {
        try {
            URI u = URI.create(v);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new IOException(what + ": not a URL: " + v);
        }
    }

    private static Secret fromEnv(Function<String, String> env, String variable, String configKey)
            throws IOException {
        if (variable == null || variable.isBlank()) {
            return null;
        }
        Secret s = Secret.of(env.apply(variable));
        if (s == null) {
            throw new IOException(configKey + " names environment variable " + variable + ", which is not set");
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

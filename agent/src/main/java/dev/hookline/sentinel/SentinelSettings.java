package dev.hookline.sentinel;

import dev.hookline.config.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Everything the Sentinel output needs, with the tuning knobs tests shorten. Built from the agent config by
 * {@link SentinelSetup}; {@link #toString()} never shows the secret.
 */
public final class SentinelSettings {
    /** The Logs Ingestion API's per-call limit (1 MB); applied to the uncompressed JSON array. */
    public static final int MAX_BODY_BYTES = 1_000_000;
    public static final String DEFAULT_AUTHORITY = "https://login.microsoftonline.com";
    public static final String SCOPE = "https://monitor.azure.com//.default";

    final URI endpoint;
    final String dcrImmutableId;
    final String tenantId;
    final String clientId;
    final Secret clientSecret;
    final Path spoolDir;
    String alertsStream = SentinelStreams.ALERTS_STREAM;
    boolean rawEvents;
    URI authorityHost = URI.create(DEFAULT_AUTHORITY);
    ClientCertificate clientCertificate;
    long spoolMaxBytes = 256L << 20;
    /** Null: the JDK's default trust (production). Tests and TLS-inspecting proxies set a CA. */
    SSLContext sslContext;
    int maxBodyBytes = MAX_BODY_BYTES;
    int maxBatchRecords = 5000;
    long lingerMillis = 500;
    long backoffInitialMillis = 1000;
    long backoffMaxMillis = 300_000;
    long requestTimeoutMillis = 60_000;
    long connectTimeoutMillis = 10_000;
    long tokenRefreshEarlyMillis = 5 * 60_000;

    /**
     * @param clientSecret may be null when a client certificate is set instead
     */
    public SentinelSettings(URI endpoint, String dcrImmutableId, String tenantId, String clientId, Secret clientSecret,
            Path spoolDir) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.dcrImmutableId = requireText(dcrImmutableId, "dcr_immutable_id");
        this.tenantId = requireText(tenantId, "tenant_id");
        this.clientId = requireText(clientId, "client_id");
        this.clientSecret = clientSecret;
        this.spoolDir = Objects.requireNonNull(spoolDir, "spool_dir");
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") || endpoint.getHost() == null) {
            throw new IllegalArgumentException("endpoint must be an https:// URL (the DCR's logs ingestion endpoint), "
                    + "got " + endpoint);
        }
    }

    private static String requireText(String v, String key) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(key + " is required");
        }
        if (!v.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(key + " has characters that cannot be part of the URL: " + v);
        }
        return v;
    }

    public SentinelSettings alertsStream(String s) {
        if (s == null || !s.matches("Custom-[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("alerts_stream must be Custom- then letters, digits or _, got " + s);
        }
        this.alertsStream = s;
        return this;
    }

    public SentinelSettings rawEvents(boolean on) {
        this.rawEvents = on;
        return this;
    }

    public SentinelSettings authorityHost(URI u) {
        this.authorityHost = u;
        return this;
    }

    public SentinelSettings clientCertificate(ClientCertificate c) {
        this.clientCertificate = c;
        return this;
    }

    public SentinelSettings spoolMaxBytes(long b) {
        this.spoolMaxBytes = b;
        return this;
    }

    public SentinelSettings sslContext(SSLContext c) {
        this.sslContext = c;
        return this;
    }

    public SentinelSettings maxBodyBytes(int b) {
        this.maxBodyBytes = b;
        return this;
    }

    public SentinelSettings maxBatchRecords(int n) {
        this.maxBatchRecords = n;
        return this;
    }

    public SentinelSettings lingerMillis(long ms) {
        this.lingerMillis = ms;
        return this;
    }

    public SentinelSettings backoff(long initialMillis, long maxMillis) {
        this.backoffInitialMillis = initialMillis;
        this.backoffMaxMillis = maxMillis;
        return this;
    }

    public SentinelSettings requestTimeoutMillis(long ms) {
        this.requestTimeoutMillis = ms;
        return this;
    }

    public SentinelSettings tokenRefreshEarlyMillis(long ms) {
        this.tokenRefreshEarlyMillis = ms;
        return this;
    }

    /** The token endpoint: {authority}/{tenant}/oauth2/v2.0/token. */
    public URI tokenUri() {
        return URI.create(trim(authorityHost.toString()) + "/" + tenantId + "/oauth2/v2.0/token");
    }

    /** The ingestion URL of a stream. */
    public URI streamUri(String stream) {
        return URI.create(trim(endpoint.toString()) + "/dataCollectionRules/" + dcrImmutableId + "/streams/" + stream
                + "?api-version=2023-01-01");
    }

    private static String trim(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public String toString() {
        return "SentinelSettings[endpoint=" + endpoint + ", dcr=" + dcrImmutableId + ", tenant=" + tenantId
                + ", client=" + clientId + ", credential=" + (clientCertificate != null ? "certificate"
                : clientSecret != null ? "secret" : "none") + ", spool=" + spoolDir + "]";
    }
}

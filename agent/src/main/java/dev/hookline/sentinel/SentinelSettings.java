package dev.hookline.sentinel;

import dev.hookline.config.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
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

    final URI endpoint;
    final String dcrImmutableId;
    final String tenantId;
    final String clientId;
    final Secret clientSecret;
    final Path spoolDir;
    String alertsStream = SentinelStreams.ALERTS_STREAM;
    boolean rawEvents;
    AzureCloud cloud = AzureCloud.AZURE_PUBLIC;
    /** Null: the cloud's authority. Set only for a private authority (tests, a proxy in front of Entra). */
    URI authorityHost;
    ClientCertificate clientCertificate;
    ManagedIdentity.Kind managedIdentity;
    /** Null: IMDS's documented address (the Arc endpoint is always given: it comes from IDENTITY_ENDPOINT). */
    URI managedIdentityEndpoint;
    Path arcTokensDir = ManagedIdentity.defaultArcTokensDir();
    Path federatedTokenFile;
    URI githubOidcUrl;
    Secret githubOidcToken;
    /** Null: the cloud's documented federation audience. */
    String federatedAudience;
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
    /** How long close waits for the spools to empty: 0 for the agent (the spool outlives it), more in CI. */
    long closeDrainMillis;

    /**
     * @param tenantId null for a managed identity (it knows its tenant)
     * @param clientId null for a system-assigned managed identity
     * @param clientSecret null when another credential is set instead
     */
    public SentinelSettings(URI endpoint, String dcrImmutableId, String tenantId, String clientId, Secret clientSecret,
            Path spoolDir) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.dcrImmutableId = requireText(dcrImmutableId, "dcr_immutable_id");
        this.tenantId = optionalText(tenantId, "tenant_id");
        this.clientId = optionalText(clientId, "client_id");
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
        return optionalText(v, key);
    }

    private static String optionalText(String v, String key) {
        if (v == null || v.isBlank()) {
            return null;
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

    /** The cloud: its Entra authority, ingestion scope and federation audience. */
    public SentinelSettings cloud(AzureCloud c) {
        this.cloud = Objects.requireNonNull(c, "cloud");
        return this;
    }

    /** A managed identity instead of an app credential; {@code endpoint} null for IMDS's documented address. */
    public SentinelSettings managedIdentity(ManagedIdentity.Kind kind, URI endpoint) {
        this.managedIdentity = kind;
        this.managedIdentityEndpoint = endpoint;
        return this;
    }

    /** Where the Arc agent writes its challenge key files (its documented directory unless a test says). */
    SentinelSettings arcTokensDir(Path dir) {
        this.arcTokensDir = dir;
        return this;
    }

    /** Workload identity federation from a token file (re-read for every token request). */
    public SentinelSettings federatedTokenFile(Path file) {
        this.federatedTokenFile = file;
        return this;
    }

    /** Workload identity federation from GitHub Actions' OIDC endpoint (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN). */
    public SentinelSettings githubOidc(URI requestUrl, Secret requestToken) {
        this.githubOidcUrl = requestUrl;
        this.githubOidcToken = requestToken;
        return this;
    }

    /** The audience of the federated token, when not the cloud's documented one. */
    public SentinelSettings federatedAudience(String a) {
        this.federatedAudience = a == null || a.isBlank() ? null : a;
        return this;
    }

    /** The credential these settings name, as one object; an error when none or several are set. */
    Credential credential(HttpClient http) {
        int n = (clientSecret != null ? 1 : 0) + (clientCertificate != null ? 1 : 0) + (managedIdentity != null ? 1 : 0)
                + (federatedTokenFile != null ? 1 : 0) + (githubOidcUrl != null ? 1 : 0);
        if (n != 1) {
            throw new IllegalArgumentException(n == 0 ? "a credential is required: a client secret, a client "
                    + "certificate, a managed identity or a federated token" : "exactly one credential, got " + n);
        }
        if (managedIdentity != null) {
            URI ep = managedIdentityEndpoint != null ? managedIdentityEndpoint
                    : managedIdentity == ManagedIdentity.Kind.IMDS ? ManagedIdentity.IMDS_ENDPOINT : null;
            if (ep == null) {
                throw new IllegalArgumentException("the Azure Arc identity endpoint is required (IDENTITY_ENDPOINT)");
            }
            // the metadata endpoints are on this machine: never through a proxy
            HttpClient local = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                    .connectTimeout(Duration.ofMillis(connectTimeoutMillis)).build();
            return new ManagedIdentity(managedIdentity, ep, cloud.resource(), clientId, arcTokensDir, local,
                    requestTimeoutMillis);
        }
        if (tenantId == null || clientId == null) {
            throw new IllegalArgumentException((tenantId == null ? "tenant_id" : "client_id") + " is required");
        }
        AssertionSource a = clientCertificate != null ? clientCertificate
                : federatedTokenFile != null ? new FederatedTokenFile(federatedTokenFile)
                : githubOidcUrl != null ? new GitHubOidc(githubOidcUrl, githubOidcToken, audience(), http,
                requestTimeoutMillis) : null;
        return new EntraClientCredentials(tokenUri(), tenantId, clientId, cloud.scope(), clientSecret, a, http,
                requestTimeoutMillis);
    }

    /** The federated token's audience: the configured one, else the cloud's. */
    String audience() {
        return federatedAudience != null ? federatedAudience : cloud.federationAudience();
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

    public SentinelSettings closeDrainMillis(long ms) {
        this.closeDrainMillis = Math.max(0, ms);
        return this;
    }

    public SentinelSettings tokenRefreshEarlyMillis(long ms) {
        this.tokenRefreshEarlyMillis = ms;
        return this;
    }

    /** The token endpoint: {authority}/{tenant}/oauth2/v2.0/token. */
    public URI tokenUri() {
        return URI.create(trim(authority().toString()) + "/" + tenantId + "/oauth2/v2.0/token");
    }

    /** The Entra authority: the configured host, else the cloud's. */
    public URI authority() {
        return authorityHost != null ? authorityHost : cloud.authority();
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
                + ", client=" + clientId + ", cloud=" + cloud.configName() + ", credential=" + credentialKind()
                + ", spool=" + spoolDir + "]";
    }

    private String credentialKind() {
        return clientCertificate != null ? "certificate" : clientSecret != null ? "secret"
                : managedIdentity != null ? "managed identity " + managedIdentity.name().toLowerCase(Locale.ROOT)
                : federatedTokenFile != null ? "federated token file" : githubOidcUrl != null ? "github oidc"
                : "none";
    }
}

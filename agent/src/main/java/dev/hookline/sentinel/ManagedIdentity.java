package dev.hookline.sentinel;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * A managed identity's token from the local metadata endpoint: no secret on the machine at all.
 *
 * <ul>
 *   <li><b>IMDS</b> (Azure VMs and scale sets): GET
 *   {@code http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=...} with
 *   {@code Metadata: true}, plus {@code client_id} to pick a user-assigned identity.</li>
 *   <li><b>Azure Arc</b> (Arc-enabled servers): the Connected Machine agent's endpoint
 *   ({@code $IDENTITY_ENDPOINT}, http://localhost:40342/metadata/identity/oauth2/token,
 *   api-version=2020-06-01) first answers 401 with {@code WWW-Authenticate: Basic realm=<path of a .key file>};
 *   whoever can read that file (root or the himds group) proves it by repeating the request with
 *   {@code Authorization: Basic <file content>}. Only the system-assigned identity exists there.</li>
 * </ul>
 * The endpoints are plain HTTP on the machine itself, so no proxy is ever used for them.
 */
final class ManagedIdentity implements Credential {
    /** Which local endpoint. */
    enum Kind {
        IMDS("Azure Instance Metadata Service (IMDS)", "2018-02-01"),
        ARC("Azure Arc agent (himds)", "2020-06-01");

        final String label;
        final String apiVersion;

        Kind(String label, String apiVersion) {
            this.label = label;
            this.apiVersion = apiVersion;
        }

        /** "imds" or "arc" as the config writes it; null for anything else. */
        static Kind byConfigName(String n) {
            String v = n == null ? "" : n.trim().toLowerCase(Locale.ROOT);
            return v.equals("imds") ? IMDS : v.equals("arc") ? ARC : null;
        }
    }

    static final URI IMDS_ENDPOINT = URI.create("http://169.254.169.254/metadata/identity/oauth2/token");
    static final String ARC_ENDPOINT_ENV = "IDENTITY_ENDPOINT";
    /** The Arc agent's key files live here; a realm pointing elsewhere is refused (as the Azure SDKs do). */
    static final Path ARC_TOKENS_LINUX = Path.of("/var/opt/azcmagent/tokens");
    /** The agent's key file directory on this OS (Windows: %ProgramData%\\AzureConnectedMachineAgent\\Tokens). */
    static Path defaultArcTokensDir() {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            String pd = System.getenv("ProgramData");
            return Path.of(pd == null ? "C:\\ProgramData" : pd, "AzureConnectedMachineAgent", "Tokens");
        }
        return ARC_TOKENS_LINUX;
    }

    /** The documented bound on the key file (the SDKs refuse larger ones). */
    static final long ARC_KEY_MAX_BYTES = 4096;

    private final Kind kind;
    private final URI endpoint;
    private final String resource;
    private final String clientId;
    private final Path arcTokensDir;
    private final HttpClient http;
    private final long timeoutMillis;

    /**
     * @param clientId a user-assigned identity's client id (IMDS only), or null for the system-assigned one
     * @param arcTokensDir where the Arc agent writes its key files (its documented directory in production)
     */
    ManagedIdentity(Kind kind, URI endpoint, String resource, String clientId, Path arcTokensDir, HttpClient http,
            long timeoutMillis) {
        if (kind == Kind.ARC && clientId != null) {
            throw new IllegalArgumentException("an Azure Arc-enabled server has only its system-assigned identity: "
                    + "leave client_id empty");
        }
        this.kind = kind;
        // as the Azure SDKs do: the agent listens on IPv4 loopback, and "localhost" may resolve to ::1 first
        this.endpoint = kind == Kind.ARC && "localhost".equalsIgnoreCase(endpoint.getHost())
                ? URI.create(endpoint.toString().replaceFirst("(?i)//localhost", "//127.0.0.1")) : endpoint;
        this.resource = resource;
        this.clientId = clientId;
        this.arcTokensDir = arcTokensDir;
        this.http = http;
        this.timeoutMillis = timeoutMillis;
    }

    /** The token request URL: the endpoint with api-version, resource and (IMDS) client_id. */
    URI requestUri() {
        StringBuilder u = new StringBuilder(endpoint.toString());
        u.append(endpoint.getRawQuery() == null ? '?' : '&');
        u.append("api-version=").append(kind.apiVersion);
        u.append("&resource=").append(URLEncoder.encode(resource, StandardCharsets.UTF_8));
        if (clientId != null) {
            u.append("&client_id=").append(URLEncoder.encode(clientId, StandardCharsets.UTF_8));
        }
        return URI.create(u.toString());
    }

    @Override
    public AccessToken fetch(long nowMillis) throws IOException {
        URI uri = requestUri();
        HttpResponse<String> r = get(uri, null, "requesting a token from the " + kind.label + " at " + endpoint);
        if (kind == Kind.ARC && r.statusCode() == 401) {
            String key = challengeKey(r.headers().firstValue("WWW-Authenticate").orElse(null));
            r = get(uri, "Basic " + key, "requesting a token from the " + kind.label + " with the challenge key");
        }
        if (r.statusCode() != 200) {
            throw new IOException(describe() + ": " + kind.label + " refused the token request: "
                    + TokenError.describe(r.statusCode(), r.body()) + hint(r.statusCode(), r.body()));
        }
        try {
            return AccessToken.parse(TokenError.json(r.body()), nowMillis, kind.label);
        } catch (IOException e) {
            throw new IOException(describe() + ": " + e.getMessage());
        }
    }

    /** Reads the key file the Arc agent's challenge names, after checking it is one of the agent's. */
    private String challengeKey(String wwwAuthenticate) throws IOException {
        String prefix = "Basic realm=";
        if (wwwAuthenticate == null || !wwwAuthenticate.startsWith(prefix)) {
            throw new IOException(describe() + ": the Azure Arc agent answered 401 without a "
                    + "'WWW-Authenticate: Basic realm=<key file>' challenge (got " + wwwAuthenticate + ")");
        }
        String realm = wwwAuthenticate.substring(prefix.length()).trim();
        if (realm.length() > 1 && realm.startsWith("\"") && realm.endsWith("\"")) {
            realm = realm.substring(1, realm.length() - 1);
        }
        Path file = Path.of(realm);
        String step = describe() + ": reading the Arc challenge key file " + file;
        if (!file.getFileName().toString().endsWith(".key")
                || !file.toAbsolutePath().normalize().getParent().equals(arcTokensDir.toAbsolutePath().normalize())) {
            throw new IOException(step + ": refused, a challenge file must be a .key file in " + arcTokensDir);
        }
        try {
            if (Files.size(file) > ARC_KEY_MAX_BYTES) {
                throw new IOException(step + ": larger than " + ARC_KEY_MAX_BYTES + " bytes");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException(step + ": permission denied (run as root or as a member of the himds group)");
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(step)) {
                throw e;
            }
            throw new IOException(step + ": " + e);
        }
    }

    private HttpResponse<String> get(URI uri, String authorization, String step) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMillis(timeoutMillis))
                .header("Metadata", "true")
                .GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(describe() + ": " + step + ": interrupted");
        } catch (IOException e) {
            throw new IOException(describe() + ": " + step + ": " + e + (kind == Kind.IMDS
                    ? " (IMDS exists only on Azure VMs and scale sets; elsewhere use managed_identity: arc or "
                    + "another credential)" : " (is the Azure Connected Machine agent running?)"));
        }
    }

    private String hint(int status, String body) {
        String b = body == null ? "" : body;
        if (b.contains("Identity not found") || b.contains("identity not found")) {
            return kind == Kind.IMDS ? " (assign a managed identity to the VM, or name the user-assigned one with "
                    + "client_id)" : " (enable the server's system-assigned identity)";
        }
        if (status == 404 || status == 410 || status == 429 || status >= 500) {
            return " (transient; retried with backoff)";
        }
        return "";
    }

    @Override
    public String describe() {
        return "managed identity (" + kind.label + (clientId != null ? ", user-assigned client " + clientId
                : ", system-assigned") + ")";
    }
}

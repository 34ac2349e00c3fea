package dev.hookline.sentinel;

import dev.hookline.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The OAuth2 client credentials grant at Microsoft Entra ID: POST {authority}/{tenant}/oauth2/v2.0/token with
 * grant_type=client_credentials, client_id, the cloud's Logs Ingestion scope, and either the client secret or a
 * client assertion (client_assertion_type urn:ietf:params:oauth:client-assertion-type:jwt-bearer): signed here
 * with the app's certificate, or an external OIDC token (workload identity federation).
 */
final class EntraClientCredentials implements Credential {
    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final URI tokenUri;
    private final String tenantId;
    private final String clientId;
    private final String scope;
    private final Secret secret;
    private final AssertionSource assertion;
    private final HttpClient http;
    private final long timeoutMillis;

    /** Exactly one of secret and assertion is non-null. */
    EntraClientCredentials(URI tokenUri, String tenantId, String clientId, String scope, Secret secret,
            AssertionSource assertion, HttpClient http, long timeoutMillis) {
        if ((secret == null) == (assertion == null)) {
            throw new IllegalArgumentException("a client secret or a client assertion, exactly one");
        }
        this.tokenUri = tokenUri;
        this.tenantId = tenantId;
        this.clientId = clientId;
        this.scope = scope;
        this.secret = secret;
        this.assertion = assertion;
        this.http = http;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public AccessToken fetch(long nowMillis) throws IOException {
        StringBuilder form = new StringBuilder();
        field(form, "grant_type", "client_credentials");
        field(form, "client_id", clientId);
        field(form, "scope", scope);
        if (assertion != null) {
            String a;
            try {
                a = assertion.assertion(clientId, tokenUri, nowMillis);
            } catch (IOException e) {
                throw new IOException(describe() + ": " + e.getMessage(), e);
            }
            field(form, "client_assertion_type", JWT_BEARER);
            field(form, "client_assertion", a);
        } else {
            field(form, "client_secret", secret.reveal());
        }
        HttpRequest req = HttpRequest.newBuilder(tokenUri)
                .timeout(Duration.ofMillis(timeoutMillis))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build();
        HttpResponse<String> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while requesting a token");
        } catch (IOException e) {
            throw new IOException(redact(describe() + ": cannot reach Microsoft Entra ID at " + tokenUri + ": "
                    + e.getMessage()));
        }
        if (r.statusCode() != 200) {
            String why = TokenError.describe(r.statusCode(), r.body());
            throw new IOException(redact("Microsoft Entra ID refused the token request for client " + clientId
                    + " in tenant " + tenantId + " (" + describe() + "): " + why + hint(r.statusCode(), why)));
        }
        try {
            return AccessToken.parse(TokenError.json(r.body()), nowMillis, "Microsoft Entra ID");
        } catch (IOException e) {
            throw new IOException(describe() + ": " + e.getMessage());
        }
    }

    private String hint(int status, String why) {
        if (assertion instanceof FederatedTokenFile || assertion instanceof GitHubOidc) {
            if (why.contains("AADSTS70021") || why.contains("AADSTS700211") || why.contains("AADSTS700213")
                    || why.contains("AADSTS700212")) {
                return "; the app registration needs a federated credential whose issuer, subject and audience "
                        + "match the token (see docs/sentinel.md)";
            }
            return "";
        }
        if (status == 401 || why.contains("invalid_client")) {
            return "; check the client secret (or certificate) and client_id";
        }
        return "";
    }

    private String redact(String m) {
        return secret == null ? m : secret.redact(m);
    }

    @Override
    public String describe() {
        if (secret != null) {
            return "client secret of app " + clientId;
        }
        if (assertion instanceof ClientCertificate) {
            return "client certificate of app " + clientId + " (" + assertion.describe() + ")";
        }
        return "workload identity federation of app " + clientId + " from " + assertion.describe();
    }

    private static void field(StringBuilder b, String k, String v) {
        if (b.length() > 0) {
            b.append('&');
        }
        b.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    }
}

package dev.hookline.sentinel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.config.Secret;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * OAuth2 client credentials against Microsoft Entra ID: POST {authority}/{tenant}/oauth2/v2.0/token with the
 * client secret (or a certificate-signed client assertion) and the Azure Monitor scope. The token is cached and
 * fetched anew {@code tokenRefreshEarlyMillis} before it expires (or when {@link #invalidate()} is called after a
 * 401/403). Neither the secret nor the token ever appears in a message.
 */
final class TokenSource {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SentinelSettings s;
    private final HttpClient http;
    private final LongSupplier clockMillis;
    private Secret token;
    private long refreshAtMillis;
    private long fetched;

    TokenSource(SentinelSettings s, HttpClient http, LongSupplier clockMillis) {
        this.s = s;
        this.http = http;
        this.clockMillis = clockMillis;
        if (s.clientSecret == null && s.clientCertificate == null) {
            throw new IllegalArgumentException("a client secret or a client certificate is required");
        }
    }

    /** A valid access token (from the cache while it has more than the refresh margin left). */
    synchronized String token() throws IOException {
        long now = clockMillis.getAsLong();
        if (token == null || now >= refreshAtMillis) {
            fetch(now);
        }
        return token.reveal();
    }

    /** Forgets the cached token: the next {@link #token()} asks Entra ID again. */
    synchronized void invalidate() {
        token = null;
    }

    /** How many tokens were fetched. */
    synchronized long fetched() {
        return fetched;
    }

    private void fetch(long now) throws IOException {
        StringBuilder form = new StringBuilder();
        field(form, "grant_type", "client_credentials");
        field(form, "client_id", s.clientId);
        field(form, "scope", SentinelSettings.SCOPE);
        if (s.clientCertificate != null) {
            field(form, "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
            field(form, "client_assertion", s.clientCertificate.assertion(s.clientId, s.tokenUri(), now / 1000));
        } else {
            field(form, "client_secret", s.clientSecret.reveal());
        }
        HttpRequest req = HttpRequest.newBuilder(s.tokenUri())
                .timeout(Duration.ofMillis(s.requestTimeoutMillis))
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
            throw new IOException("cannot reach Microsoft Entra ID at " + s.tokenUri() + ": " + redact(e.getMessage()));
        }
        JsonNode body = null;
        try {
            body = MAPPER.readTree(r.body());
        } catch (IOException e) {
            // reported below
        }
        if (r.statusCode() != 200 || body == null || !body.hasNonNull("access_token")) {
            String err = body == null ? "" : body.path("error").asText("");
            String desc = body == null ? "" : firstLine(body.path("error_description").asText(""));
            throw new IOException(redact("Microsoft Entra ID refused the token request for client " + s.clientId
                    + " in tenant " + s.tenantId + " (HTTP " + r.statusCode() + (err.isEmpty() ? "" : ", " + err)
                    + (desc.isEmpty() ? "" : ": " + desc) + ")"
                    + (r.statusCode() == 401 || "invalid_client".equals(err)
                    ? "; check the client secret (or certificate) and client_id" : "")));
        }
        long expiresIn = body.path("expires_in").asLong(3600);
        token = Secret.of(body.get("access_token").asText());
        if (token == null) {
            throw new IOException("Microsoft Entra ID returned an empty access token");
        }
        long lifetime = expiresIn * 1000;
        // refresh early; a short-lived token is refreshed at half its life instead
        long margin = Math.min(s.tokenRefreshEarlyMillis, lifetime / 2);
        refreshAtMillis = now + lifetime - margin;
        fetched++;
    }

    private String redact(String m) {
        if (m == null) {
            return "";
        }
        if (s.clientSecret != null) {
            m = s.clientSecret.redact(m);
        }
        return m;
    }

    private static String firstLine(String t) {
        int nl = t.indexOf('\n');
        String l = (nl < 0 ? t : t.substring(0, nl)).trim();
        return l.length() > 300 ? l.substring(0, 300) + "..." : l;
    }

    private static void field(StringBuilder b, String k, String v) {
        if (b.length() > 0) {
            b.append('&');
        }
        b.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    }
}

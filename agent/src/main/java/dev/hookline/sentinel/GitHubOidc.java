package dev.hookline.sentinel;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Workload identity federation from GitHub Actions: a job with {@code permissions: id-token: write} gets
 * {@code ACTIONS_ID_TOKEN_REQUEST_URL} and {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}; a GET of that URL with
 * {@code &audience=...} and the request token as bearer answers {@code {"value": "<OIDC JWT>"}}. The JWT is the
 * client assertion Entra exchanges (its audience must be the federated credential's, api://AzureADTokenExchange in
 * the public cloud). A new one is requested for every Entra token request: they live minutes.
 */
final class GitHubOidc implements AssertionSource {
    static final String URL_ENV = "ACTIONS_ID_TOKEN_REQUEST_URL";
    static final String TOKEN_ENV = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";

    private final URI requestUrl;
    private final Secret requestToken;
    private final String audience;
    private final HttpClient http;
    private final long timeoutMillis;

    GitHubOidc(URI requestUrl, Secret requestToken, String audience, HttpClient http, long timeoutMillis) {
        this.requestUrl = requestUrl;
        this.requestToken = requestToken;
        this.audience = audience;
        this.http = http;
        this.timeoutMillis = timeoutMillis;
    }

    /** The request URL with the audience appended (the URL GitHub gives already has a query). */
    URI tokenUrl() {
        String u = requestUrl.toString();
        return URI.create(u + (u.contains("?") ? "&" : "?") + "audience="
                + URLEncoder.encode(audience, StandardCharsets.UTF_8));
    }

    @Override
    public String assertion(String clientId, URI tokenEndpoint, long nowMillis) throws IOException {
        String step = "requesting the GitHub Actions OIDC token (audience " + audience + ") from " + host();
        HttpRequest req = HttpRequest.newBuilder(tokenUrl())
                .timeout(Duration.ofMillis(timeoutMillis))
                .header("Authorization", "bearer " + requestToken.reveal())
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(step + ": interrupted");
        } catch (IOException e) {
            throw new IOException(step + ": " + requestToken.redact(String.valueOf(e.getMessage())));
        }
        if (r.statusCode() != 200) {
            throw new IOException(requestToken.redact(step + " failed: " + TokenError.describe(r.statusCode(),
                    r.body()) + (r.statusCode() == 401 || r.statusCode() == 403
                    ? " (the request token is valid only during its job; does the job have permissions: id-token: "
                    + "write?)" : "")));
        }
        JsonNode j = TokenError.json(r.body());
        String v = j == null ? null : j.path("value").asText(null);
        if (v == null || v.isEmpty()) {
            throw new IOException(step + ": the answer has no \"value\"");
        }
        Jwt.requireShape(v, "the GitHub Actions OIDC answer");
        return v;
    }

    private String host() {
        return requestUrl.getScheme() + "://" + requestUrl.getAuthority();
    }

    @Override
    public String describe() {
        return "GitHub Actions OIDC token (audience " + audience + ")";
    }
}

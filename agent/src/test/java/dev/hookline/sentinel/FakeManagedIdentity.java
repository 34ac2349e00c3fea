package dev.hookline.sentinel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * A stand-in, on 127.0.0.1, for the two local managed identity endpoints, answering as Microsoft documents them:
 *
 * <ul>
 *   <li>IMDS: GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=...[&client_id=...] with
 *   {@code Metadata: true}; 200 {access_token, client_id, expires_in, expires_on, ext_expires_in, not_before,
 *   resource, token_type} with the numbers as strings; 400 {error, error_description} for a missing Metadata header
 *   ("Required metadata header not specified"), a missing api-version, an unknown resource (invalid_resource,
 *   AADSTS50001) or an unknown user-assigned identity ("Identity not found").</li>
 *   <li>Azure Arc (himds): the same request (api-version 2019-11-01 or 2020-06-01) first answers 401 with
 *   {@code WWW-Authenticate: Basic realm=<tokens dir>/<guid>.key}, having written a fresh secret to that file; the
 *   request repeated with {@code Authorization: Basic <secret>} gets the token. A user-assigned client_id is refused:
 *   Arc has only the system-assigned identity.</li>
 * </ul>
 * Every token issued is handed to {@code onIssue} (the fake ingestion endpoint accepts it for its resource).
 */
final class FakeManagedIdentity implements AutoCloseable {
    static final String PATH = "/metadata/identity/oauth2/token";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final boolean arc;
    private final Path tokensDir;
    private final HttpServer server;
    private final BiConsumer<String, String> onIssue;
    private final Set<String> resources;
    private final Set<String> userAssigned;
    private final Map<String, String> challenges = Collections.synchronizedMap(new HashMap<>());
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    volatile long expiresInSeconds = 86_399;
    /** When set, the next answers are this status with a documented-shape error body (transient failures). */
    volatile int failWith;

    /**
     * @param tokensDir Arc only: where the challenge key files are written
     * @param resources the resources a token can be had for (the clouds' Logs Ingestion resources)
     */
    FakeManagedIdentity(boolean arc, Path tokensDir, Set<String> resources, Set<String> userAssigned,
            BiConsumer<String, String> onIssue) throws IOException {
        this.arc = arc;
        this.tokensDir = tokensDir;
        this.resources = resources;
        this.userAssigned = userAssigned;
        this.onIssue = onIssue;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext(PATH, this::token);
        server.start();
    }

    /** The token endpoint (what IDENTITY_ENDPOINT holds for Arc; IMDS's address, moved to loopback). */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    private void token(HttpExchange x) throws IOException {
        try (x) {
            Map<String, String> q = query(x.getRequestURI().getRawQuery());
            String auth = x.getRequestHeaders().getFirst("Authorization");
            requests.add(x.getRequestMethod() + " " + x.getRequestURI() + (auth == null ? "" : " (with Authorization)"));
            if (!"GET".equals(x.getRequestMethod())) {
                send(x, 405, error("invalid_request", "Method not allowed"), null);
                return;
            }
            if (!"true".equals(x.getRequestHeaders().getFirst("Metadata"))) {
                send(x, 400, error("invalid_request", "Required metadata header not specified"), null);
                return;
            }
            String version = q.get("api-version");
            if (version == null) {
                send(x, 400, error("invalid_request", "Required query variable 'api-version' is missing"), null);
                return;
            }
            if (arc ? !Set.of("2019-11-01", "2020-06-01").contains(version) : !"2018-02-01".equals(version)) {
                send(x, 400, error("invalid_request", "Invalid API version " + version), null);
                return;
            }
            if (arc) {
                String secret = auth != null && auth.startsWith("Basic ") ? auth.substring(6) : null;
                if (secret == null || !challenges.containsValue(secret)) {
                    String id = UUID.randomUUID().toString();
                    Path key = tokensDir.resolve(id + ".key");
                    String value = UUID.randomUUID().toString().replace("-", "");
                    Files.writeString(key, value);
                    challenges.put(id, value);
                    send(x, 401, null, "Basic realm=" + key);
                    return;
                }
                challenges.values().remove(secret); // a challenge answers one request
            }
            if (failWith != 0) {
                send(x, failWith, error("temporarily_unavailable", "The service is temporarily unavailable"), null);
                return;
            }
            String resource = q.get("resource");
            if (resource == null || !resources.contains(resource)) {
                send(x, 400, error("invalid_resource", "AADSTS50001: The application named " + resource
                        + " was not found in the tenant named 00000000-0000-0000-0000-000000000000."), null);
                return;
            }
            String clientId = q.get("client_id");
            if (clientId != null && (arc || !userAssigned.contains(clientId))) {
                send(x, 400, error("invalid_request", "Identity not found"), null);
                return;
            }
            String tok = (arc ? "arc-" : "imds-") + UUID.randomUUID();
            onIssue.accept(tok, resource);
            long now = System.currentTimeMillis() / 1000;
            send(x, 200, MAPPER.createObjectNode().put("access_token", tok)
                    .put("client_id", clientId != null ? clientId : "system-assigned-client")
                    .put("expires_in", String.valueOf(expiresInSeconds))
                    .put("expires_on", String.valueOf(now + expiresInSeconds))
                    .put("ext_expires_in", String.valueOf(expiresInSeconds))
                    .put("not_before", String.valueOf(now)).put("resource", resource)
                    .put("token_type", "Bearer").toString(), null);
        }
    }

    private static String error(String error, String description) {
        return MAPPER.createObjectNode().put("error", error).put("error_description", description).toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null) {
            return m;
        }
        for (String kv : raw.split("&")) {
            int i = kv.indexOf('=');
            if (i > 0) {
                m.put(kv.substring(0, i), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private static void send(HttpExchange x, int status, String body, String wwwAuthenticate) throws IOException {
        if (wwwAuthenticate != null) {
            x.getResponseHeaders().add("WWW-Authenticate", wwwAuthenticate);
        }
        if (body == null) {
            x.sendResponseHeaders(status, -1);
            return;
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in, on 127.0.0.1, for GitHub Actions' OIDC token endpoint: what {@code ACTIONS_ID_TOKEN_REQUEST_URL}
 * points at (it already carries {@code ?api-version=2.0}). GET it with {@code &audience=...} and
 * {@code Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN}; it answers {@code {"count":..,"value":"<JWT>"}}
 * whose aud is the audience asked for. A wrong request token gets 401.
 */
final class FakeGitHubOidc implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpServer server;
    private final String requestToken;
    final List<String> audiences = Collections.synchronizedList(new ArrayList<>());
    final List<String> issued = Collections.synchronizedList(new ArrayList<>());

    FakeGitHubOidc(String requestToken) throws IOException {
        this.requestToken = requestToken;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/_apis/distributedtask/hubs/build/plans/p1/jobs/j1/idtoken", this::token);
        server.start();
    }

    /** ACTIONS_ID_TOKEN_REQUEST_URL as GitHub sets it: with a query already. */
    URI requestUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/_apis/distributedtask/hubs/build/plans/p1/jobs/j1/idtoken?api-version=2.0");
    }

    /** A JWT shaped like GitHub's: the claims Entra matches on a federated credential. */
    static String jwt(String audience, String subject) {
        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        String h = b.encodeToString("{\"typ\":\"JWT\",\"alg\":\"RS256\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8));
        String c = b.encodeToString(MAPPER.createObjectNode().put("iss", "https://token.actions.githubusercontent.com")
                .put("aud", audience).put("sub", subject).put("jti", UUID.randomUUID().toString()).toString()
                .getBytes(StandardCharsets.UTF_8));
        return h + "." + c + "." + b.encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
    }

    private void token(HttpExchange x) throws IOException {
        try (x) {
            String q = x.getRequestURI().getRawQuery();
            String audience = null;
            boolean version = false;
            for (String kv : q == null ? new String[0] : q.split("&")) {
                if (kv.startsWith("audience=")) {
                    audience = URLDecoder.decode(kv.substring(9), StandardCharsets.UTF_8);
                }
                version |= kv.equals("api-version=2.0");
            }
            String auth = x.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.equalsIgnoreCase("bearer " + requestToken) && !auth.equals("Bearer "
                    + requestToken)) {
                send(x, 401, "{\"message\":\"Unauthorized\"}");
                return;
            }
            if (!"GET".equals(x.getRequestMethod()) || !version) {
                send(x, 400, "{\"message\":\"Bad request\"}");
                return;
            }
            audiences.add(audience);
            String t = jwt(audience == null ? "https://github.com/octo-org" : audience,
                    "repo:octo-org/octo-repo:ref:refs/heads/main");
            issued.add(t);
            send(x, 200, MAPPER.createObjectNode().put("count", 2000).put("value", t).toString());
        }
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
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

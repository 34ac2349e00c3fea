package dev.hookline.linux.scenario;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server: serves fixed bodies at exact paths (a file to download, a registry's metadata and
 * tarballs), answers 200 "ok" to anything else, and counts requests per path: proof a hook really ran.
 */
public final class LoopbackHttp implements AutoCloseable {
    private record Body(String contentType, byte[] bytes) {
    }

    private final HttpServer server;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, Body> bodies = new ConcurrentHashMap<>();

    /** On an ephemeral port of 127.0.0.1. */
    public LoopbackHttp() throws IOException {
        this(0);
    }

    /** On {@code preferredPort} of 127.0.0.1 when it is free, else on an ephemeral port. */
    public LoopbackHttp(int preferredPort) throws IOException {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        HttpServer s;
        try {
            s = HttpServer.create(new InetSocketAddress(lo, preferredPort), 16);
        } catch (IOException taken) {
            s = HttpServer.create(new InetSocketAddress(lo, 0), 16);
        }
        server = s;
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            Body b = bodies.get(path);
            byte[] body = b == null ? "ok\n".getBytes() : b.bytes();
            ex.getResponseHeaders().set("Content-Type", b == null ? "text/plain" : b.contentType());
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    /** Serves {@code body} at exactly {@code path}. */
    public LoopbackHttp serve(String path, String contentType, byte[] body) {
        bodies.put(path, new Body(contentType, body.clone()));
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** http://127.0.0.1:PORT + path. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

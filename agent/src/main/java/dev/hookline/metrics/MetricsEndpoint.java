package dev.hookline.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Prometheus scrape endpoint ({@code GET /metrics}) for one registry, on the JDK's HTTP server through the
 * Prometheus client's exporter. One daemon thread: a scrape every few seconds needs no more, and a stuck scraper
 * cannot hold the process open at exit.
 */
public final class MetricsEndpoint implements Closeable {
    private final HTTPServer server;
    private final ExecutorService executor;
    private final Listen listen;

    private MetricsEndpoint(HTTPServer server, ExecutorService executor, Listen listen) {
        this.server = server;
        this.executor = executor;
        this.listen = listen;
    }

    /** Binds and serves; IOException (port taken, unknown host) names the address. */
    public static MetricsEndpoint start(Listen listen, PrometheusRegistry registry, String threadName)
            throws IOException {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            HTTPServer s = HTTPServer.builder().inetAddress(InetAddress.getByName(listen.host())).port(listen.port())
                    .registry(registry).executorService(executor).buildAndStart();
            return new MetricsEndpoint(s, executor, listen);
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw new IOException("metrics endpoint " + listen + ": " + e.getMessage(), e);
        }
    }

    /** The bound port (the one chosen when the config said 0). */
    public int port() {
        return server.getPort();
    }

    /** The bound address, for the start line: host:port. */
    public String address() {
        return new Listen(listen.host(), port()).toString();
    }

    @Override
    public void close() {
        server.close();
        executor.shutdownNow();
    }
}

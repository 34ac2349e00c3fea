package dev.hookline.transport.server;

import dev.hookline.metrics.Listen;
import dev.hookline.output.AlertOutput;
import dev.hookline.output.FsyncPolicy;
import dev.hookline.transport.tls.TlsFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collector settings with production defaults; fluent setters. Suggested config keys (YAML, under
 * {@code collector:}) in brackets.
 */
public final class CollectorConfig {
    String bindHost = "0.0.0.0";                 // [listen.host]
    int port = 8443;                             // [listen.port] 0 = any free port
    TlsFiles tls;                                // [tls.ca, tls.cert, tls.key] null = plaintext (tests, TLS proxy)
    String bearerToken;                          // [token] optional, in addition to mutual TLS
    int maxRequestBytes = 8 << 20;               // [limits.max_request_bytes] compressed body
    int maxBatchBytes = 32 << 20;                // [limits.max_batch_bytes] decompressed body (gzip bombs)
    int maxBatchLines = 100_000;                 // [limits.max_batch_lines]
    long idleTimeoutMillis = 120_000;            // [limits.idle_timeout_ms] between requests
    long headerTimeoutMillis = 10_000;           // [limits.header_timeout_ms] first byte of a request to its headers' end
    long requestTimeoutMillis = 30_000;          // [limits.request_timeout_ms] headers' end to the body's last byte
    double rateAlertsPerSecond = 5_000;          // [limits.agent_alerts_per_second] 0 = off
    double rateBurst = 20_000;                   // [limits.agent_burst]
    int sinkQueueBatches = 1024;                 // [limits.sink_queue] batches waiting for the disk, then 503
    long sinkQueueBytes = 128L << 20;            // [limits.sink_queue_bytes] their decompressed bytes, then 503
    Path dataDir;                                // [data_dir] alerts file and dedup ids
    int dedupWindow = 250_000;                   // [dedup_window] most recent AlertIds remembered
    long alertFileRotateBytes = 256L << 20;      // [alerts.rotate_bytes]
    int alertFileKeep = 10;                      // [alerts.keep]
    int ioThreads;                               // [io_threads] 0 = Netty default (2 × cores)
    long statusLogMillis = 60_000;               // [status_log_ms] counters to the log when they changed
    boolean preferNative = true;                 // [native_transport] epoll on Linux when available
    Listen metrics;                              // [metrics.listen] the Prometheus endpoint; null = off
    final List<AlertOutput> onward = new ArrayList<>();

    public CollectorConfig(Path dataDir) {
        this.dataDir = dataDir;
    }

    public CollectorConfig bind(String host, int port) {
        this.bindHost = host;
        this.port = port;
        return this;
    }

    public CollectorConfig tls(TlsFiles tls) {
        this.tls = tls;
        return this;
    }

    public CollectorConfig bearerToken(String token) {
        this.bearerToken = token;
        return this;
    }

    public CollectorConfig maxRequestBytes(int v) {
        this.maxRequestBytes = positive(v, "maxRequestBytes");
        return this;
    }

    public CollectorConfig maxBatchBytes(int v) {
        this.maxBatchBytes = positive(v, "maxBatchBytes");
        return this;
    }

    public CollectorConfig maxBatchLines(int v) {
        this.maxBatchLines = positive(v, "maxBatchLines");
        return this;
    }

    public CollectorConfig idleTimeoutMillis(long v) {
        this.idleTimeoutMillis = positive(v, "idleTimeoutMillis");
        return this;
    }

    /** A request's headers must be complete this long after its first byte (slow-header senders). */
    public CollectorConfig headerTimeoutMillis(long v) {
        this.headerTimeoutMillis = positive(v, "headerTimeoutMillis");
        return this;
    }

    /** A request's body must be complete this long after its headers. */
    public CollectorConfig requestTimeoutMillis(long v) {
        this.requestTimeoutMillis = positive(v, "requestTimeoutMillis");
        return this;
    }

    public CollectorConfig rateLimit(double alertsPerSecond, double burst) {
        this.rateAlertsPerSecond = alertsPerSecond;
        this.rateBurst = burst;
        return this;
    }

    public CollectorConfig sinkQueueBatches(int v) {
        this.sinkQueueBatches = positive(v, "sinkQueueBatches");
        return this;
    }

    public CollectorConfig sinkQueueBytes(long v) {
        this.sinkQueueBytes = positive(v, "sinkQueueBytes");
        return this;
    }

    public CollectorConfig dedupWindow(int v) {
        this.dedupWindow = positive(v, "dedupWindow");
        return this;
    }

    public CollectorConfig alertFile(long rotateBytes, int keep) {
        this.alertFileRotateBytes = positive(rotateBytes, "rotateBytes");
        this.alertFileKeep = keep;
        return this;
    }

    public CollectorConfig ioThreads(int v) {
        this.ioThreads = v;
        return this;
    }

    public CollectorConfig statusLogMillis(long v) {
        this.statusLogMillis = positive(v, "statusLogMillis");
        return this;
    }

    public CollectorConfig preferNative(boolean v) {
        this.preferNative = v;
        return this;
    }

    /** Serves the collector's metrics on {@code listen} (Prometheus text format); null: off, the default. */
    public CollectorConfig metrics(Listen listen) {
        this.metrics = listen;
        return this;
    }

    /** An onward output (e.g. Sentinel) that receives every accepted, deduplicated alert; closed with the server. */
    public CollectorConfig onward(AlertOutput o) {
        this.onward.add(o);
        return this;
    }

    public Path alertFile() {
        return dataDir.resolve("alerts.jsonl");
    }

    FsyncPolicy alertFsync() {
        return FsyncPolicy.interval(1000); // every batch is forced explicitly before its ack anyway
    }

    private static int positive(int v, String name) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + v);
        }
        return v;
    }

    private static long positive(long v, String name) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + v);
        }
        return v;
    }
}

package dev.hookline.transport.client;

import dev.hookline.transport.spool.Spool;
import dev.hookline.transport.tls.TlsFiles;
import java.nio.file.Path;

/**
 * Settings of one agent's alert shipping; fluent setters, production defaults. Suggested config keys (YAML,
 * under {@code outputs.collector:}) in brackets.
 */
public final class ShippingConfig {
    final String host;                          // [host]
    final int port;                             // [port]
    final Path spoolDir;                        // [spool.dir]
    String agentId = "agent";                   // [agent_id] informational; the collector trusts the cert CN
    TlsFiles tls;                               // [tls.ca, tls.cert, tls.key] null = plaintext (tests only)
    String bearerToken;                         // [token]
    Spool.Config spool = Spool.Config.defaults(); // [spool.max_bytes, spool.segment_bytes, spool.fsync]
    int batchMaxRecords = 500;                  // [batch.max_records]
    int batchMaxBytes = 1 << 20;                // [batch.max_bytes] uncompressed
    long lingerMillis = 200;                    // [batch.linger_ms] wait for more alerts before a small batch
    long connectTimeoutMillis = 5_000;          // [connect_timeout_ms]
    long requestTimeoutMillis = 30_000;         // [request_timeout_ms]
    long backoffInitialMillis = 500;            // [backoff.initial_ms]
    long backoffMaxMillis = 5_000;              // [backoff.max_ms] also how soon a returning collector is noticed

    public ShippingConfig(String host, int port, Path spoolDir) {
        this.host = host;
        this.port = port;
        this.spoolDir = spoolDir;
    }

    public ShippingConfig agentId(String v) {
        this.agentId = v;
        return this;
    }

    public ShippingConfig tls(TlsFiles v) {
        this.tls = v;
        return this;
    }

    public ShippingConfig bearerToken(String v) {
        this.bearerToken = v;
        return this;
    }

    public ShippingConfig spool(Spool.Config v) {
        this.spool = v;
        return this;
    }

    public ShippingConfig batch(int maxRecords, int maxBytes, long lingerMillis) {
        if (maxRecords < 1 || maxBytes < 1 || lingerMillis < 0) {
            throw new IllegalArgumentException("batch limits must be positive");
        }
        this.batchMaxRecords = maxRecords;
        this.batchMaxBytes = maxBytes;
        this.lingerMillis = lingerMillis;
        return this;
    }

    public ShippingConfig timeouts(long connectMillis, long requestMillis) {
        this.connectTimeoutMillis = connectMillis;
        this.requestTimeoutMillis = requestMillis;
        return this;
    }

    public ShippingConfig backoff(long initialMillis, long maxMillis) {
        if (initialMillis < 1 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("backoff: 1 <= initial <= max");
        }
        this.backoffInitialMillis = initialMillis;
        this.backoffMaxMillis = maxMillis;
        return this;
    }
}

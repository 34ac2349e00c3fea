package dev.hookline.transport.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The collector's connection and request counters (shared by all channels, hence atomic). */
public final class ServerCounters {
    final AtomicLong connections = new AtomicLong();
    final AtomicLong openConnections = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong batchesAcked = new AtomicLong();
    final AtomicLong tooLarge = new AtomicLong();
    final AtomicLong unauthorized = new AtomicLong();
    final AtomicLong rateLimited = new AtomicLong();
    final AtomicLong sinkBusy = new AtomicLong();
    final AtomicLong sinkErrors = new AtomicLong();
    final AtomicLong badRequests = new AtomicLong();
    final AtomicLong requestTimeouts = new AtomicLong();
    final AtomicLong headerTimeouts = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong headersTooLarge = new AtomicLong();
    /** Bytes of gunzip output buffers allocated, all requests together (a lying size trailer shows here). */
    final AtomicLong gunzipAllocatedBytes = new AtomicLong();
    final AtomicLong idleClosed = new AtomicLong();
    final AtomicLong tlsFailures = new AtomicLong();
    final AtomicLong channelErrors = new AtomicLong();

    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("connections", connections.get());
        m.put("open_connections", openConnections.get());
        m.put("requests", requests.get());
        m.put("batches_acked", batchesAcked.get());
        m.put("rejected_too_large", tooLarge.get());
        m.put("rejected_unauthorized", unauthorized.get());
        m.put("rejected_rate_limited", rateLimited.get());
        m.put("rejected_sink_busy", sinkBusy.get());
        m.put("sink_errors", sinkErrors.get());
        m.put("rejected_bad_request", badRequests.get());
        m.put("rejected_malformed_http", malformed.get());
        m.put("rejected_headers_too_large", headersTooLarge.get());
        m.put("header_timeouts", headerTimeouts.get());
        m.put("request_timeouts", requestTimeouts.get());
        m.put("gunzip_allocated_bytes", gunzipAllocatedBytes.get());
        m.put("idle_closed", idleClosed.get());
        m.put("tls_failures", tlsFailures.get());
        m.put("channel_errors", channelErrors.get());
        return m;
    }
}

package dev.hookline.transport;

/**
 * The agent → collector wire format. Chosen: plain HTTP/1.1 over (mutual) TLS, because every load balancer, proxy,
 * firewall and debugging tool in a fleet already understands it, and one request = one batch = one ack keeps the
 * delivery protocol trivially correct. A custom framed protocol would save a few header bytes per batch, which is
 * noise next to gzip'd alert JSON, and would need its own tooling.
 *
 * <pre>
 * POST /v1/alerts HTTP/1.1
 * Host: collector:8443
 * Content-Type: application/x-ndjson
 * Content-Encoding: gzip                  (identity also accepted)
 * Content-Length: n                       (bounded by the collector: 413 + close above it)
 * X-Hookline-Batch-Id: host-42-1200-1700  (agent id, first and next spool sequence number: for tracing only)
 * X-Hookline-Agent: host-42               (informational; with mutual TLS the agent id IS the certificate's CN)
 * Authorization: Bearer &lt;token&gt;           (only when the collector is configured with a token)
 *
 * gzip( alert-json '\n' alert-json '\n' ... )   each line a JSON object with a string "AlertId"
 * </pre>
 *
 * Responses (always a small JSON body, {@code Content-Type: application/json}):
 * <ul>
 * <li>200 {@code {"accepted":N,"duplicates":M,"invalid":K}}: the batch is durable at the collector (written and
 *     fsync'd, ids recorded); the agent advances its ack position. Duplicates (AlertId already seen within the
 *     collector's dedup window) and invalid lines (not JSON, no AlertId) are counted, not stored, and still acked.
 * <li>413 (batch or decompressed batch too large; connection closed), 429 (per-agent rate limit, with
 *     {@code Retry-After} seconds), 503 (sink busy or failing, with {@code Retry-After}), 401 (bad token),
 *     400 (not gzip), 404/405, 408 (request took too long; connection closed): the agent retries with backoff, except
 *     413, on which it halves its batch and finally drops a single record that is too large (counted).
 * </ul>
 * Delivery is at-least-once from the agent (resend until acked), exactly-once at the collector's sink within the
 * dedup window (by AlertId, which is stable: same event + rule + arm = same id).
 */
public final class Wire {
    public static final String PATH = "/v1/alerts";
    public static final String HEADER_BATCH_ID = "X-Hookline-Batch-Id";
    public static final String HEADER_AGENT = "X-Hookline-Agent";
    public static final String CONTENT_TYPE = "application/x-ndjson";
    public static final String ALERT_ID_FIELD = "AlertId";

    private Wire() {
    }

    /** The 200 response body. */
    public static String ackJson(int accepted, int duplicates, int invalid) {
        return "{\"accepted\":" + accepted + ",\"duplicates\":" + duplicates + ",\"invalid\":" + invalid + "}";
    }
}

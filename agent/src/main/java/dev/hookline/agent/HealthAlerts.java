package dev.hookline.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.collector.HealthSink;
import dev.hookline.collector.HostIdentity;
import dev.hookline.schema.Times;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Agent-health alerts (audit pid taken over, rules deleted, queue overflow...), written to the alert outputs as
 * their own JSON lines with "AlertType":"AgentHealth" so that they reach the same place as detections. Each kind
 * is limited to {@value #PER_KIND_PER_INTERVAL} lines per interval; the rest are counted, and the next line
 * written says how many were suppressed.
 */
public final class HealthAlerts implements HealthSink {
    /** A burst of one kind (auditctl -D removes rules one by one) still shows its first few alerts. */
    static final int PER_KIND_PER_INTERVAL = 10;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HostIdentity host;
    private final Consumer<String> out;
    private final long minIntervalNanos;
    /** Per kind: window start, alerts in the window, alerts suppressed since the last one written. */
    private final Map<String, long[]> windows = new java.util.HashMap<>();
    private final AtomicLong raised = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();

    public HealthAlerts(HostIdentity host, Consumer<String> out, long minIntervalNanos) {
        this.host = host;
        this.out = out;
        this.minIntervalNanos = minIntervalNanos;
    }

    @Override
    public void healthAlert(String kind, String message) {
        healthAlert(kind, message, Map.of());
    }

    /** A health alert with extra fields of its own (e.g. a blind window's start and end), after the common ones. */
    public void healthAlert(String kind, String message, Map<String, String> fields) {
        long now = Times.nowNanos();
        long suppressedBefore;
        synchronized (windows) {
            long[] w = windows.computeIfAbsent(kind, k -> new long[] {now, 0, 0});
            if (now - w[0] >= minIntervalNanos) {
                w[0] = now;
                w[1] = 0;
            }
            if (w[1] >= PER_KIND_PER_INTERVAL) {
                w[2]++;
                rateLimited.incrementAndGet();
                return;
            }
            w[1]++;
            suppressedBefore = w[2];
            w[2] = 0;
        }
        raised.incrementAndGet();
        if (suppressedBefore > 0) {
            message = message + " (" + suppressedBefore + " more " + kind + " alerts were suppressed before this one)";
        }
        ObjectNode n = MAPPER.createObjectNode();
        // An id like every alert's, so collectors deduplicate health alerts the same way.
        n.put("AlertId", HostIdentities.sha1Hex("health\0" + host.deviceId() + "\0" + kind + "\0" + now).substring(0, 32));
        n.put("AlertType", "AgentHealth");
        n.put("Timestamp", Times.format(now));
        n.put("Kind", kind);
        n.put("Message", message);
        n.put("DeviceName", host.deviceName());
        n.put("DeviceId", host.deviceId());
        fields.forEach(n::put);
        System.err.println("hookline: health: " + kind + ": " + message);
        out.accept(n.toString());
    }

    public long raised() {
        return raised.get();
    }

    public long rateLimited() {
        return rateLimited.get();
    }
}

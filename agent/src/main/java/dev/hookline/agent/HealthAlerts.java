package dev.hookline.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.collector.HealthSink;
import dev.hookline.collector.HostIdentity;
import dev.hookline.schema.Times;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Agent-health alerts (audit pid taken over, rules deleted, queue overflow...), written to the alert outputs as
 * their own JSON lines with "AlertType":"AgentHealth" so that they reach the same place as detections. Repeats of
 * one kind are rate-limited to one line per interval and counted.
 */
public final class HealthAlerts implements HealthSink {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HostIdentity host;
    private final Consumer<String> out;
    private final long minIntervalNanos;
    private final Map<String, Long> lastByKind = new ConcurrentHashMap<>();
    private final AtomicLong raised = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();

    public HealthAlerts(HostIdentity host, Consumer<String> out, long minIntervalNanos) {
        this.host = host;
        this.out = out;
        this.minIntervalNanos = minIntervalNanos;
    }

    @Override
    public void healthAlert(String kind, String message) {
        long now = Times.nowNanos();
        Long last = lastByKind.get(kind);
        if (last != null && now - last < minIntervalNanos) {
            rateLimited.incrementAndGet();
            return;
        }
        lastByKind.put(kind, now);
        raised.incrementAndGet();
        ObjectNode n = MAPPER.createObjectNode();
        // An id like every alert's, so collectors deduplicate health alerts the same way.
        n.put("AlertId", HostIdentities.sha1Hex("health\0" + host.deviceId() + "\0" + kind + "\0" + now).substring(0, 32));
        n.put("AlertType", "AgentHealth");
        n.put("Timestamp", Times.format(now));
        n.put("Kind", kind);
        n.put("Message", message);
        n.put("DeviceName", host.deviceName());
        n.put("DeviceId", host.deviceId());
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

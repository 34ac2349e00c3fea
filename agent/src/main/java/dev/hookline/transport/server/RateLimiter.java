package dev.hookline.transport.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-agent token buckets over alerts per second. A batch passes when the agent's bucket is positive and may drive
 * it into debt (so a batch larger than the burst still gets through, after which the agent waits it off); a refused
 * batch learns how many seconds until the debt is repaid (the Retry-After).
 */
final class RateLimiter {
    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long lastNanos;
    }

    /** perSecond ≤ 0 disables the limit. */
    RateLimiter(double perSecond, double burst, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.burst = Math.max(burst, 1);
        this.nanoClock = nanoClock;
    }

    /** 0 if the batch of {@code alerts} may pass (and is charged), else the seconds to wait. */
    long acquire(String agentId, int alerts) {
        if (perSecond <= 0) {
            return 0;
        }
        if (buckets.size() > 100_000) {
            buckets.clear(); // a bound on memory for absurd fleets / spoofed plaintext ids: forget, do not crash
        }
        Bucket b = buckets.computeIfAbsent(agentId, k -> {
            Bucket n = new Bucket();
            n.tokens = burst;
            n.lastNanos = nanoClock.getAsLong();
            return n;
        });
        synchronized (b) {
            long now = nanoClock.getAsLong();
            b.tokens = Math.min(burst, b.tokens + (now - b.lastNanos) / 1e9 * perSecond);
            b.lastNanos = now;
            if (b.tokens <= 0) {
                return Math.max(1, (long) Math.ceil((1 - b.tokens) / perSecond));
            }
            b.tokens -= alerts;
            return 0;
        }
    }
}

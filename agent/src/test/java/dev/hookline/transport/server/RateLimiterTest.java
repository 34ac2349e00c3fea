package dev.hookline.transport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    @Test
    void aBatchMayOverdrawTheBucketThenTheAgentWaitsItOffAlone() {
        AtomicLong now = new AtomicLong();
        RateLimiter r = new RateLimiter(100, 100, now::get);
        assertEquals(0, r.acquire("a", 300)); // bucket full: passes, 200 in debt
        long wait = r.acquire("a", 1);
        assertTrue(wait >= 2 && wait <= 3, "retry after " + wait);
        assertEquals(0, r.acquire("b", 50), "other agents are not affected");
        now.addAndGet(2_100_000_000L); // 2.1 s at 100/s repays the debt
        assertEquals(0, r.acquire("a", 1));
    }

    @Test
    void zeroRateMeansNoLimit() {
        RateLimiter r = new RateLimiter(0, 0, System::nanoTime);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, r.acquire("a", 1_000_000));
        }
    }
}

package dev.hookline.transport.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.transport.server.CollectorConfig;
import dev.hookline.transport.server.CollectorServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's sender during a collector outage: it retries on its backoff schedule only, however many alerts
 * arrive meanwhile (attempts counted), and once the collector is back it notices within the backoff cap and drains
 * the spool at full speed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShippingBacksOffOnScheduleTest {
    @TempDir
    Path tmp;

    @Test
    void alertsDuringAnOutageDoNotTriggerAttemptsAndTheSpoolDrainsSoonAfterTheCollectorReturns() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free now; nothing listens until the collector starts below
        }
        ShippingConfig cfg = new ShippingConfig("127.0.0.1", port, tmp.resolve("spool")).agentId("a1")
                .batch(500, 1 << 20, 20).timeouts(500, 5_000).backoff(100, 400);
        int written = 0;
        try (ShippingOutput out = new ShippingOutput(cfg)) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < end) { // ~1,000 alerts, each a chance to wake the sender
                out.write("{\"AlertId\":\"x-" + written++ + "\"}");
                Thread.sleep(2);
            }
            long attempts = out.counters().get("attempts");
            // schedule: 50-100, 100-200, then 200-400 ms: at most ~12 attempts in 2 s (hundreds before)
            assertTrue(attempts >= 2 && attempts <= 15, "attempts during the outage: " + attempts);
            try (CollectorServer server = new CollectorServer(new CollectorConfig(tmp.resolve("c"))
                    .bind("127.0.0.1", port))) {
                long back = System.nanoTime();
                while (out.spoolDepth() > 0 && System.nanoTime() - back < TimeUnit.SECONDS.toNanos(20)) {
                    Thread.sleep(10);
                }
                long drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
                assertEquals(0, out.spoolDepth());
                assertTrue(drainMillis < 5_000, written + " alerts drained in " + drainMillis
                        + " ms (backoff cap 400 ms)");
                assertEquals((long) written, server.counters().get("alerts_accepted"));
            }
        }
    }

    @Test
    void theDelayGrowsToTheCapWithJitterAndNeverUndercutsRetryAfter() {
        assertEquals(50, ShippingOutput.delay(1, 0, 100, 400, 0.0));
        assertEquals(100, ShippingOutput.delay(1, 0, 100, 400, 0.999));
        assertEquals(200, ShippingOutput.delay(3, 0, 100, 400, 0.0));
        for (int f = 1; f < 100; f++) {
            long d = ShippingOutput.delay(f, 0, 500, 5_000, Math.random());
            assertTrue(d >= 250 && d <= 5_000, f + ": " + d);
        }
        assertEquals(7_000, ShippingOutput.delay(1, 7, 100, 400, 0.5), "Retry-After: 7 wins over the schedule");
        assertEquals(3_600_000, ShippingOutput.delay(1, 1L << 40, 100, 400, 0.5), "a huge Retry-After is capped");
        assertTrue(new ShippingConfig("h", 1, tmp).backoffMaxMillis <= 10_000,
                "the default cap lets an agent notice its collector back within seconds");
    }
}

package dev.hookline.agent;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.config.AgentConfig;
import org.junit.jupiter.api.Test;

/** A ring that cannot fit in the JVM's maximum heap is named at start, with the -Xmx that would fit it. */
class AgentWarnsWhenTheRingExceedsTheHeapTest {
    private static final long MIB = 1L << 20;

    @Test
    void theDefaultRingFitsTheLaunchersHeap() {
        long ring = new AgentConfig().ring().memoryBytes();
        assertNull(Agent.heapWarning(ring, 96 * MIB), "the launcher runs the agent with -Xmx96m");
    }

    @Test
    void aBiggerRingNamesTheHeapItNeeds() {
        String w = Agent.heapWarning(256 * MIB, 96 * MIB);
        assertTrue(w != null && w.contains("ring.memory_mb 256") && w.contains("-Xmx328m"), w);
    }

    @Test
    void anUnboundedHeapNeverWarns() {
        assertNull(Agent.heapWarning(1 << 30, Long.MAX_VALUE));
    }
}

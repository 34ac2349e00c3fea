package dev.hookline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The collector's header and body deadlines come from collector_server, with the documented defaults. */
class CollectorServerTimeoutsConfigTest {
    @Test
    void theDeadlinesDefaultToTenAndThirtySecondsAndAreRead() throws ConfigException {
        AgentConfig d = ConfigLoader.parse("", "x");
        assertEquals(10_000, d.collectorServer().headerTimeoutMs());
        assertEquals(30_000, d.collectorServer().requestTimeoutMs());
        AgentConfig c = ConfigLoader.parse("collector_server:\n  header_timeout_ms: 250\n  request_timeout_ms: 900\n",
                "x");
        assertEquals(250, c.collectorServer().headerTimeoutMs());
        assertEquals(900, c.collectorServer().requestTimeoutMs());
    }
}

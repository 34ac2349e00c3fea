package dev.hookline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsListenIsCheckedWhenLoadedTest {
    @Test
    void metricsAreOffByDefaultForTheAgentAndTheCollector() {
        assertEquals("", AgentConfig.defaults().metrics().listen());
        assertEquals("", AgentConfig.defaults().collectorServer().metrics().listen());
    }

    @Test
    void aListenAddressIsReadForEach() throws Exception {
        AgentConfig c = ConfigLoader.parse("metrics:\n  listen: \"9464\"\ncollector_server:\n  metrics:\n"
                + "    listen: 0.0.0.0:9465\n", "t");
        assertEquals("9464", c.metrics().listen());
        assertEquals("0.0.0.0:9465", c.collectorServer().metrics().listen());
        // a bare port, as the README writes it, is read as text too
        assertEquals("9464", ConfigLoader.parse("metrics:\n  listen: 9464\n", "t").metrics().listen());
    }

    @Test
    void aBadAddressNamesTheKeyAndItsLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("health:\n  log_interval_seconds: 5\nmetrics:\n  listen: localhost:http\n",
                        "t.yaml"));
        assertTrue(e.getMessage().contains("'metrics.listen'") && e.getMessage().contains("number"), e.getMessage());
        assertTrue(e.getMessage().contains("line 4"), e.getMessage());
        ConfigException e2 = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("collector_server:\n  metrics:\n    listen: \"99999\"\n", "t.yaml"));
        assertTrue(e2.getMessage().contains("'collector_server.metrics.listen'"), e2.getMessage());
    }
}

package dev.hookline.macos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.config.CollectorSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The macos-es section: bound by the agent's config mapper, with line, column and the allowed keys on error. */
class MacSettingsTest {
    private final MacEsProvider provider = new MacEsProvider();

    @Test
    void validSettingsBindOverTheDefaults() throws Exception {
        MacSettings s = SectionChecks.bind(provider, "network: false\nnetwork_interval_ms: 250");
        assertFalse(s.network());
        assertEquals(250, s.networkIntervalMs());
        assertEquals("/usr/bin/eslogger", s.eslogger(), "a key left out keeps its default");
    }

    @Test
    void aMisspelledOrOldCamelCaseKeyIsNamedWithItsLineColumnAndTheAllowedKeys() {
        assertEquals("hookline.yaml, line 3, column 5: unknown key 'networkIntervalMillis' in section "
                + "'collectors.macos-es' (known keys: eslogger, network, network_interval_ms, startup_grace_ms, "
                + "write_max_burst_ms, write_quiet_ms)", SectionChecks.error(provider, "networkIntervalMillis: 250"));
    }

    @Test
    void aBooleanIsTrueOrFalseOnly() {
        for (String v : new String[]{"yes", "off", "0", "'false'"}) {
            assertTrue(SectionChecks.error(provider, "network: " + v).startsWith("hookline.yaml, line 3, column 14: "
                    + "'collectors.macos-es.network': expected true or false"), v);
        }
    }

    @Test
    void aWrongTypeOrValueIsNamedWithItsLocationAndWhatIsExpected() {
        assertEquals("hookline.yaml, line 3, column 26: 'collectors.macos-es.network_interval_ms': expected a whole "
                + "number, got 'soon'", SectionChecks.error(provider, "network_interval_ms: soon"));
        assertEquals("hookline.yaml, line 3, column 21: 'collectors.macos-es.write_quiet_ms': must be a positive "
                + "whole number of milliseconds, got 0", SectionChecks.error(provider, "write_quiet_ms: 0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CollectorSettings.bind("macos-es", Map.of("network_interval_ms", "soon"), MacSettings.DEFAULTS));
        assertEquals("config: 'collectors.macos-es.network_interval_ms': expected a whole number, got 'soon'",
                e.getMessage());
    }

    @Test
    void theDocumentedDefaultsAreTheBuiltInOnes() throws Exception {
        SectionChecks.documentedDefaultsAreTheBuiltInOnes(provider);
        assertEquals(MacSettings.DEFAULTS, CollectorSettings.bind("macos-es", Map.of(), MacSettings.DEFAULTS));
    }
}

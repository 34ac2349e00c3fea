package dev.hookline.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.config.CollectorSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The windows-etw section: bound by the agent's config mapper, with line, column and the allowed keys on error. */
class EtwSettingsTest {
    private final WindowsEtwProvider provider = new WindowsEtwProvider();

    @Test
    void validSettingsBindOverTheDefaults() throws Exception {
        EtwSettings s = SectionChecks.bind(provider, "files: false");
        assertFalse(s.files());
        assertTrue(s.commandLines(), "a key left out keeps its default");
    }

    @Test
    void aMisspelledOrOldCamelCaseKeyIsNamedWithItsLineColumnAndTheAllowedKeys() {
        // commandLines used to be read, and any typo silently ignored
        assertEquals("hookline.yaml, line 4, column 5: unknown key 'commandLines' in section 'collectors.windows-etw' "
                + "(known keys: command_lines, files)", SectionChecks.error(provider, "files: true\ncommandLines: false"));
    }

    @Test
    void aBooleanIsTrueOrFalseOnly() {
        // "no" used to leave command lines on: only Boolean.FALSE turned them off
        for (String v : new String[]{"no", "off", "0", "'false'"}) {
            assertTrue(SectionChecks.error(provider, "command_lines: " + v).startsWith("hookline.yaml, line 3, "
                    + "column 20: 'collectors.windows-etw.command_lines': expected true or false"), v);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CollectorSettings.bind("windows-etw", Map.of("files", "no"), EtwSettings.DEFAULTS));
        assertEquals("config: 'collectors.windows-etw.files': expected true or false, got 'no'", e.getMessage());
    }

    @Test
    void theDocumentedDefaultsAreTheBuiltInOnes() throws Exception {
        SectionChecks.documentedDefaultsAreTheBuiltInOnes(provider);
        assertEquals(new EtwSettings(true, true), EtwSettings.DEFAULTS);
    }
}

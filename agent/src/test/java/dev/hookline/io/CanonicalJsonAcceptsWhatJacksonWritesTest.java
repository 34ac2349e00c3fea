package dev.hookline.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The copy-as-is path for dynamic columns is taken for what Jackson itself writes (so a typical AdditionalFields
 * never reaches Jackson), and never for text Jackson would write differently.
 */
class CanonicalJsonAcceptsWhatJacksonWritesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void jacksonsOwnOutputWithoutFractionsIsCopiedAsIs() throws IOException {
        Random r = new Random(16);
        int accepted = 0;
        for (int i = 0; i < 5000; i++) {
            String text = EventJsonWriterWritesJacksonsBytesTest.randomJson(r, 0).trim();
            if (!(text.startsWith("{") || text.startsWith("["))) {
                continue;
            }
            JsonNode tree;
            try {
                tree = MAPPER.readTree(text);
            } catch (IOException notJson) {
                assertFalse(CanonicalJson.isCanonical(text), text);
                continue;
            }
            String written = MAPPER.writeValueAsString(tree);
            if (CanonicalJson.isCanonical(text)) {
                assertEquals(written, text);
            }
            // fractions and exponents are re-printed, integers past 18 digits left to Jackson by design
            if (!written.contains(".") && !written.contains("E") && !written.matches("(?s).*\\d{19}.*")) {
                assertTrue(CanonicalJson.isCanonical(written), written);
                accepted++;
            }
        }
        assertTrue(accepted > 500, "accepted " + accepted);
    }

    @Test
    void aTypicalAdditionalFieldsIsCopiedAsIs() {
        assertTrue(CanonicalJson.isCanonical(
                "{\"InstallManager\":\"npm\",\"InstallPackage\":\"left-pad\",\"InstallPhase\":\"postinstall\","
                        + "\"Pids\":[1,-2],\"Ok\":true,\"Why\":null,\"Nested\":{\"a\":\"\\u001F\\n\"}}"));
    }
}

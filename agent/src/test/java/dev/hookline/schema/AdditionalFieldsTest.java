package dev.hookline.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdditionalFieldsTest {
    @Test
    void keysComeInTheOrderAddedWithEachKindOfValue() {
        String json = new AdditionalFields().put("ImageSource", "PATH").put("Argc", 3)
                .put("ArgvProblems", List.of("missing arguments [1]", "a")).flag("PathTruncated", true).json();
        assertEquals("{\"ImageSource\":\"PATH\",\"Argc\":3,\"ArgvProblems\":[\"missing arguments [1]\",\"a\"],"
                + "\"PathTruncated\":true}", json);
    }

    @Test
    void nothingSaidLeavesTheColumnNull() {
        Event e = new Event(Table.DeviceProcessEvents);
        AdditionalFields f = new AdditionalFields().put("TeamId", (String) null).flag("PlatformBinary", false);
        assertTrue(f.isEmpty());
        assertNull(f.json());
        f.applyTo(e);
        assertTrue(e.isNull(Columns.ADDITIONAL_FIELDS));
        new AdditionalFields().put("Errno", 111).applyTo(e);
        assertEquals("{\"Errno\":111}", e.getString(Columns.ADDITIONAL_FIELDS));
    }

    @Test
    void quotesBackslashesAndControlCharactersAreEscapedAsValidJson() throws Exception {
        String nasty = "C:\\tmp\\\"x\"\n\t\u0001é";
        String json = new AdditionalFields().put("Cwd\"", nasty).json();
        assertEquals("{\"Cwd\\\"\":\"C:\\\\tmp\\\\\\\"x\\\"\\n\\t\\u0001é\"}", json);
        JsonNode back = new ObjectMapper().readTree(json);
        assertEquals(nasty, back.get("Cwd\"").asText());
    }
}

package dev.hookline.kql.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.KqlException;
import dev.hookline.kql.parse.Parser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** docs/kql-functions.md is what the engine's tables generate, and the parser's operator lists are the parser's. */
class KqlReferenceIsGeneratedFromTheEngineTest {
    private static final Path DOC = Path.of("../docs/kql-functions.md");
    private static final String REGENERATE = "mvn -B -o -pl agent test -Dtest=KqlReferenceIsGeneratedFromTheEngineTest"
            + " -Dhookline.regenerate=true";

    @Test
    void theCommittedListIsWhatTheCodeGenerates() throws IOException {
        String generated = KqlReference.markdown();
        if (Boolean.getBoolean("hookline.regenerate") || System.getenv("HOOKLINE_REGENERATE") != null) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
        assertEquals(generated, committed, "docs/kql-functions.md differs from the engine's tables; regenerate it: "
                + REGENERATE);
    }

    @Test
    void everyListedOperatorParsesAndEveryRefusedOneSaysWhy() {
        for (String op : Parser.OPERATORS) {
            try {
                Kql.compile("DeviceProcessEvents | " + op + " x");
            } catch (KqlException e) {
                assertFalse(e.getMessage().contains("unknown or unsupported operator"), op + ": " + e.getMessage());
            }
        }
        for (String op : Parser.UNSUPPORTED_OPERATORS.keySet()) {
            Executable compile = () -> Kql.compile("DeviceProcessEvents\n| " + op + " pivot(AdditionalFields)");
            KqlException e = org.junit.jupiter.api.Assertions.assertThrows(KqlException.class, compile);
            assertTrue(e.getMessage().startsWith("line 2, column 3: operator '" + op + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("is not supported: "), e.getMessage());
        }
        KqlException e = org.junit.jupiter.api.Assertions.assertThrows(KqlException.class,
                () -> Kql.compile("DeviceProcessEvents | evaluate pivot(ActionType)"));
        assertTrue(e.getMessage().contains("'evaluate' (here pivot)"), e.getMessage());
        Kql.compile("DeviceProcessEvents | evaluate bag_unpack(AdditionalFields)"); // the one plugin that runs
    }
}

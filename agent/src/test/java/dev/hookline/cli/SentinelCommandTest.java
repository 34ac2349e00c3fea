package dev.hookline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SentinelCommandTest {
    @Test
    void sentinelTemplatePrintsTheArmTemplateAsJson() throws Exception {
        CliCommandsTest.Result r = CliCommandsTest.run("sentinel", "template", "--workspace-name", "soc-ws");
        assertEquals(0, r.code(), r.err());
        JsonNode t = new ObjectMapper().readTree(r.out());
        assertEquals("soc-ws", t.at("/parameters/workspaceName/defaultValue").asText());
        assertEquals(5, t.get("resources").size(), "4 tables and the DCR");
    }

    @Test
    void aBadStreamNameIsAUsageError() {
        CliCommandsTest.Result r = CliCommandsTest.run("sentinel", "template", "--alerts-stream", "Alerts");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--alerts-stream must be Custom-"), r.err());
    }
}

package dev.hookline.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertTailPrintsEachNewAlertOnceTest {
    private static final String ALERT = "{\"AlertId\":\"a1\",\"RuleId\":\"hookline.seed.t1195-001\","
            + "\"Arm\":\"PackageManagerSpawnedSuspiciousChild\",\"Severity\":\"high\",\"Event\":{\"FileName\":\"dash\","
            + "\"ProcessCommandLine\":\"sh -c \\\"curl http://127.0.0.1:9/x\\\"\"}}\n";

    @Test
    void newCompleteAlertLinesArePrintedOnceHealthAndPartialLinesWait(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("alerts.jsonl");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        AlertTail tail = new AlertTail(f, new PrintStream(buf, true, StandardCharsets.UTF_8), 10_000);
        assertEquals(0, tail.poll(), "no file yet");
        Files.writeString(f, ALERT + "{\"AlertType\":\"AgentHealth\",\"Kind\":\"X\"}\n" + ALERT.substring(0, 20));
        assertEquals(1, tail.poll());
        assertEquals(0, tail.poll(), "nothing new, and the partial line waits");
        Files.writeString(f, ALERT.substring(20), StandardOpenOption.APPEND);
        assertEquals(1, tail.poll());
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(2, out.lines().count(), out);
        assertTrue(out.startsWith("hookline: alert high hookline.seed.t1195-001/PackageManagerSpawnedSuspiciousChild: "
                + "dash sh -c \"curl http://127.0.0.1:9/x\""), out);
    }
}

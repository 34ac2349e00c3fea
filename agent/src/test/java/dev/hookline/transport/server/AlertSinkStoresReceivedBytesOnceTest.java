package dev.hookline.transport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.output.FsyncPolicy;
import dev.hookline.output.JsonLinesFile;
import dev.hookline.output.LineBlockFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertSinkStoresReceivedBytesOnceTest {
    @TempDir
    Path dir;

    private static BatchLines batch(String body) {
        return BatchLines.parse(body.getBytes(StandardCharsets.UTF_8), 1000);
    }

    @Test
    void newAlertsAreWrittenByteForByteOnceAndRepeatsAndInvalidLinesAreCounted() throws IOException {
        Path file = dir.resolve("alerts.jsonl");
        // Unusual but valid JSON spacing and escapes: stored exactly as received, not re-encoded.
        String a = "{ \"AlertId\" : \"a\", \"T\":\"caf\\u00e9 \\\"q\\\"\" }";
        String b = "{\"AlertId\":\"b\",\"N\":1.50}";
        try (AlertSink sink = new AlertSink(new JsonLinesFile("t", file, 1 << 20, 1, FsyncPolicy.interval(1000)),
                List.of(), new DedupWindow(dir, 100))) {
            assertEquals(new AlertSink.Result(2, 1, 1), sink.accept(batch(a + "\r\n" + b + "\n" + a + "\nnope\n")));
            assertEquals(new AlertSink.Result(0, 2, 0), sink.accept(batch(b + "\n" + a)));
            assertEquals(new AlertSink.Result(0, 0, 1), sink.accept(batch("[1]")));
        }
        assertEquals(a + "\n" + b + "\n", Files.readString(file));
        try (AlertSink sink = new AlertSink(new JsonLinesFile("t", file, 1 << 20, 1, FsyncPolicy.interval(1000)),
                List.of(), new DedupWindow(dir, 100))) {
            assertEquals(new AlertSink.Result(0, 2, 0), sink.accept(batch(a + "\n" + b)), "after a restart too");
        }
    }

    @Test
    void aBatchWhoseWriteFailsLeavesNoIdBehindSoItsResendIsStored() throws IOException {
        Path file = dir.resolve("alerts.jsonl");
        JsonLinesFile broken = new JsonLinesFile("t", file, 1 << 20, 1, FsyncPolicy.interval(1000));
        DedupWindow dedup = new DedupWindow(dir, 100);
        AlertSink sink = new AlertSink(broken, List.of(), dedup);
        sink.accept(batch("{\"AlertId\":\"old\"}"));
        broken.close(); // the next write fails
        assertThrows(IOException.class, () -> sink.write(batch("{\"AlertId\":\"x\"}\n{\"AlertId\":\"y\"}")));
        assertFalse(dedup.contains("x"));
        assertFalse(dedup.contains("y"));
        assertTrue(dedup.contains("old"));
        dedup.close();
        try (DedupWindow reopened = new DedupWindow(dir, 100)) {
            assertTrue(reopened.contains("old"));
            assertFalse(reopened.contains("x"), "the failed batch's ids never reach the dedup log");
        }
    }

    @Test
    void batchesWhoseSyncFailsLeaveNoIdBehindSoTheirResendIsStored() throws IOException {
        Path file = dir.resolve("alerts.jsonl");
        JsonLinesFile real = new JsonLinesFile("t", file, 1 << 20, 1, FsyncPolicy.interval(1000));
        boolean[] failNext = {false};
        LineBlockFile flaky = new LineBlockFile() {
            @Override
            public void writeLines(byte[] buf, int off, int len, int lines) throws IOException {
                real.writeLines(buf, off, len, lines);
            }

            @Override
            public void flush() throws IOException {
                if (failNext[0]) {
                    failNext[0] = false;
                    throw new IOException("EIO");
                }
                real.flush();
            }

            @Override
            public void close() throws IOException {
                real.close();
            }
        };
        try (AlertSink sink = new AlertSink(flaky, List.of(), new DedupWindow(dir, 100))) {
            sink.accept(batch("{\"AlertId\":\"old\"}"));
            // Two batches of one group commit, then the force fails: neither may be acknowledged as stored later.
            sink.write(batch("{\"AlertId\":\"x\"}"));
            sink.write(batch("{\"AlertId\":\"y\"}"));
            failNext[0] = true;
            assertThrows(IOException.class, sink::sync);
            assertEquals(new AlertSink.Result(2, 1, 0),
                    sink.accept(batch("{\"AlertId\":\"x\"}\n{\"AlertId\":\"y\"}\n{\"AlertId\":\"old\"}")),
                    "the resend is stored again; the alert synced before stays a duplicate");
        }
        try (DedupWindow reopened = new DedupWindow(dir, 100)) {
            assertTrue(reopened.contains("x") && reopened.contains("y") && reopened.contains("old"));
        }
    }
}

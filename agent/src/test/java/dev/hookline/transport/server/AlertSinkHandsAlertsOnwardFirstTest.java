package dev.hookline.transport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hookline.output.AlertOutput;
import dev.hookline.output.LineBlockFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector hands a batch's new alerts to its onward outputs (Kafka, Sentinel) before the alert file, and
 * forces their spools before the file: a collector that dies at the file write has already given them onward, and
 * the agent's resend (the batch was never acknowledged) gives them onward again rather than never.
 */
class AlertSinkHandsAlertsOnwardFirstTest {
    @TempDir
    Path dir;

    private static final class Recorder implements AlertOutput {
        final List<String> events = new ArrayList<>();

        @Override
        public String name() {
            return "onward";
        }

        @Override
        public void write(String line) {
            events.add("write " + line);
        }

        @Override
        public void flush() {
            events.add("flush");
        }

        @Override
        public void close() {
        }

        @Override
        public Map<String, Long> counters() {
            return Map.of();
        }
    }

    @Test
    void theOnwardOutputsHoldTheBatchBeforeTheAlertFileIsWrittenOrForced() throws IOException {
        Recorder onward = new Recorder();
        List<String> order = onward.events;
        boolean[] dies = {true};
        LineBlockFile file = new LineBlockFile() {
            @Override
            public void writeLines(byte[] buf, int off, int len, int lines) throws IOException {
                order.add("file write");
                if (dies[0]) {
                    throw new IOException("the collector dies here");
                }
            }

            @Override
            public void flush() {
                order.add("file flush");
            }

            @Override
            public void close() {
            }
        };
        BatchLines batch = BatchLines.parse("{\"AlertId\":\"a\"}\n{\"AlertId\":\"b\"}".getBytes(StandardCharsets.UTF_8),
                1000);
        try (DedupWindow dedup = new DedupWindow(dir, 100)) {
            AlertSink sink = new AlertSink(file, List.of(onward), dedup);
            assertThrows(IOException.class, () -> sink.accept(batch));
            assertEquals(List.of("write {\"AlertId\":\"a\"}", "write {\"AlertId\":\"b\"}", "file write"), order,
                    "onward first: nothing the file took is missing onward");
            order.clear();
            dies[0] = false;
            // the agent resends the unacknowledged batch: stored, and onward again (same AlertIds), then synced
            assertEquals(new AlertSink.Result(2, 0, 0), sink.accept(batch));
            assertEquals(List.of("write {\"AlertId\":\"a\"}", "write {\"AlertId\":\"b\"}", "file write", "flush",
                    "file flush"), order, "the onward spools are forced before the file and the acknowledgement");
        }
    }
}

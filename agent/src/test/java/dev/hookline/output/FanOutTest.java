package dev.hookline.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FanOutTest {
    @TempDir
    Path dir;

    private static final class Broken implements AlertOutput {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public void write(String jsonLine) throws IOException {
            throw new IOException("connection refused");
        }

        @Override
        public void flush() {
            throw new IllegalStateException("down");
        }

        @Override
        public void close() {
        }

        @Override
        public Map<String, Long> counters() {
            return Map.of();
        }
    }

    private static final class Memory implements AlertOutput {
        final List<String> lines = new ArrayList<>();

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public void write(String jsonLine) {
            lines.add(jsonLine);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public Map<String, Long> counters() {
            return Map.of("kept", (long) lines.size());
        }
    }

    @Test
    void oneFailingOutputIsCountedAndDoesNotStopTheOthers() throws IOException {
        Memory memory = new Memory();
        JsonLinesFile file = new JsonLinesFile("file", dir.resolve("alerts.jsonl"), 1 << 20, 5, FsyncPolicy.never());
        FanOut fan = new FanOut(List.of(new Broken(), memory, file));
        fan.write("{\"n\":1}");
        fan.write("{\"n\":2}");
        fan.flush();
        fan.close();
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), memory.lines);
        assertEquals("{\"n\":1}\n{\"n\":2}\n", Files.readString(dir.resolve("alerts.jsonl")));
        assertEquals(3, fan.failures(0), "two writes and one flush failed");
        Map<String, Long> c = fan.counters();
        assertEquals(3L, c.get("broken_failures"));
        assertEquals(0L, c.get("broken_delivered"));
        assertEquals(2L, c.get("memory_delivered"));
        assertEquals(2L, c.get("memory_kept"));
        assertEquals(2L, c.get("file_lines_written"));
    }
}

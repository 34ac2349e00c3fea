package dev.hookline.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.hookline.schema.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawEventFilesTest {
    @TempDir
    Path dir;

    @Test
    void eachTableGetsItsOwnRotatingFile() throws IOException {
        try (RawEventFiles raw = new RawEventFiles(dir.resolve("events"), 1 << 20, 2, FsyncPolicy.never())) {
            raw.write(Table.DeviceProcessEvents, "{\"p\":1}");
            raw.write(Table.DeviceNetworkEvents, "{\"n\":1}");
            raw.write(Table.DeviceProcessEvents, "{\"p\":2}");
            assertEquals(2L, raw.counters().get("raw_DeviceProcessEvents_lines_written"));
        }
        assertEquals("{\"p\":1}\n{\"p\":2}\n", Files.readString(dir.resolve("events/DeviceProcessEvents.jsonl")));
        assertEquals("{\"n\":1}\n", Files.readString(dir.resolve("events/DeviceNetworkEvents.jsonl")));
        assertFalse(Files.exists(dir.resolve("events/DeviceFileEvents.jsonl")), "opened on first event only");
    }
}

package dev.hookline.writes;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import org.junit.jupiter.api.Test;

/** The thread-safe summary never says "no" for a path written within its age. */
class WrittenPathsTest {
    private static final long S = 1_000_000_000L;

    @Test
    void aWrittenPathIsRememberedForTheIndexAgeAndAnUnwrittenOneIsNot() {
        WrittenPaths w = new WrittenPaths(1 << 16, 3600 * S);
        w.written("/tmp/payload", 100 * S);
        assertTrue(w.mayHaveWritten("/tmp/payload", 100 * S));
        assertTrue(w.mayHaveWritten("/tmp/payload", 3600 * S));
        assertFalse(w.mayHaveWritten("/tmp/payload", 100 * S + 3600 * S + RecentWrites.CLOCK_ALLOWANCE_NANOS + 1));
        assertFalse(w.mayHaveWritten("/usr/bin/true", 100 * S));
        assertFalse(w.mayHaveWritten(null, 100 * S));
        assertFalse(w.mayHaveWritten("", 100 * S));
    }

    @Test
    void manyPathsInFewSlotsOnlyEverErrOnTheSideOfMaybe() {
        WrittenPaths w = new WrittenPaths(64, 3600 * S);
        for (int i = 0; i < 10_000; i++) {
            w.written("/build/obj/" + i + ".o", (i + 1) * S / 1000);
        }
        for (int i = 0; i < 10_000; i++) {
            assertTrue(w.mayHaveWritten("/build/obj/" + i + ".o", 20 * S), "path " + i);
        }
    }

    @Test
    void recentWritesSharesWhatItRecords() {
        RecentWrites index = new RecentWrites();
        WrittenPaths w = new WrittenPaths();
        index.share(w);
        index.observe(new Event(Table.DeviceFileEvents).set(Columns.ACTION_TYPE, "FileCreated")
                .set(Columns.FOLDER_PATH, "/tmp/jsextension").set(Columns.TIMESTAMP, 50 * S));
        index.observe(new Event(Table.DeviceProcessEvents).set(Columns.ACTION_TYPE, "ProcessCreated")
                .set(Columns.FOLDER_PATH, "/usr/bin/curl").set(Columns.TIMESTAMP, 50 * S));
        assertTrue(w.mayHaveWritten("/tmp/jsextension", 51 * S));
        assertFalse(w.mayHaveWritten("/usr/bin/curl", 51 * S), "only file writes count");
    }
}

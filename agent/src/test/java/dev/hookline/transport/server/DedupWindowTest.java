package dev.hookline.transport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DedupWindowTest {
    @TempDir
    Path dir;

    @Test
    void idsSurviveARestartAndATornLastLineIsIgnored() throws IOException {
        try (DedupWindow w = new DedupWindow(dir, 100)) {
            w.add("a");
            w.add("b");
            w.flush();
        }
        Files.writeString(dir.resolve(DedupWindow.FILE), "c-torn", StandardOpenOption.APPEND);
        try (DedupWindow w = new DedupWindow(dir, 100)) {
            assertTrue(w.contains("a"));
            assertTrue(w.contains("b"));
            assertFalse(w.contains("c-torn"));
            assertEquals(2, w.loadedAtStart());
            w.add("c");
        }
        try (DedupWindow w = new DedupWindow(dir, 100)) {
            assertTrue(w.contains("c"), "close flushes");
        }
    }

    @Test
    void theWindowIsBoundedOldestOutAndTheFileIsCompacted() throws IOException {
        try (DedupWindow w = new DedupWindow(dir, 10)) {
            for (int i = 0; i < 100; i++) {
                w.add("id" + i);
                w.flush();
            }
            assertEquals(10, w.size());
            assertFalse(w.contains("id89"));
            assertTrue(w.contains("id90"));
            assertTrue(Files.readAllLines(dir.resolve(DedupWindow.FILE)).size() <= 21);
        }
        try (DedupWindow w = new DedupWindow(dir, 10)) {
            assertTrue(w.contains("id99"));
            assertFalse(w.contains("id50"));
        }
    }

    @Test
    void aRollbackForgetsTheIdsAddedSinceTheMarkInMemoryAndOnDisk() throws IOException {
        try (DedupWindow w = new DedupWindow(dir, 100)) {
            w.add("kept");
            DedupWindow.Mark m = w.mark();
            w.add("x");
            w.add("y");
            w.rollback(m);
            assertFalse(w.contains("x"));
            assertFalse(w.contains("y"));
            assertTrue(w.contains("kept"));
            assertEquals(1, w.size());
            w.add("x"); // the resend
            assertTrue(w.contains("x"));
        }
        assertEquals(java.util.List.of("kept", "x"), Files.readAllLines(dir.resolve(DedupWindow.FILE)));
    }
}

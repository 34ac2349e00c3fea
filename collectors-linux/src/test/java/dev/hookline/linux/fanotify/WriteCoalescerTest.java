package dev.hookline.linux.fanotify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteCoalescerTest {
    private static final long MS = 1_000_000L;
    private final List<String> out = new ArrayList<>();
    private final WriteCoalescer c = new WriteCoalescer(1000 * MS, 30_000 * MS, 3,
            (action, path, who, pid, epoch) -> out.add(action + " " + path + " " + pid + "@" + epoch));

    @Test
    void manyWritesThenCloseAreOneModifiedRowTimedAtTheFirstWrite() {
        for (int i = 0; i < 100; i++) {
            c.modified("/r/Makefile", 7, null, 1000 + i, i * MS);
        }
        c.closed("/r/Makefile");
        c.closed("/r/Makefile");
        assertEquals(List.of("FileModified /r/Makefile 7@1000"), out);
    }

    @Test
    void createThenWritesAreOneCreatedRow() {
        c.created("/r/ci.yml", 7, null, 5, 0);
        c.modified("/r/ci.yml", 7, null, 6, MS);
        c.closed("/r/ci.yml");
        assertEquals(List.of("FileCreated /r/ci.yml 7@5"), out);
    }

    @Test
    void nextDueIsTheEarliestQuietOrMaxLengthEndAndASweepThenEmitsThatBurst() {
        assertEquals(Long.MAX_VALUE, c.nextDue());
        c.modified("/r/a", 1, null, 1, 0);
        c.modified("/r/b", 1, null, 1, 500 * MS);
        assertEquals(1000 * MS, c.nextDue(), "/r/a goes quiet first");
        for (long t = 900; t <= 29_900; t += 900) {
            c.modified("/r/a", 1, null, 1, t * MS); // /r/a never goes quiet: its max length ends it
            c.modified("/r/b", 1, null, 1, t * MS);
        }
        assertEquals(30_000 * MS, c.nextDue(), "/r/a's 30 s maximum comes before either goes quiet");
        c.sweep(c.nextDue() - 1);
        assertEquals(List.of(), out);
        c.sweep(c.nextDue());
        assertEquals(1, out.size());
        assertTrue(out.get(0).contains("/r/a"));
    }

    @Test
    void quietPeriodEndsAnUnclosedBurstAndMaxLengthCutsAnEndlessOne() {
        c.modified("/r/a", 1, null, 1, 0);
        c.sweep(999 * MS);
        assertEquals(List.of(), out);
        c.sweep(1000 * MS);
        assertEquals(List.of("FileModified /r/a 1@1"), out);
        out.clear();
        for (long t = 0; t <= 31_000; t += 500) {
            c.modified("/r/log", 1, null, t, 2000 * MS + t * MS);
            c.sweep(2000 * MS + t * MS);
        }
        assertEquals(List.of("FileModified /r/log 1@0"), out, "cut at 30 s although writes never paused");
        assertEquals(1, c.size(), "the next burst is under way");
    }

    @Test
    void anotherWriterStartsANewBurstAndDeleteFlushesFirst() {
        c.modified("/r/a", 1, null, 1, 0);
        c.modified("/r/a", 2, null, 2, MS);
        c.flush("/r/a");
        assertEquals(List.of("FileModified /r/a 1@1", "FileModified /r/a 2@2"), out);
    }

    @Test
    void pendingBurstsAreBounded() {
        for (int i = 0; i < 4; i++) {
            c.modified("/r/f" + i, 1, null, i, 0);
        }
        assertEquals(3, out.size());
        assertEquals(1, c.size());
        assertEquals(1, c.forcedFlushes);
    }

    @Test
    void openBurstsAreInThePendingPathsUntilTheirRowLeaves() {
        PendingPaths open = new PendingPaths();
        WriteCoalescer w = new WriteCoalescer(1000 * MS, 30_000 * MS, 3,
                (action, path, who, pid, epoch) -> assertTrue(open.contains(path), "still pending while emitted"),
                open);
        w.created("/r/tool", 7, null, 5, 0);
        w.modified("/r/other", 8, null, 6, 0);
        assertTrue(open.contains("/r/tool") && open.contains("/r/other"));
        w.closed("/r/tool");
        assertFalse(open.contains("/r/tool"));
        assertTrue(open.contains("/r/other"));
        w.sweep(2000 * MS);
        assertEquals(0, open.size());
    }
}

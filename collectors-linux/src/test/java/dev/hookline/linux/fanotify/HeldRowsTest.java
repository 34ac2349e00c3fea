package dev.hookline.linux.fanotify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hold queue: rows leave in order, after the hold time, or early up to the last row of a file being run. */
class HeldRowsTest {
    private final List<String> out = new ArrayList<>();
    private final PendingPaths pending = new PendingPaths();
    private final HeldRows held = new HeldRows(new InitiatorLookup(null, "h"), pending,
            (row, who, pid) -> out.add(row.getString(Columns.FOLDER_PATH) + " " + pid));

    private void hold(String path, long pid, long mono) {
        Event e = new Event(Table.DeviceFileEvents);
        e.set(Columns.FOLDER_PATH, path);
        held.hold(e, null, pid, 0, mono);
    }

    @Test
    void rowsAreReleasedInOrderOnceTheyHaveWaitedTheHoldTime() {
        hold("/a", 1, 0);
        hold("/b", 2, 100_000_000L);
        assertEquals(HeldRows.HOLD_MS * 1_000_000L, held.firstDue());
        assertTrue(pending.contains("/a") && pending.contains("/b"));
        held.releaseDue(HeldRows.HOLD_MS * 1_000_000L - 1, false);
        assertEquals(List.of(), out);
        held.releaseDue(HeldRows.HOLD_MS * 1_000_000L, false);
        assertEquals(List.of("/a 1"), out);
        assertFalse(pending.contains("/a"));
        held.releaseDue(0, true);
        assertEquals(List.of("/a 1", "/b 2"), out);
        assertTrue(held.isEmpty());
        assertEquals(Long.MAX_VALUE, held.firstDue());
    }

    @Test
    void anExecReleasesEveryRowUpToTheLastOneForItsImage() {
        hold("/tool", 1, 0);
        hold("/x", 2, 0);
        hold("/tool", 3, 0);
        hold("/y", 4, 0);
        assertEquals(0, held.releaseThrough("/other"));
        assertEquals(3, held.releaseThrough("/tool"));
        assertEquals(List.of("/tool 1", "/x 2", "/tool 3"), out);
        assertFalse(pending.contains("/tool"));
        assertTrue(pending.contains("/y"));
    }
}

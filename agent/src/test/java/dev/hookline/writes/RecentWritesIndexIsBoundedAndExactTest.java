package dev.hookline.writes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The index of recent writes: what it records and forgets, its window, its bound, and its counters. */
class RecentWritesIndexIsBoundedAndExactTest {
    static final long S = 1_000_000_000L;
    static final long T0 = 1_700_000_000L * S;

    static Event file(String action, String path, long t, long pid, String name) {
        return new Event(Table.DeviceFileEvents).set(Columns.ACTION_TYPE, action).set(Columns.FOLDER_PATH, path)
                .setTime(Columns.TIMESTAMP, t).set(Columns.INITIATING_PROCESS_ID, pid)
                .set(Columns.INITIATING_PROCESS_FILE_NAME, name).set(Columns.INITIATING_PROCESS_COMMAND_LINE, name + " x")
                .set(Columns.INITIATING_PROCESS_PARENT_ID, pid - 1).set(Columns.INITIATING_PROCESS_PARENT_FILE_NAME, "sh");
    }

    @Test
    void recordsCreatesModifiesAndRenamesWithTheirWriter() {
        RecentWrites w = new RecentWrites();
        w.observe(file("FileCreated", "/tmp/a", T0, 10, "curl"));
        int h = w.find("/tmp/a", T0 + 5 * S, 60 * S);
        assertTrue(h >= 0);
        assertEquals("curl", w.writerFileName(h));
        assertEquals("curl x", w.writerCommandLine(h));
        assertEquals(10, w.writerPid(h));
        assertEquals(9, w.writerParentPid(h));
        assertEquals("sh", w.writerParentFileName(h));
        w.observe(file("FileModified", "/tmp/a", T0 + S, 11, "python3"));
        assertEquals("python3", w.writerFileName(w.find("/tmp/a", T0 + 5 * S, 60 * S)), "the last writer wins");
        assertEquals(1, w.size());
    }

    @Test
    void aRenameMovesTheFileAndADeleteForgetsIt() {
        RecentWrites w = new RecentWrites();
        w.observe(file("FileCreated", "/tmp/x.part", T0, 10, "wget"));
        Event mv = file("FileRenamed", "/tmp/x", T0 + S, 12, "mv").set(Columns.PREVIOUS_FOLDER_PATH, "/tmp/x.part");
        w.observe(mv);
        assertEquals(-1, w.find("/tmp/x.part", T0 + 2 * S, 60 * S));
        assertEquals("mv", w.writerFileName(w.find("/tmp/x", T0 + 2 * S, 60 * S)), "the renamer put it in place");
        w.observe(file("FileDeleted", "/tmp/x", T0 + 3 * S, 13, "rm"));
        assertEquals(-1, w.find("/tmp/x", T0 + 4 * S, 60 * S));
        assertEquals(0, w.size());
    }

    @Test
    void onlyWritesInsideTheWindowCount() {
        RecentWrites w = new RecentWrites();
        w.observe(file("FileCreated", "/tmp/a", T0, 10, "curl"));
        assertTrue(w.find("/tmp/a", T0 + 600 * S, 600 * S) >= 0);
        assertEquals(-1, w.find("/tmp/a", T0 + 601 * S, 600 * S));
        assertTrue(w.find("/tmp/a", T0 - S, 600 * S) >= 0, "a write stamped just after the exec (read-time clocks)");
        assertEquals(-1, w.find("/tmp/a", T0 - 3 * S, 600 * S), "a write clearly after the exec does not count");
        assertEquals(-1, w.find("/tmp/b", T0, 600 * S));
        assertEquals(-1, w.find("/tmp/a", Event.NULL, 600 * S));
    }

    @Test
    void otherTablesAndRowsWithoutPathOrTimeAreIgnored() {
        RecentWrites w = new RecentWrites();
        w.observe(new Event(Table.DeviceProcessEvents).set(Columns.FOLDER_PATH, "/tmp/a")
                .set(Columns.ACTION_TYPE, "FileCreated").setTime(Columns.TIMESTAMP, T0));
        w.observe(new Event(Table.DeviceFileEvents).set(Columns.ACTION_TYPE, "FileCreated").setTime(Columns.TIMESTAMP, T0));
        w.observe(new Event(Table.DeviceFileEvents).set(Columns.ACTION_TYPE, "FileCreated").set(Columns.FOLDER_PATH, "/x"));
        assertEquals(0, w.size());
        assertEquals(0, w.recorded());
    }

    @Test
    void aFullIndexEvictsTheOldestAndCountsIt() {
        RecentWrites w = new RecentWrites(4, 3600 * S);
        for (int i = 0; i < 6; i++) {
            w.observe(file("FileCreated", "/f" + i, T0 + i * S, 10, "curl"));
        }
        assertEquals(4, w.size());
        assertEquals(2, w.evicted());
        assertEquals(-1, w.find("/f0", T0 + 10 * S, 60 * S));
        assertEquals(-1, w.find("/f1", T0 + 10 * S, 60 * S));
        assertTrue(w.find("/f5", T0 + 10 * S, 60 * S) >= 0);
    }

    @Test
    void entriesPastMaxAgeExpireWithoutCountingAsEvictions() {
        RecentWrites w = new RecentWrites(4, 60 * S);
        w.observe(file("FileCreated", "/old", T0, 10, "curl"));
        w.observe(file("FileCreated", "/new", T0 + 120 * S, 10, "curl"));
        assertEquals(1, w.size());
        assertEquals(1, w.expired());
        assertEquals(0, w.evicted());
    }

    /** Random creates, rewrites, renames and deletes against a plain LinkedHashMap model of the same bound. */
    @Test
    void agreesWithASimpleModelUnderChurn() {
        Random rnd = new Random(7);
        int cap = 64;
        RecentWrites w = new RecentWrites(cap, Long.MAX_VALUE / 4);
        Map<String, String> model = new LinkedHashMap<>();
        for (int i = 0; i < 50_000; i++) {
            String p = "/d/" + rnd.nextInt(200);
            long t = T0 + i;
            int op = rnd.nextInt(10);
            if (op < 6) {
                String writer = "w" + i;
                w.observe(file(op < 3 ? "FileCreated" : "FileModified", p, t, 10, writer));
                model.remove(p);
                model.put(p, writer);
            } else if (op < 8) {
                w.observe(file("FileDeleted", p, t, 10, "rm"));
                model.remove(p);
            } else {
                String to = "/d/" + rnd.nextInt(200);
                w.observe(file("FileRenamed", to, t, 10, "mv" + i).set(Columns.PREVIOUS_FOLDER_PATH, p));
                model.remove(p);
                model.remove(to);
                model.put(to, "mv" + i);
            }
            // the model keeps the newest `cap` paths; the index may keep fewer (holes) but never other ones
            while (model.size() > cap) {
                model.remove(model.keySet().iterator().next());
            }
            if (i % 97 == 0) {
                for (int k = 0; k < 200; k++) {
                    String q = "/d/" + k;
                    int h = w.find(q, T0 + i, Long.MAX_VALUE / 4);
                    if (h >= 0) {
                        assertEquals(model.get(q), w.writerFileName(h), q + " at step " + i);
                    }
                }
                assertTrue(w.size() <= cap);
            }
        }
        // the most recent write is always findable
        w.observe(file("FileCreated", "/d/last", T0 + 60_000, 10, "curl"));
        assertTrue(w.find("/d/last", T0 + 60_000, 1000) >= 0);
    }
}

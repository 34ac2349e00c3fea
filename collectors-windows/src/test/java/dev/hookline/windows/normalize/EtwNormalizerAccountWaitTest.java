package dev.hookline.windows.normalize;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.collector.HostIdentity;
import dev.hookline.process.Account;
import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.windows.etw.EtwRecord;
import dev.hookline.windows.testing.Capture;
import dev.hookline.windows.testing.Etw;
import dev.hookline.windows.testing.Records;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Process rows and account names looked up off the callback thread: held (bounded), then filled in later. */
class EtwNormalizerAccountWaitTest {
    static final long T0 = 1_795_000_000_000_000_000L;
    static final long MS = 1_000_000L;
    static final String VOL = "\\Device\\HarddiskVolume3";
    static final String NEW_USER = "S-1-5-21-1-2-3-1107";

    /** A resolver whose lookups end when the test says (as AccountCache's, without its thread). */
    static final class SlowResolver implements SidResolver {
        final Set<String> done = new HashSet<>();
        int calls;

        @Override
        public Account account(String sid) {
            calls++;
            if (sid == null) {
                return Account.UNKNOWN;
            }
            return done.contains(sid) ? new Account("newhire", "CORP", sid) : new Account(null, null, sid);
        }

        @Override
        public boolean settled(String sid) {
            return sid == null || done.contains(sid);
        }
    }

    Capture sink;
    ProcessTable table;
    SlowResolver sids;
    long wall;
    EtwNormalizer n;
    final EtwRecord rec = new EtwRecord();

    @BeforeEach
    void setUp() {
        sink = new Capture();
        table = new ProcessTable(60_000 * MS);
        table.put(new ProcessInfo(700, 4, T0 - 60_000 * MS, "C:\\Windows\\System32\\userinit.exe", "userinit.exe", -1,
                new Account("SYSTEM", "NT AUTHORITY", "S-1-5-18")));
        sids = new SlowResolver();
        wall = 5_000 * MS;
        n = new EtwNormalizer(sink, table, new HostIdentity("win-07", "dev-id"), sids,
                new DevicePaths(Map.of(VOL, "C:")), true, EtwNormalizer.DEFAULT_JOIN_WINDOW_NANOS, 31337,
                200 * MS, () -> wall);
    }

    void feed(Records.Built b) {
        n.accept(rec.read(b.pointer()));
    }

    void startExplorer(long at) {
        feed(Etw.processStart(at, 700, 812, 700, VOL + "\\Windows\\explorer.exe"));
        feed(Etw.classic(1, at + MS, 812, 700, NEW_USER, "explorer.exe", "C:\\Windows\\explorer.exe"));
    }

    void tick(long at) {
        feed(Etw.tcp(12, at, 4, new byte[] {10, 0, 0, 9}, 445, new byte[] {10, 0, 0, 5}, 50000));
    }

    @Test
    void aProcessRowWaitsForItsAccountNamesAndGoesOutWithThemWhenTheLookupEnds() {
        startExplorer(T0);
        assertTrue(sink.events.stream().noneMatch(e -> "ProcessCreated".equals(e.getString(Columns.ACTION_TYPE))),
                "held while the SID is looked up");
        wall += 20 * MS;
        sids.done.add(NEW_USER);
        tick(T0 + 30 * MS);
        Event e = sink.events.stream().filter(x -> "ProcessCreated".equals(x.getString(Columns.ACTION_TYPE)))
                .findFirst().orElseThrow();
        assertEquals("newhire", e.getString(Columns.ACCOUNT_NAME));
        assertEquals("CORP", e.getString(Columns.ACCOUNT_DOMAIN));
        assertEquals(NEW_USER, e.getString(Columns.ACCOUNT_SID));
        assertTrue(e.isNull(Columns.ADDITIONAL_FIELDS));
        assertEquals(1L, n.counters().get("account_waits"));
        assertEquals(0L, n.counters().get("account_wait_timeouts"));
    }

    @Test
    void pastTheWaitTheRowGoesOutWithTheSidOnlyAndTheProcessGetsTheNamesWhenTheyArrive() {
        startExplorer(T0);
        wall += 250 * MS;
        tick(T0 + 10 * MS);
        Event e = sink.events.stream().filter(x -> "ProcessCreated".equals(x.getString(Columns.ACTION_TYPE)))
                .findFirst().orElseThrow();
        assertTrue(e.isNull(Columns.ACCOUNT_NAME));
        assertEquals(NEW_USER, e.getString(Columns.ACCOUNT_SID));
        assertTrue(e.getString(Columns.ADDITIONAL_FIELDS).contains("\"AccountNameUnresolved\":true"),
                e.getString(Columns.ADDITIONAL_FIELDS));
        assertEquals(1L, n.counters().get("account_wait_timeouts"));
        assertNull(table.get(812).account().name());

        sids.done.add(NEW_USER);
        wall += 5 * MS;
        tick(T0 + 20 * MS);
        assertEquals("newhire", table.get(812).account().name(), "filled from the cache later");
        assertEquals(1L, n.counters().get("accounts_filled_later"));
        feed(Etw.fileCreate(30, T0 + 30 * MS, 812, 0xF1, 0, VOL + "\\Users\\newhire\\a.txt"));
        Event file = sink.events.get(sink.events.size() - 1);
        assertEquals("FileCreated", file.getString(Columns.ACTION_TYPE));
        assertEquals("newhire", file.getString(Columns.INITIATING_PROCESS_ACCOUNT_NAME));
    }

    @Test
    void aHeldProcessIsTheInitiatorOfItsOwnEventsMeanwhile() {
        startExplorer(T0);
        feed(Etw.fileCreate(30, T0 + 5 * MS, 812, 0xF2, 0, VOL + "\\Users\\newhire\\b.txt"));
        Event file = sink.events.get(sink.events.size() - 1);
        assertEquals("explorer.exe", file.getString(Columns.INITIATING_PROCESS_FILE_NAME));
        assertEquals("C:\\Windows\\explorer.exe", file.getString(Columns.INITIATING_PROCESS_COMMAND_LINE));
    }

    @Test
    void aHeldRowGoesOutBeforeItsProcessExitsAndAtClose() {
        startExplorer(T0);
        feed(Etw.processStop(T0 + 5 * MS, 812));
        assertEquals(1, sink.events.size(), "emitted at the stop, not after");
        assertEquals(812, sink.events.get(0).getLong(Columns.PROCESS_ID));
        startExplorer(T0 + 10 * MS);
        n.flush();
        assertEquals(2, sink.events.size());
        assertEquals(0L, n.counters().get("account_rows_held"));
    }

    @Test
    void aKnownSidIsNotWaitedFor() {
        sids.done.add(NEW_USER);
        startExplorer(T0);
        assertEquals(1, sink.events.size());
        assertEquals("newhire", sink.events.get(0).getString(Columns.ACCOUNT_NAME));
        assertEquals(0L, n.counters().get("account_waits"));
    }
}

package dev.hookline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreRoundTripsEveryColumnTest {
    @TempDir
    Path dir;

    @Test
    void everyColumnOfEveryTableComesBackExactlyWithNullsKeptNull() throws Exception {
        List<Event> written = new ArrayList<>();
        try (EventStore store = EventStore.open(StoreSettings.of(dir, Long.MAX_VALUE / 2, Long.MAX_VALUE), null)) {
            long seq = 0;
            for (int i = 0; i < 300; i++) {
                for (Table t : Table.values()) {
                    Event e = i % 5 == 4 ? StoreEvents.sparse(t, i, StoreEvents.T0 + i) : StoreEvents.full(t, i, StoreEvents.T0 + i);
                    written.add(e);
                    assertTrue(store.offer(e, seq++));
                }
            }
            assertTrue(store.flush(10_000));
            assertEquals(900L, store.counters().get("store_events_written"));
        }
        for (Table t : Table.values()) {
            List<Event> back = new ArrayList<>();
            new StoreReader(dir).scan(t, e -> back.add(e.copy()));
            List<Event> expected = written.stream().filter(e -> e.table() == t).toList();
            assertEquals(expected.size(), back.size(), t.name());
            for (int i = 0; i < back.size(); i++) {
                StoreEvents.assertSame(expected.get(i), back.get(i));
            }
        }
        assertTrue(Files.exists(dir.resolve("DeviceProcessEvents/2026-12-07T15.seg")));
    }

    @Test
    void theStoreIsReadableByItsOwnerOnlyForItHoldsEveryCommandLine() throws Exception {
        Path root = dir.resolve("store");
        try (EventStore store = EventStore.open(StoreSettings.of(root, Long.MAX_VALUE / 2, Long.MAX_VALUE), null)) {
            store.offer(StoreEvents.full(Table.DeviceProcessEvents, 1, StoreEvents.T0), 0);
            assertTrue(store.flush(10_000));
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                root.resolve("DeviceProcessEvents"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                root.resolve("DeviceProcessEvents/2026-12-07T15.seg"))));
    }

    @Test
    void eventsGoToTheSegmentOfTheirTimestampsHourAndARangeReadsOnlyThatRange() throws Exception {
        long hour = Segments.HOUR_NANOS;
        try (EventStore store = EventStore.open(StoreSettings.of(dir, Long.MAX_VALUE / 2, Long.MAX_VALUE), null)) {
            for (int i = 0; i < 30; i++) {
                store.offer(StoreEvents.sparse(Table.DeviceProcessEvents, i, StoreEvents.T0 + i * hour / 10), i);
            }
            assertTrue(store.flush(10_000));
        }
        assertTrue(Files.exists(dir.resolve("DeviceProcessEvents/2026-12-07T15.seg")));
        assertTrue(Files.exists(dir.resolve("DeviceProcessEvents/2026-12-07T17.seg")));
        StoreReader all = new StoreReader(dir);
        List<Long> times = new ArrayList<>();
        all.scan(Table.DeviceProcessEvents, e -> times.add(e.getLong(Columns.TIMESTAMP)));
        assertEquals(30, times.size());
        long from = StoreEvents.T0 + 10 * hour / 10;
        long to = StoreEvents.T0 + 20 * hour / 10;
        StoreReader some = new StoreReader(dir).range(from, to);
        List<Long> in = new ArrayList<>();
        some.scan(Table.DeviceProcessEvents, e -> in.add(e.getLong(Columns.TIMESTAMP)));
        assertEquals(10, in.size(), in.toString());
        assertTrue(in.stream().allMatch(t -> t >= from && t < to));
        assertTrue(some.blocksRead() < all.blocksRead(), "blocks outside the range are not decompressed");
        List<Event> none = new ArrayList<>();
        new StoreReader(dir).scan(Table.DeviceFileEvents, none::add);
        assertEquals(0, none.size());
    }
}

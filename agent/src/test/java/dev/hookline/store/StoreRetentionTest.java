package dev.hookline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.schema.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreRetentionTest {
    static final long HOUR = Segments.HOUR_NANOS;
    static final long DAY = 24 * HOUR;
    @TempDir
    Path dir;

    private static List<Long> hours(Path dir, Table t) throws Exception {
        return Segments.list(dir, t).stream().map(Segments.Segment::hour).toList();
    }

    @Test
    void segmentsWhoseHourEndedLongerAgoThanMaxAgeAreDeletedAndCounted() throws Exception {
        long now = StoreEvents.T0;
        AtomicLong clock = new AtomicLong(now);
        try (EventStore store = EventStore.open(StoreSettings.of(dir, 7 * DAY, Long.MAX_VALUE).withClock(clock::get), null)) {
            int seq = 0;
            for (long t = now - 10 * DAY; t <= now; t += 12 * HOUR) {
                store.offer(StoreEvents.full(Table.DeviceNetworkEvents, seq, t), seq++);
            }
            assertTrue(store.flush(10_000));
            List<Long> left = hours(dir, Table.DeviceNetworkEvents);
            assertEquals(15, left.size(), left.toString()); // 7 days of 12-hour steps, the current hour included
            assertTrue(left.stream().allMatch(h -> (h + 1) * HOUR > now - 7 * DAY), left.toString());
            assertEquals(6L, store.counters().get("store_segments_deleted_age"));
            assertEquals(15L, store.counters().get("store_segments"));
            Long oldest = store.oldestEventNanos();
            assertEquals(now - 7 * DAY, oldest, "the oldest kept event: its hour ends after the bound");

            clock.set(now + 2 * DAY); // time passes: the next tick deletes two more days
            assertTrue(store.flush(10_000));
            assertEquals(11, hours(dir, Table.DeviceNetworkEvents).size());
            assertEquals(10L, store.counters().get("store_segments_deleted_age"));
        }
    }

    @Test
    void beyondMaxBytesTheOldestSegmentsOfAnyTableGoFirstAndTheTotalStaysUnderTheBound() throws Exception {
        long now = StoreEvents.T0;
        long max = 15_000;
        try (EventStore store = EventStore.open(StoreSettings.of(dir, 365 * DAY, max).withClock(() -> now), null)) {
            int seq = 0;
            for (int h = 20; h >= 0; h--) {
                for (int i = 0; i < 20; i++, seq++) {
                    Table t = h % 2 == 0 ? Table.DeviceProcessEvents : Table.DeviceFileEvents;
                    store.offer(StoreEvents.full(t, seq, now - h * HOUR + i), seq);
                }
            }
            assertTrue(store.flush(10_000));
            Map<String, Long> c = store.counters();
            assertTrue(c.get("store_bytes") <= max, c.toString());
            assertTrue(c.get("store_segments_deleted_size") > 0, c.toString());
            long onDisk = 0;
            for (Table t : Table.values()) {
                for (Segments.Segment s : Segments.list(dir, t)) {
                    onDisk += Files.size(s.path());
                }
            }
            assertEquals(c.get("store_bytes"), onDisk, "the index counts what is on disk");
            long newestDeleted = now / HOUR - 20 + c.get("store_segments_deleted_size") - 1;
            for (Table t : Table.values()) {
                assertTrue(hours(dir, t).stream().allMatch(h -> h > newestDeleted), t + " " + hours(dir, t));
            }
            assertTrue(hours(dir, Table.DeviceProcessEvents).contains(now / HOUR), "the newest hour is kept");
        }
    }
}

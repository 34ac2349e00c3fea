package dev.hookline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.ring.OverrunPolicy;
import dev.hookline.ring.RingBuffer;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistorySourceReadsEachEventOnceTest {
    @TempDir
    Path dir;

    private static Event event(int id) {
        Event e = StoreEvents.sparse(Table.DeviceProcessEvents, id, StoreEvents.T0 + id * 1_000_000_000L);
        e.set(Columns.REPORT_ID, id);
        return e;
    }

    private static List<Long> ids(HistorySource s) {
        List<Long> out = new ArrayList<>();
        s.scan(Table.DeviceProcessEvents, e -> out.add(e.getLong(Columns.REPORT_ID)));
        out.sort(null);
        return out;
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void writtenQueuedAndUnconsumedEventsEachCountOnceAndAnEarlierRunComesFromTheStore() throws Exception {
        StoreSettings settings = StoreSettings.of(dir, Long.MAX_VALUE / 2, Long.MAX_VALUE).withTick(3_600_000_000_000L);
        try (EventStore store = EventStore.open(settings, null)) {
            RingBuffer ring = new RingBuffer(64, OverrunPolicy.DROP);
            List<Long> seenByRules = new ArrayList<>();
            var handler = store.tee((e, seq, end) -> seenByRules.add(e.getLong(Columns.REPORT_ID)));
            for (int i = 0; i < 40; i++) {
                ring.publish(event(i));
            }
            ring.drain(handler, 1000);
            assertTrue(store.flush(10_000));
            for (int i = 40; i < 50; i++) {
                ring.publish(event(i));
            }
            ring.drain(handler, 1000); // offered: queued or in an open block (the tick is an hour away)
            for (int i = 50; i < 55; i++) {
                ring.publish(event(i)); // published, not yet consumed
            }
            assertEquals(range(0, 50), seenByRules, "the rules see every event the store is offered");
            long from = StoreEvents.T0;
            assertEquals(range(0, 55), ids(new HistorySource(store, ring, from, Long.MAX_VALUE)));
            assertTrue(store.flush(10_000));
            ring.drain(handler, 1000);
            assertEquals(range(0, 55), ids(new HistorySource(store, ring, from, Long.MAX_VALUE)), "after a flush too");
            assertEquals(range(10, 20), ids(new HistorySource(store, ring, from + 10_000_000_000L,
                    from + 20_000_000_000L)), "a time range: [from, to) of Timestamp");
            assertTrue(store.flush(10_000));
            assertEquals(55L, store.counters().get("store_events_written"));
            assertEquals(range(0, 55), ids(new HistorySource(store, ring, from, Long.MAX_VALUE)), "all in the store");
        }
        try (EventStore store = EventStore.open(settings, null)) {
            RingBuffer ring = new RingBuffer(64, OverrunPolicy.DROP);
            for (int i = 100; i < 103; i++) {
                ring.publish(event(i)); // a new run's ring starts at sequence 0 again
            }
            List<Long> expected = range(0, 55);
            expected.addAll(range(100, 103));
            assertEquals(expected, ids(new HistorySource(store, ring, StoreEvents.T0, Long.MAX_VALUE)));
        }
    }
}

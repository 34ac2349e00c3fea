package dev.hookline.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The ring keeps processed events until overwritten; hunting reads copy them without tearing. */
class RingHistoryTest {
    private static Event event(Table t, long n) {
        return new Event(t).set(Columns.PROCESS_ID, n).set(Columns.FILE_NAME, "f" + n)
                .set(Columns.INITIATING_PROCESS_ID, n);
    }

    @Test
    void processedEventsStayForHuntingUntilOverwritten() {
        RingBuffer ring = new RingBuffer(64, OverrunPolicy.DROP);
        for (int i = 0; i < 100; i++) {
            ring.publish(event(i % 2 == 0 ? Table.DeviceProcessEvents : Table.DeviceFileEvents, i));
            ring.drain((e, seq, end) -> { }, 10);
        }
        List<Long> proc = new ArrayList<>();
        ring.scan(Table.DeviceProcessEvents, e -> proc.add(e.getLong(Columns.PROCESS_ID)));
        assertEquals(32, proc.size(), "the last 64 events, half of them process events");
        assertEquals(36L, proc.get(0));
        assertEquals(98L, proc.get(31));

        RingSnapshot snap = ring.snapshot();
        assertEquals(64, snap.size());
        assertEquals(32, snap.events(Table.DeviceFileEvents).size());
        assertEquals(37L, snap.events(Table.DeviceFileEvents).get(0).getLong(Columns.PROCESS_ID));
        // The snapshot is a copy: later laps do not change it.
        for (int i = 100; i < 200; i++) {
            ring.publish(event(Table.DeviceProcessEvents, i));
            ring.drain((e, seq, end) -> { }, 10);
        }
        assertEquals(37L, snap.events(Table.DeviceFileEvents).get(0).getLong(Columns.PROCESS_ID));
        assertEquals(0, ring.snapshot(Table.DeviceFileEvents).size());
        assertEquals(64, ring.snapshot(Table.DeviceProcessEvents).size());
    }

    @Test
    void unconsumedEventsAreVisibleToHuntingToo() {
        RingBuffer ring = new RingBuffer(64, OverrunPolicy.DROP);
        ring.publish(event(Table.DeviceNetworkEvents, 7));
        assertEquals(1, ring.snapshot(Table.DeviceNetworkEvents).size());
    }

    @Test
    void aConcurrentProducerCannotTearARowReadByAHunt() throws Exception {
        RingBuffer ring = new RingBuffer(64, OverrunPolicy.DROP);
        AtomicBoolean stop = new AtomicBoolean();
        Thread producer = new Thread(() -> {
            Event scratch = new Event();
            long n = 0;
            while (!stop.get()) {
                scratch.reset(Table.DeviceProcessEvents).set(Columns.PROCESS_ID, n)
                        .set(Columns.FILE_NAME, Long.toString(n)).set(Columns.INITIATING_PROCESS_ID, n);
                ring.publish(scratch);
                ring.drain((e, seq, end) -> { }, 64);
                n++;
            }
        });
        producer.start();
        AtomicLong rows = new AtomicLong();
        AtomicLong torn = new AtomicLong();
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            ring.scan(Table.DeviceProcessEvents, e -> {
                rows.incrementAndGet();
                long a = e.getLong(Columns.PROCESS_ID);
                long b = e.getLong(Columns.INITIATING_PROCESS_ID);
                if (a != b || !Long.toString(a).equals(e.getString(Columns.FILE_NAME))) {
                    torn.incrementAndGet();
                }
            });
        }
        stop.set(true);
        producer.join();
        assertTrue(rows.get() > 0);
        assertEquals(0, torn.get(), "every row a hunt sees comes from one publish");
    }
}

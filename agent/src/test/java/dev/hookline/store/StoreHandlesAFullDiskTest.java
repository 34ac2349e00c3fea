package dev.hookline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.schema.Columns;
import dev.hookline.schema.Table;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreHandlesAFullDiskTest {
    @TempDir
    Path dir;
    final AtomicBoolean full = new AtomicBoolean();
    final AtomicLong stall = new AtomicLong();
    final List<String> health = Collections.synchronizedList(new ArrayList<>());

    private StoreSettings settings() {
        return StoreSettings.of(dir, Long.MAX_VALUE / 2, Long.MAX_VALUE)
                .withOpener(p -> new FailingChannel(FileChannel.open(p, ChannelOpener.defaultOptions()), full, stall));
    }

    private List<Long> stored() {
        List<Long> out = new ArrayList<>();
        new StoreReader(dir).scan(Table.DeviceProcessEvents, e -> out.add(e.getLong(Columns.TIMESTAMP) - StoreEvents.T0));
        return out;
    }

    @Test
    void aWriteThatFailsDropsItsBlockRaisesHealthOnceAndWritingRecoversWhenSpaceReturns() throws Exception {
        try (EventStore store = EventStore.open(settings(), (kind, msg) -> health.add(kind + ": " + msg))) {
            int seq = 0;
            for (; seq < 5; seq++) {
                store.offer(StoreEvents.full(Table.DeviceProcessEvents, seq, StoreEvents.T0 + seq), seq);
            }
            assertTrue(store.flush(10_000));
            full.set(true);
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 5; i++, seq++) {
                    store.offer(StoreEvents.full(Table.DeviceProcessEvents, seq, StoreEvents.T0 + seq), seq);
                }
                assertTrue(store.flush(10_000), "a failing disk never stalls or stops the writer");
            }
            Map<String, Long> c = store.counters();
            assertEquals(3L, c.get("store_write_errors"), c.toString());
            assertEquals(3L, c.get("store_blocks_dropped"));
            assertEquals(15L, c.get("store_events_dropped_write_error"));
            assertEquals(1, health.size(), "one alert for the streak, not one per block: " + health);
            assertTrue(health.get(0).startsWith("StoreWriteFailed: ") && health.get(0).contains("No space left on device"),
                    health.get(0));
            full.set(false);
            for (int i = 0; i < 5; i++, seq++) {
                store.offer(StoreEvents.full(Table.DeviceProcessEvents, seq, StoreEvents.T0 + seq), seq);
            }
            assertTrue(store.flush(10_000));
            assertEquals(2, health.size(), health.toString());
            assertTrue(health.get(1).startsWith("StoreWriteRecovered: "), health.get(1));
            assertEquals(10L, store.counters().get("store_events_written"));
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 20L, 21L, 22L, 23L, 24L), stored(),
                "the half-written blocks were cut: the file holds whole blocks only");
    }

    @Test
    void aWriterThatFallsBehindDropsAndCountsWithoutBlockingTheRuleThreadAndRaisesHealth() throws Exception {
        stall.set(300);
        try (EventStore store = EventStore.open(settings().withQueue(16).withBlockBytes(1),
                (kind, msg) -> health.add(kind + ": " + msg))) {
            long start = System.nanoTime();
            int accepted = 0;
            for (int i = 0; i < 2000; i++) {
                if (store.offer(StoreEvents.sparse(Table.DeviceProcessEvents, i, StoreEvents.T0 + i), i)) {
                    accepted++;
                }
            }
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis < 2000, "offer never waits for the disk (waiting would take 37 s): " + tookMillis + " ms");
            assertTrue(accepted < 2000);
            stall.set(0);
            assertTrue(store.flush(20_000));
            Map<String, Long> c = store.counters();
            assertEquals(2000L - accepted, c.get("store_events_dropped_queue_full"), c.toString());
            assertEquals((long) accepted, c.get("store_events_written"), c.toString());
            assertTrue(health.stream().anyMatch(h -> h.startsWith("StoreQueueFull: ")), health.toString());
        }
    }
}

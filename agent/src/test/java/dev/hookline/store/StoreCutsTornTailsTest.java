package dev.hookline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCutsTornTailsTest {
    @TempDir
    Path dir;

    private final Path seg() {
        return dir.resolve("DeviceProcessEvents/2026-12-07T15.seg");
    }

    /** Two flushed blocks (10 events, then 10 more), then a crash: the file ends after the second block. */
    private long[] twoBlocksThenCrash() throws Exception {
        EventStore store = EventStore.open(StoreSettings.of(dir, Long.MAX_VALUE / 2, Long.MAX_VALUE), null);
        for (int i = 0; i < 10; i++) {
            store.offer(StoreEvents.full(Table.DeviceProcessEvents, i, StoreEvents.T0 + i), i);
        }
        assertTrue(store.flush(10_000));
        long firstEnd = Files.size(seg());
        for (int i = 10; i < 20; i++) {
            store.offer(StoreEvents.full(Table.DeviceProcessEvents, i, StoreEvents.T0 + i), i);
        }
        assertTrue(store.flush(10_000));
        store.crashForTest();
        return new long[] {firstEnd, Files.size(seg())};
    }

    private List<Long> pids() {
        List<Long> out = new ArrayList<>();
        new StoreReader(dir).scan(Table.DeviceProcessEvents, e -> out.add(e.getLong(Columns.TIMESTAMP) - StoreEvents.T0));
        return out;
    }

    @Test
    void aBlockCutOffMidWriteIsCutOnReopenAndCountedAndWritingGoesOnAfterIt() throws Exception {
        long[] ends = twoBlocksThenCrash();
        try (FileChannel ch = FileChannel.open(seg(), StandardOpenOption.WRITE)) {
            ch.truncate(ends[0] + (ends[1] - ends[0]) / 2);
        }
        assertEquals(10, pids().size(), "a reader stops at the torn block without failing");
        try (EventStore store = EventStore.open(StoreSettings.of(dir, Long.MAX_VALUE / 2, Long.MAX_VALUE), null)) {
            assertEquals(1L, store.counters().get("store_torn_tails_cut"));
            assertEquals((ends[1] - ends[0]) / 2, store.counters().get("store_torn_bytes_cut"));
            assertEquals(ends[0], Files.size(seg()));
            store.offer(StoreEvents.full(Table.DeviceProcessEvents, 99, StoreEvents.T0 + 99), 0);
            assertTrue(store.flush(10_000));
        }
        List<Long> got = pids();
        assertEquals(11, got.size());
        assertEquals(99L, got.get(10));
    }

    @Test
    void aFlippedByteInTheLastBlockFailsItsCrcAndTheBlockIsCut() throws Exception {
        long[] ends = twoBlocksThenCrash();
        try (RandomAccessFile f = new RandomAccessFile(seg().toFile(), "rw")) {
            long at = ends[1] - 5;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x40);
        }
        try (EventStore store = EventStore.open(StoreSettings.of(dir, Long.MAX_VALUE / 2, Long.MAX_VALUE), null)) {
            assertEquals(1L, store.counters().get("store_torn_tails_cut"));
            assertEquals(ends[1] - ends[0], store.counters().get("store_torn_bytes_cut"));
        }
        assertEquals(10, pids().size());
    }

    @Test
    void aDamagedBlockInTheMiddleEndsThatSegmentsScanAndIsCountedNeverThrown() throws Exception {
        long[] ends = twoBlocksThenCrash();
        try (RandomAccessFile f = new RandomAccessFile(seg().toFile(), "rw")) {
            f.seek(Segments.FILE_HEADER.length + BlockHeader.SIZE + 3); // inside the first block's payload
            int b = f.read();
            f.seek(Segments.FILE_HEADER.length + BlockHeader.SIZE + 3);
            f.write(b ^ 0x01);
        }
        StoreReader r = new StoreReader(dir);
        List<Event> got = new ArrayList<>();
        r.scan(Table.DeviceProcessEvents, got::add);
        assertEquals(0, got.size());
        assertEquals(1, r.blocksDamaged());
    }

    @Test
    void aCleanCloseLeavesNothingToCutAndACrashedRunsSegmentsAreCheckedOnReopen() throws Exception {
        try (EventStore store = EventStore.open(StoreSettings.of(dir, Long.MAX_VALUE / 2, Long.MAX_VALUE), null)) {
            store.offer(StoreEvents.full(Table.DeviceProcessEvents, 1, StoreEvents.T0), 0);
        }
        assertTrue(!Files.exists(dir.resolve(EventStore.DIRTY_MARKER)), "closed clean");
        assertEquals(1, pids().size(), "close writes what was offered");
        long[] ends = twoBlocksThenCrash();
        assertTrue(Files.exists(dir.resolve(EventStore.DIRTY_MARKER)), "a crash leaves the marker");
        Files.write(seg(), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        try (EventStore store = EventStore.open(StoreSettings.of(dir, Long.MAX_VALUE / 2, Long.MAX_VALUE), null)) {
            assertEquals(3L, store.counters().get("store_torn_bytes_cut"));
        }
        assertEquals(ends[1], Files.size(seg()));
    }
}

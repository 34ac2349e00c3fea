package dev.hookline.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RingBufferTest {
    private static Event event(Table t, long n) {
        return new Event(t).set(Columns.PROCESS_ID, n).set(Columns.FILE_NAME, "f" + n);
    }

    @Test
    void capacityIsThePowerOfTwoThatFitsTheMemoryBound() {
        long bound = 64L << 20;
        int cap = RingBuffer.capacityFor(bound);
        assertEquals(1, Integer.bitCount(cap));
        assertTrue(cap * RingBuffer.estimatedBytesPerSlot() <= bound);
        assertTrue(2L * cap * RingBuffer.estimatedBytesPerSlot() > bound);
        assertEquals(64, RingBuffer.capacityFor(1000), "tiny bounds clamp to the minimum");
        assertEquals(cap, RingBuffer.forMemory(bound, OverrunPolicy.DROP).capacity());
    }

    @Test
    void capacityMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new RingBuffer(100, OverrunPolicy.DROP));
    }

    @Test
    void dropPolicyDropsTheNewEventWhenTheConsumerIsAFullRingBehind() {
        RingBuffer ring = new RingBuffer(64, OverrunPolicy.DROP);
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            if (ring.publish(event(Table.DeviceProcessEvents, i))) {
                accepted++;
            }
        }
        assertEquals(64, accepted);
        RingStats s = ring.stats();
        assertEquals(36, s.overruns());
        assertEquals(64, s.published());
        assertEquals(64, s.highWaterMark());
        List<Long> seen = new ArrayList<>();
        ring.drain((e, seq, end) -> seen.add(e.getLong(Columns.PROCESS_ID)), 1000);
        assertEquals(64, seen.size());
        assertEquals(0L, seen.get(0), "the oldest events were kept, the new ones dropped");
        assertEquals(63L, seen.get(63));
        assertTrue(ring.publish(event(Table.DeviceProcessEvents, 100)), "space again after the drain");
    }

    @Test
    void drainHandsOverBatchesInOrderAndMarksTheLastOfEachBatch() {
        RingBuffer ring = new RingBuffer(64, OverrunPolicy.DROP);
        for (int i = 0; i < 10; i++) {
            ring.publish(event(Table.DeviceFileEvents, i));
        }
        List<String> seen = new ArrayList<>();
        assertEquals(4, ring.drain((e, seq, end) -> seen.add(seq + ":" + e.getLong(Columns.PROCESS_ID) + ":" + end), 4));
        assertEquals(List.of("0:0:false", "1:1:false", "2:2:false", "3:3:true"), seen);
        assertEquals(6, ring.drain((e, seq, end) -> { }, 100));
        assertEquals(0, ring.drain((e, seq, end) -> { }, 100));
        assertEquals(10, ring.stats().consumed());
    }

    @Test
    void aThrowingHandlerIsCountedAndTheBatchGoesOn() {
        RingBuffer ring = new RingBuffer(64, OverrunPolicy.DROP);
        for (int i = 0; i < 3; i++) {
            ring.publish(event(Table.DeviceProcessEvents, i));
        }
        List<Long> seen = new ArrayList<>();
        int n = ring.drain((e, seq, end) -> {
            if (seq == 1) {
                throw new IllegalStateException("boom");
            }
            seen.add(seq);
        }, 10);
        assertEquals(3, n);
        assertEquals(List.of(0L, 2L), seen);
        assertEquals(1, ring.stats().handlerErrors());
        assertTrue(ring.lastHandlerError().contains("boom"));
    }

    @Test
    void anEventWithoutATableIsRefusedAndCounted() {
        RingBuffer ring = new RingBuffer(64, OverrunPolicy.DROP);
        assertFalse(ring.publish(new Event()));
        assertEquals(1, ring.stats().invalid());
        assertEquals(0, ring.stats().published());
    }

    @Test
    void publishCopiesTheEventSoTheCollectorCanReuseItsScratch() {
        RingBuffer ring = new RingBuffer(64, OverrunPolicy.DROP);
        Event scratch = event(Table.DeviceProcessEvents, 1);
        ring.publish(scratch);
        scratch.reset(Table.DeviceNetworkEvents).set(Columns.PROCESS_ID, 2);
        ring.drain((e, seq, end) -> {
            assertEquals(Table.DeviceProcessEvents, e.table());
            assertEquals(1L, e.getLong(Columns.PROCESS_ID));
        }, 10);
    }

    @Test
    void perTableCountersAndCounterMap() {
        RingBuffer ring = new RingBuffer(64, OverrunPolicy.DROP);
        ring.publish(event(Table.DeviceProcessEvents, 1));
        ring.publish(event(Table.DeviceProcessEvents, 2));
        ring.publish(event(Table.DeviceNetworkEvents, 3));
        RingStats s = ring.stats();
        assertEquals(2, s.perTable(Table.DeviceProcessEvents));
        assertEquals(1, s.perTable(Table.DeviceNetworkEvents));
        assertEquals(0, s.perTable(Table.DeviceFileEvents));
        assertEquals(3, s.backlog());
        assertEquals(2L, ring.counters().get("events_DeviceProcessEvents"));
        assertEquals(3L, ring.counters().get("ring_published"));
    }
}

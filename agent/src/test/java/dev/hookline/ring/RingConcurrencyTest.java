package dev.hookline.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** N producers × M events: the consumer sees every accepted event exactly once, in each producer's order. */
class RingConcurrencyTest {
    private static final int PRODUCERS = 4;
    private static final int EVENTS = 200_000;

    private static final class Checker implements BatchHandler {
        final BitSet[] seen = new BitSet[PRODUCERS];
        final long[] last = new long[PRODUCERS];
        final AtomicReference<String> error = new AtomicReference<>();
        long count;

        Checker() {
            for (int p = 0; p < PRODUCERS; p++) {
                seen[p] = new BitSet(EVENTS);
                last[p] = -1;
            }
        }

        @Override
        public void onEvent(Event e, long sequence, boolean endOfBatch) {
            int p = (int) e.getLong(Columns.PROCESS_ID);
            int i = (int) e.getLong(Columns.INITIATING_PROCESS_ID);
            if (seen[p].get(i)) {
                error.compareAndSet(null, "duplicate " + p + "/" + i);
            }
            if (i <= last[p]) {
                error.compareAndSet(null, "out of order " + p + "/" + i + " after " + last[p]);
            }
            if (e.getLong(Columns.FILE_SIZE) != (long) p * EVENTS + i) {
                error.compareAndSet(null, "torn row " + p + "/" + i);
            }
            last[p] = i;
            seen[p].set(i);
            count++;
        }
    }

    private static BitSet[] produce(RingBuffer ring) throws InterruptedException {
        BitSet[] accepted = new BitSet[PRODUCERS];
        Thread[] threads = new Thread[PRODUCERS];
        CountDownLatch go = new CountDownLatch(1);
        for (int p = 0; p < PRODUCERS; p++) {
            int id = p;
            accepted[p] = new BitSet(EVENTS);
            threads[p] = new Thread(() -> {
                Event scratch = new Event();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                Table[] tables = Table.values();
                for (int i = 0; i < EVENTS; i++) {
                    scratch.reset(tables[i % tables.length]).set(Columns.PROCESS_ID, id)
                            .set(Columns.INITIATING_PROCESS_ID, i).set(Columns.FILE_SIZE, (long) id * EVENTS + i);
                    if (ring.publish(scratch)) {
                        accepted[id].set(i);
                    }
                }
            });
            threads[p].start();
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return accepted;
    }

    @Test
    void dropPolicyEveryAcceptedEventIsConsumedExactlyOnce() throws Exception {
        RingBuffer ring = new RingBuffer(1024, OverrunPolicy.DROP);
        Checker checker = new Checker();
        RingConsumer consumer = new RingConsumer(ring, checker, 256);
        consumer.start("consumer");
        BitSet[] accepted = produce(ring);
        consumer.stop(10_000);
        assertEquals(null, checker.error.get());
        long acceptedCount = 0;
        for (int p = 0; p < PRODUCERS; p++) {
            assertEquals(accepted[p], checker.seen[p], "consumer saw exactly the accepted events of producer " + p);
            acceptedCount += accepted[p].cardinality();
        }
        RingStats s = ring.stats();
        assertEquals(acceptedCount, s.published());
        assertEquals(acceptedCount, s.consumed());
        assertEquals(checker.count, s.consumed());
        assertEquals((long) PRODUCERS * EVENTS, s.overruns() + s.consumed(), "dropped + consumed = attempts");
        assertEquals((long) PRODUCERS * EVENTS, s.attempts());
        long perTable = 0;
        for (Table t : Table.values()) {
            perTable += s.perTable(t);
        }
        assertEquals(s.published(), perTable);
        assertTrue(s.highWaterMark() <= 1024);
    }

    @Test
    void blockPolicyLosesNothing() throws Exception {
        RingBuffer ring = new RingBuffer(256, OverrunPolicy.BLOCK);
        Checker checker = new Checker();
        RingConsumer consumer = new RingConsumer(ring, checker, 64);
        consumer.start("consumer");
        produce(ring);
        consumer.stop(10_000);
        assertEquals(null, checker.error.get());
        RingStats s = ring.stats();
        assertEquals(0, s.overruns());
        assertEquals((long) PRODUCERS * EVENTS, s.consumed());
        assertEquals((long) PRODUCERS * EVENTS, checker.count);
    }

    @Test
    void blockedProducersGiveUpAfterClose() throws Exception {
        RingBuffer ring = new RingBuffer(64, OverrunPolicy.BLOCK);
        Event e = new Event(Table.DeviceFileEvents);
        for (int i = 0; i < 64; i++) {
            assertTrue(ring.publish(e));
        }
        Thread blocked = new Thread(() -> ring.publish(e));
        blocked.start();
        // Wait (bounded) until the producer is really waiting: a fixed sleep flaked on a loaded machine.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (ring.stats().blockedPublishes() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(blocked.isAlive(), "a full ring makes the producer wait");
        ring.close();
        blocked.join(5_000);
        assertTrue(!blocked.isAlive());
        assertEquals(1, ring.stats().overruns());
        assertEquals(1, ring.stats().blockedPublishes());
    }

    @Test
    void publishAndDrainAllocateNothingPerEvent() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!(mx instanceof com.sun.management.ThreadMXBean)) {
            return; // not a HotSpot-family JVM: no per-thread allocation counter
        }
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) mx;
        RingBuffer ring = new RingBuffer(1024, OverrunPolicy.DROP);
        Event scratch = new Event(Table.DeviceProcessEvents).set(Columns.FILE_NAME, "bash")
                .set(Columns.PROCESS_COMMAND_LINE, "bash -c true");
        long[] sum = new long[1];
        BatchHandler handler = (e, seq, end) -> sum[0] += e.getLong(Columns.PROCESS_ID);
        Runnable round = () -> {
            for (int i = 0; i < 200_000; i++) {
                scratch.set(Columns.PROCESS_ID, i);
                ring.publish(scratch);
                if ((i & 127) == 127) {
                    ring.drain(handler, 1024);
                }
            }
            ring.drain(handler, 1024);
        };
        round.run(); // warm-up: JIT, class init
        long tid = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(tid);
        round.run();
        long allocated = bean.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 16 * 1024, "200000 publishes + drains allocated " + allocated + " bytes");
        assertEquals(400_000, ring.stats().consumed());
    }

    @Test
    void anIdleConsumerDoesNotBurnACore() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        RingBuffer ring = new RingBuffer(64, OverrunPolicy.DROP);
        long[] n = new long[1];
        RingConsumer consumer = new RingConsumer(ring, (e, seq, end) -> n[0]++, 16);
        Thread t = consumer.start("idle-consumer");
        Thread.sleep(200); // past the spin and yield phases
        long cpuBefore = mx.getThreadCpuTime(t.getId());
        Thread.sleep(1000);
        long cpu = mx.getThreadCpuTime(t.getId()) - cpuBefore;
        ring.publish(new Event(Table.DeviceProcessEvents));
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (ring.stats().consumed() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        consumer.stop(5_000);
        assertEquals(1, ring.stats().consumed(), "a publish wakes the parked consumer");
        assertTrue(cpu < 100_000_000L, "idle consumer used " + cpu / 1_000_000 + " ms CPU in 1 s");
    }
}

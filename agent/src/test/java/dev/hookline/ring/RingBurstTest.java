package dev.hookline.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Producers that publish in bursts run the consumer themselves at the burst's end. The consumer parks for an hour
 * here (not its one-second safety net), so an event left behind by a lost wake-up shows as a hang.
 */
class RingBurstTest {
    private static final long HOUR = 3_600_000_000_000L;

    private static Event event(Event scratch, int producer, int i) {
        return scratch.reset(Table.DeviceProcessEvents).set(Columns.PROCESS_ID, producer)
                .set(Columns.INITIATING_PROCESS_ID, i);
    }

    private static void awaitSleeping(RingBuffer ring) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!ring.consumerSleeping()) {
            assertTrue(System.nanoTime() < deadline, "consumer never parked");
            Thread.sleep(1);
        }
    }

    @Test
    void aBurstIsHandledOnTheProducerThreadBeforeEndBurstReturnsWhileTheConsumerSleeps() throws Exception {
        RingBuffer ring = new RingBuffer(64, OverrunPolicy.DROP);
        List<String> threads = new ArrayList<>();
        RingConsumer consumer = new RingConsumer(ring, (e, seq, end) -> threads.add(Thread.currentThread().getName()),
                16, HOUR);
        consumer.start("consumer");
        try {
            awaitSleeping(ring);
            Event scratch = new Event();
            ring.beginBurst();
            for (int i = 0; i < 3; i++) {
                ring.publish(event(scratch, 0, i));
            }
            assertEquals(0, ring.stats().consumed(), "nothing handled inside the burst");
            ring.endBurst();
            assertEquals(3, ring.stats().consumed());
            assertEquals(List.of(Thread.currentThread().getName(), Thread.currentThread().getName(),
                    Thread.currentThread().getName()), threads);
            assertEquals(1L, ring.counters().get("ring_drained_by_producers"));
            assertTrue(ring.consumerSleeping(), "the consumer thread was not woken");
        } finally {
            consumer.stop(5000);
        }
    }

    @Test
    void anEventPublishedOutsideABurstDuringOneIsHandledWhenThatBurstEnds() throws Exception {
        RingBuffer ring = new RingBuffer(64, OverrunPolicy.DROP);
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        RingConsumer consumer = new RingConsumer(ring, (e, seq, end) -> threads.add(Thread.currentThread().getName()),
                16, HOUR);
        consumer.start("consumer");
        try {
            awaitSleeping(ring);
            ring.beginBurst(); // another producer's burst is open...
            Thread plain = new Thread(() -> ring.publish(event(new Event(), 1, 0)), "plain");
            plain.start();
            plain.join();
            Thread.sleep(50);
            assertEquals(0, ring.stats().consumed(), "...so the plain publish did not wake the consumer");
            ring.endBurst();
            assertEquals(1, ring.stats().consumed(), "the burst's end handled it");
            assertEquals(List.of(Thread.currentThread().getName()), threads);
        } finally {
            consumer.stop(5000);
        }
    }

    @Test
    void aBurstLargerThanOneAssistIsFinishedByTheRuleThread() throws Exception {
        RingBuffer ring = new RingBuffer(4096, OverrunPolicy.DROP);
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        RingConsumer consumer = new RingConsumer(ring, (e, seq, end) -> threads.add(Thread.currentThread().getName()),
                1024, HOUR);
        consumer.start("consumer");
        try {
            awaitSleeping(ring);
            Event scratch = new Event();
            int n = 3 * RingConsumer.ASSIST_MAX;
            ring.beginBurst();
            for (int i = 0; i < n; i++) {
                ring.publish(event(scratch, 0, i));
            }
            ring.endBurst();
            assertTrue(ring.stats().consumed() >= RingConsumer.ASSIST_MAX, "one assist's worth here");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (ring.stats().consumed() < n && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(n, ring.stats().consumed(), "the rest by the woken rule thread, not an hour later");
            assertEquals(java.util.Set.of(Thread.currentThread().getName(), "consumer"), threads);
        } finally {
            consumer.stop(5000);
        }
    }

    @Test
    void whileAProducerHoldsTheDrainTheRuleThreadSleepsAndTheHolderHandsItWhatIsLeft() throws Exception {
        RingBuffer ring = new RingBuffer(64, OverrunPolicy.DROP);
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        RingConsumer consumer = new RingConsumer(ring, (e, seq, end) -> {
            threads.add(Thread.currentThread().getName());
            if (seq == 0) { // the first event's handler is slow, like writing an alert
                inHandler.countDown();
                try {
                    release.await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        }, 16, HOUR);
        Thread rules = consumer.start("consumer");
        try {
            awaitSleeping(ring);
            Thread holder = new Thread(() -> {
                ring.beginBurst();
                ring.publish(event(new Event(), 0, 0));
                ring.endBurst();
            }, "holder");
            holder.start();
            inHandler.await();
            ring.beginBurst(); // a second producer's burst ends while the holder is still in the handler
            ring.publish(event(new Event(), 1, 0));
            ring.endBurst();
            assertEquals(List.of("holder"), threads, "the second producer did not drain past the holder");
            ring.wakeConsumer(); // even a woken rule thread must wait asleep, not spin on the pending event
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu0 = mx.getThreadCpuTime(rules.getId());
            Thread.sleep(300);
            long spent = mx.getThreadCpuTime(rules.getId()) - cpu0;
            assertTrue(spent < 100_000_000L, "rule thread used " + spent / 1_000_000 + " ms of CPU while waiting");
            release.countDown();
            holder.join();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (ring.stats().consumed() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(2, ring.stats().consumed(), "the holder woke the rule thread for the event it left");
            assertEquals(List.of("holder", "consumer"), threads);
        } finally {
            release.countDown();
            consumer.stop(5000);
        }
    }

    @Test
    void withoutAConsumerEndBurstWakesNobodyAndLosesNothing() {
        RingBuffer ring = new RingBuffer(64, OverrunPolicy.DROP);
        ring.beginBurst();
        ring.publish(event(new Event(), 0, 0));
        ring.endBurst();
        assertEquals(1, ring.stats().backlog(), "kept for a consumer that starts later");
    }

    @Test
    void burstingAndPlainProducersTogetherLoseNothingAndTheHandlerNeverOverlaps() throws Exception {
        int producers = 4;
        int events = 50_000;
        RingBuffer ring = new RingBuffer(1024, OverrunPolicy.BLOCK);
        AtomicBoolean inside = new AtomicBoolean();
        AtomicReference<String> error = new AtomicReference<>();
        BitSet[] seen = new BitSet[producers];
        long[] last = new long[producers];
        long[] lastSeq = {-1};
        for (int p = 0; p < producers; p++) {
            seen[p] = new BitSet(events);
            last[p] = -1;
        }
        BatchHandler handler = (e, seq, end) -> {
            if (!inside.compareAndSet(false, true)) {
                error.compareAndSet(null, "two threads in the handler at once");
            }
            int p = (int) e.getLong(Columns.PROCESS_ID);
            int i = (int) e.getLong(Columns.INITIATING_PROCESS_ID);
            if (seq != lastSeq[0] + 1) {
                error.compareAndSet(null, "sequence " + seq + " after " + lastSeq[0]);
            }
            if (seen[p].get(i) || i <= last[p]) {
                error.compareAndSet(null, "duplicate or out of order " + p + "/" + i);
            }
            lastSeq[0] = seq;
            last[p] = i;
            seen[p].set(i);
            inside.set(false);
        };
        RingConsumer consumer = new RingConsumer(ring, handler, 64, HOUR);
        consumer.start("consumer");
        CountDownLatch go = new CountDownLatch(1);
        Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            int id = p;
            boolean bursts = p % 2 == 0;
            threads[p] = new Thread(() -> {
                Event scratch = new Event();
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                int i = 0;
                while (i < events) {
                    int n = Math.min(events - i, 1 + rnd.nextInt(8));
                    if (bursts) {
                        ring.beginBurst();
                    }
                    try {
                        for (int k = 0; k < n; k++, i++) {
                            ring.publish(event(scratch, id, i));
                        }
                    } finally {
                        if (bursts) {
                            ring.endBurst();
                        }
                    }
                    if (rnd.nextInt(64) == 0) {
                        Thread.yield(); // let the consumer fall asleep now and then
                    }
                }
            });
            threads[p].start();
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (ring.stats().consumed() < (long) producers * events && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long consumed = ring.stats().consumed(); // before stop, whose final drain would hide a stranded event
        consumer.stop(5000);
        assertEquals((long) producers * events, consumed, "every event handled without the stop's final drain");
        assertNull(error.get());
        for (int p = 0; p < producers; p++) {
            assertEquals(events, seen[p].cardinality(), "producer " + p + " events handled");
        }
    }
}

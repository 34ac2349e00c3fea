package dev.hookline.ring;

import dev.hookline.collector.EventSink;
import dev.hookline.kql.TableSource;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The agent's on-host event ring, in the LMAX Disruptor style: a power-of-two array of preallocated {@link Event}
 * slots, many producers (collector threads) and one consumer (the rule engine thread).
 *
 * <p>A producer claims the next sequence with a CAS on the claim cursor (only when the slot is free, so a full
 * ring never has a half-claimed sequence), copies the event into the slot and marks the slot published by writing
 * the sequence into {@code available[slot]}. The consumer takes the gap-free run of published sequences after its
 * own cursor as one batch and then advances its cursor, which frees those slots.
 *
 * <p>Processed events stay in their slots until a later lap overwrites them: that is the hunting history read by
 * {@link #scan} and {@link #snapshot()}. Readers copy a slot and validate it like a seqlock: a producer first
 * marks the slot {@link #EMPTY} (writing), then fills it, then stores the sequence; a copy is kept only if the
 * slot held the expected sequence both before and after the copy, so a concurrent overwrite cannot tear a row.
 *
 * <p>No allocation per event on publish or drain.
 */
public final class RingBuffer implements EventSink, TableSource {
    /**
     * Strings an event keeps alive in its slot after it has been consumed (command line, paths, hashes, account),
     * each about 40 bytes of String/byte[] overhead plus its characters: about 1 KiB for a process event. Strings
     * shared with the process table (the InitiatingProcess* columns) are not counted, they live there anyway.
     */
    public static final long ESTIMATED_RETAINED_STRING_BYTES = 1024;
    private static final long EMPTY = -1;
    private static final VarHandle AVAILABLE = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int MIN_CAPACITY = 64;
    private static final int MAX_CAPACITY = 1 << 30;

    private final Event[] slots;
    private final long[] available;
    private final int mask;
    private final int capacity;
    private final OverrunPolicy policy;

    private final AtomicLong claim = new AtomicLong();
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong overruns = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong blockedPublishes = new AtomicLong();
    private final AtomicLong handlerErrors = new AtomicLong();
    private final AtomicLong tornReads = new AtomicLong();
    private final AtomicLong highWater = new AtomicLong();
    private final AtomicLongArray perTable = new AtomicLongArray(Table.values().length);
    private volatile String lastHandlerError;
    private final AtomicInteger bursts = new AtomicInteger();
    private final AtomicLong assistedBatches = new AtomicLong();
    private volatile Thread consumerThread;
    private volatile RingConsumer assistant;
    private volatile boolean consumerSleeping;
    private volatile boolean closed;

    /** @param capacity number of slots, a power of two ≥ 2 */
    public RingBuffer(int capacity, OverrunPolicy policy) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two >= 2, got " + capacity);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.policy = policy == null ? OverrunPolicy.DROP : policy;
        this.slots = new Event[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new Event();
        }
        this.available = new long[capacity];
        Arrays.fill(available, EMPTY);
    }

    /** A ring sized to stay within {@code memoryBytes} by {@link #estimatedBytesPerSlot()}. */
    public static RingBuffer forMemory(long memoryBytes, OverrunPolicy policy) {
        return new RingBuffer(capacityFor(memoryBytes), policy);
    }

    /**
     * Estimated heap bytes one slot costs, with compressed oops: the Event object (24), its String[] (16 + 4 per
     * column) and long[] (16 + 8 per column), the slot's entries in the slot and availability arrays (4 + 8), and
     * {@link #ESTIMATED_RETAINED_STRING_BYTES} of strings the slot keeps alive. With the 89 columns of this
     * version: 2164 bytes.
     */
    public static long estimatedBytesPerSlot() {
        long n = Columns.count();
        return 24 + align8(16 + 4 * n) + align8(16 + 8 * n) + 4 + 8 + ESTIMATED_RETAINED_STRING_BYTES;
    }

    /**
     * The largest power of two whose estimated footprint fits in {@code memoryBytes} (rounded down, so the bound
     * holds), clamped to [64, 2^30]. 64 MiB gives 16384 slots.
     */
    public static int capacityFor(long memoryBytes) {
        long slotsFit = Math.max(1, memoryBytes / estimatedBytesPerSlot());
        long pow = Long.highestOneBit(slotsFit);
        return (int) Math.max(MIN_CAPACITY, Math.min(MAX_CAPACITY, pow));
    }

    private static long align8(long n) {
        return (n + 7) & ~7L;
    }

    public int capacity() {
        return capacity;
    }

    public OverrunPolicy policy() {
        return policy;
    }

    /**
     * Copies the event into the next slot. With {@link OverrunPolicy#DROP} a full ring drops this (new) event and
     * counts an overrun; with {@link OverrunPolicy#BLOCK} the caller waits for the consumer (until {@link #close()}).
     * An event without a table is counted as invalid and refused.
     */
    @Override
    public boolean publish(Event event) {
        Table table = event.table();
        if (table == null) {
            invalid.incrementAndGet();
            return false;
        }
        boolean waited = false;
        long seq;
        while (true) {
            long cur = claim.get();
            if (cur - consumed.get() >= capacity) {
                if (policy == OverrunPolicy.DROP || closed) {
                    overruns.incrementAndGet();
                    return false;
                }
                if (!waited) {
                    waited = true;
                    blockedPublishes.incrementAndGet();
                }
                wakeConsumer();
                LockSupport.parkNanos(20_000);
                continue;
            }
            if (claim.compareAndSet(cur, cur + 1)) {
                seq = cur;
                break;
            }
        }
        int idx = (int) seq & mask;
        // Seqlock "writing" mark: a hunting reader copying the old content of this slot sees it change.
        AVAILABLE.setVolatile(available, idx, EMPTY);
        VarHandle.storeStoreFence();
        slots[idx].copyFrom(event);
        // Volatile (not just release) so the sleeping-flag read below cannot move before it: no lost wake-up.
        AVAILABLE.setVolatile(available, idx, seq);
        perTable.incrementAndGet(table.ordinal());
        long backlog = seq + 1 - consumed.get();
        long hw = highWater.get();
        while (backlog > hw && !highWater.compareAndSet(hw, backlog)) {
            hw = highWater.get();
        }
        // Inside a burst the producer runs the consumer at the burst's end: no wake-up (a futex call here and a
        // context switch there, the costliest part of one event on a small VM). bursts is read after the volatile
        // publish above and endBurst decrements before it looks for events, so one of the two sees the other.
        if (consumerSleeping && bursts.get() == 0) {
            wakeConsumer();
        }
        return true;
    }

    @Override
    public void beginBurst() {
        bursts.incrementAndGet();
    }

    /**
     * Ends a burst: when the consumer thread is idle, drains what is published on this thread (see
     * {@link RingConsumer#assist()}); otherwise the running consumer takes it. With no consumer registered the
     * consumer thread is woken as a publish would have.
     */
    @Override
    public void endBurst() {
        bursts.decrementAndGet();
        RingConsumer a = assistant;
        if (a != null) {
            if (a.assist()) {
                assistedBatches.incrementAndGet();
            }
        } else if (consumerSleeping) {
            wakeConsumer();
        }
    }

    /** Unparks the consumer thread (also called by an assist that left work behind). */
    void wakeConsumer() {
        Thread t = consumerThread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Hands the published events after the consumer cursor to the handler, at most {@code max}, in sequence order,
     * then frees their slots. Only ever call from one thread at a time (the single consumer). Never blocks.
     * A handler exception is counted ({@link RingStats#handlerErrors()}) and the batch goes on.
     *
     * @return the number of events handed over (0 when none is ready)
     */
    public int drain(BatchHandler handler, int max) {
        long next = consumed.get();
        long claimed = claim.get();
        int n = 0;
        while (n < max && next + n < claimed
                && (long) AVAILABLE.getAcquire(available, (int) (next + n) & mask) == next + n) {
            n++;
        }
        for (int i = 0; i < n; i++) {
            long seq = next + i;
            try {
                handler.onEvent(slots[(int) seq & mask], seq, i == n - 1);
            } catch (RuntimeException e) {
                handlerErrors.incrementAndGet();
                lastHandlerError = e.toString();
            }
        }
        if (n > 0) {
            consumed.set(next + n);
        }
        return n;
    }

    /** True when the next event for the consumer is published. */
    public boolean hasAvailable() {
        long next = consumed.get();
        return (long) AVAILABLE.getVolatile(available, (int) next & mask) == next;
    }

    /** The consumer registers so producers can unpark it (see {@link RingConsumer}). */
    void consumerThread(Thread t) {
        consumerThread = t;
    }

    /** The consumer that producers may run at the end of a burst (null: they wake its thread instead). */
    void assistant(RingConsumer c) {
        assistant = c;
    }

    boolean consumerSleeping() {
        return consumerSleeping;
    }

    /** Set by the consumer just before it parks; producers that see it unpark the consumer. */
    void consumerSleeping(boolean sleeping) {
        consumerSleeping = sleeping;
    }

    /** Stops blocked producers from waiting: from now on a full ring drops even under the BLOCK policy. */
    public void close() {
        closed = true;
    }

    /**
     * Live hunting scan over the retained events of a table, oldest first: each slot is copied into one scratch
     * Event (reused between calls of the consumer) and kept only if no producer overwrote it meanwhile. Events
     * published during the scan may or may not be seen. For a query over several tables prefer {@link #snapshot()}.
     */
    @Override
    public void scan(Table table, Consumer<Event> consumer) {
        Event scratch = new Event();
        long hi = claim.get();
        for (long seq = Math.max(0, hi - capacity); seq < hi; seq++) {
            if (read(seq, scratch) && scratch.table() == table) {
                consumer.accept(scratch);
            }
        }
    }

    /**
     * Copies every retained event (processed or not yet) into a standalone snapshot: all tables at the same
     * moment, so a query joining tables sees one consistent history. Allocates one Event per retained event.
     */
    public RingSnapshot snapshot() {
        return snapshot(0);
    }

    /**
     * Like {@link #snapshot()}, but only the retained events with a sequence of at least {@code fromSequence}: the
     * part of a live query the on-disk store does not have yet (see dev.hookline.store.EventStore#cut).
     */
    public RingSnapshot snapshot(long fromSequence) {
        List<List<Event>> byTable = new ArrayList<>();
        for (int i = 0; i < Table.values().length; i++) {
            byTable.add(new ArrayList<>());
        }
        long hi = claim.get();
        Event scratch = new Event();
        for (long seq = Math.max(Math.max(0, fromSequence), hi - capacity); seq < hi; seq++) {
            if (read(seq, scratch)) {
                byTable.get(scratch.table().ordinal()).add(scratch);
                scratch = new Event();
            }
        }
        return new RingSnapshot(byTable);
    }

    /** Copies of the retained events of one table, oldest first. */
    public List<Event> snapshot(Table table) {
        List<Event> out = new ArrayList<>();
        scan(table, e -> out.add(e.copy()));
        return out;
    }

    /** Seqlock read of one sequence's slot into {@code into}; false if the slot no longer (or not yet) holds it. */
    private boolean read(long seq, Event into) {
        int idx = (int) seq & mask;
        if ((long) AVAILABLE.getAcquire(available, idx) != seq) {
            return false;
        }
        into.copyFrom(slots[idx]);
        VarHandle.acquireFence();
        if ((long) AVAILABLE.getVolatile(available, idx) != seq || into.table() == null) {
            tornReads.incrementAndGet();
            return false;
        }
        return true;
    }

    public RingStats stats() {
        long[] tables = new long[perTable.length()];
        for (int i = 0; i < tables.length; i++) {
            tables[i] = perTable.get(i);
        }
        long published = claim.get();
        long done = consumed.get();
        return new RingStats(capacity, published, done, overruns.get(), invalid.get(), blockedPublishes.get(),
                handlerErrors.get(), tornReads.get(), highWater.get(), published - done, tables);
    }

    /** Counters for the health log and the status op, with stable snake_case names. */
    public Map<String, Long> counters() {
        RingStats s = stats();
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("ring_capacity", (long) s.capacity());
        m.put("ring_published", s.published());
        m.put("ring_consumed", s.consumed());
        m.put("ring_overruns", s.overruns());
        m.put("ring_invalid", s.invalid());
        m.put("ring_blocked_publishes", s.blockedPublishes());
        m.put("ring_handler_errors", s.handlerErrors());
        m.put("ring_backlog", s.backlog());
        m.put("ring_high_water", s.highWaterMark());
        m.put("ring_drained_by_producers", assistedBatches.get());
        for (Table t : Table.values()) {
            m.put("events_" + t.name(), s.perTable(t));
        }
        return m;
    }

    /** The last exception a handler threw, as text, or null. */
    public String lastHandlerError() {
        return lastHandlerError;
    }
}

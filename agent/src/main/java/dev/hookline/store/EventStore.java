package dev.hookline.store;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.hookline.collector.HealthSink;
import dev.hookline.ring.BatchHandler;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.store.Segments.Segment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The agent's on-disk event history (docs/store.md). The rule thread hands every event to {@link #offer} (a copy
 * into a preallocated queue, never blocking); the store's own thread encodes them into per-table blocks, compresses
 * each with zstd, appends it to the table's segment for the event's hour, forces to disk at most once per tick (a
 * second) and deletes the oldest segments beyond the age and size bounds.
 *
 * <p>Failures never stop the agent: a full queue, a failed write (disk full) or a damaged file are counted, raised
 * as AgentHealth alerts, and writing resumes by itself when it can.
 */
public final class EventStore implements AutoCloseable {
    static final String DIRTY_MARKER = ".open";
    static final String LOCK_FILE = ".lock";
    /** A disk that stays full is re-raised this often, not every second. */
    private static final long REPEAT_HEALTH_NANOS = TimeUnit.MINUTES.toNanos(10);
    /** Open segments beyond this many (late events spread over many hours) are sealed and closed, oldest first. */
    private static final int MAX_OPEN_SEGMENTS = 8;
    /** A segment no event went to for this long is closed. */
    private static final long IDLE_CLOSE_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final StoreSettings settings;
    private final HealthSink health;
    private final StoreQueue queue;
    private final SegmentIndex index = new SegmentIndex();
    private final long runId = new SecureRandom().nextLong();
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Thread thread;

    private final AtomicLong eventsWritten = new AtomicLong();
    private final AtomicLong blocksWritten = new AtomicLong();
    private final AtomicLong writeErrors = new AtomicLong();
    private final AtomicLong blocksDropped = new AtomicLong();
    private final AtomicLong eventsDroppedWriteError = new AtomicLong();
    private final AtomicLong tornTailsCut = new AtomicLong();
    private final AtomicLong tornBytesCut = new AtomicLong();
    private final AtomicLong deletedByAge = new AtomicLong();
    private final AtomicLong deletedBySize = new AtomicLong();
    private final AtomicLong fsyncs = new AtomicLong();
    private final AtomicLong flushRequested = new AtomicLong();
    private final AtomicLong flushDone = new AtomicLong();
    private volatile long visibleBelow;
    private volatile boolean running = true;
    private volatile boolean writerParked;
    private volatile boolean crashed;

    private EventStore(StoreSettings settings, HealthSink health, FileChannel lockChannel, FileLock lock) {
        this.settings = settings;
        this.health = health == null ? (k, m) -> { } : health;
        this.queue = new StoreQueue(settings.queueCapacity());
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.thread = new Thread(new Writer(), "hookline-store");
    }

    /**
     * Opens (creating) the store directory, cuts the torn tails a crash left, and starts the writer thread.
     *
     * @throws IOException when the directory cannot be created or another agent already uses it
     */
    public static EventStore open(StoreSettings settings, HealthSink health) throws IOException {
        try {
            new ZstdCompressCtx().close();
        } catch (LinkageError e) {
            // zstd-jni unpacks its native library to java.io.tmpdir: a noexec or read-only tmpdir stops it here
            throw new IOException("the zstd native library (zstd-jni) does not load: " + e
                    + " (java.io.tmpdir must be writable and allow executables)");
        }
        Path root = settings.root();
        OwnerOnly.createDirectories(root);
        FileChannel lc = FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lc.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lc.close();
            throw new IOException(root + " is in use by another hookline agent");
        }
        EventStore s = new EventStore(settings, health, lc, lock);
        try {
            s.recover();
        } catch (IOException | RuntimeException e) {
            s.releaseLock();
            throw e;
        }
        s.thread.start();
        return s;
    }

    /**
     * After a crash (the marker of a run that did not close is still there) every segment that run modified may
     * end in a torn block: each is cut back to its last whole, CRC-checked block, and the cut is counted.
     */
    private void recover() throws IOException {
        Path marker = settings.root().resolve(DIRTY_MARKER);
        FileTime crashedRunStart = null;
        try {
            crashedRunStart = Files.getLastModifiedTime(marker);
        } catch (NoSuchFileException e) {
            // the last run closed cleanly
        }
        for (Table t : Table.values()) {
            for (Segment seg : Segments.list(settings.root(), t)) {
                if (crashedRunStart != null && Files.getLastModifiedTime(seg.path()).toMillis()
                        >= crashedRunStart.toMillis() - 2000) {
                    cutTornTail(seg.path());
                }
                index.put(seg, Files.size(seg.path()));
            }
        }
        Files.deleteIfExists(marker);
        Files.createFile(marker);
    }

    /** Truncates the file to its valid prefix; returns that length. */
    private long cutTornTail(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return cutTornTail(ch);
        }
    }

    private long cutTornTail(FileChannel ch) throws IOException {
        long size = ch.size();
        long valid = Segments.validLength(ch);
        if (valid < size) {
            ch.truncate(valid);
            tornTailsCut.incrementAndGet();
            tornBytesCut.addAndGet(size - valid);
        }
        return valid;
    }

    /**
     * Hands one event to the store (the rule thread's side; copies, never blocks). False when the queue is full:
     * the event is counted as dropped and the writer raises a health alert.
     */
    public boolean offer(Event e, long seq) {
        boolean ok = queue.offer(e, seq);
        // Woken early only when half full: otherwise the writer takes the queue on its tick, and the hot path pays
        // no unpark (a futex call) per event.
        if (writerParked && queue.size() >= queue.capacity() / 2) {
            LockSupport.unpark(thread);
        }
        return ok;
    }

    /**
     * Hands one event to the store, waiting while the queue is full instead of dropping it: for a replay of a file
     * (`hookline detect`), whose producer can wait and must not lose events; never the agent's rule thread.
     *
     * @throws IllegalStateException when the writer thread has stopped (it would never make room)
     */
    public void put(Event e, long seq) {
        while (queue.size() >= queue.capacity()) {
            if (!thread.isAlive()) {
                throw new IllegalStateException("the event store's writer thread stopped");
            }
            LockSupport.unpark(thread);
            LockSupport.parkNanos(50_000);
        }
        offer(e, seq);
    }

    /** A ring consumer that offers every event to the store, then hands it to {@code downstream} (the rules). */
    public BatchHandler tee(BatchHandler downstream) {
        return (event, sequence, endOfBatch) -> {
            offer(event, sequence);
            downstream.onEvent(event, sequence, endOfBatch);
        };
    }

    /**
     * Seals every open block and forces the segments to disk now, including every event offered before this call;
     * waits for it (at most the timeout). The agent never needs this (its tick does it each second); tests and
     * the bench do.
     */
    public boolean flush(long timeoutMillis) {
        long target = flushRequested.incrementAndGet();
        LockSupport.unpark(thread);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (flushDone.get() < target) {
            if (System.nanoTime() > deadline || !thread.isAlive()) {
                return false;
            }
            LockSupport.parkNanos(200_000);
        }
        return true;
    }

    /** What a live query needs to merge the store with the ring without duplicates: see {@link Cut}. */
    public Cut cut() {
        return new Cut(runId, visibleBelow);
    }

    /** A reader over this store's segments. */
    public StoreReader reader() {
        return new StoreReader(settings.root());
    }

    public Path root() {
        return settings.root();
    }

    /** The earliest event time in the store, or null when it is empty. */
    public Long oldestEventNanos() {
        return index.oldestEventNanos();
    }

    /** Counters for status and the health line (snake_case, prefixed store_). */
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("store_bytes", index.totalBytes());
        m.put("store_segments", (long) index.count());
        m.put("store_events_written", eventsWritten.get());
        m.put("store_blocks_written", blocksWritten.get());
        m.put("store_events_dropped_queue_full", queue.dropped());
        m.put("store_events_dropped_write_error", eventsDroppedWriteError.get());
        m.put("store_write_errors", writeErrors.get());
        m.put("store_blocks_dropped", blocksDropped.get());
        m.put("store_torn_tails_cut", tornTailsCut.get());
        m.put("store_torn_bytes_cut", tornBytesCut.get());
        m.put("store_segments_deleted_age", deletedByAge.get());
        m.put("store_segments_deleted_size", deletedBySize.get());
        m.put("store_fsyncs", fsyncs.get());
        m.put("store_queued", (long) queue.size());
        Long oldest = oldestEventNanos();
        if (oldest != null) {
            m.put("store_oldest_event_epoch_s", Math.floorDiv(oldest, 1_000_000_000L));
        }
        return m;
    }

    /** Stops the writer after it has written and forced everything offered so far; marks the store closed clean. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!crashed && !thread.isAlive()) {
            try {
                Files.deleteIfExists(settings.root().resolve(DIRTY_MARKER));
            } catch (IOException e) {
                // the next start validates this run's segments: slower, not wrong
            }
        }
        releaseLock();
    }

    /**
     * Test seam for a kill -9: the writer stops at once, without sealing its open blocks or forcing anything, and
     * the crash marker stays, as the process dying would leave them.
     */
    void crashForTest() {
        crashed = true;
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        releaseLock();
    }

    private void releaseLock() {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
            lockChannel.close();
        } catch (IOException e) {
            // closing the channel releases the lock anyway
        }
    }

    /** One segment being appended to, with its open block. */
    private static final class Open {
        final Segment segment;
        final BlockEncoder block = new BlockEncoder();
        FileChannel channel;
        long position;
        boolean unsynced;
        long lastUsed;

        Open(Segment segment) {
            this.segment = segment;
            block.reset(segment.table());
        }
    }

    /** The writer thread: everything below runs on it alone. */
    private final class Writer implements Runnable {
        private final Map<Long, Open> open = new LinkedHashMap<>(16, 0.75f, true);
        private ZstdCompressCtx zstd;
        private byte[] compressed = new byte[0];
        private long lastDrainedSeq = -1;
        private long queueDropsSeen;
        private long lastQueueHealth = Long.MIN_VALUE;
        private boolean failing;
        private long lastFailureHealth = Long.MIN_VALUE;
        private long blocksDroppedInStreak;

        @Override
        public void run() {
            zstd = new ZstdCompressCtx().setLevel(settings.zstdLevel());
            long nextTick = System.nanoTime() + settings.tickNanos();
            try {
                while (true) {
                    boolean stopping = !running;
                    if (crashed) {
                        return;
                    }
                    long flushTarget = flushRequested.get();
                    drain();
                    long now = System.nanoTime();
                    // before a flush is marked done: drops offered before the flush are raised by then
                    queueHealth(now);
                    if (stopping || now - nextTick >= 0 || flushTarget > flushDone.get()) {
                        sealAll();
                        sync();
                        retention();
                        closeIdle(now);
                        publishVisible();
                        flushDone.set(flushTarget);
                        nextTick = now + settings.tickNanos();
                    }
                    // Blocks sealed between ticks (full ones) are readable at once: a live query takes fewer
                    // events from the ring, which may have overwritten them on a busy host.
                    publishVisible();
                    if (stopping) {
                        break;
                    }
                    writerParked = true;
                    if (queue.size() < queue.capacity() / 2 && running && flushRequested.get() == flushDone.get()) {
                        LockSupport.parkNanos(this, Math.max(0, nextTick - System.nanoTime()));
                    }
                    writerParked = false;
                }
            } catch (RuntimeException | Error e) {
                // A bug, not an I/O failure (those are handled where they happen): say so, and stop storing.
                health.healthAlert("StoreWriterStopped", "the event store's writer stopped: " + e
                        + "; events are no longer stored until the agent restarts");
                throw e;
            } finally {
                if (!crashed) {
                    try {
                        closeAll();
                    } catch (RuntimeException e) {
                        writeErrors.incrementAndGet();
                    }
                }
                zstd.close();
            }
        }

        /** Moves every queued event into its segment's open block; seals blocks that reach the size. */
        private void drain() {
            Event e;
            while ((e = queue.peek()) != null) {
                long seq = queue.peekSeq();
                long ts = e.getLong(Columns.TIMESTAMP);
                long rangeTs = ts == Event.NULL ? settings.clock().getAsLong() : ts;
                Table t = e.table();
                long hour = Segments.hourOf(rangeTs);
                long key = hour * 8 + t.ordinal();
                Open o = open.get(key);
                if (o == null) {
                    o = new Open(new Segment(t, hour, Segments.path(settings.root(), t, hour)));
                    open.put(key, o);
                    if (open.size() > MAX_OPEN_SEGMENTS) {
                        evictOldest();
                    }
                }
                o.block.add(e, seq, rangeTs);
                o.lastUsed = System.nanoTime();
                queue.release();
                lastDrainedSeq = seq;
                if (o.block.length() >= settings.blockBytes()) {
                    seal(o);
                }
            }
        }

        private void evictOldest() {
            Iterator<Map.Entry<Long, Open>> it = open.entrySet().iterator();
            Open lru = it.next().getValue();
            it.remove();
            seal(lru);
            syncOne(lru);
            closeChannel(lru);
        }

        private void sealAll() {
            for (Open o : open.values()) {
                seal(o);
            }
        }

        /** Compresses the open block and appends it to its segment; a failed write drops the block (counted). */
        private void seal(Open o) {
            BlockEncoder b = o.block;
            if (b.count() == 0) {
                return;
            }
            // Header and payload in one array, written by one positional write: a reader or a crash sees a
            // prefix of the block at worst, which the length and CRC checks catch.
            int bound = BlockHeader.SIZE + (int) Zstd.compressBound(b.length());
            if (compressed.length < bound) {
                compressed = new byte[bound];
            }
            int clen = zstd.compressByteArray(compressed, BlockHeader.SIZE, compressed.length - BlockHeader.SIZE,
                    b.bytes(), 0, b.length());
            BlockHeader h = new BlockHeader(clen, b.length(), b.count(), b.minTimestamp(), b.maxTimestamp(), runId,
                    b.minSeq(), b.maxSeq(), BlockHeader.payloadCrc(compressed, BlockHeader.SIZE, clen));
            h.write(ByteBuffer.wrap(compressed, 0, BlockHeader.SIZE));
            long start = o.position;
            try {
                ensureOpen(o);
                start = o.position;
                long pos = o.position;
                ByteBuffer block = ByteBuffer.wrap(compressed, 0, BlockHeader.SIZE + clen);
                while (block.hasRemaining()) {
                    pos += o.channel.write(block, pos);
                }
                o.position = pos;
                o.unsynced = true;
                index.grew(o.segment, pos, b.minTimestamp());
                eventsWritten.addAndGet(b.count());
                blocksWritten.incrementAndGet();
                if (failing) {
                    failing = false;
                    health.healthAlert("StoreWriteRecovered", "the event store writes again ("
                            + blocksDroppedInStreak + " blocks were dropped while it could not)");
                    blocksDroppedInStreak = 0;
                }
            } catch (IOException | RuntimeException ex) {
                writeFailed(o, start, b.count(), ex);
            } finally {
                b.reset(o.segment.table());
                b.trim(settings.blockBytes() * 2);
            }
        }

        /** Opens the segment for appending: a new file gets its header; an existing one is cut to its valid end. */
        private void ensureOpen(Open o) throws IOException {
            if (o.channel != null) {
                return;
            }
            OwnerOnly.createDirectories(o.segment.path().getParent());
            FileChannel ch = settings.opener().open(o.segment.path());
            try {
                long valid = cutTornTail(ch);
                if (valid == 0) {
                    ch.truncate(0);
                    ByteBuffer fh = ByteBuffer.wrap(Segments.FILE_HEADER);
                    long pos = 0;
                    while (fh.hasRemaining()) {
                        pos += ch.write(fh, pos);
                    }
                    valid = pos;
                }
                o.channel = ch;
                o.position = valid;
                index.grew(o.segment, valid, Long.MAX_VALUE);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }

        private void writeFailed(Open o, long start, int events, Exception ex) {
            writeErrors.incrementAndGet();
            blocksDropped.incrementAndGet();
            eventsDroppedWriteError.addAndGet(events);
            blocksDroppedInStreak++;
            if (o.channel != null) {
                try {
                    o.channel.truncate(start); // a half-written block must not stay in front of the next one
                } catch (IOException | RuntimeException te) {
                    closeChannel(o); // reopened (and its tail cut) by the next block
                }
            }
            long now = System.nanoTime();
            if (!failing || now - lastFailureHealth >= REPEAT_HEALTH_NANOS) {
                lastFailureHealth = now;
                health.healthAlert("StoreWriteFailed", "the event store cannot write to " + o.segment.path() + ": "
                        + ex.getMessage() + "; the events of the failed block (" + events + ") are not kept, the rules"
                        + " still see them, and writing resumes by itself when it can");
            }
            failing = true;
        }

        private void sync() {
            for (Open o : open.values()) {
                syncOne(o);
            }
        }

        private void syncOne(Open o) {
            if (!o.unsynced || o.channel == null) {
                return;
            }
            try {
                o.channel.force(false);
                fsyncs.incrementAndGet();
                o.unsynced = false;
            } catch (IOException | RuntimeException e) {
                writeErrors.incrementAndGet();
                closeChannel(o);
                long now = System.nanoTime();
                if (!failing || now - lastFailureHealth >= REPEAT_HEALTH_NANOS) {
                    lastFailureHealth = now;
                    health.healthAlert("StoreWriteFailed", "the event store cannot force " + o.segment.path()
                            + " to disk: " + e.getMessage());
                }
                failing = true;
            }
        }

        private void closeChannel(Open o) {
            if (o.channel != null) {
                try {
                    o.channel.close();
                } catch (IOException e) {
                    // nothing left to do with it
                }
                o.channel = null;
            }
        }

        private void closeIdle(long now) {
            Iterator<Open> it = open.values().iterator();
            while (it.hasNext()) {
                Open o = it.next();
                if (now - o.lastUsed >= IDLE_CLOSE_NANOS && o.block.count() == 0) {
                    syncOne(o);
                    closeChannel(o);
                    it.remove();
                }
            }
        }

        private void closeAll() {
            sealAll();
            sync();
            for (Open o : open.values()) {
                closeChannel(o);
            }
            open.clear();
            publishVisible();
        }

        /** Deletes whole segments: those whose hour ended before max age, then the oldest beyond the size. */
        private void retention() {
            long now = settings.clock().getAsLong();
            for (Segment s : index.endedBy(now - settings.maxAgeNanos())) {
                if (delete(s)) {
                    deletedByAge.incrementAndGet();
                }
            }
            while (index.totalBytes() > settings.maxBytes()) {
                Segment s = index.oldest();
                if (s == null || !delete(s)) {
                    break;
                }
                deletedBySize.incrementAndGet();
            }
        }

        private boolean delete(Segment s) {
            Open o = open.remove(s.hour() * 8 + s.table().ordinal());
            if (o != null) {
                closeChannel(o);
            }
            try {
                Files.deleteIfExists(s.path());
                index.remove(s);
                return true;
            } catch (IOException e) {
                writeErrors.incrementAndGet();
                index.remove(s); // not retried every second; a restart lists it again
                return false;
            }
        }

        /**
         * Every event of this run with a sequence below the published value is in a written block (or was
         * dropped); the rest is still in the queue or in an open block, and a live query takes it from the ring.
         */
        private void publishVisible() {
            long v = queue.peek() != null ? queue.peekSeq() : lastDrainedSeq + 1;
            for (Open o : open.values()) {
                if (o.block.count() > 0) {
                    v = Math.min(v, o.block.minSeq());
                }
            }
            visibleBelow = v;
        }

        private void queueHealth(long now) {
            long drops = queue.dropped();
            if (drops > queueDropsSeen) {
                if (lastQueueHealth == Long.MIN_VALUE || now - lastQueueHealth >= TimeUnit.MINUTES.toNanos(1)) {
                    lastQueueHealth = now;
                    health.healthAlert("StoreQueueFull", (drops - queueDropsSeen) + " events were not stored: the "
                            + "store's writer fell " + queue.capacity() + " events behind (a slow disk?); the rules"
                            + " still saw them (store_events_dropped_queue_full counts them all)");
                    queueDropsSeen = drops;
                }
            }
        }
    }

    /**
     * The boundary between the store and the ring for one live query: this run's events with a ring sequence below
     * {@code visibleBelow} are read from the store, the rest from the ring; events of earlier runs are all in the
     * store.
     */
    public record Cut(long runId, long visibleBelow) {
        /** True when the store should hand out this event (false: the ring has it). */
        boolean storeHas(long blockRunId, long seq) {
            return blockRunId != runId || seq < visibleBelow;
        }
    }
}

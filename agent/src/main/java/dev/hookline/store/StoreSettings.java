package dev.hookline.store;

import dev.hookline.schema.Times;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How an {@link EventStore} runs. {@link #of} gives the agent's values; tests change the seams (the channel opener
 * that fails like a full disk, the wall clock retention reads) with the wither methods.
 *
 * @param root          the store's directory
 * @param maxAgeNanos   segments whose hour ended longer ago than this are deleted
 * @param maxBytes      beyond this total size the oldest segments are deleted
 * @param queueCapacity events the hand-off from the rule thread holds (a power of two)
 * @param blockBytes    a block is sealed once its raw (encoded, uncompressed) bytes reach this
 * @param tickNanos     every tick the writer seals the open blocks, forces what it wrote to disk and applies
 *                      retention: the most a kill -9 can lose is about one tick of events
 * @param zstdLevel     the compression level
 * @param opener        opens segment files for writing
 * @param clock         wall-clock epoch nanoseconds (retention; the hour of an event without a Timestamp)
 */
public record StoreSettings(Path root, long maxAgeNanos, long maxBytes, int queueCapacity, int blockBytes,
                            long tickNanos, int zstdLevel, ChannelOpener opener, LongSupplier clock) {
    public static final int DEFAULT_QUEUE = 2048;
    public static final int DEFAULT_BLOCK_BYTES = 256 << 10;
    public static final long DEFAULT_TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    public static final int DEFAULT_LEVEL = 3;

    public static StoreSettings of(Path root, long maxAgeNanos, long maxBytes) {
        return new StoreSettings(root, maxAgeNanos, maxBytes, DEFAULT_QUEUE, DEFAULT_BLOCK_BYTES, DEFAULT_TICK_NANOS,
                DEFAULT_LEVEL, ChannelOpener.DEFAULT, Times::nowNanos);
    }

    public StoreSettings withOpener(ChannelOpener o) {
        return new StoreSettings(root, maxAgeNanos, maxBytes, queueCapacity, blockBytes, tickNanos, zstdLevel, o, clock);
    }

    public StoreSettings withClock(LongSupplier c) {
        return new StoreSettings(root, maxAgeNanos, maxBytes, queueCapacity, blockBytes, tickNanos, zstdLevel, opener, c);
    }

    public StoreSettings withQueue(int capacity) {
        return new StoreSettings(root, maxAgeNanos, maxBytes, capacity, blockBytes, tickNanos, zstdLevel, opener, clock);
    }

    public StoreSettings withBlockBytes(int bytes) {
        return new StoreSettings(root, maxAgeNanos, maxBytes, queueCapacity, bytes, tickNanos, zstdLevel, opener, clock);
    }

    public StoreSettings withTick(long nanos) {
        return new StoreSettings(root, maxAgeNanos, maxBytes, queueCapacity, blockBytes, nanos, zstdLevel, opener, clock);
    }

    public StoreSettings withLevel(int level) {
        return new StoreSettings(root, maxAgeNanos, maxBytes, queueCapacity, blockBytes, tickNanos, level, opener, clock);
    }
}

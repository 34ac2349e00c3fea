package dev.hookline.ring;

import dev.hookline.schema.Table;

/**
 * A moment's counters of a {@link RingBuffer}. Attempts = published + overruns + invalid; once the consumer has
 * caught up, consumed = published.
 *
 * @param published        events accepted into the ring
 * @param consumed         events handed to the consumer
 * @param overruns         events dropped because the ring was full (DROP policy, or BLOCK after close)
 * @param invalid          events refused because they had no table
 * @param blockedPublishes publishes that had to wait for space (BLOCK policy)
 * @param handlerErrors    exceptions thrown by the consumer's handler (counted, the event is skipped)
 * @param tornReads        hunting reads discarded because a producer overwrote the slot meanwhile
 * @param highWaterMark    the largest backlog (published, not yet consumed) seen
 * @param backlog          published minus consumed now
 * @param perTable         accepted events per table, indexed by {@link Table#ordinal()}
 */
public record RingStats(int capacity, long published, long consumed, long overruns, long invalid,
                        long blockedPublishes, long handlerErrors, long tornReads, long highWaterMark, long backlog,
                        long[] perTable) {
    public long perTable(Table t) {
        return perTable[t.ordinal()];
    }

    public long attempts() {
        return published + overruns + invalid;
    }
}

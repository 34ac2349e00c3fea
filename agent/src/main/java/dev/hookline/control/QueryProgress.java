package dev.hookline.control;

import java.util.function.LongSupplier;

/**
 * How far a running query has read (events, store blocks), filled by the handler and polled by the control server,
 * which sends it to a client that asked, so a scan over days of history is not a silent wait.
 */
public final class QueryProgress {
    private volatile LongSupplier events = () -> 0;
    private volatile LongSupplier blocks = () -> 0;

    /** Where the handler's source counts what it has read; read from another thread while the query runs. */
    public void track(LongSupplier events, LongSupplier blocks) {
        this.events = events;
        this.blocks = blocks;
    }

    public long events() {
        return events.getAsLong();
    }

    public long blocks() {
        return blocks.getAsLong();
    }
}

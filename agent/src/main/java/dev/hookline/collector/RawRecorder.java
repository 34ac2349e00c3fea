package dev.hookline.collector;

/**
 * Takes a collector's raw input as it read it from the OS, before any decoding (an audit record's text with its
 * netlink type, an eslogger JSON line, an ETW EVENT_RECORD's bytes), for {@code hookline record}. A collector asks
 * {@link CollectorContext#recorder()} once at start and, when it is not null, hands each input over: with no
 * recorder set the cost is that null check. Called on the collector's reading threads; implementations are
 * thread-safe, copy the bytes before returning and never throw.
 */
public interface RawRecorder {
    /**
     * @param type what the collector calls the record's kind (the netlink message type for audit; 0 when it has
     *             one kind only)
     */
    void record(int type, byte[] data, int offset, int length);
}

package dev.hookline.transport.server;

import java.io.IOException;

/** Stores a batch durably and says what it did; blocking, called on the sink thread. */
@FunctionalInterface
interface BatchSink {
    AlertSink.Result accept(BatchLines lines) throws IOException;

    /** Writes a batch without forcing it to disk; {@link #sync()} makes every write before it durable. */
    default AlertSink.Result write(BatchLines lines) throws IOException {
        return accept(lines);
    }

    /** Forces what {@link #write} wrote to disk. */
    default void sync() throws IOException {
    }
}

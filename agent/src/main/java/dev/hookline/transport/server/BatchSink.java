package dev.hookline.transport.server;

import java.io.IOException;
import java.util.List;

/** Stores a batch durably and says what it did; blocking, called on the sink thread. */
@FunctionalInterface
public interface BatchSink {
    AlertSink.Result accept(List<String> lines) throws IOException;

    /** Writes a batch without forcing it to disk; {@link #sync()} makes every write before it durable. */
    default AlertSink.Result write(List<String> lines) throws IOException {
        return accept(lines);
    }

    /** Forces what {@link #write} wrote to disk. */
    default void sync() throws IOException {
    }
}

package dev.hookline.transport.server;

import java.io.IOException;
import java.util.List;

/** Stores a batch durably and says what it did; blocking, called on the sink thread. */
@FunctionalInterface
public interface BatchSink {
    AlertSink.Result accept(List<String> lines) throws IOException;
}

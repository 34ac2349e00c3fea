package dev.hookline.output;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;

/**
 * Where finished alerts go: each alert is one already-serialized JSON line (without the trailing newline). The
 * local alert file is one output; network transports (Netty, Sentinel) plug in behind the same interface and a
 * {@link FanOut} delivers to all of them.
 */
public interface AlertOutput extends Closeable {
    /** A short stable name for counters and logs, e.g. "file". */
    String name();

    /** Delivers one JSON line (no newline inside). Throws when this output could not take it. */
    void write(String jsonLine) throws IOException;

    /** Pushes buffered lines towards their destination (for a file: fsync). */
    void flush() throws IOException;

    @Override
    void close() throws IOException;

    /** Counters with stable snake_case names, e.g. lines_written. */
    Map<String, Long> counters();
}

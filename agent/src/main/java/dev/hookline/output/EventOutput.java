package dev.hookline.output;

import dev.hookline.schema.Event;
import java.io.Closeable;
import java.io.IOException;
import java.util.Map;

/**
 * Where every event goes besides the rules (e.g. raw-event forwarding to Sentinel); off unless configured. Called
 * on the rule engine's thread for each event, so an implementation must be quick, must not keep the {@link Event}
 * (it is reused) and should allocate little.
 */
public interface EventOutput extends Closeable {
    /** Takes one event; the event is only valid during the call. */
    void write(Event event) throws IOException;

    /** Forces what was taken to disk now; the event path never calls it (each output syncs by its own policy). */
    void flush() throws IOException;

    Map<String, Long> counters();
}

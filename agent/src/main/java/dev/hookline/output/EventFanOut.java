package dev.hookline.output;

import dev.hookline.schema.Event;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands every event to several event outputs (Sentinel raw events, Kafka events). One failing output does not keep
 * the event from the others; the first failure is rethrown after all had their turn, so the caller counts it.
 */
public final class EventFanOut implements EventOutput {
    private final List<EventOutput> outputs;

    public EventFanOut(List<EventOutput> outputs) {
        this.outputs = List.copyOf(outputs);
    }

    /** The only output when there is one, a fan-out for several, null for none. */
    public static EventOutput of(List<EventOutput> outputs) {
        if (outputs.isEmpty()) {
            return null;
        }
        return outputs.size() == 1 ? outputs.get(0) : new EventFanOut(outputs);
    }

    @Override
    public void write(Event event) throws IOException {
        IOException first = null;
        for (EventOutput o : outputs) {
            try {
                o.write(event);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void flush() throws IOException {
        for (EventOutput o : outputs) {
            o.flush();
        }
    }

    @Override
    public void close() throws IOException {
        for (EventOutput o : outputs) {
            o.close();
        }
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (EventOutput o : outputs) {
            m.putAll(o.counters());
        }
        return m;
    }
}

package dev.hookline.windows.testing;

import dev.hookline.collector.EventSink;
import dev.hookline.schema.Event;
import java.util.ArrayList;
import java.util.List;

/** An EventSink that keeps copies. */
public final class Capture implements EventSink {
    public final List<Event> events = new ArrayList<>();

    @Override
    public boolean publish(Event event) {
        events.add(event.copy());
        return true;
    }
}

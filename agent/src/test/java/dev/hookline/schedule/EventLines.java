package dev.hookline.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.io.EventFileReader;
import dev.hookline.schema.Event;
import dev.hookline.schema.Times;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds small MDE events files (Log Analytics rows with "Type") for tests, one line per event. */
public final class EventLines {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final List<String> lines = new ArrayList<>();
    private long reportId = 1;

    /** @param fields name, value, name, value, ... */
    public EventLines add(String type, long timeNanos, Object... fields) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("Type", type);
        n.put("Timestamp", Times.format(timeNanos));
        n.put("ReportId", reportId++);
        n.put("DeviceId", "d0d0d0d0");
        for (int i = 0; i < fields.length; i += 2) {
            Object v = fields[i + 1];
            if (v instanceof Number num) {
                n.put((String) fields[i], num.longValue());
            } else {
                n.put((String) fields[i], String.valueOf(v));
            }
        }
        lines.add(n.toString());
        return this;
    }

    public String text() {
        return String.join("\n", lines) + "\n";
    }

    public List<Event> events() {
        List<Event> out = new ArrayList<>();
        EventFileReader r = new EventFileReader("test");
        try {
            r.read(new ByteArrayInputStream(text().getBytes(StandardCharsets.UTF_8)), e -> out.add(e.copy()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!r.reports().isEmpty()) {
            throw new IllegalStateException(r.reports().toString());
        }
        return out;
    }

    public EventList list() {
        EventList l = new EventList();
        events().forEach(l::add);
        return l;
    }
}

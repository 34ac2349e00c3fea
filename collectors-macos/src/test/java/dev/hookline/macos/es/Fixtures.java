package dev.hookline.macos.es;

import dev.hookline.collector.EventSink;
import dev.hookline.collector.HealthSink;
import dev.hookline.schema.Event;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Fixture lines and a recording sink shared by the eslogger tests. */
final class Fixtures {
    static final List<String> VERSIONED = List.of("macos13-v6-object-token.jsonl",
            "macos14-v7-array-token-escaped.jsonl", "macos15-v8-reordered-unknown-keys.jsonl");

    private Fixtures() {
    }

    static List<String> lines(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>();
            for (String l : all.split("\n")) {
                if (!l.isBlank()) {
                    out.add(l);
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keeps copies of published events and health alerts. */
    static final class Recorder implements EventSink, HealthSink {
        final List<Event> events = Collections.synchronizedList(new ArrayList<>());
        final List<String> alerts = Collections.synchronizedList(new ArrayList<>());

        @Override
        public boolean publish(Event event) {
            events.add(event.copy());
            return true;
        }

        @Override
        public void healthAlert(String kind, String message) {
            alerts.add(kind + ": " + message);
        }
    }
}

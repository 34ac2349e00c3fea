package dev.hookline.agent;

import dev.hookline.collector.Collector;
import dev.hookline.collector.CollectorContext;
import dev.hookline.collector.CollectorProvider;
import dev.hookline.schema.Event;
import dev.hookline.testing.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test collector that publishes the seed fixture events (re-stamped to now) when the agent starts, so the agent's
 * own wiring (ring, rules, alert file, control socket) is tested without the OS collectors. Enabled only when a
 * test sets the system property it checks.
 */
public final class ReplayCollectorProvider implements CollectorProvider {
    static final String ENABLE = "hookline.test.replay";
    /** The context the agent gave the last collector created (to check what the agent fills in). */
    static volatile CollectorContext lastContext;
    /** Events to publish instead of the seed fixtures, as they are (the test stamps them), or null. */
    static volatile List<Event> replacement;

    @Override
    public String name() {
        return "test-replay";
    }

    @Override
    public String unsupportedReason() {
        return Boolean.getBoolean(ENABLE) ? null : "test collector, disabled";
    }

    @Override
    public Collector create(CollectorContext context) {
        lastContext = context;
        return new Collector() {
            final AtomicLong published = new AtomicLong();

            @Override
            public String name() {
                return "test-replay";
            }

            @Override
            public void start() {
                List<Event> given = replacement;
                List<Event> events = given != null ? given : Fixtures.events("seed-cases.jsonl");
                long shift = given != null ? 0 : System.currentTimeMillis() * 1_000_000L - Fixtures.NOW;
                for (Event e : events) {
                    e.set(dev.hookline.schema.Columns.TIMESTAMP, e.getLong(dev.hookline.schema.Columns.TIMESTAMP) + shift);
                    if (context.events().publish(e)) {
                        published.incrementAndGet();
                    }
                }
                context.health().healthAlert("TestHealth", "replay collector started");
            }

            @Override
            public String description() {
                return "replaying " + published.get() + " fixture events";
            }

            @Override
            public Map<String, Long> counters() {
                return Map.of("published", published.get());
            }

            @Override
            public void close() {
            }
        };
    }
}

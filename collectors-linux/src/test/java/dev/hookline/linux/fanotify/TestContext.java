package dev.hookline.linux.fanotify;

import dev.hookline.collector.CollectorContext;
import dev.hookline.collector.EventSink;
import dev.hookline.collector.HealthSink;
import dev.hookline.collector.HostIdentity;
import dev.hookline.collector.WriteBeforeExec;
import dev.hookline.config.CollectorSettings;
import dev.hookline.net.DnsCache;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A collector context that keeps every published row and health alert in lists. */
final class TestContext implements CollectorContext {
    final DnsCache dnsCache = new DnsCache(1000, 60, 3600);
    final WriteBeforeExec writeBeforeExec = new WriteBeforeExec();
    final List<Event> rows = new ArrayList<>();
    final List<String> alerts = new ArrayList<>();
    final ProcessTable table = new ProcessTable(60_000_000_000L);
    final Map<String, Object> config;
    final List<String> protectedPaths;
    volatile boolean countOnly;
    volatile long count;

    TestContext(Map<String, Object> config) {
        this(config, List.of());
    }

    /** With the agent's own files, as the agent gives them. */
    TestContext(Map<String, Object> config, List<String> protectedPaths) {
        this.config = config;
        this.protectedPaths = protectedPaths;
    }

    @Override
    public List<String> protectedPaths() {
        return protectedPaths;
    }

    @Override
    public EventSink events() {
        return e -> {
            count++;
            if (!countOnly) {
                synchronized (rows) {
                    rows.add(e.copy());
                }
            }
            return true;
        };
    }

    @Override
    public HealthSink health() {
        return (kind, message) -> {
            synchronized (alerts) {
                alerts.add(kind + ": " + message);
            }
        };
    }

    @Override
    public ProcessTable processes() {
        return table;
    }

    @Override
    public HostIdentity host() {
        return new HostIdentity("testhost", "test-device-id");
    }

    @Override
    public DnsCache dnsCache() {
        return dnsCache;
    }

    @Override
    public WriteBeforeExec writeBeforeExec() {
        return writeBeforeExec;
    }

    @Override
    public Map<String, Object> config() {
        return config;
    }

    /** As the agent binds it. */
    @Override
    public <T extends Record> T settings(T defaults) {
        return CollectorSettings.bind("linux-fanotify", config, defaults);
    }

    List<Event> matching(Predicate<Event> p) {
        synchronized (rows) {
            return rows.stream().filter(p).toList();
        }
    }

    /** Waits up to 10 s for a row the predicate accepts. */
    Event await(Predicate<Event> p) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<Event> m = matching(p);
            if (!m.isEmpty()) {
                return m.get(0);
            }
            Thread.sleep(20);
        }
        synchronized (rows) {
            throw new AssertionError("no matching row; rows: " + rows.stream().map(Event::toString).toList());
        }
    }
}

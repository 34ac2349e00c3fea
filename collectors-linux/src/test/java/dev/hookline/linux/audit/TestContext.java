package dev.hookline.linux.audit;

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

/** A CollectorContext that collects events and health alerts into lists, with a real ProcessTable. */
final class TestContext implements CollectorContext {
    final DnsCache dnsCache = new DnsCache(1000, 60, 3600);
    final WriteBeforeExec writeBeforeExec = new WriteBeforeExec();
    final List<Event> events = new ArrayList<>();
    final List<String> alerts = new ArrayList<>();
    final ProcessTable table = new ProcessTable(60_000_000_000L);
    final Map<String, Object> config;

    TestContext(Map<String, Object> config) {
        this.config = config;
    }

    @Override
    public EventSink events() {
        return e -> {
            synchronized (events) {
                events.add(e.copy());
                events.notifyAll();
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
        return new HostIdentity("testhost", "0123456789abcdef0123456789abcdef01234567");
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
        return CollectorSettings.bind("linux-audit", config, defaults);
    }

    List<String> alerts() {
        synchronized (alerts) {
            return new ArrayList<>(alerts);
        }
    }

    /** Waits up to timeoutMillis for an event matching p. */
    Event await(Predicate<Event> p, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (events) {
            while (true) {
                for (Event e : events) {
                    if (p.test(e)) {
                        return e;
                    }
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return null;
                }
                events.wait(left);
            }
        }
    }

    List<Event> snapshot() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }
}

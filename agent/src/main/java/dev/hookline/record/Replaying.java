package dev.hookline.record;

import dev.hookline.collector.CollectorContext;
import dev.hookline.collector.CollectorException;
import dev.hookline.collector.CollectorProvider;
import dev.hookline.collector.EventSink;
import dev.hookline.collector.HealthSink;
import dev.hookline.collector.HostIdentity;
import dev.hookline.collector.WriteBeforeExec;
import dev.hookline.net.DnsCache;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

/**
 * {@code hookline replay}: a recording fed back through its collector's decoders and normalizers (found through the
 * collector SPI by the name in the file, on any OS), the rows it yields collected in order.
 */
public final class Replaying {
    private Replaying() {
    }

    /** The rows and the health alerts the replay raised (kind: message). */
    public record Result(List<Event> events, List<String> healthAlerts) {
    }

    public static Result replay(RawFile.Contents recording) throws RecordException {
        String name = recording.header().collector();
        CollectorProvider p = provider(name);
        if (p == null || p.replay() == null) {
            throw new RecordException("the recording is of collector " + name + ", which "
                    + (p == null ? "is not on the class path" : "cannot replay") + " (collectors that can: "
                    + recordable() + ")");
        }
        Context ctx = new Context(recording.header());
        try {
            p.replay().replay(recording.records(), ctx);
        } catch (CollectorException e) {
            throw new RecordException("replay through " + name + ": " + e.getMessage());
        }
        return new Result(ctx.events, ctx.alerts);
    }

    static CollectorProvider provider(String name) {
        for (CollectorProvider p : ServiceLoader.load(CollectorProvider.class)) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    static List<String> recordable() {
        List<String> out = new ArrayList<>();
        for (CollectorProvider p : ServiceLoader.load(CollectorProvider.class)) {
            if (p.replay() != null) {
                out.add(p.name());
            }
        }
        return out;
    }

    /** A collector context over nothing live: an empty process table, the recorded host, rows kept in a list. */
    private static final class Context implements CollectorContext {
        final List<Event> events = new ArrayList<>();
        final List<String> alerts = new ArrayList<>();
        private final HostIdentity host;
        private final long agentPid;
        private final ProcessTable processes = new ProcessTable(TimeUnit.SECONDS.toNanos(60));
        private final DnsCache dns = DnsCache.forAgent();
        private final WriteBeforeExec writeBeforeExec = new WriteBeforeExec();

        Context(RawFile.Header h) {
            this.host = new HostIdentity(h.deviceName(), h.deviceId());
            this.agentPid = h.agentPid();
        }

        @Override
        public EventSink events() {
            return e -> {
                synchronized (events) {
                    events.add(e.copy());
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
            return processes;
        }

        @Override
        public HostIdentity host() {
            return host;
        }

        @Override
        public Map<String, Object> config() {
            return Map.of();
        }

        @Override
        public DnsCache dnsCache() {
            return dns;
        }

        @Override
        public WriteBeforeExec writeBeforeExec() {
            return writeBeforeExec;
        }

        /** The recording agent's pid: its own activity was not the host's there, and is not here. */
        @Override
        public long agentPid() {
            return agentPid;
        }
    }
}

package dev.hookline.macos;

import dev.hookline.collector.Collector;
import dev.hookline.collector.CollectorContext;
import dev.hookline.collector.CollectorException;
import dev.hookline.macos.es.EsEventMapper;
import dev.hookline.macos.es.EsloggerBridge;
import dev.hookline.macos.es.EsloggerParser;
import dev.hookline.macos.es.ProcessLauncher;
import dev.hookline.macos.net.ConnectionTracker;
import dev.hookline.macos.net.LibProcSockets;
import dev.hookline.macos.proc.MacProcesses;
import dev.hookline.process.Account;
import dev.hookline.process.ProcessInfo;
import dev.hookline.schema.Times;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * The macOS collector: process and file events from the eslogger bridge, network connections from a libproc
 * poll, one process table for both. The native parts (seed, resolver, socket poll) are passed in by the
 * provider on macOS and are null elsewhere (tests).
 */
public final class MacEsCollector implements Collector {
    public static final String NAME = "macos-es";

    private final CollectorContext ctx;
    private final MacSettings settings;
    private final MacProcesses processes;
    private final LibProcSockets sockets;
    private final EsloggerBridge bridge;
    private final ConnectionTracker connections;
    private final AtomicLong seeded = new AtomicLong();
    private final AtomicLong pollErrors = new AtomicLong();
    private volatile boolean closed;
    private Thread poller;

    public MacEsCollector(CollectorContext ctx, MacSettings settings, ProcessLauncher launcher,
                          LongFunction<Account> accounts, MacProcesses processes, LibProcSockets sockets) {
        this.ctx = ctx;
        this.settings = settings;
        this.processes = processes;
        this.sockets = sockets;
        long agent = ctx.agentPid();
        LongFunction<ProcessInfo> resolver = processes;
        EsEventMapper mapper = new EsEventMapper(ctx.events(), ctx.processes(), ctx.host(), accounts, resolver,
                pid -> pid == agent, settings.writeQuietMs() * 1_000_000L, settings.writeMaxBurstMs() * 1_000_000L);
        this.bridge = new EsloggerBridge(settings.eslogger(), launcher, new EsloggerParser(), mapper, ctx.health(),
                settings.startupGraceMs(), 1_000);
        bridge.recordTo(ctx.recorder());
        this.connections = settings.network() && sockets != null
                ? new ConnectionTracker(ctx.events(), ctx.processes(), ctx.host(), resolver) : null;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Includes which create/rename JSON form this host's eslogger produced, so the first real run tells us. */
    @Override
    public String description() {
        return bridge.description();
    }

    @Override
    public void start() throws CollectorException {
        if (processes != null) {
            seeded.set(processes.seed(ctx.processes()));
        }
        bridge.start();
        if (connections != null) {
            poller = new Thread(this::poll, "hookline-libproc-net");
            poller.setDaemon(true);
            poller.start();
        }
    }

    private void poll() {
        long agent = ctx.agentPid();
        while (!closed) {
            try {
                var snap = sockets.snapshot(agent);
                synchronized (connections) {
                    connections.snapshot(snap, Times.nowNanos());
                }
            } catch (RuntimeException | LinkageError e) {
                if (pollErrors.incrementAndGet() == 1) {
                    ctx.health().healthAlert("LibprocPollFailed", "polling libproc for network connections failed: "
                            + e + "; network events stop, process and file events continue");
                }
            }
            try {
                Thread.sleep(settings.networkIntervalMs());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>(bridge.counters());
        c.put("seededProcesses", seeded.get());
        if (connections != null) {
            synchronized (connections) {
                c.putAll(connections.counters());
            }
            c.put("netPollErrors", pollErrors.get());
        }
        return c;
    }

    @Override
    public void close() {
        closed = true;
        bridge.close();
        Thread t = poller;
        if (t != null) {
            t.interrupt();
        }
    }
}

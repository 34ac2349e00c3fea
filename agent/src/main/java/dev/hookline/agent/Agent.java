package dev.hookline.agent;

import dev.hookline.alert.ScheduledAlertJson;
import dev.hookline.collector.Collector;
import dev.hookline.collector.CollectorContext;
import dev.hookline.collector.CollectorException;
import dev.hookline.collector.CollectorProvider;
import dev.hookline.collector.EventSink;
import dev.hookline.collector.HealthSink;
import dev.hookline.collector.HostIdentity;
import dev.hookline.collector.RawRecorder;
import dev.hookline.collector.WriteBeforeExec;
import dev.hookline.config.AgentConfig;
import dev.hookline.config.CollectorSettings;
import dev.hookline.config.ConfigLoader;
import dev.hookline.control.ControlException;
import dev.hookline.control.ControlHandler;
import dev.hookline.control.ControlServer;
import dev.hookline.control.QueryProgress;
import dev.hookline.kafka.KafkaOutput;
import dev.hookline.kafka.KafkaSettings;
import dev.hookline.kql.KqlOptions;
import dev.hookline.kql.ResultTable;
import dev.hookline.kql.eval.Kql;
import dev.hookline.kql.parse.Lookback;
import dev.hookline.metrics.Listen;
import dev.hookline.metrics.MetricsEndpoint;
import dev.hookline.metrics.StatusMetrics;
import dev.hookline.net.DnsCache;
import dev.hookline.output.AlertOutput;
import dev.hookline.output.EventFanOut;
import dev.hookline.output.EventOutput;
import dev.hookline.output.FanOut;
import dev.hookline.output.HealthLog;
import dev.hookline.output.JsonLinesFile;
import dev.hookline.output.RawEventFiles;
import dev.hookline.process.ProcessTable;
import dev.hookline.ring.RingBuffer;
import dev.hookline.ring.RingConsumer;
import dev.hookline.rules.Platform;
import dev.hookline.rules.Rule;
import dev.hookline.rules.RuleException;
import dev.hookline.rules.RuleLoader;
import dev.hookline.rules.ScheduledRule;
import dev.hookline.rules.Tuning;
import dev.hookline.schedule.RowBudgets;
import dev.hookline.schedule.Scheduler;
import dev.hookline.schedule.WindowSource;
import dev.hookline.schedule.Windows;
import dev.hookline.schema.Times;
import dev.hookline.sentinel.SentinelOutput;
import dev.hookline.sentinel.SentinelSetup;
import dev.hookline.store.EventStore;
import dev.hookline.store.HistorySource;
import dev.hookline.store.StoreSettings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The running agent: collectors → ring buffer → streaming rules → alert outputs, with the live process table, the
 * control socket for status and hunting, and the periodic health line. {@link #close()} stops the collectors
 * first (so the audit collector restores the kernel's settings), then drains the ring and closes the outputs.
 */
public final class Agent implements AutoCloseable {
    /**
     * Queries that reach the agent over its control socket: externaldata may not read local files (the agent would
     * read them with its own rights for whoever reached the socket) nor fetch remote ones.
     */
    private static final KqlOptions LIVE_QUERY = KqlOptions.DEFAULT.withLocalExternalData(false);
    /** The geo database of kql.geoip_db, opened on first use (null: none configured, or it cannot be read). */
    private dev.hookline.geoip.GeoIpDatabase geoIp;
    private boolean geoIpOpened;

    /** The health alert raised on start after an unclean stop. */
    static final String BLIND_WINDOW = "AgentBlindWindow";
    private static final long PROCESS_GRACE_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Heap the agent needs besides the ring: process table (bounded), rules, outputs, collectors' caches. */
    static final long HEAP_BESIDES_RING = 56L << 20;

    private final AgentConfig config;
    private final PrintStream log;
    private final long startedNanos = System.nanoTime();
    private final long startedEpochNanos = Times.nowNanos();
    private final HostIdentity host;
    private final ProcessTable processes = new ProcessTable(PROCESS_GRACE_NANOS);
    // Where collectors meet: each is created on its own, so the agent hands every one the same instances.
    private final DnsCache dnsCache = DnsCache.forAgent();
    private final WriteBeforeExec writeBeforeExec = new WriteBeforeExec();
    private Map<String, RawRecorder> recorders = Map.of();
    private final List<Collector> collectors = new ArrayList<>();
    private final Map<String, String> unavailable = new LinkedHashMap<>();
    private RingBuffer ring;
    private RingConsumer consumer;
    private DetectionPipeline pipeline;
    private FanOut outputs;
    private RawEventFiles raw;
    private SentinelOutput sentinel;
    /** events.kafka: every raw event to Kafka / Event Hubs, or null (off, the default). */
    private KafkaOutput eventsKafka;
    private HealthAlerts health;
    private EventStore store;
    private ControlServer control;
    /** The Prometheus endpoint (metrics.listen), or null: off. */
    private MetricsEndpoint metrics;
    private HealthLog healthLog;
    private Scheduler scheduler;
    private Heartbeat heartbeat;
    private ScheduledExecutorService housekeeping;
    private volatile boolean closed;

    private Agent(AgentConfig config, PrintStream log) {
        this.config = config;
        this.log = log;
        this.host = HostIdentities.detect();
    }

    /** Starts everything; on failure whatever was started is stopped again. */
    public static Agent start(AgentConfig config, PrintStream log) throws AgentException {
        return start(config, log, Map.of());
    }

    /**
     * Starts everything, each collector named in {@code recorders} handing its raw input to that recorder
     * ({@code hookline record}).
     */
    public static Agent start(AgentConfig config, PrintStream log, Map<String, RawRecorder> recorders)
            throws AgentException {
        Agent a = new Agent(config, log);
        a.recorders = Map.copyOf(recorders);
        try {
            a.startAll();
            return a;
        } catch (AgentException | RuntimeException e) {
            a.close();
            throw e;
        }
    }

    private void startAll() throws AgentException {
        List<Rule> rules = loadRules();
        Tuning tuning = loadTuning();
        try {
            Files.createDirectories(config.alerts().file().path().toAbsolutePath().getParent());
            var f = config.alerts().file();
            List<AlertOutput> outs = new ArrayList<>();
            outs.add(new JsonLinesFile("file", f.path(), f.rotateBytes(), f.keep(), f.fsyncPolicy()));
            if (config.alerts().collector().enabled()) {
                outs.add(Shipping.output(config.alerts().collector(), host));
            }
            try {
                sentinel = SentinelSetup.output(config.alerts().sentinel());
            } catch (IOException e) {
                for (AlertOutput o : outs) {
                    o.close();
                }
                throw new AgentException("alerts.sentinel: " + e.getMessage());
            }
            if (sentinel != null) {
                outs.add(sentinel);
            }
            // Drops are raised through the health alerts, which exist only once the outputs do: look them up late.
            HealthSink kafkaHealth = (kind, message) -> {
                HealthAlerts h = health;
                if (h != null) {
                    h.healthAlert(kind, message);
                }
            };
            try {
                if (config.alerts().kafka().enabled()) {
                    outs.add(new KafkaOutput(KafkaSettings.from(config.alerts().kafka(), "alerts", System::getenv),
                            kafkaHealth));
                }
                if (config.events().kafka().enabled()) {
                    eventsKafka = new KafkaOutput(KafkaSettings.from(config.events().kafka(), "events",
                            System::getenv), kafkaHealth);
                }
            } catch (IOException e) {
                for (AlertOutput o : outs) {
                    o.close();
                }
                throw new AgentException("kafka: " + e.getMessage());
            }
            outputs = new FanOut(outs);
            if (config.rawEvents().enabled()) {
                var r = config.rawEvents();
                Files.createDirectories(r.dir());
                raw = new RawEventFiles(r.dir(), r.rotateBytes(), r.keep(), r.fsyncPolicy());
            }
        } catch (IOException e) {
            throw new AgentException(alertFileError(config.alerts().file().path(), e, System.getProperty("user.name")));
        }
        try {
            List<EventOutput> eventOuts = new ArrayList<>();
            if (sentinel != null && config.alerts().sentinel().rawEvents()) {
                eventOuts.add(sentinel);
            }
            if (eventsKafka != null) {
                eventOuts.add(eventsKafka);
            }
            pipeline = new DetectionPipeline(rules, tuning, processes, outputs, raw, EventFanOut.of(eventOuts), 16);
        } catch (RuleException e) {
            throw new AgentException(e.getMessage());
        }
        for (String w : pipeline.warnings()) {
            log.println("hookline: warning: " + w);
        }
        for (ScheduledRule r : pipeline.scheduled()) {
            log.println("hookline: " + r.rule().source() + ": " + r.describe());
        }
        if (!pipeline.otherPlatform().isEmpty()) {
            log.println("hookline: rules: " + pipeline.otherPlatform().size() + " rules are for another operating system"
                    + " (logsource.product) and do not run on this " + Platform.current().key() + " host");
        }
        for (Rule r : rules) {
            for (String n : r.notices()) {
                log.println("hookline: notice: " + r.source() + ": " + n);
            }
        }
        health = new HealthAlerts(host, this::writeAlertLine, TimeUnit.SECONDS.toNanos(60));
        outputs.listener(new OutputHealth(health));
        if (raw != null) {
            raw.listener(new EventFileHealth(health));
        }
        startHeartbeat();
        ring = RingBuffer.forMemory(config.ring().memoryBytes(), config.ring().overrunPolicy());
        String heap = heapWarning(config.ring().memoryBytes(), Runtime.getRuntime().maxMemory());
        if (heap != null) {
            log.println("hookline: warning: " + heap);
        }
        openStore();
        consumer = new RingConsumer(ring, store == null ? pipeline : store.tee(pipeline), 1024);
        consumer.start("hookline-rules");
        startScheduler();
        startCollectors();
        control = new ControlServer(config.control().socket(), new Handler());
        try {
            control.start();
        } catch (ControlException e) {
            throw new AgentException("control socket " + config.control().socket() + ": " + e.getMessage());
        }
        startMetrics();
        housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hookline-housekeeping");
            t.setDaemon(true);
            return t;
        });
        housekeeping.scheduleWithFixedDelay(() -> processes.evict(Times.nowNanos()), 10, 10, TimeUnit.SECONDS);
        if (heartbeat != null) {
            Heartbeat hb = heartbeat;
            housekeeping.scheduleAtFixedRate(() -> hb.beat(Times.nowNanos()), 1, 1, TimeUnit.SECONDS);
        }
        if (config.health().logIntervalSeconds() > 0) {
            healthLog = new HealthLog(this::counters, Duration.ofSeconds(config.health().logIntervalSeconds()));
            healthLog.start();
        }
        log.println("hookline: running on " + host.deviceName() + " with " + rules.size() + " rules; collectors: "
                + collectorNames() + "; alerts to " + config.alerts().file().path() + "; control socket "
                + config.control().socket());
    }

    /**
     * Raises AgentBlindWindow when the previous run left its heartbeat "running" (killed, crashed, power lost): the
     * events between its last beat and this start were seen by no one and are reported nowhere else (the kernel
     * counts no loss: nobody was listening). Then starts this run's heartbeat beside the alert file.
     */
    private void startHeartbeat() {
        Path p = config.alerts().file().path().toAbsolutePath().getParent().resolve(Heartbeat.FILE);
        Heartbeat.Previous prev = Heartbeat.previous(p);
        if (prev != null && !prev.clean()) {
            long seconds = Math.max(0, TimeUnit.NANOSECONDS.toSeconds(startedEpochNanos - prev.lastBeatNanos()));
            health.healthAlert(BLIND_WINDOW, "the previous agent (pid " + prev.pid() + ") did not stop cleanly "
                    + "(killed, crashed or the host lost power): nothing was watched from its last heartbeat at "
                    + Times.format(prev.lastBeatNanos()) + " to this start at " + Times.format(startedEpochNanos)
                    + " (about " + seconds + " s); what ran in that window is reported nowhere",
                    Map.of("WindowStart", Times.format(prev.lastBeatNanos()),
                            "WindowEnd", Times.format(startedEpochNanos)));
        }
        try {
            heartbeat = Heartbeat.open(p);
            heartbeat.beat(Times.nowNanos());
        } catch (IOException e) {
            log.println("hookline: warning: heartbeat " + p + ": " + e.getMessage()
                    + "; a restart after a crash will not report the blind window");
        }
    }

    /**
     * Serves every status counter on metrics.listen when set: read from {@link #counters()} at each scrape, so the
     * event path counts nothing twice. A port that cannot be bound stops the start (the operator asked for it).
     */
    private void startMetrics() throws AgentException {
        Listen listen = Listen.parse(config.metrics().listen()); // checked when the config was loaded
        if (listen == null) {
            return;
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new StatusMetrics("hookline_", this::counters));
        try {
            metrics = MetricsEndpoint.start(listen, registry, "hookline-metrics");
        } catch (IOException e) {
            throw new AgentException("metrics.listen: " + e.getMessage());
        }
        log.println("hookline: metrics on http://" + metrics.address() + "/metrics");
    }

    /** The metrics endpoint's port, or -1 when metrics are off. */
    public int metricsPort() {
        return metrics == null ? -1 : metrics.port();
    }

    /**
     * Opens the on-disk event store when enabled. A store that cannot open (an unwritable path, another agent on it)
     * does not stop the agent: detection goes on, the reason is logged and raised as a health alert.
     */
    private void openStore() {
        AgentConfig.Store s = config.store();
        if (!s.enabled()) {
            return;
        }
        try {
            store = EventStore.open(StoreSettings.of(s.path(), TimeUnit.HOURS.toNanos(s.maxAgeHours()), s.maxBytes()),
                    health);
        } catch (IOException | RuntimeException e) {
            String why = "the event store " + s.path() + " did not open: " + e.getMessage()
                    + "; the agent runs without local history (hookline query --since needs it)";
            log.println("hookline: warning: " + why);
            health.healthAlert("StoreUnavailable", why);
        }
    }

    /**
     * Scheduled rules run on their own threads (rules.scheduled.threads) over history: the store and the ring when the store is open, else
     * the ring alone (whatever of the period it still holds). Their queries are bounded like live queries.
     */
    private void startScheduler() {
        if (pipeline.scheduled().isEmpty()) {
            return;
        }
        Windows windows = (from, to) -> store != null ? new HistorySource(store, ring, from, to)
                : new WindowSource(ring.snapshot(), from, to);
        AgentConfig.Scheduled sc = config.rules().scheduled();
        scheduler = new Scheduler(pipeline.scheduled(), LIVE_QUERY.withGeoIp(geoIp()), new RowBudgets(sc.rowBudget(), sc.rowBudgets()),
                sc.threads(), windows,
                a -> writeAlertLine(ScheduledAlertJson.toJson(a)),
                (r, error) -> health.healthAlert("ScheduledRuleFailed", "scheduled rule " + r.rule().id() + " ("
                        + r.rule().source() + ") failed: " + error + "; it runs again at its next time"));
        scheduler.start();
    }

    /** Runs every scheduled rule once now, on the calling thread (none: nothing to do). */
    public void runScheduledRulesNow() {
        Scheduler s = scheduler;
        if (s != null) {
            s.runAllNow();
        }
    }

    /**
     * Not synchronized on the agent: pipeline.write is, and the consumer thread holding it reaches here when an
     * output's failure raises a health alert (agent lock inside pipeline lock vs. a collector's health alert's
     * pipeline lock inside agent lock would deadlock).
     */
    private void writeAlertLine(String line) {
        pipeline.write(line);
    }

    /**
     * kql.geoip_db opened once; a file that cannot be read is logged and the agent runs without it (its geo
     * lookups give empty bags, with a warning): a missing enrichment must not stop detection.
     */
    private synchronized dev.hookline.geoip.GeoIpDatabase geoIp() {
        if (!geoIpOpened) {
            geoIpOpened = true;
            java.nio.file.Path p = config.kql().geoipDb();
            if (p != null) {
                try {
                    geoIp = dev.hookline.geoip.GeoIpDatabase.open(p);
                } catch (java.io.IOException e) {
                    log.println("hookline: warning: kql.geoip_db: " + e.getMessage() + "; geo_info_from_ip_address gives"
                            + " empty bags");
                }
            }
        }
        return geoIp;
    }

    private List<Rule> loadRules() throws AgentException {
        RuleLoader loader = new RuleLoader(KqlOptions.DEFAULT.withGeoIp(geoIp()));
        List<Rule> rules = new ArrayList<>();
        try {
            List<String> packs = config.rules().packs();
            if (packs.contains(AgentConfig.Rules.ALL_PACKS)) {
                rules.addAll(loader.loadBuiltin());
            } else if (!packs.isEmpty()) {
                for (Rule r : loader.loadBuiltin()) {
                    String pack = r.source().replaceFirst("^builtin:", "").replaceFirst("/.*", "");
                    if (packs.contains(pack)) {
                        rules.add(r);
                    }
                }
            }
            for (var p : config.rules().paths()) {
                if (config.rules().strict()) {
                    rules.addAll(loader.load(p));
                    continue;
                }
                RuleLoader.LoadReport r = loader.loadReport(p);
                if (!r.errors().isEmpty()) {
                    throw new RuleException(String.join("\n", r.errors()));
                }
                for (RuleLoader.Skipped s : r.skipped()) {
                    log.println("hookline: rules: skipped " + s.message());
                }
                if (!r.skipped().isEmpty()) {
                    log.println("hookline: rules: " + p + ": " + r.rules().size() + " rules loaded, " + r.skipped().size()
                            + " Sigma rules skipped (rules.strict: true makes that an error)");
                }
                rules.addAll(r.rules());
            }
        } catch (RuleException e) {
            throw new AgentException("rules: " + e.getMessage());
        }
        if (rules.isEmpty()) {
            throw new AgentException("no rules to run: rules.packs and rules.paths select nothing");
        }
        return rules;
    }

    private Tuning loadTuning() throws AgentException {
        if (config.rules().tuning() == null) {
            return Tuning.NONE;
        }
        try {
            return new RuleLoader().loadTuning(config.rules().tuning());
        } catch (RuleException e) {
            throw new AgentException("rules.tuning: " + e.getMessage());
        }
    }

    private void startCollectors() throws AgentException {
        for (CollectorProvider p : ServiceLoader.load(CollectorProvider.class)) {
            if (!p.forThisPlatform()) {
                if (config.collectorNames().contains(p.name())) {
                    // a config shared by hosts of every OS: checked when loaded, of no use here
                    log.println("hookline: collectors." + p.name() + ": a collector for another operating system; "
                            + "its settings were checked and are ignored here");
                }
                continue;
            }
            String reason = p.unsupportedReason();
            if (reason != null) {
                unavailable.put(p.name(), reason);
                continue;
            }
            CollectorContext ctx = new Context(p.name(), config.collector(p.name()));
            try {
                Collector c = p.create(ctx);
                c.start();
                collectors.add(c);
            } catch (CollectorException | RuntimeException e) {
                unavailable.put(p.name(), e.getMessage());
            }
        }
        for (Collector c : collectors) {
            String d = describe(c);
            if (d != null) {
                log.println("hookline: collector " + c.name() + ": " + d);
            }
        }
        for (Map.Entry<String, String> u : unavailable.entrySet()) {
            log.println("hookline: collector " + u.getKey() + " not running: " + u.getValue());
        }
        // A helper that only enriches other collectors' rows (DNS names) sees nothing on its own.
        if (collectors.stream().noneMatch(Collector::producesEvents)) {
            StringBuilder sb = new StringBuilder("no event collector could start, so the agent would see nothing.");
            if (unavailable.isEmpty() && collectors.isEmpty()) {
                sb.append(" No collector module is on the class path (packaging/target/dist/lib).");
            }
            for (Map.Entry<String, String> u : unavailable.entrySet()) {
                sb.append("\n  ").append(u.getKey()).append(": ").append(u.getValue());
            }
            for (Collector c : collectors) {
                sb.append("\n  ").append(c.name()).append(": started, but it only adds detail to the rows of the "
                        + "collectors above and reports no events of its own");
            }
            sb.append("\nWhat still works without a collector: hookline detect / query --events FILE, rules check.");
            throw new AgentException(sb.toString());
        }
    }

    private String collectorNames() {
        List<String> n = new ArrayList<>();
        collectors.forEach(c -> n.add(c.name()));
        return String.join(", ", n);
    }

    /** Every counter of the agent, its collectors, ring, pipeline and outputs, for status and the health line. */
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("uptime_s", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos));
        for (Collector c : collectors) {
            c.counters().forEach((k, v) -> m.put(c.name() + "." + k, v));
        }
        if (ring != null) {
            ring.counters().forEach((k, v) -> m.put("ring_" + k.replaceFirst("^ring_", ""), v));
        }
        if (pipeline != null) {
            m.putAll(pipeline.counters());
        }
        if (store != null) {
            m.putAll(store.counters());
        }
        if (scheduler != null) {
            m.putAll(scheduler.counters());
        }
        if (health != null) {
            m.put("health_alerts", health.raised());
        }
        m.put("processes_live", (long) processes.liveCount());
        m.put("processes_retired", (long) processes.retiredCount());
        m.put("processes_evicted_early", processes.evictedEarlyCount());
        if (outputs != null) {
            outputs.counters().forEach((k, v) -> m.put("output_" + k, v));
        }
        if (eventsKafka != null) {
            eventsKafka.counters().forEach((k, v) -> m.put("output_" + eventsKafka.name() + "_" + k, v));
        }
        return m;
    }

    public HostIdentity host() {
        return host;
    }

    public ProcessTable processes() {
        return processes;
    }

    public RingBuffer ring() {
        return ring;
    }

    /** Collectors that did not start, by name, with the reason (the same as `hookline status` shows). */
    /** The names of the collectors that started. */
    public List<String> runningCollectors() {
        return collectors.stream().map(Collector::name).toList();
    }

    public Map<String, String> unavailableCollectors() {
        return java.util.Collections.unmodifiableMap(unavailable);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Collector c : collectors) {
            try {
                c.close();
            } catch (RuntimeException e) {
                log.println("hookline: collector " + c.name() + " did not close cleanly: " + e);
            }
        }
        if (metrics != null) {
            metrics.close();
        }
        if (control != null) {
            control.close();
        }
        if (scheduler != null) {
            scheduler.close(); // before the store closes under a run
        }
        if (consumer != null) {
            try {
                consumer.stop(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ring != null) {
            ring.close();
        }
        if (store != null) {
            store.close(); // after the consumer's last batch: everything it handed over is written
        }
        if (healthLog != null) {
            healthLog.close();
        }
        if (housekeeping != null) {
            housekeeping.shutdownNow();
        }
        try {
            if (outputs != null) {
                outputs.close();
            }
            if (raw != null) {
                raw.close();
            }
            if (eventsKafka != null) {
                eventsKafka.close(); // after the consumer stopped: no event arrives any more
            }
        } catch (IOException e) {
            log.println("hookline: closing outputs: " + e.getMessage());
        }
        if (heartbeat != null) {
            // last: everything above is done, so "clean" means no event was left unhandled
            heartbeat.markClean(Times.nowNanos());
            heartbeat.close();
        }
    }

    /**
     * The agent's own files: the class path entries (jars, or directories), the launcher script (passed by it as
     * -Dhookline.launcher), the config file (--config on the command line, else the default path, which would take
     * effect if created) and the rule and tuning files. A collector that can see file changes raises an alert when
     * another process modifies, replaces or deletes one of them.
     */
    private List<String> protectedPaths() {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (!e.isBlank()) {
                out.add(e);
            }
        }
        String launcher = System.getProperty("hookline.launcher");
        if (launcher != null && !launcher.isBlank()) {
            out.add(launcher);
        }
        String configFile = ConfigLoader.DEFAULT_FILE;
        String[] args = ProcessHandle.current().info().arguments().orElse(new String[0]);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                configFile = args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                configFile = args[i].substring("--config=".length());
            }
        }
        out.add(configFile);
        for (java.nio.file.Path p : config.rules().paths()) {
            out.add(p.toString());
        }
        if (config.rules().tuning() != null) {
            out.add(config.rules().tuning().toString());
        }
        List<String> abs = new ArrayList<>();
        for (String p : out) {
            try {
                abs.add(java.nio.file.Path.of(p).toAbsolutePath().normalize().toString());
            } catch (RuntimeException e) {
                // not a path on this system: nothing to protect
            }
        }
        return List.copyOf(abs);
    }

    private final class Context implements CollectorContext {
        private final String name;
        private final Map<String, Object> section;

        Context(String name, Map<String, Object> section) {
            this.name = name;
            this.section = section;
        }

        @Override
        public RawRecorder recorder() {
            return recorders.get(name);
        }

        @Override
        public <T extends Record> T settings(T defaults) {
            return CollectorSettings.bind(name, section, defaults);
        }

        @Override
        public List<String> protectedPaths() {
            return Agent.this.protectedPaths();
        }

        @Override
        public EventSink events() {
            return ring;
        }

        @Override
        public HealthSink health() {
            return health;
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
            return section;
        }

        @Override
        public DnsCache dnsCache() {
            return dnsCache;
        }

        @Override
        public WriteBeforeExec writeBeforeExec() {
            return writeBeforeExec;
        }
    }

    private final class Handler implements ControlHandler {
        @Override
        public Map<String, Object> status() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("device_name", host.deviceName());
            m.put("collectors", collectorNames());
            for (Collector c : collectors) {
                String d = describe(c);
                if (d != null) {
                    m.put("collector." + c.name(), d);
                }
            }
            unavailable.forEach((k, v) -> m.put("unavailable." + k, v));
            if (store != null) {
                m.put("store.path", store.root().toString());
                Long oldest = store.oldestEventNanos();
                m.put("store.oldest_event", oldest == null ? "none" : Times.format(oldest));
            } else {
                m.put("store.path", config.store().enabled() ? "not open (see the agent's log)" : "off");
            }
            if (scheduler != null) {
                m.putAll(scheduler.status());
            }
            m.putAll(counters());
            return m;
        }

        @Override
        public ResultTable query(String kql) {
            return query(kql, 0, new QueryProgress());
        }

        @Override
        public ResultTable query(String kql, long sinceNanos) {
            return query(kql, sinceNanos, new QueryProgress());
        }

        /**
         * Over the ring, or over store and ring for {@code --since} or, without it, for the window the query's own
         * filters give (where Timestamp > ago(7d) on every table read: {@link Lookback}).
         */
        @Override
        public ResultTable query(String kql, long sinceNanos, QueryProgress progress) {
            if (sinceNanos > 0 && store == null) {
                throw new UnsupportedOperationException("--since reads the agent's event store, which is "
                        + (config.store().enabled() ? "not open (see the agent's log)" : "off (store.enabled: false)"));
            }
            var q = Kql.compile(kql, LIVE_QUERY.withGeoIp(geoIp()));
            long now = Times.nowNanos();
            long back = sinceNanos > 0 ? sinceNanos
                    : store == null ? 0 : Lookback.of(kql).orElse(0);
            if (back <= 0) {
                return q.run(ring.snapshot(), now);
            }
            HistorySource source = new HistorySource(store, ring, Math.max(Long.MIN_VALUE + 1, now - back),
                    Long.MAX_VALUE);
            progress.track(source::eventsScanned, source::blocksRead);
            return q.run(source, now);
        }
    }

    /** A collector's description, or null; a collector that fails to describe itself is not worth a failure. */
    private static String describe(Collector c) {
        try {
            return c.description();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Why the alert file could not be opened. Permission denied is nearly always `hookline run` without sudo: say
     * that first, since a writable alert path would only lead to collectors refusing for the same reason.
     */
    static String alertFileError(Path path, IOException e, String user) {
        if (e instanceof AccessDeniedException && !"root".equals(user)) {
            return "cannot open the alert file " + path + ": permission denied (" + e.getMessage() + "). hookline run "
                    + "needs root (sudo): the alert file and control socket live under /var/lib and /run by default, "
                    + "and the collectors (kernel audit, fanotify, passive DNS) need root too."
                    + "\nWhat still works without root: hookline detect / query --events FILE, rules check.";
        }
        return "cannot open the alert file " + path + ": " + e.getMessage()
                + " (set alerts.file.path in the config to a writable place)";
    }

    /**
     * A warning when the ring cannot fit in the JVM's maximum heap with what the rest of the agent needs (the
     * launcher sets a small -Xmx for `run`), else null: better said at start than an OutOfMemoryError under load.
     */
    static String heapWarning(long ringBytes, long maxHeapBytes) {
        if (maxHeapBytes == Long.MAX_VALUE || ringBytes + HEAP_BESIDES_RING <= maxHeapBytes) {
            return null;
        }
        return "ring.memory_mb " + (ringBytes >> 20) + " needs a heap of about " + ((ringBytes + HEAP_BESIDES_RING) >> 20)
                + " MiB but the JVM's maximum is " + (maxHeapBytes >> 20) + " MiB: set HOOKLINE_JAVA_OPTS=-Xmx"
                + (((ringBytes + HEAP_BESIDES_RING) >> 20) + 16) + "m (the launcher's -Xmx comes first, yours wins)";
    }
}

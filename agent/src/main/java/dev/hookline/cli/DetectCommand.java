package dev.hookline.cli;

import dev.hookline.alert.AlertJson;
import dev.hookline.alert.ScheduledAlertJson;
import dev.hookline.kafka.KafkaEventInput;
import dev.hookline.kafka.KafkaSettings;
import dev.hookline.kql.KqlOptions;
import dev.hookline.kql.parse.Durations;
import dev.hookline.rules.AlertEvents;
import dev.hookline.rules.Detector;
import dev.hookline.rules.EventAncestry;
import dev.hookline.rules.Platform;
import dev.hookline.rules.Rule;
import dev.hookline.rules.RuleException;
import dev.hookline.rules.ScheduledRule;
import dev.hookline.schedule.EventList;
import dev.hookline.schedule.OfflineSchedule;
import dev.hookline.schema.Event;
import dev.hookline.schema.Times;
import dev.hookline.store.ReplayStore;
import dev.hookline.store.StoreReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Run the detection rules over an events file, or over a Kafka / Event Hubs topic as a member of"
                + " a consumer group; alerts are printed as JSON lines on stdout, and with --config also sent to its"
                + " alerts.kafka and alerts.sentinel outputs.",
                "Scheduled rules run window by window over a file's time range, as the agent would have (not with"
                + " --from-kafka)."})
final class DetectCommand implements Callable<Integer> {
    /** How long a run waits at its end for the Kafka output to deliver what it raised. */
    private static final Duration DRAIN = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Option(names = "--events", paramLabel = "FILE",
            description = "MDE events as JSON lines (Log Analytics rows with \"Type\", or streaming-API records); - for stdin.")
    String events;

    @Option(names = "--allow-remote-externaldata",
            description = "Let the rules' externaldata fetch http(s) URIs (off by default: no outbound fetches; the"
                    + " running agent never fetches).")
    boolean allowRemoteExternalData;

    @Mixin
    KafkaInputOptions kafka = new KafkaInputOptions();

    @Option(names = "--group", paramLabel = "ID", defaultValue = "hookline-detect",
            description = "With --from-kafka: the consumer group; consumers with the same group split the topic's"
                    + " partitions (default: ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--max-records", paramLabel = "N",
            description = "With --from-kafka: stop after N events (whole messages; their offsets are committed).")
    long maxRecords;

    @Option(names = "--until-idle", paramLabel = "DURATION",
            description = "With --from-kafka: stop when no message came for DURATION (a KQL timespan: 10s, 5m)."
                    + " Without it and --max-records the consumer runs until SIGTERM.")
    String untilIdle;

    @Mixin
    ConfigOption configOption = new ConfigOption();

    @Mixin
    GeoIpOption geoIp = new GeoIpOption();

    private KqlOptions kqlOptions;

    @Mixin
    RuleOptions ruleOptions = new RuleOptions();

    @Mixin
    NowOption now = new NowOption();

    @Option(names = "--row-budget", paramLabel = "ROWS", defaultValue = "2000000",
            description = "Rows a scheduled rule's join, summarize or sort may hold before its run fails"
                    + " (default: ${DEFAULT-VALUE}, the agent's rules.scheduled.row_budget).")
    long rowBudget;

    @Option(names = "--spool-dir", paramLabel = "DIR",
            description = "Where a file's events are spooled for the scheduled rules (a temporary store, deleted"
                    + " after; default: the JVM's temporary directory). About 15-50 bytes an event.")
    Path spoolDir;

    @Option(names = "--platform", paramLabel = "OS",
            description = "The OS the events come from (windows, linux, macos): Sigma rules for another OS"
                    + " (logsource.product) do not run. Default: each row tells by its paths (C:\\... is Windows).")
    String platform;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkOptions();
        Platform os;
        try {
            os = Platform.of(platform);
        } catch (IllegalArgumentException e) {
            throw new UserException("--platform: " + e.getMessage());
        }
        List<Rule> rules = ruleOptions.load(kqlOptions(), err);
        // hookline_has_ancestor*() and hookline_recently_written_*() offline: the processes and file writes the
        // events themselves describe, learned as they go by (so a write must come before the exec it explains)
        EventAncestry ancestry = new EventAncestry();
        ReplayOutputs outputs = configOption.config == null ? null : new ReplayOutputs(configOption.load().config(),
                err);
        Consumer<String> emit = line -> {
            out.println(line);
            if (outputs != null) {
                outputs.write(line);
            }
        };
        try {
            Detector detector;
            try {
                // each alert is written out before the consumer returns: no copy of the event needed
                detector = new Detector(rules, ruleOptions.tuning(), a -> emit.accept(AlertJson.toJson(a)), ancestry,
                        os, AlertEvents.LENT);
            } catch (RuleException e) {
                throw new UserException(e.getMessage());
            }
            if (!detector.otherPlatform().isEmpty()) {
                err.println("hookline: " + detector.otherPlatform().size() + " rules are for another OS than --platform "
                        + os.key() + " and do not run");
            }
            for (String w : detector.warnings()) {
                err.println("hookline: warning: " + w);
            }
            for (ScheduledRule r : detector.scheduled()) {
                err.println("hookline: " + r.rule().source() + ": " + r.describe());
            }
            for (Rule r : rules) {
                for (String n : r.notices()) {
                    err.println("hookline: notice: " + r.source() + ": " + n);
                }
            }
            int code = kafka.enabled() ? fromKafka(detector, ancestry, outputs, out, err)
                    : fromFile(detector, ancestry, emit, out, err);
            if (outputs != null) {
                flush(outputs);
                outputs.drain(DRAIN);
            }
            return code;
        } catch (UncheckedIOException e) {
            throw new UserException("detect: " + e.getMessage(), Main.EXIT_FAILURE);
        } finally {
            if (outputs != null) {
                outputs.close();
            }
        }
    }

    /** How the rules' queries compile and run: http(s) externaldata only with --allow-remote-externaldata. */
    private KqlOptions kqlOptions() {
        if (kqlOptions == null) { // once: the geo database is opened once
            kqlOptions = geoIp.apply(KqlOptions.DEFAULT.withRemoteExternalData(allowRemoteExternalData), configOption,
                    "detect");
        }
        return kqlOptions;
    }

    private void checkOptions() {
        if ((events == null) == !kafka.enabled()) {
            throw new UserException("detect: give either --events FILE or --from-kafka SERVERS --topic TOPIC");
        }
        if (!kafka.enabled() && (maxRecords != 0 || untilIdle != null || kafka.topic != null)) {
            throw new UserException("detect: --topic, --max-records and --until-idle go with --from-kafka");
        }
        if (maxRecords < 0) {
            throw new UserException("detect: --max-records must be >= 0, got " + maxRecords);
        }
        if (rowBudget < 1) {
            throw new UserException("detect: --row-budget must be at least 1, got " + rowBudget);
        }
    }

    private int fromFile(Detector detector, EventAncestry ancestry, Consumer<String> emit, PrintWriter out,
            PrintWriter err) {
        long nowNanos = now.nanos();
        KqlOptions options = kqlOptions().withRowBudget(rowBudget);
        // scheduled rules need the file's events again, window by window: spooled into a temporary event store
        // (the heap holds a few MiB whatever the file's size), or held in memory if that store cannot open
        ReplayStore spool = null;
        EventList held = null;
        if (!detector.scheduled().isEmpty()) {
            try {
                spool = ReplayStore.open(spoolDir);
            } catch (IOException | RuntimeException e) {
                err.println("hookline: warning: cannot spool the events for the scheduled rules (" + e.getMessage()
                        + "); holding them in memory");
                held = new EventList();
            }
        }
        OfflineSchedule.Totals scheduled;
        try {
            ReplayStore s = spool;
            EventList h = held;
            EventFiles.read(events, e -> {
                ancestry.observe(e);
                detector.accept(e, nowNanos);
                if (s != null) {
                    s.add(e);
                } else if (h != null) {
                    h.add(e);
                }
            }, err);
            if (spool != null) {
                spool.finish();
                StoreReader reader = spool.reader();
                scheduled = !spool.hasTimes() ? new OfflineSchedule.Totals(0, 0, 0)
                        : OfflineSchedule.replay(detector.scheduled(), reader::range, spool.first(), spool.last(),
                                r -> options, a -> emit.accept(ScheduledAlertJson.toJson(a)),
                                f -> err.println("hookline: scheduled rule " + f));
            } else if (held != null) {
                scheduled = OfflineSchedule.replay(detector.scheduled(), held, options,
                        a -> emit.accept(ScheduledAlertJson.toJson(a)),
                        f -> err.println("hookline: scheduled rule " + f));
            } else {
                scheduled = new OfflineSchedule.Totals(0, 0, 0);
            }
        } finally {
            if (spool != null) {
                spool.close();
            }
        }
        boolean anyScheduled = !detector.scheduled().isEmpty();
        out.flush();
        err.println("hookline: " + detector.events() + " events, " + detector.alerts() + " alerts"
                + (detector.suppressed() > 0 ? ", " + detector.suppressed() + " suppressed by exclusions" : "")
                + (!anyScheduled ? "" : "; scheduled rules: " + scheduled.runs() + " runs, " + scheduled.alerts()
                        + " alerts" + (scheduled.failures() > 0 ? ", " + scheduled.failures() + " failed runs" : "")));
        return scheduled.failures() > 0 ? 1 : 0;
    }

    /**
     * Consumes the topic as a member of the group: each poll's events through the rules, their alerts to stdout and
     * the outputs, the outputs synced, then the offsets committed. SIGTERM stops it after the poll in progress.
     */
    private int fromKafka(Detector detector, EventAncestry ancestry, ReplayOutputs outputs, PrintWriter out,
            PrintWriter err) {
        KafkaSettings settings = kafka.settings(configOption, "detect");
        Duration idle = null;
        if (untilIdle != null) {
            Long n = Durations.parse(untilIdle);
            if (n == null || n <= 0) {
                throw new UserException("detect: --until-idle expects a positive timespan such as 10s or 5m, got '"
                        + untilIdle + "'");
            }
            idle = Duration.ofNanos(n);
        }
        if (!detector.scheduled().isEmpty()) {
            err.println("hookline: notice: " + detector.scheduled().size() + " scheduled rule(s) do not run with "
                    + "--from-kafka (a stream has no end to schedule windows over); run them with --events");
        }
        Long fixedNow = now.now == null ? null : now.nanos();
        KafkaEventInput.Sink sink = new KafkaEventInput.Sink() {
            @Override
            public void accept(Event e) {
                ancestry.observe(e);
                detector.accept(e, fixedNow != null ? fixedNow : Times.nowNanos());
            }

            @Override
            public void durable() throws IOException {
                out.flush();
                if (out.checkError()) {
                    throw new IOException("standard output failed");
                }
                if (outputs != null) {
                    outputs.flush();
                }
            }
        };
        KafkaEventInput input;
        try {
            input = new KafkaEventInput(settings, group, p -> err.println("hookline: skipped: " + p));
        } catch (IOException | KafkaException e) {
            throw new UserException("detect: --from-kafka: " + e.getMessage(), Main.EXIT_FAILURE);
        }
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            input.stop();
            try {
                done.await(20, TimeUnit.SECONDS); // the poll in progress is synced and committed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "hookline-detect-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        KafkaEventInput.Totals t;
        try {
            t = input.run(sink, new KafkaEventInput.Limits(maxRecords, idle));
        } catch (IOException | KafkaException e) {
            throw new UserException("detect: --from-kafka " + settings.topic() + ": " + e.getMessage()
                    + " (the offsets since the last commit were not committed: the group reads them again)",
                    Main.EXIT_FAILURE);
        } finally {
            input.close();
            if (outputs != null) {
                flush(outputs);
            }
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // SIGTERM: the hook is running and waited for the commit above
            }
        }
        err.println("hookline: " + t.events() + " events from " + t.messages() + " messages of topic "
                + settings.topic() + " (group " + group + ", " + t.commits() + " commits"
                + (t.skipped() > 0 ? ", " + t.skipped() + " records skipped" : "") + "), " + detector.alerts()
                + " alerts" + (detector.suppressed() > 0 ? ", " + detector.suppressed() + " suppressed by exclusions"
                        : "")
                + (outputs == null ? "" : "; sent to " + outputs.names()));
        return 0;
    }

    private static void flush(ReplayOutputs outputs) {
        try {
            outputs.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

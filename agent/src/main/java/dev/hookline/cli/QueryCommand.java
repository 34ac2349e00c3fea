package dev.hookline.cli;

import dev.hookline.control.ControlClient;
import dev.hookline.control.ControlException;
import dev.hookline.kafka.KafkaSettings;
import dev.hookline.kafka.KafkaSnapshot;
import dev.hookline.kql.CompiledQuery;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.KqlOptions;
import dev.hookline.kql.ResultTable;
import dev.hookline.kql.TableSource;
import dev.hookline.kql.eval.Kql;
import dev.hookline.kql.parse.Durations;
import dev.hookline.output.ResultFormat;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Run a hunting query (KQL) over an events file, a Kafka / Event Hubs topic (a snapshot up to its"
                + " end at start) or the running agent's recent events.")
final class QueryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KQL", description = "The query, e.g. 'DeviceProcessEvents | take 10'.")
    String kql;

    @Option(names = "--events", paramLabel = "FILE",
            description = "MDE events as JSON lines; - for stdin. Without it: the running agent's ring buffer (root).")
    String events;

    @Option(names = "--since", paramLabel = "DURATION",
            description = "Also read the agent's on-disk event store: the events of the last DURATION (a KQL timespan:"
                    + " 1d, 12h, 30m), the store's and then the ring's newest, each once. Without it only the ring's"
                    + " recent events (minutes on a busy host). Not with --events (filter a file with a where).")
    String since;

    @Option(names = "--allow-remote-externaldata",
            description = "Let externaldata fetch http(s) URIs (off by default: no outbound fetches). Only with"
                    + " --events: the running agent never fetches.")
    boolean allowRemoteExternalData;

    @Mixin
    KafkaInputOptions kafka = new KafkaInputOptions();

    @Mixin
    ConfigOption configOption = new ConfigOption();

    @Mixin
    GeoIpOption geoIp = new GeoIpOption();

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json",
            description = "Output: an aligned table (default) or JSON lines, one object per row.")
    ResultFormat.Kind format;

    @Mixin
    NowOption now = new NowOption();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (kafka.enabled() || kafka.topic != null) {
            if (events != null || since != null) {
                throw new UserException("query: --from-kafka reads a topic: not with --events or --since");
            }
            return queryKafka(out, err);
        }
        if (events == null) {
            if (allowRemoteExternalData) {
                throw new UserException("query: --allow-remote-externaldata needs --events: the running agent makes no"
                        + " outbound fetches");
            }
            if (geoIp.geoipDb != null) {
                throw new UserException("query: --geoip-db goes with --events (or --from-kafka): the running agent"
                        + " reads kql.geoip_db of its own config");
            }
            return queryAgent(out, err, sinceNanos());
        }
        if (since != null) {
            throw new UserException("query: --since reads the running agent's event store; with --events, filter by "
                    + "time in the query (| where Timestamp > ago(1d))");
        }
        return queryFile(events, out, err);
    }

    /**
     * A bounded snapshot of the topic (every partition from its beginning to its end offset at start) is copied to
     * a temporary file of envelope lines, and the query runs over it as over an events file: disk, not memory,
     * holds the topic, and a query that scans twice reads the same snapshot twice.
     */
    private int queryKafka(PrintWriter out, PrintWriter err) {
        KafkaSettings settings = kafka.settings(configOption, "query");
        Path snapshot = null;
        try {
            snapshot = Files.createTempFile("hookline-kafka-", ".jsonl");
            KafkaSnapshot.Totals t;
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(snapshot), 1 << 16)) {
                t = KafkaSnapshot.read(settings, o, Duration.ofSeconds(30));
            }
            err.println("hookline: " + t.messages() + " messages of topic " + settings.topic() + " up to end offsets "
                    + t.endOffsets());
            return queryFile(snapshot.toString(), out, err);
        } catch (IOException | KafkaException e) {
            throw new UserException("query: --from-kafka: " + e.getMessage(), Main.EXIT_FAILURE);
        } finally {
            if (snapshot != null) {
                try {
                    Files.deleteIfExists(snapshot);
                } catch (IOException e) {
                    err.println("hookline: warning: cannot delete " + snapshot + ": " + e.getMessage());
                }
            }
        }
    }

    private int queryFile(String events, PrintWriter out, PrintWriter err) {
        CompiledQuery q;
        try {
            q = Kql.compile(kql, geoIp.apply(KqlOptions.DEFAULT.withRemoteExternalData(allowRemoteExternalData),
                    configOption, "query"));
        } catch (KqlException e) {
            throw new UserException("query: " + e.getMessage());
        }
        for (String w : q.warnings()) {
            err.println("hookline: warning: " + w);
        }
        ResultTable result;
        try {
            // A stream can be read once: ask the query how many scans it makes (a run over no rows) to know
            // whether the stream must be kept on disk for a second one
            int scans = EventFileSource.isStream(events) ? countScans(q) : 1;
            try (EventFileSource source = new EventFileSource(events, scans, err)) {
                result = q.run(source, now.nanos());
            }
        } catch (KqlException e) {
            throw new UserException("query: " + e.getMessage());
        }
        ResultFormat.print(result, format, out);
        out.flush();
        return 0;
    }

    private int countScans(CompiledQuery q) {
        int[] scans = {0};
        q.run((table, consumer) -> scans[0]++, now.nanos());
        return scans[0];
    }

    /** --since as nanoseconds, 0 when absent. */
    private long sinceNanos() {
        if (since == null) {
            return 0;
        }
        Long n = Durations.parse(since);
        if (n == null || n <= 0) {
            throw new UserException("query: --since expects a positive timespan such as 1d, 12h or 30m, got '" + since
                    + "'");
        }
        return n;
    }

    private int queryAgent(PrintWriter out, PrintWriter err, long sinceNanos) {
        ResultTable result;
        try {
            // a scan of days of history tells stderr how far it has read, about once a second
            result = new ControlClient(configOption.load().config().control().socket()).query(kql, sinceNanos,
                    p -> {
                        err.println("hookline: reading history: " + p.path("events").asLong() + " events, "
                                + p.path("blocks").asLong() + " store blocks, " + p.path("elapsed_ms").asLong() / 1000
                                + " s");
                        err.flush();
                    });
        } catch (KqlException e) {
            throw new UserException("query: " + e.getMessage());
        } catch (ControlException e) {
            throw new UserException(e.getMessage() + " (or give --events FILE to query a file)", Main.EXIT_FAILURE);
        }
        ResultFormat.print(result, format, out);
        out.flush();
        return 0;
    }
}

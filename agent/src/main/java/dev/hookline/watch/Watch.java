package dev.hookline.watch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hookline.agent.Agent;
import dev.hookline.agent.AgentException;
import dev.hookline.agent.PrivateRun;
import dev.hookline.config.AgentConfig;
import dev.hookline.config.ConfigException;
import dev.hookline.config.ConfigLoader;
import dev.hookline.ring.RingSnapshot;
import dev.hookline.ring.RingStats;
import dev.hookline.schema.Times;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code hookline watch}: runs the agent in-process around one command, then reports what the command's process
 * tree did (installer children, outbound endpoints, sensitive and working-directory file writes) and which alerts
 * it raised. Alerts go to a private temp file; the control socket lives in the same temp dir; no health line.
 */
public final class Watch {
    /** An alert at or above {@code --fail-on} fired in the command's tree. */
    public static final int EXIT_ALERT = 3;
    /** The agent could not start: the command was not run. */
    public static final int EXIT_NOT_WATCHED = 4;
    /** The command could not be started (not found, not executable), as a shell would say. */
    public static final int EXIT_NOT_STARTED = 127;
    /** Events carry millisecond audit timestamps: a row may read up to this much before the command started. */
    private static final long START_SLACK_NANOS = 50_000_000L;

    /**
     * @param failOn severity threshold, or null to never fail on alerts
     * @param report a file for the report as JSON, or null
     * @param stepSummary a file to append the Markdown summary to (GitHub's GITHUB_STEP_SUMMARY), or null
     * @param baseline the package baseline to record (absent file) or compare with (present), or null
     * @param updateBaseline merge this run into an existing baseline instead of failing on new behaviour
     * @param sarif a file for the alerts as SARIF 2.1.0, or null
     * @param sentinelConfig an agent config file whose alerts.sentinel is used (CI forwarding), or null
     */
    public record Options(List<String> command, String failOn, Path report, Path workDir, long ringMb, Duration drain,
                          Path stepSummary, Path sentinelConfig, Path baseline, boolean updateBaseline, Path sarif) {
        public Options(List<String> command, String failOn, Path report, Path workDir, long ringMb, Duration drain,
                       Path stepSummary, Path sentinelConfig) {
            this(command, failOn, report, workDir, ringMb, drain, stepSummary, sentinelConfig, null, false, null);
        }
    }

    /** How long a watch waits, unless the config says otherwise, for Sentinel to accept the alerts before exiting. */
    static final long SENTINEL_DRAIN_SECONDS = 60;

    /** The command's exit code, the watch's exit code and the report. */
    public record Result(int commandExit, int exitCode, WatchReport report) {
    }

    private Watch() {
    }

    public static Result run(Options o, PrintStream out, PrintStream log) throws WatchException {
        Path tmp;
        try {
            tmp = Files.createTempDirectory("hookline-watch-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException | UnsupportedOperationException e) {
            throw new WatchException("cannot create a temp dir: " + e.getMessage(), EXIT_NOT_WATCHED);
        }
        try {
            return runIn(tmp, o, out, log);
        } finally {
            PrivateRun.deleteTempDir(tmp);
        }
    }

    private static Result runIn(Path tmp, Options o, PrintStream out, PrintStream log) throws WatchException {
        Path alerts = tmp.resolve("alerts.jsonl");
        Agent agent;
        try {
            agent = Agent.start(config(tmp, o.ringMb(), o.sentinelConfig()), log);
        } catch (AgentException e) {
            throw new WatchException("cannot start the agent, so the command was not run: " + e.getMessage(),
                    EXIT_NOT_WATCHED);
        }
        // Ctrl-C or SIGTERM: still stop the agent, so the kernel's audit settings are restored.
        Thread hook = new Thread(agent::close, "hookline-watch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            long start = Times.nowNanos();
            long published0 = agent.ring().stats().published();
            int exit;
            long pid;
            // Live feedback on a terminal only: a line per alert as it happens; CI logs get the summary alone.
            AlertTail tail = System.console() != null ? new AlertTail(alerts, log, 250).start() : null;
            try {
                Process p = new ProcessBuilder(o.command()).directory(o.workDir().toFile()).inheritIO().start();
                pid = p.pid();
                exit = p.waitFor();
            } catch (IOException e) {
                throw new WatchException("cannot run " + o.command().get(0) + ": " + e.getMessage(), EXIT_NOT_STARTED);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WatchException("interrupted", EXIT_NOT_WATCHED);
            } finally {
                if (tail != null) {
                    tail.close();
                }
            }
            long end = Times.nowNanos();
            sleep(o.drain());
            RingSnapshot events = agent.ring().snapshot();
            List<String> notes = notes(agent, published0);
            agent.close(); // drains the ring through the rules and flushes the alert file
            List<String> lines = readLines(alerts);
            WatchReport report = new WatchAnalyzer(pid, start - START_SLACK_NANOS, o.workDir())
                    .analyze(o.command(), exit, end, events, agent.processes(), lines, notes);
            if (o.baseline() != null) {
                report = report.withNewBehaviour(baseline(o, report, log));
            }
            int code = report.failingAlert(o.failOn()) != null || !report.newBehaviour().isEmpty() ? EXIT_ALERT : exit;
            out.print(SummaryFormat.text(report, o.failOn()));
            out.flush();
            writeOutputs(o, report);
            return new Result(exit, code, report);
        } finally {
            agent.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs (harmlessly: close is idempotent)
            }
        }
    }

    /**
     * The agent's config for a watch: everything in the private temp dir, no health line, a larger ring; with
     * {@code sentinelConfig}, that file's alerts.sentinel (nothing else of it), waiting on exit for the alerts to be
     * accepted since a CI runner does not come back for its spool.
     */
    static AgentConfig config(Path tmp, long ringMb, Path sentinelConfig) throws WatchException {
        String yaml = "ring:\n  memory_mb: " + ringMb + "\n"
                + PrivateRun.yaml(tmp);
        try {
            AgentConfig c = ConfigLoader.parse(yaml, "hookline watch");
            if (sentinelConfig != null) {
                AgentConfig.Sentinel s = ConfigLoader.load(sentinelConfig).config().alerts().sentinel();
                if (!s.enabled()) {
                    throw new WatchException("--sentinel-config " + sentinelConfig + ": alerts.sentinel.endpoint is "
                            + "not set", EXIT_NOT_WATCHED);
                }
                c.alerts().sentinel(s.closeDrainSeconds() > 0 ? s : s.withCloseDrainSeconds(SENTINEL_DRAIN_SECONDS));
            }
            return c;
        } catch (ConfigException e) {
            throw new WatchException(e.getMessage(), EXIT_NOT_WATCHED);
        }
    }

    /**
     * Records the baseline when its file is absent (or with --update-baseline, merged), else compares with it.
     * Returns the new behaviour found (empty when recording).
     */
    static List<String> baseline(Options o, WatchReport report, PrintStream log) throws WatchException {
        Baseline now = Baseline.of(report.packages());
        Path file = o.baseline();
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, now.yaml(), StandardCharsets.UTF_8);
                log.println("hookline watch: recorded the baseline of " + report.packages().size()
                        + " package install step(s) in " + file);
                return List.of();
            }
            Baseline old;
            try {
                old = Baseline.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            } catch (IllegalArgumentException e) {
                throw new WatchException(e.getMessage(), EXIT_NOT_WATCHED);
            }
            if (o.updateBaseline()) {
                Files.writeString(file, old.merge(now).yaml(), StandardCharsets.UTF_8);
                log.println("hookline watch: updated the baseline " + file);
                return List.of();
            }
            return old.newBehaviour(now);
        } catch (IOException e) {
            throw new WatchException("cannot read or write the baseline " + file + ": " + e.getMessage(),
                    EXIT_NOT_WATCHED);
        }
    }

    private static List<String> notes(Agent agent, long published0) {
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, String> u : agent.unavailableCollectors().entrySet()) {
            notes.add("collector " + u.getKey() + " was not running (" + u.getValue() + "): its events are missing");
        }
        RingStats s = agent.ring().stats();
        if (s.published() - published0 > s.capacity()) {
            notes.add("the event ring wrapped (" + (s.published() - published0) + " events, " + s.capacity()
                    + " kept): the lists above miss the oldest events; the alerts are complete. Raise --ring-mb.");
        }
        if (s.overruns() > 0) {
            notes.add(s.overruns() + " event(s) were dropped because the rule engine fell behind");
        }
        return notes;
    }

    private static void writeOutputs(Options o, WatchReport report) throws WatchException {
        try {
            if (o.report() != null) {
                ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                Files.writeString(o.report(), m.writeValueAsString(report) + "\n", StandardCharsets.UTF_8);
            }
            if (o.sarif() != null) {
                Files.writeString(o.sarif(), Sarif.write(report, o.workDir(),
                        Watch.class.getPackage().getImplementationVersion()), StandardCharsets.UTF_8);
            }
            if (o.stepSummary() != null) {
                Files.writeString(o.stepSummary(), SummaryFormat.markdown(report, o.failOn()), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new WatchException("cannot write the report: " + e.getMessage(), report.failingAlert(o.failOn()) != null
                    || !report.newBehaviour().isEmpty()
                    ? EXIT_ALERT : Math.max(1, report.exitCode()));
        }
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

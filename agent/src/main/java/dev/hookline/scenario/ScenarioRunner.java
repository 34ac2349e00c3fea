package dev.hookline.scenario;

import dev.hookline.agent.Agent;
import dev.hookline.agent.AgentException;
import dev.hookline.agent.PrivateRun;
import dev.hookline.config.AgentConfig;
import dev.hookline.config.ConfigException;
import dev.hookline.config.ConfigLoader;
import dev.hookline.kql.Arm;
import dev.hookline.process.SearchPath;
import dev.hookline.rules.Rule;
import dev.hookline.rules.RuleException;
import dev.hookline.rules.RuleLoader;
import dev.hookline.schema.Times;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * {@code hookline scenarios run}: starts the agent in-process with every built-in rule pack and the scenario
 * tuning, runs each scenario for real, one after the other, in its own work dir, and judges the alerts against
 * each scenario's expectations. An alert belongs to the scenario whose work dir appears in it (in the triggering
 * event or in the process ancestry), so late alerts are never credited to the wrong scenario.
 */
public final class ScenarioRunner {
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_CANNOT_RUN = 4;
    /** The tuning the runner uses unless told otherwise (documented in docs/scenarios.md). */
    public static final String BUILTIN_TUNING = "/dev/hookline/scenario/tuning.yaml";
    private static final long POLL_MILLIS = 20;

    /**
     * @param only scenario names to run (empty: all)
     * @param timeout per scenario, for the programs it runs
     * @param settle how long a scenario that expects no alert waits after it ran (benign controls and documented
     *               misses: silence needs time to be believed)
     * @param tuning a tuning file, or null for the built-in one
     * @param rules rule files loaded besides the built-in packs (e.g. Sentinel analytic rules a scenario expects)
     * @param expectedWithin the most a scenario's expected alerts are waited for: the wait ends as soon as every
     *                       one has come, so only a real miss (or a host so loaded that an alert takes this long)
     *                       waits it out; never less than {@code settle}
     */
    public record Options(List<String> only, Duration timeout, Duration settle, Path tuning, List<Path> rules,
                          Duration expectedWithin) {
        /** The default bound on waiting for an expected alert: far above the ~0.3-3 s one takes on a loaded host. */
        public static final Duration EXPECTED_WITHIN = Duration.ofSeconds(60);

        public Options {
            rules = rules == null ? List.of() : List.copyOf(rules);
            expectedWithin = expectedWithin == null || expectedWithin.compareTo(settle) < 0 ? settle : expectedWithin;
        }

        public Options(List<String> only, Duration timeout, Duration settle, Path tuning, List<Path> rules) {
            this(only, timeout, settle, tuning, rules, EXPECTED_WITHIN);
        }

        public Options(List<String> only, Duration timeout, Duration settle, Path tuning) {
            this(only, timeout, settle, tuning, List.of());
        }
    }

    /** Scheduled rules are run this often while the runner waits for a scenario's alerts. */
    private static final long SCHEDULED_EVERY_MILLIS = 500;

    private ScenarioRunner() {
    }

    /** The suites for this OS (supported here or not). */
    public static List<ScenarioSuite> suites() {
        List<ScenarioSuite> out = new ArrayList<>();
        for (ScenarioSuite s : ServiceLoader.load(ScenarioSuite.class)) {
            if (s.forThisPlatform()) {
                out.add(s);
            }
        }
        return out;
    }

    /** Every scenario of this OS's suites, in run order. */
    public static List<Scenario> scenarios() {
        List<Scenario> out = new ArrayList<>();
        suites().forEach(s -> out.addAll(s.scenarios()));
        return out;
    }

    public static ScenarioReport run(Options o, PrintStream progress) throws ScenarioException {
        List<ScenarioSuite> suites = suites();
        if (suites.isEmpty()) {
            throw new ScenarioException("no scenarios for this OS (" + System.getProperty("os.name")
                    + "): the scenario suite exists for Linux only (collectors-linux on the class path)", false);
        }
        for (ScenarioSuite s : suites) {
            String why = s.unsupportedReason();
            if (why != null) {
                throw new ScenarioException("the " + s.name() + " scenarios cannot run here: " + why, false);
            }
        }
        List<Scenario> selected = select(scenarios(), o.only());
        Map<String, Set<String>> arms = loadedArms(o.rules());
        Path tmp;
        try {
            tmp = Files.createTempDirectory("hookline-scenarios-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException | UnsupportedOperationException e) {
            throw new ScenarioException("cannot create a temp dir: " + e.getMessage(), false);
        }
        try {
            return runIn(tmp, selected, arms, o, progress);
        } finally {
            PrivateRun.deleteTempDir(tmp);
        }
    }

    static List<Scenario> select(List<Scenario> all, List<String> only) throws ScenarioException {
        if (only == null || only.isEmpty()) {
            return all;
        }
        Map<String, Scenario> byName = new LinkedHashMap<>();
        all.forEach(s -> byName.put(s.name(), s));
        List<Scenario> out = new ArrayList<>();
        for (String n : new LinkedHashSet<>(only)) {
            Scenario s = byName.get(n.trim());
            if (s == null) {
                throw new ScenarioException("no scenario named '" + n + "'; known: " + String.join(", ",
                        byName.keySet()), true);
            }
            out.add(s);
        }
        return out;
    }

    /** Rule id → names of its arms, for every built-in rule (what the agent loads with rules.packs: [all]). */
    public static Map<String, Set<String>> loadedArms() throws ScenarioException {
        return loadedArms(List.of());
    }

    /** The same with the rules of {@code files} too (a scheduled rule has no arms: any alert of it counts). */
    public static Map<String, Set<String>> loadedArms(List<Path> files) throws ScenarioException {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        RuleLoader loader = new RuleLoader();
        try {
            for (Path f : files) {
                for (Rule r : loader.load(f)) {
                    m.put(r.id(), new LinkedHashSet<>());
                }
            }
        } catch (RuleException | RuntimeException e) {
            throw new ScenarioException("the rule file does not load: " + e.getMessage(), false);
        }
        try {
            for (Rule r : loader.loadBuiltin()) {
                Set<String> names = new LinkedHashSet<>();
                for (Arm a : r.compiled().streaming().arms()) {
                    names.add(a.name());
                }
                m.put(r.id(), names);
            }
        } catch (RuleException | RuntimeException e) {
            throw new ScenarioException("the built-in rules do not load: " + e.getMessage(), false);
        }
        return m;
    }

    private static ScenarioReport runIn(Path tmp, List<Scenario> selected, Map<String, Set<String>> arms, Options o,
                                        PrintStream progress) throws ScenarioException {
        long t0 = System.nanoTime();
        Path alerts = tmp.resolve("alerts.jsonl");
        Path tuning = o.tuning() != null ? o.tuning().toAbsolutePath() : writeBuiltinTuning(tmp);
        ByteArrayOutputStream agentLog = new ByteArrayOutputStream();
        Agent agent;
        try {
            agent = Agent.start(config(tmp, tuning, o.rules()), new PrintStream(agentLog, true, StandardCharsets.UTF_8));
        } catch (AgentException e) {
            throw new ScenarioException("the agent did not start: " + e.getMessage(), false);
        }
        // Ctrl-C or SIGTERM: stop the agent (restores the kernel's audit settings) and remove the temp dir; the
        // scenarios' own hooks purge what they installed.
        Thread hook = new Thread(() -> {
            agent.close();
            PrivateRun.deleteTempDir(tmp);
        }, "hookline-scenarios-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        List<String> notes = new ArrayList<>();
        Map<Scenario, Path> workDirs = new LinkedHashMap<>();
        Map<Scenario, Run> runs = new LinkedHashMap<>();
        Map<Scenario, long[]> spans = new LinkedHashMap<>();
        try {
            agent.unavailableCollectors().forEach((k, v) -> notes.add("collector " + k + " was not running: " + v));
            for (Scenario s : selected) {
                Path work = tmp.resolve(s.name() + ".d");
                workDirs.put(s, work);
                long from = Times.nowNanos();
                runs.put(s, runOne(s, work, alerts, arms, o, progress, agent::runScheduledRulesNow));
                spans.put(s, new long[] {from, Times.nowNanos()});
                PrivateRun.deleteTempDir(work);
            }
            agent.counters().forEach((k, v) -> {
                if (v > 0 && (k.contains("lost") || k.contains("overrun") || k.contains("overflow")
                        || k.contains("gap"))) {
                    notes.add("agent counter " + k + " = " + v + " (events may be missing)");
                }
            });
        } finally {
            agent.close(); // drains the ring through the rules and flushes the alert file
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs, harmlessly (close is idempotent)
            }
        }
        List<String> lines = readLines(alerts);
        Map<Scenario, List<ScenarioAlert>> byScenario = new LinkedHashMap<>();
        Map<String, Integer> unclaimed = new LinkedHashMap<>();
        for (String line : lines) {
            String health = ScenarioAlert.healthSummary(line);
            if (health != null) {
                notes.add("agent health: " + health);
                continue;
            }
            ScenarioAlert a = ScenarioAlert.parse(line);
            if (a == null) {
                continue;
            }
            Scenario owner = owner(line, workDirs);
            if (owner == null && a.scheduled()) {
                owner = ownerByTime(a.detectedAtNanos(), spans);
            }
            if (owner == null) {
                unclaimed.merge(a.ruleId() + "/" + a.arm(), 1, Integer::sum);
            } else {
                byScenario.computeIfAbsent(owner, k -> new ArrayList<>()).add(a);
            }
        }
        unclaimed.forEach((k, n) -> notes.add(n + " alert(s) " + k + " came from no scenario (other activity on "
                + "this host)"));
        MatrixBuilder mb = new MatrixBuilder(arms);
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario s : selected) {
            Run r = runs.get(s);
            List<Cell> cells = r.status == ScenarioResult.Status.RAN
                    ? mb.cells(s, byScenario.getOrDefault(s, List.of())) : List.of();
            results.add(new ScenarioResult(s.name(), s.kind(), s.origin(), s.description(), r.status, r.message,
                    r.millis, cells));
        }
        String tuningName = o.tuning() != null ? o.tuning().toString() : "built-in scenario tuning (" + BUILTIN_TUNING
                + ")";
        return new ScenarioReport(results, notes, arms.size(), tuningName, (System.nanoTime() - t0) / 1_000_000L);
    }

    private record Run(ScenarioResult.Status status, String message, long millis) {
    }

    private static Run runOne(Scenario s, Path work, Path alerts, Map<String, Set<String>> arms, Options o,
                              PrintStream progress, Runnable runScheduled) {
        long start = System.nanoTime();
        List<String> missing = new ArrayList<>();
        for (String p : s.programs()) {
            if (SearchPath.which(p) == null) {
                missing.add(p);
            }
        }
        if (!missing.isEmpty()) {
            String why = "not installed: " + String.join(", ", missing);
            progress.println("hookline: scenario " + s.name() + ": skipped (" + why + ")");
            return new Run(ScenarioResult.Status.SKIPPED, why, 0);
        }
        progress.println("hookline: scenario " + s.name() + " ...");
        ScenarioResult.Status status = ScenarioResult.Status.RAN;
        String message = null;
        try {
            Files.createDirectories(work);
            s.run(work, o.timeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = ScenarioResult.Status.ERROR;
            message = "interrupted";
        } catch (Exception e) {
            status = ScenarioResult.Status.ERROR;
            message = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        if (status == ScenarioResult.Status.RAN) {
            awaitExpected(s, work, alerts, arms, o.settle(), o.expectedWithin(), runScheduled);
        }
        long millis = (System.nanoTime() - start) / 1_000_000L;
        progress.println("hookline: scenario " + s.name() + ": " + (status == ScenarioResult.Status.RAN ? "ran"
                : "error: " + message) + " (" + millis + " ms)");
        return new Run(status, message, millis);
    }

    /**
     * Waits until every loaded, expected arm has fired for the scenario, at most {@code expectedWithin}: on a loaded
     * host a file row's alert comes seconds after the write (the row waits for its writer's exec records, the
     * rules for the ring), and a fixed settle time turned that lateness into a miss. A scenario with nothing to
     * wait for (benign, or only documented misses) waits the whole settle time: an alert may still come.
     */
    static void awaitExpected(Scenario s, Path work, Path alerts, Map<String, Set<String>> arms,
                              Duration settle, Duration expectedWithin, Runnable runScheduled) {
        List<Expectation> want = s.expectations().stream().filter(e -> e.caught() && arms.containsKey(e.ruleId()))
                .toList();
        String token = work.toString();
        long start = Times.nowNanos();
        long deadline = System.nanoTime() + (want.isEmpty() ? settle : expectedWithin).toNanos();
        long nextScheduled = 0;
        while (System.nanoTime() < deadline) {
            // scheduled rules (a queryFrequency of a day) are run now and again while waiting, over the history
            // that holds the scenario's events; a row already alerted is not raised again
            if (System.nanoTime() >= nextScheduled) {
                runScheduled.run();
                nextScheduled = System.nanoTime() + SCHEDULED_EVERY_MILLIS * 1_000_000L;
            }
            if (!want.isEmpty()) {
                List<ScenarioAlert> seen = new ArrayList<>();
                for (String line : readLines(alerts)) {
                    ScenarioAlert a = ScenarioAlert.parse(line);
                    if (a != null && (line.contains(token) || (a.scheduled() && a.detectedAtNanos() >= start))) {
                        seen.add(a);
                    }
                }
                boolean all = want.stream().allMatch(e -> seen.stream().anyMatch(a -> a.ruleId().equals(e.ruleId())
                        && (e.arm() == null || a.arm().equals(e.arm()))));
                if (all) {
                    return;
                }
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The scenario whose work dir the alert names (the dir name ends in ".d", so no name is a prefix of another). */
    private static Scenario owner(String line, Map<Scenario, Path> workDirs) {
        for (Map.Entry<Scenario, Path> e : workDirs.entrySet()) {
            if (line.contains(e.getValue().toString())) {
                return e.getKey();
            }
        }
        return null;
    }

    /**
     * A scheduled rule's alert carries its result row, which need not name the work dir (the build-process rule's
     * row has host, process and file names only): it belongs to the scenario during whose run and wait it was
     * raised. The runner alone runs scheduled rules at these times (their own frequencies are hours or days).
     */
    private static Scenario ownerByTime(long detectedAt, Map<Scenario, long[]> spans) {
        for (Map.Entry<Scenario, long[]> e : spans.entrySet()) {
            if (detectedAt >= e.getValue()[0] && detectedAt <= e.getValue()[1]) {
                return e.getKey();
            }
        }
        return null;
    }

    private static Path writeBuiltinTuning(Path tmp) throws ScenarioException {
        try (InputStream in = ScenarioRunner.class.getResourceAsStream(BUILTIN_TUNING)) {
            if (in == null) {
                throw new ScenarioException("missing built-in resource " + BUILTIN_TUNING, false);
            }
            Path p = tmp.resolve("tuning.yaml");
            Files.write(p, in.readAllBytes());
            return p;
        } catch (IOException e) {
            throw new ScenarioException("cannot write the tuning file: " + e.getMessage(), false);
        }
    }

    /** The built-in tuning file's text (for `scenarios list` and the docs). */
    public static String builtinTuning() {
        try (InputStream in = ScenarioRunner.class.getResourceAsStream(BUILTIN_TUNING)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Everything in the private temp dir, the event store too; every built-in pack and {@code rules}; fsync never
     * (alerts are read while the agent runs). The store was the host's default one (/var/lib/hookline/store):
     * scheduled rules then met the events of earlier runs (a Sentinel rule's day-long query fired on the last
     * run's build-process rows during the first scenario, claimed by time) and a running agent's store got the
     * scenarios' events.
     */
    static AgentConfig config(Path tmp, Path tuning, List<Path> rules) throws ScenarioException {
        StringBuilder paths = new StringBuilder("[");
        for (Path r : rules) {
            paths.append(paths.length() > 1 ? ", " : "").append(PrivateRun.quote(r.toAbsolutePath()));
        }
        String yaml = PrivateRun.yaml(tmp) + "store:\n  path: " + PrivateRun.quote(tmp.resolve("store")) + "\n"
                + "rules:\n  packs: [all]\n  paths: " + paths + "]\n  tuning: " + PrivateRun.quote(tuning) + "\n";
        try {
            return ConfigLoader.parse(yaml, "hookline scenarios");
        } catch (ConfigException e) {
            throw new ScenarioException(e.getMessage(), false);
        }
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}

package dev.hookline.kql;

import dev.hookline.kql.eval.Kql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.rules.Detector;
import dev.hookline.rules.Rule;
import dev.hookline.rules.RuleException;
import dev.hookline.rules.RuleLoader;
import dev.hookline.rules.Tuning;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The held-out corpus of published hunting queries (../shared/corpora/kql/queries, the three MDE tables only), run
 * in-process over {@link CorpusEvents} and compared with Microsoft's analyzer ({@link KustoOracle}): how many run,
 * how many the analyzer accepts, and how many give exactly the analyzer's result schema. The floors are today's
 * figures so a change cannot silently lose queries; raise them as the engine improves.
 */
class PublishedHuntingQueriesTest {
    // Today's figures (see the printed report); raise them, never lower them.
    private static final int RUN_FLOOR = 528;
    private static final int RULES_FLOOR = 491;
    private static final int ACCEPTED_AND_RUN_FLOOR = 509;
    private static final int SAME_SCHEMA_FLOOR = 509;
    private static final int SENTINEL_RUN_FLOOR = 13;
    private static final int SENTINEL_RULES_FLOOR = 13;

    /**
     * The test sends no traffic: a query's http(s) externaldata (allowed, as an agent configured for it would) reads
     * as an empty file, so the query's own KQL runs and its schema is checked; such runs are counted apart.
     */
    private static final java.util.concurrent.atomic.AtomicInteger FETCHES = new java.util.concurrent.atomic.AtomicInteger();
    private static final KqlOptions OFFLINE = KqlOptions.DEFAULT.withFetcher(u -> {
        FETCHES.incrementAndGet();
        return new java.io.ByteArrayInputStream(new byte[0]);
    });

    private record Outcome(String file, String text, String error, int errorLine, Throwable crash, ResultTable result,
            boolean fetched) {
        boolean ran() {
            return result != null;
        }
    }

    @Test
    void publishedQueriesRunAndMatchTheAnalyzersSchema() throws IOException {
        Path dir = corpus();
        if (dir == null) {
            System.out.println("PublishedHuntingQueriesTest skipped: the KQL corpus is absent (expected"
                    + " ../shared/corpora/kql/queries beside the repository)");
        }
        Assumptions.assumeTrue(dir != null, "the KQL corpus is absent");
        List<Outcome> outcomes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".kql")).sorted().toList()) {
                outcomes.add(run(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8)));
            }
        }
        int m = outcomes.size();
        int ran = (int) outcomes.stream().filter(Outcome::ran).count();
        int[] asRules = loadAsRules(dir, outcomes);
        StringBuilder report = new StringBuilder();
        report.append(String.format("kql corpus (in-process): %d/%d load as detection rules (%d streamed, %d scheduled),"
                + " %d/%d run (%d of them with remote externaldata read as empty: the test sends no traffic)%n",
                asRules[0] + asRules[1], m, asRules[0], asRules[1], ran, m,
                outcomes.stream().filter(Outcome::fetched).count()));

        List<Throwable> crashes = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.crash() != null) {
                crashes.add(o.crash());
                report.append("  CRASH ").append(o.file()).append(": ").append(o.crash()).append('\n');
            }
        }

        KustoOracle.Found found = KustoOracle.find();
        List<KustoOracle.Verdict> verdicts = null;
        int acceptedAndRun = -1;
        int sameSchema = -1;
        List<String> wronglyAccepted = new ArrayList<>();
        if (found.oracle() == null) {
            report.append("analyzer: unavailable (").append(found.reason()).append(")\n");
        } else {
            verdicts = found.oracle().analyze(outcomes.stream().map(Outcome::text).toList());
            int accepted = 0;
            acceptedAndRun = 0;
            sameSchema = 0;
            List<String> mismatches = new ArrayList<>();
            Map<String, Integer> rejections = new LinkedHashMap<>();
            int bothReject = 0;
            int sameLine = 0;
            for (int i = 0; i < m; i++) {
                Outcome o = outcomes.get(i);
                KustoOracle.Verdict v = verdicts.get(i);
                if (!v.accepted()) {
                    KustoOracle.Diagnostic d = v.firstError();
                    rejections.merge(d == null ? "?" : d.code() + " " + d.message(), 1, Integer::sum);
                    if (o.error() != null) {
                        bothReject++;
                        sameLine += d != null && d.line() == o.errorLine() ? 1 : 0;
                    }
                    if (o.error() == null && o.crash() == null && !onlyBareFileProfileArguments(o.text(), v)) {
                        wronglyAccepted.add(o.file() + " (analyzer: " + v.firstError() + ")");
                    }
                    continue;
                }
                accepted++;
                if (!o.ran()) {
                    continue;
                }
                acceptedAndRun++;
                List<KustoOracle.Col> ours = columns(o.result());
                if (ours.equals(v.columns())) {
                    sameSchema++;
                } else {
                    mismatches.add(o.file() + "\n" + difference(ours, v.columns()));
                }
            }
            report.append(String.format("analyzer accepts %d/%d; of those Hookline runs %d; same result schema"
                    + " (names, types, order): %d%n", accepted, m, acceptedAndRun, sameSchema));
            report.append("first schema mismatches:\n");
            mismatches.stream().limit(20).forEach(s -> report.append("  ").append(s).append('\n'));
            report.append("the analyzer's reasons for rejecting, most frequent first:\n");
            rank(rejections, 15, report);
            report.append(String.format("both reject: %d, Hookline's first error on the analyzer's line: %d%n",
                    bothReject, sameLine));
            report.append(String.format("analyzer rejects but Hookline runs: %d%n", wronglyAccepted.size()));
            wronglyAccepted.stream().limit(20).forEach(s -> report.append("  ").append(s).append('\n'));
        }

        Map<String, Integer> firstErrors = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            if (o.error() != null) {
                firstErrors.merge(o.error(), 1, Integer::sum);
            }
        }
        report.append("Hookline's first errors, most frequent first:\n");
        rank(firstErrors, 30, report);
        if (Boolean.getBoolean("kql.corpus.verbose") || System.getenv("KQL_CORPUS_VERBOSE") != null) {
            for (int i = 0; i < m; i++) {
                Outcome o = outcomes.get(i);
                if (o.error() != null) {
                    String verdict = verdicts == null ? "" : verdicts.get(i).accepted() ? " [analyzer accepts]"
                            : " [analyzer rejects: " + verdicts.get(i).firstError() + "]";
                    report.append("  FAIL ").append(o.file()).append(verdict).append(": ").append(o.error())
                            .append('\n');
                }
            }
        }
        System.out.print(report);

        assertTrue(crashes.isEmpty(), "every failure is a KqlException with line and column; crashes: " + crashes);
        assertTrue(ran >= RUN_FLOOR, "run " + ran + " < floor " + RUN_FLOOR);
        assertTrue(asRules[0] + asRules[1] >= RULES_FLOOR, "load as rules " + (asRules[0] + asRules[1]) + " < floor "
                + RULES_FLOOR);
        if (found.oracle() != null) {
            assertEquals(List.of(), wronglyAccepted, "queries Microsoft's analyzer rejects must get a KqlException");
            assertTrue(acceptedAndRun >= ACCEPTED_AND_RUN_FLOOR,
                    "accepted and run " + acceptedAndRun + " < floor " + ACCEPTED_AND_RUN_FLOOR);
            assertTrue(sameSchema >= SAME_SCHEMA_FLOOR, "same schema " + sameSchema + " < floor " + SAME_SCHEMA_FLOOR);
            // issue #25: every analyzer-accepted query that runs gives Kusto's exact result schema
            assertEquals(acceptedAndRun, sameSchema, "accepted queries that run without the analyzer's schema");
        }
    }

    /**
     * The Microsoft Sentinel analytic rules copied from Azure-Sentinel (their `query:` fields): each must load as a
     * rule (streamed or scheduled) and run when the analyzer accepts it, with the analyzer's result schema.
     */
    @Test
    void sentinelAnalyticRulesThatTheAnalyzerAcceptsRunAsRules() throws IOException {
        Path dir = corpus() == null ? null : corpus().resolveSibling("azure-sentinel-copied");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir), "the Sentinel analytic rules are absent");
        List<Outcome> outcomes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".kql")).sorted().toList()) {
                outcomes.add(run(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8)));
            }
        }
        int m = outcomes.size();
        int ran = (int) outcomes.stream().filter(Outcome::ran).count();
        int[] asRules = loadAsRules(dir, outcomes);
        StringBuilder report = new StringBuilder(String.format("Sentinel analytic rules: %d/%d run, %d/%d load as"
                + " rules (%d streamed, %d scheduled)%n", ran, m, asRules[0] + asRules[1], m, asRules[0], asRules[1]));
        KustoOracle.Found found = KustoOracle.find();
        List<String> problems = new ArrayList<>();
        if (found.oracle() != null) {
            List<KustoOracle.Verdict> verdicts = found.oracle().analyze(outcomes.stream().map(Outcome::text).toList());
            int accepted = 0;
            for (int i = 0; i < m; i++) {
                Outcome o = outcomes.get(i);
                KustoOracle.Verdict v = verdicts.get(i);
                if (!v.accepted()) {
                    report.append("  analyzer rejects ").append(o.file()).append(": ").append(v.firstError())
                            .append('\n');
                    if (o.ran()) {
                        problems.add(o.file() + " runs but the analyzer rejects it");
                    }
                    continue;
                }
                accepted++;
                if (!o.ran()) {
                    problems.add(o.file() + ": " + o.error());
                } else if (!columns(o.result()).equals(v.columns())) {
                    problems.add(o.file() + "\n" + difference(columns(o.result()), v.columns()));
                }
            }
            report.append(String.format("  analyzer accepts %d/%d%n", accepted, m));
        }
        outcomes.stream().filter(o -> o.error() != null)
                .forEach(o -> report.append("  fails ").append(o.file()).append(": ").append(o.error()).append('\n'));
        System.out.print(report);
        assertEquals(List.of(), problems, "analyzer-accepted Sentinel rules must run with the analyzer's schema");
        assertTrue(ran >= SENTINEL_RUN_FLOOR, "Sentinel rules run " + ran + " < floor " + SENTINEL_RUN_FLOOR);
        assertTrue(asRules[0] + asRules[1] >= SENTINEL_RULES_FLOOR, "Sentinel rules loaded " + (asRules[0]
                + asRules[1]) + " < floor " + SENTINEL_RULES_FLOOR);
    }

    /**
     * Defender's own parser takes a bare column as FileProfile()'s argument (`invoke FileProfile(SHA1, 1000)`);
     * the analyzer evaluates invoke arguments outside the row and rejects it. Such a query may run here.
     */
    static boolean onlyBareFileProfileArguments(String text, KustoOracle.Verdict v) {
        java.util.Set<String> args = new java.util.HashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("FileProfile\\(\\s*(\\w+)").matcher(text);
        while (m.find()) {
            args.add(m.group(1));
        }
        for (KustoOracle.Diagnostic d : v.diagnostics()) {
            if (d.severity().equals("Error") && !(d.code().equals("KS142")
                    && args.stream().anyMatch(a -> d.message().startsWith("The name '" + a + "' ")))) {
                return false;
            }
        }
        return !args.isEmpty();
    }

    private static void rank(Map<String, Integer> counts, int limit, StringBuilder report) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(limit).forEach(e -> report.append(String.format("  %4d  %s%n", e.getValue(), e.getKey())));
    }

    /** {streamed, scheduled}: the queries `hookline rules check` accepts, as the corpus's run.sh counts them. */
    private static int[] loadAsRules(Path dir, List<Outcome> outcomes) {
        RuleLoader loader = new RuleLoader();
        int[] n = new int[2];
        for (Outcome o : outcomes) {
            try {
                Rule r = loader.parse(dir.resolve(o.file()).toString(), o.text(), o.file());
                Detector d = new Detector(List.of(r), Tuning.NONE, a -> { });
                n[d.scheduled().isEmpty() ? 0 : 1]++;
            } catch (RuleException e) {
                // not a rule; the run figures say why
            }
        }
        return n;
    }

    /** Compiles and runs one query; a KqlException is an expected failure, anything else a crash. */
    private static Outcome run(String file, String text) {
        try {
            int before = FETCHES.get();
            CompiledQuery q = Kql.compile(text, OFFLINE);
            ResultTable r = q.run(CorpusEvents.source(), CorpusEvents.NOW);
            return new Outcome(file, text, null, 0, null, r, FETCHES.get() != before);
        } catch (KqlException e) {
            String msg = e.getMessage().replaceFirst("^line \\d+, column \\d+: ", "");
            return new Outcome(file, text, msg, e.line(), null, null, false);
        } catch (RuntimeException | StackOverflowError e) {
            return new Outcome(file, text, null, 0, e, null, false);
        }
    }

    /** The two schemas from their first difference to their last (a table's 60-odd columns hide a one-off). */
    static String difference(List<KustoOracle.Col> ours, List<KustoOracle.Col> theirs) {
        if (theirs == null) {
            return "      analyzer: not a table; hookline: " + ours;
        }
        int head = 0;
        while (head < ours.size() && head < theirs.size() && ours.get(head).equals(theirs.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < ours.size() - head && tail < theirs.size() - head
                && ours.get(ours.size() - 1 - tail).equals(theirs.get(theirs.size() - 1 - tail))) {
            tail++;
        }
        String at = "      from column " + (head + 1) + (tail > 0 ? " (then " + tail + " alike)" : "");
        return at + "\n      hookline: " + ours.subList(head, ours.size() - tail) + "\n      analyzer: "
                + theirs.subList(head, theirs.size() - tail);
    }

    static List<KustoOracle.Col> columns(ResultTable r) {
        List<KustoOracle.Col> cols = new ArrayList<>();
        for (int i = 0; i < r.columnNames().size(); i++) {
            cols.add(new KustoOracle.Col(r.columnNames().get(i), r.columnTypes().get(i)));
        }
        return cols;
    }

    /** ../shared/corpora/kql/queries beside the repository (tests run in agent/), or the kql.corpus property. */
    private static Path corpus() {
        String prop = System.getProperty("kql.corpus");
        for (Path p : new Path[] {prop == null ? null : Path.of(prop), Path.of("../../shared/corpora/kql/queries"),
                Path.of("../shared/corpora/kql/queries")}) {
            if (p != null && Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }
}

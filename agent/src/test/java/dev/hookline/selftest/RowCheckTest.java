package dev.hookline.selftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.collector.Collector;
import dev.hookline.collector.CollectorContext;
import dev.hookline.collector.CollectorProvider;
import dev.hookline.config.AgentConfig;
import dev.hookline.config.ConfigLoader;
import dev.hookline.config.KnownCollectors;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The self-test's matching, bound and report over rows from a fake agent (no kernel needed). */
class RowCheckTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_800_000_000_000L * MS;
    private static final long ACTOR = 4242;
    private static final Actions A = new Actions(ACTOR, 4243, "hookline-selftest-0a0b0c0d", 40123,
            "/tmp/hookline-selftest-99", "hookline-selftest-0a0b0c0d.txt", "hookline-selftest-0a0b0c0d-renamed.txt",
            T0, T0 + 100 * MS, T0 + 200 * MS, T0 + 300 * MS, T0 + 400 * MS, T0 + 500 * MS);

    /** What the selftest knows before acting: the rows are read while the actions run. */
    private static final Actions PLAN = Actions.plan(ACTOR, A.marker(), A.port(), Path.of(A.dir()), T0);

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<Map<String, Object>> allRows(long initiator) {
        String dir = A.dir() + "/";
        return List.of(
                row("ActionType", "ProcessCreated", "ProcessCommandLine", "/bin/sh -c \"exit 0\" " + A.marker(),
                        "InitiatingProcessId", initiator),
                row("ActionType", "ConnectionSuccess", "RemoteIP", "127.0.0.1", "RemotePort", 40123,
                        "InitiatingProcessId", initiator),
                row("ActionType", "FileCreated", "FileName", A.createdName(), "FolderPath", dir + A.createdName(),
                        "InitiatingProcessId", initiator),
                row("ActionType", "FileModified", "FileName", A.createdName(), "FolderPath", dir + A.createdName(),
                        "InitiatingProcessId", initiator),
                row("ActionType", "FileRenamed", "FileName", A.renamedName(), "FolderPath", dir + A.renamedName(),
                        "PreviousFileName", A.createdName(), "InitiatingProcessId", initiator),
                row("ActionType", "FileDeleted", "FileName", A.renamedName(), "FolderPath", dir + A.renamedName(),
                        "InitiatingProcessId", initiator));
    }

    /** A fake agent: the rows of the table the query names; the clock moves 50 ms per query. */
    private static RowSource agentWith(List<Map<String, Object>> rows, AtomicLong clock, List<String> queries) {
        return kql -> {
            queries.add(kql);
            clock.addAndGet(50 * MS);
            String table = kql.substring(0, kql.indexOf(' '));
            return rows.stream().filter(r -> tableOf(r).equals(table)).toList();
        };
    }

    private static String tableOf(Map<String, Object> r) {
        String a = (String) r.get("ActionType");
        return a.startsWith("Process") ? Expected.PROCESSES : a.startsWith("Connection") ? Expected.NETWORK
                : Expected.FILES;
    }

    @Test
    void everyExpectedRowFromTheActorIsSeenWithItsLatency() throws Exception {
        AtomicLong clock = new AtomicLong(T0 + 600 * MS);
        List<String> queries = new ArrayList<>();
        List<Outcome> out = new RowCheck(agentWith(allRows(ACTOR), clock, queries), clock::get)
                .await(PLAN, CompletableFuture.completedFuture(A), Duration.ofSeconds(5));
        assertEquals(6, out.size());
        assertTrue(out.stream().allMatch(Outcome::seen), out.toString());
        assertEquals(650, out.get(0).latencyMs(), "first query's answer 650 ms after the process action");
        assertEquals(3, queries.size(), "one query per table, all found at the first poll");
        assertTrue(queries.get(0).contains("ProcessCommandLine contains \"" + A.marker() + "\""), queries.get(0));
    }

    @Test
    void rowsAreReadWhileTheActionsRunAndTheLatencyIsTakenAgainstTheirRealTimes() throws Exception {
        AtomicLong clock = new AtomicLong(T0);
        CompletableFuture<Actions> acting = new CompletableFuture<>();
        List<String> queries = new ArrayList<>();
        RowSource agent = agentWith(allRows(ACTOR), clock, queries);
        RowSource finishingAfterTwoQueries = kql -> {
            if (queries.size() == 2) {
                acting.complete(A);
            }
            return agent.query(kql);
        };
        List<Outcome> out = new RowCheck(finishingAfterTwoQueries, clock::get)
                .await(PLAN, acting, Duration.ofSeconds(5));
        assertTrue(out.stream().allMatch(Outcome::seen), out.toString());
        assertEquals(50, out.get(0).latencyMs(), "seen at the first query, 50 ms after the process action");
        assertEquals(0, out.get(5).latencyMs(), "seen before the delete's recorded time: not negative");
        assertEquals(A.deleteAt(), out.get(5).expected().actionAt(), "the real times, not the plan's");
    }

    @Test
    void rowsFromAnotherInitiatorAreMissesAndShownAsTheNearestRows() throws Exception {
        AtomicLong clock = new AtomicLong(T0 + 600 * MS);
        List<Map<String, Object>> rows = new ArrayList<>(allRows(ACTOR));
        rows.set(0, row("ActionType", "ProcessCreated", "ProcessCommandLine", "sh " + A.marker(),
                "InitiatingProcessId", 1L));
        List<Outcome> out = new RowCheck(agentWith(rows, clock, new ArrayList<>()), clock::get)
                .await(PLAN, CompletableFuture.completedFuture(A), Duration.ofMillis(400));
        Outcome process = out.get(0);
        assertFalse(process.seen());
        assertEquals(1, process.nearest().size());
        assertEquals(1L, process.nearest().get(0).get("InitiatingProcessId"));
        assertTrue(clock.get() > A.deleteAt() + 400 * MS, "polled until the bound after the last action");
    }

    @Test
    void aMissingFileRowIsNamedWithWhatWasSeenInsteadAndAHint() throws Exception {
        AtomicLong clock = new AtomicLong(T0 + 600 * MS);
        List<Map<String, Object>> rows = new ArrayList<>(allRows(ACTOR));
        rows.remove(4); // no FileRenamed
        List<Outcome> out = new RowCheck(agentWith(rows, clock, new ArrayList<>()), clock::get)
                .await(PLAN, CompletableFuture.completedFuture(A), Duration.ofMillis(200));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        SelftestReport.print(new PrintStream(buf, true, StandardCharsets.UTF_8), List.of("header"), out, 200,
                Selftest.missHints(out, Path.of(A.dir())));
        String text = buf.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("5 of 6 expected rows seen"), text);
        assertTrue(text.contains("MISSING DeviceFileEvents FileRenamed " + A.createdName() + " -> " + A.renamedName()),
                text);
        assertTrue(text.contains("ActionType=FileDeleted FileName=" + A.renamedName()), "nearest rows: " + text);
        assertTrue(text.contains("hint: the file rows were for " + A.dir()), text);
    }

    /** A collectors module's provider with a file collector's exclusion settings, as linux-fanotify has. */
    record FileSettings(List<String> excludePaths, List<String> excludeMounts) {
    }

    private static AgentConfig parse(String yaml) throws Exception {
        return ConfigLoader.parse(yaml, "test", known());
    }

    private static KnownCollectors known() {
        CollectorProvider files = new CollectorProvider() {
            @Override
            public String name() {
                return "linux-fanotify";
            }

            @Override
            public String unsupportedReason() {
                return null;
            }

            @Override
            public Collector create(CollectorContext context) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Record defaultSettings() {
                return new FileSettings(List.of(), List.of());
            }
        };
        return KnownCollectors.of(List.of(files));
    }

    @Test
    void aConfigThatExcludesTheScratchDirIsNamedBeforeActing() throws Exception {
        AgentConfig c = parse("collectors:\n  linux-fanotify:\n    exclude_paths: [/proc, /var/tmp]\n");
        List<String> hints = Selftest.coverageHints(c, Path.of("/var/tmp"));
        assertEquals(1, hints.size(), hints.toString());
        assertTrue(hints.get(0).startsWith("collectors.linux-fanotify.exclude_paths has /var/tmp"), hints.get(0));
        assertTrue(Selftest.coverageHints(c, Path.of("/srv/scratch")).isEmpty());
    }

    @Test
    void theInProcessAgentKeepsTheCollectorSettingsAndNothingElseOfTheConfig() throws Exception {
        AgentConfig user = parse("control:\n  socket: /run/other.sock\ncollectors:\n  linux-fanotify:\n"
                + "    exclude_paths: [/srv]\n");
        Path tmp = Path.of("/tmp/hookline-selftest-agent-x");
        AgentConfig c = Selftest.inProcessConfig(user, tmp, known());
        assertEquals(tmp.resolve("control.sock"), c.control().socket());
        assertFalse(c.store().enabled());
        assertEquals(List.of("/srv"), c.collector("linux-fanotify").get("exclude_paths"));
    }
}
